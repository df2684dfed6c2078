"""An artifact: one planned output being built, which knows whether it is current."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storykit.builder.records import OutputRecord, on_disk, problems_data
from storykit.digests import Recorder

if TYPE_CHECKING:
    from storykit.builder.kinds.base import Kind, Made
    from storykit.builder.plan import Output


@dataclass
class Artifact:
    """One output being built: its kind, what it is made with (its recorder: the values
    known before it renders, then every file and output it reads while it does), the record
    of its last build and, once made, its bytes (staged: written with the story's other
    outputs, or not at all) and its new record."""

    output: Output
    kind: Kind[Any, Any]
    recorder: Recorder
    old: OutputRecord | None
    made: Made | None = None  # staged
    record: OutputRecord | None = None  # the new one, or the old one if current
    alt: str = ""  # a drawn output's alt text, known when it is keyed
    keyed: object = None  # what else a drawn kind worked out when keyed, for receive

    @property
    def path(self) -> str:
        return self.output.path

    def current(self, folder: Path, stamps: dict[str, str]) -> bool:
        """Made last time of the same values and files (each at its recorded hash), showing
        the same outputs, and its files intact: then it is not made again."""
        old = self.old
        recorded = self.recorder
        return (
            old is not None
            and old.inputs.current(recorded.hashes, recorded.values_digest(), stamps)
            and on_disk(folder, [(self.path, old.size), *old.written().items()])
        )

    def keep(self) -> None:
        """Take the last build's output as it is."""
        self.record = self.old

    def stage(self, made: Made, root: Path) -> None:
        """Keep *made* to write with the story's other outputs, and its new record."""
        self.made = made
        self.record = OutputRecord(
            self.recorder.inputs,
            len(made.data),
            made.entry,
            problems_data(made.problems, root),
            made.summary,
        )
