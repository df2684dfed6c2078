"""What a build or a check reports: each story's result and the project's own problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storykit.errors import Problem
from storykit.messages import merged
from storykit.outputs.captions import Caption
from storykit.outputs.entries import Entry


@dataclass
class StoryResult:
    """What happened to one story: the files it has, and the problems found in it."""

    slug: str
    path: Path
    built: bool = False
    files: list[Entry] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)  # check's: each caption fitted
    problems: list[Problem] = field(default_factory=list)
    detected: int = 0  # photos the detector ran on for this story's cards in this build

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


@dataclass
class Report:
    """The outcome of a build or check: every story's result and the project's own problems."""

    stories: list[StoryResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    rendered: list[str] = field(default_factory=list)  # outputs made again, from output/
    halted: bool = False  # stopped before any story: the project's own files are unusable

    @property
    def all_problems(self) -> list[Problem]:
        """Every problem once: one found on several cards names them all."""
        return merged([*self.problems, *(p for s in self.stories for p in s.problems)])

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.all_problems)
