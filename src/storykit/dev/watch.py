"""Watch a project for changes: stories, photos, templates and storykit.yaml (polling, stdlib)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

WATCHED = ("stories", "templates", "photos", "storykit.yaml")


def watched_files(root: Path) -> Iterator[Path]:
    """stories/ (case files and photos), templates/ and storykit.yaml under *root*."""
    for name in WATCHED:
        path = root / name
        if path.is_file():
            yield path
        elif path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for filename in sorted(filenames):
                    if not filename.startswith("."):
                        yield Path(dirpath) / filename


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Each watched file's modification time and size: a change in either means rebuild."""
    seen: dict[str, tuple[int, int]] = {}
    for path in watched_files(root):
        try:
            stat = path.stat()
        except OSError:
            continue
        seen[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return seen


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
