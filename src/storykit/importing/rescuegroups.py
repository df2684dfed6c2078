"""RescueGroups.org API v5: a saved search response (`data[]` animals, `included[]` the
pictures, species, statuses, colours and organisations they name) as imported animals.

The field names are the API's own (api.rescuegroups.org/v5/public/docs, the `animals`
object): name, sex, birthDate, isBirthDateExact, ageGroup, ageString, breedPrimary,
breedSecondary, isBreedMixed, breedString, sizeGroup, coatLength, colorDetails, isKidsOk,
isDogsOk, isCatsOk, isHousetrained, isDeclawed, isAltered, isCurrentVaccinations,
isMicrochipped, isSpecialNeeds, specialNeedsDetails, descriptionHtml, descriptionText,
adoptionFeeString, isAdoptionPending, url, rescueId, qualities; `relationships` species,
pictures, statuses, colors; pictures' `original`/`large` `url` and `order`; species'
`singular`. A true/false is yes/no; a missing or null value stays unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storykit.errors import Location
from storykit.importing import description
from storykit.importing.located_json import JsonObject, JsonPath, LocatedJson
from storykit.importing.records import NEEDS_UNSAID, ImportedAnimal, Source, SourcePhoto, suffix_of
from storykit.importing.values import Values, text
from storykit.load import model

LABEL = "RescueGroups.org API v5"
_SIZES = {"small": "small", "medium": "medium", "large": "large", "x-large": "xlarge"}
_COATS = {"short": "short", "medium": "medium", "long": "long", "hairless": "hairless",
          "wire": "wire", "wirehaired": "wire", "curly": "curly"}  # fmt: skip
_AGE_GROUPS = {"baby": "baby", "young": "young", "adult": "adult", "senior": "senior"}


def is_response(data: Any) -> bool:
    """Whether *data* looks like a RescueGroups.org v5 response: data[] of animals."""
    if not isinstance(data, dict):
        return False
    items = data.get("data")
    items = [items] if isinstance(items, dict) else items
    if items == [] and isinstance(data.get("meta"), dict):
        return True  # a search that found no animal
    return isinstance(items, list) and any(
        isinstance(i, dict) and (i.get("type") == "animals" or "attributes" in i) for i in items
    )


class _Included:
    """The response's included[] objects, by type and id."""

    def __init__(self, data: JsonObject):
        self.found: dict[tuple[str, str], tuple[int, JsonObject]] = {}
        for i, item in enumerate(data.get("included") or []):
            if isinstance(item, dict):
                self.found[(str(item.get("type")), str(item.get("id")))] = (i, item)

    def related(self, animal: JsonObject, name: str) -> list[tuple[int, JsonObject]]:
        """The included objects *animal*'s relationship *name* points at, in its order."""
        rel = (animal.get("relationships") or {}).get(name) or {}
        refs = rel.get("data") or []
        refs = [refs] if isinstance(refs, dict) else refs
        out = []
        for ref in refs:
            if isinstance(ref, dict):
                hit = self.found.get((str(ref.get("type")), str(ref.get("id"))))
                if hit is not None:
                    out.append(hit)
        return out


def read_response(doc: LocatedJson) -> Source:
    """Every animal of a RescueGroups.org v5 response."""
    source = Source(doc.path, LABEL)
    data = doc.data if isinstance(doc.data, dict) else {}
    items = data.get("data")
    items = [items] if isinstance(items, dict) else items or []
    included = _Included(data)
    values = Values(source)
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("attributes"), dict):
            continue
        animal = _animal_from_object(doc, source, values, included, ("data", i), item)
        if animal is not None:
            source.animals.append(animal)
    return source


def _animal_from_object(
    doc: LocatedJson,
    source: Source,
    values: Values,
    included: _Included,
    at: JsonPath,
    item: JsonObject,
) -> ImportedAnimal | None:
    attrs: JsonObject = item["attributes"]

    def where(key: str) -> Location:
        return doc.locate((*at, "attributes", key))

    name = text(attrs.get("name"))
    if not name:
        source.note(doc.locate(at), "an animal with no name is left out", "", "warning")
        return None
    animal = ImportedAnimal(doc.locate(at), name, text(item.get("id")) or name)
    animal.id = text(attrs.get("rescueId")) or text(item.get("id")) or None
    _species_and_colours(doc, values, included, at, item, animal)
    _facts_from_attributes(attrs, where, values, animal)
    _story_from_attributes(doc, attrs, values, included, item, animal)
    animal.photos = _pictures(doc, included, item)
    return animal


