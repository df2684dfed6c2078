"""Petfinder's import: a CSV in Petfinder's column order, and its photos named as it names them.

The column order, the values and the FTP layout (the CSV and a photos/ folder inside the
account's import/ folder, photos named <ID>-1.jpg...) follow Petfinder's import spec of
August 2019 as sheltermanager/asm3 implements it (src/asm3/publishers/petfinder.py): Sex
M/F; Size S/M/L/XL; Age Baby/Young/Adult/Senior; Status A adoptable, H on hold;
Shots/Altered/Housetrained/Declawed/specialNeeds/Mix "1" for yes and "" otherwise;
NoDogs/NoCats/NoKids "1" when not good with them, "0" when good, "" unknown; dates
YYYY-MM-DD; adoption_fee "85.00", blank when there is none. One line per animal.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storykit.outputs.adoptsites.breeds import (
    BreedMatch,
    ColorMatch,
    breed_names,
    match_breed,
    match_color,
)
from storykit.outputs.adoptsites.rules import SiteData, csv_rules, site_data
from storykit.outputs.listing import ListingRecord, one_line
from storykit.text.species import kind_of

SITE = "petfinder"
LABEL = "Petfinder"
STATUS = {"available": "A", "hold": "H"}  # the stories Petfinder's upload holds
SEX = {"male": "M", "female": "F"}
SIZE = {"small": "S", "medium": "M", "large": "L", "xlarge": "XL"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def kind(species: str) -> SiteData:
    """Petfinder's type for a species (text/species.py's table, or its catch-all for one
    storykit has no words for): its name, label, breeds, colours and coats."""
    found: SiteData = site_data(SITE)["types"][kind_of(species).petfinder]
    return found


def upload_id(record: ListingRecord) -> str:
    """The animal's ID as the uploads write it (and name its photos by): letters, digits,
    '.', '_' and '-' only, as asm3 does for shelter codes."""
    return _UNSAFE.sub("-", record["id"]).strip("-.") or record["story"]


def photo_names(record: ListingRecord, limit: int | None) -> list[str]:
    """The upload's names for the record's photos, in order: <ID>-1.jpg, <ID>-2.jpg..."""
    pattern = csv_rules(SITE).photo_name
    photos = record["photos"][:limit] if limit is not None else record["photos"]
    return [pattern.format(id=upload_id(record), n=n) for n in range(1, len(photos) + 1)]


@dataclass(frozen=True)
class PetfinderFit:
    """A listing record as a site's row: what it maps to, and what the site lacks for it."""

    breeds: tuple[str, ...]  # Petfinder's names, primary first
    mix: bool
    colors: tuple[str, ...]
    coat: str
    missing: tuple[str, ...]  # required values the case file does not give: sex, size...
    breed_matches: tuple[BreedMatch, ...] = ()
    color_matches: tuple[ColorMatch, ...] = ()
    coat_refused: bool = False

    @property
    def complete(self) -> bool:
        return not self.missing


def fit_record(record: ListingRecord) -> PetfinderFit:
    """How the record maps to Petfinder's names, and which required values are unknown."""
    return _fit(
        record["species"],
        tuple(record["breeds"][:2]),
        record["mix"],
        tuple(record["colors"]),
        record["coat"],
        record["sex"],
        record["size"],
        record["age_group"],
    )


@functools.lru_cache(maxsize=4096)  # each record is fitted for every file that lists it
def _fit(
    species: str,
    breeds: tuple[str, ...],
    mix: bool | None,
    colours: tuple[str, ...],
    coat_given: str | None,
    sex: str,
    size: str | None,
    age_group: str,
) -> PetfinderFit:
    matches = tuple(match_breed(species, b) for b in breeds)
    names: list[str] = []
    for m in matches:
        names.extend(b for b in m.breeds if b not in names)
    own = kind_of(species).petfinder_breed  # "Guinea Pig": the species is its own breed
    if own is not None and (not names or any(not m.ok for m in matches)):
        names, matches = [own], ()
    if mix is None:
        mix = any(m.mix for m in matches) or len(names) > 1
    colors = tuple(match_color(species, c) for c in colours)
    flat = tuple(dict.fromkeys(name for c in colors for name in c.colors))[:3]
    coats = kind(species)["coats"]
    coat = (coat_given or "").capitalize()
    refused = bool(coat) and coats is not None and coat not in coats
    missing = []
    if not names or any(not m.ok for m in matches):
        missing.append("breed")
    if sex not in SEX:
        missing.append("sex")
    if size not in SIZE:
        missing.append("size")
    if not age_group:
        missing.append("age")
    return PetfinderFit(
        tuple(names[:2]),
        bool(mix),
        flat,
        "" if refused or coats is None else coat,  # None: no list of Petfinder's kept
        tuple(missing),
        matches,
        colors,
        refused,
    )


