"""Load stage: find the project, read storykit.yaml and the case files into validated models."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Location, Problem, StorykitError
from .model import Config, Story
from .root import CONFIG_NAME
from .validate import check_story, validate_document
from .yamlload import Document, load_file

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Project:
    """A storykit project folder: stories/, templates/, storykit.yaml and output/."""

    root: Path
    config: Config
    config_doc: Document | None = None

    @property
    def stories_dir(self) -> Path:
        return self.root / "stories"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def today(self, override: dt.date | None = None) -> dt.date:
        """The build date: --date, else storykit.yaml's date, else the real date."""
        return override or self.config.date or dt.date.today()


@dataclass
class LoadedStory:
    """One case file after loading: its model if valid, and every problem found in it."""

    slug: str
    path: Path
    doc: Document | None = None
    story: Story | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.story is not None and not any(p.is_error for p in self.problems)


def load_project(root: Path) -> tuple[Project, list[Problem]]:
    """Read storykit.yaml (defaults when absent); problems in it are returned, not raised."""
    path = root / CONFIG_NAME
    if not path.is_file():
        return Project(root, Config()), []
    try:
        doc = load_file(path)
    except StorykitError as err:
        return Project(root, Config()), err.problems
    config, problems = validate_document(doc, Config)
    return Project(root, config or Config(), doc), problems


def story_paths(project: Project, slugs: tuple[str, ...] = ()) -> list[Path]:
    """The case files to work on: all of stories/*.yaml, or the ones named."""
    folder = project.stories_dir
    found = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []
    if not slugs:
        return found
    by_slug = {p.stem: p for p in found}
    missing = [s for s in slugs if s not in by_slug]
    if missing:
        known = ", ".join(sorted(by_slug)) or "none yet"
        raise StorykitError(
            [
                Problem(
                    Location.of(folder),
                    f"there is no story '{s}' (no {s}.yaml in stories/)",
                    f"stories here: {known}; or create it with 'storykit new {s}'",
                )
                for s in missing
            ]
        )
    return [by_slug[s] for s in slugs]


def load_story(path: Path, project: Project, today: dt.date) -> LoadedStory:
    """Load and validate one case file; never raises for problems in the user's file."""
    loaded = LoadedStory(path.stem, path)
    if not SLUG.match(path.stem):
        loaded.problems.append(
            Problem(
                Location.of(path),
                f"the file name '{path.name}' is not a good story name",
                "use lower-case letters, digits and dashes, e.g. possum-and-kangaroo.yaml",
                "warning",
            )
        )
    try:
        loaded.doc = load_file(path)
    except StorykitError as err:
        loaded.problems.extend(err.problems)
        return loaded
    story, problems = validate_document(loaded.doc, Story)
    loaded.problems.extend(problems)
    if story is not None:
        loaded.problems.extend(check_story(loaded.doc, story, project.root, today))
        loaded.story = story
    loaded.problems.sort(key=lambda p: (p.location.line or 0, p.location.column or 0))
    return loaded
