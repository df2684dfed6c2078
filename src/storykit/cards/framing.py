"""Pure framing maths: which part of a photo a card shows so the animals' heads stay in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storykit.cards.geometry import CENTRE, Box, Placement, Rect, place_photo
from storykit.cards.subjects import Subject

HEAD_PAD = 0.25  # the head kept in frame is the head grown by this share of its size, each side
# (twice that above it: a head found by its face leaves out the ears)
ROOM = 2.0  # a crop that can, keeps this many times the padding around the heads
EPS = 1e-6


@dataclass(frozen=True)
class Framing:
    """How one photo is shown on a card.

    *crop* is the part of the upright photo shown (fractions); *area* is where that crop
    lands on the card (px): the layout's photo area when the photo is cut to fill it, the
    smaller box the photo is shown in when it is fitted (shown whole, ``fitted``) or too
    small to fill it. *subjects* are the animals framing used (detected, or the case
    file's subject).
    """

    crop: Box
    area: tuple[int, int, int, int]
    fitted: bool
    subjects: tuple[Subject, ...]

    def to_card(self, box: Box) -> Box:
        """A box given in fractions of the upright photo, in card pixels."""
        cx0, cy0, cx1, cy1 = self.crop
        ax0, ay0, ax1, ay1 = self.area
        sx = (ax1 - ax0) / max(EPS, cx1 - cx0)
        sy = (ay1 - ay0) / max(EPS, cy1 - cy0)
        return (
            ax0 + (box[0] - cx0) * sx,
            ay0 + (box[1] - cy0) * sy,
            ax0 + (box[2] - cx0) * sx,
            ay0 + (box[3] - cy0) * sy,
        )

    def heads_on_card(self, pad: float = HEAD_PAD) -> list[Box]:
        """Every subject's head (grown by *pad*) on the card, cut to the part shown."""
        out = []
        for s in self.subjects:
            if s.head is None:
                continue
            x0, y0, x1, y1 = self.to_card(padded(s.head, pad))
            ax0, ay0, ax1, ay1 = self.area
            box = (max(x0, ax0), max(y0, ay0), min(x1, ax1), min(y1, ay1))
            if box[2] > box[0] and box[3] > box[1]:
                out.append(box)
        return out


def padded(head: Box, pad: float = HEAD_PAD) -> Box:
    """*head* grown by *pad* of its width and height on each side (twice that above it),
    kept inside the photo."""
    w, h = head[2] - head[0], head[3] - head[1]
    return (
        max(0.0, head[0] - pad * w),
        max(0.0, head[1] - 2 * pad * h),
        min(1.0, head[2] + pad * w),
        min(1.0, head[3] + pad * h),
    )


def subject_from_box(body: Box) -> Subject:
    """The case file's ``subject:`` box as a subject: its head is the top band of the box,
    as the detector places a head it found no face for."""
    from storykit.cards.detect import top_band  # the detector's own rule (loads OpenCV)

    return Subject(body, top_band(body), 1.0, "animal")


@dataclass(frozen=True)
class Range:
    """Where a crop's left (or top) edge may go, in source px, keeping the heads in: *lo*..*hi*,
    and *best*, the place centred on the bodies."""

    lo: float
    hi: float
    best: float


def _axis(
    length: float, crop: float, heads: Sequence[tuple[float, float]], bodies: Sequence[float]
) -> Range | None:
    """The range of a crop's start along one axis of *length* px holding every head span;
    None when the heads span more than the crop."""
    free_lo, free_hi = 0.0, max(0.0, length - crop)
    if not heads:
        mid = min(max(length / 2 - crop / 2, free_lo), free_hi)
        return Range(mid, mid, mid)
    a = min(h[0] for h in heads)
    b = max(h[1] for h in heads)
    if b - a > crop + EPS:
        return None
    lo = max(free_lo, b - crop)
    hi = min(free_hi, a)
    lo, hi = min(lo, hi), max(lo, hi)
    centre = (min(bodies) + max(bodies)) / 2 if bodies else (a + b) / 2
    best = min(max(centre - crop / 2, lo), hi)
    return Range(lo, hi, best)


@dataclass(frozen=True)
class Plan:
    """A photo's framing on a card and how far its crop may move (None: it may not)."""

    framing: Framing
    placement: Placement  # crop in source px, dest on the card
    xs: Range | None = None
    ys: Range | None = None


def _fraction(crop: Box, w: int, h: int) -> Box:
    return (crop[0] / w, crop[1] / h, crop[2] / w, crop[3] / h)


def frame(
    size: tuple[int, int],
    area: Rect,
    focus: tuple[float, float] | None,
    subjects: Sequence[Subject],
    max_upscale: float,
) -> Plan:
    """The framing of a photo of *size* (upright px) in *area*.

    *focus* set: the crop around it (subjects are ignored). Else the largest crop of the
    area's shape that holds every subject's padded head, centred on their bodies (clamped
    so the heads stay in); no crop of that shape can hold the heads: the photo is fitted,
    shown whole in the area. No subjects: the centre crop. A photo too small to fill its
    area at *max_upscale* is shown at that limit, as :func:`place_photo` does.
    """
    w, h = size
    if focus is not None:
        pl = place_photo(w, h, area, focus, max_upscale)
        return Plan(Framing(_fraction(pl.crop, w, h), pl.dest.as_tuple(), False, ()), pl)
    found = tuple(subjects)
    base = place_photo(w, h, area, CENTRE, max_upscale)
    cw, ch = base.crop[2] - base.crop[0], base.crop[3] - base.crop[1]
    xs = _room(w, cw, found, 0)
    ys = _room(h, ch, found, 1)
    if xs is None or ys is None:
        return fitted(size, area, found, max_upscale)
    pl = Placement(
        (xs.best, ys.best, xs.best + cw, ys.best + ch), base.dest, base.scale, base.limited
    )
    framing = Framing(_fraction(pl.crop, w, h), pl.dest.as_tuple(), False, found)
    return Plan(framing, pl, xs, ys)


def _room(length: int, crop: float, subjects: Sequence[Subject], axis: int) -> Range | None:
    """Where the crop may start along one axis: holding the heads with ROOM times their
    padding where the crop is large enough, else with their padding; None: it cannot."""
    ends = _ends(subjects, axis, length)
    for pad in (ROOM * HEAD_PAD, HEAD_PAD):
        heads = [padded(s.head, pad) for s in subjects if s.head is not None]
        found = _axis(length, crop, [(b[axis] * length, b[axis + 2] * length) for b in heads], ends)
        if found is not None:
            return found
    return None


def _ends(subjects: Sequence[Subject], axis: int, length: int) -> list[float]:
    return [v * length for s in subjects for v in (s.body[axis], s.body[axis + 2])]


def fitted(
    size: tuple[int, int],
    area: Rect,
    subjects: tuple[Subject, ...],
    max_upscale: float,
    align: float = 0.5,
) -> Plan:
    """The whole photo shown in *area* (never enlarged past *max_upscale*), placed *align*
    (0: first, 0.5: centred, 1: last) along the side it leaves free."""
    w, h = size
    s = min(area.width / w, area.height / h, max_upscale)
    dw, dh = max(1, round(w * s)), max(1, round(h * s))
    x0 = area.x0 + round((area.width - dw) * align) if dw < area.width else area.x0
    y0 = area.y0 + round((area.height - dh) * align) if dh < area.height else area.y0
    if align == 0.5:
        x0 = area.x0 + (area.width - dw) // 2
        y0 = area.y0 + (area.height - dh) // 2
    dest = Rect(x0, y0, x0 + dw, y0 + dh)
    limited = max(area.width / w, area.height / h) > max_upscale  # too small even to fill it
    pl = Placement((0.0, 0.0, float(w), float(h)), dest, s, limited)
    return Plan(Framing((0.0, 0.0, 1.0, 1.0), dest.as_tuple(), True, subjects), pl)


def moved(plan: Plan, size: tuple[int, int], dx: int, dy: int) -> Plan | None:
    """*plan* with its crop moved as far as the heads allow: *dx*, *dy* in -1, 0, 1 (-1: the
    crop's lowest start, so the photo's content moves right or down on the card); None when
    it cannot move that way."""
    if plan.xs is None or plan.ys is None or plan.framing.fitted:
        return None
    x = {-1: plan.xs.lo, 0: plan.xs.best, 1: plan.xs.hi}[dx]
    y = {-1: plan.ys.lo, 0: plan.ys.best, 1: plan.ys.hi}[dy]
    c = plan.placement.crop
    if abs(x - c[0]) < 1 and abs(y - c[1]) < 1:
        return None
    crop = (x, y, x + c[2] - c[0], y + c[3] - c[1])
    pl = Placement(crop, plan.placement.dest, plan.placement.scale, plan.placement.limited)
    f = plan.framing
    return Plan(Framing(_fraction(crop, *size), f.area, False, f.subjects), pl, plan.xs, plan.ys)


def boxes_overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
