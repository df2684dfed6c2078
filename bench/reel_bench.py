#!/usr/bin/env python3
"""A reel's total wall time beside x264 alone encoding as many frames at the same settings.

Usage: reel_bench.py [--photos N] [--rounds R] [--preset veryfast] [--crf 23] [--threads 2]

Makes the reel of N photos (default 6: tests/corpus/photos, then ../shared/photos), about
3 s each with a title and a closing card (21 s, 630 frames), each round in a fresh process:
the time from the plan to the file written (photos decoded, frames drawn, text, encoding).
Beside it, in the same run and interleaved with it, ../shared/bench/floor_video.py FRAMES
OUT times x264 alone on the same number of frames at the same preset, crf and thread count
(its frames made before its clock starts). Reports each round and the median ratio, the
figure issue 16 asks to be at most 1.5. The machine may be shared: every round is printed,
so the spread shows the noise. Needs ../shared/bench/floor_video.py.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = ROOT.parent / "shared" / "bench" / "floor_video.py"
PHOTOS = [
    *sorted((ROOT / "tests" / "corpus" / "photos").glob("*.jpg")),
    *sorted((ROOT.parent / "shared" / "photos").glob("*.jpg")),
]

REEL = """
import sys, time
from pathlib import Path
from PIL import Image
from storykit.reels import ReelPhoto, ReelSettings, ReelTexts, plan_reel, render_reel
paths = [Path(p) for p in sys.argv[1].split("|")]
t0 = time.perf_counter()
photos = []
for k, p in enumerate(paths):
    with Image.open(p) as im:
        size = im.size
    photos.append(ReelPhoto(p, size, line=f"Photo {k + 1}: a short sentence about the animal."))
texts = ReelTexts("Biscuit needs a sofa of her own", "Biscuit, 4 months",
                  "Biscuit is looking for her home", "Link in bio")
settings = ReelSettings(preset=sys.argv[3], crf=int(sys.argv[4]), threads=int(sys.argv[5]))
plan = plan_reel(photos, texts, settings)
render_reel(plan, Path(sys.argv[2]))
print(f"reel: {plan.frames} frames in {time.perf_counter() - t0:.2f} s wall")
"""


def reel(paths: list[Path], out: Path, a: argparse.Namespace) -> tuple[int, float]:
    args = ["|".join(map(str, paths)), str(out), a.preset, str(a.crf), str(a.threads)]
    done = subprocess.run(
        [sys.executable, "-c", REEL, *args], capture_output=True, text=True, check=True
    )
    m = re.search(r"reel: (\d+) frames in ([\d.]+) s", done.stdout)
    assert m, done.stdout + done.stderr
    return int(m.group(1)), float(m.group(2))


def floor(frames: int, out: Path, a: argparse.Namespace) -> float:
    cmd = [sys.executable, str(FLOOR), str(frames), str(out)]
    cmd += ["--preset", a.preset, "--crf", str(a.crf), "--threads", str(a.threads)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    m = re.search(r"in ([\d.]+) s wall", done.stdout)
    assert m, done.stdout + done.stderr
    return float(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--photos", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--preset", default="veryfast")
    ap.add_argument("--crf", type=int, default=23)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    if not FLOOR.is_file():
        sys.exit(f"needs {FLOOR}")
    paths = PHOTOS[: a.photos]
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        out, ref = Path(tmp) / "reel.mp4", Path(tmp) / "floor.mp4"
        for r in range(a.rounds):
            frames, t_reel = reel(paths, out, a)
            t_floor = floor(frames, ref, a)
            ratios.append(t_reel / t_floor)
            print(
                f"round {r + 1}: reel {t_reel:.2f} s, floor {t_floor:.2f} s, {frames} frames, "
                f"ratio {ratios[-1]:.2f} (reel {out.stat().st_size / 1e6:.1f} MB, "
                f"floor {ref.stat().st_size / 1e6:.1f} MB)",
                flush=True,
            )
    print(
        f"median ratio {statistics.median(ratios):.2f} (min {min(ratios):.2f}, max "
        f"{max(ratios):.2f}) over {a.rounds} rounds, preset {a.preset}, crf {a.crf}, "
        f"{a.threads} threads"
    )


if __name__ == "__main__":
    main()
