#!/usr/bin/env python3
"""A reel's cost beside x264 alone encoding as many frames at the same settings.

Usage: reel_bench.py [--photos N] [--rounds R] [--preset veryfast] [--crf 23] [--threads 2]
       reel_bench.py --builds [--stories S] [--rounds R]

Makes the reel of N photos (default 6: tests/corpus/photos, then ../shared/photos), about
3 s each with a title and a closing card (21 s, 630 frames), each round in a fresh process:
the wall and CPU time from the plan to the file written (photos decoded, frames drawn,
text, encoding). Beside it, in the same run and interleaved with it,
../shared/bench/floor_video.py FRAMES OUT times x264 alone on the same number of frames at
the same preset, crf and thread count (its frames made before its clock starts; the reel
keeps storykit's look-ahead and B-frames, 3 and 1, where floor_video.py keeps veryfast's,
10 and 3). Reports each round and the median ratios (wall: the figure issue 16 asks to be
at most 1.5).

With --builds, the measure issue 20 sets: a reel's own cost in a build. S stories (default
6), each with its own 12 MP phone photo (../shared/bench/make_phone_photos.py) and a reel
for TikTok and Instagram, are built cold (`storykit build --jobs 2`) with reels and again
with `video: {make: false}`, interleaved; a reel's cost is the difference (wall, and CPU of
the build and its workers), set beside floor_video.py encoding all of those reels' frames
(read from story.json), in the same round, at its own defaults (veryfast, crf 23, 2
threads) while the build's reels are made as storykit makes them (ReelSettings: crf 22,
1 thread, a 3-frame look-ahead, 1 B-frame). Target: at most 1.5.

The machine may be shared: every round is printed, so the spread shows the noise. Needs
../shared/bench.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build_bench import CONFIG, STORYKIT, story

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
FLOOR = SHARED / "floor_video.py"
PHOTOS = [
    *sorted((ROOT / "tests" / "corpus" / "photos").glob("*.jpg")),
    *sorted((ROOT.parent / "shared" / "photos").glob("*.jpg")),
]
TARGET = 1.5

REEL = """
import os, sys, time
from pathlib import Path
from PIL import Image
from storykit.reels import ReelPhoto, ReelSettings, ReelTexts, plan_reel, render_reel
paths = [Path(p) for p in sys.argv[1].split("|")]
t0, c0 = time.perf_counter(), os.times()
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
c1 = os.times()
cpu = c1.user + c1.system - c0.user - c0.system
print(f"reel: {plan.frames} frames in {time.perf_counter() - t0:.2f} s wall, {cpu:.2f} s CPU")
"""


def reel(paths: list[Path], out: Path, a: argparse.Namespace) -> tuple[int, float, float]:
    args = ["|".join(map(str, paths)), str(out), a.preset, str(a.crf), str(a.threads)]
    done = subprocess.run(
        [sys.executable, "-c", REEL, *args], capture_output=True, text=True, check=True
    )
    m = re.search(r"reel: (\d+) frames in ([\d.]+) s wall, ([\d.]+) s CPU", done.stdout)
    assert m, done.stdout + done.stderr
    return int(m.group(1)), float(m.group(2)), float(m.group(3))


def floor(frames: int, out: Path, a: argparse.Namespace) -> tuple[float, float]:
    """floor_video.py's wall and CPU seconds for *frames* frames."""
    cmd = [sys.executable, str(FLOOR), str(frames), str(out)]
    cmd += ["--preset", a.preset, "--crf", str(a.crf), "--threads", str(a.threads)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    m = re.search(r"in ([\d.]+) s wall, ([\d.]+) s CPU", done.stdout)
    assert m, done.stdout + done.stderr
    return float(m.group(1)), float(m.group(2))


def one_reel(a: argparse.Namespace) -> None:
    paths = PHOTOS[: a.photos]
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out, ref = Path(tmp) / "reel.mp4", Path(tmp) / "floor.mp4"
        for r in range(a.rounds):
            frames, t_reel, c_reel = reel(paths, out, a)
            t_floor, c_floor = floor(frames, ref, a)
            walls.append(t_reel / t_floor)
            cpus.append(c_reel / c_floor)
            print(
                f"round {r + 1}: reel {t_reel:.2f} s wall {c_reel:.2f} s CPU, floor "
                f"{t_floor:.2f} s wall {c_floor:.2f} s CPU, {frames} frames, ratio wall "
                f"{walls[-1]:.2f} CPU {cpus[-1]:.2f} (reel {out.stat().st_size / 1e6:.1f} MB, "
                f"floor {ref.stat().st_size / 1e6:.1f} MB)",
                flush=True,
            )
    print(
        f"median ratio: wall {statistics.median(walls):.2f} (min {min(walls):.2f}, max "
        f"{max(walls):.2f}), CPU {statistics.median(cpus):.2f} (min {min(cpus):.2f}, max "
        f"{max(cpus):.2f}) over {a.rounds} rounds, preset {a.preset}, crf {a.crf}, "
        f"{a.threads} threads; target wall <= {TARGET}"
    )


def timed_build(project: Path) -> tuple[float, float]:
    """A cold build's wall seconds and CPU seconds (the build and its workers)."""
    shutil.rmtree(project / "output", ignore_errors=True)
    before = os.times()
    started = time.perf_counter()
    subprocess.run([*STORYKIT, "build", "-q", "-j", "2"], cwd=project, check=True)
    wall = time.perf_counter() - started
    after = os.times()
    return wall, after.children_user + after.children_system - (
        before.children_user + before.children_system
    )


def reel_frames(project: Path) -> int:
    """The frames of every reel the build made, each reel once (its platforms share it)."""
    total = 0
    for record in (project / "output").glob("*/story.json"):
        reels = [f for f in json.loads(record.read_text())["files"] if f.get("kind") == "reel"]
        total += reels[0]["frames"] if reels else 0
    return total


def builds(a: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pool = work / "pool"
        subprocess.run(
            [sys.executable, str(SHARED / "make_phone_photos.py"), str(pool), str(a.stories)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        projects = {}
        for name, extra in (("with", ""), ("without", "video: {make: false}\n")):
            project = projects[name] = work / name
            (project / "stories" / "photos").mkdir(parents=True)
            (project / "storykit.yaml").write_text(CONFIG + extra)
            for i, p in enumerate(sorted(pool.glob("*.jpg"))):
                shutil.copy(p, project / "stories" / "photos" / p.name)
                (project / "stories" / f"pet-{i:04d}.yaml").write_text(story(i, p.name))
        print(f"builds: {a.stories} stories with a 12 MP photo, --jobs 2, with reels and without")
        walls, cpus = [], []
        for r in range(a.rounds):
            w_with, c_with = timed_build(projects["with"])
            w_without, c_without = timed_build(projects["without"])
            frames = reel_frames(projects["with"])
            w_floor, c_floor = floor(frames, work / "floor.mp4", a)
            walls.append((w_with - w_without) / w_floor)
            cpus.append((c_with - c_without) / c_floor)
            print(
                f"  round {r + 1}: with reels {w_with:.1f} s wall {c_with:.1f} s CPU; without "
                f"{w_without:.1f} s, {c_without:.1f} s; floor_video.py {frames} frames "
                f"{w_floor:.1f} s, {c_floor:.1f} s; ratio wall {walls[-1]:.2f} CPU {cpus[-1]:.2f}",
                flush=True,
            )
        print(
            f"  a reel's own cost / floor_video.py, median of {a.rounds}: wall "
            f"{statistics.median(walls):.2f} (min {min(walls):.2f}, max {max(walls):.2f}), CPU "
            f"{statistics.median(cpus):.2f} (min {min(cpus):.2f}, max {max(cpus):.2f}); "
            f"target <= {TARGET}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--photos", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--preset", default="veryfast")
    ap.add_argument("--crf", type=int, default=23)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--builds", action="store_true", help="a reel's cost in a build")
    ap.add_argument("--stories", type=int, default=6)
    a = ap.parse_args()
    if not FLOOR.is_file():
        sys.exit(f"needs {FLOOR}")
    if a.builds:
        builds(a)
    else:
        one_reel(a)


if __name__ == "__main__":
    main()
