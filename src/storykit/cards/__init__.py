"""Captioned photo cards: layouts, photo decoding, legible text, clean encoded output."""

from __future__ import annotations

from typing import Any

from storykit.cards.batch import CardRequest, CardResult, PhotoCopy, decode_scales
from storykit.cards.layout import CardStyle, Layout, PhotoSource, TextField
from storykit.cards.photo import open_photo_size
from storykit.text.platforms import CARD_SIZES as SIZES

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
    "open_photo_size",
    "render_cards",
]


def __getattr__(name: str) -> Any:
    """render_cards is loaded when first asked for: with it come the drawing and font
    machinery, which a build's main process, planning cards for its workers, never needs."""
    if name == "render_cards":
        from storykit.cards.engine import render_cards

        return render_cards
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
