"""What earlier builds left in output/: the build lock, stale outputs and half-written files."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from storykit.errors import Location, Problem, StorykitError
from storykit.fsutil import cannot_write
from storykit.load.root import WORK
from storykit.outputs.entries import Entry, written

LOCK_NAME = f"{WORK}/lock"
BUILDING = f"{WORK}/building"  # present while a build runs: left behind if it was killed
MANIFEST = "story.json"
_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.tmp$")  # fsutil.write_atomic's temporary names


@contextlib.contextmanager
def build_lock(output_dir: Path) -> Iterator[bool]:
    """Hold output/.storykit/lock for the length of a build; a second build stops at once.

    While the build runs, output/.storykit/building exists; a build killed half-way leaves
    it behind, which tells the next build not to take the quick no-op path, and to look
    for the temporary files it may have left. Yields True if so.
    """
    try:
        (output_dir / LOCK_NAME).parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(output_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise cannot_write(output_dir, err, "the output folder") from None
    try:
        try:
            # a POSIX record lock: unlike flock, the card workers forked later do not inherit
            # it, so a killed build's workers cannot keep the next build out
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise StorykitError(
                Problem(
                    Location.of(output_dir),
                    "another storykit build is writing to this output folder right now",
                    "wait for it to finish, then run storykit build again",
                )
            ) from None
        marker = output_dir / BUILDING
        interrupted = marker.exists()
        try:
            marker.touch()
        except OSError as err:
            raise cannot_write(output_dir, err, "the output folder") from None
        yield interrupted
        try:
            marker.unlink(missing_ok=True)
        except OSError as err:
            raise cannot_write(output_dir, err, "the output folder") from None
    finally:
        os.close(fd)


def previous_files(folder: Path) -> set[str]:
    """The files an earlier build listed in <folder>/story.json (empty if none or unreadable)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return listed_files(data["files"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def listed_files(entries: Iterable[Entry]) -> set[str]:
    """The files story.json entries name: each output's path, and the files it wrote beside
    it (a post kit's caption, media, thread and zip: its entry's "written")."""
    return {p for e in entries for p in (e["path"], *written(e))}


def remove_listed(folder: Path, paths: Iterable[str]) -> int:
    """Delete the files named (relative to *folder*, never outside it); prune emptied folders."""
    removed = 0
    root = folder.resolve()
    for rel in sorted(paths):
        path = (folder / rel).resolve()
        if root not in path.parents or not path.is_file():
            continue
        try:
            path.unlink()
            removed += 1
            parent = path.parent
            while parent != root and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        except OSError as err:
            raise cannot_write(path.parent, err, "the folder") from None
    return removed


def remove_orphans(output_dir: Path, slugs: set[str]) -> int:
    """Delete the outputs of stories whose case file is gone (only files storykit listed)."""
    removed = 0
    if not output_dir.is_dir():
        return 0
    with os.scandir(output_dir) as entries:
        gone = sorted(e.name for e in entries if e.name not in slugs and e.is_dir())
    for name in gone:
        folder = output_dir / name
        listed = previous_files(folder)
        if listed:
            removed += remove_listed(folder, listed - {MANIFEST})
            removed += remove_listed(folder, {MANIFEST})
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if nothing of the user's is left in it
    return removed


def remove_temp_files(output_dir: Path) -> int:
    """Delete temporary files left by a build that was killed while writing."""
    removed = 0
    if output_dir.is_dir():
        for path in output_dir.rglob(".*.tmp"):
            if _TEMP.match(path.name) and path.is_file():
                try:
                    path.unlink()
                except OSError as err:
                    raise cannot_write(path.parent, err, "the folder") from None
                removed += 1
    return removed
