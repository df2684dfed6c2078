"""What build and check say about a story's flyer and kennel cards, in the same words: no link
for the QR code, characters no font can print, a photo that prints soft."""

from __future__ import annotations

from collections.abc import Sequence

from storykit.builder.job import StoryJob
from storykit.errors import Location, Problem
from storykit.printing.layout import Box
from storykit.printing.paper import pixels

SHARP_DPI = 150  # a photo printed at fewer dots per inch looks soft on paper


def no_link(job: StoryJob, label: str, instead: str) -> Problem:
    """*label* (the flyer, the kennel cards) has no QR code, for want of a link: what is
    missing, and what it prints instead (*instead*: its words where the code would be)."""
    where = Location.of(job.loaded.path)
    said = f", so it says “{instead}” instead" if instead else ""
    if job.story.status == "available":
        return Problem(
            where,
            f"{label} will have no QR code: the story has no adoption link (adoption: url:) "
            f"and storykit.yaml no organisation.animals_url{said}",
            "add the adoption page's address to the story (adoption: {url: https://...}), "
            "or the page listing your animals to storykit.yaml (organisation: "
            "{animals_url: https://...})",
            "warning",
        )
    return Problem(
        where,
        f"{label} will have no QR code: storykit.yaml has no organisation.animals_url, "
        f"where a story that is {job.story.status} sends people to meet the animals still "
        f"waiting{said}",
        "add the page listing your animals to storykit.yaml: organisation: "
        "{animals_url: https://...}",
        "note",
    )


def missing_characters(job: StoryJob, label: str, missing: Sequence[str]) -> Problem:
    """Characters of *label*'s texts that no font it can embed has (left out)."""
    one = len(missing) == 1
    return Problem(
        Location.of(job.loaded.path),
        f"no font that can go into a PDF has {', '.join(missing)}, so {label} leaves "
        f"{'it' if one else 'them'} out",
        f"add a TrueType or OpenType font that has {'it' if one else 'them'} to "
        "cards.fonts.fallback in storykit.yaml (for emoji, a colour font of the COLR kind: "
        "bitmap emoji fonts cannot be printed sharp)",
        "warning",
    )


def soft_photo(job: StoryJob, photo: int, label: str, dpi: float, box: Box) -> Problem:
    """The story's photo number *photo* prints at *dpi* in *box* on *label*: under
    SHARP_DPI, it looks soft on paper."""
    file = job.story.photos[photo].file
    w, h = pixels(box.w, SHARP_DPI), pixels(box.h, SHARP_DPI)
    return Problem(
        job.photo_line(photo),
        f"{file} prints at {dpi:.0f} dpi on {label}, so it looks soft on paper: a photo of "
        f"{w}x{h} px or more prints sharp there ({SHARP_DPI} dpi)",
        "use a larger photo (the phone's original, not one saved from a message or a web page)",
        "warning",
    )
