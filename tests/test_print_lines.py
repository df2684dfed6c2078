"""Counting a text's lines without drawing it: the same count as fpdf2's multi_cell dry run,
for texts of every kind (words, long words, paragraphs, spaces, emoji, right-to-left)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest
from fpdf.enums import Align, MethodReturnValue
from fpdf.errors import FPDFException

from storykit.printing.content import PrintStyle
from storykit.printing.document import PrintPdf, directed, use_font
from storykit.printing.fonts import font_set

SAID = (
    "a an the cat dog is calm friendly and loves long walks on the beach Biscuit Marlowe "
    "O’Brien — – … “quoted” fine flour office Zoë 12:30 3.5kg AVAWAY Te.Yo,"
    " supercalifragilisticexpialidocious-and-then-some"
    " adoptions@lakeside-animal-rescue.example.org"
)
PLAIN = SAID.split(" ")  # words of one font, one script: counted by storykit's own loop
OTHERS = [  # words that need fpdf2's own (fonts and directions mixed, breaks of their own)
    *["ياسمين", "שלום", "🐾", "🥒🐶", "👩\u200d👩\u200d👧", "Łukasz", "Ωmega"],
    *["non\u00a0breaking", "soft\u00adhyphen", "zero\u200bwidth", "em\u2003space"],
]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", " \n", "\t"]


def _texts(n: int, words: list[str]) -> list[str]:
    rng = random.Random(20261207)
    texts = ["", " ", "\n", "a\n", "\n\nb", "word", "  leading and trailing  "]
    for _ in range(n):
        parts = [rng.choice(words)]
        for _ in range(rng.randint(0, 40)):
            parts += [rng.choice(SEPARATORS), rng.choice(words)]
        texts.append("".join(parts))
    return texts


TEXTS = _texts(100, PLAIN) + _texts(100, PLAIN * 4 + OTHERS)


@pytest.fixture(scope="module")
def pdf() -> Iterator[PrintPdf]:
    made = PrintPdf(
        (612.0, 792.0), font_set(PrintStyle(), TEXTS), "Lines", "en", dt.date(2026, 12, 1)
    )
    made.add_page()
    yield made
    made.close_fonts()


def _dry_run(pdf: PrintPdf, width: float, text: str) -> int | str | None:
    try:
        lines = pdf.multi_cell(
            width, 10.0, text, align=Align.L, dry_run=True, output=MethodReturnValue.LINES
        )
    except FPDFException as e:
        return str(e)
    except IndexError:  # fpdf2 2.8 fails to draw a line that starts inside an emoji sequence
        return None
    assert isinstance(lines, list)
    return len(lines)


def _counted(pdf: PrintPdf, width: float, text: str) -> int | str:
    try:
        return pdf.count_lines(width, text)
    except FPDFException as e:
        return str(e)


@pytest.mark.parametrize("weight", ["regular", "bold"])
def test_lines_are_counted_as_multi_cell_sets_them(pdf: PrintPdf, weight: str) -> None:
    rng = random.Random(weight)
    checked = 0
    for text in TEXTS:
        for _ in range(3):
            size = rng.choice([6.5, 9.5, 12.0, 13.0, 20.0, 40.0])
            width = rng.choice([4.0, 30.0, 95.5, 180.0, 250.25, 540.0])
            use_font(pdf, weight, size, (0, 0, 0))  # type: ignore[arg-type]
            for words in {text, directed(text)}:
                expected = _dry_run(pdf, width, words)
                if expected is not None:
                    assert _counted(pdf, width, words) == expected, (words, size, width)
                    checked += 1
    assert checked > 500
    use_font(pdf, "regular", 40.0, (0, 0, 0))
    assert _counted(pdf, 4.0, "word") == "Not enough horizontal space to render a single character"
    assert _counted(pdf, 540.0, "one\n\nthree") == 3


def test_a_text_with_nothing_right_to_left_is_one_run_as_fpdf2_finds_it(pdf: PrintPdf) -> None:
    from fpdf import FPDF

    use_font(pdf, "bold", 12.0, (0, 0, 0))
    rtl = ltr = 0
    for text in TEXTS:
        for words in {text, directed(text)}:
            ours = pdf._preload_bidirectional_text(words, False)
            shaping = dict(pdf.text_shaping or {})
            theirs = FPDF._preload_bidirectional_text(pdf, words, False)
            assert ours == theirs, words
            assert [f.text_shaping_parameters for f in ours] == [
                f.text_shaping_parameters for f in theirs
            ]
            assert shaping == pdf.text_shaping, words
            runs = len({f.text_shaping_parameters["fragment_direction"] for f in ours})
            rtl, ltr = rtl + (runs > 1), ltr + (runs == 1)
    assert rtl > 20 and ltr > 20  # texts of both kinds were among them


def test_lines_break_at_the_last_space_else_inside_a_word() -> None:
    from storykit.printing.breaking import NoRoom, count_lines

    def width(text: str) -> float:
        return float(len(text))

    assert count_lines("aa bb", width, 3.0, " ") == 2  # "aa " then "bb"
    assert count_lines("aa bb", width, 5.0, " ") == 1
    assert count_lines("abcd", width, 2.0, " ") == 2  # a word wider than the room: cut
    assert count_lines("a\n\nb", width, 9.0, " ") == 3
    assert count_lines("a\n", width, 9.0, " ") == 1
    assert count_lines("ab  ", width, 2.0, " ") == 2  # a space that does not fit is dropped
    with pytest.raises(NoRoom):
        count_lines("x", width, 0.5, " ")
