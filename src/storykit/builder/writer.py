"""Writing a build's files: each atomically, counted, and each built story's record kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from storykit.builder.artifact import Artifact
from storykit.builder.index import Index, in_key
from storykit.builder.records import OutputRecord, StoryRecord, problems_data
from storykit.builder.report import Report
from storykit.digests import MISSING, stat_of
from storykit.fsutil import link_atomic, write_atomic
from storykit.load.project import LoadedStory


class Writer:
    """Writes outputs into output/, counts what changed, and keeps each built story's
    record for the index."""

    def __init__(self, report: Report, index: Index):
        self.report = report
        self.index = index
        self.output_dir = index.output_dir
        self.records: dict[str, StoryRecord] = {}

    def folder(self, slug: str) -> Path:
        return self.output_dir / slug

    def unchanged(self, n: int = 1) -> None:
        self.report.unchanged += n

    def write(self, path: Path, data: bytes, *, rendered: bool = True) -> int:
        """Write *data* at *path* unless the same bytes are there; its size. An output is
        *rendered* (listed in Report.rendered) unless it is put together from the others'
        records (story.json, the site index)."""
        if rendered:
            self.report.rendered.append(path.relative_to(self.output_dir).as_posix())
        st = stat_of(path)
        if st is not None and st[0] == len(data) and path.read_bytes() == data:
            self.report.unchanged += 1
        else:
            write_atomic(path, data)
            self.report.written += 1
        return len(data)

    def link(self, path: Path, source: Path) -> None:
        """Make *path* the same file as *source* (an output of the story, on disk): a hard
        link where the filesystem has them, else a copy."""
        if path.exists() and path.samefile(source):
            self.report.unchanged += 1
            return
        link_atomic(path, source)
        self.report.written += 1

    def commit(self, loaded: LoadedStory, artifacts: Iterable[Artifact], today: dt.date) -> None:
        """Write every staged output of a story, then keep its record."""
        artifacts = list(artifacts)
        self.write_made(self.folder(loaded.slug), artifacts)
        records = {a.path: a.record for a in artifacts if a.record is not None}
        self.keep(loaded, records, today)

    def write_made(self, folder: Path, artifacts: list[Artifact]) -> None:
        """Write the staged outputs of *artifacts* into *folder*, each atomically: the files
        beside each one first, then the output; links after the files they link to."""
        for artifact in artifacts:
            made = artifact.made
            if made is None:
                continue
            for companion, data in made.files.items():
                self.write(folder / companion, data, rendered=False)
            self.write(folder / artifact.path, made.data, rendered=not artifact.kind.assembled)
        for artifact in artifacts:  # the links, once every file they link to is written
            made = artifact.made
            for path, source in made.links.items() if made else ():
                self.link(folder / path, folder / source)

    def keep(self, loaded: LoadedStory, records: dict[str, OutputRecord], today: dt.date) -> None:
        """Remember a built story: the files its outputs were made from (with their sizes,
        for the quick check; those in the build's key aside), each output's record, and the
        date of the build (a story that fails later keeps this record, and says from when)."""
        root = self.index.root
        inputs = {  # a file missing (a photo not downloaded yet): -1, until it comes
            key: (stat_of(root / key) or (MISSING, 0))[0]
            for key in sorted({k for r in records.values() for k in r.inputs.files})
            if not in_key(key)
        }
        problems = problems_data(loaded.problems, root)
        self.records[loaded.slug] = StoryRecord.make(inputs, records, problems, today.isoformat())
