"""Which kind of file an import was given (RescueGroups.org JSON, ASM3 JSON or CSV, or a
spreadsheet's CSV), by its content, and reading it as that kind."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from storykit.errors import StorykitError
from storykit.importing import asm3, asm3_export, rescuegroups, spreadsheet
from storykit.importing.csvfile import read_table
from storykit.importing.located_json import load_json
from storykit.importing.records import Source

Format = Literal["rescuegroups", "asm3", "csv"]
FORMATS: tuple[Format, ...] = ("rescuegroups", "asm3", "csv")
_JSON_HINT = (
    "storykit import reads RescueGroups.org's API v5 response (data[] animals with their "
    "attributes) and ASM3's json_adoptable_animals (a list of animals with ANIMALNAME)"
)


def _is_json(path: Path) -> bool:
    """Whether to read *path* as JSON: it starts like JSON, or it is called .json or starts
    like an HTML page (so that what it really is can be said)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as err:
        raise StorykitError.at(path, f"cannot read the file: {err.strerror or err}") from None
    return head[:1] in (b"{", b"[", b"<") or path.suffix.lower() == ".json"


def read_source(path: Path, fmt: Format | None = None) -> Source:
    """Read *path* as *fmt*, or as what its content shows it to be."""
    if not path.is_file():
        raise StorykitError.at(path, "there is no such file", "check the name and the folder")
    is_json = _is_json(path)
    if is_json and fmt != "csv":
        return _read_json(path, fmt)
    if is_json:
        raise StorykitError.at(path, "this is JSON, not CSV", "leave --format out", 1, 1)
    if fmt == "rescuegroups":
        raise StorykitError.at(path, "a RescueGroups.org response is JSON; this is not", _JSON_HINT)
    table = read_table(path)
    names = {h.upper() for h in table.header}
    if fmt != "csv" and "ANIMALNAME" in names and "SPECIESNAME" in names:
        return asm3.read_csv(table)
    if fmt != "csv" and "ANIMALNAME" in names and names & {"ANIMALCODE", "ANIMALSPECIES"}:
        return asm3_export.read_export(table)
    if fmt == "asm3":
        raise StorykitError.at(
            path,
            "this CSV has none of ASM3's columns (ANIMALNAME with SPECIESNAME or ANIMALCODE)",
            "for a spreadsheet of your own, use --format csv (or leave --format out)",
            table.header_line,
        )
    return spreadsheet.read_spreadsheet(table)


def _read_json(path: Path, fmt: Format | None) -> Source:
    doc = load_json(path)
    if fmt in (None, "rescuegroups") and rescuegroups.is_response(doc.data):
        return rescuegroups.read_response(doc)
    if fmt in (None, "asm3") and asm3.is_dataset(doc.data):
        return asm3.read_json(doc)
    what = {"rescuegroups": "a RescueGroups.org API v5 response", "asm3": "ASM3's dataset"}
    expected = what.get(fmt or "", "an export storykit reads")
    raise StorykitError.at(path, f"this JSON is not {expected}", _JSON_HINT, 1, 1)
