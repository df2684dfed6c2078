"""Watch a project for changes: stories, photos, templates and storykit.yaml (polling, stdlib)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from .root import CONFIG_NAME


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file storykit reads from the project."""
    files: dict[str, tuple[int, int]] = {}
    for folder in (root / "stories", root / "templates"):
        if folder.is_dir():
            for path in folder.rglob("*"):
                try:
                    st = path.stat()
                except OSError:
                    continue
                if path.is_file():
                    files[str(path)] = (st.st_size, st.st_mtime_ns)
    config = root / CONFIG_NAME
    if config.is_file():
        st = config.stat()
        files[str(config)] = (st.st_size, st.st_mtime_ns)
    return files


def watch_project(root: Path, interval: float = 0.5, settle: float = 0.2) -> Iterator[None]:
    """Yield once at the start and again after each change (waiting for writes to settle)."""
    last = snapshot(root)
    yield
    while True:
        time.sleep(interval)
        now = snapshot(root)
        if now == last:
            continue
        time.sleep(settle)
        last = snapshot(root)
        yield
