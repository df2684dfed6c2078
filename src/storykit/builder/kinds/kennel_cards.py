"""Kennel cards (print/kennel-cards.pdf): a page per animal, for its crate, with its QR code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from storykit.builder.job import StoryJob
from storykit.builder.kinds.prints import PdfFacts, PrintKind, PrintOutput, Size, link_target
from storykit.load.model import Story
from storykit.outputs.entries import KennelEntry
from storykit.outputs.paths import KENNEL_CARDS
from storykit.outputs.print_texts import kennel_cards, printed_photos
from storykit.printing.content import KennelCard, PrintPhoto, PrintStyle
from storykit.printing.layout import Box
from storykit.printing.paper import (
    KENNEL_PAGE_NAMES,
    KENNEL_PAGES,
    Paper,
)
from storykit.printing.photos import (
    kennel_photo_box,
    kennel_photo_pixels,
)
from storykit.text.language import join_names

if TYPE_CHECKING:
    from storykit.printing.document import Printed  # fpdf2: loaded only to make a PDF


class KennelCardsKind(PrintKind[tuple[KennelCard, ...]]):
    """Kennel (cage) cards: a page per animal, half a sheet, with its own photo, the
    cage-card facts the case file holds and its own QR code."""

    name = "kennel"
    file = KENNEL_CARDS
    pages = KENNEL_PAGES
    page_names = KENNEL_PAGE_NAMES

    def slots(self, story: Story) -> list[tuple[int, ...]]:
        return [(i,) if i is not None else () for i in printed_photos(story).kennels]

    def sizes(self, paper: Paper, uprights: Sequence[tuple[Size, ...]]) -> list[Size | None]:
        cards = sum(1 for u in uprights if u)  # they share the PDF's pixels
        return [kennel_photo_pixels(paper, cards, u[0]) if u else None for u in uprights]

    def box(self, paper: Paper) -> Box:
        return kennel_photo_box(paper)

    def label(self, words: tuple[KennelCard, ...], places: Sequence[int] = ()) -> str:
        if len(places) == 1:
            return f"{words[places[0]].name}'s kennel card ({self.file})"
        names = f" of {join_names([words[n].name for n in places])}" if places else ""
        return f"the kennel cards{names} ({self.file})"

    def words(
        self, job: StoryJob, paper: Paper, photos: Sequence[PrintPhoto | None]
    ) -> tuple[KennelCard, ...]:
        session = job.session
        return tuple(kennel_cards(session.templates, job.context, paper, photos, session.today))

    def filled(
        self, words: tuple[KennelCard, ...], photos: Sequence[PrintPhoto | None]
    ) -> tuple[KennelCard, ...]:
        return tuple(replace(card, photo=p) for card, p in zip(words, photos, strict=True))

    def without_link(self, words: tuple[KennelCard, ...]) -> str | None:
        bare = [card for card in words if card.link is None]
        return bare[0].action if bare else None

    def missing(self, words: tuple[KennelCard, ...], style: PrintStyle) -> tuple[str, ...]:
        from storykit.printing.kennel import kennel_fonts  # the fonts' files

        return kennel_fonts(words, style).missing

    def render_pdf(
        self, words: tuple[KennelCard, ...], style: PrintStyle, logo: bytes | None
    ) -> Printed:
        from storykit.printing.kennel import render_kennel_cards  # fpdf2: only when made

        return render_kennel_cards(words, style, logo)

    def entry(
        self, out: PrintOutput, words: tuple[KennelCard, ...], facts: PdfFacts
    ) -> KennelEntry:
        return KennelEntry(
            path=out.path,
            kind="kennel",
            animals=[card.name for card in words],
            paper=out.paper,
            page=self.page_names[out.paper],
            page_size=self.page_size(out.paper),
            pages=facts.pages,
            photo_dpi=facts.photo_dpi,
            link=next((link_target(c.link) for c in words if c.link), None),
            bytes=facts.size,
            previews=facts.previews,
            written=facts.written,
        )
