"""What each output was made from, so a rebuild renders only what changed (no YAML or Jinja)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from storykit import __version__
from storykit.cards.subjects import DetectionCache
from storykit.digests import (
    Hashes,
    Inputs,
    Stat,
    digest,
    engine,
    file_digest,
    stat_of,
    tree_digest,
)
from storykit.errors import Location, Problem
from storykit.fsutil import write_atomic
from storykit.load.discover import case_files
from storykit.load.root import CONFIG_NAME

INDEX = Path(".storykit") / "index.json"
FORMAT = 3
TEMPLATES = "templates"  # the project's templates: in the key of the whole build


@dataclass
class OutputRecord:
    """What the index keeps of one output: what it was made from (recorded while it
    rendered), its size when written, its story.json entry, its warnings (as data) and
    what the site index needs of it (a page's summary, a listing's records)."""

    inputs: Inputs
    size: int
    entry: dict[str, Any]
    problems: list[list[Any]] = field(default_factory=list)
    summary: Any = None

    def stamp(self) -> str:
        return self.inputs.stamp()

    def intact(self, path: Path) -> bool:
        """The output still on disk at the size it was written (storykit expects no edits)."""
        st = stat_of(path)
        return st is not None and st[0] == self.size

    def to_data(self, table: dict[str, int]) -> dict[str, Any]:
        """As plain data, its files by their numbers in the story's *table*."""
        data = {
            "inputs": self.inputs.to_data(table),
            "size": self.size,
            "entry": self.entry,
            "problems": self.problems,
        }
        return data if self.summary is None else {**data, "summary": self.summary}

    @classmethod
    def from_data(cls, data: dict[str, Any], table: list[list[str]]) -> OutputRecord:
        return cls(
            Inputs.from_data(data["inputs"], table),
            data["size"],
            data["entry"],
            data.get("problems", []),
            data.get("summary"),
        )


def in_key(key: str) -> bool:
    """A project file (by its path in the project) that global_key covers for every story."""
    return key == CONFIG_NAME or key.startswith(TEMPLATES + "/")


def problem_to_data(problem: Problem, root: Path) -> list[Any]:
    """A warning as plain data, its file relative to the project (no absolute paths)."""
    loc = problem.location
    path = Path(loc.path).resolve()
    with contextlib.suppress(ValueError):
        path = path.relative_to(root.resolve())
    message = problem.message.replace(str(root.resolve()) + os.sep, "")
    data = [path.as_posix(), loc.line, loc.column, message, problem.hint, problem.severity]
    return [*data, list(problem.cards), problem.found_on] if problem.cards else data


def problem_from_data(data: list[Any], root: Path) -> Problem:
    path, line, column, message, hint, severity, *found = data
    where = Location.of(root / path, line, column)
    cards, found_on = (
        (tuple(found[0]), found[1] if len(found) > 1 else "card") if found else ((), "card")
    )
    return Problem(where, message, hint, severity, cards, found_on)


def record_problems(record: dict[str, Any], root: Path) -> list[Problem]:
    """The warnings a built story's record holds: its case file's, then its outputs'."""
    found = [
        *record.get("problems", []),
        *(p for o in record["outputs"].values() for p in o.get("problems", [])),
    ]
    return [problem_from_data(p, root) for p in found]


@dataclass
class SiteRecord:
    """What the index keeps of the project's own files (output/index.html, the feeds and
    the upload folders, made together from every story's record): what they were made
    from, each file's size when written, and their warnings (as data)."""

    inputs: Inputs
    files: dict[str, int]  # path in output/ -> size
    problems: list[list[Any]] = field(default_factory=list)

    def intact(self, output_dir: Path) -> bool:
        return all(
            (st := stat_of(output_dir / name)) is not None and st[0] == size
            for name, size in self.files.items()
        )

    def to_data(self) -> dict[str, Any]:
        table: dict[str, int] = {}
        inputs = self.inputs.to_data(table)
        files = [[key, self.inputs.files[key]] for key in table]
        return {"inputs": inputs, "table": files, "files": self.files, "problems": self.problems}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SiteRecord:
        inputs = Inputs.from_data(data["inputs"], data["table"])
        return cls(inputs, dict(data["files"]), list(data.get("problems", [])))


