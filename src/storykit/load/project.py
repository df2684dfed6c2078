"""Load stage: find the project, read storykit.yaml and the case files into validated models."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from storykit.errors import ArgumentError, Location, Problem, StorykitError, display_path
from storykit.load.discover import case_files, slug_clashes
from storykit.load.document import Document, load_file
from storykit.load.model import Config, Story
from storykit.load.normalise import normalise, placeholders
from storykit.load.photo_files import check_photo_files, without_awaited
from storykit.load.root import CONFIG_NAME, output_dir
from storykit.load.validate import M, validate_document, validate_story

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
        return output_dir(self.root)

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
    # photos the case file names with their url: but that are not downloaded yet: left out
    # of the story (so of the build), and recorded as inputs so that their arrival is a change
    awaited: list[Path] = field(default_factory=list)

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
    config, problems = read_document(doc, Config, "storykit init")
    return Project(root, config or Config(), doc), problems


def read_document(doc: Document, model: type[M], starter: str) -> tuple[M | None, list[Problem]]:
    """Choices understood as volunteers write them, placeholders caught, then validation.

    A placeholder is reported once, as a placeholder, not again as a value of the wrong
    form; a document that still holds one gives no model, so nothing from it is published.
    """
    notes = normalise(doc, model)
    held = placeholders(doc, starter)
    result, problems = validate_document(doc, model)
    at = {p.location for p in held}
    problems = [p for p in problems if p.location not in at]
    return (None if held else result), [*notes, *held, *problems]


def story_paths(project: Project, slugs: tuple[str, ...] = ()) -> list[Path]:
    """The case files to work on: every .yaml or .yml under stories/ (in any case, and in
    sub-folders too), or the ones named. Two files that would be the same story are an error
    naming both."""
    folder = project.stories_dir
    found = case_files(folder) if folder.is_dir() else []
    clashes = slug_clashes(found)
    if clashes:
        raise StorykitError(
            [
                Problem(
                    Location.of(group[-1]),
                    f"these files would be the same story '{group[0].stem}': "
                    + " and ".join(display_path(p) for p in group),
                    "rename one of them: each story needs its own name, even in another "
                    "folder (it is the name of its folder in output/)",
                )
                for group in clashes
            ]
        )
    if not slugs:
        return found
    by_slug = {p.stem: p for p in found}
    missing = [s for s in dict.fromkeys(slugs) if s not in by_slug]
    if missing:
        raise _no_such_stories(missing, sorted(by_slug))
    return [by_slug[s] for s in slugs]


def _no_such_stories(missing: list[str], known: list[str]) -> ArgumentError:
    """Stories named (on the command line) that have no case file: all of them in one."""
    here = f"stories here: {', '.join(known) or 'none yet'}"
    if len(missing) == 1:
        (s,) = missing
        message = f"there is no story '{s}' (no {s}.yaml in stories/)"
        return ArgumentError("slugs", message, f"{here}; or create it with 'storykit new {s}'")
    names = ", ".join(f"'{s}'" for s in missing)
    files = ", ".join(f"{s}.yaml" for s in missing)
    message = f"there are no stories {names} (no {files} in stories/)"
    return ArgumentError("slugs", message, f"{here}; or create each with 'storykit new NAME'")


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
    story, problems = read_document(loaded.doc, Story, "storykit new")
    loaded.problems.extend(problems)
    if story is not None:
        org_link = project.config.organisation.animals_link
        loaded.problems.extend(validate_story(loaded.doc, story, project.root, today, org_link))
        files = check_photo_files(loaded.doc, story, project.root)
        loaded.problems.extend(files.problems)
        loaded.awaited = list(files.awaited.values())
        loaded.story = without_awaited(loaded.doc, story, files.awaited)
    loaded.problems.sort(key=lambda p: (p.location.line or 0, p.location.column or 0))
    return loaded
