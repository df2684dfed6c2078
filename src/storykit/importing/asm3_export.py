"""ASM3's "Export animals as CSV" file (the columns its CSV import reads back) as imported
animals; the rows after an animal that repeat its code add its other photos.

The columns are ASM3's (sheltermanager/asm3: src/asm3/csvimport.py, csvexport_animals;
doc/manual/csvimportfields.rst): ANIMALCODE, ANIMALNAME, ANIMALSEX, ANIMALSPECIES,
ANIMALBREED1, ANIMALBREED2, ANIMALDOB and ANIMALENTRYDATE (dates as the database's locale
writes them), ANIMALCOLOR, ANIMALSIZE, ANIMALDESCRIPTION, ANIMALHEALTHPROBLEMS,
ANIMALNEUTERED (1/0), ANIMALMICROCHIP (the number), ANIMALGOODWITHCATS, ANIMALGOODWITHDOGS,
ANIMALGOODWITHKIDS and ANIMALHOUSETRAINED (Yes, No, Unknown, Selective), ANIMALIMAGE (an
address or a data: URI), ANIMALNOTFORADOPTION.
"""

from __future__ import annotations

import base64
import binascii
import re

from storykit.errors import Location
from storykit.importing import description
from storykit.importing.asm3 import animal_view
from storykit.importing.csvfile import Row, Table
from storykit.importing.records import ImportedAnimal, Source, SourcePhoto, suffix_of
from storykit.importing.values import Values, day_first
from storykit.load import model

LABEL = "ASM3 animal export (CSV)"
COLUMNS = frozenset({"ANIMALNAME", "ANIMALCODE", "ANIMALSPECIES", "ANIMALSEX"})
_SIZES = {"very large": "xlarge", "large": "large", "medium": "medium", "small": "small"}
_DATA_URI = re.compile(r"^data:image/(jpeg|jpg|png|webp);base64,(.+)$", re.I | re.S)


class _ExportCells:
    """One row's cells by ASM3's column names."""

    def __init__(self, table: Table, row: Row):
        self.row = row
        self.index = {name.upper(): i for i, name in enumerate(table.header)}

    def __getitem__(self, column: str) -> str:
        i = self.index.get(column)
        return "" if i is None else self.row.get(i)


def read_export(table: Table) -> Source:
    """Every animal of an ASM3 animal export."""
    source = Source(table.path, LABEL, problems=list(table.problems))
    columns = {name.upper(): i for i, name in enumerate(table.header)}
    dates = [r.get(columns[c]) for r in table.rows for c in ("ANIMALDOB", "ANIMALENTRYDATE")
             if c in columns]  # fmt: skip
    values = Values(source, day_first(dates))
    by_code: dict[str, ImportedAnimal] = {}
    for row in table.rows:
        cells = _ExportCells(table, row)
        at = table.at(row.line)
        code, name = cells["ANIMALCODE"], cells["ANIMALNAME"]
        if code and code in by_code:  # a row of one more photo of an animal already read
            by_code[code].photos.extend(_photos_from_image(cells["ANIMALIMAGE"], at, source))
        elif name:
            found = _animal_from_cells(cells, at, values)
            by_code[code or name] = found
            source.animals.append(found)
    return source


def _animal_from_cells(cells: _ExportCells, at: Location, values: Values) -> ImportedAnimal:
    name = cells["ANIMALNAME"]
    found = ImportedAnimal(at, name, cells["ANIMALID"] or cells["ANIMALCODE"] or name)
    found.id = cells["ANIMALCODE"] or None
    found.species = values.species(cells["ANIMALSPECIES"], at, name) or "other"
    sexes = ("female", "male", "unknown")
    found.sex = values.choice(cells["ANIMALSEX"], at, name, "ANIMALSEX", model.Sex, sexes)
    found.born = values.date(cells["ANIMALDOB"], at, name, "ANIMALDOB")
    found.arrived = values.date(cells["ANIMALENTRYDATE"], at, name, "ANIMALENTRYDATE")
    first, second = cells["ANIMALBREED1"], cells["ANIMALBREED2"]
    found.breed = first or None
    if second and second != first:
        found.secondary_breed, found.mix = second, True
    found.size = _SIZES.get(cells["ANIMALSIZE"].lower())
    found.colors = [cells["ANIMALCOLOR"]] if cells["ANIMALCOLOR"] else []
    for column, field in (("ANIMALGOODWITHKIDS", "kids"), ("ANIMALGOODWITHDOGS", "dogs"),
                          ("ANIMALGOODWITHCATS", "cats")):  # fmt: skip
        setattr(found, field, _yes_no_or_selective(cells[column], at, values, name, column))
    housetrained = _yes_no_or_selective(
        cells["ANIMALHOUSETRAINED"], at, values, name, "ANIMALHOUSETRAINED"
    )
    found.housetrained = {"yes": True, "no": False}.get(housetrained)
    neutered = cells["ANIMALNEUTERED"]
    found.spayed_neutered = {"1": True, "0": False}.get(neutered) if neutered else None
    found.microchipped = True if cells["ANIMALMICROCHIP"] else None
    found.special_needs = cells["ANIMALHEALTHPROBLEMS"] or None
    found.description = description.markdown(cells["ANIMALDESCRIPTION"])
    found.status = "hold" if cells["ANIMALNOTFORADOPTION"] == "1" else "available"
    found.photos = _photos_from_image(cells["ANIMALIMAGE"], at, values.source)
    found.url = animal_view([cells["ANIMALIMAGE"]], cells["ANIMALID"])
    return found


def _yes_no_or_selective(written: str, at: Location, values: Values, who: str, column: str) -> str:
    if written.lower() == "selective":
        values.source.note(at, f"{who}: {column} is 'Selective': the case file says unknown")
        return "unknown"
    return values.yes_no(written, at, who, column)


def _photos_from_image(written: str, at: Location, source: Source) -> list[SourcePhoto]:
    """ANIMALIMAGE: an address, or the photo itself as a data: URI."""
    if not written:
        return []
    m = _DATA_URI.match(written)
    if m:
        try:
            data = base64.b64decode(m.group(2), validate=False)
        except (binascii.Error, ValueError):
            source.note(at, "ANIMALIMAGE holds a photo that cannot be decoded: left out")
            return []
        suffix = ".jpg" if m.group(1).lower() in ("jpeg", "jpg") else f".{m.group(1).lower()}"
        return [SourcePhoto(at, data=data, suffix=suffix)]
    if written.lower().startswith(("http://", "https://")):
        return [SourcePhoto(at, url=written, suffix=suffix_of(written))]
    local = source.path.parent / written
    return [SourcePhoto(at, local=local, suffix=suffix_of(written))]