def _species_and_colours(
    doc: LocatedJson,
    values: Values,
    included: _Included,
    at: JsonPath,
    item: JsonObject,
    animal: ImportedAnimal,
) -> None:
    for i, found in included.related(item, "species")[:1]:
        singular = (found.get("attributes") or {}).get("singular")
        where = doc.locate(("included", i, "attributes", "singular"))
        animal.species = values.species(singular, where, animal.name)
    if animal.species is None:
        doc_where = doc.locate((*at, "relationships"))
        values.source.note(
            doc_where,
            f"{animal.name}: the response names no species (include=species in the search)",
            "the case file says 'other': write the species there",
            "warning",
        )
        animal.species = "other"
    colors = [
        text((c.get("attributes") or {}).get("name")) for _, c in included.related(item, "colors")
    ]
    animal.colors = [c for c in colors if c]


def _facts_from_attributes(
    attrs: JsonObject,
    where: Callable[[str], Location],
    values: Values,
    animal: ImportedAnimal,
) -> None:
    who = animal.name
    sexes = ("female", "male", "unknown")
    animal.sex = values.choice(attrs.get("sex"), where("sex"), who, "sex", model.Sex, sexes)
    animal.born = values.date(attrs.get("birthDate"), where("birthDate"), who, "birthDate")
    if animal.born is not None:
        animal.born_estimated = attrs.get("isBirthDateExact") is not True
    else:
        written = text(attrs.get("ageString")) or text(attrs.get("ageGroup"))
        animal.age = _AGE_GROUPS.get(written.lower(), written) or None
    animal.breed = text(attrs.get("breedPrimary")) or text(attrs.get("breedString")) or None
    secondary = text(attrs.get("breedSecondary"))
    animal.secondary_breed = secondary if secondary and secondary != animal.breed else None
    mixed = attrs.get("isBreedMixed")
    animal.mix = mixed if isinstance(mixed, bool) else None
    size = text(attrs.get("sizeGroup")).lower()
    animal.size = _SIZES.get(size)
    coat = text(attrs.get("coatLength")).lower()
    animal.coat = _COATS.get(coat)
    if coat and animal.coat is None:
        values.unread(where("coatLength"), who, "coatLength", coat, "a coat length storykit has")
    details = text(attrs.get("colorDetails"))
    if details and not animal.colors and len(details.split()) <= 3:
        animal.colors = [details]  # "Black and white"; a longer one describes, not names
    elif details:
        animal.unmapped.append(f"colour: {details}")
    for key, field in (("isKidsOk", "kids"), ("isDogsOk", "dogs"), ("isCatsOk", "cats")):
        # true: yes, false: no, null or absent: unknown (never yes)
        setattr(animal, field, values.yes_no(attrs.get(key), where(key), who, key))
    flags = {
        "isHousetrained": "housetrained",
        "isAltered": "spayed_neutered",
        "isCurrentVaccinations": "vaccinated",
        "isMicrochipped": "microchipped",
        "isDeclawed": "declawed",
    }
    for key, field in flags.items():
        if attrs.get(key) is not None:
            setattr(animal, field, values.flag(attrs.get(key), where(key), who, key))
    if attrs.get("isSpecialNeeds") is True:
        animal.special_needs = text(attrs.get("specialNeedsDetails")) or NEEDS_UNSAID
    animal.fee, animal.fee_waived = values.money(
        attrs.get("adoptionFeeString"), where("adoptionFeeString"), who, "adoptionFeeString"
    )
    qualities = attrs.get("qualities")
    if isinstance(qualities, list):
        animal.traits = [text(q) for q in qualities if text(q)]


def _story_from_attributes(
    doc: LocatedJson,
    attrs: JsonObject,
    values: Values,
    included: _Included,
    item: JsonObject,
    animal: ImportedAnimal,
) -> None:
    html = text(attrs.get("descriptionHtml")) and str(attrs.get("descriptionHtml"))
    plain = str(attrs.get("descriptionText") or "")
    animal.description = description.markdown(html or plain)
    animal.url = text(attrs.get("url")) or None
    animal.status = "available"
    for i, found in included.related(item, "statuses")[:1]:
        name = (found.get("attributes") or {}).get("name")
        where = doc.locate(("included", i, "attributes", "name"))
        animal.status = values.status(name, where, animal.name) or animal.status
    if attrs.get("isAdoptionPending") is True and animal.status == "available":
        animal.status = "pending"


def _pictures(doc: LocatedJson, included: _Included, item: JsonObject) -> list[SourcePhoto]:
    pictures = []
    for i, found in included.related(item, "pictures"):
        attrs = found.get("attributes") or {}
        order: int = attrs["order"] if isinstance(attrs.get("order"), int) else 0
        for size in ("original", "large", "small"):
            url = text((attrs.get(size) or {}).get("url"))
            if url:
                where = doc.locate(("included", i, "attributes", size, "url"))
                pictures.append((order, SourcePhoto(where, url=url, suffix=suffix_of(url))))
                break
    return [p for _, p in sorted(pictures, key=lambda pair: pair[0])]
