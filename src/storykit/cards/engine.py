"""Card rendering: plan every request, decode each photo once, compose, encode, in request order."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from storykit.cards import framing as FR
from storykit.cards import logo as L
from storykit.cards.batch import (
    CardNote,
    CardRequest,
    CardResult,
    PhotoCopy,
    decode_needs,
    enlarge_note,
    needs_detection,
    none_found,
    placements,
    probe_all,
)
from storykit.cards.color import is_hex
from storykit.cards.draw import draw_text
from storykit.cards.encode import FORMATS, encode
from storykit.cards.geometry import Box, Rect, text_rect, unit
from storykit.cards.layout import Anchor, Block, CardStyle, Design, Flow, PhotoSource, resolve_color
from storykit.cards.legibility import make_legible, recolor_failing
from storykit.cards.logo_place import draw_logo, plan_with_logo
from storykit.cards.ornament import draw_ornament
from storykit.cards.photo import Decoded, decode
from storykit.cards.small_photo import blurred_fill, framed_photo, free_spot
from storykit.cards.subjects import Subject
from storykit.cards.textplan import TextPlan, field_boxes, text_boxes_by_block
from storykit.errors import StorykitError
from storykit.text.platforms import CARD_QUALITY


def _check(req: CardRequest) -> None:
    w, h = req.size
    if not (16 <= w <= 8192 and 16 <= h <= 8192):
        raise StorykitError.at(req.key, f"card size {w}x{h} is out of range (16..8192 px)")
    s = req.style
    if s.format.lower() not in (*FORMATS, "jpg"):
        raise StorykitError.at(
            req.key, f"unknown card format {s.format!r}", f"use one of {', '.join(FORMATS)}"
        )
    for name in ("primary", "accent", "text"):
        value = getattr(s, name)
        if not is_hex(value):
            raise StorykitError.at(req.key, f"brand colour {name} {value!r} is not a hex colour")
    least, most = CARD_QUALITY
    if not least <= s.quality <= most:
        raise StorykitError.at(req.key, f"quality {s.quality} is outside {least}..{most}")


def render_cards(
    requests: Sequence[CardRequest],
    copies: Sequence[PhotoCopy] = (),
    make: Collection[str] | None = None,
) -> list[CardResult]:
    """Render the cards, then the photo copies, whose keys are in *make* (default: all).

    Each photo is decoded once, at the smallest JPEG draft scale that covers every card and
    copy asked for (made or not: so what is made is the same whatever else is made with
    it), and let go as soon as the last thing made from it is. Results come in request
    order. Raises StorykitError listing every bad photo before any work is done.
    """
    for req in requests:
        _check(req)
    infos = probe_all(requests, copies)
    need = decode_needs(requests, copies, infos)

    def made(key: str) -> bool:
        return make is None or key in make

    uses: dict[Path, int] = dict.fromkeys(need, 0)
    for req in requests:
        for ps, _ in placements(req, infos):
            uses[Path(ps.path)] += made(req.key)
    for copy in copies:
        uses[Path(copy.path)] += made(copy.key)

    decoded: dict[Path, Decoded] = {}
    copied: dict[str, CardResult] = {}
    # the animals are found once per photo, on its decode, for the cards that frame by them
    wanted = {
        Path(ps.path)
        for req in requests
        if made(req.key)
        for ps, _ in placements(req, infos)
        if needs_detection(ps)
    }
    found: dict[Path, tuple[Subject, ...]] = {}

    def release(p: Path) -> None:
        uses[p] -= 1
        if uses[p] == 0:
            decoded.pop(p, None)

    def decode_once(p: Path) -> Decoded:
        """The photo's decode; its copies are made at once, while it is fresh."""
        if p in decoded:
            return decoded[p]
        dec = decoded[p] = decode(infos[p], need[p])
        if p in wanted and p not in found:
            from storykit.cards.detect import find_animals  # loads OpenCV: only when asked

            found[p] = find_animals(dec)
        for copy in copies:
            if Path(copy.path) == p and made(copy.key):
                copied[copy.key] = _copy_one(copy, dec)
                if p in found:
                    copied[copy.key].detected[str(copy.path)] = found[p]
                release(p)
        return dec

    results: list[CardResult] = []
    for req in requests:
        if not made(req.key):
            continue
        placed = placements(req, infos)
        photos = {Path(ps.path): decode_once(Path(ps.path)) for ps, _ in placed}
        results.append(_render_one(req, placed, photos, found))
        for ps, _ in placed:
            release(Path(ps.path))
    for copy in copies:  # photos no card made here shows
        if made(copy.key) and copy.key not in copied:
            decode_once(Path(copy.path))
    return results + [copied[c.key] for c in copies if made(c.key)]


