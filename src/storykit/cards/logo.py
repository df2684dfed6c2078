"""The organisation's logo: checked where storykit.yaml names it, sized and placed on cards."""

from __future__ import annotations

import base64
import dataclasses
import io
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from storykit.cards.geometry import Rect, place_photo, safe_insets, unit
from storykit.cards.layout import Design, LogoPosition, LogoSpec
from storykit.cards.photo import decode, probe
from storykit.errors import Location, Problem, StorykitError
from storykit.fsutil import is_inside

if TYPE_CHECKING:  # not imported: the card workers draw logos and never load a project
    from storykit.load.project import Project

MAX_WIDTH = 0.4  # of the safe area's width: a wide wordmark is made lower, not wider
GAP = 24  # px at 1080 between the logo and any text
LOGO_HINT = "use a PNG logo (its transparency is kept) or a JPEG"


def logo_file(project: Project) -> Path | None:
    """The logo storykit.yaml names, when it is a readable image inside the project."""
    logo = project.config.organisation.logo
    if not logo or logo_problems(project):
        return None
    return project.root / logo


def logo_problems(project: Project) -> list[Problem]:
    """What is wrong with organisation.logo, at its line in storykit.yaml."""
    logo = project.config.organisation.logo
    if not logo:
        return []
    path = project.root / logo
    doc = project.config_doc
    where = doc.locate(("organisation", "logo")) if doc is not None else Location.of(path)
    if not is_inside(path, project.root):
        return [
            Problem(
                where,
                f"the logo '{logo}' is outside the project",
                "copy the logo into the project folder (beside storykit.yaml)",
            )
        ]
    if not path.is_file():
        return [
            Problem(
                where,
                f"the logo '{logo}' does not exist (looked for {path})",
                "check the file name; organisation.logo is relative to the folder of storykit.yaml",
            )
        ]
    reason = _unreadable(path, *_stat(path))
    if reason is None:
        return []
    hint = reason.hint if reason.hint.startswith("rename") else LOGO_HINT
    return [Problem(where, f"the logo '{logo}' cannot be used: {reason.message}", hint)]


def _stat(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=8)
def _unreadable(path: Path, _mtime: int, _size: int) -> Problem | None:
    """The first problem decoding the image gives, or None (cached while the file is the same)."""
    try:
        decode(probe(path), 1.0)
    except StorykitError as err:
        return err.problems[0]
    return None


def logo_image(path: Path, height: int, max_width: int) -> Image.Image:
    """The logo, upright and sRGB, at *height* px (lower if it would be wider than *max_width*),
    RGBA when it has transparency; resampled with premultiplied alpha (no dark fringes).
    Kept while the file is the same (a watching build sees an edited logo)."""
    return _logo_image(path, *_stat(path), height, max_width)


@lru_cache(maxsize=8)
def _logo_image(path: Path, _mtime: int, _size: int, height: int, max_width: int) -> Image.Image:
    im = decode(probe(path), 1.0).image
    scale = min(height / im.height, max_width / im.width)
    size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
    return im.resize(size, Image.Resampling.LANCZOS)


def sized_logo(spec: LogoSpec, path: Path, card: tuple[int, int]) -> Image.Image:
    """The logo as a card of this size shows it: the layout's height, scaled to the card."""
    width, height = card
    left, _top, right, _bottom = safe_insets(width, height)
    px = max(8, round(spec.height * unit(width, height)))
    return logo_image(path, px, round((width - left - right) * MAX_WIDTH))


def logo_box(spec: LogoSpec, path: Path, card: tuple[int, int]) -> Rect:
    """Where the logo goes on a card of this size: its corner of the safe area."""
    width, height = card
    left, top, right, bottom = safe_insets(width, height)
    im = sized_logo(spec, path, card)
    x = left if spec.position.endswith("left") else width - right - im.width
    y = top if spec.position.startswith("top") else height - bottom - im.height
    return Rect(x, y, x + im.width, y + im.height)


