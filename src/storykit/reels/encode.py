"""Encoding a reel with PyAV: H.264 High, yuv420p (BT.709), MP4 with the index first,
the same bytes on every run on a machine (a fixed thread count, no AVX-512 in x264, bit-exact
muxing) and no metadata."""

from __future__ import annotations

from functools import lru_cache
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
# x264's AVX-512 code for its macroblock tree reads memory nobody wrote past a row's end when
# the width is not a multiple of 64 px (1080 is not): its bytes then follow what the heap
# held and differ from run to run, most when the machine is busy (found with glibc's
# MALLOC_PERTURB_: each fill byte, other bytes; without AVX-512, the same bytes). So x264
# is given the CPU's features less AVX-512, by x264's own names (common/cpu.c), as /proc/
# cpuinfo names them. x264 trusts the list: only features the CPU reports are named.
X264_FEATURES = (  # cpuinfo flag, x264 name; in x264's order
    ("sse2", "SSE2"),
    ("pni", "SSE3"),
    ("ssse3", "SSSE3"),
    ("sse4_1", "SSE4"),
    ("sse4_2", "SSE4.2"),
    ("avx", "AVX"),
    ("fma", "FMA3"),
    ("bmi1", "BMI1"),
    ("bmi2", "BMI2"),
    ("avx2", "AVX2"),
    ("abm", "LZCNT"),
)


# x264's look-ahead then runs in the thread that hands it frames rather than in a thread of
# its own with a queue of frames to it: the same decisions on the same frames, so the same
# bytes (tests/test_reel_repro.py), and 28 MB less at 1080x1920 (bench/RESULTS.md)
X264_SYNC_LOOKAHEAD = "sync-lookahead=0"


@lru_cache(maxsize=1)
def x264_asm(cpuinfo: Path = Path("/proc/cpuinfo")) -> str | None:
    """x264's `asm` setting for this machine: its SIMD features less AVX-512, where the CPU
    has AVX-512 and says what else it has (Linux on x86); else None (x264 detects)."""
    try:
        text = cpuinfo.read_text(errors="replace")
    except OSError:
        return None
    line = next((ln for ln in text.splitlines() if ln.startswith("flags")), "")
    flags = set(line.partition(":")[2].split())
    if not any(f.startswith("avx512") for f in flags):
        return None  # x264's own choice is already free of the AVX-512 code
    return ",".join(name for flag, name in X264_FEATURES if flag in flags)


class Encoder:
    """An open reel file: add() each frame in order (an image added again, the same object,
    is converted once), then close(). *music*: float32 samples (2, n) at *rate*, or None;
    *lookahead* and *bframes*: x264's rc-lookahead and bframes (None: the preset's)."""

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
        *,
        lookahead: int | None = None,
        bframes: int | None = None,
    ):
        import av

        self._av = av
        options = {"preset": preset, "crf": str(crf), "profile": "high"}
        params = [X264_SYNC_LOOKAHEAD]
        asm = x264_asm()
        if asm is not None:
            params.append(f"asm={asm}")
        if lookahead is not None:
            params.append(f"rc-lookahead={lookahead}")
        if bframes is not None:
            params.append(f"bframes={bframes}")
        options["x264-params"] = ":".join(params)
        self.container = av.open(str(path), "w", format="mp4", container_options=CONTAINER_OPTIONS)
        self.container.metadata.clear()
        vs = self.container.add_stream(
            "libx264",
            rate=fps,
            options=options,
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
