"""Drawing a reel's frames: each cut from a source scaled once, with the text and its
panel made once per shot (the cards' fonts, emoji and contrast rule) and pasted on; all in
the encoder's own colour planes, so no frame is converted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageDraw

from storykit.cards.color import RGB, WHITE, parse_hex, readable_on
from storykit.cards.contrast import line_contrasts
from storykit.cards.draw import draw_text
from storykit.cards.geometry import Box, Rect
from storykit.cards.photo import decode, probe
from storykit.cards.small_photo import blurred_fill
from storykit.cards.textplan import TextPlan
from storykit.reels.clips import clip_planes
from storykit.reels.planes import BLACK_YUV, Planes, even, from_rgb
from storykit.reels.timeline import ReelPlan, Shot

PANEL_RADIUS = 28
# the panel's darkness: black at this opacity over pure white leaves sRGB 97, on which
# white text measures 6.2:1, so text on it passes 4.5:1 over any photo
PANEL_ALPHA = 0.62


def ease(t: float) -> float:
    """Smoothstep: a push-in starts and ends gently."""
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


def crop_at(shot: Shot, i: int) -> Box:
    """The crop of frame *i* of the shot (fractions of its upright source)."""
    t = ease(i / max(1, shot.frames - 1))
    s, e = shot.start, shot.end
    return (
        s[0] + (e[0] - s[0]) * t,
        s[1] + (e[1] - s[1]) * t,
        s[2] + (e[2] - s[2]) * t,
        s[3] + (e[3] - s[3]) * t,
    )


@dataclass
class Overlay:
    """A shot's text, ready to paste: the panel's mask (full and half size), and the
    text's planes and alpha (full and half size), each cropped to its bounds (px on the
    frame, even)."""

    panel: tuple[tuple[int, int], Image.Image, Image.Image] | None
    text: tuple[tuple[int, int], Planes, Image.Image, Image.Image] | None

    def apply(self, frame: Planes, plan: TextPlan | None = None) -> list[float]:
        """Paste the panel, then the text; with *plan*, the contrast of each of its lines
        against what is behind it (the panel over the picture, as a player shows it),
        measured in between as cards measure it (draw.line_contrasts)."""
        if self.panel is not None:
            frame.paste_color(BLACK_YUV, *self.panel)
        measured = []
        if plan is not None and plan.lines:
            measured = [c for _, c in line_contrasts(frame.to_rgb(), plan)]
        if self.text is not None:
            at, piece, mask, half = self.text
            frame.paste(piece, at, mask, half)
        return measured


def overlay(shot: Shot, size: tuple[int, int], background: RGB | None) -> Overlay:
    """The shot's panel and text, drawn once: white on the panel; on a plain colour, the
    one of white and near-black that reads (4.5:1, as cards choose)."""
    panel = None
    if shot.panel is not None:
        x0, y0, x1, y1 = shot.panel
        mask = Image.new("L", (x1 - x0, y1 - y0), 0)
        ImageDraw.Draw(mask).rounded_rectangle(
            (0, 0, x1 - x0 - 1, y1 - y0 - 1), radius=PANEL_RADIUS, fill=round(255 * PANEL_ALPHA)
        )
        panel = ((x0, y0), mask, mask.reduce(2))
    text = None
    if shot.text.lines:
        color = WHITE if background is None else readable_on(background, WHITE)
        for line in shot.text.lines:
            line.color = color
        layer = Image.new("RGBA", size, (*color, 0))
        draw_text(layer, shot.text)
        box = layer.getbbox()
        if box is not None:
            x0, y0 = box[0] // 2 * 2, box[1] // 2 * 2
            x1, y1 = min(size[0], even(box[2] + 1)), min(size[1], even(box[3] + 1))
            piece = layer.crop((x0, y0, x1, y1))
            alpha = piece.getchannel("A")
            text = ((x0, y0), from_rgb(piece.convert("RGB")), alpha, alpha.reduce(2))
    return Overlay(panel, text)


class CoverSource:
    """A photo scaled once, in the frame's planes, to cover every crop of its shot."""

    def __init__(self, shot: Shot, size: tuple[int, int]):
        assert shot.source is not None
        info = probe(shot.source)
        w, h = info.size
        s, e = shot.start, shot.end
        union = (min(s[0], e[0]), min(s[1], e[1]), max(s[2], e[2]), max(s[3], e[3]))
        smallest = min(s[2] - s[0], e[2] - e[0]) * w
        k = min(1.0, size[0] / smallest)  # source px per original px
        px = (union[0] * w, union[1] * h, union[2] * w, union[3] * h)
        scaled = (even((px[2] - px[0]) * k), even((px[3] - px[1]) * k))
        # the decode (48 MB for 12 MP) is let go before the piece is converted
        self.planes = from_rgb(decode(info, k).cut(px, scaled))
        self.union = union
        self.fx = scaled[0] / (union[2] - union[0])  # source px per fraction of the photo
        self.fy = scaled[1] / (union[3] - union[1])
        self.size = size

    def frame(self, crop: Box) -> Planes:
        u = self.union
        w, h = self.planes.size
        box = (
            max(0.0, (crop[0] - u[0]) * self.fx),
            max(0.0, (crop[1] - u[1]) * self.fy),
            min(float(w), (crop[2] - u[0]) * self.fx),
            min(float(h), (crop[3] - u[1]) * self.fy),
        )
        return self.planes.resized(self.size, box)


