"""Listings for adoption sites: per-animal records, Petfinder's import CSV and a JSON feed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import orjson

from . import language
from .context import fee_text, markdown_plain
from .model import Animal, Photo, Story

# Petfinder's import file: these columns, in this order. The order and value conventions
# follow Petfinder's shelter-software import spec (August 2019) as implemented by
# sheltermanager/asm3, src/asm3/publishers/petfinder.py ("This specific CSV ordering has
# been mandated by PetFinder in their import docs of August 2019"):
#   Sex M/F; Size S/M/L/XL; Age Baby/Young/Adult/Senior; Status A adoptable, H hold
#   (X adopted); Shots/Altered/Housetrained/Declawed/specialNeeds/Mix "1" for yes and ""
#   otherwise; NoDogs/NoCats/NoKids "1" when NOT good with them, "0" when good, "" unknown;
#   dates YYYY-MM-DD; adoption_fee "85.00" (blank when there is none).
# Petfinder asks for one line per animal: descriptions must hold no line breaks.
PETFINDER_COLUMNS: tuple[str, ...] = (
    "ID",
    "Internal",
    "AnimalName",
    "PrimaryBreed",
    "SecondaryBreed",
    "Sex",
    "Size",
    "Age",
    "Desc",
    "Type",
    "Status",
    "Shots",
    "Altered",
    "NoDogs",
    "NoCats",
    "NoKids",
    "Housetrained",
    "Declawed",
    "specialNeeds",
    "Mix",
    "photo1",
    "photo2",
    "photo3",
    "photo4",
    "photo5",
    "photo6",
    "arrival_date",
    "birth_date",
    "primaryColor",
    "secondaryColor",
    "tertiaryColor",
    "coat_length",
    "adoption_fee",
    "display_adoption_fee",
    "adoption_fee_waived",
    "special_needs_notes",
    "no_other",
    "no_other_note",
    "tags",
)
PETFINDER_STATUS = {"available": "A", "hold": "H", "adopted": "X"}
LISTED_STATUSES = ("available", "hold")  # the stories adoptable.csv and adoptable.json hold
PETFINDER_SEX = {"male": "M", "female": "F", "unknown": ""}
PETFINDER_SIZE = {"small": "S", "medium": "M", "large": "L", "xlarge": "XL"}
# Petfinder's animal types; 'other' goes to its catch-all type.
PETFINDER_TYPE = {"dog": "Dog", "cat": "Cat", "rabbit": "Rabbit", "other": "Scales, Fins & Other"}
PHOTO_DIR = "photos"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class WebPhoto:
    """One of a story's photos as the web-size copy: its index in story.photos and path."""

    index: int
    path: str  # relative to output/<slug>/, e.g. photos/chelsea.jpg


def web_photo_paths(photos: Sequence[Photo]) -> list[WebPhoto]:
    """Where each photo's web-size copy goes: photos/<stem>.jpg, made unique (-2, -3...)."""
    taken: set[str] = set()
    out: list[WebPhoto] = []
    for i, photo in enumerate(photos):
        stem = _UNSAFE_NAME.sub("-", PurePosixPath(photo.file.replace("\\", "/")).stem)
        stem = stem.strip("-.") or f"photo-{i + 1}"
        name, n = stem, 1
        while name.lower() in taken:
            n += 1
            name = f"{stem}-{n}"
        taken.add(name.lower())
        out.append(WebPhoto(i, f"{PHOTO_DIR}/{name}.jpg"))
    return out


def photos_of(story: Story, animal: Animal, web: Sequence[WebPhoto]) -> list[str]:
    """The web photos showing *animal* (by name); all of the story's if none names it."""
    name = animal.name.casefold()
    shown = [w.path for w in web if name in {a.casefold() for a in story.photos[w.index].animals}]
    return shown or [w.path for w in web]


def one_line(text: str) -> str:
    """Text on one line: every run of whitespace (line breaks too) becomes one space."""
    return " ".join(str(text).split())


def description(story: Story) -> str:
    """The story as plain text: the summary, then the body with its Markdown removed."""
    parts = [markdown_plain(story.summary), markdown_plain(story.body)]
    return "\n\n".join(p for p in parts if p.strip())


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _fee(story: Story, animal: Animal) -> float | None:
    if story.adoption.fee_waived:
        return 0.0
    return animal.fee if animal.fee is not None else story.adoption.fee


def _money(fee: float) -> str:
    return f"${fee:,.0f}" if float(fee).is_integer() else f"${fee:,.2f}"


def animal_id(slug: str, animal: Animal, index: int) -> str:
    """The shelter's own ID, else one made from the slug and the animal's place in the story."""
    return animal.id or f"{slug}-{index + 1}"


