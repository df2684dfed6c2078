"""Kennel cards: one page per animal, for its crate, with its own photo, facts and QR code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from storykit.printing import draw as D
from storykit.printing.colour import Palette, palette
from storykit.printing.content import FactGroup, KennelCard, Link, PrintStyle
from storykit.printing.document import Printed, PrintPdf
from storykit.printing.facts import facts_table
from storykit.printing.fit import TextStyle, fit_size, fit_story
from storykit.printing.fonts import FontSet, font_set, fonts_texts
from storykit.printing.layout import Box, KennelLayout, kennel_layout
from storykit.printing.paper import KENNEL_PAGES
from storykit.printing.photos import kennel_photo_box, printed_dpi, within_budget
from storykit.printing.qr import qr_code

ORG = TextStyle(7.0, 9.0, leading=1.2, max_lines=2)
BADGE_SIZE = 8.5
NAME = TextStyle(18.0, 40.0, leading=1.05, max_lines=2)
NOTES = TextStyle(8.0, 10.5, leading=1.3)
ACTION = TextStyle(9.0, 13.0, leading=1.2, max_lines=4)
LINK_TEXT = TextStyle(6.5, 8.5, leading=1.2, max_lines=3)
NOTES_ROOM = 8.0 + 2 * NOTES.smallest * NOTES.leading


def render_kennel_cards(
    cards: Sequence[KennelCard], style: PrintStyle, logo: bytes | None = None
) -> Printed:
    """One PDF of kennel cards, a page each (half a sheet of each card's paper), in *style*.
    The photos share the PDF's budget. The same cards give the same bytes."""
    if not cards:
        raise ValueError("kennel cards need at least one card")
    photos = within_budget([c.photo for c in cards if c.photo is not None])
    it = iter(photos)
    cards = [c if c.photo is None else replace(c, photo=next(it)) for c in cards]
    first = cards[0]
    fonts = kennel_fonts(cards, style)
    pdf = PrintPdf(
        KENNEL_PAGES[first.paper],
        fonts,
        first.organisation or first.name,
        first.language,
        first.date,
    )
    try:
        colours = palette(style.primary, style.accent)
        for card in cards:
            pdf.add_page(format=KENNEL_PAGES[card.paper])
            _page(pdf, card, colours, logo)
        box = kennel_photo_box(first.paper)
        dpi = tuple(printed_dpi(c.photo, box) for c in cards if c.photo is not None)
        return Printed(pdf.finish(), fonts.missing, dpi)
    finally:
        pdf.close_fonts()


def kennel_fonts(cards: Sequence[KennelCard], style: PrintStyle) -> FontSet:
    """The fonts the kennel cards embed, and the characters of their texts none of them has
    (known without drawing them)."""
    return font_set(style, [t for c in cards for t in _card_texts(c)])


def _card_texts(card: KennelCard) -> list[str]:
    link = card.link or Link("", "")
    facts = [t for f in card.facts for t in (f.label, f.value)]
    return fonts_texts(
        card.name, card.badge.upper(), card.organisation, facts, card.notes, card.action, link.text
    )


def _page(pdf: PrintPdf, card: KennelCard, colours: Palette, logo: bytes | None) -> None:
    layout = kennel_layout(card.paper, card.photo is not None, card.link is not None)
    words = (card.organisation, card.badge)
    D.masthead(pdf, layout.org, layout.badge, words, (ORG, BADGE_SIZE), colours, logo)
    D.text_box(pdf, layout.name, card.name, NAME, "bold", colours.headline, middle=True)
    if layout.photo is not None and card.photo is not None:
        D.photo(pdf, layout.photo, card.photo, colours.rule)
    details = layout.details
    room = NOTES_ROOM if card.notes.strip() else 0.0  # the facts leave the notes two lines
    facts = Box(details.x, details.y, details.w, details.h - room)
    end = facts_table(pdf, facts, [FactGroup("", card.facts)], colours, columns=2)
    notes = Box(details.x, end + 8.0, details.w, details.bottom - end - 8.0)
    _notes(pdf, notes, card.notes, colours)
    _foot(pdf, layout, card, colours)


def _notes(pdf: PrintPdf, box: Box, notes: str, colours: Palette) -> None:
    """The notes, as much as fits: whole paragraphs, then whole sentences."""
    if not notes.strip() or box.h < 2 * NOTES.smallest * NOTES.leading:
        return
    D.rule(pdf, box.x, box.right, box.y, colours.rule)
    box = Box(box.x, box.y + 6.0, box.w, box.h - 6.0)
    lines_at = D.line_counter(pdf, box.w, "regular")
    fitted = fit_size(notes, NOTES, box.h, lines_at)
    if fitted.cut:
        allowed = int(box.h // (NOTES.smallest * NOTES.leading))
        part = fit_story((notes,), lambda t: lines_at(t, NOTES.smallest) <= allowed)
        fitted = fit_size(part.text, NOTES, box.h, lines_at)
    D.write_lines(pdf, box, fitted, NOTES, "regular", colours.ink)


def _foot(pdf: PrintPdf, layout: KennelLayout, card: KennelCard, colours: Palette) -> None:
    """The QR code with the link under it, and beside it what scanning it does."""
    if layout.qr is not None and card.link is not None:
        D.qr(pdf, layout.qr, qr_code(card.link.target))
        cap = layout.qr.caption
        caption = Box(cap.x, cap.y + 2.0, cap.w, cap.h - 2.0)
        D.link_text(pdf, caption, card.link.text, LINK_TEXT, colours.ink)
    D.text_box(pdf, layout.action, card.action, ACTION, "bold", colours.headline, middle=True)
