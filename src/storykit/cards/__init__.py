"""Captioned photo cards: layouts, photo decoding, legible text, clean encoded output."""

from __future__ import annotations

from storykit.cards.model import CardStyle, Layout, PhotoSource, TextField, load_layout
from storykit.cards.photo import open_photo_size
from storykit.cards.render import CardRequest, CardResult, PhotoCopy, decode_scales, render_cards

SIZES = {
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
    "landscape": (1200, 630),
}

__all__ = [
    "SIZES",
    "CardRequest",
    "CardResult",
    "CardStyle",
    "Layout",
    "PhotoCopy",
    "PhotoSource",
    "TextField",
    "decode_scales",
    "load_layout",
    "open_photo_size",
    "render_cards",
]
