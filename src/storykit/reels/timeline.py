"""A reel's plan, from typed inputs: its shots, their slow push-in toward the animal's head,
their text and its place, and how long each lasts (no pixels, no files)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from storykit.cards.framing import padded
from storykit.cards.geometry import Box, Rect
from storykit.cards.layout import Anchor, Block, Design, TextField
from storykit.cards.subjects import Subject
from storykit.cards.textplan import TextPlan, plan_text
from storykit.reels.inputs import ReelClip, ReelPhoto, ReelSettings, ReelTexts
from storykit.text.platforms import (
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
# a photo shown whole (fitted, over a blurred fill of itself) pushes in this share as far
# as a cropped one: gently, the whole photo still nearly all in view
FIT_PUSH = 0.5
# the push-ins tried when text would cover the head, after the settings' own: each this
# share of its way (a photo always moves a little)
PUSH_SHARES = (1.0, 0.5, 1 / 3)
# where the head may sit at the end of a push-in (of height), tried in this order so the
# head moves away from the text: the usual place, higher, lower
HEAD_ATS = (HEAD_AT, 0.22, 0.5)


@dataclass(frozen=True)
class Shot:
    """One shot: its source (None: the brand colour), frames, the crop at its first and
    last frame (fractions of the upright source, 9:16; frames between ease from one to the
    other), the animal's padded head (fractions, or None), where a clip starts, its text
    plan (lines with their boxes, px), the panel behind the text (px, or None), and whether
    the photo is shown whole (*fitted*: its crops are 9:16 windows larger than the photo,
    reaching past its edges, where a blurred fill of it shows)."""

    kind: ShotKind
    source: Path | None
    frames: int
    start: Box
    end: Box
    head: Box | None
    text: TextPlan
    panel: tuple[int, int, int, int] | None
    clip_start: float = 0.0
    fitted: bool = False


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


def _place_span(lo: float, hi: float, want: float, length: float, total: float) -> float:
    """The start of a span of *length* in [0, total], as near *want* as keeps [lo, hi]
    (the head) inside it where it can."""
    x = min(max(want, hi - length), lo)
    return min(max(0.0, x), max(0.0, total - length))


def push_in(
    size: tuple[int, int], head: Box | None, zoom: float, head_at: float = HEAD_AT
) -> tuple[Box, Box]:
    """The 9:16 crops (fractions of the upright photo) a shot starts and ends on: the
    widest crop, toward the head, to a crop *zoom* times closer with the head's middle
    *head_at* down the frame. Both keep the whole padded head where a 9:16 crop can hold
    it (see :func:`needs_fit`), so every crop eased between them does too."""
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
    sx = _place_span(hx0, hx1, w / 2 - cw / 2, cw, w)
    sy = _place_span(hy0, hy1, my - head_at * ch, ch, h)
    z = max(1.0, min(zoom, cw / max(1.0, hx1 - hx0), ch / max(1.0, hy1 - hy0)))
    ew, eh = cw / z, ch / z
    ex = _place_span(hx0, hx1, mx - ew / 2, ew, w)
    ey = _place_span(hy0, hy1, my - head_at * eh, eh, h)
    return (
        (sx / w, sy / h, (sx + cw) / w, (sy + ch) / h),
        (ex / w, ey / h, (ex + ew) / w, (ey + eh) / h),
    )


def needs_fit(
    size: tuple[int, int], head: Box | None, frame: tuple[int, int], max_upscale: float
) -> bool:
    """Whether a photo is shown whole rather than cut to 9:16 (as cards fit a photo,
    framing.frame): when no 9:16 crop of it holds the padded head, or its widest one would
    be enlarged beyond *max_upscale* to fill the frame (a small or wide photo, blurred)."""
    w, h = size
    cw, ch = (h * ASPECT, float(h)) if w / h > ASPECT else (float(w), w / ASPECT)
    if frame[0] / cw > max_upscale + 1e-9:
        return True
    if head is None:
        return False
    return (head[2] - head[0]) * w > cw + 1e-6 or (head[3] - head[1]) * h > ch + 1e-6


def fitted_push_in(
    size: tuple[int, int], head: Box | None, zoom: float, frame: tuple[int, int]
) -> tuple[Box, Box]:
    """The 9:16 windows (fractions of the photo, reaching past its edges) a fitted photo
    starts and ends on: first the whole photo, as large as the frame takes it, in its
    middle; then *zoom* times closer about the head's middle, less when the whole padded
    head would leave the frame."""
    w, h = size
    s = min(frame[0] / w, frame[1] / h)  # frame px per photo px at the start
    ww, wh = frame[0] / s, frame[1] / s
    x0, y0 = (w - ww) / 2, (h - wh) / 2
    start = (x0 / w, y0 / h, (x0 + ww) / w, (y0 + wh) / h)
    if head is None:
        mx, my = 0.5, 0.5
        z = zoom
    else:
        mx, my = (head[0] + head[2]) / 2, (head[1] + head[3]) / 2
        z = zoom
        for near, far, mid in ((head[0], start[0], mx), (head[1], start[1], my)):
            if mid - near > 1e-9:
                z = min(z, (mid - far) / (mid - near))
        for near, far, mid in ((head[2], start[2], mx), (head[3], start[3], my)):
            if near - mid > 1e-9:
                z = min(z, (far - mid) / (near - mid))
    z = max(1.0, z)
    end = (
        mx - (mx - start[0]) / z,
        my - (my - start[1]) / z,
        mx + (start[2] - mx) / z,
        my + (start[3] - my) / z,
    )
    return start, end


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


def _shot_design(kind: ShotKind, region: Box, anchor: Anchor, card: bool = False) -> Design:
    """The shot's text fields: on a card of the brand colour (*card*: the closing card, a
    title without a photo) set large, to be read at a glance on a phone (a headline of
    80-110 px, the link and names 48-60 px on a 1080x1920 frame)."""
    fields: tuple[TextField, ...]
    if card:
        block = Block("main", region, anchor=anchor, align="center", gap=28)
        fields = tuple(
            TextField(
                name, block="main", weight="bold", size=(60, 82), max_lines=4, line_height=1.12
            )
            if name in ("headline", "closing")
            else TextField(
                name, block="main", size=(36, 45), max_lines=3, gap=40 if name == "link" else None
            )
            for name in ("headline", "names", "closing", "link")
        )
    elif kind in ("title", "closing"):
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
    """Where a shot's text may go: below the head, above it, then the bottom and the top of
    the safe zone (all inside it, the panel's padding too)."""
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


def _gap(bounds: tuple[float, float, float, float], avoid: tuple[float, float] | None) -> float:
    """How far the text is from the head's rows (px; negative: over them)."""
    if avoid is None:
        return 0.0
    return max(bounds[1] - avoid[1], avoid[0] - bounds[3])


Score = tuple[bool, float, float]  # (does not fit, px of the head's rows covered, -gap)


def _text(
    kind: ShotKind,
    texts: dict[str, str],
    settings: ReelSettings,
    avoid: tuple[float, float] | None = None,
    card: bool = False,
) -> tuple[TextPlan, tuple[int, int, int, int] | None, Score]:
    """The shot's text placed (lines and boxes, px), the panel behind it and how well it
    keeps off the head: inside the safe zone, covering the least of the head's rows and,
    of the places that cover none, the farthest from the head, at its largest size that
    fits. On a card (*card*) it is centred in the safe zone, without a panel."""
    places: list[tuple[Rect, Anchor]]
    if card:  # no panel to pad: the safe zone's whole width, for a link on one line
        zone = settings.safe.inset(0, PANEL_PAD, 0, PANEL_PAD)
        places = [(zone, "middle")]
    else:
        places = _places(settings, avoid)
    best: tuple[Score, TextPlan] | None = None
    for rect, anchor in places:
        region = _region(rect, settings.size)
        plan = plan_text(
            _shot_design(kind, region, anchor, card), texts, settings.size, settings.style
        )
        bounds = plan.bounds.get("main")
        score: Score = (
            bool(plan.warnings),
            0.0 if bounds is None else round(_overlap(bounds, avoid), 3),
            0.0 if bounds is None else -round(_gap(bounds, avoid), 3),
        )
        if best is None or score < best[0]:
            best = (score, plan)
    assert best is not None
    score, plan = best
    bounds = plan.bounds.get("main")
    if not plan.lines or bounds is None or card:
        return plan, None, score
    safe = settings.safe
    # the panel's corners on even pixels: the frame's colour planes are at half size
    panel = (
        max(safe.x0, int(bounds[0]) - PANEL_PAD) // 2 * 2,
        max(safe.y0, int(bounds[1]) - PANEL_PAD) // 2 * 2,
        min(safe.x1, int(bounds[2]) + 1 + PANEL_PAD) // 2 * 2,
        min(safe.y1, int(bounds[3]) + 1 + PANEL_PAD) // 2 * 2,
    )
    return plan, panel, score


def _tries(settings: ReelSettings, fitted: bool) -> list[tuple[float, float]]:
    """The (zoom, head_at) of the push-ins a photo may take, best first: the settings' own,
    then the head moved higher or lower, then shorter push-ins (a fitted photo: only
    shorter ones, and each gentler)."""
    zooms = [1 + (settings.zoom - 1) * share * (FIT_PUSH if fitted else 1) for share in PUSH_SHARES]
    ats = HEAD_ATS[:1] if fitted else HEAD_ATS
    return [(z, at) for z in zooms for at in ats]


def photo_shot(
    kind: ShotKind, photo: ReelPhoto, texts: dict[str, str], frames: int, settings: ReelSettings
) -> Shot:
    """A photo's shot: cut to 9:16 pushing in toward the head, or shown whole over a
    blurred fill when no 9:16 crop keeps the head or the crop would be blurred (see
    :func:`needs_fit`). Of the push-ins tried (:func:`_tries`), the first whose text covers
    none of the head's rows, else the one covering the fewest; when every crop's text
    covers some, the photo shown whole is tried last (its text above or below it)."""
    head = head_box(photo.size, photo.subjects, photo.focus)
    fit = needs_fit(photo.size, head, settings.size, settings.style.max_upscale)
    height = settings.size[1]
    tries = [(fit, z, at) for z, at in _tries(settings, fit)]
    if not fit:
        tries += [(True, z, at) for z, at in _tries(settings, True)]
    best: tuple[tuple[bool, float, int], Shot] | None = None
    for k, (fitted, zoom, at) in enumerate(tries):
        if fitted:
            start, end = fitted_push_in(photo.size, head, zoom, settings.size)
        else:
            start, end = push_in(photo.size, head, zoom, at)
        plan, panel, score = _text(kind, texts, settings, head_span((start, end), head, height))
        shot = Shot(kind, photo.path, frames, start, end, head, plan, panel, fitted=fitted)
        key = (score[0], score[1], k)
        if fitted and not fit and score[1] > 0:
            continue  # shown whole only to keep the text off the head: no gain
        if best is None or key < best[0]:
            best = (key, shot)
        if not score[0] and score[1] == 0:
            break
    assert best is not None
    return best[1]


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
        shots.append(photo_shot("title", photos[0], title_texts, round(title_s * fps), settings))
    else:
        whole = (0.0, 0.0, 1.0, 1.0)
        plan, _, _ = _text("title", title_texts, settings, card=True)
        shots.append(Shot("title", None, round(title_s * fps), whole, whole, None, plan, None))
    for clip, seconds in zip(clips, clip_s, strict=True):
        if seconds <= 0:
            continue
        head = head_box(clip.size, clip.subjects, clip.focus)
        crop = still_crop(clip.size, head)
        avoid = head_span((crop,), head, height)
        plan, panel, _ = _text("clip", {"line": clip.line}, settings, avoid)
        shots.append(
            Shot("clip", clip.path, round(seconds * fps), crop, crop, head, plan, panel, clip.start)
        )
    for photo, seconds in zip(photos[1:], photo_s, strict=False):
        shots.append(
            photo_shot("photo", photo, {"line": photo.line}, round(seconds * fps), settings)
        )
    whole = (0.0, 0.0, 1.0, 1.0)
    plan, _, _ = _text(
        "closing", {"closing": texts.closing, "link": texts.link}, settings, card=True
    )
    shots.append(
        Shot("closing", None, round(settings.closing_seconds * fps), whole, whole, None, plan, None)
    )
    for shot in shots:
        notes.extend(str(w) for w in shot.text.warnings)
    return ReelPlan(tuple(shots), settings, music, tuple(dict.fromkeys(notes)))
