"""Compositing edge: photos into their areas, legibility treatment with measured contrast, text."""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from storykit.cards import fonts as F
from storykit.cards import logo as L
from storykit.cards.batch import CardNote
from storykit.cards.color import (
    BLACK,
    LINEAR,
    RGB,
    WHITE,
    contrast_lum,
    is_light,
    luminance,
    mix,
    parse_hex,
    readable_on,
)
from storykit.cards.geometry import Rect, fraction_rect, text_rect, unit
from storykit.cards.layout import Block, CardStyle, Design, LogoSpec, TextField, Treatment
from storykit.cards.textfit import FieldSpec, Fit, fit_stack, stack_height
from storykit.text.counting import graphemes

MIN_CONTRAST = 4.5
PILL_PAD_Y = 0.9  # pill height beyond the line box, in ems
PILL_PAD_X = 0.75  # pill side padding, in ems


def resolve_color(name: str, style: CardStyle) -> RGB:
    """A layout colour name (primary/accent/text/black/white) or hex, as RGB."""
    if name == "primary":
        return parse_hex(style.primary)
    if name == "accent":
        return parse_hex(style.accent)
    if name == "text":
        return parse_hex(style.text)
    if name == "black":
        return BLACK
    if name == "white":
        return WHITE
    return parse_hex(name)


# ---------------------------------------------------------------- fonts per style

_CHAINS: dict[tuple[str, tuple[str, ...], str], F.FontChain] = {}


def chain_for(style: CardStyle, weight: str) -> F.FontChain:
    """The (cached) font chain for a style and weight."""
    primary = style.font_bold if weight == "bold" else style.font_regular
    path = Path(primary) if primary else F.DEFAULT_FONTS[weight]
    key = (str(path), tuple(str(p) for p in style.fallback_fonts), weight)
    chain = _CHAINS.get(key)
    if chain is None:
        chain = _CHAINS[key] = F.FontChain(path, style.fallback_fonts, weight)
    return chain


# ---------------------------------------------------------------- text plan


@dataclass
class Line:
    """One line of text placed on the card."""

    text: str
    chain: F.FontChain
    size: int
    x: float
    top: float
    height: float
    baseline: float
    width: float
    color: RGB
    field: str
    block: str
    on_pill: bool = False

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The line's box on the card: what its contrast is measured against."""
        return (self.x, self.top, self.x + self.width, self.top + self.height)


@dataclass
class Pill:
    """A rounded badge background."""

    box: tuple[float, float, float, float]
    fill: RGB


@dataclass
class TextPlan:
    """Every line and pill of a card, the text bounds per block, and what went wrong."""

    lines: list[Line] = field(default_factory=list)
    pills: list[Pill] = field(default_factory=list)
    bounds: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    warnings: list[CardNote] = field(default_factory=list)
    logo: Rect | None = None  # where the logo goes (clear of the text), if it is drawn


def _clean(text: str, f: TextField) -> str:
    text = " ".join(text.split())
    return text.upper() if f.uppercase else text


def plan_text(
    design: Design, texts: Mapping[str, str], size: tuple[int, int], style: CardStyle
) -> TextPlan:
    """Fit every non-empty field into its block and place its lines (no pixels touched)."""
    width, height = size
    u = unit(width, height)
    plan = TextPlan()
    accent = parse_hex(style.accent)
    for block in design.blocks:
        fields: list[tuple[TextField, str, F.FontChain]] = []
        for f in design.fields:
            if f.block != block.name:
                continue
            raw = texts.get(f.name) or ""
            text = _clean(raw, f)
            if not text:
                continue
            chain = chain_for(style, f.weight)
            _runs, missing = chain.runs(text)
            if missing:
                seen = list(dict.fromkeys(missing))
                one = len(seen) == 1
                plan.warnings.append(
                    CardNote(
                        f"no installed font has {', '.join(F.describe(c) for c in seen)} "
                        f"(in {f.name}), so {'it is' if one else 'they are'} left out",
                        f"install a font that has {'it' if one else 'them'} (emoji: "
                        "fonts-noto-color-emoji) or add one to the project's fallback fonts",
                    )
                )
                drop = set(seen)
                text = " ".join("".join(c for c in graphemes(text) if c not in drop).split())
                if not text:
                    continue
            fields.append((f, text, chain))
        if not fields:
            continue
        rect = text_rect(block.region, width, height)
        if any(f.name == "quote" for f, _, _ in fields):
            reserve = round(ornament_reserve(design, size, style))
            rect = Rect(rect.x0, min(rect.y1, rect.y0 + reserve), rect.x1, rect.y1)
        _place_block(plan, block, fields, rect, u, style, accent)
    return plan


