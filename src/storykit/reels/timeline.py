"""A reel's plan, from typed inputs: its shots, their slow push-in toward the animal's head,
their text and its place, and how long each lasts (no pixels, no files)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from storykit.cards.draw import TextPlan, plan_text
from storykit.cards.framing import padded
from storykit.cards.geometry import Box, Rect
from storykit.cards.layout import Anchor, Block, CardStyle, Design, TextField
from storykit.cards.subjects import Subject
from storykit.reels.safezone import safe_rect
from storykit.text.platforms import (
    REEL_FPS,
    REEL_SECONDS,
    REEL_SECONDS_PER_PHOTO,
    REEL_SIZE,
)

ShotKind = Literal["title", "photo", "clip", "closing"]

ASPECT = REEL_SIZE[0] / REEL_SIZE[1]  # 9:16, width over height
HEAD_AT = 0.34  # where the head's middle sits in the frame at the end of a push-in (of height)
MIN_PHOTO_SECONDS = 2.0  # a photo shown for less cannot be taken in
PANEL_PAD = 28  # px of panel around the text, inside the safe zone
# the head kept whole in every frame is the head found grown by this share of its size
# (twice that above it, for ears): less than cards keep (framing.HEAD_PAD), or a head
# found large would leave a photo no room to move
HEAD_MARGIN = 0.08


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
    the brand, and the encoder's settings (a fixed thread count: the same bytes anywhere)."""

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
    crf: int = 23
    threads: int = 2
    fade_out: float = 1.5  # seconds of music fade at the end


@dataclass(frozen=True)
class Shot:
    """One shot: its source (None: the brand colour), frames, the crop at its first and
    last frame (fractions of the upright source, 9:16; frames between ease from one to the
    other), the animal's padded head (fractions, or None), where a clip starts, its text
    plan (lines with their boxes, px) and the panel behind the text (px, or None)."""

    kind: ShotKind
    source: Path | None
    frames: int
    start: Box
    end: Box
    head: Box | None
    text: TextPlan
    panel: tuple[int, int, int, int] | None
    clip_start: float = 0.0


@dataclass(frozen=True)
class ReelPlan:
    """A whole reel: its shots in order, the music (None: silent) and the settings."""

    shots: tuple[Shot, ...]
    settings: ReelSettings
    music: Path | None = None
    notes: tuple[str, ...] = ()

    @property
    def frames(self) -> int:
        return sum(s.frames for s in self.shots)

    @property
    def seconds(self) -> float:
        return self.frames / self.settings.fps


# ---------------------------------------------------------------- crops


def head_box(
    size: tuple[int, int], subjects: Sequence[Subject], focus: tuple[float, float] | None
) -> Box | None:
    """The padded head to keep in frame (fractions): around the focus point when one is
    set, else the most confident animal's head (its body's top band when it has none)."""
    if focus is not None:
        fx, fy = focus
        w = 0.15
        h = w * size[0] / size[1]
        box = (
            max(0.0, fx - w / 2),
            max(0.0, fy - h / 2),
            min(1.0, fx + w / 2),
            min(1.0, fy + h / 2),
        )
        return padded(box, HEAD_MARGIN)
    if not subjects:
        return None
    best = max(subjects, key=lambda s: s.confidence)
    head = best.head
    if head is None:
        x0, y0, x1, y1 = best.body
        head = (x0, y0, x1, y0 + (y1 - y0) * 0.4)
    return padded(head, HEAD_MARGIN)


def _place(lo: float, hi: float, want: float, length: float, total: float) -> float:
    """The start of a span of *length* in [0, total], as near *want* as keeps [lo, hi]
    (the head) inside it where it can."""
    x = min(max(want, hi - length), lo)
    return min(max(0.0, x), max(0.0, total - length))


def push_in(size: tuple[int, int], head: Box | None, zoom: float) -> tuple[Box, Box]:
    """The 9:16 crops (fractions of the upright photo) a shot starts and ends on: the
    widest crop, toward the head, to a crop *zoom* times closer with the head high in the
    frame. Both keep the whole padded head, so every crop eased between them does too."""
    w, h = size
    if w / h > ASPECT:
        cw, ch = h * ASPECT, float(h)
    else:
        cw, ch = float(w), w / ASPECT
    if head is None:
        hx0, hy0, hx1, hy1 = 0.5 * w, 0.4 * h, 0.5 * w, 0.4 * h  # a point: no head to keep
    else:
        hx0, hy0, hx1, hy1 = head[0] * w, head[1] * h, head[2] * w, head[3] * h
    mx, my = (hx0 + hx1) / 2, (hy0 + hy1) / 2
    sx = _place(hx0, hx1, w / 2 - cw / 2, cw, w)
    sy = _place(hy0, hy1, my - HEAD_AT * ch, ch, h)
    z = max(1.0, min(zoom, cw / max(1.0, hx1 - hx0), ch / max(1.0, hy1 - hy0)))
    ew, eh = cw / z, ch / z
    ex = _place(hx0, hx1, mx - ew / 2, ew, w)
    ey = _place(hy0, hy1, my - HEAD_AT * eh, eh, h)
    return (
        (sx / w, sy / h, (sx + cw) / w, (sy + ch) / h),
        (ex / w, ey / h, (ex + ew) / w, (ey + eh) / h),
    )


