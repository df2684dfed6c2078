"""The flyer: one page per story, its photo, facts, story, call to action and QR code."""

from __future__ import annotations

from dataclasses import replace

from storykit.printing import draw as D
from storykit.printing.colour import Palette, palette
from storykit.printing.content import FlyerContent, Link, PrintedQuote, PrintStyle
from storykit.printing.document import Printed, PrintPdf
from storykit.printing.facts import facts_table
from storykit.printing.fit import TextStyle, fit_size, fit_story
from storykit.printing.fonts import FontSet, font_set, fonts_texts
from storykit.printing.layout import Box, FlyerLayout, QrPlace, flyer_layout
from storykit.printing.paper import FLYER_PAGES
from storykit.printing.photos import printed_dpi, within_budget
from storykit.printing.qr import qr_code

ORG = TextStyle(8.0, 10.0, leading=1.2, max_lines=2)
BADGE_SIZE = 10.0
HEADLINE = TextStyle(20.0, 40.0, leading=1.08, max_lines=2)
NAMES = TextStyle(12.0, 20.0, leading=1.15, max_lines=2)
QUOTE = TextStyle(14.0, 40.0, leading=1.25, max_lines=12)
QUOTE_BY = TextStyle(10.0, 14.0, leading=1.2, max_lines=2)
STORY = TextStyle(9.5, 13.0, leading=1.35)
ACTION = TextStyle(12.0, 19.0, leading=1.12, max_lines=3)
ACTION_LINE = TextStyle(8.5, 11.5, leading=1.3, max_lines=6)
LINK_TEXT = TextStyle(6.5, 9.0, leading=1.2, max_lines=3)


def render_flyer(content: FlyerContent, style: PrintStyle, logo: bytes | None = None) -> Printed:
    """The flyer's PDF: one page of *content.paper*, in *style* (*logo*: the organisation's
    logo file's bytes, if it has one). The same content gives the same bytes."""
    if content.photo is not None:
        content = _with_photo_budget(content)
    layout = flyer_layout(content.paper, content.link is not None)
    fonts = flyer_fonts(content, style)
    pdf = PrintPdf(
        FLYER_PAGES[content.paper],
        fonts,
        content.title or content.headline,
        content.language,
        content.date,
    )
    try:
        pdf.add_page()
        colours = palette(style.primary, style.accent)
        words = (content.organisation, content.badge)
        D.masthead(pdf, layout.org, layout.badge, words, (ORG, BADGE_SIZE), colours, logo)
        end = D.text_box(pdf, layout.headline, content.headline, HEADLINE, "bold", colours.headline)
        names = Box(layout.names.x, end + 4.0, layout.names.w, layout.names.bottom - end - 4.0)
        end = D.text_box(pdf, names, content.names, NAMES, "bold", colours.names)
        layout = layout.lifted(layout.feature.y - (end + 14.0))
        if content.photo is not None:
            D.photo(pdf, layout.feature, content.photo, colours.rule)
        elif content.quote is not None:
            _quote(pdf, layout.feature, content.quote, colours)
        facts_table(pdf, layout.facts, content.facts, colours)
        _story(pdf, layout.story, content.story, colours)
        _action(pdf, layout, content, colours)
        dpi = () if content.photo is None else (printed_dpi(content.photo, layout.feature),)
        return Printed(pdf.finish(), fonts.missing, dpi)
    finally:
        pdf.close_fonts()


def flyer_fonts(content: FlyerContent, style: PrintStyle) -> FontSet:
    """The fonts the flyer embeds, and the characters of its texts none of them has (known
    without drawing it)."""
    return font_set(style, _flyer_texts(content))


def _with_photo_budget(content: FlyerContent) -> FlyerContent:
    assert content.photo is not None
    (photo,) = within_budget([content.photo])
    return replace(content, photo=photo)


def _flyer_texts(content: FlyerContent) -> list[str]:
    quote = content.quote or PrintedQuote("")
    link = content.link or Link("", "")
    facts = [t for g in content.facts for f in g.facts for t in (f.label, f.value)]
    return fonts_texts(
        content.badge.upper(),
        content.headline,
        content.names,
        content.organisation,
        quote.text,
        quote.by,
        [g.title for g in content.facts],
        facts,
        content.story,
        content.action.heading,
        content.action.line,
        link.text,
    )


def _quote(pdf: PrintPdf, box: Box, quote: PrintedQuote, colours: Palette) -> None:
    """Without a photo: the quote (or the story's opening) large on a light panel, under a
    large quote mark, who said it under it; the three centred in the panel's height."""
    D.panel(pdf, box, colours.panel, 10.0)
    inner = box.inset(36.0)
    mark_h, by_h = 40.0, (28.0 if quote.by else 0.0)
    room = Box(inner.x, inner.y + mark_h, inner.w, inner.h - mark_h - by_h)
    lines_at = D.line_counter(pdf, room.w, "regular")
    fitted = fit_size(quote.text, QUOTE, room.h, lines_at)
    text_h = fitted.lines * fitted.size * QUOTE.leading
    top = inner.y + (inner.h - mark_h - text_h - by_h) / 2
    D.mark(pdf, inner.x - 4, top + mark_h, "\u201c", 64, colours.names)
    text = Box(inner.x, top + mark_h, inner.w, text_h)
    end = D.write_lines(pdf, text, fitted, QUOTE, "regular", colours.panel_heading)
    if quote.by:
        by = Box(inner.x, end + 8.0, inner.w, by_h)
        D.text_box(pdf, by, f"\u2014 {quote.by}", QUOTE_BY, "bold", colours.panel_text)


def _story(pdf: PrintPdf, box: Box, paragraphs: tuple[str, ...], colours: Palette) -> None:
    """The story at the largest size that holds all of it, else as much as fits at the
    smallest size: whole paragraphs, then whole sentences, from the opening."""
    text = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    lines_at = D.line_counter(pdf, box.w, "regular")
    whole = fit_size(text, STORY, box.h, lines_at)
    if not whole.cut:
        D.write_lines(pdf, box, whole, STORY, "regular", colours.ink)
        return
    size = STORY.smallest
    allowed = int(box.h // (size * STORY.leading))
    part = fit_story(paragraphs, lambda t: lines_at(t, size) <= allowed)
    fitted = fit_size(part.text, STORY, box.h, lines_at)
    D.write_lines(pdf, box, fitted, STORY, "regular", colours.ink)


def _action(pdf: PrintPdf, layout: FlyerLayout, content: FlyerContent, colours: Palette) -> None:
    """The call to action on a light panel, the QR code at its right with the link under it."""
    box = layout.action
    D.panel(pdf, box, colours.panel, 10.0)
    inner = box.inset(12.0)
    words = inner
    if layout.qr is not None and content.link is not None:
        words, _ = inner.left(inner.w - (layout.qr.square.w + 30.0))
        _qr(pdf, layout.qr, content.link, colours)
    heading, line = words.top(words.h * 0.48, 6.0)
    end = D.text_box(pdf, heading, content.action.heading, ACTION, "bold", colours.panel_heading)
    line = Box(line.x, min(line.y, end + 6.0), line.w, line.bottom - min(line.y, end + 6.0))
    D.text_box(pdf, line, content.action.line, ACTION_LINE, "regular", colours.panel_text)


def _qr(pdf: PrintPdf, place: QrPlace, link: Link, colours: Palette) -> None:
    D.qr(pdf, place, qr_code(link.target))
    caption = Box(place.caption.x, place.caption.y + 3.0, place.caption.w, place.caption.h - 3.0)
    D.link_text(pdf, caption, link.text, LINK_TEXT, colours.panel_text)
