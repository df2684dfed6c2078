"""User-facing problems: one root error type, each problem carrying where it is and what to do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a file, and (1-based) line and column when known."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    @classmethod
    def of(cls, path: str | Path, line: int | None = None, column: int | None = None) -> Location:
        return cls(display_path(path), line, column)


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
    severity: str = "error"  # "error" | "warning"
    cards: tuple[str, ...] = ()  # the outputs it was found on (cards, or captions' platforms)
    found_on: str = "card"  # what those are, named in the message: "card", "platform"

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        if self.cards:
            n = len(self.cards)
            text += f" on {n} {self.found_on}{'s' if n > 1 else ''} ({', '.join(self.cards)})"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class StorykitError(Exception):
    """Root of every error caused by the user's files or command line.

    Carries one or more problems; the CLI prints them and exits 1. Anything that
    is not a StorykitError is a bug in storykit.
    """

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else list(problems)
        )
        super().__init__("\n".join(str(p) for p in self.problems))

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


@dataclass
class Problems:
    """A collector: gather every problem of a run, so all of them are reported at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def error(self, location: Location, message: str, hint: str = "") -> None:
        self.add(Problem(location, message, hint, "error"))

    def warning(self, location: Location, message: str, hint: str = "") -> None:
        self.add(Problem(location, message, hint, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def __bool__(self) -> bool:
        return bool(self.items)
