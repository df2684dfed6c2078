"""The plain data every template sees for a story, and the text filters templates use."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import markdown as md

from . import language
from .errors import Location, Problem
from .hashtags import HashtagProblem, dedupe_and_cap
from .hashtags import validate as validate_hashtag
from .model import Config, Story
from .platforms import Platform
from .sanitize import clean_html, html_to_text
from .templates import Templates
from .yamlload import Document

SPECIES_EMOJI = {"dog": "🐶", "cat": "🐱", "rabbit": "🐰", "other": "🐾"}


def markdown_html(text: str) -> str:
    """Markdown from a case file as safe HTML: rendered, then sanitised."""
    return clean_html(md.markdown(str(text or ""), extensions=["sane_lists"], output_format="html"))


def markdown_plain(text: str) -> str:
    """Markdown from a case file as plain text: paragraphs joined, marks removed."""
    return html_to_text(markdown_html(text))


def sentence_case(text: str) -> str:
    """Upper-case the first letter and leave the rest alone ('95 percent' stays as it is)."""
    text = str(text).strip()
    return text[:1].upper() + text[1:]


def tag(name: str) -> str:
    return "#" + str(name)


def safe_url(url: str) -> str:
    """A link only if it is http(s) or mailto; anything else (javascript:, data:) becomes '#'."""
    url = str(url or "").strip()
    return url if re.match(r"^(https?://|mailto:)", url, re.I) else "#"


def make_templates(project_templates: Any, today: dt.date) -> Templates:
    """The template renderer with storykit's filters and the language filters registered."""
    from markupsafe import Markup

    templates = Templates(
        project_templates,
        filters={
            "markdown": lambda text: Markup(markdown_html(text)),
            "plain": markdown_plain,
            "sentence_case": sentence_case,
            "tag": tag,
            "safe_url": safe_url,
        },
    )
    language.register(templates.env, today)
    return templates


def hashtag_list(
    story: Story, doc: Document | None, config: Config, config_doc: Document | None
) -> tuple[list[str], list[Problem]]:
    """The story's hashtags then the project's defaults, normalised and de-duplicated."""
    tags: list[str] = []
    problems: list[Problem] = []
    sources = [(story.hashtags, doc, ("hashtags",)), (config.hashtags, config_doc, ("hashtags",))]
    for values, source, where in sources:
        for i, raw in enumerate(values):
            try:
                tags.append(validate_hashtag(raw))
            except HashtagProblem as err:
                location = source.locate((*where, i)) if source else Location("storykit.yaml")
                problems.append(
                    Problem(
                        location,
                        f"the hashtag '{raw}' cannot be used: {err}",
                        "use letters and digits (with at least one letter), e.g. FosterKittens",
                    )
                )
    return dedupe_and_cap(tags, None), problems


def fee_text(story: Story) -> str:
    fee = story.adoption.fee
    if story.adoption.fee_waived:
        return "waived"
    if fee is None:
        return ""
    return f"${fee:,.0f}" if float(fee).is_integer() else f"${fee:,.2f}"


def story_context(story: Story, config: Config, today: dt.date, slug: str) -> dict[str, Any]:
    """Everything a template may use for one story (documented in docs/templates.md)."""
    animals = list(story.animals)
    species = {a.species for a in animals}
    emoji = "".join(
        SPECIES_EMOJI[s] for s in sorted(species, key=["dog", "cat", "rabbit", "other"].index)
    )
    return {
        "slug": slug,
        "story": story,
        "animals": animals,
        "names": language.join_names([a.name for a in animals]),
        "foster": story.foster,
        "organisation": config.organisation,
        "brand": config.brand,
        "link": story.adoption.url or "",
        "contact": story.adoption.contact or "",
        "fee_text": fee_text(story),
        "emoji": emoji,
        "today": today,
        "status_label": STATUS_LABELS[story.status],
        "badge": STATUS_BADGES[story.status],
        "org_name": (
            story.foster.organization
            if story.foster and story.foster.organization
            else config.organisation.name
        ),
    }


STATUS_BADGES = {
    "available": "Adopt me",
    "pending": "Adoption pending",
    "adopted": "Adopted!",
    "reunited": "Reunited",
    "hold": "Coming soon",
}
STATUS_LABELS = {
    "available": "Available for adoption",
    "pending": "Adoption pending",
    "adopted": "Adopted!",
    "reunited": "Reunited",
    "hold": "Not available yet",
}


def platform_context(
    base: dict[str, Any], platform: Platform, hashtags: list[str]
) -> dict[str, Any]:
    """The story's context with one platform's rules, capped hashtags and the foster's handle."""
    foster = base["foster"]
    handle = ""
    if foster is not None and platform.handle_key and platform.handle_key in foster.handles:
        handle = "@" + foster.handles[platform.handle_key]
    return {
        **base,
        "platform": platform,
        "hashtags": dedupe_and_cap(hashtags, platform.hashtag_cap),
        "all_hashtags": hashtags,
        "handle": handle,
        "short": platform.limit <= 500,
    }
