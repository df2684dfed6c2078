"""A reel to make in a card worker: what the build knows before the animals are found, and
the reel made from it once they are (from the card batch's own decodes, or the cache)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from storykit.cards.subjects import Subject

if TYPE_CHECKING:  # the timeline loads Pillow and the card drawing: only where reels are made
    from storykit.reels.inputs import ReelClip, ReelSettings, ReelTexts


@dataclass(frozen=True)
class JobPhoto:
    """One photo of the reel: its upright size, what frames it (the case file's focus and
    subject box, or the animals an earlier build found: None when not known yet), whether
    animals are looked for at all, and its line of text."""

    path: Path
    size: tuple[int, int]
    focus: tuple[float, float] | None = None
    subject: Subject | None = None  # from the case file's subject: box
    subjects: tuple[Subject, ...] | None = None
    searched: bool = True
    line: str = ""


@dataclass(frozen=True)
class ReelJob:
    """One reel to make: the paths it is written to (one per platform that posts it: the
    same bytes), its photos, clips, texts, settings and music, and a scratch folder under
    output/ for the file while it is encoded."""

    keys: tuple[str, ...]
    photos: tuple[JobPhoto, ...]
    texts: ReelTexts
    settings: ReelSettings
    clips: tuple[ReelClip, ...] = ()
    music: Path | None = None
    scratch: Path = Path(".")


class ShotFacts(TypedDict):
    """One shot of a made reel: its kind, source photo or clip, frames, the crop it moves
    between and the head it keeps (fractions of its source), its text's boxes (px)."""

    kind: str
    source: str | None
    frames: int
    crop_start: list[float]
    crop_end: list[float]
    head: list[float] | None
    text_boxes: list[list[float]]


class ReelFacts(TypedDict):
    """What story.json says of a made reel (the build adds its path, kind and cover)."""

    width: int
    height: int
    fps: int
    frames: int
    seconds: float
    audio: bool
    contrast: float
    shots: list[ShotFacts]


@dataclass(frozen=True)
class ReelMade:
    """A made reel, back from a worker: its bytes, its cover's, its story.json entry (less
    path and kind), notes for the volunteer, and the animals it found in photos no card of
    the batch had searched."""

    keys: tuple[str, ...]
    data: bytes
    cover: bytes
    entry: ReelFacts
    notes: tuple[str, ...]
    detected: dict[str, tuple[Subject, ...]] = field(default_factory=dict)


def subjects_of(photo: JobPhoto, found: Mapping[Path, tuple[Subject, ...]]) -> tuple[Subject, ...]:
    """What frames *photo* in the reel, when its focus does not: its subject box, else the
    animals found (by an earlier build, or by this batch's cards), else none."""
    if photo.subject is not None:
        return (photo.subject,)
    if photo.subjects is not None:
        return photo.subjects
    return found.get(photo.path, ())


def unsearched(job: ReelJob, found: Mapping[Path, tuple[Subject, ...]]) -> list[Path]:
    """The photos whose animals must still be looked for before *job* can be planned."""
    return [
        p.path
        for p in job.photos
        if p.searched
        and p.focus is None
        and p.subject is None
        and p.subjects is None
        and p.path not in found
    ]


def make_reel(job: ReelJob, found: Mapping[Path, tuple[Subject, ...]]) -> ReelMade:
    """The reel of *job*, its animals taken from *found* (every photo :func:`unsearched`
    named must be in it). Encoded into the scratch folder, read back, and removed."""
    from storykit.reels.inputs import ReelPhoto
    from storykit.reels.render import render_reel  # PyAV: only in the workers that make one
    from storykit.reels.timeline import plan_reel

    photos = [ReelPhoto(p.path, p.size, subjects_of(p, found), p.focus, p.line) for p in job.photos]
    plan = plan_reel(photos, job.texts, job.settings, job.clips, job.music)
    job.scratch.mkdir(parents=True, exist_ok=True)
    # named as fsutil's temporary files are, so a killed build's is cleared by the next
    scratch = job.scratch / f".{job.keys[0].replace('/', '-')}.{os.getpid()}x{id(job)}.tmp"
    try:
        result = render_reel(plan, scratch)
        data = scratch.read_bytes()
    finally:
        scratch.unlink(missing_ok=True)
    return ReelMade(job.keys, data, result.cover, result.to_plain(), result.notes)
