"""`storykit build`: the project's build, story by story, then the project's own files.

Under the build lock, with the workers started once (builder/workers.py): each story is
taken as it is when the index shows it fresh, or else built by a StoryBuild, whose first
phases run as soon as it is read and whose last ones run when its drawing is needed back
(at most `workers.window` stories wait for theirs); then the project's own files (index
page, feeds, upload folders); then the index is saved, and files a story no longer makes
are removed.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storykit.builder.artifact import Artifact
from storykit.builder.index import Index, Survey, global_key
from storykit.builder.kinds.base import Shown
from storykit.builder.kinds.site import SITE_INDEX, SiteJob, SiteKind
from storykit.builder.records import StoryRecord
from storykit.builder.report import Report, StoryResult
from storykit.builder.session import Session, open_session
from storykit.builder.state import (
    build_lock,
    listed_files,
    previous_files,
    remove_listed,
    remove_orphans,
    remove_temp_files,
)
from storykit.builder.story import StoryBuild
from storykit.builder.workers import Workers
from storykit.builder.writer import Writer
from storykit.digests import Recorder, engine
from storykit.errors import Location, Problem, StorykitError
from storykit.load.project import story_paths
from storykit.outputs import feeds
from storykit.outputs.adoptsites.checks import load_checked
from storykit.outputs.entries import written

Progress = Callable[[int, int], None]


def build(
    root: Path,
    slugs: tuple[str, ...] = (),
    today: dt.date | None = None,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    surveyed: Survey | None = None,
) -> Report:
    """Build the project at *root* (the stories named, or all of them) into output/.

    *surveyed*, from index.survey just before, saves reading the index and checking every
    story a second time (it is used only if the index has not changed since).
    """
    report = Report()
    batches = surveyed.stale if surveyed else None
    with Workers(jobs, batches) as workers:  # started first: they load while this does
        session = open_session(root, today, report.problems, writing=True)
        paths = story_paths_of(session, slugs, report) if session else None
        if session is None or paths is None or report.failed:
            report.halted = True  # storykit.yaml, the templates or the layouts are unusable
            return report
        with build_lock(session.project.output_dir) as interrupted:
            if interrupted:  # only a killed build leaves temporary files
                remove_temp_files(session.project.output_dir)
            every = None if slugs else paths  # every story in stories/: read once
            build = ProjectBuild.open(session, report, workers, surveyed, today, every)
            build.run(paths, slugs, progress)
    return report


def story_paths_of(session: Session, slugs: tuple[str, ...], report: Report) -> list[Path] | None:
    """The case files to build (None, with the problem in *report*, if there are none)."""
    paths = story_paths(session.project, slugs)
    if not paths:
        report.problems.append(
            Problem(
                Location.of(session.project.stories_dir),
                "there are no case files in stories/",
                "create one with 'storykit new my-story'",
            )
        )
        return None
    return paths


@dataclass
class ProjectBuild:
    """One `storykit build` under the lock: the stories, the project's files, the index."""

    session: Session
    report: Report
    workers: Workers
    index: Index
    writer: Writer
    key: str  # the build's global key (storykit, the date, storykit.yaml, templates/)
    fresh: set[str] | None  # the stories the survey found fresh, if it holds
    date_source: str
    started: int = field(default_factory=time.time_ns)
    befores: dict[str, set[str]] = field(default_factory=dict)  # files each story listed
    present: dict[str, Path] = field(default_factory=dict)  # every story in stories/

    @classmethod
    def open(
        cls,
        session: Session,
        report: Report,
        workers: Workers,
        surveyed: Survey | None,
        today: dt.date | None,
        every: list[Path] | None = None,
    ) -> ProjectBuild:
        """The build of the project, with *every* case file in stories/ when the caller
        has them (else they are looked for)."""
        root = session.project.root
        started = time.time_ns()
        index = surveyed.index if surveyed and surveyed.index.on_disk() else Index.load(root)
        session.index = index
        key = global_key(root, session.today)
        fresh = surveyed.fresh_for(index, key, session.today) if surveyed else None
        source = "arg" if today else "config" if session.project.config.date else "today"
        writer = Writer(report, index)
        present = {
            p.stem: p for p in (every if every is not None else story_paths(session.project))
        }
        return cls(
            session, report, workers, index, writer, key, fresh, source, started, present=present
        )

    def run(self, paths: list[Path], slugs: tuple[str, ...], progress: Progress | None) -> None:
        """Every story (each one's drawing taken back in the order sent), the project's
        files, the index, then what is stale."""
        waiting: deque[StoryBuild] = deque()
        try:
            for n, path in enumerate(paths):
                if progress:
                    progress(n, len(paths))
                story = self.start(path)
                if story is not None:
                    waiting.append(story)
                while len(waiting) > self.workers.window:
                    waiting.popleft().finish(self.workers, self.writer)
            while waiting:
                waiting.popleft().finish(self.workers, self.writer)
            self.write_site()
        finally:
            self.save_index()
        self.remove_stale(paths, slugs)
        if progress:
            progress(len(paths), len(paths))

    def is_fresh(self, slug: str) -> bool:
        """The key and date are the last build's, and the story's files and outputs too."""
        index, today = self.index, self.session.today
        if index.key != self.key or index.date != today.isoformat():
            return False
        return slug in self.fresh if self.fresh is not None else index.story_fresh(slug)

    def start(self, path: Path) -> StoryBuild | None:
        """Take a fresh story as it is; else load it and start its build (None if it is
        not valid, or cannot be prepared: its problems are in the report)."""
        slug, report, root = path.stem, self.report, self.session.project.root
        if self.is_fresh(slug):
            record = self.index.stories[slug]
            report.unchanged += len(record.sizes())
            result = StoryResult(slug, path, True, problems=record.problems(root))
            report.stories.append(result)
            self.writer.records[slug] = record
            return None
        loaded = load_checked(path, self.session.project, self.session.today)
        result = StoryResult(loaded.slug, loaded.path, problems=list(loaded.problems))
        report.stories.append(result)
        self.befores[slug] = previous_files(self.session.project.output_dir / slug)
        if not loaded.ok:
            return None
        story = StoryBuild.prepare(self.session, loaded, result)
        if story is not None:
            story.start(self.workers, self.writer)
        return story

    def write_site(self) -> None:
        """output/index.html, the feeds and the upload folders, from every present story's
        record: one artifact, made again only when what it is made from changed."""
        session, index, writer = self.session, self.index, self.writer
        present = self.present
        known = {**index.stories, **writer.records}
        shown = {slug: known[slug].survey["shown"] for slug in sorted(known) if slug in present}

        def read() -> list[StoryRecord]:  # every story's whole record: only to make them
            return [
                r
                for r in (known[slug] if known[slug].data else index.full(slug) for slug in shown)
                if r
            ]

        job = SiteJob(session, shown, read, present, index.site)
        kind = SiteKind()
        recorder = Recorder(index.hashes)
        recorder.value("engine", engine())
        recorder.value("date", session.today.isoformat())
        kind.key(job, SITE_INDEX, recorder)
        artifact = Artifact(SITE_INDEX, kind, recorder, index.site)
        output_dir = session.project.output_dir
        old = artifact.old
        if old is not None and artifact.current(output_dir, {}):
            artifact.keep()
            writer.unchanged(len(old.written()) + 1)
            self.report.problems.extend(old.warnings(session.project.root))
            return
        try:
            with session.templates.recording(recorder.file):
                made = kind.render(job, SITE_INDEX, Shown.nothing(recorder))
        except StorykitError as err:
            self.report.problems.extend(err.problems)
            return
        artifact.stage(made, session.project.root)
        writer.write_made(output_dir, [artifact])
        self.report.problems.extend(made.problems)
        # the upload folders' files the last build wrote and this one did not: stale
        before = set(old.written()) if old is not None else set()
        stale = {p for p in before - set(written(made.entry)) if p.startswith("upload/")}
        self.report.removed += remove_listed(output_dir, stale)
        index.site = artifact.record

    def save_index(self) -> None:
        """Keep every present story's newest record: a story that failed keeps the record
        of its last good build (and so its outputs and its place in the feeds), and says so;
        an animal that left a feed is named, with why."""
        index, session = self.index, self.session
        index.key, index.date = self.key, session.today.isoformat()
        index.date_source = self.date_source
        present = self.present
        built = {s: r for s, r in self.writer.records.items() if r.new}
        gone = [s for s in index.stories if s not in present]
        changed = [s for s in [*built, *gone] if index.full(s) is not None]
        before = {s: self._listings(s) for s in changed}
        index.stories = {s: r for s, r in {**index.stories, **built}.items() if s in present}
        for story in self.report.stories:
            record = index.stories.get(story.slug)
            if story.failed and record is not None and index.full(story.slug):
                index.stories[story.slug] = record = record.failing()
                note = feeds.kept(story.path, record.listings(), record.built)
                story.problems.extend([note] if note else [])
        after = {s: r.listings() for s, r in built.items()}
        self.report.problems.extend(
            feeds.departures(before, after, present, session.project.stories_dir)
        )
        index.save(self.started, gone)

    def _listings(self, slug: str) -> list[feeds.Record]:
        record = self.index.full(slug)
        return record.listings() if record is not None else []

    def remove_stale(self, paths: list[Path], slugs: tuple[str, ...]) -> None:
        """The files a built story no longer makes, and the folders of removed stories."""
        output_dir = self.session.project.output_dir
        for result in self.report.stories:
            if result.built and result.slug in self.befores:
                self.report.removed += remove_listed(
                    output_dir / result.slug,
                    self.befores[result.slug] - listed_files(result.files),
                )
        if not slugs:
            self.report.removed += remove_orphans(output_dir, {p.stem for p in paths})
