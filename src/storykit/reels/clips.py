"""Phone clips: read one's length, size and turn (.mov/.mp4, H.264 or HEVC, 8 or 10 bit),
and its frames upright at the reel's rate (PyAV does not apply a clip's rotation)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image

from storykit.errors import Location, Problem, StorykitError
from storykit.reels.planes import Planes, even, from_frame

if TYPE_CHECKING:
    import av

# PIL's transpose for a display matrix's rotation (degrees anticlockwise, as FFmpeg
# reports it in frame.rotation): what turns the decoded picture upright
_TURN = {
    90: Image.Transpose.ROTATE_90,
    -270: Image.Transpose.ROTATE_90,
    180: Image.Transpose.ROTATE_180,
    -180: Image.Transpose.ROTATE_180,
    -90: Image.Transpose.ROTATE_270,
    270: Image.Transpose.ROTATE_270,
}
# decoding scales a clip down to at most this long edge: a 4K phone clip is cropped to
# 9:16 and shown at 1080x1920, so more is never seen
MAX_EDGE = 2160


@dataclass(frozen=True)
class ClipInfo:
    """What a clip's header says: its upright size (px), length (s), turn and codec."""

    path: Path
    size: tuple[int, int]
    duration: float
    rotation: int
    codec: str


def _video_problem(path: Path, message: str) -> StorykitError:
    return StorykitError(
        [
            Problem(
                Location.of(path),
                message,
                "use a video straight from the phone (.mov or .mp4, H.264 or HEVC), or "
                "remove it from the story's clips:",
            )
        ]
    )


def probe_clip(path: Path) -> ClipInfo:
    """Read a clip's header and first frame; StorykitError naming the file when it is not a
    video storykit can read."""
    import av

    path = Path(path)
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise _video_problem(path, "this file has no video in it")
            stream = container.streams.video[0]
            first = next(container.decode(stream), None)
            if first is None:
                raise _video_problem(path, "no frame of this video could be read")
            rotation = _signed(first.rotation)
            duration = seconds_of(container, stream)
            w, h = first.width, first.height
            if rotation in (90, -90, 270, -270):
                w, h = h, w
            return ClipInfo(path, (w, h), duration, rotation, stream.codec_context.name)
    except StorykitError:
        raise
    except (av.error.FFmpegError, OSError, ValueError):
        raise _video_problem(path, "this is not a video storykit can read") from None


def seconds_of(container: Any, stream: Any) -> float:
    """How long a stream lasts: by its own duration, else the file's, else 0."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return (container.duration or 0) / 1_000_000


def _signed(rotation: float) -> int:
    r = round(rotation) % 360
    return r - 360 if r > 180 else r


def upright(frame: av.VideoFrame) -> Planes:
    """A decoded frame upright (its display matrix applied), in BT.709 limited-range
    yuv420p planes, scaled so its long edge is at most MAX_EDGE. Colours are converted
    by matrix only: an HDR clip (HLG or PQ) is not tone-mapped and looks flat."""
    w, h = frame.width, frame.height
    k = min(1.0, MAX_EDGE / max(w, h))
    yuv = frame.reformat(
        width=even(w * k),
        height=even(h * k),
        format="yuv420p",
        dst_colorspace="ITU709",
        dst_color_range="MPEG",
        interpolation="BILINEAR",
    )
    planes = from_frame(yuv)
    turn = _TURN.get(_signed(frame.rotation))
    return planes if turn is None else planes.transposed(turn)


def clip_planes(path: Path, start: float, count: int, fps: int) -> Iterator[Planes]:
    """*count* upright frames of the clip from *start* seconds, at *fps*: each shows the
    clip's frame on screen at that moment (its last frame held, if the clip ends first)."""
    import av

    if count <= 0:
        return
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if start > 0 and stream.time_base is not None:
            container.seek(int(start / stream.time_base), stream=stream, backward=True)
        pending: av.VideoFrame | None = None  # the last frame decoded, on screen until the next
        image: Planes | None = None
        made_from: av.VideoFrame | None = None
        n = 0
        for frame in container.decode(stream):
            t = float(frame.time or 0.0)
            while n < count and pending is not None and start + n / fps < t - 1e-6:
                if made_from is not pending:
                    image, made_from = upright(pending), pending
                assert image is not None
                yield image
                n += 1
            if n >= count:
                return
            pending = frame
        if pending is not None:
            last = upright(pending) if made_from is not pending else image
            assert last is not None
            for _ in range(count - n):
                yield last
