"""What the card engine is asked for and gives back, and how far each photo is decoded."""

# Plain data and photo headers only: a build's main process plans cards with this module
# without loading the drawing and font machinery, which only its workers need.

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storykit.cards.geometry import (
    CENTRE,
    Rect,
    draft_divisor,
    fraction_rect,
    place_photo,
    split,
    unit,
)
from storykit.cards.layout import CardStyle, Design, Layout, PhotoSource
from storykit.errors import Problem, StorykitError

if TYPE_CHECKING:
    from storykit.cards.framing import Framing
    from storykit.cards.photo import PhotoInfo
    from storykit.cards.subjects import Subject


@dataclass(frozen=True)
class CardRequest:
    """One card to make: where it goes, its layout and size, its photos, texts and style."""

    key: str
    layout: Layout
    size: tuple[int, int]
    photos: tuple[PhotoSource, ...]
    texts: Mapping[str, str]
    style: CardStyle


WEB_EDGE = 2048  # the web-size copies' long edge is at most this many pixels
WEB_QUALITY = 85  # and they are JPEGs of this quality


@dataclass(frozen=True)
class PhotoCopy:
    """A whole photo to publish (web pages, adoption sites): upright, sRGB, no metadata,
    encoded as JPEG at *quality*.

    Its size is the photo's divided by 1, 2, 4 or 8, the first that brings the long edge
    to *edge* px or under: exact halvings are what a JPEG decoder gives for free, and stay
    sharp. Only a photo over 8 x *edge* is resized to *edge* exactly.
    """

    key: str
    path: Path
    edge: int = WEB_EDGE
    quality: int = WEB_QUALITY

    def scale(self, size: tuple[int, int]) -> float:
        long = max(size)
        for d in (1, 2, 4, 8):
            if long / d <= self.edge:
                return 1 / d
        return self.edge / long


class CardNote(str):
    """A warning from the card engine, as text, with what to do about it (*hint*), the photo
    it is about (*photo*, as the request named it), so it can be shown at that photo, and
    the card it was found on (*card*, the request's key; None when it is about the photo
    whatever card shows it). The text does not name the card: the same warning found on
    several cards is one warning, naming them."""

    hint: str
    photo: str | None
    card: str | None

    def __new__(
        cls, text: str, hint: str = "", photo: str | None = None, card: str | None = None
    ) -> CardNote:
        note = super().__new__(cls, text)
        note.hint, note.photo, note.card = hint, photo, card
        return note

    def on(self, card: str) -> CardNote:
        """This note, found on *card*."""
        return CardNote(str(self), self.hint, self.photo, card)


HINT_LARGER_PHOTO = (
    "use a larger photo (the phone's original, not one saved from a message or a web page), "
    "or allow more enlarging with cards.max_upscale in storykit.yaml"
)


def enlarge_note(req: CardRequest, photo: PhotoSource, size: tuple[int, int]) -> CardNote:
    """A photo of *size* (upright) too small for its place on the card: it would have to be
    enlarged beyond the style's max_upscale to fill it, so it is shown smaller."""
    w, h = size
    return CardNote(
        f"photo {photo.path} is only {w}x{h} px: too small to fill its place without "
        f"enlarging it beyond {req.style.max_upscale:g}x",
        HINT_LARGER_PHOTO,
        str(photo.path),
        req.key,
    )


def enlarge_notes(
    requests: Sequence[CardRequest], infos: Mapping[Path, PhotoInfo]
) -> list[CardNote]:
    """What the cards will say about photos too small for them, from the photos' headers:
    :func:`enlarge_note` for each card and photo that :func:`place_photo` limits."""
    notes = []
    for req in requests:
        for ps, area in placements(req, infos):
            size = infos[Path(ps.path)].size
            if place_photo(*size, area, CENTRE, req.style.max_upscale).limited:
                notes.append(enlarge_note(req, ps, size))
    return notes


@dataclass
class CardResult:
    """A rendered card (or photo copy): its key, encoded bytes, size, warnings naming the
    file; how each photo was framed (in order), each drawn text field's box (px), and the
    animals this render found, by photo path, for photos sent with ``subjects=None``."""

    key: str
    data: bytes
    width: int
    height: int
    warnings: list[CardNote] = field(default_factory=list)
    framing: tuple[Framing, ...] = ()
    text_boxes: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    detected: dict[str, tuple[Subject, ...]] = field(default_factory=dict)


def needs_detection(ps: PhotoSource) -> bool:
    """Whether the engine finds the animals in this photo itself: nothing frames it yet."""
    return ps.searched and ps.focus is None and ps.subject is None and ps.subjects is None


def none_found(ps: PhotoSource, subjects: tuple[Subject, ...]) -> bool:
    """Whether the animals were looked for in this photo (now or by an earlier build) and
    none was found: nothing says where a head is, so no crop is known to keep it."""
    return ps.searched and ps.focus is None and ps.subject is None and not subjects


def photo_areas(design: Design, size: tuple[int, int], count: int) -> list[Rect]:
    """Where each photo goes on a card of this size."""
    if count <= 0:
        return []
    area = fraction_rect(design.photo_area, *size)
    return split(area, count, design.split, round(design.gutter * unit(*size)))


def card_photos(req: CardRequest) -> tuple[PhotoSource, ...]:
    return tuple(req.photos[: req.layout.photos])


def placements(req: CardRequest, infos: Mapping[Path, PhotoInfo]) -> list[tuple[PhotoSource, Rect]]:
    design = req.layout.design_for(*req.size)
    photos = card_photos(req)
    areas = photo_areas(design, req.size, len(photos))
    return list(zip(photos, areas, strict=False))


def probe_all(
    requests: Sequence[CardRequest], copies: Sequence[PhotoCopy]
) -> dict[Path, PhotoInfo]:
    """Every photo's header; StorykitError listing every bad photo."""
    from storykit.cards.photo import probe  # Pillow: only once photos are read

    infos: dict[Path, PhotoInfo] = {}
    problems: list[Problem] = []
    wanted = [Path(ps.path) for req in requests for ps in card_photos(req)]
    for p in dict.fromkeys([*wanted, *(Path(c.path) for c in copies)]):
        try:
            infos[p] = probe(p)
        except StorykitError as exc:
            problems.extend(exc.problems)
    if problems:
        raise StorykitError(problems)
    return infos


def decode_needs(
    requests: Sequence[CardRequest],
    copies: Sequence[PhotoCopy],
    infos: Mapping[Path, PhotoInfo],
) -> dict[Path, float]:
    """Each photo's decode scale: the largest fraction of it any card or copy shows."""
    need: dict[Path, float] = {}
    for req in requests:
        for ps, area in placements(req, infos):
            p = Path(ps.path)
            pl = place_photo(*infos[p].size, area, CENTRE, req.style.max_upscale)
            need[p] = max(need.get(p, 0.0), pl.scale)
    for copy in copies:
        p = Path(copy.path)
        need[p] = max(need.get(p, 0.0), copy.scale(infos[p].size))
    return need


def decode_scales(
    requests: Sequence[CardRequest], copies: Sequence[PhotoCopy] = ()
) -> dict[Path, int]:
    """The JPEG draft divisor each photo of this batch is decoded at (1 if not a JPEG),
    from the photos' headers only. The same divisors give the same pixels: a card or copy
    made before is the same bytes while its own inputs and these are unchanged."""
    infos = probe_all(requests, copies)
    return {
        p: draft_divisor(infos[p].stored, n) if infos[p].format in ("JPEG", "MPO") else 1
        for p, n in decode_needs(requests, copies, infos).items()
    }
