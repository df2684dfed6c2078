"""What a flyer and a kennel card show: typed records of plain, already-worded strings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storykit import defaults
from storykit.cards.layout import CardStyle
from storykit.printing.paper import Paper

# Every text here is final: worded by the builder (from templates/print/, which a project
# may override), plain text, no Markdown or HTML. The PDF code only sets them.


@dataclass(frozen=True)
class PrintedFact:
    """One known, true fact: "Age" / "2 years (adult)"."""

    label: str
    value: str


@dataclass(frozen=True)
class FactGroup:
    """Facts under a title: the animal's name in a story of several (or "Both" for what
    they share); an empty title for a story of one."""

    title: str
    facts: tuple[PrintedFact, ...]


def group_facts(
    per_animal: Sequence[tuple[str, tuple[PrintedFact, ...]]], together: str
) -> tuple[FactGroup, ...]:
    """The facts of a story's animals as groups. One animal: its facts, untitled. Several:
    the facts all of them share, once, under *together* ("Both", "All five"), then each
    animal's own under its name (an animal with nothing of its own is left out)."""
    if len(per_animal) == 1:
        return (FactGroup("", per_animal[0][1]),)
    first = per_animal[0][1] if per_animal else ()
    shared = tuple(f for f in first if all(f in facts for _, facts in per_animal[1:]))
    if not together:
        shared = ()
    groups = [FactGroup(together, shared)] if shared else []
    for name, facts in per_animal:
        own = tuple(f for f in facts if f not in shared)
        if own:
            groups.append(FactGroup(name, own))
    return tuple(groups)


@dataclass(frozen=True)
class PrintPhoto:
    """A photo ready to place: a JPEG already framed on the animals at the pixel size of its
    box (the card engine's print-photo layout: upright, sRGB, no metadata), and what a
    screen reader says of it."""

    data: bytes
    width: int
    height: int
    alt: str = ""


@dataclass(frozen=True)
class PrintedQuote:
    """Words shown large where a story without a photo would have one."""

    text: str
    by: str = ""


@dataclass(frozen=True)
class Link:
    """Where the QR code goes (*target*, an http(s) address) and the text printed under it."""

    target: str
    text: str


@dataclass(frozen=True)
class CallToAction:
    """What the reader should do, by status: "Adopt Biscuit" / "Scan the code to apply"."""

    heading: str
    line: str


@dataclass(frozen=True)
class PrintStyle:
    """The organisation's look on paper: brand colours (used for text only where they read
    at 4.5:1 on white in colour and in grey), fonts (None: the packaged Open Sans), fonts to
    try for characters those lack (then the packaged emoji font and the machine's fonts),
    and the logo (a PNG or JPEG; its metadata is never copied)."""

    primary: str = defaults.PRIMARY
    accent: str = defaults.ACCENT
    font_regular: Path | None = None
    font_bold: Path | None = None
    fallback_fonts: tuple[Path, ...] = ()
    logo: Path | None = None

    @classmethod
    def of_cards(cls, style: CardStyle) -> PrintStyle:
        """The print style of a project whose cards have *style*."""
        return cls(
            style.primary,
            style.accent,
            style.font_regular,
            style.font_bold,
            style.fallback_fonts,
            style.logo,
        )


@dataclass(frozen=True)
class FlyerContent:
    """One story's flyer.

    *badge* is the status in a word or two ("Adopt me", "Adopted!"); *photo* the best photo,
    or None: then *quote* is shown large in its place. *story* is the story's paragraphs
    (as much of them as fits is printed: whole paragraphs, then whole sentences, keeping
    the opening). *link* None: no QR code (the call to action says where to go). *date* is
    the build date, the PDF's creation date.
    """

    paper: Paper
    status: str
    badge: str
    headline: str
    names: str
    photo: PrintPhoto | None
    quote: PrintedQuote | None
    facts: tuple[FactGroup, ...]
    story: tuple[str, ...]
    action: CallToAction
    link: Link | None
    organisation: str
    date: dt.date
    title: str = ""  # the PDF's title (a viewer's window shows it); empty: the headline
    language: str = "en"


@dataclass(frozen=True)
class KennelCard:
    """One animal's kennel (cage) card: its name, status, own photo, the cage-card facts the
    case file holds (age or birth date, sex, neutered, breed, colour, size, arrival and days
    in care, good with dogs, cats and kids, house-trained, microchip, ID), notes, and its
    own link with the line that says what scanning it does. *notes* may hold paragraphs
    (apart by a blank line): as many as fit are printed, whole sentences kept."""

    paper: Paper
    name: str
    badge: str
    photo: PrintPhoto | None
    facts: tuple[PrintedFact, ...]
    notes: str
    link: Link | None
    action: str
    organisation: str
    date: dt.date
    language: str = "en"
