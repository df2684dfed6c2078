"""Animal Shelter Manager (ASM3): its `json_adoptable_animals` service output, and the same
dataset as `csv_adoptable_animals`, as imported animals.

The field names are ASM3's (sheltermanager/asm3: doc/manual/service.rst, "Animal
Datasets"; src/asm3/service.py adds PHOTOURLS): ANIMALNAME, SHELTERCODE, SPECIESNAME,
SEXNAME, DATEOFBIRTH, ESTIMATEDDOB, BREEDNAME1, BREEDNAME2, CROSSBREED, SIZENAME,
BASECOLOURNAME, COATTYPENAME, ISGOODWITHCATS/DOGS/CHILDREN and ISHOUSETRAINED (0 yes,
1 no, 2 unknown, 3 selective), NEUTERED, IDENTICHIPPED, DECLAWED (1 yes, 0 no),
HASSPECIALNEEDS, HEALTHPROBLEMS, DATEBROUGHTIN, FEE (in cents), WEBSITEMEDIANOTES and
ANIMALCOMMENTS (the description), WEBSITEMEDIANAME, PHOTOURLS, WEBSITEVIDEOURL, ISHOLD,
HASACTIVERESERVE, BONDEDANIMALID and BONDEDANIMAL2ID (the animals adopted with it),
ADOPTIONCOORDINATOREMAILADDRESS (the contact for adopters).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from storykit.errors import Location
from storykit.importing import description
from storykit.importing.csvfile import Table
from storykit.importing.located_json import LocatedJson
from storykit.importing.records import NEEDS_UNSAID, ImportedAnimal, Source, SourcePhoto, suffix_of
from storykit.importing.values import Values, text
from storykit.load import model

LABEL = "ASM3 json_adoptable_animals"
CSV_LABEL = "ASM3 csv_adoptable_animals"
# What marks a row or an object as ASM3's dataset: its own column names.
COLUMNS = frozenset({"ANIMALNAME", "SPECIESNAME", "SHELTERCODE", "SEXNAME"})
_GOOD_WITH = {0: "yes", 1: "no", 2: "unknown", 3: "unknown"}  # 3: "Selective"
_SIZES = {"very large": "xlarge", "large": "large", "medium": "medium", "small": "small"}
_SIZE_CODES = {0: "xlarge", 1: "large", 2: "medium", 3: "small"}
_SEX_CODES = {0: "female", 1: "male", 2: "unknown"}
_COATS = {"short": "short", "long": "long", "rough": "wire", "curly": "curly",
          "hairless": "hairless", "medium": "medium"}  # fmt: skip
_URL = re.compile(r"https?://[^\s'\",\]]+")

Where = Callable[[str], Location]


def is_dataset(data: Any) -> bool:
    """Whether *data* is ASM3's animal dataset: a list of objects with its column names."""
    if data == []:
        return True  # no animal adoptable today: a dataset all the same
    rows = data if isinstance(data, list) else []
    return any(isinstance(r, dict) and COLUMNS & set(r) for r in rows)


def read_json(doc: LocatedJson) -> Source:
    """Every animal of a json_adoptable_animals response."""
    source = Source(doc.path, LABEL)
    values = Values(source)
    for i, row in enumerate(doc.data if isinstance(doc.data, list) else []):
        if isinstance(row, dict):
            found = animal(row, _at_key(doc, i), values, doc.locate((i,)))
            if found is not None:
                source.animals.append(found)
    return source


def _at_key(doc: LocatedJson, index: int) -> Where:
    def where(key: str) -> Location:
        return doc.locate((index, key))

    return where


def _everywhere(at: Location) -> Where:
    """A CSV row's cells are all on its line (a note names the column it is about)."""

    def where(_key: str) -> Location:
        return at

    return where


def read_csv(table: Table) -> Source:
    """Every animal of a csv_adoptable_animals response (the same columns, as text)."""
    source = Source(table.path, CSV_LABEL, problems=list(table.problems))
    values = Values(source)
    for row in table.rows:
        cells = {name.upper(): row.get(i) for i, name in enumerate(table.header)}
        at = table.at(row.line)
        found = animal(cells, _everywhere(at), values, at)
        if found is not None:
            source.animals.append(found)
    return source


def _code(raw: Any) -> int | None:
    """An ASM3 code (0, 1, 2...) from a number or its text; None if it is neither."""
    written = text(raw)
    return int(written) if written.lstrip("-").isdigit() else None


def animal(
    row: Mapping[str, Any], where: Where, values: Values, at: Location
) -> ImportedAnimal | None:
    """One row of ASM3's dataset as an imported animal."""
    name = text(row.get("ANIMALNAME"))
    if not name:
        values.source.note(at, "an animal with no ANIMALNAME is left out", "", "warning")
        return None
    key = text(row.get("ID")) or text(row.get("SHELTERCODE")) or name
    found = ImportedAnimal(at, name, key)
    found.id = text(row.get("SHELTERCODE")) or text(row.get("CODE")) or text(row.get("ID")) or None
    found.species = values.species(row.get("SPECIESNAME"), where("SPECIESNAME"), name) or "other"
    _facts_from_row(row, where, values, found)
    _health_from_row(row, where, values, found)
    _story_from_row(row, where, values, found)
    return found


