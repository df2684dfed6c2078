"""Imported animals as stories: the animals a source says go together (ASM3's bonded
animals, a spreadsheet's "Bonded with" column) become one story, named by a slug made from
their names."""

from __future__ import annotations

import re
import unicodedata

from storykit.importing.records import ImportedAnimal, ImportedStory, Source
from storykit.text import language


def _groups(source: Source) -> list[list[ImportedAnimal]]:
    """Connected groups of animals that name each other (by key or name), in file order."""
    animals = source.animals
    by_ref: dict[str, int] = {}
    for i, a in enumerate(animals):
        for ref in (a.key, a.name, a.id or ""):
            if ref:
                by_ref.setdefault(ref.casefold(), i)
    parent = list(range(len(animals)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(animals):
        for ref in a.goes_with:
            j = by_ref.get(ref.casefold())
            if j is None:
                source.note(
                    a.where,
                    f"{a.name} goes with '{ref}', who is not in this file: imported alone",
                    "import the two together, or add the other animal to the case file",
                    "warning",
                )
            elif j != i:
                parent[root(j)] = root(i)
    grouped: dict[int, list[ImportedAnimal]] = {}
    for i, a in enumerate(animals):
        grouped.setdefault(root(i), []).append(a)
    return sorted(grouped.values(), key=lambda g: animals.index(g[0]))


def slug_of(names: list[str]) -> str:
    """A story name from the animals' names: "Pip & Squeak" is pip-and-squeak, "Zoë" zoe."""
    joined = language.join_names(names)
    ascii_text = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "animal"


def stories(source: Source) -> list[ImportedStory]:
    """The source's animals as stories, each with a slug of its own within the import (two
    animals both called Max are max-<their ID> and max-<the other's>)."""
    groups = _groups(source)
    slugs = [slug_of([a.name for a in g]) for g in groups]
    out = []
    for group, slug in zip(groups, slugs, strict=True):
        if slugs.count(slug) > 1:
            slug = f"{slug}-{slug_of([group[0].id or group[0].key])}"
        out.append(ImportedStory(slug, group))
    seen: dict[str, int] = {}
    for story in out:  # still the same (two Max without IDs): number them in file order
        seen[story.slug] = seen.get(story.slug, 0) + 1
        if seen[story.slug] > 1:
            story.slug = f"{story.slug}-{seen[story.slug]}"
    return out