def _copy_one(copy: PhotoCopy, dec: Decoded) -> CardResult:
    """The whole photo at its copy's size, flattened onto white if see-through."""
    ow, oh = dec.original_size
    scale = copy.scale((ow, oh))
    size = (max(1, round(ow * scale)), max(1, round(oh * scale)))
    # an exact halving of the decode is a plain crop; the rare resize is bicubic, as
    # Pillow's thumbnail(): adoption sites scale and re-encode the photo again anyway
    image = dec.cut((0.0, 0.0, float(ow), float(oh)), size, Image.Resampling.BICUBIC)
    if image.mode == "RGBA":  # JPEG has no transparency
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, (0, 0), image)
        image = flat
    warnings = [CardNote(n, photo=str(copy.path)) for n in dec.notes]
    return CardResult(copy.key, encode(image, "jpeg", copy.quality), *size, warnings)


def _flatten(piece: Image.Image, design: Design, style: CardStyle) -> Image.Image:
    """A see-through photo piece laid on the layout's alpha background colour."""
    if piece.mode != "RGBA":
        return piece
    under = Image.new("RGB", piece.size, resolve_color(design.alpha_background, style))
    under.paste(piece, (0, 0), piece)
    return under


@dataclass
class _Shown:
    """One photo of a card: where it goes, its decode, and its framing plan."""

    source: PhotoSource
    decoded: Decoded
    area: Rect
    plan: FR.Plan


def _subjects(ps: PhotoSource, found: Mapping[Path, tuple[Subject, ...]]) -> tuple[Subject, ...]:
    if ps.subject is not None:
        return (FR.subject_from_box(ps.subject),)
    if ps.subjects is not None:
        return ps.subjects
    return found.get(Path(ps.path), ())


def _faces(
    shown: Sequence[_Shown], plans: Sequence[FR.Plan], max_upscale: float
) -> list[tuple[float, float]]:
    """Where the animals' heads are on the card, for the logo to keep off: each photo's focus
    point (focus: set, as before framing) or the centres of its heads; a photo too small to
    fill its area (it goes where the text is not) is left out."""
    points = []
    for s, pl in zip(shown, plans, strict=True):
        if s.source.focus is not None:
            points += L.faces_on_card(
                [(s.source.focus, s.decoded.original_size, s.area)], max_upscale
            )
        elif not pl.placement.limited:
            points += [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in pl.framing.heads_on_card()]
    return points


TEXT_PAD = 0.15  # text keeps this far off the heads found (their share; twice that above)


def _heads(shown: Sequence[_Shown], plans: Sequence[FR.Plan]) -> list[list[Box]]:
    """Each photo's padded heads on the card (a photo too small to fill its area: none)."""
    return [
        [] if pl.placement.limited else pl.framing.heads_on_card(TEXT_PAD)
        for _s, pl in zip(shown, plans, strict=True)
    ]


def _text_hits(plan: TextPlan, heads: Sequence[Box]) -> set[str]:
    """The blocks whose text (lines and pills) covers any of *heads*."""
    hit = set()
    for block, boxes in text_boxes_by_block(plan).items():
        if any(FR.boxes_overlap(b, h) for b in boxes for h in heads):
            hit.add(block)
    return hit


