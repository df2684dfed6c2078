"""`storykit check` and `storykit captions`: every story loaded and its text made as the build
makes it, its photos looked at, short of drawing the cards; nothing is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from storykit.builder.job import StoryJob
from storykit.builder.kinds import Phase, plan_story
from storykit.builder.kinds.base import Shown, StoryKind
from storykit.builder.kinds.cards import CardOutput, card_request
from storykit.builder.kinds.prints import PrintKind, PrintOutput
from storykit.builder.kinds.text import CaptionMade
from storykit.builder.plan import Output
from storykit.builder.project import story_paths_of
from storykit.builder.report import Report, StoryResult
from storykit.builder.session import Session, open_session
from storykit.cards.batch import CardNote, enlarge_notes
from storykit.cards.photo import PhotoInfo
from storykit.cards.review import photo_notes, review_photo
from storykit.digests import Recorder
from storykit.errors import ArgumentError, Problem, StorykitError
from storykit.load.platforms import platform_named
from storykit.load.project import story_paths
from storykit.outputs.adoptsites.checks import load_checked
from storykit.outputs.captions import Caption
from storykit.reels.check import check_video

# what `check` cannot know without drawing the cards, which `build` does
NOT_CHECKED = "how text fits on cards and whether their fonts have every character"


def check(root: Path, slugs: tuple[str, ...] = (), today: dt.date | None = None) -> Report:
    """Check the project at *root* (the stories named, or all of them)."""
    report = Report()
    session = open_session(root, today, report.problems)
    if session is not None:
        paths = story_paths_of(session, slugs, report)
        if paths is not None:
            check_stories(session, paths, report)
    return report


def check_stories(session: Session, paths: list[Path], report: Report) -> None:
    """Every story loaded and checked; their results go in *report*."""
    for path in paths:
        loaded = load_checked(path, session.project, session.today)
        result = StoryResult(loaded.slug, loaded.path, problems=list(loaded.problems))
        report.stories.append(result)
        if not loaded.ok:
            continue
        try:
            job = StoryJob.prepare(session, loaded)
        except StorykitError as err:
            result.problems.extend(err.problems)
            continue
        result.problems.extend(job.problems)
        check_story(session, job, result)


def check_story(session: Session, job: StoryJob, result: StoryResult) -> None:
    """Everything `build` would say about one valid story, short of drawing its cards:
    its text made (its captions go in *result*), its photos looked at, its print outputs
    foreseen, its clips and music."""
    planned = plan_story(job.story, session.project.config, session.platforms)
    try:
        for kind, out in planned:
            if kind.phase is not Phase.TEXT:
                continue
            recorder = Recorder(session.last_build().hashes)
            made = kind.render(job, out, Shown.nothing(recorder))
            result.problems.extend(made.problems)
            if isinstance(made, CaptionMade) and made.caption is not None:
                result.captions.append(made.caption)
                result.problems.extend(job.fold_problems(made.caption.text, made.caption.platform))
    except StorykitError as err:
        result.problems.extend(err.problems)
        return
    cards = [out for _, out in planned if isinstance(out, CardOutput)]
    result.problems.extend(check_photos(session, job, cards))
    result.problems.extend(check_prints(session, job, planned))
    project = session.project
    result.problems.extend(
        check_video(
            project.config,
            job.story,
            job.loaded.path,
            job.loaded.doc,
            project.root,
            project.config_doc,
            [p.platform.name for p in session.platforms],
        )
    )


def check_prints(
    session: Session, job: StoryJob, planned: list[tuple[StoryKind[Any], Output]]
) -> list[Problem]:
    """What `build` says about the story's flyer and kennel cards, short of drawing them: a
    QR code with no link (and what prints instead), characters no font can print, photos
    that print soft (from their size: the framing may show less of one)."""
    found: list[Problem] = []
    for kind, out in planned:
        if isinstance(kind, PrintKind) and isinstance(out, PrintOutput):
            try:
                found.extend(kind.foresee(job, out, session.style))
            except StorykitError as err:  # a print template's mistake; a damaged photo
                found.extend(job.at_photo_lines(err.problems))  # (said once with the photos)
    return found


def check_photos(session: Session, job: StoryJob, cards: list[CardOutput]) -> list[Problem]:
    """What `build` says about a story's photos and cards short of drawing them, in the
    same words: a damaged photo, its colour profile's notes, a photo too small for its
    place on a card; and what was seen in it (the animals, as the build's index has them or
    as found now; a photo too dark or blurred to post)."""
    infos: dict[Path, PhotoInfo] = {}
    notes: list[CardNote] = []
    damaged: list[Problem] = []
    seen: list[Problem] = []
    searching = session.project.config.cards.find_animals
    for i, photo in enumerate(job.story.photos):
        path = job.folder / photo.file
        search = searching and photo.focus is None and photo.subject is None
        try:
            review = review_photo(path, search, job.found)
        except StorykitError as err:
            damaged.extend(err.problems)
            continue
        infos[path] = review.info
        notes.extend(CardNote(n, photo=str(path)) for n in review.notes)
        where = job.photo_line(i)
        seen.extend(
            Problem(where, f"{photo.file}: {s.message}", s.hint, s.severity)
            for s in photo_notes(photo, job.story, review.found, review.looks, session.today)
        )
    if damaged:
        return job.at_photo_lines(damaged)
    try:
        requests = [card_request(job, out, session.style)[0] for out in cards]
    except StorykitError as err:
        return [*seen, *err.problems]
    notes.extend(enlarge_notes(requests, infos))
    return [*seen, *job.note_problems(notes)]


def story_captions(
    root: Path, slug: str, today: dt.date | None, platform: str | None = None
) -> list[Caption]:
    """The fitted captions of one story (one platform's, if named); problems are raised."""
    problems: list[Problem] = []
    session = open_session(root, today, problems)
    if session is None or any(p.is_error for p in problems):
        raise StorykitError(problems)
    if platform is not None:
        session.platforms = [platform_named(platform, session.platforms)]
    try:
        paths = story_paths(session.project, (slug,))
    except ArgumentError as err:  # the one story named, as this function calls it
        raise ArgumentError("slug", err.message, err.hint) from None
    report = Report()
    check_stories(session, paths, report)
    (result,) = report.stories
    if result.failed:
        raise StorykitError(result.problems)
    return result.captions
