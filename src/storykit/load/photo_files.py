"""The photo files a case file names, against the disk: missing ones (and the file meant),
videos under photos:, and photos still on the web that the build leaves out until fetched.

A photo whose file is not there but whose `url:` says where it is online (as `storykit
import` writes photos it did not download) is a warning, not an error: the story is built
without it, and once the file is there (`storykit import --fetch-photos`, or saved by hand)
the next build uses it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from storykit.errors import Location, Problem
from storykit.fsutil import is_inside
from storykit.load.document import Document
from storykit.load.model import Story

# Files a phone or camera records video in: they belong under clips:, where reels use them.
VIDEO_EXTENSIONS = frozenset(
    {".mov", ".mp4", ".m4v", ".3gp", ".avi", ".mkv", ".webm", ".mts", ".wmv", ".mpg", ".mpeg"}
)
_WEB = re.compile(r"^https?://", re.I)


@dataclass(frozen=True)
class PhotoFiles:
    """What the disk says of a story's photos: the problems, and the photos not downloaded
    yet (their index in photos: and where their file will be)."""

    problems: list[Problem]
    awaited: dict[int, Path]


def _spelled(name: str) -> str:
    """A file name as its case and spacing do not matter: "IMG 1234.JPG" is "img1234.jpg"."""
    return re.sub(r"[\s_\-]+", "", name.casefold())


def _file_names(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return []


def alike(path: Path) -> Path | None:
    """The file in *path*'s folder whose name differs from *path*'s only in case and
    spacing ("IMG 1234.JPG" for "img1234.jpg"), if there is one."""
    same = [n for n in _file_names(path.parent) if _spelled(n) == _spelled(path.name)]
    return path.parent / same[0] if same else None


def meant(path: Path) -> Path | None:
    """The file in *path*'s folder that *path* names but for case and spacing, else the one
    its name is closest to; None when there is no such folder or file."""
    found = alike(path)
    if found is not None:
        return found
    close = difflib.get_close_matches(path.name, _file_names(path.parent), n=1, cutoff=0.8)
    return path.parent / close[0] if close else None


def _missing(where: Location, written: str, path: Path, base: Path) -> Problem:
    found = meant(path)
    if found is not None:
        shown = found.relative_to(base).as_posix() if is_inside(found, base) else str(found)
        hint = f"did you mean {shown}? Write the name exactly as the file is called"
    else:
        hint = "check the file name and folder; paths are relative to the case file"
    return Problem(where, f"the photo '{written}' does not exist (looked for {path})", hint)


def _in_project(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def check_photo_files(doc: Document, story: Story, project_root: Path) -> PhotoFiles:
    """Every photo of *story* against the disk (paths are relative to the case file)."""
    base = doc.path.parent
    problems: list[Problem] = []
    awaited: dict[int, Path] = {}
    for i, photo in enumerate(story.photos):
        path = base / photo.file
        where = doc.locate(("photos", i, "file"))
        if _WEB.match(photo.file):
            problems.append(
                Problem(
                    where,
                    f"the photo '{photo.file}' is an address on the web: storykit never "
                    "downloads anything while it builds",
                    "save the photo into stories/photos/ and write its name here, e.g. "
                    "file: photos/biscuit.jpg (and url: with the address, to remember it)",
                )
            )
        elif not is_inside(path, project_root):
            problems.append(
                Problem(
                    where,
                    f"the photo '{photo.file}' is outside the project",
                    "copy the photo into the project (e.g. stories/photos/)",
                )
            )
        elif path.suffix.lower() in VIDEO_EXTENSIONS:
            problems.append(
                Problem(
                    where,
                    f"'{photo.file}' is a video: photos: takes photos, and videos go under "
                    "clips:, where the story's reels show them",
                    f"move it to clips: (- file: {photo.file}), with start: and end: to show "
                    "a part of it",
                )
            )
        elif not path.is_file() and photo.url:
            awaited[i] = path
            problems.append(
                Problem(
                    where,
                    f"the photo '{photo.file}' is not downloaded yet (it is at {photo.url}): "
                    "the story is built without it until it is there",
                    "run storykit import again with --fetch-photos and the file you imported "
                    f"from, or save the photo as {_in_project(path, project_root)}",
                    "warning",
                )
            )
        elif not path.is_file():
            problems.append(_missing(where, photo.file, path, base))
    return PhotoFiles(problems, awaited)


def without_awaited(doc: Document, story: Story, awaited: dict[int, Path]) -> Story:
    """*story* without its photos not downloaded yet, and *doc*'s marks moved with the
    photos left, so that a problem about photo number i is still shown at its own line."""
    if not awaited:
        return story
    kept = [i for i in range(len(story.photos)) if i not in awaited]
    for marks in (doc.value_marks, doc.key_marks):
        old = {p: m for p, m in marks.items() if p[:1] == ("photos",) and len(p) > 1}
        for path in old:
            del marks[path]
        for new, was in enumerate(kept):
            for path, mark in old.items():
                if path[1] == was:
                    moved = ("photos", new, *path[2:])
                    marks[moved] = mark
    if isinstance(doc.data, dict) and isinstance(doc.data.get("photos"), list):
        doc.data["photos"] = [doc.data["photos"][i] for i in kept]
    return story.model_copy(update={"photos": [story.photos[i] for i in kept]})
