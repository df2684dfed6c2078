"""Card rendering: plan every request, decode each photo once, compose, encode, in request order."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from PIL import Image

from storykit.cards import draw as D
from storykit.cards import logo as L
from storykit.cards.batch import (
    CardNote,
    CardRequest,
    CardResult,
    PhotoCopy,
    decode_needs,
    enlarge_note,
    placements,
    probe_all,
)
from storykit.cards.color import is_hex
from storykit.cards.encode import FORMATS, encode
from storykit.cards.geometry import Rect, place_photo
from storykit.cards.layout import CardStyle, Design, PhotoSource
from storykit.cards.photo import Decoded, decode
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

    def release(p: Path) -> None:
        uses[p] -= 1
        if uses[p] == 0:
            decoded.pop(p, None)

    def decode_once(p: Path) -> Decoded:
        """The photo's decode; its copies are made at once, while it is fresh."""
        if p in decoded:
            return decoded[p]
        dec = decoded[p] = decode(infos[p], need[p])
        for copy in copies:
            if Path(copy.path) == p and made(copy.key):
                copied[copy.key] = _copy_one(copy, dec)
                release(p)
        return dec

    results: list[CardResult] = []
    for req in requests:
        if not made(req.key):
            continue
        placed = placements(req, infos)
        photos = {Path(ps.path): decode_once(Path(ps.path)) for ps, _ in placed}
        results.append(_render_one(req, placed, photos))
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
    warnings: list[CardNote] = []
    card = Image.new("RGB", req.size, D.resolve_color(design.background, style))
    # text is planned first (no pixels): a photo too small for its area goes where the
    # text is not, so it is neither covered nor darkened by the treatment
    shown = [(ps.focus, decoded[Path(ps.path)].original_size, area) for ps, area in placements]
    faces = L.faces_on_card(shown, style.max_upscale) if style.logo else []
    plan = D.plan_with_logo(design, req.texts, req.size, style, faces)
    warnings.extend(w.on(req.key) for w in plan.warnings)
    framed: list[tuple[Image.Image, Rect]] = []
    for ps, area in placements:
        dec = decoded[Path(ps.path)]
        warnings.extend(CardNote(n, photo=str(ps.path)) for n in dec.notes)  # the photo's
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
            warnings.append(enlarge_note(req, ps, (ow, oh)))
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
        warnings.extend(CardNote(w, card=req.key) for w in notes)
    D.draw_logo(card, design, plan, style)
    D.draw_text(card, plan)
    data = encode(card, style.format, style.quality)
    return CardResult(req.key, data, width, height, warnings)
