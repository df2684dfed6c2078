"""Card rendering: plan every request, decode each photo once, compose, encode, in request order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from storykit.cards import draw as D
from storykit.cards.color import is_hex
from storykit.cards.encode import FORMATS, encode
from storykit.cards.geometry import Rect, place_photo
from storykit.cards.model import CardStyle, Design, Layout, PhotoSource
from storykit.cards.photo import Decoded, PhotoInfo, decode, probe
from storykit.errors import Problem, StorykitError


@dataclass(frozen=True)
class CardRequest:
    """One card to make: where it goes, its layout and size, its photos, texts and style."""

    key: str
    layout: Layout
    size: tuple[int, int]
    photos: tuple[PhotoSource, ...]
    texts: Mapping[str, str]
    style: CardStyle


@dataclass
class CardResult:
    """A rendered card: its key, encoded bytes, size, and warnings naming the file."""

    key: str
    data: bytes
    width: int
    height: int
    warnings: list[str] = field(default_factory=list)


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
    if not 1 <= s.quality <= 100:
        raise StorykitError.at(req.key, f"quality {s.quality} is outside 1..100")


def _photos(req: CardRequest) -> tuple[PhotoSource, ...]:
    return tuple(req.photos[: req.layout.photos])


def _placements(
    req: CardRequest, infos: Mapping[Path, PhotoInfo]
) -> list[tuple[PhotoSource, Rect]]:
    design = req.layout.design_for(*req.size)
    photos = _photos(req)
    areas = D.photo_areas(design, req.size, len(photos))
    return list(zip(photos, areas, strict=False))


def render_cards(requests: Sequence[CardRequest]) -> list[CardResult]:
    """Render every card; each photo is decoded once, at the smallest scale its cards need.

    Raises StorykitError listing every bad photo before any work is done.
    """
    for req in requests:
        _check(req)
    infos: dict[Path, PhotoInfo] = {}
    problems: list[Problem] = []
    for req in requests:
        for ps in _photos(req):
            p = Path(ps.path)
            if p in infos:
                continue
            try:
                infos[p] = probe(p)
            except StorykitError as exc:
                problems.extend(exc.problems)
                infos[p] = PhotoInfo(p, "", (1, 1), 1)
    if problems:
        raise StorykitError(problems)

    need: dict[Path, float] = {}
    uses: dict[Path, int] = {}
    for req in requests:
        for ps, area in _placements(req, infos):
            p = Path(ps.path)
            info = infos[p]
            pl = place_photo(*info.size, area, ps.focus, req.style.max_upscale)
            need[p] = max(need.get(p, 0.0), pl.scale)
            uses[p] = uses.get(p, 0) + 1

    decoded: dict[Path, Decoded] = {}
    results: list[CardResult] = []
    for req in requests:
        placements = _placements(req, infos)
        for ps, _ in placements:
            p = Path(ps.path)
            if p not in decoded:
                decoded[p] = decode(infos[p], need[p])
        results.append(_render_one(req, placements, decoded))
        for ps, _ in placements:
            p = Path(ps.path)
            uses[p] -= 1
            if uses[p] == 0:
                decoded.pop(p, None)
    return results


def _flatten(piece: Image.Image, design: Design, style: CardStyle) -> Image.Image:
    """A see-through photo piece laid on the layout's alpha background colour."""
    if piece.mode != "RGBA":
        return piece
    under = Image.new("RGB", piece.size, D.resolve_color(design.alpha_background, style))
    under.paste(piece, (0, 0), piece)
    return under


def _render_one(
    req: CardRequest,
    placements: Sequence[tuple[PhotoSource, Rect]],
    decoded: Mapping[Path, Decoded],
) -> CardResult:
    style = req.style
    design = req.layout.design_for(*req.size)
    width, height = req.size
    warnings: list[str] = []
    card = Image.new("RGB", req.size, D.resolve_color(design.background, style))
    # text is planned first (no pixels): a photo too small for its area goes where the
    # text is not, so it is neither covered nor darkened by the treatment
    plan = D.plan_text(design, req.texts, req.size, style)
    warnings.extend(f"{req.key}: {w}" for w in plan.warnings)
    framed: list[tuple[Image.Image, Rect]] = []
    for ps, area in placements:
        dec = decoded[Path(ps.path)]
        warnings.extend(f"{req.key}: {n}" for n in dec.notes)
        ow, oh = dec.original_size
        pl = place_photo(ow, oh, area, ps.focus, style.max_upscale)
        spot = D.free_spot(area, plan, req.size) if pl.limited else None
        if pl.limited:
            if design.small_photo == "blur":
                card.paste(D.blurred_fill(dec.image, area), (area.x0, area.y0))
            if spot is not None:
                s = min(style.max_upscale, spot.width / ow, spot.height / oh)
                dw, dh = max(1, round(ow * s)), max(1, round(oh * s))
                x0 = spot.x0 + (spot.width - dw) // 2
                y0 = spot.y0 + (spot.height - dh) // 2
                dest = Rect(x0, y0, x0 + dw, y0 + dh)
            else:
                dest = pl.dest
            warnings.append(
                f"{req.key}: photo {ps.path} is only {ow}x{oh} px; filling its "
                f"{area.width}x{area.height} px area would enlarge it "
                f"{max(area.width / ow, area.height / oh):.1f}x (limit {style.max_upscale:g}x), "
                f"so it is shown at {dest.width}x{dest.height} px. Use a larger photo."
            )
            if spot is not None:
                whole = (0.0, 0.0, float(ow), float(oh))
                piece = _flatten(dec.cut(whole, dest.size), design, style)
                framed.append((piece, dest))
                continue
        piece = _flatten(dec.cut(pl.crop, pl.dest.size), design, style)
        if pl.dest.size == req.size and len(placements) == 1:
            card = piece  # a full-bleed photo is the card: no copy
        else:
            card.paste(piece, (pl.dest.x0, pl.dest.y0))
    card, _worst, notes = D.make_legible(card, design, plan, style)
    for piece, dest in framed:
        D.framed_photo(card, piece, dest)
    D.draw_ornament(card, design, plan, style)
    if notes:
        notes += D.recolor_failing(card, plan)
        warnings.extend(f"{req.key}: {w}" for w in notes)
    D.draw_logo(card, design, style)
    D.draw_text(card, plan)
    data = encode(card, style.format, style.quality)
    return CardResult(req.key, data, width, height, warnings)