def _place_block(
    plan: TextPlan,
    block: Block,
    fields: Sequence[tuple[TextField, str, F.FontChain]],
    rect: Rect,
    u: float,
    style: CardStyle,
    accent: RGB,
) -> None:
    n = len(fields)
    gap_x = round(block.gap * u * 2)
    col_w = rect.width if block.flow == "column" else (rect.width - gap_x * (n - 1)) / n
    specs: list[FieldSpec] = []
    for f, text, chain in fields:
        lo, hi = max(6, round(f.size[0] * u)), max(6, round(f.size[1] * u))
        w = col_w * 0.98  # leaves room for the small error of scaled measuring
        pad = 0.0
        if f.style == "pill":
            w -= 2 * PILL_PAD_X * hi
            pad = PILL_PAD_Y
        specs.append(FieldSpec(text, w, f.max_lines, lo, hi, chain.measure_at, f.line_height, pad))
    if block.flow == "column":
        rows = [[s] for s in specs]
        gaps = [round((f.gap if f.gap is not None else block.gap) * u) for f, _, _ in fields]
    else:
        rows = [specs]
        gaps = [0]
    fits, ok = fit_stack(rows, gaps, rect.height)
    for row_fits, row in zip(fits, rows, strict=False):
        for ft, spec in zip(row_fits, row, strict=False):
            if ft.truncated:
                name = next(f.name for f, t, _ in fields if t == spec.text)
                plan.warnings.append(
                    CardNote(
                        f"the {name} text is too long and was shortened",
                        f"shorten what the {name} text shows (in the case file), or give it "
                        "more room in a layout of your own in templates/cards/",
                    )
                )
    if not ok:
        plan.warnings.append(
            CardNote(
                "the texts do not fit even at their smallest sizes",
                "shorten what the card shows (in the case file), or give it more room in a "
                "layout of your own in templates/cards/",
            )
        )
    total = stack_height(rows, fits, gaps)
    if block.anchor == "top":
        y = float(rect.y0)
    elif block.anchor == "middle":
        y = rect.y0 + (rect.height - total) / 2
    else:
        y = rect.y1 - total
    x0s = [rect.x0 + c * (col_w + gap_x) for c in range(len(rows[0]))]
    bounds = [math.inf, math.inf, -math.inf, -math.inf]
    first = True
    idx = 0
    for r, (row, row_fits) in enumerate(zip(rows, fits, strict=False)):
        heights = [_field_height(s, ft) for s, ft in zip(row, row_fits, strict=False)]
        row_h = max(heights, default=0.0)
        if row_h <= 0:
            idx += len(row)
            continue
        if not first:
            y += gaps[r]
        first = False
        for c, (spec, ft) in enumerate(zip(row, row_fits, strict=False)):
            f, _text, chain = fields[idx]
            idx += 1
            if not ft.lines:
                continue
            if block.flow == "column" or len(row) == 1:
                align = block.align
                x0, x1 = float(rect.x0), float(rect.x1)
            else:
                align = "left" if c == 0 else "right" if c == len(row) - 1 else "center"
                x0 = x0s[c]
                x1 = x0 + col_w
            _place_field(
                plan, f, chain, ft, spec, block.name, align, x0, x1, y, style, accent, bounds
            )
        y += row_h
    plan.bounds[block.name] = (bounds[0], bounds[1], bounds[2], bounds[3])