def still_crop(size: tuple[int, int], head: Box | None) -> Box:
    """The widest 9:16 crop keeping the head (a clip's crop: the clip moves itself)."""
    start, _ = push_in(size, head, 1.0)
    return start


# ---------------------------------------------------------------- text


def _region(rect: Rect, size: tuple[int, int]) -> Box:
    w, h = size
    return (rect.x0 / w, rect.y0 / h, rect.x1 / w, rect.y1 / h)


MIN_TEXT_ROOM = 200  # px of height a text needs clear of the head, or it goes over it


def head_span(crops: Sequence[Box], head: Box | None, height: int) -> tuple[float, float] | None:
    """The rows of the frame (px) the head takes at some point of a shot: its crops eased
    between two ends move it monotonically, so the ends' extremes bound it."""
    if head is None:
        return None
    tops, bottoms = [], []
    for c in crops:
        ch = c[3] - c[1]
        tops.append((head[1] - c[1]) / ch * height)
        bottoms.append((head[3] - c[1]) / ch * height)
    return min(tops), max(bottoms)


def _design(kind: ShotKind, region: Box, anchor: Anchor) -> Design:
    fields: tuple[TextField, ...]
    if kind in ("title", "closing"):
        block = Block("main", region, anchor=anchor, align="center", gap=18)
        fields = (
            TextField(
                "headline",
                block="main",
                weight="bold",
                size=(44, 64),
                max_lines=4,
                line_height=1.15,
            ),
            TextField("names", block="main", size=(32, 40), max_lines=2),
            TextField(
                "closing",
                block="main",
                weight="bold",
                size=(40, 54),
                max_lines=4,
                line_height=1.15,
            ),
            TextField("link", block="main", size=(30, 38), max_lines=2, gap=28),
        )
    else:
        block = Block("main", region, anchor=anchor, align="center")
        fields = (TextField("line", block="main", size=(32, 40), max_lines=3, line_height=1.2),)
    return Design(blocks=(block,), fields=fields)


def _places(settings: ReelSettings, avoid: tuple[float, float] | None) -> list[tuple[Rect, Anchor]]:
    """Where a shot's text may go, best first: below the head, above it, then the bottom
    and the top of the safe zone (all inside it, the panel's padding too)."""
    zone = settings.safe.inset(PANEL_PAD, PANEL_PAD, PANEL_PAD, PANEL_PAD)
    out: list[tuple[Rect, Anchor]] = []
    if avoid is not None:
        below = max(zone.y0, round(avoid[1]) + PANEL_PAD)
        above = min(zone.y1, round(avoid[0]) - PANEL_PAD)
        if zone.y1 - below >= MIN_TEXT_ROOM:
            out.append((Rect(zone.x0, below, zone.x1, zone.y1), "bottom"))
        if above - zone.y0 >= MIN_TEXT_ROOM:
            out.append((Rect(zone.x0, zone.y0, zone.x1, above), "top"))
    out += [(zone, "bottom"), (zone, "top")]
    return out


def _overlap(bounds: tuple[float, float, float, float], avoid: tuple[float, float] | None) -> float:
    if avoid is None:
        return 0.0
    return max(0.0, min(bounds[3], avoid[1]) - max(bounds[1], avoid[0]))


def _text(
    kind: ShotKind,
    texts: dict[str, str],
    settings: ReelSettings,
    avoid: tuple[float, float] | None = None,
) -> tuple[TextPlan, tuple[int, int, int, int] | None]:
    """The shot's text placed (lines and boxes, px) and the panel behind it: inside the
    safe zone, where it covers the least of the head's rows (the first such place when
    several tie), at its largest size that fits."""
    places: list[tuple[Rect, Anchor]]
    if kind == "closing":
        zone = settings.safe.inset(PANEL_PAD, PANEL_PAD, PANEL_PAD, PANEL_PAD)
        places = [(zone, "middle")]
    else:
        places = _places(settings, avoid)
    best: tuple[tuple[bool, float], TextPlan] | None = None
    for rect, anchor in places:
        region = _region(rect, settings.size)
        plan = plan_text(_design(kind, region, anchor), texts, settings.size, settings.style)
        bounds = plan.bounds.get("main")
        score = (bool(plan.warnings), 0.0 if bounds is None else _overlap(bounds, avoid))
        if best is None or score < best[0]:
            best = (score, plan)
    assert best is not None
    plan = best[1]
    bounds = plan.bounds.get("main")
    if not plan.lines or bounds is None:
        return plan, None
    safe = settings.safe
    # the panel's corners on even pixels: the frame's colour planes are at half size
    panel = (
        max(safe.x0, int(bounds[0]) - PANEL_PAD) // 2 * 2,
        max(safe.y0, int(bounds[1]) - PANEL_PAD) // 2 * 2,
        min(safe.x1, int(bounds[2]) + 1 + PANEL_PAD) // 2 * 2,
        min(safe.y1, int(bounds[3]) + 1 + PANEL_PAD) // 2 * 2,
    )
    return plan, (None if kind == "closing" else panel)


