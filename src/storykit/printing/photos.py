"""Photos for print: the pixel size each photo box asks of the card engine, and the bytes budget."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace

from storykit.cards.batch import CardRequest
from storykit.cards.layout import CardStyle, Layout, PhotoSource
from storykit.printing.content import PrintPhoto
from storykit.printing.layout import Box, flyer_layout, kennel_layout
from storykit.printing.paper import Paper, dpi_of, pixels

LAYOUT = "print-photo"  # the card layout that frames a photo for print (templates/cards/)
PAIR_LAYOUT = "print-pair"  # and two photos side by side (a pair's flyer)
QUALITY = 85  # the print photo's JPEG quality: no visible loss at 300 dpi
MAX_PDF_BYTES = 1_500_000  # a flyer or a kennel-card PDF stays under this
PHOTO_BYTES = 1_300_000  # of which the photos may take this (fonts and drawing: the rest)
# the pixels of photo one PDF holds: a Letter flyer's photo at 300 dpi (2250 x 1286);
# kennel cards share it, so a litter's PDF prints its photos at fewer dots per inch
PHOTO_PIXELS = 2250 * 1300
LOWEST_QUALITY = 50


def flyer_photo_box(paper: Paper) -> Box:
    """Where a flyer on *paper* prints its photo (points)."""
    return flyer_layout(paper, True).feature


def kennel_photo_box(paper: Paper) -> Box:
    """Where a kennel card on half a sheet of *paper* prints its photo (points)."""
    box = kennel_layout(paper, True, True).photo
    assert box is not None
    return box


def photo_pixels(box: Box, photo: tuple[int, int] | None = None, share: int = 1) -> tuple[int, int]:
    """The pixel size to ask the card engine for, for a photo printed in *box*: 300 dpi,
    at most PHOTO_PIXELS / *share* pixels (*share*: how many photos the PDF holds), and
    never more than the upright *photo* (its pixel size, when known) fills without being
    enlarged. Always the box's shape."""
    w, h = pixels(box.w), pixels(box.h)
    limit = PHOTO_PIXELS / max(1, share)
    k = min(1.0, (limit / (w * h)) ** 0.5)
    if photo is not None:
        k = min(k, photo[0] / w, photo[1] / h)  # the largest crop of the box's shape
    return max(16, round(w * k)), max(16, round(h * k))


def flyer_photo_pixels(paper: Paper, photo: tuple[int, int] | None = None) -> tuple[int, int]:
    """The pixel size of a flyer's photo on *paper* (of an upright *photo* of that size)."""
    return photo_pixels(flyer_photo_box(paper), photo)


def kennel_photo_pixels(
    paper: Paper, cards: int, photo: tuple[int, int] | None = None
) -> tuple[int, int]:
    """The pixel size of each photo of a kennel-card PDF of *cards* pages on *paper*."""
    return photo_pixels(kennel_photo_box(paper), photo, cards)


def printed_dpi(photo: PrintPhoto | tuple[int, int], box: Box) -> float:
    """The resolution a photo (or a pixel size) prints at in *box*."""
    w, h = (photo.width, photo.height) if isinstance(photo, PrintPhoto) else photo
    return min(dpi_of(w, box.w), dpi_of(h, box.h))


def photo_request(
    key: str, layout: Layout, size: tuple[int, int], source: PhotoSource, style: CardStyle
) -> CardRequest:
    """The card engine's request for a print photo: *layout* (the print-photo layout, as
    the project's layouts hold it) at *size*, framed as the cards frame *source*, as a
    JPEG of QUALITY whatever format the project's cards are in. No text is drawn."""
    return CardRequest(
        key, layout, size, (source,), {}, replace(style, format="jpeg", quality=QUALITY)
    )


def within_budget(photos: Sequence[PrintPhoto], budget: int = PHOTO_BYTES) -> list[PrintPhoto]:
    """*photos*, encoded again at a lower JPEG quality (the same for all, 75 down to 50)
    when together they take more than *budget* bytes; then made smaller, a tenth at a time.
    The card engine's JPEGs are under the budget for any one photo but a noisy phone photo,
    and a litter's kennel cards share it."""
    total = sum(len(p.data) for p in photos)
    if total <= budget:
        return list(photos)
    scale, quality = 1.0, 75
    while True:
        out = [_encode(p, quality, scale) for p in photos]
        if sum(len(p.data) for p in out) <= budget or scale < 0.3:
            return out
        if quality > LOWEST_QUALITY:
            quality -= 10
        else:
            scale *= 0.9


def _encode(photo: PrintPhoto, quality: int, scale: float) -> PrintPhoto:
    from PIL import Image  # only when photos are over the budget

    with Image.open(io.BytesIO(photo.data)) as im:
        image = im.convert("RGB")
    if scale < 1.0:
        size = (max(16, round(image.width * scale)), max(16, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    image.info.clear()  # nothing rides along: the bytes carry pixels only
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    return replace(photo, data=buf.getvalue(), width=image.width, height=image.height)
