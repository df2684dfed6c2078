"""A spreadsheet's column headers in people's words ("Pet Name", "Good w/ kids", "DOB",
"Photo 2") as the case-file fields they hold."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

# field: the headers people write for it, in the normal form of header_key()
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "pet name", "animal name", "pets name", "dog name", "cat name", "called",
             "animals name"),
    "species": ("species", "type", "animal type", "pet type", "kind", "kind of animal",
                "what", "species type"),
    "sex": ("sex", "gender", "m f", "male female", "boy girl", "sex gender"),
    "age": ("age", "approx age", "approximate age", "estimated age", "age approx",
            "how old", "age group"),
    "born": ("dob", "d o b", "date of birth", "birthday", "birth date", "birthdate", "born",
             "birth"),
    "born_estimated": ("dob estimated", "estimated dob", "birthday estimated",
                       "estimated birthday", "dob is estimate", "dob approx"),
    "breed": ("breed", "breeds", "primary breed", "breed 1", "main breed", "breed mix",
              "breed or mix"),
    "secondary_breed": ("secondary breed", "breed 2", "second breed", "other breed"),
    "mix": ("mix", "mixed", "mixed breed", "is mix", "crossbreed", "cross breed"),
    "size": ("size", "adult size", "expected size", "size when grown"),
    "colors": ("color", "colour", "colors", "colours", "coat color", "coat colour",
               "color markings", "colour markings"),
    "coat": ("coat", "coat length", "hair length", "fur", "hair", "fur length"),
    "kids": ("good with kids", "good with children", "kids", "children", "ok with kids",
             "okay with kids", "kid friendly", "child friendly", "good with kid"),
    "dogs": ("good with dogs", "dogs", "ok with dogs", "okay with dogs", "dog friendly",
             "other dogs", "good with other dogs"),
    "cats": ("good with cats", "cats", "ok with cats", "okay with cats", "cat friendly",
             "other cats", "good with other cats"),
    "spayed_neutered": ("spayed neutered", "spay neuter", "spayed", "neutered", "fixed",
                        "altered", "desexed", "s n", "sn", "spayed or neutered"),
    "vaccinated": ("vaccinated", "vaccines", "vaccinations", "shots", "up to date on shots",
                   "utd", "shots current", "vaccs", "vax", "shots up to date", "vaccs utd",
                   "shots utd"),
    "microchipped": ("microchipped", "microchip", "chipped", "chip", "microchip number"),
    "housetrained": ("housetrained", "house trained", "potty trained", "litter trained",
                     "house broken", "housebroken", "litter box trained", "toilet trained"),
    "declawed": ("declawed",),
    "special_needs": ("special needs", "medical", "medical needs", "health", "health notes",
                      "medical notes", "health issues", "medical issues", "health problems"),
    "traits": ("personality", "traits", "temperament", "character", "tags", "qualities",
               "likes"),
    "arrived": ("intake", "intake date", "arrived", "date arrived", "arrival date",
                "in care since", "date in", "came in", "date of intake", "date intake"),
    "id": ("id", "animal id", "pet id", "tag", "tag number", "ref", "reference", "number",
           "shelter id", "code", "animal number", "animal code", "shelter code"),
    "fee": ("fee", "adoption fee", "price", "cost", "adoption donation", "rehoming fee",
            "donation", "adoption cost"),
    "status": ("status", "availability", "available", "adoption status", "stage", "state"),
    "description": ("description", "bio", "story", "about", "notes", "details", "write up",
                    "writeup", "profile", "comments", "blurb", "about me", "info"),
    "headline": ("headline", "tagline", "tag line", "title", "hook"),
    "photos": ("photo", "photos", "picture", "pictures", "image", "images", "photo url",
               "photo link", "photo file", "pic", "pics", "image url", "photo urls",
               "photo filename", "photo file name", "image file"),
    "url": ("link", "url", "adoption link", "adopt link", "apply link", "application link",
            "web page", "webpage", "page", "listing", "listing url", "website", "apply"),
    "contact": ("contact", "email", "e mail", "phone", "contact email", "contact info"),
    "goes_with": ("bonded with", "bonded to", "bonded", "pair with", "goes with", "adopt with",
                  "buddy", "partner", "companion", "companions", "must go with",
                  "bonded pair with", "adopted with", "siblings", "litter mates"),
    "foster": ("foster", "foster name", "fosterer", "foster parent", "foster home",
               "foster carer", "fostered by"),
    "city": ("city", "town", "location", "foster city", "where"),
}  # fmt: skip
# The fields a row may fill from several columns ("Photo 1", "Photo 2").
REPEATED = frozenset({"photos", "colors", "traits"})
# Headers that hold the name in one spreadsheet and the species in another ("Animal: Rex",
# "Animal: Dog"): told apart by what the column holds.
EITHER = frozenset({"animal", "pet"})


def header_key(header: str) -> str:
    """A header as it is looked up: lower case, 'w/' as 'with', '&' as 'and', '#' as
    'number', no punctuation or question marks ("Good w/ kids?" is "good with kids")."""
    text = header.casefold().replace("w/", "with ").replace("&", " and ")
    text = text.replace("#", " number ").replace("/", " ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " ".join(text.split())


def _field_by_spelling() -> dict[str, str]:
    return {spelled: field for field, spellings in HEADERS.items() for spelled in spellings}


@dataclass(frozen=True)
class Column:
    """What one column holds: its field (None: no place in a case file), and whether its
    header was read as a near spelling (e.g. "Breeed" as breed)."""

    index: int
    header: str
    field: str | None
    guessed: bool = False


def read_header(
    header: tuple[str, ...], species_column: Callable[[int], bool] = lambda i: False
) -> list[Column]:
    """Each column's field, in order; a field claimed twice keeps its first column (except
    the fields a row fills from several: photos, colours, traits). An "Animal" or "Pet"
    column is the species where *species_column* says it holds species, else the name."""
    known = _field_by_spelling()
    taken: set[str] = set()
    columns = []
    for i, written in enumerate(header):
        key = header_key(written)
        bare = header_key(re.sub(r"\(.*?\)|\[.*?\]", " ", written))  # "Sex (M/F)": sex
        field = next(
            (known[k] for k in (key, re.sub(r"\s*\d+$", "", key), bare) if k in known), None
        )
        if key in EITHER:
            field = "species" if species_column(i) else "name"
        guessed = False
        if field is None and key:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.85)
            field, guessed = (known[close[0]], True) if close else (None, False)
        if field in taken and field not in REPEATED:
            field, guessed = None, False
        if field is not None:
            taken.add(field)
        columns.append(Column(i, written, field, guessed))
    return columns
