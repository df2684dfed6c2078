"""Pure layout maths: size classes, safe areas, focus-point cover crops, splits, draft scales."""

from __future__ import annotations

import math
from dataclasses import dataclass

from storykit.text.platforms import CARD_SIZES

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
CENTRE = (0.5, 0.5)  # the focus of a crop nothing else places


@dataclass(frozen=True)
class Rect:
    """An integer rectangle in card pixels: left, top, right, bottom (exclusive)."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.x0, self.y0, self.x1, self.y1)

    def inset(self, left: int, top: int, right: int, bottom: int) -> Rect:
        return Rect(self.x0 + left, self.y0 + top, self.x1 - right, self.y1 - bottom)

    def intersect(self, other: Rect) -> Rect:
        x0, y0 = max(self.x0, other.x0), max(self.y0, other.y0)
        x1, y1 = min(self.x1, other.x1), min(self.y1, other.y1)
        return Rect(x0, y0, max(x0, x1), max(y0, y1))


def size_class(width: int, height: int) -> str:
    """'landscape' (wider than 5:4), 'story' (taller than 2:3), 'portrait', or 'square': the
    card size (text.platforms.CARD_SIZES) of this shape, which names a layout's variant."""
    ratio = width / height
    if ratio > 1.25:
        return "landscape"
    if ratio < 0.67:
        return "story"
    if ratio < 0.92:
        return "portrait"
    return "square"


if any(size_class(*size) != name for name, size in CARD_SIZES.items()):
    raise AssertionError("a card size is not of the size class of its name")


def unit(width: int, height: int) -> float:
    """Scale of layout sizes (given for a 1080 px square) on a card of this size.

    The square root of the card's area over the square's: a story (1080x1920) sets type
    a third larger, a link card (1200x630) a fifth smaller.
    """
    return math.sqrt(width * height) / 1080


def safe_insets(width: int, height: int) -> tuple[int, int, int, int]:
    """Margins (left, top, right, bottom) that platform UI and rounded crops leave clear.

    Stories (9:16) keep about 13% (250 px of 1920) clear at top and bottom for the
    profile bar and the reply box; other sizes keep a 6% margin of the short side.
    """
    m = round(0.06 * min(width, height))
    if size_class(width, height) == "story":
        v = max(m, round(height * 0.13))
        return (m, v, m, v)
    return (m, m, m, m)


def fraction_rect(region: Box, width: int, height: int) -> Rect:
    """A rectangle given as fractions (x0, y0, x1, y1) of the card, in card pixels."""
    x0, y0, x1, y1 = region
    return Rect(round(x0 * width), round(y0 * height), round(x1 * width), round(y1 * height))


def text_rect(region: Box, width: int, height: int) -> Rect:
    """Where a text block may go: its region, inset by the margin, kept inside the safe area."""
    r = fraction_rect(region, width, height)
    left, top, right, bottom = safe_insets(width, height)
    m = round(0.06 * min(width, height))
    safe = Rect(left, top, width - right, height - bottom)
    return r.inset(m, m, m, m).intersect(safe)


def cover_box(
    src_w: float, src_h: float, dst_w: float, dst_h: float, focus: tuple[float, float] = (0.5, 0.5)
) -> Box:
    """The largest box of the source with the destination's aspect ratio, centred on *focus*.

    *focus* is given in fractions of the source's width and height; the box is moved
    as little as needed to stay inside the source.
    """
    if src_w * dst_h > src_h * dst_w:
        cw, ch = src_h * dst_w / dst_h, float(src_h)
    else:
        cw, ch = float(src_w), src_w * dst_h / dst_w
    return _crop_box(src_w, src_h, cw, ch, focus)


def _crop_box(src_w: float, src_h: float, cw: float, ch: float, focus: tuple[float, float]) -> Box:
    fx = min(1.0, max(0.0, focus[0])) * src_w
    fy = min(1.0, max(0.0, focus[1])) * src_h
    x0 = min(max(fx - cw / 2, 0.0), src_w - cw)
    y0 = min(max(fy - ch / 2, 0.0), src_h - ch)
    return (x0, y0, x0 + cw, y0 + ch)


@dataclass(frozen=True)
class Placement:
    """How a photo fills an area: the part of the photo shown and where it lands."""

    crop: Box  # in source pixels
    dest: Rect  # in card pixels
    scale: float  # card pixels per source pixel
    limited: bool  # True when the photo is shown smaller than the area (max_upscale)


def place_photo(
    src_w: int,
    src_h: int,
    area: Rect,
    focus: tuple[float, float] = (0.5, 0.5),
    max_upscale: float = 1.5,
) -> Placement:
    """Cover *area* with the photo around *focus*, never enlarging past *max_upscale*.

    A photo too small to cover the area at that limit is shown at the limit, centred
    in the area, cropped around the focus only along a side that still overflows.
    """
    need = max(area.width / src_w, area.height / src_h)
    if need <= max_upscale:
        return Placement(cover_box(src_w, src_h, area.width, area.height, focus), area, need, False)
    s = max_upscale
    cw = min(float(src_w), area.width / s)
    ch = min(float(src_h), area.height / s)
    crop = _crop_box(src_w, src_h, cw, ch, focus)
    dw, dh = max(1, round(cw * s)), max(1, round(ch * s))
    x0 = area.x0 + (area.width - dw) // 2
    y0 = area.y0 + (area.height - dh) // 2
    return Placement(crop, Rect(x0, y0, x0 + dw, y0 + dh), s, True)


def split(area: Rect, count: int, direction: str, gutter: int) -> list[Rect]:
    """*area* cut into *count* equal parts in 'rows' or 'columns', *gutter* px apart."""
    if count <= 1:
        return [area]
    if direction == "auto":
        direction = "rows" if area.height > area.width * 1.1 else "columns"
    parts: list[Rect] = []
    if direction == "rows":
        step = (area.height - gutter * (count - 1)) / count
        for i in range(count):
            y0 = area.y0 + round(i * (step + gutter))
            parts.append(Rect(area.x0, y0, area.x1, round(y0 + step)))
    else:
        step = (area.width - gutter * (count - 1)) / count
        for i in range(count):
            x0 = area.x0 + round(i * (step + gutter))
            parts.append(Rect(x0, area.y0, round(x0 + step), area.y1))
    return parts


# EXIF orientation -> does the upright image swap width and height?
SWAPS = {5, 6, 7, 8}


def upright_size(stored: tuple[int, int], orientation: int) -> tuple[int, int]:
    """Size of the photo as viewed, from its stored size and EXIF orientation."""
    w, h = stored
    return (h, w) if orientation in SWAPS else (w, h)


def draft_size(stored: tuple[int, int], scale: float) -> tuple[int, int]:
    """The size to ask a JPEG draft for so the decode still covers *scale* of the original.

    The scale is uniform, so it is the same in the stored (unrotated) frame.
    """
    s = min(1.0, scale)
    return (max(1, math.ceil(stored[0] * s)), max(1, math.ceil(stored[1] * s)))


def draft_divisor(stored: tuple[int, int], scale: float) -> int:
    """The JPEG DCT scaling (1, 2, 4 or 8) a draft asked for draft_size(stored, scale) gets.

    Pillow's rule: the largest of 8, 4, 2, 1 that still leaves the decode at least as large
    as asked. Two decodes of a photo with the same divisor are the same pixels.
    """
    w, h = draft_size(stored, scale)
    k = min(stored[0] // w, stored[1] // h)
    return next(d for d in (8, 4, 2, 1) if k >= d)
