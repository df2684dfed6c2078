"""Listings for adoption sites: per-animal records (listing.json) and the JSON feed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from typing import TypedDict

import orjson

from storykit.load.model import STATUSES, Animal, Story
from storykit.load.schema import JsonSchema
from storykit.outputs.context import adopted_together, fee_text, markdown_plain, money
from storykit.outputs.paths import WebPhoto
from storykit.package_data import DATA
from storykit.text import language

LISTED_STATUSES = ("available", "hold")  # the stories adoption sites list
if not set(LISTED_STATUSES) <= set(STATUSES):
    raise AssertionError("LISTED_STATUSES names a status model.Status does not have")


class GoodWithRecord(TypedDict):
    kids: bool | None
    dogs: bool | None
    cats: bool | None


class HealthRecord(TypedDict):
    spayed_neutered: bool | None
    vaccinated: bool | None
    microchipped: bool | None
    special_needs: str | None


class ListingRecord(TypedDict):
    """One animal as adoption sites see it (listing.json; the schema: `storykit schema
    --listing`). Unknown values are None, never a guess."""

    id: str
    story: str
    name: str
    species: str
    breeds: list[str]
    mix: bool | None
    sex: str
    born: str | None
    born_estimated: bool | None
    age: str
    age_group: str
    size: str | None
    colors: list[str]
    coat: str | None
    good_with: GoodWithRecord
    health: HealthRecord
    housetrained: bool | None
    declawed: bool | None
    arrived: str | None
    status: str
    fee: float | None
    fee_waived: bool
    fee_text: str
    adoption_url: str | None
    contact: str | None
    title: str
    description: str
    together: bool | None
    photos: list[str]
    photo_urls: list[str]


def photo_order(story: Story, animal: Animal) -> list[int]:
    """The indexes of *animal*'s photos in story.photos, best first: those tagged to it
    alone, then those it shares with others, then the story's untagged ones; never a photo
    tagged only to other animals."""
    name = animal.name.casefold()
    tags = [{a.casefold() for a in p.animals} for p in story.photos]
    alone = [i for i, t in enumerate(tags) if t == {name}]
    shared = [i for i, t in enumerate(tags) if name in t and len(t) > 1]
    untagged = [i for i, t in enumerate(tags) if not t]
    return [*alone, *shared, *untagged]


def photos_of(story: Story, animal: Animal, web: Sequence[WebPhoto]) -> list[str]:
    """The web photos for *animal*'s listing, in photo_order."""
    path = {w.index: w.path for w in web}
    return [path[i] for i in photo_order(story, animal) if i in path]


def one_line(text: str) -> str:
    """Text on one line: every run of whitespace (line breaks too) becomes one space."""
    return " ".join(str(text).split())


def description(story: Story) -> str:
    """The story as plain text: the summary, then the body with its Markdown removed and
    each link's address after its words (an adopter can copy it from a listing)."""
    parts = [markdown_plain(story.summary, links=True), markdown_plain(story.body, links=True)]
    return "\n\n".join(p for p in parts if p.strip())


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def animal_intro(story: Story, index: int, today: dt.date) -> str:
    """One line naming the animal: "Ada is a female domestic shorthair, 10 months old." and,
    in a story of several, whether it goes home with the others or on its own."""
    animal = story.animals[index]
    kind = one_line(animal.breed or "") or language.species_word(animal, today)
    sex = "" if animal.sex == "unknown" else f"{animal.sex} "
    age = language.age_in_words(animal, today)
    line = f"{animal.name} is {_article(sex or kind)} {sex}{kind}" + (f", {age}" if age else "")
    line += "."
    others = [a.name for i, a in enumerate(story.animals) if i != index]
    if others and adopted_together(story):
        line += f" {animal.name} is adopted together with {language.join_names(others)}."
    elif others:
        line += f" {animal.name} can be adopted on {language.pronoun(animal, 'possessive')} own."
    return line


def animal_description(story: Story, index: int, today: dt.date) -> str:
    """The animal's own description: the line naming it, then the story."""
    return "\n\n".join(p for p in (animal_intro(story, index, today), description(story)) if p)


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _fee(story: Story, animal: Animal) -> float | None:
    if story.adoption.fee_waived:
        return 0.0
    return animal.fee if animal.fee is not None else story.adoption.fee


