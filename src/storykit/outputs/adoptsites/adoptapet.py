"""Adopt-a-Pet's import: pets.csv, its column map import.cfg, and photos/ named <Id>-1.jpg...

The columns, their order and values follow Adopt-a-Pet's FTP import as sheltermanager/asm3
implements it (src/asm3/publishers/adoptapet.py): no header row (import.cfg maps each
column by its position); Purebred, SpayedNeutered, ShotsCurrent, Declawed, SpecialNeeds
"1"/"0"; GoodWKids/GoodWCats/GoodWDogs and Housetrained "1" yes, "0" no, "" unknown; Age
Baby/Young/Adult/Senior; Size S/M/L/XL for dogs and cats only; Sex M/F; Status Available;
Animal Dog, Cat, Rabbit, Small Animal, Horse, Bird, Reptile or Farm Animal (asm3's map of
species to them); HairLength per species; the description's line breaks as <br>. Breeds are
Petfinder's names, with Adopt-a-Pet's own where they differ (data/adoptsites/adoptapet.json).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, TypedDict

from storykit.outputs.adoptsites import petfinder
from storykit.outputs.adoptsites.breeds import breed_names
from storykit.outputs.adoptsites.rules import csv_rules, site_data
from storykit.outputs.listing import ListingRecord, one_line
from storykit.text.species import kind_of

SITE = "adoptapet"
LABEL = "Adopt-a-Pet"
STATUS = {"available": "Available"}  # Adopt-a-Pet has no 'on hold'
CSV_NAME = "pets.csv"
MAP_NAME = "import.cfg"


class AnimalType(TypedDict):
    """Adopt-a-Pet's animal type: its name (None: it lists no such animal) and the hair
    lengths it takes."""

    name: str | None
    hair: list[str]


def kind(species: str) -> AnimalType:
    """Adopt-a-Pet's animal type for a species."""
    name = kind_of(species).adoptapet
    hair: list[str] = site_data(SITE)["types"][name]["hair"] if name else []
    return AnimalType(name=name, hair=hair)


def breed_name(petfinder_name: str, size: str) -> str:
    """Adopt-a-Pet's name for one of Petfinder's breeds (some depend on the size)."""
    name = site_data(SITE)["breed_names"].get(petfinder_name, petfinder_name)
    return name if isinstance(name, str) else name.get(size, name["M"])


def missing(record: ListingRecord) -> tuple[str, ...]:
    """The values Adopt-a-Pet requires that the record does not give."""
    k = kind(record["species"])
    if k["name"] is None:
        return ("species",)
    gaps = [g for g in petfinder.fit_record(record).missing if g != "size"]
    if k["name"] in ("Dog", "Cat") and record["size"] not in petfinder.SIZE:
        gaps.append("size")
    if k["hair"] and (record["coat"] or "").capitalize() not in k["hair"]:
        gaps.append("coat")
    order = ("breed", "sex", "size", "age", "coat")
    return tuple(sorted(gaps, key=order.index))


def _one_or_zero(value: bool | None) -> str:
    return "1" if value else "0"


def _unknown(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def row(record: ListingRecord) -> dict[str, str]:
    """One record as a row of pets.csv (column name to value)."""
    f = petfinder.fit_record(record)
    k = kind(record["species"])
    size = petfinder.SIZE.get(record["size"] or "", "")
    breeds = [breed_name(b, size) for b in f.breeds] + ["", ""]
    coat = (record["coat"] or "").capitalize()
    good, health = record["good_with"], record["health"]
    paragraphs = [p.strip() for p in record["description"].split("\n\n")]
    values = {
        "Id": petfinder.upload_id(record),
        "Animal": k["name"] or "",
        "Breed": breeds[0],
        "Breed2": breeds[1] if breeds[1] != breeds[0] else "",
        "Purebred": "0" if f.mix else "1",
        "Age": record["age_group"].capitalize(),
        "Name": one_line(record["name"]),
        "Size": size if k["name"] in ("Dog", "Cat") else "",
        "Sex": petfinder.SEX.get(record["sex"], ""),
        "Description": "<br><br>".join(one_line(p) for p in paragraphs if p),
        "Status": STATUS.get(record["status"], ""),
        "GoodWKids": _unknown(good["kids"]),
        "GoodWCats": _unknown(good["cats"]),
        "GoodWDogs": _unknown(good["dogs"]),
        "SpayedNeutered": _one_or_zero(health["spayed_neutered"]),
        "ShotsCurrent": _one_or_zero(health["vaccinated"]),
        "Housetrained": _unknown(record["housetrained"]),
        "Declawed": _one_or_zero(record["declawed"]),
        "SpecialNeeds": _one_or_zero(bool(health["special_needs"])),
        "HairLength": coat if coat in k["hair"] else "",
        "YouTubeVideoURL": "",
    }
    return {name: values[name] for name in csv_rules(SITE).names}


def listed(records: Iterable[ListingRecord]) -> list[ListingRecord]:
    """The records Adopt-a-Pet's upload holds: available, every required value known."""
    return [r for r in records if r["status"] in STATUS and not missing(r)]


def write_csv(rows: Iterable[dict[str, str]]) -> bytes:
    """pets.csv: one line per animal, no header (import.cfg says which column is which)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=csv_rules(SITE).names, quoting=csv.QUOTE_ALL)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def import_cfg() -> bytes:
    """import.cfg: which column of pets.csv holds which of Adopt-a-Pet's fields."""
    lines = [
        "; Adopt-a-Pet import map for pets.csv, written by storykit.",
        "; Each line: #<column>:<field in pets.csv>=<Adopt-a-Pet field>.",
        "",
        *(f"#{i}:{name}={name}" for i, name in enumerate(csv_rules(SITE).names, 1)),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def allowed(species: str) -> Any:
    """For the column rules: the names a 'values_from' column may hold for *species*."""
    names = breed_names(species)
    k = kind(species)
    breeds = None
    if names is not None:
        breeds = {breed_name(b, s) for b in names.names for s in petfinder.SIZE.values()}
    types = list(site_data(SITE)["types"])
    return {"breeds": breeds, "hair": k["hair"], "types": types}.get
