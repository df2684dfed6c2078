"""The pipeline: load -> validate -> plan outputs -> render -> write, one story at a time."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storykit import __version__
from storykit.build.index import (
    Index,
    Survey,
    global_key,
    output_intact,
    problem_from_data,
    problem_to_data,
    record_problems,
)
from storykit.build.state import (
    build_lock,
    previous_files,
    remove_listed,
    remove_orphans,
    remove_temp_files,
)
from storykit.build.workers import CardQueue, Outcome
from storykit.cards import CardRequest, CardStyle
from storykit.cards.batch import CardNote, enlarge_notes
from storykit.cards.photo import PhotoInfo, verify
from storykit.digests import Hashes, digest, stat_of
from storykit.errors import Location, Problem, StorykitError
from storykit.fsutil import write_atomic
from storykit.load.model import Config
from storykit.load.project import LoadedStory, Project, load_project, load_story, story_paths
from storykit.load.root import find_root
from storykit.messages import merged
from storykit.outputs import feeds
from storykit.outputs.adoptsites import listing_problems
from storykit.outputs.captions import Caption
from storykit.outputs.context import make_templates, story_context, with_headline
from storykit.outputs.jinja import Templates
from storykit.outputs.layouts import load_layouts
from storykit.outputs.plan import Output, PlatformPlan, plan_story, resolve_platforms
from storykit.outputs.site import site_index
from storykit.outputs.story import StoryRender
from storykit.text.counting import Measure, measure


@dataclass
class StoryResult:
    """What happened to one story: the files it has, and the problems found in it."""

    slug: str
    path: Path
    built: bool = False
    files: list[dict[str, Any]] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


@dataclass
class Report:
    """The outcome of a build or check: every story's result and the project's own problems."""

    stories: list[StoryResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    rendered: list[str] = field(default_factory=list)  # outputs made again, from output/

    @property
    def all_problems(self) -> list[Problem]:
        """Every problem once: one found on several cards names them all."""
        return merged([*self.problems, *(p for s in self.stories for p in s.problems)])

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.all_problems)


@dataclass
class Session:
    """What one run shares across stories: project, date, platforms, templates, layouts."""

    project: Project
    today: dt.date
    platforms: list[PlatformPlan]
    templates: Templates
    layouts: dict[str, Any]
    cards: CardQueue
    index: Index | None = None


def open_session(
    root: Path,
    today: dt.date | None,
    report: Report,
    jobs: int | None = None,
    cards: CardQueue | None = None,
) -> Session | None:
    """Load storykit.yaml and the templates; None (with problems in *report*) if unusable.

    A broken storykit.yaml still gives a session (on the defaults), so that the stories
    are checked too and every problem is reported in one run; the report then fails.
    """
    project, problems = load_project(root)
    report.problems.extend(problems)
    try:
        platforms = resolve_platforms(project.config)
        templates = make_templates(project.templates_dir, project.today(today))
        layouts = load_layouts(project.templates_dir)
    except StorykitError as err:
        report.problems.extend(err.problems)
        return None
    queue = cards or CardQueue(jobs)
    return Session(project, project.today(today), platforms, templates, layouts, queue)


def card_style(project: Project) -> CardStyle:
    cards = project.config.cards
    brand = project.config.brand

    def font(path: str | None) -> Path | None:
        return project.root / path if path else None

    return CardStyle(
        primary=brand.primary,
        accent=brand.accent,
        text=brand.text,
        font_regular=font(cards.fonts.regular),
        font_bold=font(cards.fonts.bold),
        fallback_fonts=tuple(project.root / f for f in cards.fonts.fallback),
        format=cards.format,
        quality=cards.quality,
        max_upscale=cards.max_upscale,
    )


def manifest(loaded: LoadedStory, today: dt.date, entries: list[dict[str, Any]]) -> bytes:
    story = loaded.story
    assert story is not None
    data = {
        "slug": loaded.slug,
        "title": story.title,
        "status": story.status,
        "date": today.isoformat(),
        "storykit": __version__,
        "files": [_entry_order(e) for e in entries],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def _entry_order(entry: dict[str, Any]) -> dict[str, Any]:
    """path and kind first, then the rest by name: the same bytes whether an entry was just
    made or read back from the index (which stores keys sorted)."""
    first = {k: entry[k] for k in ("path", "kind") if k in entry}
    return {**first, **{k: entry[k] for k in sorted(entry) if k not in first}}


# what `check` cannot know without drawing the cards, which `build` does
NOT_CHECKED = "how text fits on cards and whether their fonts have every character"


def check_photos(
    session: Session, renderer: StoryRender, outputs: list[Output], result: StoryResult
) -> None:
    """What `build` says about a story's photos and cards short of drawing them, in the
    same words: a damaged photo (each is decoded as cheaply as it can be: a JPEG at 1/8),
    its colour profile's notes, and a photo too small for its place on a card."""
    infos: dict[Path, PhotoInfo] = {}
    notes: list[CardNote] = []
    damaged: list[Problem] = []
    for photo in renderer.story.photos:
        path = renderer.loaded.path.parent / photo.file
        try:
            infos[path], found = verify(path)
        except StorykitError as err:
            damaged.extend(err.problems)
            continue
        notes.extend(CardNote(n, photo=str(path)) for n in found)
    result.problems.extend(renderer.at_photo_lines(damaged))
    if damaged:
        return
    try:
        style = card_style(session.project)
        requests = [renderer.card_request(o, style)[0] for o in outputs if o.kind == "card"]
    except StorykitError as err:
        result.problems.extend(err.problems)
        return
    notes.extend(enlarge_notes(requests, infos))
    result.problems.extend(renderer.note_problems(notes))


