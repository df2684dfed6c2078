"""Which files are case files: every .yaml or .yml under stories/, in any folder (stdlib only)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

SUFFIXES = (".yaml", ".yml")  # compared without regard to case: Biscuit.YAML is a story


def case_files(folder: Path) -> list[Path]:
    """Every case file under *folder*, sub-folders too, sorted; hidden files and folders
    (an editor's lock files, .git) are skipped, and so is anything that is not YAML."""
    return [Path(os.sep.join(parts), name) for parts, name in _found(folder)]


def story_names(folder: Path) -> list[str]:
    """The story each case file under *folder* is (its name less the suffix), in the same
    order, as plain strings: the survey before every build reads ten thousand of them."""
    return [name.rsplit(".", 1)[0] for _, name in _found(folder)]


def _found(folder: Path) -> list[tuple[list[str], str]]:
    found: list[tuple[list[str], str]] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        parts = top.split(os.sep)
        found.extend(
            (parts, name)
            for name in files
            if not name.startswith(".") and name.lower().endswith(SUFFIXES)
        )
    found.sort(key=lambda f: [*f[0], f[1]])  # as Paths sort, part by part, with no Path made
    return found


def slug_clashes(files: Iterable[Path]) -> list[list[Path]]:
    """The groups of case files that would be one story (one output folder): the same name,
    in two folders or with two suffixes, or differing only in case."""
    by_name: dict[str, list[Path]] = {}
    for path in files:
        by_name.setdefault(path.stem.casefold(), []).append(path)
    return [group for group in by_name.values() if len(group) > 1]
