"""Card layouts: packaged YAML layouts, each overridable from the project's templates/cards/."""

from __future__ import annotations

from pathlib import Path

from storykit.cards import Layout, load_layout
from storykit.errors import Problem, StorykitError
from storykit.load.document import load_file
from storykit.outputs.jinja import PACKAGE_TEMPLATES


def layout_files(project_templates: Path | None) -> dict[str, Path]:
    """Layout name -> the file it comes from: the project's override, else the package's."""
    found = {p.stem: p for p in sorted((PACKAGE_TEMPLATES / "cards").glob("*.yaml"))}
    if project_templates is not None and (project_templates / "cards").is_dir():
        found.update({p.stem: p for p in sorted((project_templates / "cards").glob("*.yaml"))})
    return found


def load_layouts(project_templates: Path | None) -> dict[str, Layout]:
    """Every layout, parsed; all problems in all layout files are raised together."""
    layouts: dict[str, Layout] = {}
    problems: list[Problem] = []
    for name, path in layout_files(project_templates).items():
        try:
            doc = load_file(path)
            layouts[name] = load_layout(doc.data, str(path))
        except StorykitError as err:
            problems.extend(err.problems)
    if problems:
        raise StorykitError(problems)
    return layouts