def build_story(
    session: Session,
    loaded: LoadedStory,
    result: StoryResult,
    writer: Writer | None,
) -> None:
    """Plan, render and write one valid story into output/<slug>/ (only check if no writer).

    Outputs whose fingerprint (what they are made from) is the one recorded last time, and
    whose file is intact, are not rendered again. The story's cards and web-size photos go
    to the card queue first, as one batch, so the workers are busy while its captions and
    blurbs are written here; story.json and the story's record come when both are done.
    """
    story = loaded.story
    assert story is not None
    base = story_context(story, session.project.config, session.today, loaded.slug)
    try:
        story = loaded.story = with_headline(story, session.templates, base)
    except StorykitError as err:
        result.problems.extend(err.problems)
        return
    outputs = plan_story(story, session.project.config, session.platforms)
    renderer = StoryRender(
        session.project,
        session.templates,
        session.layouts,
        session.platforms,
        session.today,
        loaded,
        session.index.hashes
        if session.index and session.index.hashes
        else Hashes(session.project.root),
    )
    result.problems.extend(renderer.tag_problems)
    if writer is None:
        try:
            for out in outputs:
                if out.kind in ("blurb", "caption"):
                    made = renderer.text(out)
                    result.problems.extend(made.problems)
                    if made.caption is not None:
                        result.captions.append(made.caption)
        except StorykitError as err:
            result.problems.extend(err.problems)
            return
        check_photos(session, renderer, outputs, result)
        return
    StoryBuild(session, loaded, result, writer, outputs, renderer).start()


@dataclass(frozen=True)
class Staged:
    """An output made for a story and not yet written: its bytes and what to record."""

    data: bytes
    entry: dict[str, Any]
    fingerprint: str
    problems: list[Problem]
    summary: Any = None