HEAD = 0.1  # of the card's short side: how far around a focus point the head may reach
_MIRRORED: dict[LogoPosition, LogoPosition] = {
    "top-left": "top-right",
    "top-right": "top-left",
    "bottom-left": "bottom-right",
    "bottom-right": "bottom-left",
}


def mirrored(spec: LogoSpec) -> LogoSpec:
    """The same logo in the other corner of the same edge (top-right -> top-left)."""
    return dataclasses.replace(spec, position=_MIRRORED[spec.position])


def over_face(box: Rect, faces: Sequence[tuple[float, float]], card: tuple[int, int]) -> bool:
    """Whether *box* comes within HEAD of any of the focus points *faces* (card pixels)."""
    reach = HEAD * min(card)
    return any(
        box.x0 - reach <= x <= box.x1 + reach and box.y0 - reach <= y <= box.y1 + reach
        for x, y in faces
    )


def faces_on_card(
    shown: Iterable[tuple[tuple[float, float], tuple[int, int], Rect]], max_upscale: float
) -> list[tuple[float, float]]:
    """Where each photo's focus point lands on the card: (focus, photo size, its area) of
    every photo shown; a photo too small for its area (framed where the text is not) is
    left out."""
    points = []
    for (fx, fy), (w, h), area in shown:
        pl = place_photo(w, h, area, (fx, fy), max_upscale)
        if pl.limited:
            continue
        x0, y0, x1, y1 = pl.crop
        points.append(
            (
                pl.dest.x0 + (fx * w - x0) / (x1 - x0) * pl.dest.width,
                pl.dest.y0 + (fy * h - y0) / (y1 - y0) * pl.dest.height,
            )
        )
    return points


def rect_overlaps(a: Rect, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    return x0 < a.x1 and a.x0 < x1 and y0 < a.y1 and a.y0 < y1


def clear_of(
    design: Design,
    logo: Rect,
    position: str,
    card: tuple[int, int],
    hit: dict[str, list[tuple[float, float, float, float]]],
) -> Design:
    """*design* with the blocks whose text boxes (*hit*: block -> boxes) meet the logo
    made smaller so that they keep clear of it by GAP.

    A block anchored on the logo's side (a top row beside a top logo) gives up the
    logo's columns, so its text stays on that edge beside the logo; any other block gives
    up the logo's rows, so its text stops short of it."""
    width, height = card
    gap = GAP * unit(width, height)
    margin = round(0.06 * min(width, height))  # text_rect's inset: regions are cut past it
    side = "top" if position.startswith("top") else "bottom"
    blocks = []
    for b in design.blocks:
        if not any(rect_overlaps(logo, box) for box in hit.get(b.name, [])):
            blocks.append(b)
            continue
        x0, y0, x1, y1 = b.region
        if b.anchor == side:
            if position.endswith("right"):
                x1 = min(x1, (logo.x0 - gap + margin) / width)
            else:
                x0 = max(x0, (logo.x1 + gap - margin) / width)
        elif side == "top":
            y0 = max(y0, (logo.y1 + gap - margin) / height)
        else:
            y1 = min(y1, (logo.y0 - gap + margin) / height)
        if x1 <= x0 or y1 <= y0:
            return design  # no room beside the logo: the caller leaves the logo out
        blocks.append(dataclasses.replace(b, region=(x0, y0, x1, y1)))
    return dataclasses.replace(design, blocks=tuple(blocks))


PAGE_HEIGHT = 80  # px: twice the preview header's 40 px, sharp on high-density screens


def page_logo(path: Path | None) -> str:
    """The logo as a data: URI for the preview pages' header (a PNG 80 px high), or ''.

    Inline, so that the pages stay single files that work from file:// and ask no server."""
    if path is None:
        return ""
    return _page_logo(path, *_stat(path))


@lru_cache(maxsize=4)
def _page_logo(path: Path, _mtime: int, _size: int) -> str:
    im = logo_image(path, PAGE_HEIGHT, PAGE_HEIGHT * 6)
    out = io.BytesIO()
    im.save(out, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
