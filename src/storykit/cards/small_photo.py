"""A photo too small to fill its area: the blurred fill behind it, the band it takes, its frame."""

from __future__ import annotations

import math

from PIL import Image, ImageDraw, ImageFilter

from storykit.cards.color import BLACK, WHITE
from storykit.cards.geometry import Rect, text_rect, unit
from storykit.cards.photo import Upright, as_rgb
from storykit.cards.textplan import TextPlan


def blurred_fill(image: Upright, area: Rect) -> Image.Image:
    """A soft, darkened cover of *area* made from the photo itself (behind a small photo)."""
    w, h = area.size
    small = (max(1, w // 24), max(1, h // 24))
    sw, sh = image.size
    box: tuple[float, float, float, float]
    if sw * h > sh * w:
        cw = sh * w / h
        box = ((sw - cw) / 2, 0, (sw + cw) / 2, sh)
    else:
        ch = sw * h / w
        box = (0, (sh - ch) / 2, sw, (sh + ch) / 2)
    tiny = as_rgb(image).resize(small, Image.Resampling.BILINEAR, box=box, reducing_gap=2.0)
    tiny = tiny.filter(ImageFilter.GaussianBlur(1.2))
    # darkened while tiny: the same as after enlarging (both are linear), at a 500th the work
    tiny = Image.blend(tiny, Image.new("RGB", tiny.size, BLACK), 0.25)
    return tiny.resize((w, h), Image.Resampling.BICUBIC)


SMALL_PHOTO_MIN = 0.2  # a free band shorter than this share of the area is not used


def free_spot(area: Rect, plan: TextPlan, size: tuple[int, int]) -> Rect | None:
    """The tallest band of *area* clear of every text block and the logo (with a margin),
    inside the safe area, for a photo too small to fill the area; None when no band is
    tall enough.
    """
    width, height = size
    margin = round(0.04 * min(width, height))
    safe = text_rect((0.0, 0.0, 1.0, 1.0), width, height)
    lo, hi = max(area.y0, safe.y0), min(area.y1, safe.y1)
    x0, x1 = max(area.x0, safe.x0), min(area.x1, safe.x1)
    if hi - lo <= 0 or x1 - x0 <= 0:
        return None
    logo = [plan.logo.as_tuple()] if plan.logo is not None else []
    taken = sorted(
        (max(lo, b[1] - margin), min(hi, b[3] + margin))
        for b in [*plan.bounds.values(), *logo]
        if math.isfinite(b[0]) and b[0] < x1 and b[2] > x0 and b[1] < hi and b[3] > lo
    )
    best: tuple[float, float, float] = (0, lo, lo)
    y: float = lo
    for a, b in [*taken, (hi, hi)]:
        if a - y > best[0]:
            best = (a - y, y, a)
        y = max(y, b)
    h, top, bottom = best
    if h < SMALL_PHOTO_MIN * area.height:
        return None
    return Rect(x0, round(top), x1, round(bottom))


def framed_photo(card: Image.Image, piece: Image.Image, dest: Rect) -> None:
    """Paste a (small) photo at *dest* with a thin white border and a soft drop shadow."""
    u = unit(*card.size)
    border = max(2, round(6 * u))
    blur = max(2, round(18 * u))
    drop = round(10 * u)
    pad = 3 * blur
    x0, y0 = dest.x0 - border, dest.y0 - border
    w, h = dest.width + 2 * border, dest.height + 2 * border
    shadow = Image.new("L", (w + 2 * pad, h + 2 * pad), 0)
    ImageDraw.Draw(shadow).rectangle((pad, pad, pad + w - 1, pad + h - 1), fill=150)
    shadow = shadow.filter(ImageFilter.GaussianBlur(blur))
    card.paste(BLACK, (x0 - pad, y0 - pad + drop), shadow)
    ImageDraw.Draw(card).rectangle((x0, y0, x0 + w - 1, y0 + h - 1), fill=WHITE)
    card.paste(piece, (dest.x0, dest.y0))
