"""The records the build index keeps, typed: the one module that reads and writes their layout.

Per story: the files its outputs were made from (with sizes, for the quick check; with
hashes, in a table), each output's record, the story's warnings and the date it was built.
Per output: what it was made from, its size, its story.json entry, its warnings and what
the site index needs of it. Records are kept as the JSON they are saved as and read through
the typed accessors here: loading the index of ten thousand stories builds no objects for
the stories a build does not touch. The project's own files (index page, feeds, upload
folders) are kept as one output's record too.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, cast

from typing_extensions import NotRequired

from storykit.digests import Inputs, InputsData
from storykit.errors import Location, Problem, Severity
from storykit.outputs.entries import Entry, written
from storykit.outputs.listing import ListingRecord
from storykit.outputs.site import PageSummary


class ProblemData(TypedDict):
    """A warning as the index keeps it: its file relative to the project, no absolute paths."""

    path: str
    line: int | None
    column: int | None
    message: str
    hint: str
    severity: Severity
    cards: NotRequired[list[str]]
    found_on: NotRequired[str]


def problem_data(problem: Problem, root: Path) -> ProblemData:
    """A warning as plain data, its file relative to the project (no absolute paths)."""
    loc = problem.location
    path = Path(loc.path).resolve()
    with contextlib.suppress(ValueError):
        path = path.relative_to(root.resolve())
    message = problem.message.replace(str(root.resolve()) + os.sep, "")
    data = ProblemData(
        path=path.as_posix(),
        line=loc.line,
        column=loc.column,
        message=message,
        hint=problem.hint,
        severity=problem.severity,
    )
    if problem.cards:
        data["cards"] = list(problem.cards)
        data["found_on"] = problem.found_on
    return data


def problem_from(data: ProblemData, root: Path) -> Problem:
    where = Location.of(root / data["path"], data["line"], data["column"])
    cards = tuple(data.get("cards", ()))
    found_on = data.get("found_on", "card")
    return Problem(where, data["message"], data["hint"], data["severity"], cards, found_on)


def problems_data(problems: Iterable[Problem], root: Path) -> list[ProblemData]:
    """The warnings among *problems*, as data (errors are never kept: a story that has one
    is not built)."""
    return [problem_data(p, root) for p in problems if not p.is_error]


Summary = PageSummary | list[ListingRecord]  # what the site index needs of a page, a listing


class OutputData(TypedDict):
    inputs: InputsData
    size: int
    entry: Entry
    problems: list[ProblemData]
    summary: NotRequired[Summary]


@dataclass
class OutputRecord:
    """What the index keeps of one output: what it was made from (recorded while it
    rendered), its size when written, its story.json entry, its warnings, and what the site
    index needs of it (a page's summary, a listing's records)."""

    inputs: Inputs
    size: int
    entry: Entry
    problems: list[ProblemData] = field(default_factory=list)
    summary: Summary | None = None

    def stamp(self) -> str:
        return self.inputs.stamp()

    def warnings(self, root: Path) -> list[Problem]:
        return [problem_from(p, root) for p in self.problems]

    def written(self) -> dict[str, int]:
        """The files this output wrote beside its own (a kit's media, a reel's cover)."""
        return written(self.entry)

    def to_data(self, table: dict[str, int]) -> OutputData:
        """As plain data, its files by their numbers in the story's *table*."""
        data = OutputData(
            inputs=self.inputs.to_data(table),
            size=self.size,
            entry=self.entry,
            problems=self.problems,
        )
        if self.summary is not None:
            data["summary"] = self.summary
        return data

    @classmethod
    def from_data(cls, data: OutputData, table: list[tuple[str, str]]) -> OutputRecord:
        return cls(
            Inputs.from_data(data["inputs"], table),
            data["size"],
            data["entry"],
            data["problems"],
            data.get("summary"),
        )


