"""What the print kinds share (the flyer, kinds/flyer.py; the kennel cards, kinds/kennel_cards.py):
drawn kinds whose photos the workers frame apart from the cards.

When a print output is keyed, its words are rendered from templates/print/ (recorded as its
values, like a card's texts) and each photo it places is asked of the card engine: the
print-photo layout at the pixel size its box needs at 300 dpi, framed on the animals exactly
as the cards are, from decodes of its own (the cards' bytes never depend on it). When the
photos come back, the PDF is made here (printing/), with a preview image of each page beside
it for the story page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from storykit.builder.artifact import Artifact
from storykit.builder.job import StoryJob
from storykit.builder.kinds import print_problems
from storykit.builder.kinds.base import Made
from storykit.builder.kinds.cards import (
    photo_source,
    request_files,
    style_files,
    too_small_for_cards,
)
from storykit.builder.kinds.drawn import Drawing, DrawnKind
from storykit.builder.plan import Output, StoryPlan
from storykit.builder.workers import Drawn
from storykit.cards.batch import CardRequest, CardResult
from storykit.cards.framing import Framing
from storykit.cards.layout import CardStyle
from storykit.cards.subjects import DETECTOR
from storykit.errors import Problem
from storykit.load.model import Story
from storykit.outputs.alt import photo_alt
from storykit.outputs.entries import FlyerEntry, KennelEntry, Preview
from storykit.outputs.paths import preview_path
from storykit.printing.content import Link, PrintPhoto, PrintStyle
from storykit.printing.layout import Box
from storykit.printing.paper import (
    POINTS_PER_INCH,
    Paper,
)
from storykit.printing.photos import (
    LAYOUT,
    PAIR_LAYOUT,
    photo_request,
    printed_dpi,
)

if TYPE_CHECKING:
    from storykit.printing.document import Printed  # fpdf2: loaded only to make a PDF

Size = tuple[int, int]
W = TypeVar("W")  # a print output's words: FlyerContent, or a KennelCard per page


@dataclass(frozen=True)
class PrintOutput(Output):
    paper: Paper


@dataclass(frozen=True)
class PlacedPhoto:
    """A photo a print output places: which of the story's photos it shows (one, or a pair
    side by side) and their upright sizes (px), what the card engine is asked for, and what
    a screen reader says of it."""

    indexes: tuple[int, ...]
    uprights: tuple[Size, ...]
    request: CardRequest
    alt: str

    def placeholder(self) -> PrintPhoto:
        """The photo as the words know it before it is drawn: its size and alt text."""
        return PrintPhoto(b"", *self.request.size, self.alt)


@dataclass(frozen=True)
class PrintPlan(Generic[W]):
    """What a print output is made of, worked out when it is keyed: its words (each photo a
    placeholder of the size asked for) and the photo of each place in order (None: none)."""

    words: W
    photos: tuple[PlacedPhoto | None, ...]

    @property
    def requests(self) -> tuple[CardRequest, ...]:
        return tuple(p.request for p in self.photos if p is not None)


class PrintKind(DrawnKind[PrintOutput], Generic[W]):
    """What the flyer and the kennel cards share: planned once per story on the project's
    paper, keyed by their words and photos, drawn apart, made into a PDF when received."""

    shares_decodes = False  # its photos are decoded apart, larger than the cards'
    file: ClassVar[str]  # its path in output/<slug>/
    pages: ClassVar[dict[str, tuple[float, float]]]  # each paper's page size (points)
    page_names: ClassVar[dict[str, str]]

    # -- what each kind says -----------------------------------------------------------------

    def slots(self, story: Story) -> list[tuple[int, ...]]:
        """The photos (indexes in story.photos) of each photo place, in page order: one, a
        pair side by side, or none."""
        raise NotImplementedError

    def sizes(self, paper: Paper, uprights: Sequence[tuple[Size, ...]]) -> list[Size | None]:
        """The pixel size asked for each place's photo (*uprights*: its photos' sizes)."""
        raise NotImplementedError

    def box(self, paper: Paper) -> Box:
        """Where a photo prints on a page (points)."""
        raise NotImplementedError

    def label(self, words: W, places: Sequence[int] = ()) -> str:
        """The output as messages name it (with *places*: the pages of those photo places)."""
        raise NotImplementedError

    def words(self, job: StoryJob, paper: Paper, photos: Sequence[PrintPhoto | None]) -> W:
        raise NotImplementedError

    def filled(self, words: W, photos: Sequence[PrintPhoto | None]) -> W:
        """*words* with each place's photo as drawn."""
        raise NotImplementedError

    def without_link(self, words: W) -> str | None:
        """What prints where a QR code would be, if a page has none (None: every page has)."""
        raise NotImplementedError

    def missing(self, words: W, style: PrintStyle) -> tuple[str, ...]:
        """The characters of the words no font can print (known without drawing)."""
        raise NotImplementedError

    def render_pdf(self, words: W, style: PrintStyle, logo: bytes | None) -> Printed:
        raise NotImplementedError

    def entry(self, out: PrintOutput, words: W, facts: PdfFacts) -> FlyerEntry | KennelEntry:
        raise NotImplementedError

    # -- what they share ---------------------------------------------------------------------

    def plan(self, plan: StoryPlan) -> Sequence[PrintOutput]:
        settings = plan.config.print
        return [PrintOutput(self.file, settings.paper)] if settings.make else []

    def prepare(self, job: StoryJob, out: PrintOutput, style: CardStyle) -> PrintPlan[W]:
        """The output's words and photo requests (reads the photos' headers)."""
        from storykit.cards.photo import open_photo_size  # Pillow: the photos' headers

        story, session = job.story, job.session
        slots = self.slots(story)
        uprights = [
            tuple(open_photo_size(job.folder / story.photos[i].file) for i in slot)
            for slot in slots
        ]
        stem = out.path.removesuffix(".pdf")
        places: list[PlacedPhoto | None] = []
        for n, (slot, upright, size) in enumerate(
            zip(slots, uprights, self.sizes(out.paper, uprights), strict=True), 1
        ):
            if not slot or size is None:
                places.append(None)
                continue
            photos = [story.photos[i] for i in slot]
            sources = tuple(photo_source(job, photo, job.found) for photo in photos)
            layout = session.layouts[LAYOUT if len(slot) == 1 else PAIR_LAYOUT]
            request = photo_request(f"{stem}-photo-{n}", layout, size, sources[0], style)
            alts = [photo_alt(session.templates, job.context, photo) for photo in photos]
            places.append(
                PlacedPhoto(slot, upright, replace(request, photos=sources), " ".join(alts))
            )
        shown = [p.placeholder() if p is not None else None for p in places]
        return PrintPlan(self.words(job, out.paper, shown), tuple(places))

    def add(self, job: StoryJob, artifacts: Sequence[Artifact], drawing: Drawing) -> None:
        templates = job.session.templates
        style = drawing.style
        for artifact in artifacts:
            out = artifact.output
            assert isinstance(out, PrintOutput)
            recorder = artifact.recorder
            with templates.recording(recorder.file):
                plan = self.prepare(job, out, style)
            requests = plan.requests
            # the words (each photo's size and alt text in them), the paper and the look
            recorder.value("print", repr(plan.words), repr(PrintStyle.of_cards(style)))
            recorder.value("photos", [(r.key, r.size, repr(r.style)) for r in requests])
            recorder.value("framing", [(p.focus, p.subject) for r in requests for p in r.photos])
            recorder.value("detector", DETECTOR)
            # the layouts as read, wherever from (an override made later is a change)
            layouts = {r.layout.name: repr(replace(r.layout, source="")) for r in requests}
            recorder.value("layout", sorted(layouts.items()))
            for path in [*style_files(style), *(f for r in requests for f in request_files(r))]:
                recorder.file(path)
            artifact.keyed = plan
            drawing.apart[out.path] = requests

    def receive(self, job: StoryJob, artifact: Artifact, drawn: Drawn) -> Made:
        """The PDF from the photos drawn, and a preview image of each page beside it."""
        from storykit.printing.preview import page_previews  # pdfium: only when made

        out, plan = artifact.output, artifact.keyed
        assert isinstance(out, PrintOutput) and isinstance(plan, PrintPlan)
        results = [drawn.apart[p.request.key] if p else None for p in plan.photos]
        photos = [
            PrintPhoto(r.data, r.width, r.height, p.alt) if p and r else None
            for p, r in zip(plan.photos, results, strict=True)
        ]
        words: W = self.filled(plan.words, photos)
        style = PrintStyle.of_cards(job.session.style)
        logo = style.logo.read_bytes() if style.logo is not None else None
        printed = self.render_pdf(words, style, logo)
        pages = {preview_path(out.path, n): p for n, p in enumerate(page_previews(printed.data), 1)}
        dpi = self.photo_dpi(plan, results, printed, out.paper)
        facts = PdfFacts(
            len(printed.data),
            len(pages),
            dpi,
            [Preview(path=path, width=p.width, height=p.height) for path, p in pages.items()],
            {path: len(p.data) for path, p in pages.items()},
        )
        notes = job.note_problems(w for r in results if r is not None for w in r.warnings)
        problems = [*notes, *self.problems(job, plan, printed.missing, dpi, out.paper)]
        files = {path: p.data for path, p in pages.items()}
        return Made(printed.data, self.entry(out, words, facts), problems, files=files)

    def foresee(self, job: StoryJob, out: PrintOutput, style: CardStyle) -> list[Problem]:
        """What receive would say, short of drawing: each photo's resolution from its size."""
        plan = self.prepare(job, out, style)
        box = self.box(out.paper)
        dpi = [printed_dpi(p.request.size, box) for p in plan.photos if p for _ in p.indexes]
        missing = self.missing(plan.words, PrintStyle.of_cards(style))
        return self.problems(job, plan, missing, dpi, out.paper)

    def problems(
        self,
        job: StoryJob,
        plan: PrintPlan[W],
        missing: Sequence[str],
        dpi: Sequence[float],
        paper: Paper,
    ) -> list[Problem]:
        found = []
        words, label = plan.words, self.label(plan.words)
        instead = self.without_link(words)
        if instead is not None:
            found.append(print_problems.no_link(job, label, instead))
        if missing:
            found.append(print_problems.missing_characters(job, label, missing))
        soft: dict[tuple[int, float], list[int]] = {}  # a photo, its resolution: its places
        for (n, photo), value in zip(placed_photos(plan), dpi, strict=True):
            if value < print_problems.SHARP_DPI:
                soft.setdefault((photo, round(value)), []).append(n)
        said = too_small_for_cards(job, job.session.style) if soft else set()  # cards say it
        for (photo, value), places in soft.items():
            if photo in said:
                continue
            where = self.label(words, places)
            found.append(print_problems.soft_photo(job, photo, where, value, self.box(paper)))
        return found

    def photo_dpi(
        self,
        plan: PrintPlan[W],
        results: Sequence[CardResult | None],
        printed: Printed,
        paper: Paper,
    ) -> list[float]:
        """Each placed photo's resolution on paper, in placed_photos' order: its pixels' (as
        placed), or the photo's own where the framing shows fewer of them (a crop enlarged
        to fill its place)."""
        box = self.box(paper)
        drawn = [(p, r) for p, r in zip(plan.photos, results, strict=True) if p and r]
        return [
            round(min(placed, source_dpi(r, framing, upright, box)), 1)
            for (p, r), placed in zip(drawn, printed.photo_dpi, strict=True)
            for framing, upright in zip(r.framing, p.uprights, strict=True)
        ]

    def page_size(self, paper: Paper) -> list[float]:
        return [round(v, 2) for v in self.pages[paper]]


