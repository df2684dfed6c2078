"""The story's flyer (print/flyer.pdf): one page to print, its best photo, its QR code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from storykit.builder.job import StoryJob
from storykit.builder.kinds.prints import PdfFacts, PrintKind, PrintOutput, Size, link_target
from storykit.load.model import Story
from storykit.outputs.entries import FlyerEntry
from storykit.outputs.paths import FLYER
from storykit.outputs.print_texts import flyer_content, printed_photos
from storykit.printing.content import FlyerContent, PrintPhoto, PrintStyle
from storykit.printing.layout import Box
from storykit.printing.paper import (
    FLYER_PAGE_NAMES,
    FLYER_PAGES,
    Paper,
)
from storykit.printing.photos import (
    flyer_photo_box,
    flyer_photo_pixels,
)

if TYPE_CHECKING:
    from storykit.printing.document import Printed  # fpdf2: loaded only to make a PDF


class FlyerKind(PrintKind[FlyerContent]):
    """A flyer per story: one page, with its best photo, facts, story, call to action and
    a QR code to the adoption page (a happy tail's, to the animals still waiting)."""

    name = "flyer"
    file = FLYER
    pages = FLYER_PAGES
    page_names = FLYER_PAGE_NAMES

    def slots(self, story: Story) -> list[tuple[int, ...]]:
        printed = printed_photos(story)
        if printed.pair is not None:
            return [printed.pair]
        return [(printed.flyer,) if printed.flyer is not None else ()]

    def sizes(self, paper: Paper, uprights: Sequence[tuple[Size, ...]]) -> list[Size | None]:
        # a pair: each photo fills half the box's width (the smaller one sets the size)
        across = [
            (len(u) * min(w for w, _ in u), min(h for _, h in u)) if u else None for u in uprights
        ]
        return [flyer_photo_pixels(paper, a) if a else None for a in across]

    def box(self, paper: Paper) -> Box:
        return flyer_photo_box(paper)

    def label(self, words: FlyerContent, places: Sequence[int] = ()) -> str:
        return f"the flyer ({self.file})"

    def words(
        self, job: StoryJob, paper: Paper, photos: Sequence[PrintPhoto | None]
    ) -> FlyerContent:
        session = job.session
        return flyer_content(session.templates, job.context, paper, photos[0], session.today)

    def filled(self, words: FlyerContent, photos: Sequence[PrintPhoto | None]) -> FlyerContent:
        return replace(words, photo=photos[0])

    def without_link(self, words: FlyerContent) -> str | None:
        return None if words.link else (words.action.line or words.action.heading)

    def missing(self, words: FlyerContent, style: PrintStyle) -> tuple[str, ...]:
        from storykit.printing.flyer import flyer_fonts  # the fonts' files

        return flyer_fonts(words, style).missing

    def render_pdf(self, words: FlyerContent, style: PrintStyle, logo: bytes | None) -> Printed:
        from storykit.printing.flyer import render_flyer  # fpdf2: only when made

        return render_flyer(words, style, logo)

    def entry(self, out: PrintOutput, words: FlyerContent, facts: PdfFacts) -> FlyerEntry:
        return FlyerEntry(
            path=out.path,
            kind="flyer",
            paper=out.paper,
            page=self.page_names[out.paper],
            page_size=self.page_size(out.paper),
            pages=facts.pages,
            photo_dpi=facts.photo_dpi,
            link=link_target(words.link),
            bytes=facts.size,
            previews=facts.previews,
            written=facts.written,
        )
