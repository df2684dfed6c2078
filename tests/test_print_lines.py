"""Counting a text's lines without drawing it: the same count as fpdf2's multi_cell dry run,
for texts of every kind (words, long words, paragraphs, spaces, emoji, right-to-left)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest
from fpdf.enums import Align, MethodReturnValue, TextDirection
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


RIGHT_TO_LEFT = [" ".join(["ياسمين"] * 9), "שלום שלום\nשלום " * 5, "ياسمين 12 ياسمين"]
TEXTS = _texts(100, PLAIN) + _texts(100, PLAIN * 4 + OTHERS) + RIGHT_TO_LEFT


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


@pytest.mark.parametrize("weight", ["regular", "bold"])
def test_words_wider_than_a_box_are_found_as_fpdf2_measures_them(
    pdf: PrintPdf, weight: str
) -> None:
    wider = 0
    for size, width in [(9.5, 30.0), (13.0, 95.5), (40.0, 180.0), (20.0, 250.25)]:
        use_font(pdf, weight, size, (0, 0, 0))  # type: ignore[arg-type]
        for text in TEXTS:
            expected = any(pdf.get_string_width(w) > width for w in text.split())
            assert pdf.has_wider_word(width, text) == expected, (text, size, width)
            wider += expected
    assert 100 < wider < 4 * len(TEXTS) - 100  # both answers, often
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

    def lines(text: str, room: float) -> int:  # each character 1 wide
        return count_lines(text, lambda start, end: float(end - start), lambda _: 1.0, room, " ")

    assert lines("aa bb", 3.0) == 2  # "aa " then "bb"
    assert lines("aa bb", 5.0) == 1
    assert lines("abcd", 2.0) == 2  # a word wider than the room: cut
    assert lines("a\n\nb", 9.0) == 3
    assert lines("a\n", 9.0) == 1
    assert lines("ab  ", 2.0) == 2  # a space that does not fit is dropped
    with pytest.raises(NoRoom):
        lines("x", 0.5)


def test_a_slice_of_a_run_shaped_once_is_as_wide_as_shaped_alone(pdf: PrintPdf) -> None:
    from storykit.printing.breaking import SliceWidths
    from storykit.printing.parsed_fonts import DocumentFont

    use_font(pdf, "regular", 11.5, (0, 0, 0))
    font, params = pdf.current_font, dict(pdf.text_shaping or {})
    params["paragraph_direction"] = params["fragment_direction"] = TextDirection.LTR
    assert isinstance(font, DocumentFont)
    assert font.shaped("ياسمين", 11.5, {**params, "fragment_direction": TextDirection.RTL}) is None
    summed = 0
    for text in [t for t in _texts(40, PLAIN) if t.strip()]:
        shaped = font.shaped(text, 11.5, params)
        assert shaped is not None
        widths = SliceWidths(text, shaped, 11.5, 1.0, lambda part: -1.0)  # -1: not summed
        starts = [0, *(i + 1 for i, c in enumerate(text) if c in " \n")]
        for start in starts[:8]:
            for end in range(start + 1, min(len(text), start + 60) + 1):
                width = widths(start, end)
                if width != -1.0:
                    assert width == font.get_text_width(text[start:end], 11.5, params)[1]
                    summed += 1
    assert summed > 5000  # most slices were summed, not measured