def _blocks_apart(plan: TextPlan) -> bool:
    """Whether no two blocks' texts share pixels (a moved block must not land on another)."""
    bounds = [b for b in plan.bounds.values() if math.isfinite(b[0])]
    return not any(FR.boxes_overlap(a, b) for i, a in enumerate(bounds) for b in bounds[i + 1 :])


_FLIP: dict[str, tuple[Anchor, ...]] = {
    "bottom": ("top",),
    "top": ("bottom",),
    "middle": ("top", "bottom"),
}


def _designs(
    design: Design,
    blocks: set[str],
    heads: Sequence[Box],
    size: tuple[int, int],
    plan: TextPlan,
) -> list[Design]:
    """Other places for the blocks in *blocks*, which cover a head (in *plan*), in the order
    they are tried: the anchor flipped (bottom <-> top); the free band above or below the
    heads (the larger first); the region cut to the side of the heads (the wider first),
    fields stacked; a top block moved under the bottom block's text."""
    width, height = size

    def with_blocks(options: Callable[[Block], list[Block]], k: int) -> Design | None:
        out = []
        for b in design.blocks:
            if b.name in blocks:
                choices = options(b)
                if len(choices) <= k:
                    return None
                out.append(choices[k])
            else:
                out.append(b)
        return replace(design, blocks=tuple(out))

    def flips(b: Block) -> list[Block]:
        return [replace(b, anchor=a) for a in _FLIP[b.anchor]]

    def near(b: Block) -> list[Box]:
        x0, y0, x1, y1 = b.region
        r = (x0 * width, y0 * height, x1 * width, y1 * height)
        return [h for h in heads if FR.boxes_overlap(h, r)]

    def bands(b: Block) -> list[Block]:
        hs = near(b)
        if not hs:
            return []
        x0, y0, x1, y1 = b.region
        top, bottom = min(h[1] for h in hs) / height, max(h[3] for h in hs) / height
        above = replace(b, region=(x0, y0, x1, max(y0, top)), anchor="top")
        below = replace(b, region=(x0, min(y1, bottom), x1, y1), anchor="bottom")
        return sorted((above, below), key=lambda c: c.region[1] - c.region[3])

    def sides(b: Block) -> list[Block]:
        hs = near(b)
        if not hs:
            return []
        x0, y0, x1, y1 = b.region
        left, right = min(h[0] for h in hs) / width, max(h[2] for h in hs) / width
        flow: Flow = "column"  # side by side fields stack in the narrower region
        before = replace(b, region=(x0, y0, max(x0, left), y1), flow=flow)
        after = replace(b, region=(min(x1, right), y0, x1, y1), flow=flow)
        wide = [c for c in (before, after) if c.region[2] - c.region[0] >= MIN_SIDE]
        return sorted(wide, key=lambda c: c.region[0] - c.region[2])

    found = [with_blocks(options, k) for options in (flips, bands, sides) for k in range(2)]
    return [d for d in [*found, _stacked(design, blocks, plan, size)] if d is not None]


def _stacked(
    design: Design, blocks: set[str], plan: TextPlan, size: tuple[int, int]
) -> Design | None:
    """The one top block in *blocks* (a head fills the top of the card) moved to the bottom,
    under the bottom block's text, whose region is raised to leave it room; None when the
    design has no such pair."""
    moving = [b for b in design.blocks if b.name in blocks and b.anchor == "top"]
    under = [b for b in design.blocks if b.anchor == "bottom" and b.name not in blocks]
    if len(moving) != 1 or len(under) != 1 or moving[0].name not in plan.bounds:
        return None
    width, height = size
    top, bottom = plan.bounds[moving[0].name][1], plan.bounds[moving[0].name][3]
    gap = under[0].gap * unit(width, height) * 2
    last = text_rect(moving[0].region, width, height).y1  # where its text will end, anchored low
    lift = text_rect(under[0].region, width, height).y1 - (last - (bottom - top) - gap)
    x0, y0, x1, y1 = under[0].region
    raised = replace(under[0], region=(x0, y0, x1, y1 - max(0.0, lift) / height))
    moved = replace(moving[0], anchor="bottom")
    swap = {moved.name: moved, raised.name: raised}
    return replace(design, blocks=tuple(swap.get(b.name, b) for b in design.blocks))


