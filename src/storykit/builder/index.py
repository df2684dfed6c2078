"""The build index (output/.storykit/index.json): what the last build made, and the survey
that reads it before a build to find what is unchanged (no YAML, Jinja or images)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import orjson

from storykit import __version__
from storykit.builder.records import (
    OutputRecord,
    SiteData,
    StoryRecord,
    SurveyData,
    site_from_data,
    site_to_data,
)
from storykit.builder.state import BUILDING
from storykit.cards.subjects import DetectionCache, DetectionData
from storykit.digests import Hashes, Stat, digest, engine, file_digest, stat_of, tree_digest
from storykit.errors import Problem
from storykit.fsutil import write_atomic
from storykit.load.discover import story_names
from storykit.load.root import CONFIG_NAME, WORK, output_dir

INDEX = Path(WORK) / "index.json"
STORIES = Path(WORK) / "stories"  # each story's outputs' records: <slug>.json
FORMAT = 5
TEMPLATES = "templates"  # the project's templates: in the key of the whole build


class IndexData(TypedDict):
    format: int
    storykit: str
    key: str
    date: str
    date_source: str
    stories: dict[str, SurveyData]
    hashes: dict[str, tuple[int, str]]
    site: SiteData | None
    detections: DetectionData | None


def in_key(key: str) -> bool:
    """A project file (by its path in the project) that global_key covers for every story."""
    return key == CONFIG_NAME or key.startswith(TEMPLATES + "/")


@dataclass
class Index:
    """What the last build made: each story's record (records.StoryRecord: its survey in
    index.json, its outputs' records in stories/<slug>.json, read when needed), the project's
    own files' record, the hashes of the files read, and the animals found in each photo.

    It holds no times: index.json's own modification time is the start of the build that
    wrote it, so two clean builds write the same bytes.
    """

    root: Path
    key: str = ""
    date: str = ""
    date_source: str = ""
    stories: dict[str, StoryRecord] = field(default_factory=dict)
    hashes: Hashes = field(init=False)
    known: dict[str, tuple[int, str]] = field(default_factory=dict)
    stat: Stat | None = None  # index.json's size and time when it was loaded
    site: OutputRecord | None = None  # the project's own files: index page, feeds, uploads
    # the animals found in each photo, by its content's digest: read into a cache only by a
    # build that draws cards
    detections_data: DetectionData | None = None
    _detections: DetectionCache | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.hashes = Hashes(self.root, self.stat[1] if self.stat else 0, self.known)
        # output/ and where each story's record is, as plain strings: used for every story
        self._output = str(self.output_dir)
        self._records = f"{self.output_dir / STORIES}/"

    @property
    def output_dir(self) -> Path:
        return output_dir(self.root)

    @property
    def detections(self) -> DetectionCache:
        """What the detector found in each photo, by the digest of its content (the one
        Hashes gives): a photo found here is never detected again."""
        if self._detections is None:
            self._detections = DetectionCache.from_plain(self.detections_data)
        return self._detections

    def detections_to_save(self) -> DetectionData | None:
        """The detections table as the index keeps it: only photos whose digest the index
        still knows (a photo replaced or removed leaves with its digest)."""
        if self._detections is None:
            return self.detections_data
        known = {h for _, h in self.hashes.known.values()} | set(self.hashes.outside.values())
        cache = self._detections
        kept = DetectionCache({k: v for k, v in cache.found.items() if k in known})
        return kept.to_plain() if kept.found else None

    @classmethod
    def load(cls, root: Path) -> Index:
        path = output_dir(root) / INDEX
        try:
            st = path.stat()
            data: IndexData = orjson.loads(path.read_bytes())
            if data.get("format") != FORMAT or data.get("storykit") != __version__:
                return cls(root)
            site = data["site"]
            return cls(
                root,
                data["key"],
                data["date"],
                data["date_source"],
                {slug: StoryRecord(survey) for slug, survey in data["stories"].items()},
                data["hashes"],
                (st.st_size, st.st_mtime_ns),
                site_from_data(site) if site else None,
                data["detections"],
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(root)

    def on_disk(self) -> bool:
        """True if index.json is still the file this was loaded from (no build since)."""
        return self.stat is not None and stat_of(self.output_dir / INDEX) == self.stat

    def full(self, slug: str) -> StoryRecord | None:
        """The story's whole record (its outputs' records read from its file), if any."""
        record = self.stories.get(slug)
        if record is not None and record.data is None:
            try:
                with open(f"{self._records}{slug}.json", "rb") as fh:
                    record.data = orjson.loads(fh.read())
            except (OSError, ValueError):
                return None  # its file is gone: the story is built afresh
        return record

    def save(self, started_ns: int, gone: Iterable[str] = ()) -> None:
        """Write the records of the stories built now, remove those of stories *gone*, then
        the index, stamped with the time the build started (fsync: after the files it lists)."""
        folder = self.output_dir / STORIES
        for slug, story in self.stories.items():
            if story.new and story.data is not None:
                write_atomic(
                    folder / f"{slug}.json",
                    orjson.dumps(story.data, option=orjson.OPT_SORT_KEYS) + b"\n",
                )
        for slug in gone:
            (folder / f"{slug}.json").unlink(missing_ok=True)
        record = IndexData(
            format=FORMAT,
            storykit=__version__,
            key=self.key,
            date=self.date,
            date_source=self.date_source,
            stories={slug: story.survey for slug, story in self.stories.items()},
            hashes=self.hashes.known,
            site=site_to_data(self.site) if self.site else None,
            detections=self.detections_to_save(),
        )
        data = orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n"
        # its time, at once: what the next build compares files' times with
        write_atomic(self.output_dir / INDEX, data, durable=True, mtime_ns=started_ns)

    def story_fresh(self, slug: str) -> bool:
        """A story whose case file and photos are unchanged and whose outputs are all there.

        Called for every story on every build, so it stats plain strings, not Paths.
        """
        record = self.stories.get(slug)
        if record is None or record.failed:
            return False  # a kept record of a story that failed since: build it again
        unchanged = self.hashes.unchanged
        root = str(self.root)
        if not all(unchanged(f"{root}/{rel}", size) for rel, size in record.inputs().items()):
            return False
        return record.outputs_on_disk(f"{self._output}/{slug}")


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
    """A build found to have nothing to do: how many stories and files were checked, and
    their warnings (worded only when asked for: a quiet no-op says nothing)."""

    stories: int
    files: int
    records: list[StoryRecord]
    root: Path

    @functools.cached_property
    def warnings(self) -> list[Problem]:
        return [p for record in self.records for p in record.problems(self.root)]


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
    found = story_names(root / "stories")
    present = set(found)
    if len(present) != len(found):  # two files would be one story: the build says so
        return Survey(index, date, key)
    wanted = set(slugs) if slugs else present
    fresh = {slug for slug in sorted(wanted & present) if index.story_fresh(slug)}
    checked = Survey(index, date, key, fresh, stale=len(wanted - fresh))
    if (
        fresh != wanted
        or (not slugs and wanted != set(index.stories))
        or (output_dir(root) / BUILDING).exists()
    ):
        return checked
    records = [index.stories[slug] for slug in sorted(wanted)]
    files = sum(len(record.sizes()) for record in records)
    checked.noop = NoOp(len(wanted), files, records, root)
    return checked
