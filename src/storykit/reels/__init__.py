"""Reels: a vertical video of a story, its photos moving slowly toward the animal."""

from __future__ import annotations

import importlib
from typing import Any

# what the package offers, by the module it lives in; loaded on first use, so a module that
# only names a reel job (the build, the card queue) does not load Pillow, numpy or PyAV
_EXPORTS = {
    "ReelResult": "render",
    "plan_values": "render",
    "render_reel": "render",
    "safe_rect": "safezone",
    "ReelClip": "inputs",
    "ReelPhoto": "inputs",
    "ReelPlan": "timeline",
    "ReelSettings": "inputs",
    "ReelTexts": "inputs",
    "Shot": "timeline",
    "plan_reel": "timeline",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
