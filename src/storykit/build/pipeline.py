"""The pipeline: load -> validate -> plan outputs -> render -> write, one story at a time."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from storykit import __version__
from storykit.build import seen, workers
from storykit.build.index import (
    Index,
    OutputRecord,
    SiteRecord,
    Survey,
    global_key,
    in_key,
    problem_from_data,
    problem_to_data,
    record_problems,
)
from storykit.build.state import (
    build_lock,
    listed_files,
    previous_files,
    remove_listed,
    remove_orphans,
    remove_temp_files,
)
from storykit.build.workers import CardQueue
from storykit.cards import CardRequest, CardResult, CardStyle
from storykit.cards.batch import CardNote, enlarge_notes
from storykit.cards.logo import logo_file, logo_problems, page_logo
from storykit.cards.photo import PhotoInfo, decode, probe
from storykit.cards.subjects import DETECTOR, Subject
from storykit.digests import Inputs, Recorder, engine, stat_of
from storykit.errors import ArgumentError, Location, Problem, StorykitError
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
from storykit.outputs.story import Rendered, Shown, StoryRender, request_files
from storykit.reels.job import ReelJob, ReelMade
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
    detected: int = 0  # photos the detector ran on for this story's cards in this build

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


COMPILED = Path(".storykit") / "jinja"  # in output/: templates compiled by earlier builds


def open_session(
    root: Path,
    today: dt.date | None,
    report: Report,
    jobs: int | None = None,
    cards: CardQueue | None = None,
    writing: bool = False,
) -> Session | None:
    """Load storykit.yaml and the templates; None (with problems in *report*) if unusable.

    A broken storykit.yaml still gives a session (on the defaults), so that the stories
    are checked too and every problem is reported in one run; the report then fails.
    """
    project, problems = load_project(root)
    report.problems.extend([*problems, *logo_problems(project)])
    try:
        platforms = resolve_platforms(project.config)
        compiled = project.output_dir / COMPILED if writing else None
        templates = make_templates(project.templates_dir, project.today(today), compiled)
        templates.env.globals["logo"] = page_logo(logo_file(project))  # the pages' header
        layouts, layout_problems = load_layouts(project.templates_dir)
        report.problems.extend(layout_problems)
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
        logo=logo_file(project),
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
    first: dict[str, Any] = {k: entry[k] for k in ("path", "kind") if k in entry}
    return {**first, **{k: _sorted(entry[k]) for k in sorted(entry) if k not in first}}


def _sorted(value: Any) -> Any:
    """*value* with the keys of every mapping in it sorted, as the index stores them."""
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


# what `check` cannot know without drawing the cards, which `build` does
NOT_CHECKED = "how text fits on cards and whether their fonts have every character"

TEXT = ("blurb", "caption")
SITE = ("listing", "zip", "kit", "page")  # made from the story's other outputs, after them


def check_photos(
    session: Session, renderer: StoryRender, outputs: list[Output], result: StoryResult
) -> None:
    """What `build` says about a story's photos and cards short of drawing them, in the
    same words: a damaged photo (each is decoded once, as cheaply as it can be while still
    big enough to judge: a JPEG at the smallest draft at least seen.CHECK_EDGE px long),
    its colour profile's notes, and a photo too small for its place on a card; and what
    was seen in it (the animals, as the build's index has them or as found in that decode;
    a photo too dark or blurred to post)."""
    infos: dict[Path, PhotoInfo] = {}
    notes: list[CardNote] = []
    damaged: list[Problem] = []
    looked: list[Problem] = []
    for i, photo in enumerate(renderer.story.photos):
        path = renderer.loaded.path.parent / photo.file
        try:
            info = infos[path] = probe(path)
            decoded = decode(info, min(1.0, seen.CHECK_EDGE / max(info.size)))
        except StorykitError as err:
            damaged.extend(err.problems)
            continue
        notes.extend(CardNote(n, photo=str(path)) for n in decoded.notes)
        framed = photo.focus is not None or photo.subject is not None
        framed = framed or not session.project.config.cards.find_animals
        found = None if framed else _animals(session, path, decoded.image)
        where = renderer.photo_line(i)
        looked.extend(
            Problem(where, f"{photo.file}: {s.message}", s.hint, s.severity)
            for s in seen.seen(
                photo, renderer.story, found, seen.looks(decoded.image), session.today
            )
        )
    result.problems.extend(renderer.at_photo_lines(damaged))
    if damaged:
        return
    result.problems.extend(looked)
    try:
        style = card_style(session.project)
        requests = [renderer.card_request(o, style)[0] for o in outputs if o.kind == "card"]
    except StorykitError as err:
        result.problems.extend(err.problems)
        return
    notes.extend(enlarge_notes(requests, infos))
    result.problems.extend(renderer.note_problems(notes))


def _animals(session: Session, path: Path, image: Any) -> tuple[Subject, ...]:
    """The animals in a photo: as the last build found them (by the photo's content), else
    found now in *image* (an upright decode of it); check keeps nothing."""
    from storykit.cards.detect import find_animals

    if session.index is None:
        session.index = Index.load(session.project.root)
    assert session.index.hashes is not None
    cached = session.index.detections.found.get(session.index.hashes.of(path))
    return cached if cached is not None else find_animals(image)


def _plan(
    session: Session, loaded: LoadedStory, result: StoryResult, base: Recorder | None = None
) -> tuple[StoryRender, list[Output]] | None:
    """A valid story's outputs and its renderer (its headline written, if the case file has
    none); the templates this loads go to *base*. None (with problems) if it cannot be."""
    templates = session.templates
    story = loaded.story
    assert story is not None
    context = story_context(story, session.project.config, session.today, loaded.slug)
    try:
        with templates.recording(base.file) if base else contextlib.nullcontext():
            story = loaded.story = with_headline(story, templates, context)
            renderer = StoryRender(
                session.project,
                templates,
                session.layouts,
                session.platforms,
                session.today,
                loaded,
            )
    except StorykitError as err:
        result.problems.extend(err.problems)
        return None
    result.problems.extend(renderer.tag_problems)
    return renderer, plan_story(story, session.project.config, session.platforms)


def check_story(session: Session, loaded: LoadedStory, result: StoryResult) -> None:
    """Everything `build` would say about one valid story, short of drawing its cards;
    nothing is written. Its captions go in *result*."""
    planned = _plan(session, loaded, result)
    if planned is None:
        return
    renderer, outputs = planned
    try:
        for out in outputs:
            if out.kind in TEXT:
                made = renderer.text(out)
                result.problems.extend(made.problems)
                if made.caption is not None:
                    result.captions.append(made.caption)
                    result.problems.extend(
                        renderer.fold_problems(made.caption.text, made.caption.platform)
                    )
    except StorykitError as err:
        result.problems.extend(err.problems)
        return
    check_photos(session, renderer, outputs, result)
    from storykit.reels.check import check_video  # its drawing code only when checking

    built = [p.platform.name for p in session.platforms]
    project = session.project
    result.problems.extend(
        check_video(
            project.config,
            renderer.story,
            loaded.path,
            loaded.doc,
            project.root,
            project.config_doc,
            built,
        )
    )


def build_story(session: Session, loaded: LoadedStory, result: StoryResult, writer: Writer) -> None:
    """Render one valid story's outputs that are not current, and write them all into
    output/<slug>/ once the whole story has succeeded (see StoryBuild)."""
    assert session.index is not None and session.index.hashes is not None
    hashes = session.index.hashes
    base = Recorder(hashes)
    base.file(loaded.path)
    base.file(session.project.config_path)
    for path in loaded.awaited:  # a photo not downloaded yet: its arrival is a change
        base.file(path)
    planned = _plan(session, loaded, result, base)
    if planned is not None:
        renderer, outputs = planned
        StoryBuild(session, loaded, result, writer, renderer, outputs, base).start()


@dataclass
class Artifact:
    """One planned output being built: what it is made with (its values, known before it
    renders), the record of its last build, and, once rendered, its bytes (staged: written
    with the story's other outputs, or not at all) and its new record."""

    output: Output
    recorder: Recorder
    old: OutputRecord | None
    data: bytes | None = None  # staged
    record: OutputRecord | None = None  # the new one, or the old one if current
    files: dict[str, bytes] = field(default_factory=dict)  # staged beside it (a kit's)

    @property
    def path(self) -> str:
        return self.output.path

    def current(self, folder: Path, stamps: dict[str, str]) -> bool:
        """Made last time of the same values and files (each at its recorded hash), showing
        the same outputs, and its file intact: then it is not rendered again."""
        old = self.old
        recorded = self.recorder
        return (
            old is not None
            and old.inputs.current(recorded.hashes, recorded.values_digest(), stamps)
            and old.intact(folder / self.path)
            and all(
                (st := stat_of(folder / path)) is not None and st[0] == size
                for path, size in old.entry.get("written", {}).items()
            )
        )

    def stage(
        self,
        data: bytes,
        entry: dict[str, Any],
        problems: list[Problem],
        root: Path,
        summary: Any,
        files: dict[str, bytes] | None = None,
    ) -> None:
        warnings = [problem_to_data(p, root) for p in problems if not p.is_error]
        self.data = data
        self.files = files or {}
        self.record = OutputRecord(self.recorder.inputs, len(data), entry, warnings, summary)


@dataclass
class StoryBuild:
    """One story's build: its artifacts, in the plan's order. Cards and web photos not
    current go to the card queue first, as one batch, so the workers are busy while the
    text outputs are rendered here; when both are done, the page, listing and zip (made
    from the others), then every staged output is written, and story.json and the story's
    record after them. A story that fails writes nothing and keeps its last outputs."""

    session: Session
    loaded: LoadedStory
    result: StoryResult
    writer: Writer
    renderer: StoryRender
    outputs: list[Output]
    base: Recorder  # the case file, storykit.yaml and the templates the headline used
    artifacts: dict[str, Artifact] = field(default_factory=dict)
    drawn: list[tuple[Artifact, CardRequest, dict[str, Any]]] = field(default_factory=list)
    drawn_back: Future[workers.Rendered] | None = None  # from the card queue, when back
    text_done: bool = False

    @property
    def folder(self) -> Path:
        return self.session.project.output_dir / self.loaded.slug

    @property
    def root(self) -> Path:
        return self.session.project.root

    def artifact(self, out: Output, *base: Recorder) -> Artifact:
        """An output's artifact, its recorder holding *base* and the values every output
        is made with: storykit's own code and the output's path."""
        assert self.session.index is not None and self.session.index.hashes is not None
        story = self.session.index.stories.get(self.loaded.slug) or {}
        old = story.get("outputs", {}).get(out.path)
        recorder = Recorder(self.session.index.hashes)
        for inputs in base:
            recorder.extend(inputs)
        recorder.value("engine", engine())
        recorder.value("path", out.path)
        artifact = self.artifacts[out.path] = Artifact(
            out, recorder, OutputRecord.from_data(old, story["files"]) if old else None
        )
        return artifact

    def reuse_if_current(self, artifact: Artifact, stamps: dict[str, str] | None = None) -> bool:
        if not artifact.current(self.folder, stamps or {}):
            return False
        assert artifact.old is not None
        artifact.record = artifact.old
        self.writer.unchanged()
        self.result.problems.extend(problem_from_data(p, self.root) for p in artifact.old.problems)
        return True

    def stage(self, artifact: Artifact, made: Rendered) -> None:
        self.result.problems.extend(made.problems)
        artifact.stage(made.data, made.entry, made.problems, self.root, made.summary, made.files)

    # -- the steps ---------------------------------------------------------------------------

    def start(self) -> None:
        if not self.send_cards():
            return
        try:
            self.render_text()
        except StorykitError as err:
            self.result.problems.extend(err.problems)
        self.text_done = True
        self.finish_when_ready()

    def send_cards(self) -> bool:
        """Key each card and web photo by what it is made with; send those not current to
        the card queue (with the whole batch, whose decodes they share). False if the
        story's photos or layouts are unusable."""
        renderer, templates = self.renderer, self.session.templates
        cards = [o for o in self.outputs if o.kind == "card"]
        photos = [o for o in self.outputs if o.kind == "photo"]
        try:
            style = card_style(self.session.project)
            for out in cards:
                artifact = self.artifact(out)
                with templates.recording(artifact.recorder.file):
                    request, entry = renderer.card_request(out, style, self.found)
                artifact.recorder.value("card", request.texts, out.size, repr(style), entry)
                # what frames each photo: the case file's focus and subject, else what the
                # detector (this version of it) finds, which depends on nothing else
                artifact.recorder.value(
                    "framing", [(p.focus, p.subject) for p in request.photos], DETECTOR
                )
                # the layout as read, wherever from (an override made later is a change)
                artifact.recorder.value("layout", repr(replace(request.layout, source="")))
                for path in request_files(request):
                    artifact.recorder.file(path)
                self.drawn.append((artifact, request, entry))
            copies = [renderer.photo_copy(out) for out in photos]
            requests = [r for _, r, _ in self.drawn]
            scales = renderer.batch_scales(requests, copies)  # reads the photos' headers
            for out, copy in zip(photos, copies, strict=True):
                artifact = self.artifact(out)
                with templates.recording(artifact.recorder.file):
                    artifact.recorder.value("alt", renderer.web_alt(out))
                artifact.recorder.file(copy.path)
        except StorykitError as err:
            self.result.problems.extend(renderer.at_photo_lines(err.problems))
            return False
        if self.result.failed:
            return False
        drawn = [self.artifacts[o.path] for o in [*cards, *photos]]
        for artifact in drawn:
            # every card and copy is made from the same decodes (one per photo, at the scale
            # all of them need), so each one's bytes depend on the whole batch too
            artifact.recorder.value("batch", scales)
        make = {a.path for a in drawn if not self.reuse_if_current(a)}
        try:
            reels = self.key_reels(requests, style)
        except StorykitError as err:
            self.result.problems.extend(err.problems)
            return False
        if make or reels:
            self.session.cards.submit(requests, copies, make, self.cards_done, reels)
        else:
            self.drawn_back = Future()
            self.drawn_back.set_result(workers.Rendered([], []))
        return True

    def key_reels(self, requests: list[CardRequest], style: CardStyle) -> list[ReelJob]:
        """Key the story's reels (one encode for every platform that posts one) by what
        they show: the photos, clips, music and fonts by content, the rest as values. The
        animals found are not a value: they follow from the photos and the detector, as
        for cards. The job to send, if any reel is not current."""
        outs = [o for o in self.outputs if o.kind == "reel"]
        if not outs:
            return []
        scratch = self.session.project.output_dir / ".storykit"
        job = self.renderer.reel_job(outs, requests, style, scratch, self.found)
        root = self.session.project.root

        def here(path: Path) -> Path:  # recorded by its place in the project: builds of
            return path.relative_to(root) if path.is_relative_to(root) else path  # copies agree

        shown = replace(
            job,
            keys=(),
            scratch=Path(),
            photos=tuple(replace(p, path=here(p.path), subjects=None) for p in job.photos),
            clips=tuple(replace(c, path=here(c.path)) for c in job.clips),
            music=here(job.music) if job.music is not None else None,
        )
        files = [p.path for p in job.photos] + [c.path for c in job.clips]
        files += [f for f in (job.music, style.font_regular, style.font_bold) if f is not None]
        files += list(style.fallback_fonts)
        stale = []
        for out in outs:
            artifact = self.artifact(out)
            artifact.recorder.value("reel", repr(shown), DETECTOR)
            for path in files:
                artifact.recorder.file(path)
            if not self.reuse_if_current(artifact):
                stale.append(out.path)
        return [replace(job, keys=tuple(stale))] if stale else []

    def found(self, photo: Path) -> tuple[Subject, ...] | None:
        """The animals found in *photo* by an earlier build (by its content), if any."""
        index = self.session.index
        assert index is not None and index.hashes is not None
        return index.detections.found.get(index.hashes.of(photo))

    def keep_detected(self, made: list[CardResult], reels: Sequence[ReelMade] = ()) -> None:
        """Keep what the card workers found in photos not seen before, by their content."""
        index = self.session.index
        assert index is not None and index.hashes is not None
        found = [r.detected for r in made] + [r.detected for r in reels]
        for detected in found:
            for photo, subjects in detected.items():
                index.detections.found[index.hashes.of(Path(photo))] = subjects
        self.result.detected += len({photo for detected in found for photo in detected})

    def render_text(self) -> None:
        for out in self.outputs:
            if out.kind not in TEXT:
                continue
            artifact = self.artifact(out, self.base)
            artifact.recorder.value("date", self.session.today.isoformat())
            if self.reuse_if_current(artifact):
                continue
            with self.session.templates.recording(artifact.recorder.file):
                made = self.renderer.text(out)
            if made.caption is not None:
                self.result.captions.append(made.caption)
            self.stage(artifact, made)

    def cards_done(self, back: Future[workers.Rendered]) -> None:
        self.drawn_back = back
        self.finish_when_ready()

    def finish_when_ready(self) -> None:
        """Finish once both the card batch and the text outputs are done (in either order:
        with one job the batch is drawn before the text, else by the workers meanwhile)."""
        if self.drawn_back is not None and self.text_done:
            self.finish()

    def finish(self) -> None:
        assert self.drawn_back is not None
        try:
            drawn = self.drawn_back.result()
        except StorykitError as err:
            self.result.problems.extend(self.renderer.at_photo_lines(err.problems))
            return
        self.keep_detected([*drawn.cards, *drawn.photos], drawn.reels)
        if self.result.failed:
            return  # nothing more is written for a story that failed
        self.stage_drawn(drawn.cards, drawn.photos)
        self.stage_reels(drawn.reels)
        try:
            self.render_site()
        except StorykitError as err:
            self.result.problems.extend(err.problems)
        if self.result.failed:
            return  # a story that failed keeps its last build's outputs, all of them
        self.commit()

    def stage_reels(self, made: list[ReelMade]) -> None:
        """Stage each reel the card queue made, for every platform that posts it, its
        cover beside it; its notes (photos left out, clips cut) as warnings."""
        renderer = self.renderer
        for reel in made:
            problems = renderer.note_problems(CardNote(n) for n in reel.notes)
            for key in reel.keys:
                artifact = self.artifacts[key]
                entry = renderer.reel_entry(artifact.output, reel)
                cover = {entry["cover"]: reel.cover}
                self.stage(artifact, Rendered(reel.data, entry, problems, files=cover))

    def stage_drawn(self, cards: list[CardResult], photos: list[CardResult]) -> None:
        """Stage the cards and web photos the card queue made (in the order they went)."""
        renderer = self.renderer
        sent = [(a, e) for a, _, e in self.drawn if a.record is None]
        for (artifact, entry), card in zip(sent, cards, strict=True):
            entry = renderer.card_entry(entry, card)
            self.stage(artifact, Rendered(card.data, entry, renderer.card_problems(card)))
        copies = [
            a for a in self.artifacts.values() if a.output.kind == "photo" and a.record is None
        ]
        for artifact, photo in zip(copies, photos, strict=True):
            entry = renderer.photo_entry(artifact.output, photo.width, photo.height)
            self.stage(artifact, Rendered(photo.data, entry, renderer.card_problems(photo)))

    def render_site(self) -> None:
        """The listing, zip and page: each records the outputs it shows as its inputs."""
        for out in self.outputs:
            if out.kind not in SITE:
                continue
            made = [self.artifacts.get(o.path) for o in self.outputs]
            records = {a.path: a.record for a in made if a is not None and a.record is not None}
            stamps = {p: r.stamp() for p, r in records.items()}
            artifact = self.artifact(out, self.base)
            artifact.recorder.value("date", self.session.today.isoformat())
            if self.reuse_if_current(artifact, stamps):
                continue
            recorder = artifact.recorder
            shown = Shown({p: r.entry for p, r in records.items()}, self.read, stamps, recorder)
            with self.session.templates.recording(recorder.file):
                self.stage(artifact, self.renderer.site(out, shown))

    def read(self, path: str) -> bytes:
        """One of the story's outputs (or a file staged beside one, as a reel's cover) as
        this build has it: staged, else on disk."""
        artifact = self.artifacts.get(path)
        staged = artifact.data if artifact is not None else None
        if artifact is None:
            staged = next((a.files[path] for a in self.artifacts.values() if path in a.files), None)
        return staged if staged is not None else (self.folder / path).read_bytes()

    def commit(self) -> None:
        """Write every staged output, each atomically; then story.json and the record."""
        records: dict[str, OutputRecord] = {}
        for path, artifact in self.artifacts.items():
            assert artifact.record is not None
            for companion, data in artifact.files.items():
                self.writer.write(self.folder / companion, data, rendered=False)
            if artifact.data is not None:
                self.writer.write(self.folder / path, artifact.data)
            records[path] = artifact.record
        order = [o.path for o in self.outputs if o.path in records]
        entries = [records[p].entry for p in order]
        entries.append({"path": "story.json", "kind": "manifest"})
        data = manifest(self.loaded, self.session.today, entries)
        size = self.writer.write(self.folder / "story.json", data, rendered=False)
        records = {p: records[p] for p in order}
        records["story.json"] = OutputRecord(Inputs(), size, entries[-1])
        self.result.files = entries
        self.result.built = True
        self.writer.record(self.loaded, records, self.session.today.isoformat())


def write_site_index(session: Session, writer: Writer, report: Report) -> None:
    """output/index.html, adoptable.csv, adoptable.json and upload/, from every built
    story's record: one artifact, made again only when what it was made from changed (the
    stories' page summaries and listings, the templates it loaded, storykit.yaml, the web
    photos the upload folders copy). The upload folders' photos are copies of web photos
    already written, never decoded again."""
    project, index = session.project, session.index
    assert index is not None and index.hashes is not None
    output_dir = project.output_dir
    present = {p.stem: p for p in story_paths(project)}
    summaries, listed = [], []
    known = {**index.stories, **writer.records}
    for slug, record in sorted(known.items()):
        if slug not in present:
            continue
        outputs = record["outputs"]
        if "summary" in outputs.get("index.html", {}):
            summaries.append(outputs["index.html"]["summary"])
        listed.extend(outputs.get("listing.json", {}).get("summary", ()))
    recorder = Recorder(index.hashes)
    recorder.value("engine", engine())
    recorder.value("date", session.today.isoformat())
    recorder.value("stories", summaries, listed)
    recorder.file(project.config_path)
    if project.config.organisation.logo:
        recorder.file(project.root / project.config.organisation.logo)
    old = index.site
    if (
        old is not None
        and old.inputs.current(index.hashes, recorder.values_digest(), {})
        and old.intact(output_dir)
    ):
        report.unchanged += len(old.files)
        report.problems.extend(problem_from_data(p, project.root) for p in old.problems)
        return
    try:
        with session.templates.recording(recorder.file):
            made = site_index(summaries, listed, project.config, session.today, session.templates)
    except StorykitError as err:
        report.problems.extend(err.problems)
        return
    sizes: dict[str, int] = {}
    for name, data in made.files.items():
        sizes[name] = writer.write(output_dir / name, data, rendered=False)
    for name, source in made.uploads.photos.items():
        try:
            data = (output_dir / source).read_bytes()
        except OSError:
            continue  # its story failed this time: the next good build copies it
        recorder.file(output_dir / source)
        sizes[name] = writer.write(output_dir / name, data, rendered=False)
    problems = [
        Problem(
            Location.of(present[slug]),
            f"the animal ID '{animal}' is already used in another story, so this one is "
            "left out of the upload folders",
            "give each animal its own id: (the shelter's ID for it)",
            "warning",
        )
        for slug, animal in made.uploads.clashes
    ]
    if made.uploads.petfinder_rows and not project.config.organisation.petfinder_id:
        problems.append(
            Problem(
                Location.of(project.config_path),
                "the Petfinder upload's data file is called petfinder.csv, because "
                "storykit.yaml has no organisation.petfinder_id",
                "add your Petfinder shelter ID: organisation: {petfinder_id: WI123}; "
                "Petfinder's import reads the file named by it",
                "warning",
            )
        )
    report.problems.extend(problems)
    # the upload folders' files the last build wrote and this one did not: stale
    before = set(old.files) if old is not None else set()
    stale = {p for p in before - set(sizes) if p.startswith("upload/")}
    report.removed += remove_listed(output_dir, stale)
    index.site = SiteRecord(
        recorder.inputs, sizes, [problem_to_data(p, project.root) for p in problems]
    )


class Writer:
    """Writes outputs atomically, counts what changed, and keeps the index of what was made."""

    def __init__(self, report: Report, index: Index):
        self.report = report
        self.index = index
        self.records: dict[str, dict[str, Any]] = {}

    def unchanged(self) -> None:
        self.report.unchanged += 1

    def write(self, path: Path, data: bytes, *, rendered: bool = True) -> int:
        """Write *data* at *path* unless the same bytes are there; its size. An output is
        *rendered* (in Report.rendered) unless it is put together from the others' records
        (story.json, the site index)."""
        if rendered:
            self.report.rendered.append(path.relative_to(self.index.root / "output").as_posix())
        st = stat_of(path)
        if st is not None and st[0] == len(data) and path.read_bytes() == data:
            self.report.unchanged += 1
        else:
            write_atomic(path, data)
            self.report.written += 1
        return len(data)

    def record(self, loaded: LoadedStory, records: dict[str, OutputRecord], built: str) -> None:
        """Remember a built story: the files its outputs were made from (with their sizes,
        for the quick check; those in the build's key aside), each output's record, and the
        date of the build (a story that fails later keeps this record, and says from when)."""
        root = self.index.root
        # every output is current now, so each file has one recorded hash in the story
        hashes = {key: h for r in records.values() for key, h in r.inputs.files.items()}
        table: dict[str, int] = {}
        outputs = {path: r.to_data(table) for path, r in records.items()}
        problems = [problem_to_data(p, root) for p in loaded.problems if not p.is_error]
        self.records[loaded.slug] = {
            "inputs": {
                k: (stat_of(root / k) or (0, 0))[0] for k in sorted(hashes) if not in_key(k)
            },
            "files": [[key, hashes[key]] for key in table],
            "outputs": outputs,
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
    return [load(p, session) for p in story_paths(session.project, slugs)]


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

    *surveyed*, from index.survey just before, saves reading the index and checking
    every story a second time (it is used only if the index has not changed since).
    *cards*, a card queue the caller started (instead of one for *jobs*), is finished here.
    """
    report = Report()
    session = open_session(root, today, report, jobs, cards, writing=write_files)
    if session is None:
        return report
    paths = _story_paths(session, slugs, report)
    if paths is None:
        return report
    if not write_files or report.failed:  # a broken storykit.yaml: check the stories too
        check_project(session, paths, report)
        return report
    with build_lock(session.project.output_dir) as interrupted:
        if interrupted:  # only a killed build leaves temporary files
            remove_temp_files(session.project.output_dir)
        ProjectBuild.open(session, report, surveyed, today).run(paths, slugs, progress)
    return report


def _story_paths(session: Session, slugs: tuple[str, ...], report: Report) -> list[Path] | None:
    """The case files to build (None, with the problem in *report*, if a slug is unknown)."""
    try:
        paths = story_paths(session.project, slugs)
    except StorykitError as err:
        report.problems.extend(err.problems)
        return None
    if not paths:
        report.problems.append(
            Problem(
                Location.of(session.project.stories_dir),
                "there are no case files in stories/",
                "create one with 'storykit new my-story'",
            )
        )
    return paths


def check_project(session: Session, paths: list[Path], report: Report) -> None:
    """`storykit check`: every story loaded and checked; nothing is written."""
    for path in paths:
        loaded = load(path, session)
        result = StoryResult(loaded.slug, loaded.path, problems=list(loaded.problems))
        report.stories.append(result)
        if loaded.ok:
            check_story(session, loaded, result)


@dataclass
class ProjectBuild:
    """One `storykit build` (under the lock): each story built, or taken as it is if the
    index shows it fresh; the site index; the index saved; stale outputs removed."""

    session: Session
    report: Report
    index: Index
    writer: Writer
    key: str  # the build's global key (storykit, the date, storykit.yaml, templates/)
    fresh: set[str] | None  # the stories the survey found fresh, if it holds
    date_source: str
    started: int = field(default_factory=time.time_ns)
    befores: dict[str, set[str]] = field(default_factory=dict)  # files each story listed

    @classmethod
    def open(
        cls, session: Session, report: Report, surveyed: Survey | None, today: dt.date | None
    ) -> ProjectBuild:
        root = session.project.root
        started = time.time_ns()
        index = surveyed.index if surveyed and surveyed.index.on_disk() else Index.load(root)
        session.index = index
        key = global_key(root, session.today)
        fresh = surveyed.fresh_for(index, key, session.today) if surveyed else None
        source = "arg" if today else "config" if session.project.config.date else "today"
        return cls(session, report, index, Writer(report, index), key, fresh, source, started)

    def run(
        self,
        paths: list[Path],
        slugs: tuple[str, ...],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        listed_before = feeds.listed_records(self.index.stories)
        try:
            try:
                for n, path in enumerate(paths):
                    if progress:
                        progress(n, len(paths))
                    self.story(path)
            finally:
                self.session.cards.finish()  # the last stories finish here
            write_site_index(self.session, self.writer, self.report)
        finally:
            self.save_index(listed_before)
        self.remove_stale(paths, slugs)
        if progress:
            progress(len(paths), len(paths))

    def is_fresh(self, slug: str) -> bool:
        """The key and date are the last build's, and the story's files and outputs too."""
        index, today = self.index, self.session.today
        if index.key != self.key or index.date != today.isoformat():
            return False
        return slug in self.fresh if self.fresh is not None else index.story_fresh(slug)

    def story(self, path: Path) -> None:
        """Build one story, or take its record as it is if it is fresh."""
        slug, report = path.stem, self.report
        if self.is_fresh(slug):
            record = self.index.stories[slug]
            report.unchanged += len(record["outputs"])
            report.stories.append(
                StoryResult(
                    slug,
                    path,
                    built=True,
                    files=[o["entry"] for o in record["outputs"].values()],
                    problems=record_problems(record, self.session.project.root),
                )
            )
            self.writer.records[slug] = record
            return
        loaded = load(path, self.session)
        result = StoryResult(loaded.slug, loaded.path, problems=list(loaded.problems))
        report.stories.append(result)
        self.befores[slug] = previous_files(self.session.project.output_dir / slug)
        if loaded.ok:
            build_story(self.session, loaded, result, self.writer)

    def save_index(self, listed_before: dict[str, list[dict[str, Any]]]) -> None:
        """Keep every present story's newest record: a story that failed keeps the record
        of its last good build (and so its outputs and its place in the feeds), and says so."""
        index, session = self.index, self.session
        index.key, index.date = self.key, session.today.isoformat()
        index.date_source = self.date_source
        present = {p.stem: p for p in story_paths(session.project)}
        index.stories = {
            s: r for s, r in {**index.stories, **self.writer.records}.items() if s in present
        }
        for story in self.report.stories:
            record = index.stories.get(story.slug)
            if story.failed and record is not None:
                index.stories[story.slug] = record = {**record, "failed": True}
                note = feeds.kept(story.slug, story.path, record, record.get("built", "?"))
                story.problems.extend([note] if note else [])
        self.report.problems.extend(
            feeds.departures(
                listed_before,
                feeds.listed_records(index.stories),
                present,
                session.project.stories_dir,
            )
        )
        index.save(self.started)

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


def _platform_named(name: str, plans: list[PlatformPlan]) -> PlatformPlan:
    for plan in plans:
        if plan.platform.name == name:
            return plan
    raise ArgumentError(
        "platform",
        f"there is no platform '{name}' in this project",
        "use one of: " + ", ".join(p.platform.name for p in plans),
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
    try:
        (loaded,) = load_stories(session, (slug,))
    except ArgumentError as err:  # the one story named, as this function calls it
        raise ArgumentError("slug", err.message, err.hint) from None
    result = StoryResult(loaded.slug, loaded.path, problems=list(loaded.problems))
    if loaded.ok:
        check_story(session, loaded, result)
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
