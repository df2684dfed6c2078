"""A reel's bytes do not follow what the heap held: the same frames encoded in two processes
whose fresh memory glibc fills with different bytes (MALLOC_PERTURB_) give the same file.
(x264's AVX-512 macroblock-tree code read memory nobody wrote at 1080 px wide.)"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ENCODE = r"""
import sys
from pathlib import Path
from PIL import Image, ImageDraw
from storykit.reels.encode import Encoder
from storykit.reels.inputs import ReelSettings
from storykit.reels.planes import from_rgb
base = Image.radial_gradient("L").resize((1400, 2240)).convert("RGB")
d = ImageDraw.Draw(base)
for i in range(0, 2240, 40):
    d.line([(0, i), (1400, (i * 7) % 2240)], fill=(i % 255, 90, 200 - i % 150), width=5)
s = ReelSettings()  # the settings a reel is made with
enc = Encoder(Path(sys.argv[1]), (1080, 1920), 30, s.preset, s.crf, s.threads,
              lookahead=s.lookahead, bframes=s.bframes)
with enc:
    for k in range(36):  # a slow pan: the macroblock tree has motion to follow
        enc.add(from_rgb(base.crop((6 * k, 4 * k, 6 * k + 1080, 4 * k + 1920))).to_frame())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="MALLOC_PERTURB_ is glibc's")
def test_the_same_frames_give_the_same_bytes_whatever_the_heap_held(tmp_path: Path) -> None:
    digests = []
    for fill in ("85", "170"):
        out = tmp_path / f"reel-{fill}.mp4"
        env = {**os.environ, "MALLOC_PERTURB_": fill}
        subprocess.run([sys.executable, "-c", ENCODE, str(out)], check=True, env=env)
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
