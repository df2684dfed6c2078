"""The pipeline: load -> validate -> plan outputs -> render -> write, one story at a time."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .captions import Caption, render_caption
from .cards import CardRequest, CardStyle, PhotoSource, open_photo_size, render_cards
from .context import hashtag_list, make_templates, platform_context, story_context
from .counting import Measure, measure
from .errors import Location, Problem, StorykitError
from .fsutil import write_atomic
from .hashtags import dedupe_and_cap, normalise
from .layouts import load_layouts
from .model import SIZES, Config
from .plan import Output, PlatformPlan, plan_story, resolve_platforms
from .project import (
    LoadedStory,
    Project,
    find_root,
    load_project,
    load_story,
    story_paths,
)
from .state import (
    build_lock,
    previous_files,
    remove_listed,
    remove_orphans,
    remove_temp_files,
)
from .templates import Templates


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


def open_session(root: Path, today: dt.date | None, report: Report) -> Session | None:
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
    return Session(project, project.today(today), platforms, templates, layouts)


def _render_text(
    session: Session, loaded: LoadedStory, outputs: list[Output], result: StoryResult
) -> dict[str, bytes]:
    """Blurbs and captions as bytes by output path; captions fitted to their platforms."""
    story = loaded.story
    assert story is not None
    config = session.project.config
    base = story_context(story, config, session.today, loaded.slug)
    tags, problems = hashtag_list(story, loaded.doc, config, session.project.config_doc)
    own = [t for t in tags if t.lower() in {normalise(h).lower() for h in story.hashtags}]
    result.problems.extend(problems)
    by_name = {p.platform.name: p.platform for p in session.platforms}
    files: dict[str, bytes] = {}
    for out in outputs:
        if out.kind == "blurb":
            files[out.path] = session.templates.render(out.template or "", base).encode()
        elif out.kind == "caption":
            platform = by_name[out.platform or ""]
            caption = render_caption(
                session.templates, platform, platform_context(base, platform, tags)
            )
            result.captions.append(caption)
            own_cut = [
                h
                for h in dedupe_and_cap(own, None)
                if h.lower() not in {u.lower() for u in caption.hashtags}
            ]
            if own_cut and (platform.hashtag_cap or 0) > 1 and "tags" not in caption.dropped:
                result.problems.append(
                    Problem(
                        loaded.doc.locate(("hashtags",))
                        if loaded.doc
                        else Location.of(loaded.path),
                        f"{platform.label} takes at most {platform.hashtag_cap} hashtags, so the "
                        f"caption leaves out the story's own " + " ".join("#" + h for h in own_cut),
                        "put the most important hashtags first in the story's list",
                        "warning",
                    )
                )
            if not caption.ok:
                over = f"{caption.length} of {caption.limit}"
                if caption.max_bytes and caption.bytes and caption.bytes > caption.max_bytes:
                    over += f" ({caption.bytes} of {caption.max_bytes} bytes)"
                result.problems.append(
                    Problem(
                        Location.of(loaded.path),
                        f"the {platform.label} caption of '{loaded.slug}' cannot be made to fit: "
                        f"{over} even with every optional part left out",
                        "shorten the headline, summary or call to action, or raise the limit "
                        f"for {platform.name} in storykit.yaml",
                    )
                )
            files[out.path] = (caption.text + "\n").encode()
    return files


def _render_cards(
    session: Session, loaded: LoadedStory, outputs: list[Output], result: StoryResult
) -> tuple[dict[str, bytes], dict[str, dict[str, Any]]]:
    """Cards as bytes by output path, with their width, height and alt text."""
    from .alt import card_alt, photo_alt

    story = loaded.story
    assert story is not None
    config = session.project.config
    base = story_context(story, config, session.today, loaded.slug)
    style = card_style(session.project)
    requests: list[CardRequest] = []
    alts: dict[str, str] = {}
    for out in outputs:
        if out.kind != "card":
            continue
        layout = session.layouts[out.layout or "photo"]
        photos = [story.photos[i] for i in out.photos]
        credits = list(dict.fromkeys(p.credit for p in photos if p.credit))
        ctx = {
            **base,
            "photo": photos[0] if photos else None,
            "photos": photos,
            "size": out.size,
            "credit": ("Photo: " if len(credits) == 1 else "Photos: ") + ", ".join(credits)
            if credits
            else "",
        }
        texts = {
            name: session.templates.render_string(tmpl, ctx, layout_origin(layout, name)).strip()
            for name, tmpl in layout_templates(layout).items()
        }
        requests.append(
            CardRequest(
                key=out.path,
                layout=layout,
                size=SIZES[out.size or "square"],
                photos=tuple(
                    PhotoSource(loaded.path.parent / p.file, tuple(p.focus)) for p in photos
                ),
                texts=texts,
                style=style,
            )
        )
        described = [photo_alt(session.templates, base, p) for p in photos]
        alts[out.path] = card_alt(session.templates, base, described, texts, session.platforms)
    files: dict[str, bytes] = {}
    meta: dict[str, dict[str, Any]] = {}
    for card in render_cards(requests):
        files[card.key] = card.data
        meta[card.key] = {"width": card.width, "height": card.height, "alt": alts[card.key]}
        result.problems.extend(
            Problem(Location.of(loaded.path), w, "", "warning") for w in card.warnings
        )
    return files, meta


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


def layout_templates(layout: Any) -> dict[str, str]:
    return dict(layout.templates)


def layout_origin(layout: Any, name: str) -> Location:
    return Location.of(layout.source or f"cards/{layout.name}.yaml")


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
    write: Callable[[Path, bytes], bool] | None,
) -> None:
    """Plan, render and write one valid story into output/<slug>/ (only check if write is None)."""
    story = loaded.story
    assert story is not None
    outputs = plan_story(story, session.project.config, session.platforms)
    try:
        files = _render_text(session, loaded, outputs, result)
        if write is None:
            check_photos(loaded, result)
            return
        card_files, card_meta = _render_cards(session, loaded, outputs, result)
    except StorykitError as err:
        result.problems.extend(err.problems)
        return
    if result.failed:
        return
    files.update(card_files)
    captions = {c.platform: c for c in result.captions}
    entries: list[dict[str, Any]] = []
    folder = session.project.output_dir / loaded.slug
    for out in outputs:
        if out.kind == "manifest":
            continue
        entry: dict[str, Any] = {"path": out.path, "kind": out.kind}
        if out.kind == "caption":
            c = captions[out.platform or ""]
            entry.update(
                platform=c.platform,
                length=c.length,
                limit=c.limit,
                hashtags=c.hashtags,
                dropped=list(c.dropped),
            )
        elif out.kind == "card":
            entry.update(
                card_meta[out.path], size=out.size, layout=out.layout, platforms=list(out.platforms)
            )
        entries.append(entry)
        write(folder / out.path, files[out.path])
    entries.append({"path": "story.json", "kind": "manifest"})
    write(folder / "story.json", manifest(loaded, session.today, entries))
    result.files = entries
    result.built = True


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
) -> Report:
    """Build (or, with write_files False, only check) the project at *root*."""
    report = Report()
    session = open_session(root, today, report)
    if session is None:
        return report
    try:
        stories = load_stories(session, slugs)
    except StorykitError as err:
        report.problems.extend(err.problems)
        return report
    if not stories:
        report.problems.append(
            Problem(
                Location.of(session.project.stories_dir),
                "there are no case files in stories/",
                "create one with 'storykit new my-story'",
            )
        )

    def write(path: Path, data: bytes) -> bool:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            report.unchanged += 1
            return False
        write_atomic(path, data)
        report.written += 1
        return True

    project_broken = any(p.is_error for p in report.problems)
    writing = write_files and not project_broken
    output_dir = session.project.output_dir
    with build_lock(output_dir) if writing else contextlib.nullcontext():
        if writing:
            remove_temp_files(output_dir)
        for loaded in stories:
            result = StoryResult(loaded.slug, loaded.path, problems=list(loaded.problems))
            report.stories.append(result)
            folder = output_dir / loaded.slug
            before = previous_files(folder) if writing else set()
            if loaded.ok:
                build_story(session, loaded, result, write if writing else None)
            if result.built:
                report.removed += remove_listed(folder, before - {f["path"] for f in result.files})
        if writing and not slugs:
            report.removed += remove_orphans(output_dir, {s.slug for s in stories})
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
