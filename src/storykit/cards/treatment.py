"""The legibility treatment: a scrim, panel or gradient mask behind each block's text, laid on."""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import Image, ImageDraw

from storykit.cards.color import RGB
from storykit.cards.geometry import Box, fraction_rect, unit
from storykit.cards.layout import Block, Design, Treatment
from storykit.cards.textplan import Bounds, TextPlan


@lru_cache(maxsize=64)
def _ramp(length: int, reverse: bool) -> Image.Image:
    """A 1-px-wide smoothstep ramp 0 -> 255 over *length* pixels."""
    n = max(1, length)
    vals = []
    for i in range(n):
        t = (i + 0.5) / n
        vals.append(round(255 * t * t * (3 - 2 * t)))
    if reverse:
        vals.reverse()
    im = Image.new("L", (1, n))
    im.putdata(vals)
    return im


SCRIM = "*scrim"  # the one shared mask of a scrim treatment


def treatment_masks(
    design: Design, plan: TextPlan, size: tuple[int, int]
) -> dict[str, Image.Image]:
    """Full-strength mask (255 = treatment colour) per block that has text and a treatment.

    A scrim is one even veil over the regions of every treated block (one strength for
    the whole card), keyed SCRIM: strengthened per block, it would show as bands.
    """
    t = design.treatment
    u = unit(*size)
    masks: dict[str, Image.Image] = {}
    if t.kind in ("scrim", "none"):
        treated = [b for b in design.blocks if b.treatment]
        if any(b.name in plan.bounds for b in treated):
            masks[SCRIM] = _scrim(_regions(design), size)
        return masks
    for block in design.blocks:
        if not block.treatment or block.name not in plan.bounds:
            continue
        bounds = plan.bounds[block.name]
        if math.isfinite(bounds[0]):
            masks[block.name] = _block_mask(t, block, bounds, size, u)
    return masks


def _regions(design: Design) -> tuple[Box, ...]:
    """The regions a scrim covers: every treated block's."""
    return tuple(b.region for b in design.blocks if b.treatment)


def _scrim(regions: tuple[Box, ...], size: tuple[int, int]) -> Image.Image:
    """A scrim's mask: the regions at full strength."""
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    for region in regions:
        draw.rectangle(fraction_rect(region, *size).as_tuple(), fill=255)
    return mask


def scrim_level(design: Design, size: tuple[int, int]) -> int | None:
    """The value of every pixel in the bounds of the design's scrim mask at *size* (None:
    they differ, or it has none), found once for each set of regions and size."""
    return _scrim_level(_regions(design), size)


@lru_cache(maxsize=64)
def _scrim_level(regions: tuple[Box, ...], size: tuple[int, int]) -> int | None:
    mask = _scrim(regions, size)
    box = mask.getbbox()
    return None if box is None else one_value(mask, box)


def mask_key(design: Design, block: str) -> str | None:
    """The treatment mask a block's lines sit on (None: the block has no treatment)."""
    b = next((x for x in design.blocks if x.name == block), None)
    if b is None or not b.treatment:
        return None
    return SCRIM if design.treatment.kind in ("scrim", "none") else block


def _block_mask(
    t: Treatment,
    block: Block,
    bounds: Bounds,
    size: tuple[int, int],
    u: float,
) -> Image.Image:
    """The treatment mask for one block's text."""
    width, height = size
    x0, y0, x1, y1 = bounds
    if t.kind in ("scrim", "none", "panel"):
        mask = Image.new("L", size, 0)
        draw = ImageDraw.Draw(mask)
        if t.kind == "panel":
            p = t.padding * u
            box = (x0 - p, y0 - p, x1 + p, y1 + p)
            draw.rounded_rectangle(box, radius=round(t.radius * u), fill=255)
        else:
            draw.rectangle(fraction_rect(block.region, width, height).as_tuple(), fill=255)
        return mask
    # gradient: fade in over `fade` of the card height, full behind the text, across the
    # block's region (the whole card's width, in the built-in layouts)
    fade = max(1, round(t.fade * height))
    pad = round(0.04 * height)
    region = fraction_rect(block.region, width, height)
    full = _gradient(block.anchor, bounds, size, fade, pad)
    if (region.x0, region.x1) == (0, width):
        return full
    mask = Image.new("L", size, 0)
    mask.paste(full.crop((region.x0, 0, region.x1, height)), (region.x0, 0))
    return mask


