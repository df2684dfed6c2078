"""Page previews: each page of a PDF rendered (pdfium) to a small JPEG for the story page."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

PREVIEW_WIDTH = 600  # px: sharp at 300 CSS px on a high-density screen, and small
PREVIEW_QUALITY = 80


@dataclass(frozen=True)
class PageImage:
    """One page as a JPEG: pixels only (no metadata), and its size."""

    data: bytes
    width: int
    height: int


def page_previews(pdf: bytes, width: int = PREVIEW_WIDTH) -> list[PageImage]:
    """Every page of *pdf* as a JPEG *width* px wide, as a printer would print it (on white).
    The same PDF gives the same bytes."""
    import pypdfium2 as pdfium  # only when a PDF is made

    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            try:
                scale = width / page.get_width()
                bitmap = page.render(scale=scale, may_draw_forms=False)
                try:
                    images.append(_jpeg(bitmap.to_pil()))
                finally:
                    bitmap.close()
            finally:
                page.close()
        return images
    finally:
        document.close()


def _jpeg(image: Image.Image) -> PageImage:
    rgb = image.convert("RGB")
    rgb.info.clear()
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=PREVIEW_QUALITY, optimize=True)
    return PageImage(out.getvalue(), rgb.width, rgb.height)
