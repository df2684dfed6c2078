"""The logo on a card: the text planned clear of it and of the animals' faces, then drawn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from PIL import Image

from storykit.cards import logo as L
from storykit.cards.geometry import Rect, unit
from storykit.cards.layout import CardStyle, Design, LogoSpec
from storykit.cards.textplan import Bounds, TextPlan, plan_text, text_boxes_by_block


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


def _hits(box: Rect, boxes: dict[str, list[Bounds]], size: tuple[int, int]) -> bool:
    """Whether any text box comes nearer the logo than half the gap kept around it."""
    g = L.GAP * unit(*size) / 2
    grown = Rect(round(box.x0 - g), round(box.y0 - g), round(box.x1 + g), round(box.y1 + g))
    return any(L.rect_overlaps(grown, b) for found in boxes.values() for b in found)


def draw_logo(card: Image.Image, design: Design, plan: TextPlan, style: CardStyle) -> None:
    """The style's logo where the plan put it, see-through parts showing the card."""
    if plan.logo is None or design.logo is None or style.logo is None:
        return
    logo = L.sized_logo(design.logo, style.logo, card.size)
    card.paste(logo, (plan.logo.x0, plan.logo.y0), logo if logo.mode == "RGBA" else None)
