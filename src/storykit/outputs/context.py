"""The plain data every template sees for a story, and the text filters templates use."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING, TypedDict

from markdown_it import MarkdownIt

from storykit.errors import Location, Problem
from storykit.load.document import Document
from storykit.load.model import STATUSES, Animal, Brand, Config, Foster, Organisation, Story
from storykit.text import language
from storykit.text.counting import ends_with_emoji
from storykit.text.hashtags import HashtagProblem, dedupe_and_cap
from storykit.text.hashtags import validate as validate_hashtag
from storykit.text.platforms import Platform
from storykit.text.sanitize import clean_html, html_to_markdown, html_to_text

if TYPE_CHECKING:
    from storykit.outputs.jinja import Templates


# CommonMark, as fosters write it: a list may follow its line with no blank line between,
# bare URLs (https://..., www.example.org) become links, ~~struck~~ text. Raw HTML is parsed
# so that the sanitiser (not the Markdown parser) decides what of it stays.
_MARKDOWN = MarkdownIt("commonmark", {"linkify": True, "html": True}).enable(
    ["linkify", "strikethrough"]
)


@lru_cache(maxsize=64)
def markdown_html(text: str) -> str:
    """Markdown from a case file as safe HTML: rendered, then sanitised."""
    return clean_html(_MARKDOWN.render(str(text or ""))).rstrip("\n")


@lru_cache(maxsize=64)
def markdown_plain(text: str, links: bool = False) -> str:
    """Markdown from a case file as plain text: paragraphs apart by a blank line, a list as
    one "• item" line per item, no marks; with *links*, a link's address after its words
    ("his recovery diary (https://...)"), for text where a reader can follow or copy it."""
    return html_to_text(markdown_html(text), links)


def markdown_safe(text: str) -> str:
    """Markdown from a case file as safe Markdown: what markdown_html keeps, written back."""
    return html_to_markdown(markdown_html(text))


def sentence_case(text: str) -> str:
    """Upper-case the first letter and leave the rest alone ('95 percent' stays as it is)."""
    text = str(text).strip()
    return text[:1].upper() + text[1:]


def full_stop(text: str) -> str:
    """*text* ending as a sentence does: a full stop added unless it ends with . ! ? or …
    (before any closing quote or bracket)."""
    text = str(text).strip()
    if not text or re.search(r"[.!?…][\"”’)\]]*$", text):
        return text
    return text + "."


def tag(name: str) -> str:
    return "#" + str(name)


def safe_url(url: str) -> str:
    """A link only if it is http(s) or mailto; anything else (javascript:, data:) becomes '#'."""
    url = str(url or "").strip()
    return url if re.match(r"^(https?://|mailto:)", url, re.I) else "#"


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


def money(amount: float) -> str:
    """An amount as adopters read it: "$120", "$1,250", "$99.50"."""
    return f"${amount:,.0f}" if float(amount).is_integer() else f"${amount:,.2f}"


def fee_text(story: Story) -> str:
    """The story's adoption fee in words: "waived", "$120", or "" when none is given."""
    if story.adoption.fee_waived:
        return "waived"
    return "" if story.adoption.fee is None else money(story.adoption.fee)


def adopted_together(story: Story) -> bool:
    """Whether the story's animals go to one home: the case file says, else a pair does
    and a litter (three or more) goes one by one."""
    together = story.adoption.together
    return len(story.animals) == 2 if together is None else together


class StoryContext(TypedDict):
    """Everything a template may use for one story (documented in docs/templates.md)."""

    slug: str
    story: Story
    headline: str
    animals: list[Animal]
    names: str
    together: bool
    adopt_names: str
    foster: Foster | None
    organisation: Organisation
    brand: Brand
    link: str
    org_link: str
    contact: str
    fee_text: str
    emoji: str
    headline_emoji: str
    today: dt.date
    status_label: str
    badge: str
    org_name: str


class PlatformContext(StoryContext):
    """A story's context for one platform's caption or thread."""

    platform: Platform
    hashtags: list[str]
    all_hashtags: list[str]
    handle: str
    short: bool


def story_context(story: Story, config: Config, today: dt.date, slug: str) -> StoryContext:
    """Everything a template may use for one story (documented in docs/templates.md)."""
    animals = list(story.animals)
    emoji = language.species_emoji(animals)
    together = adopted_together(story)
    return StoryContext(
        slug=slug,
        story=story,
        headline=story.headline or "",
        animals=animals,
        names=language.join_names([a.name for a in animals]),
        together=together,
        # who an adopter can take home: "Ada and Bo" together, "Ada, Bo or Cy" one by one
        adopt_names=language.join_names(
            [a.name for a in animals], "and" if together or len(animals) < 3 else "or"
        ),
        foster=story.foster,
        organisation=config.organisation,
        brand=config.brand,
        link=story.adoption.url or "",
        org_link=config.organisation.animals_link,
        contact=story.adoption.contact or "",
        fee_text=fee_text(story),
        emoji=emoji,
        # the species' emoji after the headline, unless the headline ends with one already
        headline_emoji="" if ends_with_emoji(story.headline or "") else emoji,
        today=today,
        status_label=STATUS_LABELS[story.status],
        badge=badge(story.status, len(animals), together),
        org_name=(
            story.foster.organization
            if story.foster and story.foster.organization
            else config.organisation.name
        ),
    )


def badge(status: str, count: int, together: bool) -> str:
    """The card's badge: the status, worded for one animal, several, or several together."""
    if status != "available":
        return STATUS_BADGES[status]
    if count == 1:
        return "Adopt me"
    return "Adopt us together" if together else "Adopt us"


def with_headline(
    story: Story, templates: Templates, context: StoryContext
) -> tuple[Story, StoryContext]:
    """The story with its headline, and its context: the case file's headline, else one the
    status template writes (headline.txt, from the context)."""
    if story.headline:
        return story, context
    line = " ".join(templates.render("headline.txt", context).split())
    story = story.model_copy(update={"headline": line})
    emoji = "" if ends_with_emoji(line) else context["emoji"]
    return story, {**context, "story": story, "headline": line, "headline_emoji": emoji}


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
if not set(STATUS_BADGES) == set(STATUS_LABELS) == set(STATUSES):
    raise AssertionError("STATUS_BADGES and STATUS_LABELS must word every status of model.Status")


def platform_context(
    base: StoryContext, platform: Platform, hashtags: list[str]
) -> PlatformContext:
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
