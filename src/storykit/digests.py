"""Content hashes: of plain data, of files (each hashed once per run), of storykit's own code.

What an output is made from is known by these hashes, so a rebuild renders only what changed.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

import orjson

from storykit import __version__
from storykit.package_data import PACKAGE

Stat = tuple[int, int]  # size, mtime in nanoseconds
MISSING = -1  # the size recorded for a file that was not there


def stat_of(path: Path) -> Stat | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def digest(*parts: Any) -> str:
    """A short, stable hash of plain data (anything not JSON by its str)."""
    text = orjson.dumps(parts, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    return hashlib.sha256(text).hexdigest()[:32]


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
    known: dict[str, tuple[int, str]] = field(default_factory=dict)
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

    def unchanged(self, path: str | Path, size: int) -> bool:
        """The file is at *size* and older than the last build (a plain string path will
        do: called for every input of every story on every build)."""
        try:
            st = os.stat(path)
        except OSError:
            return size == MISSING  # not there then, and not there now
        return st.st_size == size and st.st_mtime_ns < self.stamp

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
        if st is None:
            return "missing"  # e.g. a template the project does not override
        if key in self.seen and self.seen[key][0] == st:
            return self.seen[key][1]
        value = file_digest(path)
        self.known[key] = (st[0], value)
        self.seen[key] = (st, value)
        return value


LARGE = 1 << 20  # shipped data this size or larger (the detector, the emoji font): see engine()


def _engine_part(path: Path) -> str:
    """A file of storykit's own, for engine(): code and templates by their content; large
    shipped data by its size and time, which change when it is replaced, without hashing
    megabytes on every build."""
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}" if st.st_size >= LARGE else file_digest(path)


@functools.cache
def engine() -> str:
    """storykit's version and the digest of its own files (computed once, when first asked):
    outputs made by other code differ."""
    if not (PACKAGE / "cards").is_dir():
        return digest(__version__)
    files = [(p.relative_to(PACKAGE).as_posix(), _engine_part(p)) for p in tree_files(PACKAGE)]
    return digest(__version__, files)


@dataclass
class Inputs:
    """What one output was made from, recorded while it rendered: the files read (by their
    path in the project) with their hashes, the hash of the values it was made with, and
    the story's other outputs it shows (by path) with their stamps."""

    files: dict[str, str] = field(default_factory=dict)
    values: str = ""
    outputs: dict[str, str] = field(default_factory=dict)

    def stamp(self) -> str:
        """One hash of all of it: what an output that shows this one records of it."""
        return digest(self.files, self.values, self.outputs)

    def current(self, hashes: Hashes, values: str, stamps: dict[str, str]) -> bool:
        """True if it would be made of the same again: the same *values* now, the outputs
        shown at the same *stamps*, and every file read still at its recorded hash."""
        return (
            self.values == values
            and all(stamps.get(path) == stamp for path, stamp in self.outputs.items())
            and all(hashes.of(hashes.root / key) == h for key, h in self.files.items())
        )

    def to_data(self, table: dict[str, int]) -> InputsData:
        """As plain data, each file by its number in *table* (the story's files, each with
        the one hash every current output of the story recorded for it)."""
        files = sorted(table.setdefault(key, len(table)) for key in self.files)
        return InputsData(files=files, values=self.values, outputs=self.outputs)

    @classmethod
    def from_data(cls, data: InputsData, table: Sequence[Sequence[str]]) -> Inputs:
        files = {table[i][0]: table[i][1] for i in data["files"]}
        return cls(files, data["values"], dict(data["outputs"]))


class InputsData(TypedDict):
    """Inputs as the index keeps them: files by their numbers in the story's table."""

    files: list[int]
    values: str
    outputs: dict[str, str]


@dataclass
class Recorder:
    """Records an output's inputs while it renders: every file the build reads for it,
    every template Jinja loads for it, every value it is made with."""

    hashes: Hashes
    files: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def inputs(self) -> Inputs:
        return Inputs(dict(self.files), self.values_digest(), dict(self.outputs))

    def values_digest(self) -> str:
        return digest(self.values)

    def file(self, path: Path) -> None:
        """A file read: by its path in the project (outside it, by its absolute path);
        storykit's own files are not recorded, being in engine()."""
        key = self.hashes.key(path)
        if key is None:
            resolved = path.resolve()
            if resolved.is_relative_to(PACKAGE):
                return
            key = str(resolved)
        if key not in self.files:  # once: a caption being fitted renders again and again
            self.files[key] = self.hashes.of(path)

    def value(self, name: str, *parts: Any) -> None:
        self.values[name] = digest(*parts)

    def output(self, path: str, stamp: str) -> None:
        self.outputs[path] = stamp

    def extend(self, other: Recorder) -> None:
        """Take in what *other* recorded (e.g. the story's case file, read to load it)."""
        self.files.update(other.files)
        self.values.update(other.values)
        self.outputs.update(other.outputs)
