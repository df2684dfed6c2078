"""Encoding a reel with PyAV: H.264 High, yuv420p (BT.709), MP4 with the index first,
the same bytes on every machine (a fixed thread count, bit-exact muxing) and no metadata."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import av

AUDIO_FRAME = 1024  # samples per AAC frame
AUDIO_BITRATE = 160_000
CONTAINER_OPTIONS = {"movflags": "+faststart", "fflags": "+bitexact"}
BT709 = 1  # AVCOL_PRI_BT709 / AVCOL_TRC_BT709 / AVCOL_SPC_BT709
MPEG_RANGE = 1  # AVCOL_RANGE_MPEG: limited range, what players expect


class Encoder:
    """An open reel file: add() each frame in order (an image added again, the same object,
    is converted once), then close(). *music*: float32 samples (2, n) at *rate*, or None."""

    def __init__(
        self,
        path: Path,
        size: tuple[int, int],
        fps: int,
        preset: str,
        crf: int,
        threads: int,
        music: np.ndarray | None = None,
        rate: int = 48000,
    ):
        import av

        self._av = av
        self.container = av.open(str(path), "w", format="mp4", container_options=CONTAINER_OPTIONS)
        self.container.metadata.clear()
        vs = self.container.add_stream(
            "libx264",
            rate=fps,
            options={"preset": preset, "crf": str(crf), "profile": "high"},
        )
        vs.width, vs.height = size
        vs.pix_fmt = "yuv420p"
        cc = vs.codec_context
        cc.thread_type = "FRAME"
        cc.thread_count = threads  # recorded in x264's options text: fixed, never 0
        cc.color_primaries = BT709
        cc.color_trc = BT709
        cc.colorspace = BT709
        cc.color_range = MPEG_RANGE
        cc.flags |= av.codec.context.Flags.bitexact
        self.video = vs
        self.fps = fps
        self.frames = 0
        self.audio = None
        self.music = music
        self.rate = rate
        self.samples = 0
        if music is not None:
            aus = self.container.add_stream("aac", rate=rate, layout="stereo")
            aus.bit_rate = AUDIO_BITRATE
            aus.codec_context.flags |= av.codec.context.Flags.bitexact
            self.audio = aus

    def add(self, frame: av.VideoFrame) -> None:
        """Encode the next frame (yuv420p, the reel's size); the same frame object may be
        given again (a still shot): its time is set each time."""
        frame.pts = self.frames
        self.frames += 1
        for packet in self.video.encode(frame):
            self.container.mux(packet)
        self._audio_until(self.frames / self.fps)

    def _audio_until(self, seconds: float, flush: bool = False) -> None:
        if self.audio is None or self.music is None:
            return
        end = min(self.music.shape[1], round(seconds * self.rate))
        while self.samples + (0 if flush else AUDIO_FRAME) <= end and self.samples < end:
            chunk = self.music[:, self.samples : min(end, self.samples + AUDIO_FRAME)]
            frame = self._av.AudioFrame.from_ndarray(
                np.ascontiguousarray(chunk), format="fltp", layout="stereo"
            )
            frame.sample_rate = self.rate
            frame.pts = self.samples
            self.samples += chunk.shape[1]
            for packet in self.audio.encode(frame):
                self.container.mux(packet)

    def close(self) -> None:
        """Flush the encoders and write the index (first in the file)."""
        for packet in self.video.encode():
            self.container.mux(packet)
        if self.audio is not None:
            self._audio_until(self.frames / self.fps, flush=True)
            for packet in self.audio.encode():
                self.container.mux(packet)
        self.container.close()

    def __enter__(self) -> Encoder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.container.close()
