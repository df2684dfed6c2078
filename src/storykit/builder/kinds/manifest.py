"""story.json: every file the story's build made, with what each one is (its entry)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storykit import __version__
from storykit.builder.job import StoryJob
from storykit.builder.kinds.base import Made, Phase, Shown, StoryKind
from storykit.builder.plan import Output, StoryPlan
from storykit.digests import Recorder
from storykit.outputs.entries import Entry, ManifestEntry

MANIFEST = "story.json"


@dataclass(frozen=True)
class ManifestOutput(Output):
    pass


class Manifest(StoryKind[ManifestOutput]):
    """story.json, put together from the entries of the story's other outputs."""

    name = "manifest"
    phase = Phase.MANIFEST
    story_files = False  # its values are the story's title and status, not the whole file
    assembled = True

    def plan(self, plan: StoryPlan) -> Sequence[ManifestOutput]:
        return [ManifestOutput(MANIFEST)]

    def key(self, job: StoryJob, out: ManifestOutput, recorder: Recorder) -> None:
        recorder.value("story", job.slug, job.story.title, job.story.status)

    def render(self, job: StoryJob, out: ManifestOutput, shown: Shown) -> Made:
        entry = ManifestEntry(path=out.path, kind="manifest")
        entries = [*shown.entries(), entry]
        data = {
            "slug": job.slug,
            "title": job.story.title,
            "status": job.story.status,
            "date": job.session.today.isoformat(),
            "storykit": __version__,
            "files": [_entry_order(e) for e in entries],
        }
        return Made((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode(), entry)


def _entry_order(entry: Entry) -> dict[str, object]:
    """path and kind first, then the rest by name: the same bytes whether an entry was just
    made or read back from the index (which stores keys sorted)."""
    first = {"path": entry["path"], "kind": entry["kind"]}
    rest: Mapping[str, object] = entry
    return {**first, **{k: _sorted(rest[k]) for k in sorted(rest) if k not in first}}


def _sorted(value: object) -> object:
    """*value* with the keys of every mapping in it sorted, as the index stores them."""
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value