@dataclass
class Index:
    """output/.storykit/index.json: per story, "inputs" (the files its outputs were made
    from, outside the build's key, with their sizes: the quick check), "files" (each file
    its outputs read, with its hash), "outputs" (each output's OutputRecord.to_data, its
    files by their numbers in "files"), its warnings and the date it was built.

    It holds no times: the file's own modification time is the start of the build that
    wrote it, so two clean builds write the same bytes.
    """

    root: Path
    key: str = ""
    date: str = ""
    date_source: str = ""
    stories: dict[str, dict[str, Any]] = field(default_factory=dict)
    hashes: Hashes | None = None
    stat: Stat | None = None  # index.json's size and time when it was loaded
    site: SiteRecord | None = None  # the project's own files: index page, feeds, uploads
    # the animals found in each photo, by its content's digest (DetectionCache.to_plain(),
    # with the detector's version): read into a cache only by a build that draws cards
    detections_data: dict[str, Any] | None = None
    _detections: DetectionCache | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.hashes is None:
            self.hashes = Hashes(self.root)

    @property
    def detections(self) -> DetectionCache:
        """What the detector found in each photo, by the digest of its content (the one
        Hashes gives): a photo found here is never detected again."""
        if self._detections is None:
            self._detections = DetectionCache.from_plain(self.detections_data)
        return self._detections

    def detections_to_save(self) -> dict[str, Any] | None:
        """The detections table as the index keeps it: only photos whose digest the
        index still knows (a photo replaced or removed leaves with its digest)."""
        if self._detections is None:
            return self.detections_data
        assert self.hashes is not None
        known = {str(h[1]) for h in self.hashes.known.values()} | set(self.hashes.outside.values())
        cache = self._detections
        kept = DetectionCache({k: v for k, v in cache.found.items() if k in known})
        return kept.to_plain() if kept.found else None

    @classmethod
    def load(cls, root: Path) -> Index:
        path = root / "output" / INDEX
        try:
            st = path.stat()
            data = orjson.loads(path.read_bytes())
            if data.get("format") != FORMAT or data.get("storykit") != __version__:
                return cls(root)
            stat = (st.st_size, st.st_mtime_ns)
            return cls(
                root,
                data["key"],
                data["date"],
                data["date_source"],
                data["stories"],
                Hashes(root, stat[1], data["hashes"]),
                stat,
                SiteRecord.from_data(data["site"]) if data.get("site") else None,
                data.get("detections"),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(root)

    def on_disk(self) -> bool:
        """True if index.json is still the file this was loaded from (no build since)."""
        return self.stat is not None and stat_of(self.root / "output" / INDEX) == self.stat

    def save(self, started_ns: int) -> None:
        """Write the index, stamped with the time the build started."""
        assert self.hashes is not None
        record = {
            "format": FORMAT,
            "storykit": __version__,
            "key": self.key,
            "date": self.date,
            "date_source": self.date_source,
            "stories": self.stories,
            "hashes": self.hashes.known,
            "site": self.site.to_data() if self.site else None,
            "detections": self.detections_to_save(),
        }
        path = self.root / "output" / INDEX
        data = orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n"
        write_atomic(path, data, durable=True, mtime_ns=started_ns)  # its time, at once

    def story_fresh(self, slug: str) -> bool:
        """A story whose case file and photos are unchanged and whose outputs are all there.

        Called for every story on every build, so it stats plain strings, not Paths.
        """
        record = self.stories.get(slug)
        if not record or self.hashes is None or record.get("failed"):
            return False  # a kept record of a story that failed since: build it again
        unchanged = self.hashes.unchanged
        if not all(unchanged(self.root / rel, size) for rel, size in record["inputs"].items()):
            return False
        folder = f"{self.root}{os.sep}output{os.sep}{slug}{os.sep}"
        try:
            return all(
                os.stat(folder + rel).st_size == out["size"]
                for rel, out in record["outputs"].items()
            )
        except OSError:
            return False


def global_key(root: Path, date: dt.date) -> str:
    """Everything every story depends on: storykit itself, the date, settings and templates."""
    return digest(
        engine(),
        date.isoformat(),
        file_digest(root / CONFIG_NAME),
        tree_digest(root / TEMPLATES),
    )


@dataclass
class NoOp:
    """A build found to have nothing to do: how many stories and files were checked."""

    stories: int
    files: int
    warnings: list[Problem]


@dataclass
class Survey:
    """What the last build left, read before the build takes its lock: the index, the key
    and date it was checked against, and the stories whose inputs and outputs are as it
    recorded. The build takes these over while index.json is the file read here."""

    index: Index
    date: dt.date | None = None
    key: str = ""
    fresh: set[str] = field(default_factory=set)
    noop: NoOp | None = None
    stale: int | None = None  # how many stories are to build, when known

    def fresh_for(self, index: Index, key: str, date: dt.date) -> set[str] | None:
        """The fresh stories, if this survey holds for a build of *index* with *key*."""
        if index is self.index and self.key == key and self.date == date and index.on_disk():
            return self.fresh
        return None


def survey(root: Path, date_arg: dt.date | None, slugs: tuple[str, ...]) -> Survey:
    """Which stories are unchanged since the last build, and whether that is all of them.

    Only stat calls, a few small hashes and one JSON file: no YAML, templates or images.
    With noop set, there is nothing to build; otherwise the build goes on from here.
    """
    index = Index.load(root)
    if not index.key:
        return Survey(index)
    if date_arg is not None:
        date = date_arg
    elif index.date_source == "config":
        date = dt.date.fromisoformat(index.date)  # storykit.yaml's date: the key checks the file
    else:
        date = dt.date.today()
    key = global_key(root, date)
    if index.date != date.isoformat() or index.key != key:
        return Survey(index, date, key)
    found = case_files(root / "stories")
    present = {p.stem for p in found}
    if len(present) != len(found):  # two files would be one story: the build says so
        return Survey(index, date, key)
    wanted = set(slugs) if slugs else present
    fresh = {slug for slug in sorted(wanted & present) if index.story_fresh(slug)}
    checked = Survey(index, date, key, fresh, stale=len(wanted - fresh))
    if (
        fresh != wanted
        or (not slugs and wanted != set(index.stories))
        or (root / "output" / ".storykit" / "building").exists()
    ):
        return checked
    files = 0
    warnings: list[Problem] = []
    for slug in sorted(wanted):
        record = index.stories[slug]
        files += len(record["outputs"])
        warnings.extend(record_problems(record, root))
    checked.noop = NoOp(len(wanted), files, warnings)
    return checked
