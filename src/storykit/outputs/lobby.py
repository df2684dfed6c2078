"""The lobby slideshow (output/lobby.html): a slide per story still waiting, from the stories'
page summaries, each with its best card, a line of its story and a QR code."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, TypedDict

from typing_extensions import NotRequired

from storykit.load.model import Config, Story
from storykit.outputs.context import markdown_plain
from storykit.outputs.entries import CardEntry, Entry
from storykit.outputs.kits import cover_name
from storykit.outputs.paths import card_stem, photo_stems
from storykit.printing.content import Link
from storykit.printing.lobby import WAITING, LobbySlide, lobby_context
from storykit.printing.qr import qr_svg
from storykit.text.sentences import sentences

if TYPE_CHECKING:
    from storykit.outputs.jinja import Templates
    from storykit.outputs.site import PageSummary

LOBBY = "lobby.html"  # in output/
TITLE = "Meet our animals"
# the card a slide shows, best first: the kit cover's shape that fills a TV's half best
SLIDE_SIZES = ("portrait", "square", "story", "landscape")


class SlideData(TypedDict):
    """What a story's slide shows besides its names and status (kept in its page summary):
    its best card (a path in output/<slug>/, None: the story has no photo) and that card's
    alt text, a line of its story, where its QR code goes (None: no code) and, for a story
    the lobby shows, that code as SVG, made with the story (the lobby of 10,000 stories is
    made again whenever one changes: it does not make 10,000 codes again)."""

    card: str | None
    alt: str
    line: str
    link: str | None
    qr: NotRequired[str]  # absent in a summary kept by an older storykit: made when shown


def slide_data(story: Story, slug: str, config: Config, entries: Sequence[Entry]) -> SlideData:
    """A story's slide, from its case file and the cards its build made (*entries*)."""
    card = best_card(story, [e for e in entries if e["kind"] == "card"])
    link = qr_link(story, slug, config)
    return SlideData(
        card=card["path"] if card else None,
        alt=card["alt"] if card else "",
        line=sentences(markdown_plain(story.summary), 1).strip(),
        link=link,
        qr=qr_svg(link) if link and story.status in WAITING else "",
    )


def _shown_code(data: SlideData) -> str:
    """A slide's QR code as SVG: as its story's build made it, else made now."""
    if "qr" in data:
        return data["qr"]
    return qr_svg(data["link"]) if data["link"] else ""


def best_card(story: Story, cards: Sequence[CardEntry]) -> CardEntry | None:
    """The card a kit's cover is (the pair card, else the strongest photo's), in the first
    of SLIDE_SIZES the story has; None for a story without photos (its slide is words)."""
    if not story.photos:
        return None
    name = cover_name(story, photo_stems(story.photos))
    by_stem = {PurePosixPath(c["path"]).stem: c for c in cards}
    found = (by_stem.get(card_stem(name, size)) for size in SLIDE_SIZES)
    return next((card for card in found if card is not None), None)


def qr_link(story: Story, slug: str, config: Config) -> str | None:
    """Where a slide's QR code goes: the story's adoption page, else its own page where
    output/ is published (site.url), else the page listing the organisation's animals."""
    if story.adoption.url:
        return story.adoption.url
    if config.site.url:
        return config.site.url.rstrip("/") + f"/{slug}/"
    return config.organisation.animals_link or None


def bare_address(target: str) -> str:
    """A link as printed under its code: no scheme, no trailing slash."""
    return target.removeprefix("https://").removeprefix("http://").rstrip("/")


def slide_stories(summaries: Sequence[PageSummary]) -> list[PageSummary]:
    """The stories the lobby shows, in its order: every one still waiting, available first."""
    return sorted(
        (s for s in summaries if s["status"] in WAITING and "slide" in s),
        key=lambda s: (WAITING.index(s["status"]), s["slug"]),
    )


def lobby_page(summaries: Sequence[PageSummary], config: Config, templates: Templates) -> bytes:
    """output/lobby.html: every story still waiting, available ones first, each as a slide."""
    slides = []
    for s in slide_stories(summaries):
        data = s["slide"]
        card, link = data["card"], data["link"]
        slides.append(
            LobbySlide(
                slug=s["slug"],
                names=s["names"],
                status=s["status"],
                status_label=s["status_label"],
                line=data["line"],
                image=f"{s['slug']}/{card}" if card else None,
                alt=data["alt"],
                link=Link(link, bare_address(link)) if link else None,
                qr=_shown_code(data),
            )
        )
    lobby = lobby_context(slides, config.organisation.name, TITLE, config.lobby.seconds)
    return templates.render("site/lobby.html", {"lobby": lobby}).encode()
