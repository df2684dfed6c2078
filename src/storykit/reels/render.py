"""Making a reel: its frames drawn in one thread while the encoder takes them in another,
a few at a time (never all: memory stays flat), and the title frame kept as its cover."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from storykit.cards.encode import encode
from storykit.cards.geometry import Box
from storykit.digests import digest
from storykit.reels.encode import Encoder
from storykit.reels.frames import frames
from storykit.reels.job import ReelFacts, ShotFacts
from storykit.reels.music import RATE, load_music
from storykit.reels.planes import Planes
from storykit.reels.timeline import ReelPlan

AHEAD = 6  # frames drawn ahead of the encoder (each 6 MB as RGB)
COVER_QUALITY = 90


@dataclass(frozen=True)
class ShotRecord:
    """What story.json says of one shot: its kind, frames, crops and head (fractions of
    its source) and its text's boxes (px on the frame)."""

    kind: str
    source: str | None
    frames: int
    start: Box
    end: Box
    head: Box | None
    text_boxes: tuple[tuple[float, float, float, float], ...]

    def to_plain(self) -> ShotFacts:
        return ShotFacts(
            kind=self.kind,
            source=self.source,
            frames=self.frames,
            crop_start=[round(v, 5) for v in self.start],
            crop_end=[round(v, 5) for v in self.end],
            head=None if self.head is None else [round(v, 5) for v in self.head],
            text_boxes=[[round(v, 1) for v in b] for b in self.text_boxes],
        )


@dataclass(frozen=True)
class ReelResult:
    """A made reel: its file, frames, length, size, whether it has sound, the cover (JPEG
    bytes, no metadata), the worst text contrast measured on it, each shot, and notes."""

    path: Path
    frames: int
    seconds: float
    size: tuple[int, int]
    fps: int
    audio: bool
    cover: bytes
    contrast: float
    shots: tuple[ShotRecord, ...]
    notes: tuple[str, ...]

    def to_plain(self) -> ReelFacts:
        """The reel's story.json entry (the caller adds path and kind)."""
        return ReelFacts(
            width=self.size[0],
            height=self.size[1],
            fps=self.fps,
            frames=self.frames,
            seconds=round(self.seconds, 3),
            audio=self.audio,
            contrast=round(self.contrast, 2),
            shots=[s.to_plain() for s in self.shots],
        )


def shot_records(plan: ReelPlan) -> tuple[ShotRecord, ...]:
    return tuple(
        ShotRecord(
            shot.kind,
            None if shot.source is None else shot.source.name,
            shot.frames,
            shot.start,
            shot.end,
            shot.head,
            tuple(line.box for line in shot.text.lines),
        )
        for shot in plan.shots
    )


def plan_values(plan: ReelPlan) -> str:
    """Everything the reel's bytes follow from except the files' contents (photos, clips,
    music: record those by their hashes), as one digest: what the reel is made again for."""
    s = plan.settings
    return digest(
        {
            "shots": [
                {
                    **r.to_plain(),
                    "lines": [ln.text for ln in shot.text.lines],
                    "clip_start": shot.clip_start,
                    "fitted": shot.fitted,
                }
                for r, shot in zip(shot_records(plan), plan.shots, strict=True)
            ],
            "size": list(s.size),
            "fps": s.fps,
            "encoder": [s.preset, s.crf, s.threads, s.lookahead, s.bframes],
            "fade_out": s.fade_out,
            "colours": [s.style.primary, s.style.text],
            "fonts": [
                str(f) for f in (s.style.font_regular, s.style.font_bold, *s.style.fallback_fonts)
            ],
            "music": None if plan.music is None else plan.music.name,
        }
    )


_DONE = object()


def _drawn(plan: ReelPlan, contrasts: list[float], cover: list[Planes]) -> Iterator[Any]:
    """The reel's frames as the encoder takes them, drawn in a thread of their own a few
    frames ahead; the frame at the title shot's middle goes into *cover*, as it is (made
    RGB once the encoder is done)."""
    q: queue.Queue[Any] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()
    middle = plan.shots[0].frames // 2 if plan.shots else -1

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            # a still frame (the same planes again) is converted once; the planes are held,
            # not their id(), which a new frame may take once the last one is freed
            last: tuple[Planes, Any] | None = None
            for i, planes in enumerate(frames(plan, contrasts)):
                if i == middle:
                    cover.append(planes)
                if last is None or last[0] is not planes:
                    last = (planes, planes.to_frame())
                if not put(last[1]):
                    return
            put(_DONE)
        except BaseException as err:  # handed to the encoding thread, raised there
            put(err)

    thread = threading.Thread(target=work, name="reel-frames", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def render_reel(plan: ReelPlan, out_path: Path) -> ReelResult:
    """Write the reel of *plan* to *out_path* (an .mp4; the caller renames it into place)
    and return what was made, with its cover: the title shot's middle frame, as JPEG."""
    s = plan.settings
    music = load_music(plan.music, plan.seconds, s.fade_out) if plan.music else None
    contrasts: list[float] = []
    covers: list[Planes] = []
    with Encoder(
        Path(out_path),
        s.size,
        s.fps,
        s.preset,
        s.crf,
        s.threads,
        music,
        RATE,
        lookahead=s.lookahead,
        bframes=s.bframes,
    ) as enc:
        for frame in _drawn(plan, contrasts, covers):
            enc.add(frame)
    cover = covers[0].to_rgb() if covers else Image.new("RGB", s.size)
    shots = shot_records(plan)
    return ReelResult(
        Path(out_path),
        plan.frames,
        plan.seconds,
        s.size,
        s.fps,
        music is not None,
        encode(cover, "jpeg", COVER_QUALITY),
        min(contrasts, default=21.0),
        shots,
        plan.notes,
    )
