"""Reels: a vertical video of a story, its photos moving slowly toward the animal."""

from __future__ import annotations

from storykit.reels.render import ReelResult, plan_values, render_reel
from storykit.reels.safezone import safe_rect
from storykit.reels.timeline import (
    ReelClip,
    ReelPhoto,
    ReelPlan,
    ReelSettings,
    ReelTexts,
    Shot,
    plan_reel,
)

__all__ = [
    "ReelClip",
    "ReelPhoto",
    "ReelPlan",
    "ReelResult",
    "ReelSettings",
    "ReelTexts",
    "Shot",
    "plan_reel",
    "plan_values",
    "render_reel",
    "safe_rect",
]
