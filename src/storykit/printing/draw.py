"""Drawing on a page: fitted text, the masthead, badges, panels, the photo, the logo, QR codes."""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace
from typing import Literal

from fpdf.enums import Align, XPos, YPos
from fpdf.errors import FPDFException
from PIL import Image

from storykit.cards.color import RGB
from storykit.printing.colour import Palette
from storykit.printing.content import PrintPhoto
from storykit.printing.document import TEXT, PrintPdf, Weight, directed, use_font
from storykit.printing.fit import Fitted, LinesAt, TextStyle, fit_size
from storykit.printing.layout import Box, QrPlace
from storykit.printing.qr import QrCode

HAlign = Literal["L", "C", "R"]


NEVER = 10**6  # the lines of a text that fits no line at all


def line_counter(pdf: PrintPdf, width: float, weight: Weight, whole_words: bool = False) -> LinesAt:
    """How many lines a text takes in *width* at a size, as multi_cell will set it; with
    *whole_words*, a size at which a word (an e-mail address, a long name) is wider than
    *width*, and would be broken inside, does not fit."""

    def lines_at(text: str, size: float) -> int:
        if not text:
            return 0
        pdf.set_font(TEXT, "B" if weight == "bold" else "", size)
        if whole_words and pdf.has_wider_word(width, text):
            return NEVER
        try:
            return pdf.count_lines(width, directed(text))
        except FPDFException:  # not one character fits the width: it does not fit
            return NEVER

    return lines_at


def write_lines(
    pdf: PrintPdf,
    box: Box,
    fitted: Fitted,
    style: TextStyle,
    weight: Weight,
    colour: RGB,
    align: HAlign = "L",
    middle: bool = False,
) -> float:
    """Set fitted text in *box* (from its top, or centred in its height); the y it ends at."""
    if not fitted.text:
        return box.y
    lh = fitted.size * style.leading
    y = box.y + (box.h - fitted.lines * lh) / 2 if middle else box.y
    use_font(pdf, weight, fitted.size, colour)
    pdf.set_xy(box.x, y)
    text = directed(fitted.text)
    with contextlib.suppress(FPDFException):  # multi_cell says so
        pdf.count_lines(box.w, text, drawn=True)  # the widths it measures, summed faster
    pdf.multi_cell(
        box.w,
        lh,
        text,
        align=Align.coerce(align),
        new_x=XPos.LEFT,
        new_y=YPos.NEXT,
    )
    return y + fitted.lines * lh


def text_box(
    pdf: PrintPdf,
    box: Box,
    text: str,
    style: TextStyle,
    weight: Weight,
    colour: RGB,
    align: HAlign = "L",
    middle: bool = False,
) -> float:
    """*text* at the largest size of *style* that fits *box* with no word broken, else at
    the largest that fits (cut at the smallest if need be), set in it; the y it ends at."""
    fitted = fit_size(text, style, box.h, line_counter(pdf, box.w, weight, True))
    if fitted.cut:
        fitted = fit_size(text, style, box.h, line_counter(pdf, box.w, weight))
    return write_lines(pdf, box, fitted, style, weight, colour, align, middle)


def link_text(pdf: PrintPdf, box: Box, text: str, style: TextStyle, colour: RGB) -> float:
    """A link under its QR code, centred: on one line if it fits at any size of *style*,
    else on as few lines as it takes (a long address breaks where it must)."""
    lines_at = line_counter(pdf, box.w, "bold")
    one = replace(style, max_lines=1)
    fitted = fit_size(text, one, box.h, lines_at)
    if fitted.cut:
        fitted = fit_size(text, style, box.h, lines_at)
    return write_lines(pdf, box, fitted, style, "bold", colour, "C")


def pill(pdf: PrintPdf, box: Box, text: str, size: float, fill: RGB, colour: RGB) -> None:
    """A status badge: *text* in bold capitals on a rounded *fill*, at the right of *box*."""
    if not text:
        return
    label = text.upper()
    use_font(pdf, "bold", size, colour)
    pad = size * 0.7
    w = min(box.w, pdf.get_string_width(label) + 2 * pad)
    h = size * 1.7
    x, y = box.right - w, box.y + (box.h - h) / 2
    pdf.set_fill_color(*fill)
    # fpdf2 takes a radius of half the height or more as a fraction: just under it
    pdf.rect(x, y, w, h, style="F", round_corners=True, corner_radius=h / 2 - 0.01)
    pdf.set_xy(x, y)
    pdf.cell(w, h, label, align=Align.C)


def mark(pdf: PrintPdf, x: float, y: float, text: str, size: float, colour: RGB) -> None:
    """A single mark (an ornament) with its baseline at *y*."""
    use_font(pdf, "bold", size, colour)
    pdf.text(x, y, text)


def panel(pdf: PrintPdf, box: Box, fill: RGB, radius: float = 8.0) -> None:
    pdf.set_fill_color(*fill)
    pdf.rect(box.x, box.y, box.w, box.h, style="F", round_corners=True, corner_radius=radius)


def photo(pdf: PrintPdf, box: Box, picture: PrintPhoto, frame: RGB) -> None:
    """The photo filling *box* (it was made at the box's shape), with a thin frame."""
    pdf.image(io.BytesIO(picture.data), box.x, box.y, box.w, box.h, alt_text=picture.alt or None)
    pdf.set_draw_color(*frame)
    pdf.set_line_width(0.75)
    pdf.rect(box.x, box.y, box.w, box.h, style="D")


def logo(pdf: PrintPdf, box: Box, data: bytes) -> float:
    """The organisation's logo at the left of *box*, as tall as the box; its width. The image
    is decoded and placed as pixels only: no metadata of the file goes into the PDF."""
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        pixels: Image.Image = im.convert("RGBA")
    pixels.info.clear()
    w = box.h * pixels.width / max(1, pixels.height)
    w = min(w, box.w * 0.5)
    h = w * pixels.height / max(1, pixels.width)
    pdf.image(pixels, box.x, box.y + (box.h - h) / 2, w, h)
    return w


def qr(pdf: PrintPdf, place: QrPlace, code: QrCode) -> Box:
    """The QR code, black modules on its white quiet zone; the square its modules fill."""
    sq = place.square
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(sq.x, sq.y, sq.w, sq.h, style="F")
    inner = place.code(code.modules)
    module = inner.w / code.modules
    pdf.set_fill_color(0, 0, 0)
    for row, col, length in code.runs:
        # a hair wider than the module: no seam shows between modules when printed
        pdf.rect(
            inner.x + col * module,
            inner.y + row * module,
            length * module + 0.01,
            module + 0.01,
            style="F",
        )
    return inner


def rule(pdf: PrintPdf, x0: float, x1: float, y: float, colour: RGB, width: float = 0.75) -> None:
    pdf.set_draw_color(*colour)
    pdf.set_line_width(width)
    pdf.line(x0, y, x1, y)


def masthead(
    pdf: PrintPdf,
    org: Box,
    badge: Box,
    words: tuple[str, str],
    styles: tuple[TextStyle, float],
    colours: Palette,
    logo_data: bytes | None,
) -> None:
    """The top of a page: the logo and the organisation's name (*words*[0]) at the left in
    *org*, the status badge (*words*[1]) at the right of *badge*."""
    if logo_data is not None:
        w = logo(pdf, org, logo_data)
        org = Box(org.x + w + 8, org.y, max(0.0, org.w - w - 8), org.h)
    name, status = words
    org_style, badge_size = styles
    text_box(pdf, org, name.upper(), org_style, "bold", colours.headline, middle=True)
    pill(pdf, badge, status, badge_size, colours.badge_fill, colours.badge_text)
