"""The photo cards (cards/<name>-<size>.jpg) and the web-size copies of the photos."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from storykit.builder.artifact import Artifact
from storykit.builder.job import StoryJob
from storykit.builder.kinds.base import Made
from storykit.builder.kinds.drawn import Drawing, DrawnKind
from storykit.builder.plan import Output, StoryPlan
from storykit.builder.workers import Drawn
from storykit.cards.batch import CardRequest, CardResult, PhotoCopy
from storykit.cards.layout import CardStyle, Layout, PhotoSource
from storykit.cards.subjects import DETECTOR, Subject, SubjectData
from storykit.errors import Location
from storykit.load.model import Photo
from storykit.outputs.alt import card_alt, photo_alt
from storykit.outputs.entries import CardEntry, PhotoEntry
from storykit.outputs.paths import web_photo_paths
from storykit.text.platforms import CARD_SIZES


@dataclass(frozen=True)
class CardOutput(Output):
    size: str
    layout: str  # photo | pair | quote | closing, or a project's own
    photos: tuple[int, ...] = ()  # indexes into story.photos
    platforms: tuple[str, ...] = ()  # the platforms that get this size


class CardKind(DrawnKind[CardOutput]):
    """A card per photo and size; a pair card for two animals with one photo each; a quote
    card for a story without photos; the closing card of the kits that post a size."""

    name = "card"

    def plan(self, plan: StoryPlan) -> Sequence[CardOutput]:
        outputs = []
        for size, users in plan.size_users.items():
            for i, stem in enumerate(plan.stems):
                outputs.append(CardOutput(plan.card(stem, size), size, "photo", (i,), users))
            if plan.pair:
                outputs.append(CardOutput(plan.card("pair", size), size, "pair", plan.pair, users))
            if not plan.story.photos:
                outputs.append(CardOutput(plan.card("quote", size), size, "quote", (), users))
            closing = tuple(name for name, kit in plan.kit_sizes.items() if kit == size)
            if closing:  # the last card of the kits that post this size
                outputs.append(CardOutput(plan.card("closing", size), size, "closing", (), closing))
        return outputs

    def add(self, job: StoryJob, artifacts: Sequence[Artifact], drawing: Drawing) -> None:
        templates = job.session.templates
        for artifact in artifacts:
            out = artifact.output
            assert isinstance(out, CardOutput)
            recorder = artifact.recorder
            with templates.recording(recorder.file):
                request, artifact.alt = card_request(job, out, drawing.style, job.found)
            recorder.value(
                "card", request.texts, repr(drawing.style), out.layout, out.platforms, artifact.alt
            )
            # what frames each photo: the case file's focus and subject, else what the
            # detector (this version of it) finds, which depends on nothing else
            recorder.value("framing", [(p.focus, p.subject) for p in request.photos], DETECTOR)
            # the layout as read, wherever from (an override made later is a change)
            recorder.value("layout", layout_key(request.layout))
            for path in request_files(request):
                recorder.file(path)
            drawing.cards.append(request)

    def receive(self, job: StoryJob, artifact: Artifact, drawn: Drawn) -> Made:
        out = artifact.output
        assert isinstance(out, CardOutput)
        card = drawn.made[out.path]
        return Made(
            card.data, card_entry(out, artifact.alt, card), job.note_problems(card.warnings)
        )


def card_request(
    job: StoryJob,
    out: CardOutput,
    style: CardStyle,
    subjects: Callable[[Path], tuple[Subject, ...] | None] | None = None,
) -> tuple[CardRequest, str]:
    """A card's request (its texts rendered from its layout) and its alt text. *subjects*
    gives the animals already found in a photo (the build's cache), None if not known. With
    cards.find_animals off, no photo is searched: it is framed as its focus: or subject:
    says, else around its centre."""
    session = job.session
    layout = session.layouts[out.layout]
    photos = [job.story.photos[i] for i in out.photos]
    credits = list(dict.fromkeys(p.credit for p in photos if p.credit))
    credit = ""
    if credits:
        credit = ("Photo: " if len(credits) == 1 else "Photos: ") + ", ".join(credits)
    ctx = {
        **job.context,
        "photo": photos[0] if photos else None,
        "photos": photos,
        "size": out.size,
        "credit": credit,
    }
    templates = session.templates
    origin = Location.of(layout.source or f"cards/{layout.name}.yaml")
    texts = {
        name: templates.render_string(template, ctx, origin).strip()
        for name, template in layout.templates.items()
    }
    request = CardRequest(
        key=out.path,
        layout=layout,
        size=CARD_SIZES[out.size],
        photos=tuple(photo_source(job, p, subjects) for p in photos),
        texts=texts,
        style=style,
    )
    described = [photo_alt(templates, job.context, p) for p in photos]
    alt = card_alt(templates, job.context, described, texts, session.platforms)
    return request, alt


def photo_source(
    job: StoryJob,
    photo: Photo,
    subjects: Callable[[Path], tuple[Subject, ...] | None] | None = None,
) -> PhotoSource:
    """How the card engine frames *photo*, on a card or in print: its focus: and subject:,
    and the animals already found in it (*subjects*: the build's cache; None: not known, so
    the engine looks). With cards.find_animals off, it is not searched: framed as focus: or
    subject: says, else around its centre."""
    searched = job.session.project.config.cards.find_animals
    path = job.folder / photo.file
    found = (subjects(path) if subjects else None) if searched else ()
    return PhotoSource(path, photo.focus, photo.subject, found, searched)


def card_entry(out: CardOutput, alt: str, card: CardResult) -> CardEntry:
    """A drawn card's story.json entry: its size and how it was framed, so anyone can check
    it against its photos: per photo, the crop shown (fractions of the upright photo), the
    photo's area on the card (px), whether the photo was fitted rather than cut, and the
    animals framing used (fractions); each text's box (px)."""
    return CardEntry(
        path=out.path,
        kind="card",
        alt=alt,
        size=out.size,
        layout=out.layout,
        platforms=list(out.platforms),
        width=card.width,
        height=card.height,
        crop=[rounded(f.crop) for f in card.framing],
        photo_area=[list(f.area) for f in card.framing],
        fitted=[f.fitted for f in card.framing],
        subjects=[[rounded_subject(s) for s in f.subjects] for f in card.framing],
        text_boxes={name: list(box) for name, box in sorted(card.text_boxes.items())},
    )


def rounded(values: Sequence[float]) -> list[float]:
    """Fractions of a photo to 4 places (under half a pixel of a 12 MP photo's width), so
    story.json reads as numbers, not as float noise."""
    return [round(v, 4) for v in values]


def rounded_subject(subject: Subject) -> SubjectData:
    plain = subject.to_plain()
    head = plain["head"]
    return SubjectData(
        body=rounded(plain["body"]),
        head=None if head is None else rounded(head),
        confidence=round(plain["confidence"], 4),
        kind=plain["kind"],
    )


@functools.lru_cache(maxsize=64)
def layout_key(layout: Layout) -> str:
    """A layout as read, wherever it was read from: what its cards are made with (worked out
    once per layout: a thousand stories' cards share a few layouts)."""
    return repr(replace(layout, source=""))


def request_files(request: CardRequest) -> list[Path]:
    """The files the card engine reads for a request: photos, layout, fonts and logo."""
    layout = [Path(request.layout.source)] if request.layout.source else []
    return [*(p.path for p in request.photos), *layout, *style_files(request.style)]


def style_files(style: CardStyle) -> list[Path]:
    """The project's files a style draws with: its fonts and logo."""
    files = [style.font_regular, style.font_bold, *style.fallback_fonts, style.logo]
    return [f for f in files if f is not None]


@dataclass(frozen=True)
class PhotoOutput(Output):
    photo: int  # its index in story.photos


class WebPhotoKind(DrawnKind[PhotoOutput]):
    """A web-size copy of each photo (photos/<stem>.jpg): upright, sRGB, no metadata."""

    name = "photo"

    def plan(self, plan: StoryPlan) -> Sequence[PhotoOutput]:
        return [PhotoOutput(web.path, web.index) for web in web_photo_paths(plan.story.photos)]

    def add(self, job: StoryJob, artifacts: Sequence[Artifact], drawing: Drawing) -> None:
        templates = job.session.templates
        for artifact in artifacts:
            out = artifact.output
            assert isinstance(out, PhotoOutput)
            copy = PhotoCopy(out.path, job.folder / job.story.photos[out.photo].file)
            with templates.recording(artifact.recorder.file):
                artifact.alt = photo_alt(templates, job.context, job.story.photos[out.photo])
            artifact.recorder.value("alt", artifact.alt)
            artifact.recorder.file(copy.path)
            drawing.copies.append(copy)

    def receive(self, job: StoryJob, artifact: Artifact, drawn: Drawn) -> Made:
        out = artifact.output
        assert isinstance(out, PhotoOutput)
        made = drawn.made[out.path]
        entry = PhotoEntry(
            path=out.path,
            kind="photo",
            width=made.width,
            height=made.height,
            source=job.story.photos[out.photo].file,
            alt=artifact.alt,
        )
        return Made(made.data, entry, job.note_problems(made.warnings))


def too_small_for_cards(job: StoryJob, style: CardStyle) -> set[int]:
    """The story's photos (their indexes) too small for their places on its cards: the cards
    say so (use a larger photo), and nothing else needs to say it again. Reads the photos'
    headers only."""
    from storykit.cards.batch import enlarge_notes, probe_all

    config = job.session.project.config
    plan = StoryPlan(job.story, config, tuple(job.session.platforms))
    outs = [o for o in CardKind().plan(plan) if o.photos]
    requests = [card_request(job, out, style)[0] for out in outs]
    notes = enlarge_notes(requests, probe_all(requests, ()))
    return {i for n in notes if n.photo and (i := job.photo_index(n.photo)) is not None}
