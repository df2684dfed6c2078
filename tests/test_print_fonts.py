"""The print fonts parsed once a process and their subsets made once: every PDF still has
its own glyphs and looks as fpdf2 alone would make it (pages compared pixel for pixel)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from fontTools import ttLib
from fpdf.fonts import TTFFont
from printkit import EMOJI, PAIR, flyer, read_pdf, repo_story, story

from storykit.cards.fonts import DEFAULT_FONTS
from storykit.printing.content import PrintStyle
from storykit.printing.document import TEXT, PrintPdf, use_font
from storykit.printing.fonts import FontSet
from storykit.printing.parsed_fonts import DocumentFont, add_shared_font

STYLE = PrintStyle()
FONTS = FontSet(DEFAULT_FONTS["regular"], DEFAULT_FONTS["bold"], (), ())
# ligatures (fi, fl), curly quotes, a dash, letters outside ASCII
WORDS = "“Fifi’s flat” — Łukasz & Zoë: 24 km… ﬀ"


def _glyphs(path: Path) -> int:
    with ttLib.TTFont(path, lazy=True) as font:
        return len(font.getGlyphOrder())


def _page(words: str) -> PrintPdf:
    pdf = PrintPdf((300.0, 200.0), FONTS, "Fonts", "en", dt.date(2026, 12, 1))
    pdf.add_page()
    for weight, y in (("regular", 10.0), ("bold", 100.0)):
        use_font(pdf, weight, 14.0, (20, 20, 20))  # type: ignore[arg-type]
        pdf.set_xy(10.0, y)
        pdf.multi_cell(280.0, 18.0, words)
    return pdf


def test_a_pdf_looks_as_fpdf2_alone_makes_it() -> None:
    ours = _page(WORDS).finish()
    theirs = _page(WORDS)
    for font in theirs.fonts.values():
        assert isinstance(font, DocumentFont)
        font.own_tables()  # fpdf2 cuts the tables it writes: its own, not the shared ones
    try:
        stock = bytes(theirs.output())
    finally:
        theirs.close_fonts()
    (page,) = read_pdf(ours)
    (stock_page,) = read_pdf(stock)
    assert page.text == stock_page.text
    assert "Łukasz & Zoë" in page.text
    assert page.image.tobytes() == stock_page.image.tobytes()
    assert min(band[0] for band in page.image.getextrema()) < 100  # drawn: not blank
    assert ours != stock  # (its fonts carry every ASCII glyph, used or not)


def test_pdfs_sharing_fonts_each_have_their_own_glyphs() -> None:
    from storykit.printing.flyer import render_flyer

    pair, chelsea = flyer(story(PAIR)), flyer(repo_story("chelsea"))
    first = render_flyer(pair, STYLE).data
    render_flyer(chelsea, STYLE)
    render_flyer(flyer(story(EMOJI)), STYLE)  # an emoji font: fpdf2 writes every font
    assert render_flyer(pair, STYLE).data == first
    (page,) = read_pdf(first)
    assert "Ada" in page.text and "Bo" in page.text
    for path in FONTS.regular, FONTS.bold:  # the shared fonts were never cut to a subset
        pdf = PrintPdf((100.0, 100.0), FONTS, "", "en", dt.date(2026, 12, 1))
        font = pdf.fonts[TEXT + ("B" if path == FONTS.bold else "")]
        assert isinstance(font, TTFFont)
        assert len(font.ttfont.getGlyphOrder()) == _glyphs(path)
        pdf.close_fonts()


def test_a_font_file_changed_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "Project.ttf"
    shutil.copyfile(FONTS.regular, path)
    pdf = PrintPdf((100.0, 100.0), FONTS, "", "en", dt.date(2026, 12, 1))
    assert add_shared_font(pdf, "project", "", path)
    assert pdf.fonts["project"].name == "OpenSans"
    shutil.copyfile(FONTS.bold, path)  # another size: the file as it is now
    assert add_shared_font(pdf, "again", "", path)
    assert pdf.fonts["again"].name == "OpenSansBold"
    pdf.close_fonts()


def test_widths_are_fpdf2_s_at_every_size() -> None:
    from test_print_lines import TEXTS

    from storykit.printing.fonts import font_set

    pdf = PrintPdf((300.0, 200.0), font_set(STYLE, TEXTS), "", "en", dt.date(2026, 12, 1))
    try:
        fonts = [f for f in pdf.fonts.values() if isinstance(f, DocumentFont)]
        assert len(fonts) >= 4  # the text fonts, emoji, a script's
        params = pdf.text_shaping
        measured = 0
        for font in fonts:
            for text in TEXTS[:60]:
                for size in (6.5, 9.5, 13.0, 9.5, 40.0):  # 9.5 again: remembered
                    words = text[:40]
                    assert font.get_text_width(words, size, params) == TTFFont.get_text_width(
                        font, words, size, params
                    )
                    measured += 1
        assert measured == 60 * 5 * len(fonts)
    finally:
        pdf.close_fonts()
