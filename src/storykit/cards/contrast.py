"""Contrast measured on the card: the pixels behind each line, reduced, against its colour."""

from __future__ import annotations

import math
from typing import cast

from PIL import Image

from storykit.cards.color import LINEAR, contrast_lum, is_light, luminance
from storykit.cards.textplan import Bounds, Line, TextPlan

MIN_CONTRAST = 4.5  # WCAG AA for text

SAMPLE = 64  # contrast is measured on each line's box reduced to at most this many px


def sample_box(card_size: tuple[int, int], box: Bounds) -> tuple[tuple[int, int, int, int], int]:
    """The integer box behind a line, clipped to the card, and the reduce factor for it."""
    x0 = max(0, int(box[0]))
    y0 = max(0, int(box[1]))
    x1 = min(card_size[0], max(x0 + 1, math.ceil(box[2])))
    y1 = min(card_size[1], max(y0 + 1, math.ceil(box[3])))
    f = max(1, math.ceil(max(x1 - x0, y1 - y0) / SAMPLE))
    return (x0, y0, x1, y1), f


def sample(im: Image.Image, box: tuple[int, int, int, int], f: int) -> Image.Image:
    """*box* of *im* reduced (averaged) by *f*, or cut out when *f* is 1."""
    return im.reduce(f, box) if f > 1 else im.crop(box)


def percentile_lum(region: Image.Image, light: bool) -> float:
    """The 98th (light text) or 2nd (dark text) percentile of *region*'s luminance, taken
    colour by colour (a card's text sits on few colours; a photo's pixels are counted as
    many times as they are there)."""
    rgb = region if region.mode == "RGB" else region.convert("RGB")
    count = rgb.width * rgb.height
    colours = cast("list[tuple[int, tuple[int, int, int]]] | None", rgb.getcolors(count))
    assert colours is not None  # as many colours as pixels at most
    # Y = 0.2126 R + 0.7152 G + 0.0722 B in linear light, by table lookups
    lums = sorted((_LUM_R[r] + _LUM_G[g] + _LUM_B[b], n) for n, (r, g, b) in colours)
    k = round((count - 1) * (0.98 if light else 0.02))
    for lum, n in lums:
        if k < n:
            return float(lum)
        k -= n
    raise AssertionError("the counts add up to the pixels")


_LUM_R = [0.2126 * v for v in LINEAR]
_LUM_G = [0.7152 * v for v in LINEAR]
_LUM_B = [0.0722 * v for v in LINEAR]


def background_luminance(card: Image.Image, box: Bounds, light: bool) -> float:
    """Relative luminance of the pixels behind a text box: the 98th percentile (light text)
    or the 2nd (dark text), so a few bright or dark specks do not decide alone.

    Measured on the box reduced (averaged) to at most SAMPLE px a side."""
    ibox, f = sample_box(card.size, box)
    return percentile_lum(sample(card, ibox, f), light)


def line_contrast(card: Image.Image, line: Line) -> float:
    """The WCAG contrast of a line's colour against the pixels behind it."""
    bg = background_luminance(card, line.box, is_light(line.color))
    return contrast_lum(luminance(line.color), bg)


def line_contrasts(card: Image.Image, plan: TextPlan) -> list[tuple[str, float]]:
    """(block, WCAG contrast) of each line's colour against the pixels behind it (not pills)."""
    return [(line.block, line_contrast(card, line)) for line in plan.lines if not line.on_pill]
