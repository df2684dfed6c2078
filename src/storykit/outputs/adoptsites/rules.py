"""Each adoption site's names and CSV column rules, read from the data shipped with storykit."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from storykit.package_data import DATA as PACKAGE_DATA

# a site's data file as parsed: the sites' own names (types, breeds, colours, coats) and
# their CSV's column rules, shipped with storykit and checked by tests/test_petfinder.py
SiteData = dict[str, Any]


@functools.cache
def site_data(site: str) -> SiteData:
    """storykit/data/adoptsites/<site>.json: the site's names and its CSV's column rules."""
    data: SiteData = json.loads((PACKAGE_DATA / "adoptsites" / f"{site}.json").read_text("utf-8"))
    return data


@dataclass(frozen=True)
class ColumnRule:
    """One column of a site's import CSV and what its values may be."""

    name: str
    required: bool = False
    values: tuple[str, ...] | None = None  # the only values allowed
    values_from: str | None = None  # or: a list that depends on the animal's type
    pattern: str | None = None
    max_length: int | None = None
    required_for: tuple[str, ...] = ()  # required for these types only
    blank_for_others: bool = False  # and blank for every other type

    def problems(self, value: str, kind: str, allowed: Callable[[str], Any]) -> list[str]:
        """What is wrong with *value* in this column for an animal of type *kind*."""
        if not value:
            needed = self.required or kind in self.required_for
            return [f"{self.name} is required"] if needed else []
        found = []
        if self.blank_for_others and self.required_for and kind not in self.required_for:
            found.append(f"{self.name} must be blank for {kind}")
        if self.values is not None and value not in self.values:
            found.append(f"{self.name} {value!r} is not one of {list(self.values)}")
        if self.values_from is not None:
            names = allowed(self.values_from)
            if names is not None and value not in names:
                found.append(f"{self.name} {value!r} is not one of the site's {self.values_from}")
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            found.append(f"{self.name} {value!r} does not match {self.pattern}")
        if self.max_length is not None and len(value) > self.max_length:
            found.append(f"{self.name} is longer than {self.max_length} characters")
        return found


@dataclass(frozen=True)
class CsvRules:
    """A site's import CSV: its columns in order, whether it has a header, photo names."""

    site: str
    columns: tuple[ColumnRule, ...]
    header: bool
    photos: int | None  # how many photo columns (photo1...), if the CSV names photos
    photo_name: str  # e.g. "{id}-{n}.jpg"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def check(self, row: Mapping[str, str], kind: str, allowed: Callable[[str], Any]) -> list[str]:
        """Every rule *row* breaks (empty when the site takes it as it is)."""
        found = [f"unknown column {k}" for k in row if k not in self.names]
        for column in self.columns:
            found.extend(column.problems(row.get(column.name, ""), kind, allowed))
        return found


@functools.cache
def csv_rules(site: str) -> CsvRules:
    """The column rules of *site*'s import CSV ('petfinder' or 'adoptapet')."""
    spec = site_data(site)["csv"]
    columns = tuple(
        ColumnRule(
            name=c["name"],
            required=c.get("required", False),
            values=tuple(c["values"]) if "values" in c else None,
            values_from=c.get("values_from"),
            pattern=c.get("pattern"),
            max_length=c.get("max_length"),
            required_for=tuple(c.get("required_for", ())),
            blank_for_others=c.get("blank_for_others", False),
        )
        for c in spec["columns"]
    )
    return CsvRules(site, columns, spec["header"], spec.get("photos"), spec["photo_name"])
