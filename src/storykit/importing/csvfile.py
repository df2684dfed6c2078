"""A CSV file as spreadsheets save it: any of UTF-8 (with or without a BOM) or Windows-1252,
commas, semicolons or tabs, quoted cells with commas and line breaks in them, blank rows;
each row with the line it starts on, for notes at their place."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from storykit.errors import Location, Problem, StorykitError

_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Row:
    """One row below the header: its cells by column, and the line it starts on."""

    line: int
    cells: tuple[str, ...]

    def get(self, column: int) -> str:
        return self.cells[column].strip() if column < len(self.cells) else ""


@dataclass(frozen=True)
class Table:
    """A CSV file read: its header (and the line it is on), rows, and what reading noted."""

    path: Path
    header: tuple[str, ...]
    header_line: int
    rows: tuple[Row, ...]
    problems: tuple[Problem, ...] = ()

    def at(self, line: int) -> Location:
        return Location.of(self.path, line)


def _csv_text(path: Path, raw: bytes) -> tuple[str, list[Problem]]:
    if raw.startswith(b"PK\x03\x04"):
        raise StorykitError.at(
            path,
            "this is a spreadsheet file (.xlsx or .ods), not CSV",
            "save it as CSV: in Excel 'Save As' > 'CSV UTF-8', in Google Sheets 'File' > "
            "'Download' > 'Comma-separated values', in LibreOffice 'Save As' > 'Text CSV'",
        )
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        note = Problem(
            Location.of(path),
            "the file is not UTF-8: it was read as Windows-1252 (Excel's older CSV)",
            "check names with accents in the case files; save as 'CSV UTF-8' next time",
            "note",
        )
        return raw.decode("cp1252", errors="replace"), [note]


class _Semicolons(csv.excel):
    delimiter = ";"


class _Tabs(csv.excel):
    delimiter = "\t"


def _dialect(text: str) -> type[csv.Dialect]:
    """Excel's CSV with the delimiter the header uses most: a comma, or the semicolon of
    spreadsheets set to a language that writes decimals with commas, or a tab."""
    header = next((line for line in text[:_SNIFF_BYTES].splitlines() if line.strip()), "")
    counts = {",": header.count(","), ";": header.count(";"), "\t": header.count("\t")}
    best = max(counts, key=lambda d: counts[d])
    return {";": _Semicolons, "\t": _Tabs}.get(best, csv.excel) if counts[best] else csv.excel


def read_table(path: Path) -> Table:
    """Read *path* as a CSV table: the first non-blank row is the header."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise StorykitError.at(path, f"cannot read the file: {err.strerror or err}") from None
    text, problems = _csv_text(path, raw)
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    rows: list[Row] = []
    before = 0
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append(Row(before + 1, tuple(cells)))
            before = reader.line_num
    except csv.Error as err:
        raise StorykitError.at(
            path,
            f"the CSV is broken here: {err}",
            "a quote opened in a cell is never closed: check the cell, or export again",
            reader.line_num,
        ) from None
    if not rows:
        raise StorykitError.at(path, "the file holds no rows", "export the animals again")
    header, *body = rows
    names = tuple(" ".join(c.split()) for c in header.cells)
    for row in body:
        if len(row.cells) > len(names) and any(c.strip() for c in row.cells[len(names) :]):
            problems.append(
                Problem(
                    Location.of(path, row.line),
                    f"this row has {len(row.cells)} cells but the header names "
                    f"{len(names)} columns: the cells past the last column are left out",
                    "check for a comma inside a cell that is not in quotes",
                    "warning",
                )
            )
    return Table(path, names, header.line, tuple(body), tuple(problems))
