"""Encoding edge: JPEG (baseline), PNG or WebP, with no metadata at all."""

from __future__ import annotations

import io
import typing

from PIL import Image

from storykit.text.platforms import CardFormat

FORMATS: tuple[str, ...] = typing.get_args(CardFormat)


def encode(card: Image.Image, fmt: str, quality: int) -> bytes:
    """The card's bytes in *fmt*; no EXIF, GPS, XMP, ICC profile or comment is written.

    Pixels are sRGB, which is what viewers assume for an untagged image.
    """
    if card.mode != "RGB":
        card = card.convert("RGB")
    # a fresh image carries no info, but make sure nothing rides along from a source
    card.info.clear()
    buf = io.BytesIO()
    fmt = fmt.lower()
    if fmt in ("jpeg", "jpg"):
        # baseline: every platform and adoption site re-encodes uploads, so progressive
        # scans (6x the encoding time, measured in bench/RESULTS.md) would buy nothing
        card.save(buf, "JPEG", quality=quality)
    elif fmt == "png":
        card.save(buf, "PNG", compress_level=6)
    elif fmt == "webp":
        card.save(buf, "WEBP", quality=quality, method=4)
    else:
        raise ValueError(f"unknown card format {fmt!r}; use one of {', '.join(FORMATS)}")
    return buf.getvalue()
