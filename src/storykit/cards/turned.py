"""Resizing a turned photo's stored pixels to the very pixels its upright copy would give."""

from __future__ import annotations

import math
from itertools import accumulate

from PIL import Image

Box = tuple[float, float, float, float]

# Pillow's filters' supports (``PIL.Image._filters_support``): the pixels its reduce step keeps
SUPPORT = {
    Image.Resampling.BILINEAR: 1.0,
    Image.Resampling.BICUBIC: 2.0,
    Image.Resampling.LANCZOS: 3.0,
}

# transpose -> (the upright x axis is the stored y axis, upright x runs against the stored
# axis it comes from, upright y runs against its stored axis)
AXES = {
    Image.Transpose.FLIP_LEFT_RIGHT: (False, True, False),
    Image.Transpose.FLIP_TOP_BOTTOM: (False, False, True),
    Image.Transpose.ROTATE_180: (False, True, True),
    Image.Transpose.ROTATE_90: (True, False, True),
    Image.Transpose.ROTATE_270: (True, True, False),
    Image.Transpose.TRANSPOSE: (True, False, False),
    Image.Transpose.TRANSVERSE: (True, True, True),
}


def resize_turned(
    stored: Image.Image,
    turn: Image.Transpose | None,
    size: tuple[int, int],
    resample: Image.Resampling,
    box: Box | None = None,
    reducing_gap: float | None = None,
) -> Image.Image:
    """``stored.transpose(turn).resize(size, resample, box, reducing_gap)``, pixel for pixel,
    turning only the part Pillow's resampling reads: its reduce step's result (a block
    average, made in the stored frame) or, with none, the upright photo up to the box's
    far edges and the filter's reach past them. tests/test_turned.py holds it to Pillow."""
    if turn is None:
        return stored.resize(size, resample, box, reducing_gap)
    swap = AXES[turn][0]
    whole = (stored.height, stored.width) if swap else stored.size
    box = box or (0.0, 0.0, float(whole[0]), float(whole[1]))
    if stored.mode not in ("RGB", "L") or resample not in SUPPORT or size == whole:
        return stored.transpose(turn).resize(size, resample, box, reducing_gap)
    support = SUPPORT[resample]
    fx = fy = 1
    if reducing_gap is not None:
        fx = int((box[2] - box[0]) / size[0] / reducing_gap) or 1
        fy = int((box[3] - box[1]) / size[1] / reducing_gap) or 1
    if fx > 1 or fy > 1:
        keep = _safe_box(size, support, box, whole)
        small = _reduce(stored, turn, keep, (fx, fy)).transpose(turn)
        inner = (
            (box[0] - keep[0]) / fx,
            (box[1] - keep[1]) / fy,
            (box[2] - keep[0]) / fx,
            (box[3] - keep[1]) / fy,
        )
        return small.resize(size, resample, inner)
    ends = _near_ends(size, support, box, whole)
    near = stored.crop(_stored_box((0, 0, *ends), turn, stored.size)).transpose(turn)
    return near.resize(size, resample, box)


def _near_ends(
    size: tuple[int, int], support: float, box: Box, whole: tuple[int, int]
) -> tuple[int, int]:
    """How far right and down the upright photo must reach for Pillow to resample *box*
    from it as from the whole: past the box by the filter's reach (*support* source pixels
    a scale), and far enough that Pillow takes its two passes in the same order (columns
    first when the height shrinks by more than twice what the width does)."""
    (w, h), (nw, nh) = whole, size
    ex = min(w, math.ceil(box[2] + support * max(1.0, (box[2] - box[0]) / nw)) + 1)
    ey = min(h, math.ceil(box[3] + support * max(1.0, (box[3] - box[1]) / nh)) + 1)
    if h - nh > 0 and h - nh > 2 * (w - nw):
        ey = max(ey, nh + 1 + 2 * max(0, ex - nw))
    elif ey > nh:
        ex = max(ex, nw + math.ceil((ey - nh) / 2))
    return min(w, ex), min(h, ey)


def _safe_box(size: tuple[int, int], support: float, box: Box, whole: tuple[int, int]) -> Box:
    """Pillow's ``_get_safe_box``: the box grown by the pixels the filter reaches."""
    sx = (support - 0.5) * (box[2] - box[0]) / size[0]
    sy = (support - 0.5) * (box[3] - box[1]) / size[1]
    return (
        max(0, int(box[0] - sx)),
        max(0, int(box[1] - sy)),
        min(whole[0], math.ceil(box[2] + sx)),
        min(whole[1], math.ceil(box[3] + sy)),
    )


def _stored_axes(turn: Image.Transpose) -> tuple[tuple[int, bool], tuple[int, bool]]:
    """For upright x and y: the stored axis (0 x, 1 y) each comes from, and if reversed."""
    swap, rx, ry = AXES[turn]
    return ((1, rx), (0, ry)) if swap else ((0, rx), (1, ry))


def _span(lo: float, hi: float, length: float, reversed_: bool) -> tuple[float, float]:
    return (length - hi, length - lo) if reversed_ else (lo, hi)


def _stored_box(
    box: tuple[int, int, int, int], turn: Image.Transpose, stored: tuple[int, int]
) -> tuple[int, int, int, int]:
    """An upright box of whole pixels, in the stored frame."""
    out = [0, 0, 0, 0]
    for ua, (sa, rev) in enumerate(_stored_axes(turn)):
        lo, hi = _span(box[ua], box[ua + 2], stored[sa], rev)
        out[sa], out[sa + 2] = int(lo), int(hi)
    return out[0], out[1], out[2], out[3]


def _reduce(
    stored: Image.Image, turn: Image.Transpose, keep: Box, factor: tuple[int, int]
) -> Image.Image:
    """Pillow's ``reduce(factor, box=keep)`` of the upright photo, in the stored frame.
    Its blocks start at the box's upright start, so on a reversed axis the short block
    left over comes first: that part is reduced on its own."""
    spans: list[list[tuple[int, int]]] = [[], []]
    factors = [1, 1]
    for ua, ((sa, rev), f) in enumerate(zip(_stored_axes(turn), factor, strict=True)):
        lo, hi = _span(keep[ua], keep[ua + 2], stored.size[sa], rev)
        a, b = int(lo), int(hi)
        left = (b - a) % f if rev else 0
        spans[sa] = [(p, q) for p, q in ((a, a + left), (a + left, b)) if q > p]
        factors[sa] = f
    fx, fy = factors
    cols = [-(-(b - a) // fx) for a, b in spans[0]]  # each span's reduced length
    rows = [-(-(b - a) // fy) for a, b in spans[1]]
    out = Image.new(stored.mode, (sum(cols), sum(rows)))
    for (y0, y1), top in zip(spans[1], accumulate([0, *rows[:-1]]), strict=True):
        for (x0, x1), left in zip(spans[0], accumulate([0, *cols[:-1]]), strict=True):
            out.paste(stored.reduce((fx, fy), box=(x0, y0, x1, y1)), (left, top))
    return out