class FittedSource:
    """A photo shown whole: scaled once (Lanczos, enlarged too: a small photo stays as
    sharp as it can), in the frame's planes, to its size at the end of its push-in, over a
    blurred, darkened fill of itself (made once, as cards make it)."""

    def __init__(self, shot: Shot, size: tuple[int, int]):
        assert shot.source is not None
        info = probe(shot.source)
        w, h = info.size
        e = shot.end
        k = size[0] / ((e[2] - e[0]) * w)  # source px per original px
        scaled = (even(w * k), even(h * k))
        picture = decode(info, min(1.0, k)).cut((0.0, 0.0, float(w), float(h)), scaled)
        self.planes = from_rgb(picture)
        self.fill = from_rgb(blurred_fill(picture, Rect(0, 0, size[0], size[1])))
        self.size = size

    def frame(self, crop: Box) -> Planes:
        fw, fh = self.size
        cw, ch = crop[2] - crop[0], crop[3] - crop[1]
        # the photo's place on the frame (px), cut to the frame, on even pixels
        x0 = max(0, even_floor(-crop[0] / cw * fw))
        y0 = max(0, even_floor(-crop[1] / ch * fh))
        x1 = min(fw, even_floor((1 - crop[0]) / cw * fw))
        y1 = min(fh, even_floor((1 - crop[1]) / ch * fh))
        out = self.fill.copy()
        if x1 - x0 < 2 or y1 - y0 < 2:
            return out
        # the part of the photo under those pixels exactly, so it moves smoothly
        pw, ph = self.planes.size
        box = (
            max(0.0, (crop[0] + x0 / fw * cw) * pw),
            max(0.0, (crop[1] + y0 / fh * ch) * ph),
            min(float(pw), (crop[0] + x1 / fw * cw) * pw),
            min(float(ph), (crop[1] + y1 / fh * ch) * ph),
        )
        out.put(self.planes.resized((x1 - x0, y1 - y0), box), (x0, y0))
        return out


def even_floor(n: float) -> int:
    """*n* rounded down to an even number."""
    return int(n // 2) * 2


def source_for(shot: Shot, size: tuple[int, int]) -> CoverSource | FittedSource:
    """What a photo shot's frames are cut from: the photo cropped, or shown whole."""
    return FittedSource(shot, size) if shot.fitted else CoverSource(shot, size)


def brand_background(plan: ReelPlan) -> RGB:
    return parse_hex(plan.settings.style.primary)


def _measured(shot: Shot, i: int) -> bool:
    """Whether frame *i*'s text contrast is measured: the first, middle and last frames."""
    return i in (0, shot.frames // 2, shot.frames - 1)


def shot_frames(
    plan: ReelPlan, shot: Shot, contrasts: list[float] | None = None
) -> Iterator[Planes]:
    """Every frame of one shot, in order, one at a time; the contrast of its text on the
    frames measured is added to *contrasts*. A still shot yields the same object again."""
    size = plan.settings.size
    sink = contrasts if contrasts is not None else []
    if shot.source is None:
        bg = brand_background(plan)
        card = from_rgb(Image.new("RGB", size, bg))
        sink.extend(overlay(shot, size, bg).apply(card, shot.text))
        for _ in range(shot.frames):
            yield card  # the same picture each frame: converted once
        return
    over = overlay(shot, size, None)
    if shot.kind == "clip":
        pictures = clip_planes(shot.source, shot.clip_start, shot.frames, plan.settings.fps)
        for i, picture in enumerate(pictures):
            w, h = picture.size
            c = shot.start
            frame = picture.resized(size, (c[0] * w, c[1] * h, c[2] * w, c[3] * h))
            sink.extend(over.apply(frame, shot.text if _measured(shot, i) else None))
            yield frame
        return
    source = source_for(shot, size)
    for i in range(shot.frames):
        frame = source.frame(crop_at(shot, i))
        sink.extend(over.apply(frame, shot.text if _measured(shot, i) else None))
        yield frame


def frames(plan: ReelPlan, contrasts: list[float] | None = None) -> Iterator[Planes]:
    """Every frame of the reel, in order, streamed; text contrasts measured into *contrasts*."""
    for shot in plan.shots:
        yield from shot_frames(plan, shot, contrasts)
