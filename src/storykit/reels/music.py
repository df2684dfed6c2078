"""The project's own music for a reel: decoded, made stereo 48 kHz, cut to the reel's
length and faded out (never bundled, never fetched)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storykit.errors import Location, Problem, StorykitError
from storykit.reels.clips import seconds_of

RATE = 48000  # what AAC in MP4 is usually made at


def _sound_problem(path: Path, message: str) -> StorykitError:
    return StorykitError(
        [
            Problem(
                Location.of(path),
                message,
                "use a music file of your own that plays on your computer (.m4a, .mp3, "
                ".wav, .ogg or .flac), or remove video.music from storykit.yaml",
            )
        ]
    )


def probe_music(path: Path) -> float:
    """The music's length in seconds; StorykitError naming the file when it has no sound
    storykit can read."""
    import av

    path = Path(path)
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise _sound_problem(path, "this file has no sound in it")
            stream = container.streams.audio[0]
            frame = next(container.decode(stream), None)
            if frame is None:
                raise _sound_problem(path, "no sound in this file could be read")
            return seconds_of(container, stream)
    except StorykitError:
        raise
    except (av.error.FFmpegError, OSError, ValueError):
        raise _sound_problem(path, "this is not a sound file storykit can read") from None


def load_music(path: Path, seconds: float, fade: float) -> np.ndarray:
    """The music's first *seconds* (silence after it, if it is shorter) as float32 samples,
    shape (2, n) at RATE, fading out over the last *fade* seconds."""
    import av

    need = round(seconds * RATE)
    out = np.zeros((2, need), dtype=np.float32)
    n = 0
    try:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="fltp", layout="stereo", rate=RATE)
            for frame in container.decode(stream):
                for piece in resampler.resample(frame):
                    data = piece.to_ndarray()
                    take = min(data.shape[1], need - n)
                    out[:, n : n + take] = data[:, :take]
                    n += take
                if n >= need:
                    break
    except (av.error.FFmpegError, OSError, ValueError):
        raise _sound_problem(Path(path), "this is not a sound file storykit can read") from None
    ramp = min(need, round(fade * RATE))
    if ramp > 0:
        out[:, need - ramp :] *= np.linspace(1.0, 0.0, ramp, dtype=np.float32)
    return out
