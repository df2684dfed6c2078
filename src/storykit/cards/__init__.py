"""Captioned photo cards: layouts, photo decoding, legible text, clean encoded output.

The names below load their modules when first asked for: planning cards, reading what
the detector found or naming a layout loads neither Pillow nor the drawing code, which only
the workers that draw need.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "SIZES": ("storykit.text.platforms", "CARD_SIZES"),
    "CardRequest": ("storykit.cards.batch", "CardRequest"),
    "CardResult": ("storykit.cards.batch", "CardResult"),
    "PhotoCopy": ("storykit.cards.batch", "PhotoCopy"),
    "decode_scales": ("storykit.cards.batch", "decode_scales"),
    "CardStyle": ("storykit.cards.layout", "CardStyle"),
    "Layout": ("storykit.cards.layout", "Layout"),
    "PhotoSource": ("storykit.cards.layout", "PhotoSource"),
    "TextField": ("storykit.cards.layout", "TextField"),
    "open_photo_size": ("storykit.cards.photo", "open_photo_size"),
    "render_cards": ("storykit.cards.engine", "render_cards"),
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        module, attr = _HOMES[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
