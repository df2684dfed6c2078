"""Which files are case files: every .yaml or .yml under stories/, in any folder (stdlib only)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

SUFFIXES = (".yaml", ".yml")  # compared without regard to case: Biscuit.YAML is a story


def case_files(folder: Path) -> list[Path]:
    """Every case file under *folder*, sub-folders too, sorted; hidden files and folders
    (an editor's lock files, .git) are skipped, and so is anything that is not YAML."""
    found: list[Path] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            Path(top, name)
            for name in files
            if not name.startswith(".") and name.lower().endswith(SUFFIXES)
        )
    return sorted(found)


def slug_clashes(files: Iterable[Path]) -> list[list[Path]]:
    """The groups of case files that would be one story (one output folder): the same name,
    in two folders or with two suffixes, or differing only in case."""
    by_name: dict[str, list[Path]] = {}
    for path in files:
        by_name.setdefault(path.stem.casefold(), []).append(path)
    return [group for group in by_name.values() if len(group) > 1]
