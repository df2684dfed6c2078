"""The fpdf2 edge: a PDF with embedded, subset, shaped fonts that repeats byte for byte."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, TextEmphasis, XPos, YPos
from fpdf.errors import FPDFException
from fpdf.fonts import TTFFont
from PIL import Image

from storykit.cards.color import RGB
from storykit.printing.content import PrintPhoto
from storykit.printing.fit import Fitted, LinesAt, TextStyle, fit_size
from storykit.printing.fonts import EMOJI_PARTS, FontSet
from storykit.printing.layout import Box, QrPlace
from storykit.printing.qr import QrCode
from storykit.text.counting import is_emoji

TEXT = "text"  # the font family of the text fonts; fallbacks are emoji0..., script0...
Weight = Literal["regular", "bold"]
HAlign = Literal["L", "C", "R"]


@dataclass(frozen=True)
class Printed:
    """A PDF, and the characters of its texts that no font could print (left out)."""

    data: bytes
    notes: tuple[str, ...] = ()


class PrintPdf(FPDF):
    """One document: pages in points, the fonts of *fonts* embedded (subset), text shaped by
    HarfBuzz, no automatic page breaks, no producer, and *date* as its creation date."""

    def __init__(
        self, size: tuple[float, float], fonts: FontSet, title: str, language: str, date: dt.date
    ) -> None:
        super().__init__(orientation="portrait", unit="pt", format=size)
        self.set_creation_date(dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc))
        self.set_producer("")
        self.set_title(title)
        self.set_lang(language)
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.c_margin = 0
        self.add_font(TEXT, "", str(fonts.regular))
        self.add_font(TEXT, "B", str(fonts.bold))
        self._emoji = [f"emoji{i}" for i in range(len(fonts.emoji))]
        for family, path in zip(self._emoji, fonts.emoji, strict=True):
            self.add_font(family, "", str(path))
        scripts = []
        for i, (regular, bold) in enumerate(fonts.scripts):
            self.add_font(f"script{i}", "", str(regular))
            self.add_font(f"script{i}", "B", str(bold))
            scripts.append(f"script{i}")
        self.set_fallback_fonts([*self._emoji, *scripts], exact_match=False)
        self.set_text_shaping(True)

    def get_fallback_font(self, char: str, style: str = "") -> str | None:
        """The font for a character the text font lacks: an emoji, and every part of an emoji
        sequence (joiner, skin tone, variation selector), from the emoji font, so the
        sequence is shaped as one; anything else from the first font that has it, in the
        weight asked for if there is one."""
        code = ord(char)
        if code in EMOJI_PARTS or is_emoji(char):
            for family in self._emoji:
                if code in self._cmap(family):
                    return family
        emphasis = TextEmphasis.coerce(style)
        having = [k for k in self._fallback_font_ids if code in self._cmap(k)]
        same = [k for k in having if self._font(k).emphasis == emphasis]
        chosen = same or having
        return chosen[0] if chosen else None

    def _render_styled_text_line(self, *args: Any, **kwargs: Any) -> bool:
        # fpdf2 2.8 sets a fallback font (an emoji, an Arabic name) inside a line's text
        # object without noting it, and the next line, in the text font, is then drawn in
        # the fallback's: each line sets its font afresh
        self.current_font_is_set_on_page = False
        done: bool = super()._render_styled_text_line(*args, **kwargs)
        return done

    def _font(self, key: str) -> TTFFont:
        font = self.fonts[key]
        assert isinstance(font, TTFFont)
        return font

    def _cmap(self, key: str) -> dict[int, str]:
        cmap: dict[int, str] = self._font(key).cmap
        return cmap

    def finish(self) -> bytes:
        """The PDF's bytes; every font file fpdf2 opened is closed."""
        try:
            return bytes(self.output())
        finally:
            for font in self.fonts.values():
                if isinstance(font, TTFFont):
                    font.ttfont.close()


def use_font(pdf: PrintPdf, weight: Weight, size: float, colour: RGB) -> None:
    pdf.set_font(TEXT, "B" if weight == "bold" else "", size)
    pdf.set_text_color(*colour)


NEVER = 10**6  # the lines of a text that fits no line at all
LRM = "\u200e"  # LEFT-TO-RIGHT MARK


def directed(text: str) -> str:
    """*text* with each of its lines set left to right when it holds any left-to-right
    letters (the templates' words): "ياسمين is not available" reads as English does, the
    name shaped right to left inside it. A line of right-to-left script alone is left as
    it is, and read right to left."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        strong = [d for d in map(unicodedata.bidirectional, line) if d in ("L", "R", "AL")]
        if strong and strong[0] != "L" and "L" in strong:
            lines[i] = LRM + line
    return "\n".join(lines)


def measure(pdf: PrintPdf, width: float, weight: Weight, leading: float) -> LinesAt:
    """How many lines a text takes in *width* at a size, as multi_cell will set it."""

    def lines_at(text: str, size: float) -> int:
        if not text:
            return 0
        pdf.set_font(TEXT, "B" if weight == "bold" else "", size)
        try:
            lines = pdf.multi_cell(
                width,
                size * leading,
                directed(text),
                align=Align.L,
                dry_run=True,
                output=MethodReturnValue.LINES,
            )
        except FPDFException:  # not one character fits the width: it does not fit
            return NEVER
        assert isinstance(lines, list)
        return len(lines)

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
    pdf.multi_cell(
        box.w,
        lh,
        directed(fitted.text),
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
    """*text* at the largest size of *style* that fits *box* (cut at the smallest if need
    be), set in it; the y it ends at."""
    fitted = fit_size(text, style, box.h, measure(pdf, box.w, weight, style.leading))
    return write_lines(pdf, box, fitted, style, weight, colour, align, middle)


def link_text(pdf: PrintPdf, box: Box, text: str, style: TextStyle, colour: RGB) -> float:
    """A link under its QR code, centred: on one line if it fits at any size of *style*,
    else on as few lines as it takes (a long address breaks where it must)."""
    lines_at = measure(pdf, box.w, "bold", style.leading)
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


def fonts_texts(*parts: str | Sequence[str]) -> list[str]:
    """Every text of a page, for choosing its fonts."""
    out: list[str] = []
    for p in parts:
        out.extend([p] if isinstance(p, str) else p)
    return out