# ---------------------------------------------------------------- the plan


def _seconds(
    photos: int, clips: Sequence[float], settings: ReelSettings
) -> tuple[float, list[float], list[float], list[str]]:
    """(title s, each later photo's s, each clip's s, notes) within the length bounds."""
    notes: list[str] = []
    title, closing = settings.title_seconds, settings.closing_seconds
    room = settings.max_seconds - title - closing
    shown: list[float] = []
    for length in clips:
        take = max(0.0, min(length, room))
        shown.append(take)
        room -= take
        if take < length:
            notes.append(
                f"a clip was cut to {take:.1f} s to keep the reel within {settings.max_seconds:g} s"
            )
    later = max(0, photos - 1)
    per = settings.per_photo
    if later and later * per > room:
        per = max(MIN_PHOTO_SECONDS, room / later)
    fit = min(later, int((room + 1e-9) // per)) if per > 0 else 0
    if fit < later:
        notes.append(
            f"{later - fit} photo(s) left out to keep the reel within {settings.max_seconds:g} s"
        )
    each = [per] * fit
    total = title + closing + sum(shown) + sum(each)
    if total < settings.min_seconds:
        grow = settings.min_seconds - total
        stretch = 1 + len(each)  # the title shot and the later photos slow down
        title += grow / stretch
        each = [s + grow / stretch for s in each]
    return title, each, shown, notes


def plan_reel(
    photos: Sequence[ReelPhoto],
    texts: ReelTexts,
    settings: ReelSettings | None = None,
    clips: Sequence[ReelClip] = (),
    music: Path | None = None,
) -> ReelPlan:
    """The reel of a story: a title shot (the first photo pushing in, the headline and
    names), then its clips, then its other photos (each with its sentence), then a closing
    card (the call to action and where the link is), each photo about settings.per_photo
    seconds and the whole within the length bounds."""
    settings = settings or ReelSettings()
    fps = settings.fps
    title_s, photo_s, clip_s, notes = _seconds(len(photos), [c.length for c in clips], settings)
    shots: list[Shot] = []
    title_texts = {"headline": texts.headline, "names": texts.names}
    height = settings.size[1]
    if photos:
        first = photos[0]
        head = head_box(first.size, first.subjects, first.focus)
        start, end = push_in(first.size, head, settings.zoom)
        plan, panel = _text("title", title_texts, settings, head_span((start, end), head, height))
        shots.append(Shot("title", first.path, round(title_s * fps), start, end, head, plan, panel))
    else:
        whole = (0.0, 0.0, 1.0, 1.0)
        plan, _ = _text("closing", title_texts, settings)
        shots.append(Shot("title", None, round(title_s * fps), whole, whole, None, plan, None))
    for clip, seconds in zip(clips, clip_s, strict=True):
        if seconds <= 0:
            continue
        head = head_box(clip.size, clip.subjects, clip.focus)
        crop = still_crop(clip.size, head)
        avoid = head_span((crop,), head, height)
        plan, panel = _text("clip", {"line": clip.line}, settings, avoid)
        shots.append(
            Shot("clip", clip.path, round(seconds * fps), crop, crop, head, plan, panel, clip.start)
        )
    for photo, seconds in zip(photos[1:], photo_s, strict=False):
        head = head_box(photo.size, photo.subjects, photo.focus)
        start, end = push_in(photo.size, head, settings.zoom)
        avoid = head_span((start, end), head, height)
        plan, panel = _text("photo", {"line": photo.line}, settings, avoid)
        shots.append(Shot("photo", photo.path, round(seconds * fps), start, end, head, plan, panel))
    whole = (0.0, 0.0, 1.0, 1.0)
    plan, _ = _text("closing", {"closing": texts.closing, "link": texts.link}, settings)
    shots.append(
        Shot("closing", None, round(settings.closing_seconds * fps), whole, whole, None, plan, None)
    )
    for shot in shots:
        notes.extend(str(w) for w in shot.text.warnings)
    return ReelPlan(tuple(shots), settings, music, tuple(dict.fromkeys(notes)))
