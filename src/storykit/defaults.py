"""Defaults that the settings model and the engines share: the brand, card output, the lobby."""

from __future__ import annotations

PRIMARY = "#1d3557"  # brand colours, "#rrggbb"
ACCENT = "#e76f51"
TEXT = "#ffffff"
CARD_QUALITY = 88  # JPEG/WebP quality of a card
MAX_UPSCALE = 1.5  # how far a photo may be enlarged to fill its place on a card
LOBBY_SECONDS = 8.0  # each animal's time on the lobby slideshow's screen
LOBBY_FEWEST_SECONDS = 1.0  # a shorter time is not read by anyone (tests use it)
