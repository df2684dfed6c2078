"""An image within a platform's size limit: sent as built when it fits, else re-encoded."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from storykit.errors import StorykitError

QUALITIES = (85, 75, 65)  # JPEG qualities tried, best first, before the image is made smaller
SHRINK = 0.85  # each step down in size, when the lowest quality is still too big


@dataclass(frozen=True)
class Upload:
    """An image as it is sent: its bytes, type and size in px."""

    name: str
    data: bytes
    mime: str
    width: int
    height: int
    reencoded: bool  # made smaller to fit the platform's limit


MIMES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def upload(path: Path, limit: int) -> Upload:
    """The image at *path* as sent to a platform taking at most *limit* bytes: its own bytes
    when they fit; else a JPEG (no metadata, the same size in px while a lower quality does
    it, then smaller) that does."""
    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as img:
            size, kind = img.size, img.format or "JPEG"
            if len(data) <= limit and kind in MIMES:
                return Upload(path.name, data, MIMES[kind], size[0], size[1], False)
            rgb = img.convert("RGB")
    except (OSError, Image.DecompressionBombError) as err:
        raise StorykitError.at(
            path,
            f"cannot read this image of the kit ({err})",
            "run 'storykit build' for the story, then post again",
        ) from None
    while True:
        for quality in QUALITIES:
            out = io.BytesIO()
            rgb.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= limit:
                name = path.with_suffix(".jpg").name
                width, height = rgb.size
                return Upload(name, out.getvalue(), "image/jpeg", width, height, True)
        width, height = rgb.size
        if width <= 16 or height <= 16:
            raise ValueError(f"{path.name} cannot be made smaller than {limit} bytes")
        rgb = rgb.resize((int(width * SHRINK), int(height * SHRINK)), Image.Resampling.LANCZOS)
