"""Values as volunteers write them: choices read without case and by synonym, placeholders caught.

Runs on a loaded document before validation. A choice written "Dog", "F", "Yes" or
"twitter" becomes the model's own value, with a note saying what was understood; a
placeholder left from `storykit new` or `storykit init` (their starter files' text in angle
brackets, such as "<the animal's name>") is an error at its line, so it is never published.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from storykit.errors import Location, Problem
from storykit.load import model, phrases
from storykit.load.document import DataPath, Document
from storykit.load.document import path_text as _path_text
from storykit.load.validate import _unwrap
from storykit.package_data import TEMPLATES as PACKAGE_TEMPLATES
from storykit.text import species
from storykit.text.platforms import PlatformName

PLACEHOLDER = re.compile(r"<[^<>\n]+>")


@functools.cache
def starter_placeholders() -> frozenset[str]:
    """The placeholders the starter files of `storykit new` and `storykit init` hold."""
    return frozenset(
        match
        for path in sorted((PACKAGE_TEMPLATES / "starter").glob("*.yaml"))
        for match in PLACEHOLDER.findall(path.read_text(encoding="utf-8"))
    )


# Synonyms per kind of choice (the model's Literal types), in lower case. A value is first
# matched to the choices themselves without regard to case, then to these.
_SYNONYMS: dict[Any, dict[str, str]] = {
    model.Sex: {
        "f": "female",
        "girl": "female",
        "she": "female",
        "spayed female": "female",
        "fs": "female",
        "spayed": "female",
        "bitch": "female",
        "queen": "female",
        "doe": "female",
        "hen": "female",
        "mare": "female",
        "filly": "female",
        "ewe": "female",
        "sow": "female",
        "m": "male",
        "boy": "male",
        "he": "male",
        "neutered male": "male",
        "mn": "male",
        "castrated": "male",
        "tom": "male",
        "buck": "male",
        "rooster": "male",
        "cockerel": "male",
        "gelding": "male",
        "stallion": "male",
        "colt": "male",
        "ram": "male",
        "boar": "male",
        "billy": "male",
        "u": "unknown",
        "?": "unknown",
        "not sure": "unknown",
        "unsure": "unknown",
        "not known": "unknown",
        "tbd": "unknown",
        "n/a": "unknown",
        "unknown sex": "unknown",
    },
    model.Status: {
        "adoptable": "available",
        "for adoption": "available",
        "up for adoption": "available",
        "adoption pending": "pending",
        "pending adoption": "pending",
        "happy tails": "adopted",
        "happy tail": "adopted",
        "home": "adopted",
        "on hold": "hold",
        "medical hold": "hold",
        "not available": "hold",
        "not available yet": "hold",
        "coming soon": "hold",
        "reunited with family": "reunited",
        "returned to owner": "reunited",
    },
    model.YesNo: {
        "y": "yes",
        "true": "yes",
        "n": "no",
        "false": "no",
        "?": "unknown",
        "not sure": "unknown",
        "unsure": "unknown",
        "not known": "unknown",
        "maybe": "unknown",
        "untested": "unknown",
        "n/a": "unknown",
        "no idea": "unknown",
        "don't know": "unknown",
        "dont know": "unknown",
        "selective": "unknown",
        "depends": "unknown",
    },
    model.ReunitedWith: {
        "owner": "family",
        "owners": "family",
        "home": "family",
        "mother": "mother",
        "mom": "mother",
        "mum": "mother",
        "mama": "mother",
        "litter": "mother",
        "mother and litter": "mother",
    },
    model.SizeClass: {
        "s": "small",
        "m": "medium",
        "med": "medium",
        "l": "large",
        "xl": "xlarge",
        "x-large": "xlarge",
        "extra large": "xlarge",
        "extra-large": "xlarge",
    },
    PlatformName: {
        "twitter": "x",
        "ig": "instagram",
        "insta": "instagram",
        "fb": "facebook",
        "tt": "tiktok",
        "bsky": "bluesky",
    },
}
# Bools written as words: true/false/yes/no are read by the model itself; these mean "not known".
_UNKNOWN_BOOL = frozenset({"unknown", "?", "not sure", "unsure", "not known", "n/a", "tbd"})
_BOOL_WORDS = {True: "yes", False: "no"}


def _choice(tp: Any) -> tuple[Any, tuple[str, ...]] | None:
    """The Literal alias *tp* is (as _SYNONYMS keys it) and its values, if it is a choice."""
    if typing.get_origin(tp) is not typing.Literal:
        return None
    values = tuple(str(v) for v in typing.get_args(tp))
    for alias in _SYNONYMS:
        if typing.get_args(alias) == typing.get_args(tp):
            return alias, values
    return tp, values


def understand(
    raw: Any, alias: Any, values: tuple[str, ...], phrase: bool = False
) -> tuple[str, bool] | None:
    """The choice *raw* means (and whether it took a synonym, not only a change of case);
    with *phrase*, also the one choice a phrase plainly names ("Male (neutered)")."""
    if isinstance(raw, bool) and "yes" in values:
        return _BOOL_WORDS[raw], True
    if not isinstance(raw, str):
        return None
    word = " ".join(raw.strip().lower().replace("_", " ").split())
    if word in values:
        return word, False
    synonyms = _SYNONYMS.get(alias, {})
    found = synonyms.get(word)
    if found in values:
        return found, True
    found = phrases.choice_in(word, values, synonyms) if phrase else None
    return (found, True) if found is not None else None


class _Normaliser:
    """Walks a document beside its model, rewriting choices in place and noting each."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []

    def note(self, where: DataPath, what: str, raw: Any, meant: str, *, key: bool = False) -> None:
        shown = raw if isinstance(raw, str) else str(raw).lower()
        self.problems.append(
            Problem(
                self.doc.locate(where, key=key),
                f"understood {what} '{shown}' as '{meant}'",
                severity="note",
            )
        )

    def walk(self, data: Any, tp: Any, where: DataPath) -> Any:
        for option in _unwrap(tp):
            is_model = isinstance(option, type) and issubclass(option, BaseModel)
            if is_model and isinstance(data, dict):
                return self.model(data, option, where)
            origin = typing.get_origin(option)
            if origin is list and isinstance(data, list):
                (item,) = typing.get_args(option)
                return [self.walk(v, item, (*where, i)) for i, v in enumerate(data)]
            if origin is dict and isinstance(data, dict):
                return self.mapping(data, option, where)
        return self.scalar(data, tp, where)

    def model(self, data: dict[Any, Any], cls: type[BaseModel], where: DataPath) -> Any:
        if cls is model.Animal:
            self.animal(data, where)
        for key, value in list(data.items()):
            field = cls.model_fields.get(key) if isinstance(key, str) else None
            if field is not None:
                data[key] = self.walk(value, field.annotation, (*where, key))
        return data

    def animal(self, data: dict[Any, Any], where: DataPath) -> None:
        """An animal's species as the table names it (or as written, with a note), and
        "neutered" read from its sex ("Male (neutered)") into health.spayed_neutered."""
        written = data.get("species")
        if isinstance(written, str) and written.strip():
            kind = species.known(written)
            at = (*where, "species")
            if kind is None:
                self.problems.append(_unknown_species(self.doc.locate(at), written))
            else:
                if species.normal_form(written) != species.normal_form(kind.name):
                    self.note(at, "species", written, kind.name)  # not only its case
                data["species"] = kind.name
        sex = data.get("sex")
        said = phrases.altered(sex) if isinstance(sex, str) else None
        health = data.get("health")
        if said is None or not (health is None or isinstance(health, dict)):
            return
        if health is None:
            health = data["health"] = {}
        if health.get("spayed_neutered") is None:
            health["spayed_neutered"] = said
            self.problems.append(
                Problem(
                    self.doc.locate((*where, "sex")),
                    f"understood from sex '{sex}' that {data.get('name') or 'the animal'} "
                    f"is {'' if said else 'not '}spayed or neutered "
                    f"(health.spayed_neutered: {'true' if said else 'false'})",
                    severity="note",
                )
            )

    def mapping(self, data: dict[Any, Any], tp: Any, where: DataPath) -> dict[Any, Any]:
        key_type, value_type = typing.get_args(tp)
        choice = _choice(key_type)
        out: dict[Any, Any] = {}
        for key, value in data.items():
            new_key = key
            if choice is not None:
                meant = understand(key, *choice)
                if meant is not None:
                    new_key = meant[0]
                    if meant[1] and new_key not in data:
                        self.note((*where, key), f"the {where[-1]} key", key, new_key, key=True)
                if new_key in out or (new_key != key and new_key in data):
                    new_key = key  # both spellings are written: let validation say so
                else:
                    _move_marks(self.doc, (*where, key), (*where, new_key))
            out[new_key] = self.walk(value, value_type, (*where, new_key))
        return out

    def scalar(self, data: Any, tp: Any, where: DataPath) -> Any:
        options = _unwrap(tp)
        for option in options:
            choice = _choice(option)
            if choice is not None:
                meant = understand(data, *choice, phrase=True)
                if meant is None:
                    return data
                if meant[1]:
                    self.note(where, str(where[-1]).replace("_", " "), data, meant[0])
                return meant[0]
        unknown = isinstance(data, str) and " ".join(data.lower().split()) in _UNKNOWN_BOOL
        if unknown and bool in options and type(None) in options:
            self.note(where, str(where[-1]).replace("_", " "), data, "not known")
            return None
        return data