def _field_height(spec: FieldSpec, ft: Fit) -> float:
    if not ft.lines:
        return 0.0
    return len(ft.lines) * ft.size * spec.line_height + spec.pad * ft.size


def _place_field(
    plan: TextPlan,
    f: TextField,
    chain: F.FontChain,
    ft: Fit,
    spec: FieldSpec,
    block: str,
    align: str,
    x0: float,
    x1: float,
    y: float,
    style: CardStyle,
    accent: RGB,
    bounds: list[float],
) -> None:
    size = ft.size
    lh = size * spec.line_height
    color = resolve_color(f.color, style)
    pill = f.style == "pill"
    widths = [chain.width(line, size) for line in ft.lines]
    top = y + (spec.pad * size / 2 if pill else 0.0)
    if pill:
        color = readable_on(accent, color)
        pw = max(widths) + 2 * PILL_PAD_X * size
        px0 = _align_x(align, x0, x1, pw)
        box = (px0, y, px0 + pw, y + len(ft.lines) * lh + spec.pad * size)
        plan.pills.append(Pill(box, accent))
        _grow(bounds, box)
    for i, (line, w) in enumerate(zip(ft.lines, widths, strict=False)):
        lt = top + i * lh
        lx = _align_x(align, x0, x1, w)
        if pill:
            lx = px0 + PILL_PAD_X * size + (max(widths) - w) / 2
        baseline = lt + lh / 2 + chain.cap_height * size / 2
        plan.lines.append(
            Line(line, chain, size, lx, lt, lh, baseline, w, color, f.name, block, pill)
        )
        _grow(bounds, (lx, lt, lx + w, lt + lh))


def _align_x(align: str, x0: float, x1: float, w: float) -> float:
    if align == "center":
        return x0 + (x1 - x0 - w) / 2
    if align == "right":
        return x1 - w
    return x0


def _grow(bounds: list[float], box: tuple[float, float, float, float]) -> None:
    bounds[0] = min(bounds[0], box[0])
    bounds[1] = min(bounds[1], box[1])
    bounds[2] = max(bounds[2], box[2])
    bounds[3] = max(bounds[3], box[3])


# ---------------------------------------------------------------- photos


def blurred_fill(image: Image.Image, area: Rect) -> Image.Image:
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
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    tiny = rgb.resize(small, Image.Resampling.BILINEAR, box=box, reducing_gap=2.0)
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


# ---------------------------------------------------------------- legibility


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
            mask = Image.new("L", size, 0)
            draw = ImageDraw.Draw(mask)
            for b in treated:
                draw.rectangle(fraction_rect(b.region, *size).as_tuple(), fill=255)
            masks[SCRIM] = mask
        return masks
    for block in design.blocks:
        if not block.treatment or block.name not in plan.bounds:
            continue
        bounds = plan.bounds[block.name]
        if math.isfinite(bounds[0]):
            masks[block.name] = _block_mask(t, block, bounds, size, u)
    return masks


def _mask_key(design: Design, block: str) -> str | None:
    """The treatment mask a block's lines sit on (None: the block has no treatment)."""
    b = next((x for x in design.blocks if x.name == block), None)
    if b is None or not b.treatment:
        return None
    return SCRIM if design.treatment.kind in ("scrim", "none") else block