@dataclass
class _Choice:
    design: Design
    plan: TextPlan
    plans: list[FR.Plan]
    covered: list[bool]  # per photo: does the text still cover one of its heads?
    apart: bool = False  # the photo is shown whole in the band the text leaves free


def _crops(
    req: CardRequest, shown: Sequence[_Shown]
) -> tuple[list[list[FR.Plan]], list[list[FR.Plan]]]:
    """Other framings of the card's photos, one photo changed at a time: its crop moved as
    far as its heads allow, each way; then the photo fitted (shown whole) at the start,
    middle and end of its area. Photos framed by focus: or too small to fill their area
    keep theirs."""
    base = [s.plan for s in shown]
    moves: list[list[FR.Plan]] = []
    fits: list[list[FR.Plan]] = []
    for i, s in enumerate(shown):
        if s.source.focus is not None or s.plan.placement.limited or not s.plan.framing.subjects:
            continue
        size = s.decoded.original_size
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                m = FR.moved(s.plan, size, dx, dy) if dx or dy else None
                if m is not None:
                    moves.append([*base[:i], m, *base[i + 1 :]])
        for align in (0.5, 0.0, 1.0):
            f = FR.fitted(size, s.area, s.plan.framing.subjects, req.style.max_upscale, align)
            if f.framing != s.plan.framing:
                fits.append([*base[:i], f, *base[i + 1 :]])
    return moves, fits


MIN_SIDE = 0.4  # a text block cut to the side of the heads keeps at least this share of the card


def _choose(req: CardRequest, design: Design, shown: Sequence[_Shown]) -> _Choice:
    """The layout's text plan and the photos' framings, with the text kept off the heads.

    Tried in order: the photos as framed; their crops moved (within what still holds the
    heads); the blocks that cover a head flipped (bottom <-> top), put in the free band
    above or below the heads, or cut to their side; then a photo fitted (shown whole) with
    the same choices. Text is never shortened further to clear a head. Nothing clears
    them: the layout's own, covering."""
    style = req.style
    base = [s.plan for s in shown]
    plan = plan_with_logo(
        design, req.texts, req.size, style, _faces(shown, base, style.max_upscale)
    )
    heads = _heads(shown, base)
    if not any(_text_hits(plan, hs) for hs in heads):
        return _Choice(design, plan, base, [False] * len(shown))
    moves, fits = _crops(req, shown)
    for c in moves:
        if not any(_text_hits(plan, hs) for hs in _heads(shown, c)):
            return _Choice(design, plan, c, [False] * len(shown))
    planned: dict[Design, TextPlan] = {design: plan}

    def clear(d: Design, c: list[FR.Plan]) -> bool:
        p = planned.get(d)
        if p is None:
            p = planned[d] = plan_with_logo(
                d, req.texts, req.size, style, _faces(shown, c, style.max_upscale)
            )
        if len(p.warnings) > len(plan.warnings) or not _blocks_apart(p):
            return False
        return not any(_text_hits(p, hs) for hs in _heads(shown, c))

    for c in [base, *moves, *fits]:
        flat = [h for hs in _heads(shown, c) for h in hs]
        hit = _text_hits(plan, flat)
        for d in [design, *_designs(design, hit, flat, req.size, plan)] if hit else [design]:
            if clear(d, c):
                return _Choice(d, planned[d], c, [False] * len(shown))
    covered = [bool(_text_hits(plan, hs)) for hs in heads]
    if len(shown) == 1 and free_spot(shown[0].area, plan, req.size) is not None:
        # last: the photo shown whole where the text is not, as a small photo is
        return _Choice(design, plan, base, [False], apart=True)
    return _Choice(design, plan, base, covered)


HEAD_COVERED = "the text covers the animal's head on this card"
HINT_HEAD_COVERED = "set focus: or subject: for the photo, or choose another photo"


