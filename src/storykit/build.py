"""The pipeline: load -> validate -> plan outputs -> render -> write, one story at a time."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .captions import Caption
from .cards import CardStyle, open_photo_size
from .context import make_templates
from .counting import Measure, measure
from .errors import Location, Problem, StorykitError
from .fsutil import write_atomic
from .incremental import (
    Hashes,
    Index,
    global_key,
    output_intact,
    problem_from_data,
    problem_to_data,
    stat_of,
)
from .layouts import load_layouts
from .model import Config
from .plan import PlatformPlan, plan_story, resolve_platforms
from .project import LoadedStory, Project, load_project, load_story, story_paths
from .render import StoryRender
from .root import find_root
from .site import WEB_PHOTO_EDGE, site_index
from .state import build_lock, previous_files, remove_listed, remove_orphans, remove_temp_files
from .templates import Templates
from .workers import CardQueue


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
        return [*self.problems, *(p for s in self.stories for p in s.problems)]

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
    root: Path, today: dt.date | None, report: Report, jobs: int | None = None
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
    return Session(project, project.today(today), platforms, templates, layouts, CardQueue(jobs))


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
        "files": entries,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def check_photos(loaded: LoadedStory, result: StoryResult) -> None:
    """Read each photo's header, so `check` finds broken photos without rendering cards."""
    story = loaded.story
    assert story is not None
    for photo in story.photos:
        try:
            open_photo_size(loaded.path.parent / photo.file)
        except StorykitError as err:
            result.problems.extend(err.problems)


def build_story(
    session: Session,
    loaded: LoadedStory,
    result: StoryResult,
    writer: Writer | None,
) -> None:
    """Plan, render and write one valid story into output/<slug>/ (only check if no writer).

    Outputs whose fingerprint (what they are made from) is the one recorded last time, and
    whose file is intact, are not rendered again. Cards go to the card queue as one batch;
    story.json and the story's record are written when its last card is.
    """
    story = loaded.story
    assert story is not None
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
    folder = session.project.output_dir / loaded.slug
    old = (session.index.stories.get(loaded.slug) or {}).get("outputs", {}) if session.index else {}
    records: dict[str, dict[str, Any]] = {}
    try:
        for out in outputs:
            if out.kind not in ("blurb", "caption"):
                continue
            fingerprint = renderer.text_fingerprint(out)
            prev = old.get(out.path)
            if writer is not None and _reusable(prev, fingerprint, folder / out.path):
                records[out.path] = prev
                writer.unchanged()
                result.problems.extend(
                    problem_from_data(p, session.project.root) for p in prev.get("problems", [])
                )
                continue
            made = renderer.text(out)
            result.problems.extend(made.problems)
            if made.caption is not None:
                result.captions.append(made.caption)
            if writer is not None:
                records[out.path] = writer.write(
                    folder / out.path, made.data, made.entry, fingerprint, made.problems
                )
        if writer is None:
            check_photos(loaded, result)
            return
        style = card_style(session.project)
        cards = [(out, *renderer.card_request(out, style)) for out in outputs if out.kind == "card"]
    except StorykitError as err:
        result.problems.extend(err.problems)
        return
    if result.failed:
        return

    def reuse(path: str) -> None:
        records[path] = old[path]
        writer.unchanged()
        result.problems.extend(
            problem_from_data(p, session.project.root) for p in old[path].get("problems", [])
        )

    def finish() -> None:
        """The page, listing and zip (from the outputs made), then story.json and the record."""
        for out in outputs:
            if out.kind not in ("listing", "zip", "page"):
                continue
            fingerprint = renderer.site_fingerprint(out, records)
            if _reusable(old.get(out.path), fingerprint, folder / out.path):
                reuse(out.path)
                continue
            made = renderer.site(
                out, {o.path: records[o.path] for o in outputs if o.path in records}
            )
            records[out.path] = writer.write(
                folder / out.path, made.data, made.entry, fingerprint, made.problems
            )
            if made.summary is not None:
                records[out.path]["summary"] = made.summary
        entries = [records[out.path]["entry"] for out in outputs if out.kind != "manifest"]
        entries.append({"path": "story.json", "kind": "manifest"})
        records["story.json"] = writer.write(
            folder / "story.json", manifest(loaded, session.today, entries), entries[-1], "", []
        )
        result.files = entries
        result.built = True
        writer.record(loaded, records)

    webs = []
    for out in outputs:
        if out.kind == "photo":
            fingerprint = renderer.photo_fingerprint(out)
            if _reusable(old.get(out.path), fingerprint, folder / out.path):
                reuse(out.path)
            else:
                webs.append((out, fingerprint))
    fresh = all(_reusable(old.get(out.path), fp, folder / out.path) for out, _, _, fp in cards)
    if fresh:
        for out, _, _, _ in cards:
            reuse(out.path)
        if not webs:
            finish()
            return

    def done(outcome: Any) -> None:
        if outcome and isinstance(outcome[0], Problem):
            result.problems.extend(outcome)
            return
        made_cards, made_photos = outcome
        for (out, _, entry, fingerprint), card in zip(cards, made_cards, strict=False):
            problems = renderer.card_problems(card)
            result.problems.extend(problems)
            entry = {**entry, "width": card.width, "height": card.height}
            records[out.path] = writer.write(
                folder / out.path, card.data, entry, fingerprint, problems
            )
        for (out, fingerprint), (_, data, width, height) in zip(webs, made_photos, strict=True):
            records[out.path] = writer.write(
                folder / out.path, data, renderer.photo_entry(out, width, height), fingerprint, []
            )
        finish()

    session.cards.submit(
        [] if fresh else [request for _, request, _, _ in cards],
        [(out.path, renderer.photo_path(out), WEB_PHOTO_EDGE) for out, _ in webs],
        done,
    )


