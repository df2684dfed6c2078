"""The fpdf2 edge: a PDF with embedded, subset, shaped fonts that repeats byte for byte."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, TextDirection, TextEmphasis
from fpdf.fonts import TTFFont
from fpdf.line_break import (
    Fragment,
    MultiLineBreak,
)

from storykit.cards.color import RGB
from storykit.printing.embedding import FontsOnce
from storykit.printing.fonts import EMOJI_PARTS, FontSet
from storykit.printing.parsed_fonts import DocumentFont, add_shared_font
from storykit.printing.runs import Known, one_run
from storykit.text.counting import is_emoji

TEXT = "text"  # the font family of the text fonts; fallbacks are emoji0..., script0...
Weight = Literal["regular", "bold"]
# the bidirectional classes of characters that leave a text one left-to-right run
LEFT_TO_RIGHT = frozenset(["L", "EN", "ES", "ET", "CS", "NSM", "BN", "B", "S", "WS", "ON"])


@dataclass(frozen=True)
class Printed:
    """A PDF, and what the builder may warn about: the characters of its texts that no font
    could print (left out; "U+1FAE8 '🫨'"), and the resolution each photo prints at (dots
    per inch, in page order: under 150 a photo looks soft on paper)."""

    data: bytes
    missing: tuple[str, ...] = ()
    photo_dpi: tuple[float, ...] = ()


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
        self._add(TEXT, "", fonts.regular)
        self._add(TEXT, "B", fonts.bold)
        self._emoji = [f"emoji{i}" for i in range(len(fonts.emoji))]
        for family, path in zip(self._emoji, fonts.emoji, strict=True):
            self._add(family, "", path)
        scripts = []
        for i, (regular, bold) in enumerate(fonts.scripts):
            self._add(f"script{i}", "", regular)
            self._add(f"script{i}", "B", bold)
            scripts.append(f"script{i}")
        self.set_fallback_fonts([*self._emoji, *scripts], exact_match=False)
        self.set_text_shaping(True)
        self._runs: Known = {}

    def _add(self, family: str, style: str, path: Path) -> None:
        """A font, as this process parsed it, else (a colour font) as fpdf2 adds it."""
        if not add_shared_font(self, family, style, path):
            self.add_font(family, style, str(path))
            key = f"{family.lower()}{style}"
            self.fonts[key] = DocumentFont.of(self._font(key))

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

    def count_lines(self, width: float, text: str, drawn: bool = False) -> int:
        """How many lines multi_cell(width, text=text, align="L") sets *text* in, in the
        current font, found as it finds them (fpdf2's own line breaking) without drawing
        them as its dry run does: faster, and no glyph of a text only measured is embedded.
        With *drawn* (the text is drawn next), the font remembers the widths of its lines'
        beginnings, which multi_cell measures again. Raises FPDFException when not one
        character fits the width."""
        if width == 0:  # multi_cell's "to the right margin"
            lines = self.multi_cell(
                width, text=text, align=Align.L, dry_run=True, output=MethodReturnValue.LINES
            )
            assert isinstance(lines, list)
            return len(lines)
        self._push_local_stack()
        try:
            text = self.normalize_text(text).replace("\r", "")
            room = width - float(self.c_margin) - float(self.c_margin)  # as fpdf2 takes them
            run = one_run(self, text, self._runs, drawn)
            if run is not None:
                return max(1, run.lines(room))
            fragments = self._preload_bidirectional_text(text, False)
            breaking = MultiLineBreak(fragments, width, [self.c_margin, self.c_margin])
            count = 0
            while breaking.get_line() is not None:
                count += 1
            return max(1, count)  # multi_cell sets one empty line for no text
        finally:
            self._pop_local_stack()

    def has_wider_word(self, width: float, text: str) -> bool:
        """Whether a word of *text* (as str.split finds them) is wider than *width*, as
        get_string_width measures it, in the current font."""
        run = one_run(self, text, self._runs)
        if run is not None:
            return run.wider_word(width)
        return any(self.get_string_width(w) > width for w in dict.fromkeys(text.split()))

    def _preload_bidirectional_text(self, text: str, markdown: bool) -> Sequence[Fragment]:
        # fpdf2 runs the bidirectional algorithm over every text it sets or measures; a text
        # with nothing right to left in it (no R, AL or AN character, no embedding or
        # isolate) is one left-to-right run, whatever the algorithm does with it
        if (
            markdown
            or not text
            or not self.text_shaping
            or self.text_shaping["direction"] not in (None, TextDirection.LTR)
            or (self.str_alias_nb_pages and self.str_alias_nb_pages in text)
            or not LEFT_TO_RIGHT.issuperset(map(unicodedata.bidirectional, set(text)))
        ):
            return super()._preload_bidirectional_text(text, markdown)
        self.text_shaping["paragraph_direction"] = TextDirection.LTR
        self.text_shaping["fragment_direction"] = TextDirection.LTR
        emphasis = (
            "B" in self.font_style,
            "I" in self.font_style,
            self.strikethrough,
            self.underline,
        )
        return tuple(self._preload_font_styles(text, False, _initial_emphasis=emphasis))

    def _font(self, key: str) -> TTFFont:
        font = self.fonts[key]
        assert isinstance(font, TTFFont)
        return font

    def _cmap(self, key: str) -> dict[int, str]:
        cmap: dict[int, str] = self._font(key).cmap
        return cmap

    def finish(self) -> bytes:
        """The PDF's bytes (then close_fonts)."""
        try:
            return bytes(self.output(output_producer_class=FontsOnce))
        finally:
            self.close_fonts()

    def close_fonts(self) -> None:
        """Close every font file fpdf2 opened (it leaves the emoji font's open); call it
        when the document is given up on too."""
        for font in self.fonts.values():
            if isinstance(font, TTFFont):
                font.close()


def use_font(pdf: PrintPdf, weight: Weight, size: float, colour: RGB) -> None:
    pdf.set_font(TEXT, "B" if weight == "bold" else "", size)
    pdf.set_text_color(*colour)


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
