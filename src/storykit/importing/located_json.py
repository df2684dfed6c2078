"""JSON read with the line and column of every value, so a note can point at the place in
the source file; and a JSON mistake said where it is, in plain words.

A small recursive-descent reader: strings are decoded by the standard library's own
scanner (json.decoder.scanstring), numbers by its pattern, so values are exactly what
json.loads gives.
"""

from __future__ import annotations

import bisect
import json.decoder
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storykit.errors import Location, Problem, StorykitError

# A place in the data: keys and list indices from the root, e.g. ("data", 0, "attributes").
JsonPath = tuple[str | int, ...]
# A JSON object from a source file, as parsed: a shelter system's export has no schema we
# can rely on, so each value is checked where it is read (importing/values.py)
JsonObject = dict[str, Any]

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SPACE = re.compile(r"[ \t\n\r]*")
_WORDS = {"true": True, "false": False, "null": None}
_MAX_DEPTH = 200
# the standard library's string scanner (its C one where there is one): exactly json.loads
_scanstring: Callable[[str, int], tuple[str, int]] = getattr(json.decoder, "scanstring")  # noqa: B009


@dataclass
class LocatedJson:
    """A JSON file's data and where each value (and each key) was written."""

    path: Path
    data: Any
    marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, where: JsonPath) -> Location:
        """Where the value at *where* is, or its nearest written parent."""
        probe = tuple(where)
        while probe and probe not in self.marks:
            probe = probe[:-1]
        line, column = self.marks.get(probe, (1, 1))
        return Location.of(self.path, line, column)


class _Mistake(Exception):
    def __init__(self, at: int, message: str, hint: str = ""):
        super().__init__(message)
        self.at, self.message, self.hint = at, message, hint


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer(r"\n", text))]
        self.marks: dict[JsonPath, tuple[int, int]] = {}

    def position(self, at: int) -> tuple[int, int]:
        """The 1-based line and column of the character at offset *at*."""
        line = bisect.bisect_right(self.starts, at) - 1
        return line + 1, at - self.starts[line] + 1

    def space(self, at: int) -> int:
        match = _SPACE.match(self.text, at)
        return match.end() if match else at

    def value(self, at: int, where: JsonPath) -> tuple[Any, int]:
        if len(where) > _MAX_DEPTH:
            raise _Mistake(at, "the data is nested too deeply to be an export of animals")
        at = self.space(at)
        self.marks[where] = self.position(at)
        char = self.text[at : at + 1]
        if char == "{":
            return self.object(at + 1, where)
        if char == "[":
            return self.array(at + 1, where)
        if char == '"':
            return self.string(at)
        for word, meant in _WORDS.items():
            if self.text.startswith(word, at):
                return meant, at + len(word)
        number = _NUMBER.match(self.text, at)
        if number:
            found = number.group()
            return (float(found) if any(c in found for c in ".eE") else int(found)), number.end()
        if not char:
            raise _Mistake(at, "the file ends where a value should be", "the file is cut short")
        raise _Mistake(at, f"{char!r} cannot start a value here")

    def string(self, at: int) -> tuple[str, int]:
        try:
            return _scanstring(self.text, at + 1)
        except json.JSONDecodeError as err:
            raise _Mistake(
                err.pos, "this text in quotes is not closed or has a bad \\ escape"
            ) from None

    def object(self, at: int, where: JsonPath) -> tuple[JsonObject, int]:
        out: JsonObject = {}
        at = self.space(at)
        if self.text.startswith("}", at):
            return out, at + 1
        while True:
            at = self.space(at)
            if not self.text.startswith('"', at):
                raise _Mistake(at, "a key in quotes should come here", 'e.g. "name": "Biscuit"')
            key, at = self.string(at)
            at = self.space(at)
            if not self.text.startswith(":", at):
                raise _Mistake(at, f"a ':' should follow the key \"{key}\"")
            out[key], at = self.value(at + 1, (*where, key))
            at = self.space(at)
            if self.text.startswith(",", at):
                at += 1
            elif self.text.startswith("}", at):
                return out, at + 1
            else:
                raise self.unexpected(at, "a ',' or a '}' should come after this value")

    def array(self, at: int, where: JsonPath) -> tuple[list[Any], int]:
        out: list[Any] = []
        at = self.space(at)
        if self.text.startswith("]", at):
            return out, at + 1
        while True:
            item, at = self.value(at, (*where, len(out)))
            out.append(item)
            at = self.space(at)
            if self.text.startswith(",", at):
                at += 1
            elif self.text.startswith("]", at):
                return out, at + 1
            else:
                raise self.unexpected(at, "a ',' or a ']' should come after this value")

    def unexpected(self, at: int, message: str) -> _Mistake:
        """What is wrong at *at*: *message*, or that the file ends there."""
        if at >= len(self.text):
            return _Mistake(at, "the file ends before the data does", "the file is cut short")
        return _Mistake(at, message)


def _what_it_is(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html", "<")):
        return "it is an HTML page (perhaps an error page saved instead of the data)"
    if head.count(",") > 2 and "\n" in head and not head.startswith(("{", "[")):
        return "it looks like a CSV file"
    return "it does not start like JSON"


def load_json(path: Path) -> LocatedJson:
    """Read *path* as JSON, keeping where every value is; a StorykitError at the place of
    the mistake otherwise."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise StorykitError.at(path, f"cannot read the file: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise StorykitError.at(
            path,
            f"the file is not UTF-8 text (byte {err.start + 1}): it is not a JSON export",
            "export it again as JSON from the system it comes from",
        ) from None
    reader = _Reader(text)
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        raise StorykitError.at(path, f"this is not JSON: {_what_it_is(text)}", _FORMAT_HINT, 1, 1)
    try:
        data, end = reader.value(0, ())
        end = reader.space(end)
        if end < len(text):
            raise _Mistake(end, "more text follows the end of the JSON data")
    except _Mistake as err:
        line, column = reader.position(err.at)
        raise StorykitError(
            Problem(
                Location.of(path, line, column),
                f"the JSON is broken here: {err.message}",
                err.hint or "the file may be cut short or edited by hand: export it again",
            )
        ) from None
    return LocatedJson(path, data, reader.marks)


_FORMAT_HINT = (
    "storykit import reads a RescueGroups.org API v5 response or ASM3's "
    "json_adoptable_animals as JSON, and ASM3's or a spreadsheet's export as CSV"
)