def write_site_index(session: Session, writer: Writer, report: Report) -> None:
    """output/index.html, adoptable.csv and adoptable.json, from every built story's record."""
    output_dir = session.project.output_dir
    present = {p.stem for p in story_paths(session.project)}
    summaries, listed = [], []
    known = {**(session.index.stories if session.index else {}), **writer.records}
    for slug, record in sorted(known.items()):
        if slug not in present:
            continue
        page = record["outputs"].get("index.html", {})
        if "summary" in page:
            summaries.append(page["summary"])
        try:
            listed.extend(json.loads((output_dir / slug / "listing.json").read_text("utf-8")))
        except (OSError, ValueError):
            continue
    try:
        files = site_index(
            summaries, listed, session.project.config, session.today, session.templates
        )
    except StorykitError as err:
        report.problems.extend(err.problems)
        return
    for name, data in files.items():
        writer.write(output_dir / name, data, {"path": name}, "", [])


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

    def record(self, loaded: LoadedStory, records: dict[str, dict[str, Any]]) -> None:
        """Remember a built story: its inputs (case file, photos) and its outputs."""
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
        }


def load_stories(session: Session, slugs: tuple[str, ...]) -> list[LoadedStory]:
    return [
        load_story(p, session.project, session.today) for p in story_paths(session.project, slugs)
    ]


def run(
    root: Path,
    slugs: tuple[str, ...] = (),
    today: dt.date | None = None,
    *,
    write_files: bool = True,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Build (or, with write_files False, only check) the project at *root*."""
    report = Report()
    session = open_session(root, today, report, jobs)
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
            loaded = load_story(path, session.project, session.today)
            result = StoryResult(loaded.slug, loaded.path, problems=list(loaded.problems))
            report.stories.append(result)
            if loaded.ok:
                build_story(session, loaded, result, None)
        return report
    with build_lock(output_dir):
        remove_temp_files(output_dir)
        started = time.time_ns()
        index = session.index = Index.load(root)
        key = global_key(root, session.today)
        same = index.key == key and index.date == session.today.isoformat()
        writer = Writer(report, index)
        befores: dict[str, set[str]] = {}
        try:
            for n, path in enumerate(paths):
                if progress:
                    progress(n, len(paths))
                slug = path.stem
                folder = output_dir / slug
                record = index.stories.get(slug)
                if same and index.story_fresh(slug):
                    assert record is not None
                    report.unchanged += len(record["outputs"])
                    report.stories.append(
                        StoryResult(
                            slug,
                            path,
                            built=True,
                            files=[o["entry"] for o in record["outputs"].values()],
                            problems=[
                                problem_from_data(p, session.project.root)
                                for p in record.get("problems", [])
                            ]
                            + [
                                problem_from_data(p, session.project.root)
                                for o in record["outputs"].values()
                                for p in o.get("problems", [])
                            ],
                        )
                    )
                    writer.records[slug] = record
                    continue
                loaded = load_story(path, session.project, session.today)
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
            present = {p.stem for p in story_paths(session.project)}
            index.stories = {
                s: r for s, r in {**index.stories, **writer.records}.items() if s in present
            }
            for story in report.stories:
                if story.failed:
                    index.stories.pop(story.slug, None)
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
