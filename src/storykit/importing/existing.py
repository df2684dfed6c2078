"""The case files a project has already, as an import sees them: where a new story can
go without touching one, whether an imported story is one of them, and the photos one
lists with their web address that are not downloaded yet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storykit.errors import Location, StorykitError
from storykit.importing.grouping import slug_of
from storykit.importing.located_json import JsonObject
from storykit.importing.records import ImportedStory
from storykit.load.discover import case_files
from storykit.load.document import Document, load_file


def _read(path: Path) -> Document | None:
    try:
        return load_file(path)
    except StorykitError:
        return None


def _animals(doc: Document | None) -> list[JsonObject]:
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    animals = data.get("animals")
    return [a for a in animals if isinstance(a, dict)] if isinstance(animals, list) else []


def _holds_same_animals(doc: Document | None, story: ImportedStory) -> bool:
    """Whether an existing case file holds the imported story's animals: an ID in common,
    or (where neither gives IDs) the same names."""
    animals = _animals(doc)
    ids = {str(a.get("id")).casefold() for a in animals if a.get("id") is not None}
    mine = {a.id.casefold() for a in story.animals if a.id}
    if ids and mine:
        return bool(ids & mine)
    names = {str(a.get("name", "")).casefold() for a in animals}
    return names == {a.name.casefold() for a in story.animals}


@dataclass
class Existing:
    """The project's case files by story name (the file name without its suffix)."""

    folder: Path
    files: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def of(cls, folder: Path) -> Existing:
        found = case_files(folder) if folder.is_dir() else []
        return cls(folder, {p.stem.casefold(): p for p in found})

    def place(self, story: ImportedStory) -> tuple[Path, str]:
        """Where *story*'s case file goes, and why it is skipped ("" if it is not): a case
        file of its name holding other animals sends it to <name>-<its ID>."""
        first = story.animals[0]
        names = [story.slug, f"{story.slug}-{slug_of([first.id or first.key])}"]
        names += [f"{story.slug}-{n}" for n in range(2, 100)]
        for name in dict.fromkeys(names):
            there = self.files.get(name.casefold())
            if there is None:
                path = self.folder / f"{name}.yaml"
                self.files[name.casefold()] = path
                story.slug = name
                return path, ""
            doc = _read(there)
            if doc is None:
                return there, "a case file of that name is there and cannot be read"
            if _holds_same_animals(doc, story):
                return there, "it is there already: storykit never changes a case file"
        return self.folder / f"{story.slug}.yaml", "too many case files of that name"


def awaited_photos(case_file: Path) -> Iterator[tuple[Path, str, Location, str]]:
    """The photos a case file lists with a url: whose file is not there: (file, address,
    where the case file names it, the story's title)."""
    doc = _read(case_file)
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    title = str(data.get("title") or case_file.stem)
    listed = data.get("photos")
    for i, photo in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(photo, dict):
            continue
        file, url = photo.get("file"), photo.get("url")
        if isinstance(file, str) and isinstance(url, str) and doc is not None:
            path = case_file.parent / file
            if not path.exists():
                yield path, url, doc.locate(("photos", i, "url")), title