@dataclass(frozen=True)
class PdfFacts:
    """What story.json says of a PDF made: its size in bytes, pages, photos' resolution,
    preview images, and the files written beside it (the previews) with their sizes."""

    size: int
    pages: int
    photo_dpi: list[float]
    previews: list[Preview]
    written: dict[str, int]


def placed_photos(plan: PrintPlan[W]) -> list[tuple[int, int]]:
    """Each photo placed, in page order: its place's number, and its index in story.photos."""
    return [(n, i) for n, p in enumerate(plan.photos) if p is not None for i in p.indexes]


def source_dpi(result: CardResult, framing: Framing, upright: Size, box: Box) -> float:
    """The resolution of a photo's own pixels where the card engine placed them (*framing*,
    on *result*) in *box*: the part of the upright photo shown, over the size it prints at."""
    x0, y0, x1, y1 = framing.crop
    a0, b0, a1, b1 = framing.area
    inches_w = (a1 - a0) / result.width * box.w / POINTS_PER_INCH
    inches_h = (b1 - b0) / result.height * box.h / POINTS_PER_INCH
    return min((x1 - x0) * upright[0] / inches_w, (y1 - y0) * upright[1] / inches_h)


def link_target(link: Link | None) -> str | None:
    """Where a QR code opens, if the print has one."""
    return link.target if link is not None else None
