"""What one run (a build or a check) shares across its stories: the project, the date, the
platforms, the templates, the card layouts and style, and the index of the last build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from storykit.builder.index import Index
from storykit.cards.layout import CardStyle, Layout
from storykit.cards.logo import logo_file, logo_problems, page_logo
from storykit.errors import Problem, StorykitError
from storykit.load.platforms import PlatformPlan, resolve_platforms
from storykit.load.project import Project, load_project
from storykit.load.root import WORK
from storykit.outputs import context
from storykit.outputs.jinja import Templates
from storykit.outputs.layouts import load_layouts
from storykit.text import language

COMPILED = Path(WORK) / "jinja"  # in output/: templates compiled by earlier builds


@dataclass
class Session:
    """One run's shared settings; *index* is the last build's (None until a run needs it)."""

    project: Project
    today: dt.date
    platforms: list[PlatformPlan]
    templates: Templates
    layouts: dict[str, Layout]
    style: CardStyle
    index: Index | None = None

    def last_build(self) -> Index:
        """The index of the last build, read once (check reads its detections)."""
        if self.index is None:
            self.index = Index.load(self.project.root)
        return self.index


def open_session(
    root: Path, today: dt.date | None, problems: list[Problem], *, writing: bool = False
) -> Session | None:
    """Load storykit.yaml, the templates and the card layouts; their problems go to
    *problems*. None if the run cannot go on.

    A broken storykit.yaml still gives a session (on the defaults), so that the stories
    are checked too and every problem is reported in one run; the run then fails.
    """
    project, found = load_project(root)
    problems.extend([*found, *logo_problems(project)])
    date = project.today(today)
    try:
        platforms = resolve_platforms(project.config)
        compiled = project.output_dir / COMPILED if writing else None
        templates = make_templates(project.templates_dir, date, compiled)
        templates.env.globals["logo"] = page_logo(logo_file(project))  # the pages' header
        layouts, layout_problems = load_layouts(project.templates_dir)
        problems.extend(layout_problems)
    except StorykitError as err:
        problems.extend(err.problems)
        return None
    return Session(project, date, platforms, templates, layouts, card_style(project))


def make_templates(folder: Path, today: dt.date, compiled: Path | None = None) -> Templates:
    """The templates (the project's *folder* over the built-in ones) with storykit's filters
    and the language filters registered; *compiled*, a folder that keeps compiled templates
    between builds."""
    from markupsafe import Markup

    templates = Templates(
        folder,
        filters={
            "markdown": lambda text: Markup(context.markdown_html(text)),
            "markdown_safe": lambda text: Markup(context.markdown_safe(text)),
            "plain": context.markdown_plain,
            "sentence_case": context.sentence_case,
            "full_stop": context.full_stop,
            "tag": context.tag,
            "safe_url": context.safe_url,
        },
        compiled=compiled,
    )
    language.register(templates.env, today)
    return templates


def card_style(project: Project) -> CardStyle:
    """The brand colours, fonts, format and logo every card of the project is drawn with."""
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
