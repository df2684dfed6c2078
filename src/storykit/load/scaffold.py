"""New files on request: `storykit new` (a commented case file) and `storykit init` (a project)."""

from __future__ import annotations

from pathlib import Path

from storykit.errors import ArgumentError, StorykitError
from storykit.fsutil import create_new
from storykit.load.project import SLUG
from storykit.load.root import CONFIG_NAME
from storykit.package_data import TEMPLATES as PACKAGE_TEMPLATES


def _starter(name: str) -> str:
    return (PACKAGE_TEMPLATES / "starter" / name).read_text(encoding="utf-8")


def new_story(root: Path, slug: str) -> Path:
    """Write stories/<slug>.yaml from the commented starter; never overwrite an existing file."""
    if not SLUG.match(slug):
        raise ArgumentError(
            "slug",
            f"'{slug}' is not a good story name",
            "use lower-case letters, digits and dashes, e.g. possum-and-kangaroo",
        )
    path = root / "stories" / f"{slug}.yaml"
    title = slug.replace("-", " ").title()
    if not create_new(path, _starter("story.yaml").replace("{{ title }}", title)):
        raise StorykitError.at(
            path,
            "this story already exists; storykit never overwrites it",
            "choose another name, or edit the file you have",
        )
    return path


def init_project(folder: Path) -> list[Path]:
    """Create stories/, templates/ and storykit.yaml in *folder*; keep anything already there."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / CONFIG_NAME).exists():
        raise StorykitError.at(
            folder / CONFIG_NAME,
            "this folder already has a storykit.yaml",
            "it is already a storykit project: run 'storykit build' here",
        )
    written: list[Path] = []
    for sub in ("stories", "stories/photos", "templates"):
        path = folder / sub
        if not path.exists():
            path.mkdir(parents=True)
            written.append(path)
    for target, starter in (
        (CONFIG_NAME, "storykit.yaml"),
        ("templates/README.md", "templates-README.md"),
    ):
        path = folder / target
        if create_new(path, _starter(starter)):
            written.append(path)
    return written
