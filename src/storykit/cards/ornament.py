"""The quote mark ornament: the room kept for it above a quote, and its drawing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

from storykit.cards import fonts as F
from storykit.cards.color import parse_hex
from storykit.cards.geometry import unit
from storykit.cards.layout import CardStyle, Design

if TYPE_CHECKING:  # the text plan asks this module for the room above the quote
    from storykit.cards.textplan import TextPlan

ORNAMENT_SIZE = 220  # px at 1080


def ornament_reserve(design: Design, size: tuple[int, int], style: CardStyle) -> float:
    """Height kept free above the quote for the quote mark (0 without an ornament)."""
    if design.ornament != "quote":
        return 0.0
    s = round(ORNAMENT_SIZE * unit(*size))
    font = F.load(F.chain_for(style, "bold").primary, s)
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
    font = F.load(F.chain_for(style, "bold").primary, s)
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
