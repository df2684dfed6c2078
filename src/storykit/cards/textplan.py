"""Text planning: each field fitted into its block and placed as lines and pills, no pixels."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storykit.cards import fonts as F
from storykit.cards.batch import CardNote
from storykit.cards.color import RGB, parse_hex, readable_on
from storykit.cards.geometry import Rect, text_rect, unit
from storykit.cards.layout import Block, CardStyle, Design, TextField, resolve_color
from storykit.cards.ornament import ornament_reserve
from storykit.cards.textfit import FieldSpec, Fit, fit_stack, stack_height
from storykit.text.counting import graphemes

PILL_PAD_Y = 0.9  # pill height beyond the line box, in ems
PILL_PAD_X = 0.75  # pill side padding, in ems
Bounds = tuple[float, float, float, float]  # x0, y0, x1, y1 on the card, in px
Fields = Sequence[tuple[TextField, str, F.FontChain]]  # a block's fields, their texts, fonts


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
    def box(self) -> Bounds:
        """The line's box on the card: what its contrast is measured against."""
        return (self.x, self.top, self.x + self.width, self.top + self.height)


@dataclass
class Pill:
    """A rounded badge background."""

    box: Bounds
    fill: RGB


@dataclass
class TextPlan:
    """Every line and pill of a card, the text bounds per block, and what went wrong."""

    lines: list[Line] = field(default_factory=list)
    pills: list[Pill] = field(default_factory=list)
    bounds: dict[str, Bounds] = field(default_factory=dict)
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
            chain = F.chain_for(style, f.weight)
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
    fields: Fields,
    rect: Rect,
    u: float,
    style: CardStyle,
    accent: RGB,
) -> None:
    """Fit a block's fields into *rect* together and place their lines at its anchor."""
    n = len(fields)
    gap_x = round(block.gap * u * 2)
    col_w = rect.width if block.flow == "column" else (rect.width - gap_x * (n - 1)) / n
    rows, gaps = _rows(block, fields, col_w, u)
    fits, ok = fit_stack(rows, gaps, rect.height)
    plan.warnings.extend(_fit_notes(fields, rows, fits, ok))
    y = _stack_top(block, rect, stack_height(rows, fits, gaps))
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


def _rows(
    block: Block, fields: Fields, col_w: float, u: float
) -> tuple[list[list[FieldSpec]], list[int]]:
    """What to fit: the fields as rows of specs (one a row in a column, one row side by
    side), and the gap above each row."""
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
        gaps = [round((f.gap if f.gap is not None else block.gap) * u) for f, _, _ in fields]
        return [[s] for s in specs], gaps
    return [specs], [0]


def _fit_notes(
    fields: Fields, rows: Sequence[Sequence[FieldSpec]], fits: Sequence[Sequence[Fit]], ok: bool
) -> list[CardNote]:
    """What the fitting had to give: each text shortened, or the whole stack too tall."""
    notes = []
    for row_fits, row in zip(fits, rows, strict=False):
        for ft, spec in zip(row_fits, row, strict=False):
            if ft.truncated:
                name = next(f.name for f, t, _ in fields if t == spec.text)
                notes.append(
                    CardNote(
                        f"the {name} text is too long and was shortened",
                        f"shorten what the {name} text shows (in the case file), or give it "
                        "more room in a layout of your own in templates/cards/",
                    )
                )
    if not ok:
        notes.append(
            CardNote(
                "the texts do not fit even at their smallest sizes",
                "shorten what the card shows (in the case file), or give it more room in a "
                "layout of your own in templates/cards/",
            )
        )
    return notes


def _stack_top(block: Block, rect: Rect, total: float) -> float:
    """Where a stack *total* px tall starts, at the block's anchor."""
    if block.anchor == "top":
        return float(rect.y0)
    if block.anchor == "middle":
        return rect.y0 + (rect.height - total) / 2
    return rect.y1 - total


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
    """Place one fitted field's lines (and its pill) between x0 and x1 from *y* down,
    growing the block's *bounds* around them."""
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


def _grow(bounds: list[float], box: Bounds) -> None:
    bounds[0] = min(bounds[0], box[0])
    bounds[1] = min(bounds[1], box[1])
    bounds[2] = max(bounds[2], box[2])
    bounds[3] = max(bounds[3], box[3])


def text_boxes_by_block(plan: TextPlan) -> dict[str, list[Bounds]]:
    """The boxes each block's text occupies on the card: its lines and its pills."""
    boxes: dict[str, list[Bounds]] = {}
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
