"""User-facing problems: one root error type, each problem carrying where it is and what to do."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "note"]  # a note: what storykit understood

HINT_MARK = "\n    hint: "  # what comes before a problem's hint, when it is shown


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a file, and (1-based) line and column when known.

    The path is kept raw (Location.of makes it absolute), whatever the working directory:
    it is made relative to the working directory only when the location is shown.
    """

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.shown_path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    @property
    def shown_path(self) -> str:
        """The file as a user should read it now: relative to the working directory."""
        return display_path(self.path)

    @classmethod
    def of(cls, path: str | Path, line: int | None = None, column: int | None = None) -> Location:
        return cls(os.path.abspath(path), line, column)


def display_path(path: str | Path) -> str:
    """A path as a user should read it: relative to the working directory when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in the user's files."""

    location: Location
    message: str
    hint: str = ""
    severity: Severity = "error"
    cards: tuple[str, ...] = ()  # the outputs it was found on (cards, or captions' platforms)
    found_on: str = "card"  # what those are, named in the message: "card", "platform"

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        if self.cards:
            n = len(self.cards)
            text += f" on {n} {self.found_on}{'s' if n > 1 else ''} ({', '.join(self.cards)})"
        if self.hint:
            text += HINT_MARK + self.hint
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class StorykitError(Exception):
    """Root of every error caused by the user's files.

    Carries one or more problems; the CLI prints them and exits 1. Anything that is not a
    StorykitError (or an ArgumentError, a mistake on the command line) is a bug in storykit.
    It pickles with its problems, so it crosses from a worker process to the build as it is.
    """

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else list(problems)
        )
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems,))

    @classmethod
    def at(
        cls,
        path: str | Path,
        message: str,
        hint: str = "",
        line: int | None = None,
        column: int | None = None,
    ) -> StorykitError:
        return cls(Problem(Location.of(path, line, column), message, hint))


class ArgumentError(Exception):
    """A value given for a parameter (on the command line, or to a library call) that names
    nothing there is: no such story, no such platform, not a story name.

    Not a problem in a file, so not a StorykitError: it has no location, and it is not
    collected with the problems of a build but stops it. *param* is the parameter's name
    as the library calls it (the CLI's option or argument of the same name); the CLI shows
    it as a usage error (exit 2) naming that option or argument.
    """

    def __init__(self, param: str, message: str, hint: str = ""):
        super().__init__(param, message, hint)
        self.param, self.message, self.hint = param, message, hint

    def __str__(self) -> str:
        return self.message + (HINT_MARK + self.hint if self.hint else "")
