"""The feeds a build publishes: who each holds, who left since the last build and why, and
the listings kept from a story's last good build while its case file is broken.

Adoption sites treat an animal missing from an import as removed, so an animal may leave a
feed only because its story's status changed or its case file was removed, and the build
says so; a story that fails keeps its last good listing, and the build says that too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from storykit.errors import Location, Problem
from storykit.outputs import listing
from storykit.outputs.adoptsites import adoptapet, petfinder
from storykit.outputs.listing import ListingRecord
from storykit.text import language

Record = ListingRecord  # one animal's listing record (listing.animal_listing)

# each feed, as the build's report names it, and who it holds
FEEDS: tuple[tuple[str, Callable[[Iterable[Record]], list[Record]]], ...] = (
    ("adoptable.json and adoptable.csv", listing.adoptable),
    ("the Petfinder upload", petfinder.listed),
    ("the Adopt-a-Pet upload", adoptapet.listed),
)


def _members(records: Mapping[str, list[Record]]) -> dict[str, set[tuple[str, str]]]:
    every = [r for rs in records.values() for r in rs]
    return {name: {(r["story"], r["id"]) for r in held(every)} for name, held in FEEDS}


def departures(
    before: Mapping[str, list[Record]],
    after: Mapping[str, list[Record]],
    case_files: Mapping[str, Path],
    stories_dir: Path,
) -> list[Problem]:
    """A note for each animal that was in a feed at the last build and is not now, with why."""
    was, now = _members(before), _members(after)
    left: dict[tuple[str, str], list[str]] = {}
    for name, _ in FEEDS:
        for key in sorted(was[name] - now[name]):
            left.setdefault(key, []).append(name)
    notes = []
    for (slug, animal_id), feeds in left.items():
        old = next(r for r in before[slug] if r["id"] == animal_id)
        new = next((r for r in after.get(slug, ()) if r["id"] == animal_id), None)
        path = case_files.get(slug)
        if path is None:
            why, where = f"its case file stories/{slug}.yaml was removed", stories_dir
        elif new is None:
            why, where = f"{old['name']} is no longer in the case file", path
        elif new["status"] != old["status"]:
            why, where = f"the story's status is now {new['status']}", path
        else:
            why, where = "its listing no longer has every value the site needs", path
        notes.append(
            Problem(
                Location.of(where),
                f"{old['name']} left {language.join_names(feeds)}: {why}",
                severity="note",
            )
        )
    return notes


def kept(path: Path, records: list[Record], built: str) -> Problem | None:
    """The warning for a failed story whose last good listing (*records*, from the build
    of *built*) stays in the feeds."""
    if not any(held(records) for _, held in FEEDS):
        return None
    names = language.join_names([r["name"] for r in records])
    whose = "listing" if len(records) == 1 else "listings"
    return Problem(
        Location.of(path),
        f"kept {names}'s {whose} from the build of {built}: fix the errors above to update it",
        "until then the feeds and upload folders keep what they had, so adoption sites do not "
        "take the animals down",
        "warning",
    )
