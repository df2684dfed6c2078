"""Card layouts: packaged YAML layouts, each overridable from the project's templates/cards/."""

from __future__ import annotations

from pathlib import Path

from storykit.cards.layout import Layout
from storykit.cards.layout_file import read_layout
from storykit.errors import Location, Problem, StorykitError
from storykit.load.document import load_file
from storykit.outputs.jinja import PACKAGE_TEMPLATES

BUILT_IN = PACKAGE_TEMPLATES / "cards"


def layout_files(project_templates: Path | None) -> dict[str, Path]:
    """Layout name -> the file it comes from: the project's override, else the package's."""
    found = {p.stem: p for p in sorted(BUILT_IN.glob("*.yaml"))}
    if project_templates is not None and (project_templates / "cards").is_dir():
        found.update({p.stem: p for p in sorted((project_templates / "cards").glob("*.yaml"))})
    return found


def read_layout_file(path: Path) -> tuple[Layout | None, list[Problem]]:
    """One layout file: its layout, or None, and every problem in it."""
    try:
        doc = load_file(path)
    except StorykitError as err:
        return None, err.problems
    return read_layout(doc)


def load_layouts(project_templates: Path | None) -> tuple[dict[str, Layout], list[Problem]]:
    """Every layout, and every problem in every layout file.

    A project layout that is broken is reported, and the built-in layout of its name takes
    its place (said in a warning), so that the stories are still checked; a build with a
    broken layout, like one with a broken storykit.yaml, checks and writes nothing."""
    layouts: dict[str, Layout] = {}
    problems: list[Problem] = []
    for name, path in layout_files(project_templates).items():
        layout, found = read_layout_file(path)
        problems.extend(found)
        if layout is None and path.parent != BUILT_IN:
            built_in = BUILT_IN / path.name
            if built_in.is_file():
                layout, _ = read_layout_file(built_in)
                problems.append(
                    Problem(
                        Location.of(path),
                        f"until this file is fixed, the stories' cards are checked against "
                        f"the built-in '{name}' layout",
                        "fix the errors reported in it (storykit build writes nothing until "
                        "then), or remove it to use the built-in layout",
                        "warning",
                    )
                )
        if layout is not None:
            layouts[name] = layout
    return layouts, problems