def _render_one(
    req: CardRequest,
    placements: Sequence[tuple[PhotoSource, Rect]],
    decoded: Mapping[Path, Decoded],
    found: Mapping[Path, tuple[Subject, ...]],
) -> CardResult:
    style = req.style
    design = req.layout.design_for(*req.size)
    width, height = req.size
    warnings: list[CardNote] = []
    background = resolve_color(design.background, style)
    card = Image.new("RGB", req.size, background)
    shown = []
    for ps, area in placements:
        dec = decoded[Path(ps.path)]
        subjects = _subjects(ps, found)
        if none_found(ps, subjects):  # shown whole (fitted), never cut
            frame = FR.fitted(dec.original_size, area, (), style.max_upscale)
        else:
            frame = FR.frame(dec.original_size, area, ps.focus, subjects, style.max_upscale)
        shown.append(_Shown(ps, dec, area, frame))
    # text is planned before any pixel is touched, with the photos' heads known: it goes
    # where they are not, and a photo too small for its area goes where the text is not,
    # so it is neither covered nor darkened by the treatment
    choice = _choose(req, design, shown)
    design, plan = choice.design, choice.plan
    warnings.extend(w.on(req.key) for w in plan.warnings)
    framed: list[tuple[Image.Image, Rect]] = []
    framings: list[FR.Framing] = []
    for s, fp, covered in zip(shown, choice.plans, choice.covered, strict=True):
        ps, dec, area = s.source, s.decoded, s.area
        warnings.extend(CardNote(n, photo=str(ps.path)) for n in dec.notes)  # the photo's
        if covered:
            warnings.append(CardNote(HEAD_COVERED, HINT_HEAD_COVERED, str(ps.path), req.key))
        ow, oh = dec.original_size
        pl = fp.placement
        whole = (0.0, 0.0, float(ow), float(oh))
        if (pl.limited or fp.framing.fitted or choice.apart) and design.small_photo == "blur":
            card.paste(blurred_fill(dec, area), (area.x0, area.y0))
        if pl.limited or choice.apart:
            if pl.limited:
                warnings.append(enlarge_note(req, ps, (ow, oh)))
            spot = free_spot(area, plan, req.size)
            if spot is not None:
                sc = min(style.max_upscale, spot.width / ow, spot.height / oh)
                dw, dh = max(1, round(ow * sc)), max(1, round(oh * sc))
                x0 = spot.x0 + (spot.width - dw) // 2
                y0 = spot.y0 + (spot.height - dh) // 2
                dest = Rect(x0, y0, x0 + dw, y0 + dh)
                framed.append((_flatten(dec.cut(whole, dest.size), design, style), dest))
                subjects = fp.framing.subjects
                framings.append(FR.Framing((0.0, 0.0, 1.0, 1.0), dest.as_tuple(), True, subjects))
                continue
        framings.append(fp.framing)
        piece = _flatten(dec.cut(pl.crop, pl.dest.size), design, style)
        if pl.dest.size == req.size and len(placements) == 1:
            card = piece  # a full-bleed photo is the card: no copy
        else:
            card.paste(piece, (pl.dest.x0, pl.dest.y0))
    plain = background if not placements else None  # no photo: the card is one colour
    card, _worst, notes = make_legible(card, design, plan, style, plain)
    for piece, dest in framed:
        framed_photo(card, piece, dest)
    draw_ornament(card, design, plan, style)
    if notes:
        notes += recolor_failing(card, plan)
        warnings.extend(CardNote(w, card=req.key) for w in notes)
    draw_logo(card, design, plan, style)
    draw_text(card, plan)
    data = encode(card, style.format, style.quality)
    detected = {
        str(ps.path): found.get(Path(ps.path), ()) for ps, _ in placements if needs_detection(ps)
    }
    return CardResult(
        req.key,
        data,
        width,
        height,
        warnings,
        tuple(framings),
        field_boxes(plan),
        detected,
    )
