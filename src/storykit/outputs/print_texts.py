"""The words of a story's flyer and kennel cards: templates/print/ rendered into print records."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storykit.errors import Location, Problem, StorykitError
from storykit.load.model import Story
from storykit.outputs.context import StoryContext
from storykit.outputs.listing import photo_order
from storykit.outputs.paths import pair_photos
from storykit.printing.content import (
    CallToAction,
    FlyerContent,
    KennelCard,
    Link,
    PrintedFact,
    PrintedQuote,
    PrintPhoto,
    group_facts,
)
from storykit.printing.paper import Paper

if TYPE_CHECKING:
    from storykit.outputs.jinja import Templates

FLYER = "print/flyer.txt"
FACTS = "print/facts.txt"
KENNEL = "print/kennel.txt"
_PART = re.compile(r"^%% *([a-z_]+) *$", re.M)
_WEB = re.compile(r"^https?://\S+$", re.I)


def parts(text: str) -> dict[str, str]:
    """A print template's parts: the text after each "%% name" line, trimmed."""
    marks = list(_PART.finditer(text))
    return {
        m.group(1): text[
            m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(text))
        ].strip()
        for i, m in enumerate(marks)
    }


def fact_lines(text: str, template: str) -> tuple[PrintedFact, ...]:
    """One fact per "Label: value" line of *text*; a line without ": " is a template mistake."""
    facts = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        label, sep, value = line.partition(": ")
        if not sep or not value.strip():
            raise StorykitError(
                Problem(
                    Location(template),
                    f"the fact line {line!r} is not 'Label: value'",
                    "write each fact on its own line as 'Label: value'",
                )
            )
        facts.append(PrintedFact(label.strip(), value.strip()))
    return tuple(facts)


def _link(part: Mapping[str, str]) -> Link | None:
    target = part.get("link", "")
    return Link(target, part.get("link_text") or target) if _WEB.match(target) else None


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip())


def _need(part: Mapping[str, str], name: str, template: str) -> str:
    if name not in part:
        raise StorykitError(
            Problem(
                Location(template),
                f"the template has no part '%% {name}'",
                "start each part with a line '%% name' (see the built-in template)",
            )
        )
    return part[name]


@dataclass(frozen=True)
class PrintedPhotos:
    """Which of a story's photos (indexes in story.photos) print: the flyer's, and each
    animal's kennel card's, in the order of story.animals (None: no photo). *pair*: the
    two photos a pair's flyer shows side by side instead (a photo of each alone and none
    of both, as the kits' cover is then the pair card)."""

    flyer: int | None
    kennels: tuple[int | None, ...]
    pair: tuple[int, int] | None = None


def printed_photos(story: Story) -> PrintedPhotos:
    """The flyer's photo: the first that shows every animal of a story of several, else the
    pair side by side, else the first (the cover, as the cards have it); each kennel card's:
    the animal's best photo (outputs.listing.photo_order)."""
    names = {a.name.casefold() for a in story.animals}
    everyone = [
        i
        for i, p in enumerate(story.photos)
        if len(names) > 1 and names <= {a.casefold() for a in p.animals}
    ]
    flyer = everyone[0] if everyone else (0 if story.photos else None)
    kennels = tuple(next(iter(photo_order(story, a)), None) for a in story.animals)
    return PrintedPhotos(flyer, kennels, None if everyone else pair_photos(story))


def days_in_care(arrived: dt.date | None, today: dt.date) -> int | None:
    """Days since the animal came into care, counted to *today* (None: arrival unknown)."""
    return None if arrived is None else max(0, (today - arrived).days)


def flyer_content(
    templates: Templates,
    context: StoryContext,
    paper: Paper,
    photo: PrintPhoto | None,
    today: dt.date,
) -> FlyerContent:
    """A story's flyer from its context (outputs.context.story_context, the headline set),
    in the words of print/flyer.txt and print/facts.txt."""
    story: Story = context["story"]
    part = parts(templates.render(FLYER, context))
    need = {name: _need(part, name, FLYER) for name in ("badge", "headline", "action")}
    per_animal = [
        (a.name, fact_lines(templates.render(FACTS, {**context, "animal": a}), FACTS))
        for a in story.animals
    ]
    quote = part.get("quote", "")
    return FlyerContent(
        paper=paper,
        status=story.status,
        badge=need["badge"],
        headline=need["headline"],
        names=part.get("names", ""),
        photo=photo,
        quote=PrintedQuote(quote, part.get("quote_by", "")) if quote and photo is None else None,
        facts=group_facts(per_animal, part.get("together", "")),
        story=_paragraphs(part.get("story", "")),
        action=CallToAction(need["action"], part.get("action_line", "")),
        link=_link(part),
        organisation=str(context.get("org_name") or ""),
        date=today,
        title=story.title,
    )


def kennel_cards(
    templates: Templates,
    context: StoryContext,
    paper: Paper,
    photos: Sequence[PrintPhoto | None],
    today: dt.date,
) -> list[KennelCard]:
    """A kennel card per animal of the story, in the words of print/kennel.txt; *photos*
    gives each animal's photo in order (None: that card has none)."""
    story: Story = context["story"]
    cards = []
    for animal, photo in zip(story.animals, photos, strict=True):
        local = {**context, "animal": animal, "in_care": days_in_care(animal.arrived, today)}
        part = parts(templates.render(KENNEL, local))
        cards.append(
            KennelCard(
                paper=paper,
                name=_need(part, "name", KENNEL),
                badge=part.get("badge", ""),
                photo=photo,
                facts=fact_lines(part.get("facts", ""), KENNEL),
                notes="\n\n".join(_paragraphs(part.get("notes", ""))),
                link=_link(part),
                action=part.get("action", ""),
                organisation=str(context.get("org_name") or ""),
                date=today,
            )
        )
    return cards
