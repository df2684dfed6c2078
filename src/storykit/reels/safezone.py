"""Where text may go on a reel: inside every chosen platform's safe zone (their intersection)."""

from __future__ import annotations

from collections.abc import Iterable

from storykit.cards.geometry import Rect
from storykit.text.platforms import REEL_SAFE_MARGINS, REEL_SIZE


def safe_rect(platforms: Iterable[str] = (), size: tuple[int, int] = REEL_SIZE) -> Rect:
    """The part of a reel's frame that no chosen platform's buttons or caption cover: the
    intersection of their safe zones (every platform in REEL_SAFE_MARGINS when none is
    named; a platform without a reel safe zone adds nothing). Margins are defined for
    1080x1920 and scaled to *size*."""
    names = [p for p in platforms if p in REEL_SAFE_MARGINS] or list(REEL_SAFE_MARGINS)
    base_w, base_h = REEL_SIZE
    left = max(REEL_SAFE_MARGINS[p][0] for p in names)
    top = max(REEL_SAFE_MARGINS[p][1] for p in names)
    right = max(REEL_SAFE_MARGINS[p][2] for p in names)
    bottom = max(REEL_SAFE_MARGINS[p][3] for p in names)
    w, h = size
    return Rect(
        round(left * w / base_w),
        round(top * h / base_h),
        w - round(right * w / base_w),
        h - round(bottom * h / base_h),
    )
