"""The lobby slideshow's data: every animal still waiting, one slide each, with its QR code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storykit import defaults
from storykit.printing.content import Link

WAITING = ("available", "pending", "hold")  # the statuses the lobby shows
SECONDS = defaults.LOBBY_SECONDS  # each slide's time on screen, by default
FEWEST_SECONDS = defaults.LOBBY_FEWEST_SECONDS  # a shorter time is not read by anyone


@dataclass(frozen=True)
class LobbySlide:
    """One story on the lobby's screen: its slug, the names, its status (and the status in
    words), a line of the story, its best card (a path inside output/, None: no photo),
    that card's alt text, the link its QR code opens (None: no code) and that code as an
    inline <svg> (segno's: its modules only; "" without a link)."""

    slug: str
    names: str
    status: str
    status_label: str
    line: str
    image: str | None
    alt: str
    link: Link | None
    qr: str


@dataclass(frozen=True)
class LobbySlideView:
    """A slide as the template shows it: the slide, its place, and its QR code as SVG."""

    slide: LobbySlide
    number: int
    qr: str  # an inline <svg> (segno's: its modules only), or "" without a link


@dataclass(frozen=True)
class LobbyContext:
    """What templates/site/lobby.html is rendered with."""

    title: str
    organisation: str
    seconds: float
    slides: tuple[LobbySlideView, ...]

    @property
    def count(self) -> int:
        return len(self.slides)


def lobby_context(
    slides: Sequence[LobbySlide], organisation: str, title: str, seconds: float = SECONDS
) -> LobbyContext:
    """The lobby's context: the slides of stories still waiting, in the order given, each
    with its QR code; *seconds* on screen each (at least FEWEST_SECONDS)."""
    shown = [s for s in slides if s.status in WAITING]
    views = tuple(
        LobbySlideView(s, i, s.qr if s.link is not None else "") for i, s in enumerate(shown, 1)
    )
    return LobbyContext(title, organisation, max(FEWEST_SECONDS, seconds), views)
