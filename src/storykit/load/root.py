"""Find the project folder: the nearest one holding storykit.yaml or stories/ (stdlib only)."""

from __future__ import annotations

from pathlib import Path

from storykit.errors import StorykitError

CONFIG_NAME = "storykit.yaml"
OUTPUT = "output"  # the folder storykit writes into, in the project: the only one
WORK = ".storykit"  # in output/: the build's own files (index, lock, compiled templates)


def output_dir(root: Path) -> Path:
    """The project's output folder."""
    return root / OUTPUT


def find_root(start: Path) -> Path:
    """The nearest folder at or above *start* holding storykit.yaml or stories/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file() or (folder / "stories").is_dir():
            return folder
    raise StorykitError.at(
        start,
        "this is not a storykit project (no storykit.yaml or stories/ here or above)",
        "run 'storykit init' to set one up here, or cd into your project folder",
    )