@dataclass
class StoryBuild:
    """One story being written: its card batch in the queue, its text outputs here."""

    session: Session
    loaded: LoadedStory
    result: StoryResult
    writer: Writer
    outputs: list[Output]
    renderer: StoryRender
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    todo: list[tuple[Output, CardRequest, dict[str, Any], str]] = field(default_factory=list)
    webs: list[tuple[Output, str]] = field(default_factory=list)
    outcome: Outcome | None = None  # what the card queue made
    pending: int = 2  # the card batch and the text outputs
    staged: dict[str, Staged] = field(default_factory=dict)  # made, not yet written

    @property
    def folder(self) -> Path:
        return self.session.project.output_dir / self.loaded.slug

    def old(self, path: str) -> dict[str, Any] | None:
        index = self.session.index
        return (
            (index.stories.get(self.loaded.slug) or {}).get("outputs", {}) if index else {}
        ).get(path)

    def reusable(self, path: str, fingerprint: str) -> bool:
        return _reusable(self.old(path), fingerprint, self.folder / path)

    def reuse(self, path: str) -> None:
        old = self.old(path)
        assert old is not None
        self.records[path] = old
        self.writer.unchanged()
        root = self.session.project.root
        self.result.problems.extend(problem_from_data(p, root) for p in old.get("problems", []))

    def write(
        self,
        path: str,
        data: bytes,
        entry: dict[str, Any],
        fingerprint: str,
        problems: list[Problem],
        summary: Any = None,
    ) -> None:
        """Stage an output: it is written with the story's others, or not at all."""
        self.result.problems.extend(problems)
        self.staged[path] = Staged(data, entry, fingerprint, problems, summary)
        self.records[path] = {"fp": fingerprint, "entry": entry}

    def read(self, path: str) -> bytes:
        """One of the story's outputs as this build has it: staged, else on disk."""
        staged = self.staged.get(path)
        return staged.data if staged is not None else (self.folder / path).read_bytes()

    def commit(self) -> None:
        """Write every staged output, each atomically, once the whole story has succeeded."""
        for path, made in self.staged.items():
            record = self.writer.write(
                self.folder / path, made.data, made.entry, made.fingerprint, made.problems
            )
            if made.summary is not None:
                record["summary"] = made.summary
            self.records[path] = record
        self.staged.clear()

    def start(self) -> None:
        """Send the cards and web photos that must be made again; write the text outputs."""
        renderer, outputs = self.renderer, self.outputs
        try:
            style = card_style(self.session.project)
            cards = [
                (out, *renderer.card_request(out, style)) for out in outputs if out.kind == "card"
            ]
            copies = [renderer.photo_copy(out) for out in outputs if out.kind == "photo"]
            batch = renderer.batch_digest([r for _, r, _, _ in cards], copies)  # reads photos
        except StorykitError as err:
            self.result.problems.extend(renderer.at_photo_lines(err.problems))
            return
        if self.result.failed:
            return
        # every card and copy of the story is made from the same decodes (one per photo, at
        # the scale all of them need), so each one's bytes depend on the whole batch too
        self.todo = [(o, r, e, digest(fp, batch)) for o, r, e, fp in cards]
        self.webs = [
            (o, renderer.photo_fingerprint(o, batch)) for o in outputs if o.kind == "photo"
        ]
        for out, *_, fingerprint in [*self.todo, *self.webs]:
            if self.reusable(out.path, fingerprint):
                self.reuse(out.path)
        self.todo = [c for c in self.todo if c[0].path not in self.records]
        self.webs = [w for w in self.webs if w[0].path not in self.records]
        make = {out.path for out, *_ in [*self.todo, *self.webs]}
        if make:
            requests = [r for _, r, _, _ in cards]
            self.session.cards.submit(requests, copies, make, self.cards_done)
        else:
            self.cards_done(([], []))
        try:
            self.write_text()
        except StorykitError as err:
            self.result.problems.extend(err.problems)
        self.part_done()

    def cards_done(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.part_done()

    def write_text(self) -> None:
        for out in self.outputs:
            if out.kind not in ("blurb", "caption"):
                continue
            fingerprint = self.renderer.text_fingerprint(out)
            if self.reusable(out.path, fingerprint):
                self.reuse(out.path)
                continue
            made = self.renderer.text(out)
            if made.caption is not None:
                self.result.captions.append(made.caption)
            self.write(out.path, made.data, made.entry, fingerprint, made.problems)

    def part_done(self) -> None:
        """When both the card batch and the text outputs are done: write the cards, finish."""
        self.pending -= 1
        if self.pending:
            return
        outcome = self.outcome
        if outcome and isinstance(outcome[0], Problem):
            self.result.problems.extend(self.renderer.at_photo_lines(outcome))
        if self.result.failed:
            return  # nothing more is written for a story that failed
        assert outcome is not None and not isinstance(outcome, list)
        made_cards, made_photos = outcome
        renderer = self.renderer
        for (out, _, entry, fingerprint), card in zip(self.todo, made_cards, strict=True):
            entry = {**entry, "width": card.width, "height": card.height}
            self.write(out.path, card.data, entry, fingerprint, renderer.card_problems(card))
        for (out, fingerprint), photo in zip(self.webs, made_photos, strict=True):
            entry = renderer.photo_entry(out, photo.width, photo.height)
            self.write(out.path, photo.data, entry, fingerprint, renderer.card_problems(photo))
        self.finish()

    def finish(self) -> None:
        """The page, listing and zip (from the outputs made); then, if nothing failed, every
        output is written, and story.json and the record after them."""
        records, folder = self.records, self.folder
        try:
            for out in self.outputs:
                if out.kind not in ("listing", "zip", "page"):
                    continue
                fingerprint = self.renderer.site_fingerprint(out, records)
                if self.reusable(out.path, fingerprint):
                    self.reuse(out.path)
                    continue
                shown = {o.path: records[o.path] for o in self.outputs if o.path in records}
                made = self.renderer.site(out, shown, self.read)
                self.write(
                    out.path, made.data, made.entry, fingerprint, made.problems, made.summary
                )
        except StorykitError as err:
            self.result.problems.extend(err.problems)
        if self.result.failed:
            return  # a story that failed keeps its last build's outputs, all of them
        self.commit()
        entries = [records[out.path]["entry"] for out in self.outputs if out.kind != "manifest"]
        entries.append({"path": "story.json", "kind": "manifest"})
        records["story.json"] = self.writer.write(
            folder / "story.json",
            manifest(self.loaded, self.session.today, entries),
            entries[-1],
            "",
            [],
        )
        self.result.files = entries
        self.result.built = True
        self.writer.record(self.loaded, records, self.session.today.isoformat())


UPLOAD_LIST = ".storykit/upload.json"  # the upload folders' files the last build wrote


def write_site_index(session: Session, writer: Writer, report: Report) -> None:
    """output/index.html, adoptable.csv, adoptable.json and upload/, from every built
    story's record; the upload folders' photos are copies of web photos already written."""
    output_dir = session.project.output_dir
    present = {p.stem: p for p in story_paths(session.project)}
    summaries, listed = [], []
    known = {**(session.index.stories if session.index else {}), **writer.records}
    for slug, record in sorted(known.items()):
        if slug not in present:
            continue
        outputs = record["outputs"]
        if "summary" in outputs.get("index.html", {}):
            summaries.append(outputs["index.html"]["summary"])
        listed.extend(outputs.get("listing.json", {}).get("summary", ()))
    try:
        made = site_index(
            summaries, listed, session.project.config, session.today, session.templates
        )
    except StorykitError as err:
        report.problems.extend(err.problems)
        return
    for name, data in made.files.items():
        writer.write(output_dir / name, data, {"path": name}, "", [])
    for name, source in made.uploads.photos.items():
        try:
            data = (output_dir / source).read_bytes()
        except OSError:
            continue  # its story failed this time: the next good build copies it
        writer.write(output_dir / name, data, {"path": name}, "", [])
    for slug, animal in made.uploads.clashes:
        report.problems.append(
            Problem(
                Location.of(present[slug]),
                f"the animal ID '{animal}' is already used in another story, so this one is "
                "left out of the upload folders",
                "give each animal its own id: (the shelter's ID for it)",
                "warning",
            )
        )
    config = session.project.config
    if made.uploads.petfinder_rows and not config.organisation.petfinder_id:
        report.problems.append(
            Problem(
                Location.of(session.project.config_path),
                "the Petfinder upload's data file is called petfinder.csv, because "
                "storykit.yaml has no organisation.petfinder_id",
                "add your Petfinder shelter ID: organisation: {petfinder_id: WI123}; "
                "Petfinder's import reads the file named by it",
                "warning",
            )
        )
    wrote = sorted([*made.files, *made.uploads.photos])
    listed_before = output_dir / UPLOAD_LIST
    try:
        before = set(json.loads(listed_before.read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        before = set()
    stale = {p for p in before - set(wrote) if p.startswith("upload/")}
    report.removed += remove_listed(output_dir, stale)
    if set(wrote) != before:
        write_atomic(listed_before, (json.dumps(wrote, indent=1) + "\n").encode())


def _reusable(prev: dict[str, Any] | None, fingerprint: str, path: Path) -> bool:
    return bool(prev) and prev["fp"] == fingerprint and output_intact(path, prev or {})


class Writer:
    """Writes outputs atomically, counts what changed, and keeps the index of what was made."""

    def __init__(self, report: Report, index: Index):
        self.report = report
        self.index = index
        self.records: dict[str, dict[str, Any]] = {}

    def unchanged(self) -> None:
        self.report.unchanged += 1

    def write(
        self,
        path: Path,
        data: bytes,
        entry: dict[str, Any],
        fingerprint: str,
        problems: list[Problem],
    ) -> dict[str, Any]:
        """Write *data* at *path* unless the same bytes are there; the output's record."""
        if fingerprint:  # story.json, put together from the records, is not counted
            self.report.rendered.append(path.relative_to(self.index.root / "output").as_posix())
        st = stat_of(path)
        if st is not None and st[0] == len(data) and path.read_bytes() == data:
            self.report.unchanged += 1
        else:
            write_atomic(path, data)
            self.report.written += 1
            st = stat_of(path)
        assert st is not None
        return {
            "fp": fingerprint,
            "size": st[0],
            "entry": entry,
            "problems": [problem_to_data(p, self.index.root) for p in problems if not p.is_error],
        }

    def record(self, loaded: LoadedStory, records: dict[str, dict[str, Any]], built: str) -> None:
        """Remember a built story: its inputs (case file, photos), its outputs, and the date
        of the build (a story that fails later keeps this record, and says from when)."""
        story = loaded.story
        assert story is not None
        inputs = [loaded.path, *(loaded.path.parent / p.file for p in story.photos)]
        folder_outputs = {k: v for k, v in records.items()}
        problems = [problem_to_data(p, self.index.root) for p in loaded.problems if not p.is_error]
        self.records[loaded.slug] = {
            "inputs": {
                self.index.hashes.key(p) or str(p): (stat_of(p) or (0, 0))[0] for p in inputs
            },
            "outputs": folder_outputs,
            "problems": problems,
            "built": built,
        }


def load(path: Path, session: Session) -> LoadedStory:
    """One case file, validated, with what the adoption sites will make of its animals."""
    loaded = load_story(path, session.project, session.today)
    if loaded.story is not None and loaded.doc is not None:
        loaded.problems.extend(listing_problems(loaded.doc, loaded.story, session.today))
        loaded.problems.sort(key=lambda p: (p.location.line or 0, p.location.column or 0))
    return loaded


def load_stories(session: Session, slugs: tuple[str, ...]) -> list[LoadedStory]:
    return [
        load(p, session) for p in story_paths(session.project, slugs)
    ]


def run(
    root: Path,
    slugs: tuple[str, ...] = (),
    today: dt.date | None = None,
    *,
    write_files: bool = True,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    surveyed: Survey | None = None,
    cards: CardQueue | None = None,
) -> Report:
    """Build (or, with write_files False, only check) the project at *root*.

    *surveyed*, from incremental.survey just before, saves reading the index and checking
    every story a second time (it is used only if the index has not changed since).
    *cards*, a card queue the caller started (instead of one for *jobs*), is finished here.
    """
    report = Report()
    session = open_session(root, today, report, jobs, cards)
    if session is None:
        return report
    try:
        paths = story_paths(session.project, slugs)
    except StorykitError as err:
        report.problems.extend(err.problems)
        return report
    if not paths:
        report.problems.append(
            Problem(
                Location.of(session.project.stories_dir),
                "there are no case files in stories/",
                "create one with 'storykit new my-story'",
            )
        )
    project_broken = any(p.is_error for p in report.problems)
    writing = write_files and not project_broken
    output_dir = session.project.output_dir
    if not writing:
        for path in paths:
            loaded = load(path, session)
            result = StoryResult(loaded.slug, loaded.path, problems=list(loaded.problems))
            report.stories.append(result)
            if loaded.ok:
                build_story(session, loaded, result, None)
        return report
    with build_lock(output_dir) as interrupted:
        if interrupted:  # only a killed build leaves temporary files
            remove_temp_files(output_dir)
        started = time.time_ns()
        index = surveyed.index if surveyed and surveyed.index.on_disk() else Index.load(root)
        session.index = index
        key = global_key(root, session.today)
        same = index.key == key and index.date == session.today.isoformat()
        fresh = surveyed.fresh_for(index, key, session.today) if surveyed else None
        writer = Writer(report, index)
        befores: dict[str, set[str]] = {}
        listed_before = feeds.listed_records(index.stories)
        try:
            for n, path in enumerate(paths):
                if progress:
                    progress(n, len(paths))
                slug = path.stem
                folder = output_dir / slug
                record = index.stories.get(slug)
                if same and (slug in fresh if fresh is not None else index.story_fresh(slug)):
                    assert record is not None
                    report.unchanged += len(record["outputs"])
                    report.stories.append(
                        StoryResult(
                            slug,
                            path,
                            built=True,
                            files=[o["entry"] for o in record["outputs"].values()],
                            problems=record_problems(record, session.project.root),
                        )
                    )
                    writer.records[slug] = record
                    continue
                loaded = load(path, session)
                result = StoryResult(loaded.slug, loaded.path, problems=list(loaded.problems))
                report.stories.append(result)
                befores[slug] = previous_files(folder)
                if loaded.ok:
                    build_story(session, loaded, result, writer)
            session.cards.finish()
            write_site_index(session, writer, report)
        finally:
            session.cards.finish()
            index.key, index.date = key, session.today.isoformat()
            index.date_source = (
                "arg" if today else "config" if session.project.config.date else "today"
            )
            present = {p.stem: p for p in story_paths(session.project)}
            # a story that failed keeps the record of its last good build (and so its
            # outputs and its place in the feeds), and says so
            index.stories = {
                s: r for s, r in {**index.stories, **writer.records}.items() if s in present
            }
            for story in report.stories:
                record = index.stories.get(story.slug)
                if story.failed and record is not None:
                    index.stories[story.slug] = record = {**record, "failed": True}
                    note = feeds.kept(story.slug, story.path, record, record.get("built", "?"))
                    story.problems.extend([note] if note else [])
            report.problems.extend(
                feeds.departures(
                    listed_before,
                    feeds.listed_records(index.stories),
                    present,
                    session.project.stories_dir,
                )
            )
            index.save(started)
        for result in report.stories:
            if result.built and result.slug in befores:
                report.removed += remove_listed(
                    output_dir / result.slug,
                    befores[result.slug] - {f["path"] for f in result.files},
                )
        if not slugs:
            report.removed += remove_orphans(output_dir, {p.stem for p in paths})
        if progress:
            progress(len(paths), len(paths))
    return report


def _platform_named(name: str, plans: list[PlatformPlan]) -> PlatformPlan:
    for plan in plans:
        if plan.platform.name == name:
            return plan
    raise StorykitError(
        Problem(
            Location("--platform"),
            f"there is no platform '{name}' in this project",
            "use one of: " + ", ".join(p.platform.name for p in plans),
        )
    )


def story_captions(
    root: Path, slug: str, today: dt.date | None, platform: str | None = None
) -> list[Caption]:
    """The fitted captions of one story (one platform's, if named); problems are raised."""
    report = Report()
    session = open_session(root, today, report)
    if session is None:
        raise StorykitError(report.problems)
    if platform is not None:
        session.platforms = [_platform_named(platform, session.platforms)]
    (loaded,) = load_stories(session, (slug,))
    result = StoryResult(loaded.slug, loaded.path, problems=list(loaded.problems))
    if loaded.ok:
        build_story(session, loaded, result, None)
    if result.failed:
        raise StorykitError(result.problems)
    return result.captions


def measure_text(text: str, platform: str, project: str | None = None) -> Measure:
    """Count *text* by a platform's rule, with the project's overrides when in a project."""
    plans = resolve_platforms(Config())
    try:
        root = find_root(Path(project) if project else Path.cwd())
    except StorykitError:
        if project:
            raise
    else:
        loaded, problems = load_project(root)
        if any(p.is_error for p in problems):
            raise StorykitError(problems)
        project_plans = {p.platform.name: p for p in resolve_platforms(loaded.config)}
        plans = [project_plans.get(p.platform.name, p) for p in plans]
    return measure(text, _platform_named(platform, plans).platform)
