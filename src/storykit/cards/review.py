"""What `storykit check` says it saw in each photo: the animals, and whether it can be posted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from storykit.cards.subjects import Subject
from storykit.errors import Severity
from storykit.load.model import Photo, Story
from storykit.text.language import number_words, species_word

if TYPE_CHECKING:
    from PIL import Image

    from storykit.cards.photo import PhotoInfo

# an animal whose body box is under this share of the photo is lost on a card
SMALL_SHARE = 0.04
# the photo's mean grey level (0 black .. 1 white, as stored: sRGB) under which it is too dark
# to post (the sample photos: 0.23 to 0.55; the same photos at a quarter of their levels: 0.06)
DARK_LEVEL = 0.12
# sharpness: the variance of the Laplacian of the photo in grey at GREY_EDGE px (long edge);
# the sample photos give 53 to 400, the same photos blurred (a Gaussian of 1 px at that size)
# 6 to 36 and of 2 px 2 to 8: under this, the photo is too blurred to post
BLURRED = 20.0
GREY_EDGE = 512
# the decode check makes of each photo: a JPEG's smallest draft whose long edge is at least
# this (1/8 of a 12 MP phone photo), to measure sharpness at GREY_EDGE and find the animals
CHECK_EDGE = 480

HINT_FRAME = (
    "add focus: [x, y] (the point to keep in frame) or subject: [left, top, right, bottom] "
    "(the animal's box) to the photo, as fractions of its width and height"
)


@dataclass(frozen=True)
class Looks:
    """How a photo looks, measured on its grey version at GREY_EDGE px."""

    level: float  # mean grey, 0 (black) .. 1 (white)
    sharpness: float  # variance of the Laplacian

    @property
    def dark(self) -> bool:
        return self.level < DARK_LEVEL

    @property
    def blurred(self) -> bool:
        return self.sharpness < BLURRED


def measure_looks(image: Image.Image) -> Looks:
    """Measure an upright decode of the photo (at least GREY_EDGE px long, where it can be)."""
    import cv2
    import numpy as np
    from PIL import Image

    grey = image.convert("L")
    scale = min(1.0, GREY_EDGE / max(grey.size))
    if scale < 1:
        size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
        grey = grey.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    pixels = np.asarray(grey)
    sharpness = float(cv2.Laplacian(pixels, cv2.CV_64F).var())
    return Looks(float(pixels.mean()) / 255, sharpness)


@dataclass(frozen=True)
class PhotoNote:
    """One thing check says about a photo: its words, what to do, and how serious."""

    message: str
    hint: str = ""
    severity: Severity = "note"


def described(
    subjects: Sequence[Subject], photo: Photo, story: Story, today: dt.date | None = None
) -> str:
    """'a dog, head found', 'two animals, heads found', 'two cats, one head found'."""
    shown = [a for a in story.animals if a.name in photo.animals] or story.animals
    n = len(subjects)
    if all(s.kind == "bird" for s in subjects):
        noun = "bird" if n == 1 else "birds"
    else:
        # one animal found in a photo of several: the word for one of them (or "animal")
        one_kind = len({a.species for a in shown}) == 1
        noun = (
            species_word(shown, today, plural=True)
            if n > 1
            else (species_word(shown[0], today) if one_kind else "animal")
        )
    count = ("an" if noun[0] in "aeiou" else "a") if n == 1 else number_words(n)
    heads = sum(1 for s in subjects if s.head is not None)
    if heads == n:
        found = "head found" if n == 1 else "heads found"
    elif heads == 0:
        found = "no head found"
    else:
        found = f"{number_words(heads)} {'head' if heads == 1 else 'heads'} found"
    return f"{count} {noun}, {found}"


def photo_notes(
    photo: Photo,
    story: Story,
    subjects: Sequence[Subject] | None,
    look: Looks,
    today: dt.date | None = None,
) -> list[PhotoNote]:
    """What check says about one photo: what framing will use (the animals found, when
    the case file gives no focus: or subject:), an animal very small in the frame, a photo
    too dark or blurred. *subjects* is None when nothing was looked for (focus: is set)."""
    out: list[PhotoNote] = []
    if photo.subject is not None:
        subjects = [Subject(photo.subject, None, 1.0, "animal")]
    elif subjects is not None and not subjects:
        out.append(
            PhotoNote(
                "no animal found: shown whole on its cards, not cropped", HINT_FRAME, "warning"
            )
        )
    elif subjects is not None:
        out.append(PhotoNote(described(subjects, photo, story, today)))
    from storykit.cards.detect import box_area

    if subjects and max(box_area(s.body) for s in subjects) < SMALL_SHARE:
        out.append(
            PhotoNote(
                "the animal is very small in the photo: it will be hard to see on a card",
                "use a photo taken closer, or crop the photo around the animal",
                "warning",
            )
        )
    if look.dark:
        out.append(
            PhotoNote(
                "the photo is too dark to post",
                "brighten it in the phone's photo editor, or choose a photo taken in more light",
                "warning",
            )
        )
    if look.blurred and not look.dark:  # a dark photo has little contrast to measure
        out.append(
            PhotoNote(
                "the photo is too blurred to post",
                "choose a sharper photo: hold the phone still, or tap the animal to focus",
                "warning",
            )
        )
    return out


@dataclass(frozen=True)
class PhotoReview:
    """What check learns of a photo from one cheap decode: its header, the decode's notes
    (its colour profile), the animals in it (None when none were looked for) and its looks."""

    info: PhotoInfo
    notes: tuple[str, ...]
    found: tuple[Subject, ...] | None
    looks: Looks


def review_photo(
    path: Path, search: bool, cached: Callable[[Path], tuple[Subject, ...] | None]
) -> PhotoReview:
    """Decode *path* once, as cheaply as it can be while still big enough to judge (a JPEG
    at the smallest draft at least CHECK_EDGE px long), and look at it: the animals in it
    when *search* (as *cached* has them from the last build, else found now in that
    decode; check keeps nothing) and how it looks. Raises StorykitError if it is damaged."""
    from storykit.cards.photo import decode, probe

    info = probe(path)
    decoded = decode(info, min(1.0, CHECK_EDGE / max(info.size)))
    found = None
    if search:
        found = cached(path)
        if found is None:
            from storykit.cards.detect import find_animals

            found = find_animals(decoded.image)
    return PhotoReview(info, tuple(decoded.notes), found, measure_looks(decoded.image))
