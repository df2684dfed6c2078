"""What a case file lacks for the adoption sites' uploads, as warnings at its lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from storykit.errors import Problem
from storykit.load.document import Document
from storykit.load.model import Story
from storykit.load.project import LoadedStory, Project, load_story
from storykit.outputs.adoptsites import adoptapet, petfinder
from storykit.outputs.listing import LISTED_STATUSES, story_listing
from storykit.outputs.paths import web_photo_paths
from storykit.text import language

# what each missing value is called in a warning, and what to write to give it
NEEDS = {
    "breed": ("{its} breed", 'breed: as people say it, e.g. "lab mix" or "domestic shorthair"'),
    "sex": ("{its} sex", "sex: female or male"),
    "size": ("{its} expected adult size", "size: small, medium, large or xlarge"),
    "age": ("{its} age", 'born: YYYY-MM-DD (born_estimated: true if a guess) or age: "8 weeks"'),
    "coat": ("{its} coat length", "coat: {coats}"),
    "species": (
        "an animal type it lists (dogs, cats, rabbits, small animals, horses, birds, reptiles "
        "and farm animals)",
        "",
    ),
}


def _and(items: list[str]) -> str:
    return language.join_names(items)


def _sites_phrase(labels: list[str]) -> str:
    return f"the {_and(labels)} upload" + ("s" if len(labels) > 1 else "")


def _missing_problem(
    where: Any, animal: Any, by_site: dict[str, tuple[str, ...]], breed_written: bool
) -> Problem | None:
    """One warning for an animal left out of one or more uploads, saying what to add."""
    its = language.pronoun(animal, "possessive")
    shown = {
        s: tuple(n for n in needs if not (n == "breed" and breed_written))
        for s, needs in by_site.items()
    }
    shown = {s: needs for s, needs in shown.items() if needs}
    if not shown:
        return None

    def needs_text(needs: tuple[str, ...]) -> str:
        return _and([NEEDS[n][0].format(its=its) for n in needs])

    groups: dict[tuple[str, ...], list[str]] = {}
    for site, needs in shown.items():
        groups.setdefault(needs, []).append(site)
    if len(groups) == 1:
        ((needs, sites),) = groups.items()
        verb = "both need" if len(sites) > 1 else "it needs"
        message = f"{animal.name} is left out of {_sites_phrase(sites)}: {verb} {needs_text(needs)}"
    else:
        parts = [f"{_sites_phrase(s)}, which needs {needs_text(n)}" for n, s in groups.items()]
        message = f"{animal.name} is left out of " + "; and of ".join(parts)
    union = list(dict.fromkeys(n for needs in shown.values() for n in needs))
    coats = _or([c.lower() for c in adoptapet.kind(animal.species)["hair"]] or ["short"])
    hints = [NEEDS[n][1].format(coats=coats) for n in union if NEEDS[n][1]]
    if "species" in union:
        hints.append("list it on Adopt-a-Pet by hand")
    hint = (f"add to {animal.name}: " + "; ".join(hints)) if hints else ""
    if "species" in union and len(hints) == 1:
        hint = hints[0]
    return Problem(where, message, hint, "warning")


def _names_hint(closest: tuple[str, ...], fallback: list[str], tail: str, whose: str) -> str:
    """Petfinder's names nearest to what was written, else the names it has (*whose*)."""
    if closest:
        return f"write it as Petfinder does, e.g. {_or(list(closest))}{tail}"
    if fallback:
        return f"write one of {whose}: {_or(fallback)}{tail}"
    return ""


def _or(items: list[str]) -> str:
    return language.join_names(items, "or")


def listing_problems(doc: Document, story: Story, today: dt.date) -> list[Problem]:
    """Warnings for what the story's animals lack on Petfinder and Adopt-a-Pet.

    Only for stories the sites list (available, hold). An animal missing a value a site
    requires is left out of that site's upload (nothing is made up for it): the warning,
    at the animal's line, says what to add. A breed or colour that matches none of
    Petfinder's names is a warning at its own line with the closest names.
    """
    if story.status not in LISTED_STATUSES:
        return []
    records = story_listing(doc.path.stem, story, today, web_photo_paths(story.photos))
    problems: list[Problem] = []
    for i, (animal, record) in enumerate(zip(story.animals, records, strict=True)):
        fit = petfinder.fit_record(record)
        kind = petfinder.kind(animal.species)
        by_site: dict[str, tuple[str, ...]] = {}
        if story.status in petfinder.STATUS:
            by_site[petfinder.LABEL] = fit.missing
        if story.status in adoptapet.STATUS:
            by_site[adoptapet.LABEL] = adoptapet.missing(record)
        leaving = _sites_phrase(list(by_site)) if by_site else ""
        written = (("breed", animal.breed), ("secondary_breed", animal.secondary_breed))
        keys = [k for k, v in written if v]
        for key, match in zip(keys, fit.breed_matches, strict=False):
            if match.ok:
                continue
            unknown = _or([f"'{u}'" for u in match.unknown])
            problems.append(
                Problem(
                    doc.locate(("animals", i, key)),
                    f"Petfinder has no breed {unknown} for {kind['label'][1]}, so "
                    f"{animal.name} is left out of {leaving}",
                    _names_hint(
                        match.closest,
                        kind["suggest"],
                        " (add 'mix' for a mixed breed)",
                        f"Petfinder's breeds for {kind['label'][1]}",
                    ),
                    "warning",
                )
            )
        for j, color in enumerate(fit.color_matches):
            if not color.unknown:
                continue
            unknown = _or([f"'{u}'" for u in color.unknown])
            problems.append(
                Problem(
                    doc.locate(("animals", i, "colors", j)),
                    f"Petfinder has no colour {unknown} for a {kind['label'][0]}: "
                    "the Petfinder upload leaves it out",
                    _names_hint(
                        color.closest,
                        list(kind["colors"] or []),
                        "",
                        f"Petfinder's colours for a {kind['label'][0]}",
                    ),
                    "warning",
                )
            )
        if fit.coat_refused:
            coats = _or([c.lower() for c in kind["coats"]])
            problems.append(
                Problem(
                    doc.locate(("animals", i, "coat")),
                    f"Petfinder has no coat length '{animal.coat}' for a "
                    f"{kind['label'][0]}: the Petfinder upload leaves it out",
                    f"use {coats}" if coats else "leave coat out for this animal",
                    "warning",
                )
            )
        missing = _missing_problem(doc.locate(("animals", i)), animal, by_site, bool(keys))
        if missing is not None:
            problems.append(missing)
    return problems


def load_checked(path: Path, project: Project, today: dt.date) -> LoadedStory:
    """A case file loaded and validated, with what the adoption sites would lack in its
    animals' listings, as warnings at their lines: the story as build and check read it."""
    loaded = load_story(path, project, today)
    if loaded.story is not None and loaded.doc is not None:
        loaded.problems.extend(listing_problems(loaded.doc, loaded.story, today))
        loaded.problems.sort(key=lambda p: (p.location.line or 0, p.location.column or 0))
    return loaded
