"""What a reel is made from: its photos, clips, texts and settings, as plain records (no
Pillow, numpy or PyAV: the build plans and keys reels with these)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storykit.cards.geometry import Rect
from storykit.cards.layout import CardStyle
from storykit.cards.subjects import Subject
from storykit.reels.safezone import safe_rect
from storykit.text.platforms import (
    REEL_FPS,
    REEL_SECONDS,
    REEL_SECONDS_PER_PHOTO,
    REEL_SIZE,
)

__all__ = ["ReelClip", "ReelPhoto", "ReelSettings", "ReelTexts"]


@dataclass(frozen=True)
class ReelPhoto:
    """A photo for the reel: its file, upright size (px), what frames it (the case file's
    focus point wins over the animals found) and the short sentence shown over it."""

    path: Path
    size: tuple[int, int]
    subjects: tuple[Subject, ...] = ()
    focus: tuple[float, float] | None = None
    line: str = ""


@dataclass(frozen=True)
class ReelClip:
    """A phone clip: its file, upright size and length (from reels.clips.probe_clip), the
    part shown (seconds; end None: to its end), what frames it, and its sentence."""

    path: Path
    size: tuple[int, int]
    duration: float
    start: float = 0.0
    end: float | None = None
    subjects: tuple[Subject, ...] = ()
    focus: tuple[float, float] | None = None
    line: str = ""

    @property
    def length(self) -> float:
        end = self.duration if self.end is None else min(self.end, self.duration)
        return max(0.0, end - self.start)


@dataclass(frozen=True)
class ReelTexts:
    """What the reel says: the headline and names (title card), the call to action for the
    story's status and where the link is (closing card)."""

    headline: str
    names: str = ""
    closing: str = ""
    link: str = ""


@dataclass(frozen=True)
class ReelSettings:
    """How a reel is made: its length bounds and pace, frame and rate, where text may go,
    the brand, and the encoder's settings (a fixed thread count: the same bytes anywhere).
    x264 encodes in one thread, looks 3 frames ahead and puts 1 B-frame between the others:
    it then holds 81 MB at 1080x1920 instead of 174 with veryfast's own (2 threads, 10, 3),
    and crf 22 gives back most of the quality that costs (bench/RESULTS.md)."""

    min_seconds: float = REEL_SECONDS[0]
    max_seconds: float = REEL_SECONDS[1]
    per_photo: float = REEL_SECONDS_PER_PHOTO
    title_seconds: float = REEL_SECONDS_PER_PHOTO
    closing_seconds: float = REEL_SECONDS_PER_PHOTO
    zoom: float = 1.15  # how far a photo pushes in over its shot
    fps: int = REEL_FPS
    size: tuple[int, int] = REEL_SIZE
    safe: Rect = field(default_factory=safe_rect)
    style: CardStyle = field(default_factory=CardStyle)
    preset: str = "veryfast"
    crf: int = 22
    threads: int = 1
    lookahead: int = 3
    bframes: int = 1
    fade_out: float = 1.5  # seconds of music fade at the end