def _facts_from_row(
    row: Mapping[str, Any], where: Where, values: Values, found: ImportedAnimal
) -> None:
    who = found.name
    sexes = ("female", "male", "unknown")
    found.sex = values.choice(
        row.get("SEXNAME"), where("SEXNAME"), who, "SEXNAME", model.Sex, sexes
    )
    found.sex = found.sex or _SEX_CODES.get(_code(row.get("SEX")) or 2)
    found.born = values.date(row.get("DATEOFBIRTH"), where("DATEOFBIRTH"), who, "DATEOFBIRTH")
    found.born_estimated = found.born is not None and _code(row.get("ESTIMATEDDOB")) == 1
    first, second = text(row.get("BREEDNAME1")), text(row.get("BREEDNAME2"))
    found.breed = first or text(row.get("BREEDNAME")) or None
    crossbreed = _code(row.get("CROSSBREED"))
    found.mix = None if crossbreed is None else crossbreed == 1
    if found.mix and second and second != first:
        found.secondary_breed = second
    size = text(row.get("SIZENAME")).lower()
    found.size = _SIZES.get(size) or _SIZE_CODES.get(_code(row.get("SIZE")) or -1)
    colour = text(row.get("BASECOLOURNAME"))
    found.colors = [colour] if colour else []
    coat = text(row.get("COATTYPENAME"))
    found.coat = _COATS.get(coat.lower())
    if coat and found.coat is None:
        values.unread(
            where("COATTYPENAME"), who, "COATTYPENAME", coat, "a coat length storykit has"
        )
        found.unmapped.append(f"coat type: {coat}")
    for key, field in (("ISGOODWITHCHILDREN", "kids"), ("ISGOODWITHDOGS", "dogs"),
                       ("ISGOODWITHCATS", "cats")):  # fmt: skip
        setattr(found, field, _good_with(row, key, where, values, who))
    housetrained = _good_with(row, "ISHOUSETRAINED", where, values, who)
    found.housetrained = {"yes": True, "no": False}.get(housetrained)
    found.arrived = values.date(
        row.get("DATEBROUGHTIN"), where("DATEBROUGHTIN"), who, "DATEBROUGHTIN"
    )


def _good_with(row: Mapping[str, Any], key: str, where: Where, values: Values, who: str) -> str:
    """ASM3's three-way (and "selective") code as yes, no or unknown: 2 is never yes."""
    raw = row.get(key)
    code = _code(raw)
    if code in _GOOD_WITH:
        if code == 3:
            values.source.note(
                where(key), f"{who}: {key} is 'Selective': the case file says unknown",
                "say in the story which animals they get on with",
            )  # fmt: skip
        return _GOOD_WITH[code]
    if text(raw):
        return values.yes_no(raw, where(key), who, key)  # a CSV may hold the names: Yes, No
    return "unknown"


def _health_from_row(
    row: Mapping[str, Any], where: Where, values: Values, found: ImportedAnimal
) -> None:
    for key, field in (("NEUTERED", "spayed_neutered"), ("IDENTICHIPPED", "microchipped")):
        code = _code(row.get(key))
        if code in (0, 1):
            setattr(found, field, code == 1)
    declawed = _code(row.get("DECLAWED"))
    if declawed == 1 or (declawed == 0 and found.species == "cat"):
        found.declawed = declawed == 1  # asm3 says 0 for every animal: only a cat's is news
    problems = text(row.get("HEALTHPROBLEMS"))
    if _code(row.get("HASSPECIALNEEDS")) == 1:
        found.special_needs = problems or NEEDS_UNSAID
    elif problems:
        found.unmapped.append(f"health problems: {problems}")
    fee = row.get("FEE")  # in cents; 0 is no fee set (asm3's publishers send it blank)
    cents = int(fee) if isinstance(fee, float) else _code(fee)
    if cents:
        found.fee = cents / 100


def _story_from_row(
    row: Mapping[str, Any], where: Where, values: Values, found: ImportedAnimal
) -> None:
    notes = str(row.get("WEBSITEMEDIANOTES") or "") or str(row.get("ANIMALCOMMENTS") or "")
    found.description = description.markdown(notes)
    found.status = "available"
    if _code(row.get("ISHOLD")) == 1 or _code(row.get("ISNOTAVAILABLEFORADOPTION")) == 1:
        found.status = "hold"
    elif _code(row.get("HASACTIVERESERVE")) == 1:
        found.status = "pending"
    found.goes_with = [
        text(row.get(k)) for k in ("BONDEDANIMALID", "BONDEDANIMAL2ID") if _code(row.get(k))
    ]
    urls = row.get("PHOTOURLS")
    addresses = [text(u) for u in urls] if isinstance(urls, list) else _URL.findall(text(urls))
    found.photos = [SourcePhoto(where("PHOTOURLS"), url=u, suffix=".jpg") for u in addresses if u]
    media = text(row.get("WEBSITEMEDIANAME"))
    local = values.source.path.parent / media if media else None
    if not found.photos and local is not None and local.is_file():
        found.photos = [
            SourcePhoto(where("WEBSITEMEDIANAME"), local=local, suffix=suffix_of(media))
        ]
    found.url = animal_view(addresses, text(row.get("ID")))
    found.contact = text(row.get("ADOPTIONCOORDINATOREMAILADDRESS")) or None
    video = text(row.get("WEBSITEVIDEOURL"))
    if video:
        found.unmapped.append(f"video: {video}")


def animal_view(photo_urls: list[str], animal_id: str) -> str | None:
    """ASM3's own public page for the animal (its service's animal_view, what "Share > Link
    to this animal" opens), on the service and account its photo addresses name."""
    for url in photo_urls:
        m = re.match(r"^(https?://[^?#]+)\?(?:.*&)?account=([^&#]+)", url)
        if m and animal_id.isdigit():
            return f"{m.group(1)}?account={m.group(2)}&method=animal_view&animalid={animal_id}"
    return None