def _flag(value: bool | None) -> str:
    return "1" if value else ""


def _not_good(value: bool | None) -> str:
    return "" if value is None else ("0" if value else "1")


def row(record: ListingRecord, photos: Sequence[str]) -> dict[str, str]:
    """One record as a row of Petfinder's CSV (column to value); *photos* fill photo1...6.

    Values Petfinder requires and the case file does not give stay blank here: the upload
    leaves such rows out (see fit_record), adoptable.csv shows them as they are.
    """
    rules = csv_rules(SITE)
    f = fit_record(record)
    breeds = [*f.breeds, "", ""]
    colors = [*f.colors, "", "", ""]
    good = record["good_with"]
    health = record["health"]
    fee = record["fee"]
    cells = [*photos[: rules.photos], *[""] * (rules.photos or 0)]
    uid = upload_id(record)
    values = {
        "ID": uid,
        "Internal": uid,
        "AnimalName": one_line(record["name"]),
        "PrimaryBreed": breeds[0],
        "SecondaryBreed": breeds[1],
        "Sex": SEX.get(record["sex"], ""),
        "Size": SIZE.get(record["size"] or "", ""),
        "Age": record["age_group"].capitalize(),
        "Desc": one_line(record["description"]),
        "Type": kind(record["species"])["name"],
        "Status": STATUS.get(record["status"], ""),
        "Shots": _flag(health["vaccinated"]),
        "Altered": _flag(health["spayed_neutered"]),
        "NoDogs": _not_good(good["dogs"]),
        "NoCats": _not_good(good["cats"]),
        "NoKids": _not_good(good["kids"]),
        "Housetrained": _flag(record["housetrained"]),
        "Declawed": _flag(record["declawed"]),
        "specialNeeds": _flag(bool(health["special_needs"])),
        "Mix": _flag(f.mix),
        **{f"photo{i + 1}": cells[i] for i in range(rules.photos or 0)},
        "arrival_date": record["arrived"] or "",
        "birth_date": record["born"] or "",
        "primaryColor": colors[0],
        "secondaryColor": colors[1],
        "tertiaryColor": colors[2],
        "coat_length": f.coat,
        "adoption_fee": f"{fee:.2f}" if fee else "",
        "display_adoption_fee": _flag(bool(fee)),
        "adoption_fee_waived": _flag(record["fee_waived"]),
        "special_needs_notes": one_line(health["special_needs"] or ""),
        "no_other": "",
        "no_other_note": "",
        "tags": "",
    }
    return {name: values[name] for name in rules.names}


def listed(records: Iterable[ListingRecord]) -> list[ListingRecord]:
    """The records Petfinder's upload holds: available or on hold, every required value known."""
    return [r for r in records if r["status"] in STATUS and fit_record(r).complete]


def write_csv(rows: Iterable[dict[str, str]]) -> bytes:
    """Rows as Petfinder's CSV: the header, then one line per animal (UTF-8, CRLF)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=csv_rules(SITE).names)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def allowed(species: str) -> Any:
    """For the column rules: the names a 'values_from' column may hold for *species*."""
    k = kind(species)
    types = [t["name"] for t in site_data(SITE)["types"].values()]
    names = breed_names(species)  # None: the breed is sent as written
    breeds = None if names is None else names.names
    return {"breeds": breeds, "colors": k["colors"], "coats": k["coats"], "types": types}.get