def _unknown_species(where: Location, written: str) -> Problem:
    """A species not in text/species.py's table: used as written (a note), or, written
    much like one that is, a warning asking whether that one was meant."""
    kind = species.kind_of(written)
    message = (
        f"storykit has no words for the species '{written}': captions call it "
        f"'{kind.singular}' ({kind.plural} for several), and adoption sites list it "
        "with the animals of other kinds"
    )
    close = species.closest(written)
    if close is not None:
        return Problem(where, message, f"did you mean '{close}'?", "warning")
    return Problem(
        where,
        message,
        "if it is a kind storykit knows by another name, write that: e.g. dog, cat, rabbit, "
        "guinea pig, hamster, ferret, horse, parrot, chicken, turtle, goat, pig",
        severity="note",
    )


def _move_marks(doc: Document, old: DataPath, new: DataPath) -> None:
    if old == new:
        return
    for marks in (doc.key_marks, doc.value_marks):
        for path in [p for p in marks if p[: len(old)] == old]:
            moved = (*new, *path[len(old) :])
            marks[moved] = marks.pop(path)


def normalise(doc: Document, cls: type[BaseModel]) -> list[Problem]:
    """Rewrite *doc*'s choices to *cls*'s values in place; a note for each synonym read."""
    if not isinstance(doc.data, dict):
        return []
    walker = _Normaliser(doc)
    doc.data = walker.model(doc.data, cls, ())
    return walker.problems


def placeholders(doc: Document, starter: str) -> list[Problem]:
    """Every value still written as a placeholder ("<your name>"), and where each is."""
    found: list[tuple[DataPath, str]] = []
    known = starter_placeholders()

    def visit(data: Any, where: DataPath) -> None:
        if isinstance(data, Mapping):
            for key, value in data.items():
                visit(value, (*where, key))
        elif isinstance(data, list):
            for i, value in enumerate(data):
                visit(value, (*where, i))
        elif isinstance(data, str) and data.strip() in known:
            found.append((where, data.strip()))

    visit(doc.data, ())
    return [
        Problem(
            doc.locate(where),
            f"'{_path_text(where)}' is still the placeholder {text} from {starter}",
            "write the real value in its place, or delete the line if you do not know it",
        )
        for where, text in found
    ]
