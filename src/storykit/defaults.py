"""Defaults that the settings model and the card engine share: the brand and card output."""

from __future__ import annotations

PRIMARY = "#1d3557"  # brand colours, "#rrggbb"
ACCENT = "#e76f51"
TEXT = "#ffffff"
CARD_QUALITY = 88  # JPEG/WebP quality of a card
MAX_UPSCALE = 1.5  # how far a photo may be enlarged to fill its place on a card
