"""What every kind of output is: its phase, how it is planned, keyed and rendered."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from storykit.builder.records import Summary
from storykit.digests import Recorder
from storykit.errors import Problem
from storykit.outputs.entries import Entry

if TYPE_CHECKING:
    from storykit.builder.job import StoryJob  # noqa: F401  (in StoryKind)
    from storykit.builder.plan import Output, StoryPlan


class Phase(enum.Enum):
    """When a kind renders in a story's build (builder/story.py runs them in this order)."""

    DRAW = "draw"  # keyed first and drawn by the workers (cards, web photos, reels)
    TEXT = "text"  # rendered here while the workers draw (blurbs, captions)
    SHOWN = "shown"  # made from the story's other outputs (listing, zip, kits, page)
    MANIFEST = "manifest"  # story.json: every other output's entry
    PROJECT = "project"  # once for the project, after every story (the index page, feeds)


@dataclass
class Made:
    """One output made: its bytes, its story.json entry, the problems found on the way,
    what the site index needs of it, and the files written beside it (a kit's caption and
    media; a reel's cover), by their paths in output/<slug>/. A file beside it may be a link
    to another output of the story (*links*: its path -> the output's path), written as a
    hard link where the filesystem has them."""

    data: bytes
    entry: Entry
    problems: list[Problem] = field(default_factory=list)
    summary: Summary | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)


@dataclass
class Shown:
    """The story's outputs made so far, as an output that shows them sees them: each one it
    looks at is recorded as its input, at its stamp."""

    made: dict[str, Entry]  # path -> story.json entry, in the plan's order
    data: Callable[[str], bytes]  # an output's bytes (or a file's beside one) by its path
    stamps: dict[str, str]  # path -> the stamp of what it was made from
    recorder: Recorder  # the inputs of the output that shows them

    def entries(self, kind: str | None = None) -> list[Entry]:
        """The entries of the outputs made (of one kind, if given), in the plan's order."""
        found = [e for e in self.made.values() if kind is None or e["kind"] == kind]
        for entry in found:
            self.recorder.output(entry["path"], self.stamps[entry["path"]])
        return found

    def read(self, path: str) -> bytes:
        self.recorder.output(path, self.stamps[path])
        return self.data(path)


J = TypeVar("J")  # what an output is made from: a story's job, or the project's
OutT = TypeVar("OutT", bound="Output")


class Kind(Generic[J, OutT]):
    """One kind of output, the way a Lektor build program is one kind of source: which
    outputs a story gets (plan, pure), what each is made with beyond the files it reads
    (key: the values recorded before it renders) and how it is made (render). Kinds of the
    DRAW phase are not rendered here: they say what to draw (see kinds/drawn.py)."""

    name: ClassVar[str]
    phase: ClassVar[Phase]
    dated: ClassVar[bool] = True  # made with the build's date (ages in words, the page)
    story_files: ClassVar[bool] = True  # reads the case file and storykit.yaml
    assembled: ClassVar[bool] = False  # put together from the others' records (story.json)
    shares_decodes: ClassVar[bool] = False  # drawn from the batch's photo decodes

    def plan(self, plan: StoryPlan) -> Sequence[OutT]:
        raise NotImplementedError

    def key(self, job: J, out: OutT, recorder: Recorder) -> None:
        """Record the values *out* is made with, known before it renders (its path, storykit's
        own code and, for dated kinds, the date are recorded for every output)."""

    def render(self, job: J, out: OutT, shown: Shown) -> Made:
        raise NotImplementedError


StoryKind = Kind["StoryJob", OutT]  # a kind of output each story gets