class StoryData(TypedDict):
    inputs: dict[str, int]  # files outside the build's key, by path in the project: size
    files: list[tuple[str, str]]  # every file its outputs read: path, hash
    outputs: dict[str, OutputData]  # by path in output/<slug>/, in the plan's order
    problems: list[ProblemData]  # the case file's own warnings
    built: str  # the date of the build that made it
    failed: NotRequired[bool]  # kept from a good build while the story fails


@dataclass
class StoryRecord:
    """One story's record, read from the index as it was saved (see the module's doc)."""

    data: StoryData

    @classmethod
    def make(
        cls,
        inputs: dict[str, int],
        outputs: Mapping[str, OutputRecord],
        problems: list[ProblemData],
        built: str,
    ) -> StoryRecord:
        """A built story's record: every output is current, so each file has one hash."""
        hashes = {key: h for r in outputs.values() for key, h in r.inputs.files.items()}
        table: dict[str, int] = {}
        saved = {path: r.to_data(table) for path, r in outputs.items()}
        files = [(key, hashes[key]) for key in table]
        return cls(
            StoryData(inputs=inputs, files=files, outputs=saved, problems=problems, built=built)
        )

    @property
    def built(self) -> str:
        return self.data["built"]

    @property
    def failed(self) -> bool:
        return self.data.get("failed", False)

    def failing(self) -> StoryRecord:
        """This record, kept for a story that fails now."""
        data = self.data.copy()
        data["failed"] = True
        return StoryRecord(data)

    def inputs(self) -> dict[str, int]:
        return self.data["inputs"]

    def sizes(self) -> dict[str, int]:
        """Each output's size when written, by its path in output/<slug>/."""
        return {path: out["size"] for path, out in self.data["outputs"].items()}

    def output(self, path: str) -> OutputRecord | None:
        data = self.data["outputs"].get(path)
        return None if data is None else OutputRecord.from_data(data, self.data["files"])

    def entries(self) -> list[Entry]:
        """story.json's entries, in the plan's order."""
        return [out["entry"] for out in self.data["outputs"].values()]

    def summary(self, path: str) -> Summary | None:
        out = self.data["outputs"].get(path)
        return None if out is None else out.get("summary")

    def page_summary(self) -> PageSummary | None:
        for out in self.data["outputs"].values():
            if out["entry"]["kind"] == "page" and "summary" in out:
                return cast(PageSummary, out["summary"])
        return None

    def listings(self) -> list[ListingRecord]:
        """The story's animals as its listing records (for the feeds), [] if none."""
        for out in self.data["outputs"].values():
            if out["entry"]["kind"] == "listing":
                return cast(list[ListingRecord], out.get("summary", []))
        return []

    def problems(self, root: Path) -> list[Problem]:
        """Its warnings: its case file's, then its outputs'."""
        found = [
            *self.data["problems"],
            *(p for out in self.data["outputs"].values() for p in out["problems"]),
        ]
        return [problem_from(p, root) for p in found]

    def outputs_on_disk(self, folder: str) -> bool:
        """Every output still on disk at its recorded size (*folder*: output/<slug>)."""
        return on_disk(folder, ((p, out["size"]) for p, out in self.data["outputs"].items()))


def on_disk(folder: str | Path, files: Iterable[tuple[str, int]]) -> bool:
    """Every file named (by its path under *folder*) is there at its recorded size: storykit
    expects nobody to edit its outputs, so a size that moved means the file was changed.
    Plain strings, not Paths: called for every output of every story on every build."""
    try:
        return all(os.stat(f"{folder}/{rel}").st_size == size for rel, size in files)
    except OSError:
        return False


class SiteData(TypedDict):
    """The project's own files' record (its files in a table of their own)."""

    table: list[tuple[str, str]]
    output: OutputData


def site_data(record: OutputRecord) -> SiteData:
    table: dict[str, int] = {}
    output = record.to_data(table)
    return SiteData(table=[(key, record.inputs.files[key]) for key in table], output=output)


def site_record(data: SiteData) -> OutputRecord:
    return OutputRecord.from_data(data["output"], data["table"])
