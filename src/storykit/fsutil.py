"""Filesystem edge: atomic writes (temp file + os.replace) and paths kept inside a root."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write *data* to *path* so a reader sees the old file or the whole new one, never a part.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the
    temporary file is renamed over *path* with os.replace.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def create_new(path: Path, data: str) -> bool:
    """Write a new file only if none is there (for `storykit new`/`init`); True if written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(data)
    except FileExistsError:
        return False
    return True


def is_inside(path: Path, root: Path) -> bool:
    """True if *path* (after resolving links) lies inside *root*."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
