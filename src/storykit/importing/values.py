"""Values as sources write them, in the case file's terms: yes/no/unknown from words, flags
and codes, dates in any common order, fees, sexes, sizes and statuses in phrases. What
cannot be read is a note at its place in the source, and stays unknown (never "yes")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from storykit.errors import Location
from storykit.importing.records import Source
from storykit.load import model
from storykit.load.normalise import understand
from storykit.text import species

YES_NO = ("yes", "no", "unknown")
_YES_WORDS = frozenset({"yes", "y", "true", "t", "1", "ok", "good", "x", "✓", "✔"})
_NO_WORDS = frozenset({"no", "n", "false", "f", "0", "none", "not good", "bad"})
_UNKNOWN_WORDS = frozenset({"", "unknown", "?", "u", "n/a", "na", "not known", "not sure", "tbd"})

_MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")], 1)
    for m in names
}  # fmt: skip
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", re.I)
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_WORDY = re.compile(r"^(?:(\d{1,2})\s+([a-z]+)|([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?),?\s+(\d{4})$")
_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?")
_FREE = re.compile(r"\b(?:free|waived|no fee|none)\b", re.I)


def text(raw: Any) -> str:
    """A source's value as one line of text ("" for null), spaces run together."""
    if raw is None or isinstance(raw, (dict, list)):
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return " ".join(str(raw).split())


def day_first(values: Iterable[str]) -> bool | None:
    """Whether a file's dates like 03/04/2025 are day first: True if one of them can only
    be (its first number is over 12), False if one can only be month first, None if none
    of them says (or they disagree)."""
    firsts, seconds = False, False
    for value in values:
        m = _NUMERIC.match(value.strip())
        if m and len(m.group(1)) <= 2:
            firsts |= int(m.group(1)) > 12
            seconds |= int(m.group(2)) > 12
    return None if firsts == seconds else firsts


class Values:
    """Reads values for one source, noting at their place what it cannot map."""

    def __init__(self, source: Source, day_first: bool | None = None):
        self.source = source
        self.day_first = day_first
        self.guessed_order = False

    def unread(
        self, where: Location, who: str, what: str, raw: Any, meaning: str, left: str = "out"
    ) -> None:
        """A value that is not what it should be: named at its place, and left out (or
        left unknown)."""
        self.source.note(where, f"{who}: {what} '{text(raw)}' is not {meaning}: left {left}")

    def yes_no(self, raw: Any, where: Location, who: str, what: str) -> str:
        """'yes', 'no' or 'unknown': a bool, a word, or a phrase that plainly says one."""
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        word = text(raw).lower()
        if word in _UNKNOWN_WORDS:
            return "unknown"
        if word in _YES_WORDS:
            return "yes"
        if word in _NO_WORDS:
            return "no"
        meant = understand(word, model.YesNo, YES_NO, phrase=True)
        if meant is not None:
            if meant[0] != "unknown":
                self.source.note(where, f"{who}: read {what} '{text(raw)}' as {meant[0]}")
            return meant[0]
        self.unread(where, who, what, raw, "yes, no or unknown", "unknown")
        return "unknown"

    def flag(self, raw: Any, where: Location, who: str, what: str) -> bool | None:
        """True, False or None (not known) from a bool, a word or a code 1/0."""
        found = self.yes_no(raw, where, who, what)
        return {"yes": True, "no": False}.get(found)

    def choice(
        self, raw: Any, where: Location, who: str, what: str, alias: Any, values: tuple[str, ...]
    ) -> str | None:
        """One of *values* as the case file's choices are read ("Male (neutered)": male)."""
        written = text(raw)
        if not written:
            return None
        meant = understand(written, alias, values, phrase=True)
        if meant is None:
            self.unread(where, who, what, raw, "one of " + ", ".join(values))
            return None
        if meant[1]:
            self.source.note(where, f"{who}: read {what} '{written}' as {meant[0]}")
        return meant[0]

    def status(self, raw: Any, where: Location, who: str) -> str | None:
        """A source's status as storykit's; one it has none for ("Deceased", "Transferred")
        is 'hold', never offered for adoption, with a warning. None if it says none."""
        if not text(raw):
            return None
        meant = understand(text(raw), model.Status, model.STATUSES, phrase=True)
        found = meant[0] if meant else None
        if meant and meant[1]:
            self.source.note(where, f"{who}: read status '{text(raw)}' as {found}")
        if found is None:
            self.source.note(
                where,
                f"{who}: the case file says status: hold, as storykit has no status '{text(raw)}'",
                "write the status that fits: available, pending, adopted, reunited or hold",
                "warning",
            )
        return found or "hold"

    def species(self, raw: Any, where: Location, who: str) -> str | None:
        """The species as the table names it, or as written (with a note) if it has none."""
        written = text(raw)
        if not written:
            return None
        kind = species.known(written)
        if kind is not None:
            return kind.name
        self.source.note(
            where,
            f"{who}: storykit has no words for the species '{written}': it is written as is",
        )
        return written.lower()

    def date(self, raw: Any, where: Location, who: str, what: str) -> dt.date | None:
        """A date written ISO-style, 03/04/2025 (in the file's order), or 4 March 2025."""
        written = text(raw)
        if not written:
            return None
        found = self._date(written.lower())
        if found is None:
            self.unread(where, who, what, raw, "a date storykit can read")
        elif self.guessed_order:
            self.guessed_order = False
            self.source.note(
                where,
                f"{who}: read {what} '{written}' as {found.isoformat()}, month first: no date "
                "in the file shows which comes first",
                "if the file writes the day first, correct the dates in the case files",
            )
        return found

    def _date(self, written: str) -> dt.date | None:
        parts: tuple[int, int, int] | None = None
        m = _ISO.match(written)
        if m:
            parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        elif m := _NUMERIC.match(written):
            a, b, c = (int(g) for g in m.groups())
            if len(m.group(1)) == 4:
                parts = (a, b, c)
            else:
                year = c + 2000 if c < 100 else c
                first = self.day_first
                if first is None:
                    first = a > 12
                    self.guessed_order = a <= 12 and b <= 12 and a != b
                parts = (year, b, a) if first else (year, a, b)
        elif m := _WORDY.match(written):
            day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            if month in _MONTHS:
                parts = (int(m.group(5)), _MONTHS[month], int(day))
        try:
            return dt.date(*parts) if parts else None
        except ValueError:
            return None

    def money(
        self, raw: Any, where: Location, who: str, what: str, cents: bool = False
    ) -> tuple[float | None, bool]:
        """(fee, waived) from 150, "$150", "$1,250.00", "Free"; *cents*: an amount in cents."""
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            amount = raw / 100 if cents else float(raw)
            return (None, False) if amount < 0 else (amount, amount == 0)
        written = text(raw)
        if not written:
            return None, False
        if _FREE.search(written):
            return 0.0, True
        m = _AMOUNT.search(written)
        if m is None:
            self.unread(where, who, what, raw, "an amount")
            return None, False
        amount = float(m.group(1).replace(",", "") + "." + (m.group(2) or "0"))
        amount = amount / 100 if cents else amount
        rest = (written[: m.start()] + written[m.end() :]).strip(" $.")
        if rest and rest.lower() not in ("usd", "us", "dollars"):
            self.source.note(where, f"{who}: read {what} '{written}' as {amount:g}")
        return amount, amount == 0