def animal_listing(
    slug: str, story: Story, index: int, today: dt.date, web: Sequence[WebPhoto]
) -> dict[str, Any]:
    """One animal of a story as a plain record for adoption sites."""
    animal = story.animals[index]
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
        "fee_text": fee_text(story) if animal.fee is None else _money(animal.fee),
        "adoption_url": story.adoption.url,
        "contact": story.adoption.contact,
        "title": story.title,
        "description": description(story),
        "photos": photos_of(story, animal, web),
    }


def story_listing(
    slug: str, story: Story, today: dt.date, web: Sequence[WebPhoto]
) -> list[dict[str, Any]]:
    """Every animal of a story as listing records (listing.json holds this list)."""
    return [animal_listing(slug, story, i, today, web) for i in range(len(story.animals))]


def listing_json(records: list[dict[str, Any]]) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode()


def _flag(value: bool | None) -> str:
    return "1" if value else ""


def _not_good(value: bool | None) -> str:
    return "" if value is None else ("0" if value else "1")


def petfinder_row(record: dict[str, Any], photo_prefix: str = "") -> dict[str, str]:
    """One listing record as a row of Petfinder's import CSV (column name to value)."""
    breeds = [*record["breeds"], "", ""]
    colors = [*record["colors"], "", "", ""]
    good = record["good_with"]
    health = record["health"]
    fee = record["fee"]
    photos = [photo_prefix + p for p in record["photos"][:6]]
    photos += [""] * (6 - len(photos))
    mix = record["mix"]
    if mix is None:
        mix = bool(record["breeds"]) and (
            len(record["breeds"]) > 1 or "mix" in record["breeds"][0].lower()
        )
    row = {
        "ID": record["id"],
        "Internal": record["id"],
        "AnimalName": one_line(record["name"]),
        "PrimaryBreed": one_line(breeds[0]),
        "SecondaryBreed": one_line(breeds[1]),
        "Sex": PETFINDER_SEX[record["sex"]],
        "Size": PETFINDER_SIZE.get(record["size"] or "", ""),
        "Age": record["age_group"].capitalize(),
        "Desc": one_line(record["description"]),
        "Type": PETFINDER_TYPE[record["species"]],
        "Status": PETFINDER_STATUS.get(record["status"], ""),
        "Shots": _flag(health["vaccinated"]),
        "Altered": _flag(health["spayed_neutered"]),
        "NoDogs": _not_good(good["dogs"]),
        "NoCats": _not_good(good["cats"]),
        "NoKids": _not_good(good["kids"]),
        "Housetrained": _flag(record["housetrained"]),
        "Declawed": _flag(record["declawed"]),
        "specialNeeds": _flag(bool(health["special_needs"])),
        "Mix": _flag(mix),
        **{f"photo{i + 1}": p for i, p in enumerate(photos)},
        "arrival_date": record["arrived"] or "",
        "birth_date": record["born"] or "",
        "primaryColor": one_line(colors[0]),
        "secondaryColor": one_line(colors[1]),
        "tertiaryColor": one_line(colors[2]),
        "coat_length": (record["coat"] or "").capitalize(),
        "adoption_fee": f"{fee:.2f}" if fee else "",
        "display_adoption_fee": _flag(bool(fee)),
        "adoption_fee_waived": _flag(record["fee_waived"]),
        "special_needs_notes": one_line(health["special_needs"] or ""),
        "no_other": "",
        "no_other_note": "",
        "tags": "",
    }
    return row


def adoptable(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records adoption sites list (available or on hold), by story slug then animal."""
    listed = [r for r in records if r["status"] in LISTED_STATUSES]
    return sorted(listed, key=lambda r: r["story"])  # stable: animals keep their order


def adoptable_csv(records: Iterable[dict[str, Any]]) -> bytes:
    """Petfinder's import CSV (UTF-8, CRLF) of the adoptable records; photos from output/."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=PETFINDER_COLUMNS)
    writer.writeheader()
    for record in adoptable(records):
        writer.writerow(petfinder_row(record, photo_prefix=f"{record['story']}/"))
    return buffer.getvalue().encode("utf-8")


def adoptable_feed(records: Iterable[dict[str, Any]], today: dt.date) -> bytes:
    """The adoptable records as a JSON feed: {"generated": date, "animals": [...]}."""
    animals = [
        {**r, "photos": [f"{r['story']}/{p}" for p in r["photos"]]} for r in adoptable(records)
    ]
    data = {"generated": today.isoformat(), "animals": animals}
    # keys sorted: the records may come from the build index, which keeps them sorted.
    # orjson: the standard library's encoder is pure Python when indenting, and slow for
    # a shelter's thousand animals; the bytes are the same (tests/test_listing.py)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