def animal_id(slug: str, animal: Animal, index: int) -> str:
    """The shelter's own ID, else one made from the slug and the animal's place in the story."""
    return animal.id or f"{slug}-{index + 1}"


PhotoUrl = Callable[[str], "str | None"]  # a path inside output/ on the web, if published


def animal_listing(
    slug: str,
    story: Story,
    index: int,
    today: dt.date,
    web: Sequence[WebPhoto],
    url: PhotoUrl | None = None,
) -> ListingRecord:
    """One animal of a story as a plain record for adoption sites.

    *url* gives a path inside output/ on the web (site.published_url): the record then
    carries absolute photo_urls; without it, photo_urls is empty.
    """
    animal = story.animals[index]
    photos = photos_of(story, animal, web)
    urls = [url(f"{slug}/{p}") for p in photos] if url else []
    health = animal.health
    breeds = [b for b in (animal.breed, animal.secondary_breed) if b]
    return {
        "id": animal_id(slug, animal, index),
        "story": slug,
        "name": animal.name,
        "species": animal.species,
        "breeds": breeds,
        "mix": animal.mix,
        "sex": animal.sex,
        "born": animal.born.isoformat() if animal.born else None,
        "born_estimated": animal.born_estimated,
        "age": language.age_in_words(animal, today),
        "age_group": language.age_group(animal, today),
        "size": animal.size,
        "colors": list(animal.colors),
        "coat": animal.coat,
        "good_with": {
            "kids": _yes_no(animal.good_with.kids),
            "dogs": _yes_no(animal.good_with.dogs),
            "cats": _yes_no(animal.good_with.cats),
        },
        "health": {
            "spayed_neutered": health.spayed_neutered,
            "vaccinated": health.vaccinated,
            "microchipped": health.microchipped,
            "special_needs": health.special_needs,
        },
        "housetrained": animal.housetrained,
        "declawed": animal.declawed,
        "arrived": animal.arrived.isoformat() if animal.arrived else None,
        "status": story.status,
        "fee": _fee(story, animal),
        "fee_waived": story.adoption.fee_waived,
        "fee_text": fee_text(story) if animal.fee is None else money(animal.fee),
        "adoption_url": story.adoption.url,
        "contact": story.adoption.contact,
        "title": story.title,
        "description": animal_description(story, index, today),
        "together": adopted_together(story) if len(story.animals) > 1 else None,
        "photos": photos,
        "photo_urls": [u for u in urls if u],
    }


def story_listing(
    slug: str,
    story: Story,
    today: dt.date,
    web: Sequence[WebPhoto],
    url: PhotoUrl | None = None,
) -> list[ListingRecord]:
    """Every animal of a story as listing records (listing.json holds this list)."""
    return [animal_listing(slug, story, i, today, web, url) for i in range(len(story.animals))]


def listing_json(records: list[ListingRecord]) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode()


def adoptable(records: Iterable[ListingRecord]) -> list[ListingRecord]:
    """The records adoption sites list (available or on hold), by story slug then animal."""
    listed = [r for r in records if r["status"] in LISTED_STATUSES]
    return sorted(listed, key=lambda r: r["story"])  # stable: animals keep their order


def adoptable_feed(records: Iterable[ListingRecord], today: dt.date) -> bytes:
    """The adoptable records as a JSON feed: {"generated": date, "animals": [...]}."""
    animals = [
        {**r, "photos": [f"{r['story']}/{p}" for p in r["photos"]]} for r in adoptable(records)
    ]
    data = {"generated": today.isoformat(), "animals": animals}
    # keys sorted: the records may come from the build index, which keeps them sorted.
    # orjson: the standard library's encoder is pure Python when indenting, and slow for
    # a shelter's thousand animals; the bytes are the same (tests/test_listing.py)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def listing_schema() -> JsonSchema:
    """The JSON Schema (draft 2020-12) of listing.json and adoptable.json, shipped as data."""
    text = (DATA / "listing.schema.json").read_text("utf-8")
    schema: JsonSchema = json.loads(text)
    return schema
