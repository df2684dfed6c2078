"""A spreadsheet a rescue keeps, saved as CSV: one animal a row, headers in people's words
in any order and case (importing/columns.py), values as people write them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storykit.errors import Location
from storykit.importing import description
from storykit.importing.columns import Column, read_header
from storykit.importing.csvfile import Row, Table
from storykit.importing.records import ImportedAnimal, Source, SourcePhoto, suffix_of
from storykit.importing.values import Values, day_first
from storykit.load import model, phrases
from storykit.text import language, species

LABEL = "spreadsheet (CSV)"
_ITEMS = re.compile(r"\s*(?:[;|\n]|,(?!\d{3}))\s*")  # "a, b; c": the comma of 1,250 is not one
_NAMES = re.compile(r"\s*(?:,|;|/|&|\+|\band\b)\s*", re.I)
_SEXES = ("female", "male", "unknown")
_SIZES = ("small", "medium", "large", "xlarge")
_COATS = ("hairless", "short", "medium", "long", "wire", "curly")
_FLAGS = ("spayed_neutered", "vaccinated", "microchipped", "housetrained", "declawed", "mix")


@dataclass(frozen=True)
class _FieldCells:
    """One row's non-empty cells by the field their column holds, and where the row is."""

    by_field: dict[str, list[str]]
    at: Location

    def one(self, field: str) -> str:
        """The first cell for *field* ("" if the row has none)."""
        return self.by_field.get(field, [""])[0]

    def items(self, field: str) -> list[str]:
        """Every item of every cell for *field*: "naps; belly rubs" is two."""
        return [i for cell in self.by_field.get(field, []) for i in _ITEMS.split(cell) if i]


def read_spreadsheet(table: Table) -> Source:
    """Every animal of a spreadsheet (a row without a name is left out, with a warning)."""
    source = Source(table.path, LABEL, problems=list(table.problems))
    columns = read_header(table.header, lambda i: _holds_species(table, i))
    _say_header(table, columns, source)
    if not any(c.field == "name" for c in columns):
        source.note(
            table.at(table.header_line),
            "no column holds the animals' names, so no animal can be read",
            "name the column 'Name' (or 'Pet Name'); the header is the first row",
            "error",
        )
        return source
    dates = [r.get(c.index) for r in table.rows for c in columns if c.field in ("born", "arrived")]
    values = Values(source, day_first(dates))
    for row in table.rows:
        found = _animal_from_row(table, columns, row, values)
        if found is not None:
            source.animals.append(found)
    return source


def _holds_species(table: Table, column: int) -> bool:
    """Whether most of a column's values name species ("Dog", "guinea pig")."""
    written = [r.get(column) for r in table.rows if r.get(column)]
    return bool(written) and sum(species.known(w) is not None for w in written) * 2 > len(written)


def _say_header(table: Table, columns: list[Column], source: Source) -> None:
    at = table.at(table.header_line)
    for c in columns:
        if c.guessed and c.field is not None:
            source.note(at, f"read the column '{c.header}' as {c.field.replace('_', ' ')}")
        elif c.field is None and c.header:
            source.note(
                at,
                f"the column '{c.header}' has no place in a case file: its values are kept "
                "as comments in the case files",
            )


def _animal_from_row(
    table: Table, columns: list[Column], row: Row, values: Values
) -> ImportedAnimal | None:
    by_field: dict[str, list[str]] = {}
    for c in columns:
        if c.field is not None and row.get(c.index):
            by_field.setdefault(c.field, []).append(row.get(c.index))
    cells = _FieldCells(by_field, table.at(row.line))
    name = cells.one("name")
    if not name:
        values.source.note(cells.at, "a row with no name is left out", "", "warning")
        return None
    found = ImportedAnimal(cells.at, name, cells.one("id") or name)
    found.unmapped = [
        f"{c.header}: {row.get(c.index)}" for c in columns if c.field is None and row.get(c.index)
    ]
    _facts_from_cells(found, cells, values)
    _health_from_cells(found, cells, values)
    _story_from_cells(found, cells, values)
    return found


def _facts_from_cells(found: ImportedAnimal, cells: _FieldCells, values: Values) -> None:
    who, at = found.name, cells.at
    found.id = cells.one("id") or None
    found.species = values.species(cells.one("species"), at, who)
    if found.species is None:
        values.source.note(at, f"{who}: no species is given: the case file says 'other'", "",
                           "warning")  # fmt: skip
        found.species = "other"
    found.sex = values.choice(cells.one("sex"), at, who, "sex", model.Sex, _SEXES)
    found.born = values.date(cells.one("born"), at, who, "the birth date")
    estimated = values.flag(cells.one("born_estimated"), at, who, "the birth date estimated")
    found.born_estimated = found.born is not None and estimated is True
    age = cells.one("age")
    if age and found.born is None:
        if language.age_text(age) or language.is_age_group(age):
            found.age = age
        else:
            values.unread(at, who, "age", age, 'an age storykit can read (e.g. "2 years")')
    found.breed = cells.one("breed") or None
    found.secondary_breed = cells.one("secondary_breed") or None
    found.size = values.choice(cells.one("size"), at, who, "size", model.SizeClass, _SIZES)
    found.coat = values.choice(cells.one("coat"), at, who, "coat", _COATS, _COATS)
    found.colors = cells.items("colors")
    found.traits = cells.items("traits")
    for field in ("kids", "dogs", "cats"):
        setattr(found, field, values.yes_no(cells.one(field), at, who, f"good with {field}"))
    found.arrived = values.date(cells.one("arrived"), at, who, "the date it arrived")


def _health_from_cells(found: ImportedAnimal, cells: _FieldCells, values: Values) -> None:
    who, at = found.name, cells.at
    for field in _FLAGS:
        written = cells.one(field)
        if field == "microchipped" and re.fullmatch(r"[\dA-Za-z]{9,15}", written):
            found.microchipped = True  # the chip's number
        elif written:
            setattr(found, field, values.flag(written, at, who, field.replace("_", "/")))
    if found.spayed_neutered is None:
        found.spayed_neutered = phrases.altered(cells.one("sex"))  # "spayed female"
    needs = cells.one("special_needs")
    if needs and values.yes_no(needs, at, who, "special needs") != "no":
        found.special_needs = needs


def _story_from_cells(found: ImportedAnimal, cells: _FieldCells, values: Values) -> None:
    who, at = found.name, cells.at
    found.description = description.markdown(cells.one("description"))
    found.headline = cells.one("headline") or None
    found.fee, found.fee_waived = values.money(cells.one("fee"), at, who, "fee")
    found.status = values.status(cells.one("status"), at, who)
    link = cells.one("url")
    found.url = link if re.match(r"^https?://", link, re.I) else None
    found.contact = cells.one("contact") or None
    found.foster, found.city = cells.one("foster") or None, cells.one("city") or None
    found.goes_with = [n for n in _NAMES.split(cells.one("goes_with")) if n]
    found.photos = [
        _photo_from_cell(written, at, values.source) for written in cells.items("photos")
    ]


def _photo_from_cell(written: str, at: Location, source: Source) -> SourcePhoto:
    """A photo cell: a web address, or a file named relative to the spreadsheet."""
    if re.match(r"^https?://", written, re.I):
        return SourcePhoto(at, url=written, suffix=suffix_of(written))
    return SourcePhoto(at, local=source.path.parent / written, suffix=suffix_of(written))