def _gradient(
    anchor: str,
    bounds: Bounds,
    size: tuple[int, int],
    fade: int,
    pad: int,
) -> Image.Image:
    """A gradient mask the card's width: full behind the text's rows, fading away from it."""
    width, height = size
    _x0, y0, _x1, y1 = bounds
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    if anchor == "top":
        end = min(height, round(y1 + pad))
        draw.rectangle((0, 0, width, end), fill=255)
        rl = min(fade // 2, height - end)
        if rl > 0:
            mask.paste(_ramp(rl, True).resize((width, rl), Image.Resampling.NEAREST), (0, end))
    elif anchor == "bottom":
        start = max(0, round(y0 - pad))
        draw.rectangle((0, start, width, height), fill=255)
        rl = min(fade, start)
        if rl > 0:
            mask.paste(
                _ramp(rl, False).resize((width, rl), Image.Resampling.NEAREST), (0, start - rl)
            )
    else:
        a, b = max(0, round(y0 - pad)), min(height, round(y1 + pad))
        draw.rectangle((0, a, width, b), fill=255)
        up = min(fade // 2, a)
        if up > 0:
            mask.paste(_ramp(up, False).resize((width, up), Image.Resampling.NEAREST), (0, a - up))
        down = min(fade // 2, height - b)
        if down > 0:
            mask.paste(_ramp(down, True).resize((width, down), Image.Resampling.NEAREST), (0, b))
    return mask


@lru_cache(maxsize=256)
def _alpha_table(alpha: float) -> tuple[int, ...]:
    """Each mask value 0..255 at *alpha* of its strength."""
    return tuple(round(v * alpha) for v in range(256))


def alpha_mask(mask: Image.Image, alpha: float) -> Image.Image:
    """*mask* at *alpha* of its strength (itself at full strength)."""
    if alpha >= 1:
        return mask
    return mask.point(_alpha_table(alpha))


def alpha_level(level: int, alpha: float) -> int:
    """A mask value at *alpha* of its strength, as alpha_mask makes it."""
    return level if alpha >= 1 else _alpha_table(alpha)[level]


def paste_treatment(
    card: Image.Image,
    color: RGB,
    mask: Image.Image,
    alpha: float,
    under: RGB | None = None,
    level: int | None = None,
) -> None:
    """Lay *color* over *card* through *mask* at *alpha*, touching only the mask's bounds.

    *under* and *level*: the card's one colour and the mask's one value in the mask's
    bounds, when the caller knows they are one (a scrim on a card without a photo). Then
    one pixel is blended as the paste would blend each, and the bounds are filled with it:
    the same pixels, without blending a million of them."""
    box = mask.getbbox()
    if box is None:
        return
    if under is not None and level is not None:
        one = Image.new("RGB", (1, 1), under)
        one.paste(color, (0, 0, 1, 1), Image.new("L", (1, 1), alpha_level(level, alpha)))
        blended = one.getpixel((0, 0))
        assert isinstance(blended, tuple)
        card.paste(blended, box)
        return
    piece = mask if box == (0, 0, *mask.size) else mask.crop(box)
    card.paste(color, box, alpha_mask(piece, alpha))


PixelBox = tuple[int, int, int, int]


def one_value(mask: Image.Image, box: PixelBox | None = None) -> int | None:
    """The value of every pixel of an "L" *mask*, or None when they differ; with *box*, the
    bounds of the mask's non-zero pixels, the value of every pixel in it (counted on the
    whole mask: a crop would be a copy)."""
    counts = mask.histogram()
    if box is None:
        found = [v for v, n in enumerate(counts) if n]
        return found[0] if len(found) == 1 else None
    found = [v for v, n in enumerate(counts) if n and v]
    area = (box[2] - box[0]) * (box[3] - box[1])
    return found[0] if len(found) == 1 and counts[found[0]] == area else None


def one_colour(card: Image.Image, box: PixelBox) -> RGB | None:
    """The colour of every pixel of an RGB *card*, when it is one colour (the caller's *box*
    in it: a few pixels there are looked at first, which tells a photo at once); else None."""
    if card.mode != "RGB":
        return None
    x0, y0, x1, y1 = box
    spots = [
        (x0, y0),
        (x1 - 1, y0),
        (x0, y1 - 1),
        (x1 - 1, y1 - 1),
        ((x0 + x1) // 2, (y0 + y1) // 2),
    ]
    if len({card.getpixel(xy) for xy in spots}) != 1:
        return None
    counts = card.histogram()
    bands = [[v for v in range(256) if counts[b * 256 + v]] for b in range(3)]
    if any(len(found) != 1 for found in bands):
        return None
    return (bands[0][0], bands[1][0], bands[2][0])