def _block_mask(
    t: Treatment,
    block: Block,
    bounds: tuple[float, float, float, float],
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
    bounds: tuple[float, float, float, float],
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


SAMPLE = 64  # contrast is measured on each line's box reduced to at most this many px


def _sample_box(
    card_size: tuple[int, int], box: tuple[float, float, float, float]
) -> tuple[tuple[int, int, int, int], int]:
    """The integer box behind a line, clipped to the card, and the reduce factor for it."""
    x0 = max(0, int(box[0]))
    y0 = max(0, int(box[1]))
    x1 = min(card_size[0], max(x0 + 1, math.ceil(box[2])))
    y1 = min(card_size[1], max(y0 + 1, math.ceil(box[3])))
    f = max(1, math.ceil(max(x1 - x0, y1 - y0) / SAMPLE))
    return (x0, y0, x1, y1), f


def _sample(im: Image.Image, box: tuple[int, int, int, int], f: int) -> Image.Image:
    return im.reduce(f, box) if f > 1 else im.crop(box)


def _percentile_lum(region: Image.Image, light: bool) -> float:
    raw = region.convert("RGB").tobytes() if region.mode != "RGB" else region.tobytes()
    # Y = 0.2126 R + 0.7152 G + 0.0722 B in linear light, by table lookups over the bands
    lums = sorted(
        map(
            operator.add,
            map(
                operator.add, map(_LUM_R.__getitem__, raw[0::3]), map(_LUM_G.__getitem__, raw[1::3])
            ),
            map(_LUM_B.__getitem__, raw[2::3]),
        )
    )
    k = round((len(lums) - 1) * (0.98 if light else 0.02))
    return float(lums[k])


_LUM_R = [0.2126 * v for v in LINEAR]
_LUM_G = [0.7152 * v for v in LINEAR]
_LUM_B = [0.0722 * v for v in LINEAR]


def background_luminance(
    card: Image.Image, box: tuple[float, float, float, float], light: bool
) -> float:
    """Relative luminance of the pixels behind a text box: the 98th percentile (light text)
    or the 2nd (dark text), so a few bright or dark specks do not decide alone.

    Measured on the box reduced (averaged) to at most SAMPLE px a side."""
    ibox, f = _sample_box(card.size, box)
    return _percentile_lum(_sample(card, ibox, f), light)


def line_contrasts(card: Image.Image, plan: TextPlan) -> list[tuple[str, float]]:
    """(block, WCAG contrast) of each line's colour against the pixels behind it (not pills)."""
    out = []
    for line in plan.lines:
        if line.on_pill:
            continue
        box = line.box
        bg = background_luminance(card, box, is_light(line.color))
        out.append((line.block, contrast_lum(luminance(line.color), bg)))
    return out


def _alpha_mask(mask: Image.Image, alpha: float) -> Image.Image:
    if alpha >= 1:
        return mask
    return mask.point(lambda v, a=alpha: round(v * a))


def _paste_treatment(card: Image.Image, color: RGB, mask: Image.Image, alpha: float) -> None:
    """Lay *color* over *card* through *mask* at *alpha*, touching only the mask's bounds."""
    box = mask.getbbox()
    if box is None:
        return
    card.paste(color, box, _alpha_mask(mask.crop(box), alpha))


@dataclass
class _Probe:
    """A line's background and its treatment mask, reduced: contrast is tried on these."""

    block: str
    lum: float  # the line colour's luminance
    light: bool
    bg: Image.Image
    mask: Image.Image | None

    def contrast(self, color: RGB, alpha: float) -> float:
        bg = self.bg
        if self.mask is not None and alpha > 0:
            bg = bg.copy()
            bg.paste(color, (0, 0), _alpha_mask(self.mask, alpha))
        return contrast_lum(self.lum, _percentile_lum(bg, self.light))


def make_legible(
    card: Image.Image, design: Design, plan: TextPlan, style: CardStyle
) -> tuple[Image.Image, float, list[str]]:
    """Apply the treatment, then strengthen it until every line measures >= 4.5:1 contrast.

    Each block's treatment gets stronger on its own, opacity first, then its colour moves
    towards black (or white, under dark text). The strength is searched on each line's
    background and mask reduced to a few dozen pixels; the card is painted once, then
    measured. The card is changed in place. Returns the card, the worst contrast and
    warnings.
    """
    t = design.treatment
    lights = [is_light(line.color) for line in plan.lines if not line.on_pill]
    if not lights:
        return card, 21.0, []
    light_text = sum(lights) >= len(lights) / 2
    extreme = BLACK if light_text else WHITE
    color = extreme if t.color == "auto" else resolve_color(t.color, style)
    masks = treatment_masks(design, plan, card.size)
    if not masks:
        values = [c for _, c in line_contrasts(card, plan)]
        return card, min(values, default=21.0), []
    probes: list[_Probe] = []
    for ln in plan.lines:
        if ln.on_pill:
            continue
        ibox, f = _sample_box(card.size, ln.box)
        key = _mask_key(design, ln.block)
        mask = masks.get(key) if key else None
        probes.append(
            _Probe(
                key or ln.block,
                luminance(ln.color),
                is_light(ln.color),
                _sample(card, ibox, f),
                None if mask is None else _sample(mask, ibox, f),
            )
        )
    alpha = {name: t.opacity for name in masks}
    if color == BLACK:
        # first guess from the untreated pixels: black at alpha a scales sRGB values by
        # (1 - a), so linear luminance by about (1 - a) ** 2.2; the search below checks
        for pr in probes:
            if pr.block not in masks:
                continue
            bg = _percentile_lum(pr.bg, True)
            target = (pr.lum + 0.05) / (MIN_CONTRAST + 0.3) - 0.05
            if bg > target > 0:
                need = 1 - (target / bg) ** (1 / 2.2)
                alpha[pr.block] = min(1.0, max(alpha[pr.block], need))
    shift = dict.fromkeys(masks, 0.0)

    def measure() -> list[tuple[str, float]]:
        return [
            (
                pr.block,
                pr.contrast(mix(color, extreme, shift[pr.block]), alpha[pr.block])
                if pr.block in masks
                else pr.contrast(color, 0.0),
            )
            for pr in probes
        ]

    def strengthen(failing: set[str]) -> bool:
        stuck = True
        for name in failing & masks.keys():
            if alpha[name] < 1:
                alpha[name] = min(1.0, alpha[name] + max(0.12, (1 - alpha[name]) * 0.35))
                stuck = False
            elif shift[name] < 1:
                shift[name] = min(1.0, shift[name] + 0.25)
                stuck = False
        return not stuck

    for _ in range(14):
        failing = {b for b, c in measure() if c < MIN_CONTRAST + 0.05}
        if not failing or not strengthen(failing):
            break
    # paint once; the rare line the reduced search misjudged gets a stronger pass
    boxes = [b for b in (m.getbbox() for m in masks.values()) if b]
    saved = None
    if boxes:
        region = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        saved = (region, card.crop(region))
    worst = 21.0
    for _ in range(6):
        for name, mask in masks.items():
            if alpha[name] > 0 or shift[name] > 0:
                _paste_treatment(card, mix(color, extreme, shift[name]), mask, alpha[name])
        contrasts = line_contrasts(card, plan)
        worst = min((c for _, c in contrasts), default=21.0)
        failing = {_mask_key(design, b) or b for b, c in contrasts if c < MIN_CONTRAST}
        if not failing or not strengthen(failing) or saved is None:
            break
        card.paste(saved[1], saved[0][:2])
    if worst >= MIN_CONTRAST:
        return card, worst, []
    return card, worst, [f"text contrast is only {worst:.1f}:1 even with the strongest treatment"]


def recolor_failing(card: Image.Image, plan: TextPlan) -> list[str]:
    """Last resort: a line still under 4.5:1 takes near-black or white, whichever reads."""
    notes = []
    for line in plan.lines:
        if line.on_pill:
            continue
        box = line.box
        bg = background_luminance(card, box, is_light(line.color))
        if contrast_lum(luminance(line.color), bg) < MIN_CONTRAST:
            hi = background_luminance(card, box, True)
            lo = background_luminance(card, box, False)
            white_c = contrast_lum(1.0, hi)
            ink_c = contrast_lum(luminance((17, 17, 17)), lo)
            line.color = WHITE if white_c >= ink_c else (17, 17, 17)
            notes.append(f"the {line.field} text colour was changed to stay readable")
    return list(dict.fromkeys(notes))


# ---------------------------------------------------------------- drawing


def draw_text(card: Image.Image, plan: TextPlan) -> None:
    """Draw pills and lines; each run in its font, colour emoji pasted from their bitmaps."""
    draw = ImageDraw.Draw(card)
    for pill in plan.pills:
        h = pill.box[3] - pill.box[1]
        draw.rounded_rectangle(pill.box, radius=h / 2, fill=pill.fill)
    for line in plan.lines:
        runs, _base = F.visual_runs(line.chain, line.text)
        x = line.x
        for run in runs:
            w = line.chain.run_width(run, line.size)
            if run.colour:
                im, ascent = F.emoji_image(run.path, run.strike, run.text, line.size)
                # emoji sit on the baseline, nudged so their middle meets the cap middle
                y = round(line.baseline - ascent + line.size * 0.06)
                card.paste(im, (round(x), y), im)
            else:
                font = F.load(run.path, line.size)
                draw.text(
                    (x, line.baseline),
                    run.text,
                    font=font,
                    fill=line.color,
                    anchor="ls",
                    direction="rtl" if run.rtl else None,
                )
            x += w


ORNAMENT_SIZE = 220  # px at 1080


def ornament_reserve(design: Design, size: tuple[int, int], style: CardStyle) -> float:
    """Height kept free above the quote for the quote mark (0 without an ornament)."""
    if design.ornament != "quote":
        return 0.0
    s = round(ORNAMENT_SIZE * unit(*size))
    font = F.load(chain_for(style, "bold").primary, s)
    _x0, y0, _x1, y1 = font.getbbox("\u201c", anchor="ls")
    return (y1 - y0) + 0.12 * s


def draw_ornament(card: Image.Image, design: Design, plan: TextPlan, style: CardStyle) -> None:
    """A large opening quote mark in the accent colour just above the quote."""
    if design.ornament != "quote":
        return
    quote = [ln for ln in plan.lines if ln.field == "quote"]
    if not quote:
        return
    first = min(quote, key=lambda ln: ln.top)
    s = round(ORNAMENT_SIZE * unit(*card.size))
    font = F.load(chain_for(style, "bold").primary, s)
    x0, _y0, x1, y1 = font.getbbox("\u201c", anchor="ls")
    block_lines = [ln for ln in plan.lines if ln.block == first.block]
    left = min(ln.x for ln in block_lines)
    right = max(ln.x + ln.width for ln in block_lines)
    centred = abs(first.x - left) > 2 and abs((left + right) / 2 - card.width / 2) < 4
    ink_left = (card.width - (x1 - x0)) / 2 if centred else left
    bottom = first.top + (first.height - first.size) / 2 - 0.08 * s
    ImageDraw.Draw(card).text(
        (ink_left - x0, bottom - y1),
        "\u201c",
        font=font,
        fill=parse_hex(style.accent),
        anchor="ls",
    )


def text_boxes_by_block(plan: TextPlan) -> dict[str, list[tuple[float, float, float, float]]]:
    """The boxes each block's text occupies on the card: its lines and its pills."""
    boxes: dict[str, list[tuple[float, float, float, float]]] = {}
    for ln in plan.lines:
        boxes.setdefault(ln.block, []).append(ln.box)
    for pill in plan.pills:
        hit = [ln.block for ln in plan.lines if ln.on_pill and _inside(ln.box, pill.box)]
        if hit:
            boxes.setdefault(hit[0], []).append(pill.box)
    return boxes


def field_boxes(plan: TextPlan) -> dict[str, tuple[int, int, int, int]]:
    """Each drawn text field's box on the card (px, rounded outwards): its lines, and the
    pill behind them."""
    boxes: dict[str, list[float]] = {}
    for ln in plan.lines:
        boxes.setdefault(ln.field, [math.inf, math.inf, -math.inf, -math.inf])
        _grow(boxes[ln.field], ln.box)
        for pill in plan.pills:
            if ln.on_pill and _inside(ln.box, pill.box):
                _grow(boxes[ln.field], pill.box)
    return {
        name: (math.floor(b[0]), math.floor(b[1]), math.ceil(b[2]), math.ceil(b[3]))
        for name, b in boxes.items()
    }


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    return (
        outer[0] <= inner[0] + 0.5
        and outer[1] <= inner[1] + 0.5
        and inner[2] <= outer[2] + 0.5
        and inner[3] <= outer[3] + 0.5
    )


def plan_with_logo(
    design: Design,
    texts: Mapping[str, str],
    size: tuple[int, int],
    style: CardStyle,
    faces: Sequence[tuple[float, float]] = (),
) -> TextPlan:
    """The text plan, kept clear of the logo: blocks whose text would meet it are planned
    in smaller regions (the design's own regions still set the treatment behind them).

    The plan's ``logo`` is where the logo goes: None when the layout or the style has
    none, or when there is no room for it beside the text (it is never drawn over text).
    When the layout's corner would cover one of *faces* (the photos' focus points on the
    card: the animal's head, usually) and the opposite corner on the same edge has room,
    the logo goes there."""
    plan = plan_text(design, texts, size, style)
    if design.logo is None or style.logo is None:
        return plan
    spec = design.logo
    order = [spec]
    if L.over_face(L.logo_box(spec, style.logo, size), faces, size):
        order.insert(0, L.mirrored(spec))
    for candidate in order:
        placed = _clear_of_logo(design, candidate, texts, size, style, plan)
        if (
            placed is not None
            and placed.logo is not None
            and (candidate is spec or not L.over_face(placed.logo, faces, size))
        ):
            return placed
    return plan


def _clear_of_logo(
    design: Design,
    spec: LogoSpec,
    texts: Mapping[str, str],
    size: tuple[int, int],
    style: CardStyle,
    plan: TextPlan,
) -> TextPlan | None:
    """*plan* with the logo placed by *spec*, replanned if its text must move aside; None
    if the text cannot keep clear of it."""
    assert style.logo is not None
    box = L.logo_box(spec, style.logo, size)
    if not _hits(box, text_boxes_by_block(plan), size):
        return replace(plan, logo=box)
    cleared = L.clear_of(design, box, spec.position, size, text_boxes_by_block(plan))
    if cleared is design:
        return None
    replanned = plan_text(cleared, texts, size, style)
    if _hits(box, text_boxes_by_block(replanned), size):
        return None
    replanned.logo = box
    return replanned


def _hits(
    box: Rect, boxes: dict[str, list[tuple[float, float, float, float]]], size: tuple[int, int]
) -> bool:
    """Whether any text box comes nearer the logo than half the gap kept around it."""
    g = L.GAP * unit(*size) / 2
    grown = Rect(round(box.x0 - g), round(box.y0 - g), round(box.x1 + g), round(box.y1 + g))
    return any(L.overlaps(grown, b) for found in boxes.values() for b in found)


def draw_logo(card: Image.Image, design: Design, plan: TextPlan, style: CardStyle) -> None:
    """The style's logo where the plan put it, see-through parts showing the card."""
    if plan.logo is None or design.logo is None or style.logo is None:
        return
    logo = L.sized_logo(design.logo, style.logo, card.size)
    card.paste(logo, (plan.logo.x0, plan.logo.y0), logo if logo.mode == "RGBA" else None)
