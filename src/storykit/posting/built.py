"""The one place posting meets the build: stories made current, then read back as built."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from storykit.builder.kinds.manifest import MANIFEST
from storykit.errors import Location, Problem, StorykitError
from storykit.load.root import output_dir
from storykit.outputs.entries import Entry


@dataclass(frozen=True)
class BuiltStory:
    """A story as its last good build left it in output/<slug>/."""

    slug: str
    folder: Path  # output/<slug>/
    status: str
    entries: tuple[Entry, ...]  # story.json's "files"

    def entry(self, path: str) -> Entry:
        """The story.json entry of the output at *path* (relative to the folder)."""
        for entry in self.entries:
            if entry["path"] == path:
                return entry
        raise StorykitError.at(
            self.folder / MANIFEST,
            f"the story's build lists no {path}",
            "run 'storykit build' for it; if this stays, it is a bug in storykit",
        )


@dataclass(frozen=True)
class Built:
    """The stories asked for that built, and every problem the build found (those of the
    stories that failed among them: a failed story is not in *stories*)."""

    stories: dict[str, BuiltStory]
    problems: list[Problem]


def current_stories(root: Path, slugs: tuple[str, ...] = ()) -> Built:
    """The stories named (every story when none), each built first unless it is current.

    The build is the project's own (`storykit build SLUG...`): what is current is taken as
    it is, what changed is rendered, under the build's lock. A story that fails to build is
    left out, with its problems; a story name that is not there is an ArgumentError.
    """
    from storykit.builder.index import survey
    from storykit.builder.project import build

    surveyed = survey(root, None, slugs)
    problems: list[Problem] = []
    if surveyed.noop is not None:
        slugs_built = sorted(slugs or surveyed.index.stories)
        problems = list(surveyed.noop.warnings)
    else:
        report = build(root, slugs, surveyed=surveyed)
        problems = report.all_problems
        slugs_built = [s.slug for s in report.stories if s.built and not s.failed]
    output = output_dir(root)
    return Built({slug: read_story(output / slug) for slug in slugs_built}, problems)


def read_story(folder: Path) -> BuiltStory:
    """A built story from its story.json."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_bytes())
        return BuiltStory(folder.name, folder, data["status"], tuple(data["files"]))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise StorykitError(
            Problem(
                Location.of(path),
                f"cannot read the story's build record ({err})",
                "run 'storykit build' for it, then post again",
            )
        ) from None
