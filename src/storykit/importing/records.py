"""What an import reads from a source: typed records of each animal, its photos and the
notes on values it could not map, each at its place in the source file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from storykit.errors import Location, Problem, Severity

YesNo = str  # "yes", "no" or "unknown", as case files write them
# health.special_needs when a source says there are some but not what they are
NEEDS_UNSAID = "Yes: ask us for the details"
_PHOTO_SUFFIXES = {".jpg": ".jpg", ".jpeg": ".jpg", ".png": ".png", ".webp": ".webp",
                   ".heic": ".heic", ".heif": ".heic", ".avif": ".avif"}  # fmt: skip


def suffix_of(name: str) -> str:
    """A photo file's suffix in stories/photos/, from its name or address: its own if it is
    one storykit reads (.jpeg as .jpg), else .jpg (a web address often has none)."""
    tail = Path(name.split("?", 1)[0].split("#", 1)[0]).suffix.lower()
    return _PHOTO_SUFFIXES.get(tail, ".jpg")


@dataclass(frozen=True)
class SourcePhoto:
    """A photo the source names: a web address, a file beside the source, or the bytes
    themselves (a data: URI in an ASM3 export)."""

    where: Location
    url: str | None = None
    local: Path | None = None
    data: bytes | None = None
    suffix: str = ".jpg"  # what its file in stories/photos/ ends with


@dataclass
class ImportedAnimal:
    """One animal as a source holds it, in the case file's terms; None where it says nothing."""

    where: Location  # the animal's record (its row, its object)
    name: str
    key: str  # the source's own ID for it (to find animals it names as going with it)
    species: str | None = None
    sex: str | None = None
    born: dt.date | None = None
    born_estimated: bool = False
    age: str | None = None
    breed: str | None = None
    secondary_breed: str | None = None
    mix: bool | None = None
    size: str | None = None
    colors: list[str] = field(default_factory=list)
    coat: str | None = None
    kids: YesNo = "unknown"
    dogs: YesNo = "unknown"
    cats: YesNo = "unknown"
    spayed_neutered: bool | None = None
    vaccinated: bool | None = None
    microchipped: bool | None = None
    special_needs: str | None = None
    housetrained: bool | None = None
    declawed: bool | None = None
    traits: list[str] = field(default_factory=list)
    arrived: dt.date | None = None
    id: str | None = None  # the shelter's ID, as the case file keeps it
    fee: float | None = None
    fee_waived: bool = False
    status: str | None = None
    headline: str | None = None
    description: str = ""  # Markdown
    photos: list[SourcePhoto] = field(default_factory=list)
    url: str | None = None
    contact: str | None = None
    foster: str | None = None
    city: str | None = None
    goes_with: list[str] = field(default_factory=list)  # keys or names of others
    unmapped: list[str] = field(default_factory=list)  # "Weight: 12 kg", kept as comments


@dataclass
class Source:
    """A source file read: what it is, its animals, and the notes on what it said."""

    path: Path
    label: str  # "RescueGroups.org API v5 (JSON)"
    animals: list[ImportedAnimal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def note(
        self, where: Location, message: str, hint: str = "", severity: Severity = "note"
    ) -> None:
        self.problems.append(Problem(where, message, hint, severity))


@dataclass
class ImportedStory:
    """The animals that go home together (or one animal): one case file."""

    slug: str
    animals: list[ImportedAnimal]

    @property
    def together(self) -> bool:
        return len(self.animals) > 1
