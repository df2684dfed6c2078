"""A text set in one run of one font, left to right: measured as fpdf2 measures it, faster."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import TextDirection
from fpdf.errors import FPDFException
from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR, NBSP, SOFT_HYPHEN, Fragment

from storykit.printing.breaking import NoRoom, SliceWidths, count_lines
from storykit.printing.parsed_fonts import DocumentFont

# which texts are one run, for each font: fpdf2 splits a text into runs once
Known = dict[tuple[str, str], bool]


@dataclass(frozen=True)
class OneRun:
    """A text of one run: the widths of its slices and of any text in its font and size,
    as fpdf2 measures them."""

    text: str
    widths: SliceWidths
    measure: Callable[[str], float]

    def lines(self, room: float) -> int:
        """The lines fpdf2 breaks the text into, *room* wide (breaking.count_lines)."""
        try:
            return count_lines(
                self.text, self.widths, self.measure, room, BREAKING_SPACE_SYMBOLS_STR
            )
        except NoRoom as e:
            raise FPDFException("Not enough horizontal space to render a single character") from e

    def wider_word(self, width: float) -> bool:
        """Whether a word of the text (as str.split finds them) is wider than *width*, as
        fpdf2's get_string_width measures it."""
        at = 0
        for word in self.text.split():
            start = self.text.index(word, at)
            at = start + len(word)
            if self.widths(start, at) > width:
                return True
        return False


def one_run(pdf: FPDF, text: str, known: Known, drawn: bool = False) -> OneRun | None:
    """*text* as one left-to-right run of *pdf*'s current font at its size (what fpdf2
    makes of it: its fragments are found once a font, *known*), no soft hyphen or no-break
    space in it, nothing spaced or stretched; None when fpdf2 sets it otherwise. With
    *drawn*, the font remembers each slice's width as its slices are summed."""
    font, shaping = pdf.current_font, pdf.text_shaping
    if not isinstance(font, DocumentFont) or not shaping or pdf.char_spacing:
        return None
    if pdf.font_stretching != 100:  # nothing spaced or stretched
        return None
    key = (text, font.fontkey)
    single = known.get(key)
    if single is None:
        single = known[key] = _single(pdf._preload_bidirectional_text(text, False), font)
    elif single:  # what fpdf2's reading of it leaves
        shaping["paragraph_direction"] = shaping["fragment_direction"] = TextDirection.LTR
    if not single:
        return None
    size, k = pdf.font_size_pt, pdf.k

    def measure(part: str) -> float:
        return font.get_text_width(part, size, shaping)[1] / k

    def summed(part: str, glyphs: int, width: float) -> None:
        font.remember(part, size, shaping, glyphs, width)

    shaped = font.shaped(text, size, shaping)
    widths = SliceWidths(text, shaped, size, k, measure, summed if drawn else None)
    return OneRun(text, widths, measure)


def _single(fragments: Sequence[Fragment], font: DocumentFont) -> bool:
    if len(fragments) != 1 or type(fragments[0]) is not Fragment:
        return False
    run = fragments[0]
    return (
        run.font is font
        and run.fragment_direction == TextDirection.LTR
        and run.paragraph_direction == TextDirection.LTR
        and not {SOFT_HYPHEN, NBSP} & set(run.characters)
    )
