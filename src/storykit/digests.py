"""Content hashes: of plain data, of files (each hashed once per run), of storykit's own code.

What an output is made from is known by these hashes, so a rebuild renders only what changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storykit import __version__
from storykit.package_data import PACKAGE

Stat = tuple[int, int]  # size, mtime in nanoseconds


def stat_of(path: Path) -> Stat | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def digest(*parts: Any) -> str:
    """A short, stable hash of plain data."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def file_digest(path: Path) -> str:
    sha = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                sha.update(chunk)
    except OSError:
        return "missing"
    return sha.hexdigest()[:32]


def tree_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def tree_digest(folder: Path) -> str:
    """The names and contents of every file under *folder*."""
    return digest([(p.relative_to(folder).as_posix(), file_digest(p)) for p in tree_files(folder)])


@dataclass
class Hashes:
    """Content hashes of the project's files, recomputed only for files changed since *stamp*.

    A file is taken as unchanged when its size is the recorded one and it was last modified
    before the previous build started (*stamp*, the index file's own time). Keys are paths
    relative to the project, so the index holds no times and no absolute paths. Within a
    run, a file is hashed again only if its size or modification time moved.
    """

    root: Path
    stamp: int = 0
    known: dict[str, list[Any]] = field(default_factory=dict)
    outside: dict[str, str] = field(default_factory=dict)
    seen: dict[str, tuple[Stat, str]] = field(default_factory=dict)
    keys: dict[Path, str | None] = field(default_factory=dict)

    def key(self, path: Path) -> str | None:
        """The path relative to the project (links resolved), None if outside it."""
        if path not in self.keys:
            try:
                key = path.resolve().relative_to(self._root).as_posix()
            except ValueError:
                key = None
            self.keys[path] = key
        return self.keys[path]

    @functools.cached_property
    def _root(self) -> Path:
        return self.root.resolve()

    def unchanged(self, path: Path, size: int) -> bool:
        st = stat_of(path)
        return st is not None and st[0] == size and st[1] < self.stamp

    def of(self, path: Path) -> str:
        key = self.key(path)
        if key is None:  # storykit's own files: they do not change while it runs
            if str(path) not in self.outside:
                self.outside[str(path)] = file_digest(path)
            return self.outside[str(path)]
        old = self.known.get(key)
        if old and self.unchanged(path, old[0]):
            return str(old[1])
        st = stat_of(path)
        if st is not None and key in self.seen and self.seen[key][0] == st:
            return self.seen[key][1]
        value = file_digest(path)
        if st is not None:
            self.known[key] = [st[0], value]
            self.seen[key] = (st, value)
        return value


@functools.cache
def engine() -> str:
    """storykit's version and the digest of its own code (computed once, when first asked):
    outputs made by other code differ."""
    return digest(__version__, tree_digest(PACKAGE) if (PACKAGE / "cards").is_dir() else "")
