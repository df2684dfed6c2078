#!/usr/bin/env python3
"""Where a build's memory goes: a card worker stage by stage, a process that only makes
reels, x264's settings, and each process of a cold build.

Usage: memory_bench.py [--only worker|reels|x264|build] [--rounds R] [--stories N]
                        [--timeline FILE]

worker  a process set up as a card worker (glibc's mallopt, as builder/workers.py does),
        then, one at a time: the card engine imported; one story's 4 cards of a 12 MP
        phone photo with the animals found (../shared/bench/make_phone_photos.py, EXIF
        turned); that story's reel (10 s, 1080x1920); a second story's cards and reel
        (another photo, turned the other way): what the worker holds after each stage,
        and its peak during it.
reels   a process that only makes reels (PyAV; neither OpenCV nor ONNX Runtime loaded):
        after its imports, during a 10 s reel of one photo, during a 30 s reel of ten.
x264    the encoder alone (300 frames of a pan, 1080x1920, veryfast, crf 23) with
        veryfast's own settings (storykit's until 2026-12-07) and with others that save
        memory, storykit's now among them (a reel adds crf 22), and whether its bytes stay
        the same as the first's.
build   a cold `storykit build --jobs 2` of N stories (default 1000; the first 12 with a
        12 MP photo and a reel for TikTok and Instagram, as build_bench.py makes them):
        the sum of the processes' proportional set sizes (PSS, as build_bench.py sums it)
        at its peak, each process's share then, and each process's own peak; the build's
        wall and CPU time (the sampling beside it costs some); with --timeline, every
        sample (seconds, the sum, then each process, main first, in MB) to FILE.

Figures are MB: RSS (resident), anon (its private part: what adds up across processes),
PSS (shared pages split among the processes mapping them), peak (VmHWM: the resident peak
during the stage, reset before it). Memory varies little from run to run; the median of R
rounds (default 3) is printed. Linux only (/proc). Needs ../shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from build_bench import CONFIG, STORYKIT, pss_by_process, story

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"

PROBE = r"""
import json, sys
from pathlib import Path

def mem():
    out = {}
    for line in open("/proc/self/status"):
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            out[key] = int(value.split()[0]) / 1024
    for line in open("/proc/self/smaps_rollup"):
        if line.startswith("Pss:"):
            out["Pss"] = int(line.split()[1]) / 1024
    return out

def stage(name):
    m = mem()
    print(json.dumps({"stage": name, "rss": m["VmRSS"], "anon": m["RssAnon"], "pss": m["Pss"],
                      "peak": m["VmHWM"]}), flush=True)
    with open("/proc/self/clear_refs", "w") as fh:  # the peak of the next stage alone
        fh.write("5")

TEXTS = {"headline": "Pet number 3 needs a sofa", "names": "Pet3",
         "caption": "A calm cat who likes windowsills", "organisation": "Bench Rescue"}
"""

WORKER = (
    PROBE
    + r"""
from storykit.builder.heap import return_large_blocks
return_large_blocks()
stage("python, as a card worker starts")
import storykit.cards.engine
from storykit.cards import SIZES, CardRequest, CardStyle, PhotoSource, render_cards
from storykit.cards.photo import open_photo_size
from storykit.outputs.layouts import read_layout_file
from storykit.reels.inputs import ReelSettings, ReelTexts
from storykit.reels.job import JobPhoto, ReelJob, make_reel
stage("card engine imported")
layout = read_layout_file(Path(sys.argv[1]))[0]
scratch = Path(sys.argv[2])
for n, photo in enumerate(Path(p) for p in sys.argv[3:]):
    requests = [CardRequest(f"{photo.stem}-{w}x{h}.jpg", layout, (w, h), (PhotoSource(photo),),
                            TEXTS, CardStyle()) for w, h in SIZES.values()]
    made = render_cards(requests)
    found = {Path(k): v for r in made for k, v in r.detected.items()}
    del made
    stage(f"story {n + 1}: its 4 cards, animals found")
    job = ReelJob(("pet/posts/tiktok/reel.mp4",),
                  (JobPhoto(photo, open_photo_size(photo)),),
                  ReelTexts(TEXTS["headline"], TEXTS["names"], "Pet3 is looking for a home",
                            "Link in bio"),
                  ReelSettings(), scratch=scratch)
    reel = make_reel(job, found)
    del reel
    stage(f"story {n + 1}: its reel (10 s)")
"""
)

REELS = (
    PROBE
    + r"""
from storykit.builder.heap import return_large_blocks
return_large_blocks()
from storykit.cards.photo import open_photo_size
from storykit.reels.inputs import ReelSettings, ReelTexts
from storykit.reels.job import JobPhoto, ReelJob, make_reel
import storykit.reels.render
assert "cv2" not in sys.modules and "onnxruntime" not in sys.modules
stage("reel modules imported (PyAV)")
scratch = Path(sys.argv[1])
photos = [Path(p) for p in sys.argv[2:]]
for label, chosen in (("10 s reel, 1 photo", photos[:1]), ("30 s reel, 10 photos", photos)):
    job = ReelJob(("pet/posts/tiktok/reel.mp4",),
                  tuple(JobPhoto(p, open_photo_size(p), (0.5, 0.4), line=f"Photo {k}")
                        for k, p in enumerate(chosen)),
                  ReelTexts(TEXTS["headline"], TEXTS["names"], "Pet3 is looking for a home",
                            "Link in bio"),
                  ReelSettings(), scratch=scratch)
    made = make_reel(job, {})
    assert "cv2" not in sys.modules and "onnxruntime" not in sys.modules
    stage(f"{label} ({made.entry['seconds']:.0f} s)")
    del made
"""
)

X264 = (
    PROBE
    + r"""
import hashlib, os
from PIL import Image, ImageDraw
import storykit.reels.encode as E
from storykit.builder.heap import return_large_blocks
from storykit.reels.planes import from_rgb
return_large_blocks()
threads, extra, out = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
base = Image.radial_gradient("L").resize((1400, 2240)).convert("RGB")
d = ImageDraw.Draw(base)
for i in range(0, 2240, 40):
    d.line([(0, i), (1400, (i * 7) % 2240)], fill=(i % 255, 90, 200 - i % 150), width=5)
frames = [from_rgb(base.crop((6 * k, 4 * k, 6 * k + 1080, 4 * k + 1920))).to_frame()
          for k in range(40)]
if extra:  # more of x264's own settings, after storykit's
    E.X264_SYNC_LOOKAHEAD += ":" + extra
stage("frames made")
c0 = os.times()
with E.Encoder(out, (1080, 1920), 30, "veryfast", 23, threads) as enc:
    for i in range(300):
        enc.add(frames[i % 40])
c1 = os.times()
print(json.dumps({"stage": "encoded", "peak": mem()["VmHWM"],
                  "cpu": c1.user + c1.system - c0.user - c0.system,
                  "sha": hashlib.sha256(out.read_bytes()).hexdigest()[:12],
                  "bytes": out.stat().st_size}), flush=True)
"""
)

X264_VARIANTS = (  # threads, extra x264 settings, what it is
    (2, "", "2 threads, veryfast's look-ahead (storykit's until 12-07)"),
    (2, "sync-lookahead=auto", "2 threads, look-ahead thread (before 2026-12-07)"),
    (2, "rc-lookahead=5", "2 threads, rc-lookahead 5 (veryfast: 10)"),
    (2, "rc-lookahead=0", "2 threads, no rc-lookahead"),
    (2, "sliced-threads=1", "2 threads, sliced (one frame at a time)"),
    (1, "", "1 thread"),
    (1, "rc-lookahead=5", "1 thread, rc-lookahead 5"),
    (1, "rc-lookahead=0", "1 thread, no rc-lookahead"),
    (1, "rc-lookahead=0:bframes=0", "1 thread, no rc-lookahead, no B-frames"),
    (1, "rc-lookahead=2:bframes=1", "1 thread, rc-lookahead 2, 1 B-frame"),
    (1, "rc-lookahead=3:bframes=2", "1 thread, rc-lookahead 3, 2 B-frames"),
    (1, "rc-lookahead=3:bframes=1", "1 thread, rc-lookahead 3, 1 B-frame (storykit's)"),
    (2, "rc-lookahead=3:bframes=2", "2 threads, rc-lookahead 3, 2 B-frames"),
)


def run(script: str, *args: str) -> list[dict[str, float | str]]:
    """Run *script* in a fresh interpreter; the stages it printed, as dicts."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def medians(rounds: list[list[dict[str, float | str]]]) -> list[dict[str, float | str]]:
    """Stage by stage, the median of each figure over the rounds."""
    out = []
    for stages in zip(*rounds, strict=True):
        row: dict[str, float | str] = {"stage": stages[0]["stage"]}
        for key in ("rss", "anon", "pss", "peak", "cpu", "bytes"):
            if key in stages[0]:
                row[key] = statistics.median(float(s[key]) for s in stages)
        if "sha" in stages[0]:
            row["sha"] = stages[0]["sha"]
        out.append(row)
    return out


def table(rows: list[dict[str, float | str]]) -> None:
    print(f"  {'stage':46s} {'RSS':>6s} {'anon':>6s} {'PSS':>6s} {'peak':>6s}")
    for r in rows:
        figures = " ".join(
            f"{float(r[k]):6.0f}" if k in r else f"{'':6s}" for k in ("rss", "anon", "pss", "peak")
        )
        print(f"  {r['stage']!s:46s} {figures}")


def phone_photos(work: Path, n: int) -> list[Path]:
    subprocess.run(
        [sys.executable, str(SHARED / "make_phone_photos.py"), str(work / "pool"), str(n)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return sorted((work / "pool").glob("*.jpg"))


def worker(work: Path, pool: list[Path], rounds: int) -> None:
    layout = ROOT / "src" / "storykit" / "templates" / "cards" / "photo.yaml"
    chosen = [
        str(pool[1]),
        str(pool[3]),
    ]  # turned a quarter each way: the cards decode at full size
    got = [run(WORKER, str(layout), str(work / "scratch"), *chosen) for _ in range(rounds)]
    print(f"worker: a card worker's memory, stage by stage (MB, median of {rounds})")
    table(medians(got))


def reels(work: Path, pool: list[Path], rounds: int) -> None:
    chosen = [str(p) for p in pool[:10]]
    got = [run(REELS, str(work / "scratch"), *chosen) for _ in range(rounds)]
    print(f"reels: a process that only makes reels (MB, median of {rounds})")
    table(medians(got))


def x264(work: Path, rounds: int) -> None:
    print(f"x264: the encoder alone, 300 frames 1080x1920, veryfast crf 23 (median of {rounds})")
    print(f"  {'settings':52s} {'peak MB':>8s} {'+ MB':>6s} {'CPU s':>6s}  bytes")
    today = ""
    for threads, extra, what in X264_VARIANTS:
        got = [run(X264, str(threads), extra, str(work / "x264.mp4")) for _ in range(rounds)]
        start, done = medians(got)
        sha = str(done["sha"])
        today = today or sha
        same = "the same" if sha == today else "other bytes"
        print(
            f"  {what:52s} {float(done['peak']):8.0f} "
            f"{float(done['peak']) - float(start['rss']):6.0f} {float(done['cpu']):6.1f}  {same}"
            f" ({int(done['bytes']) // 1024} kB)"
        )


def build(work: Path, pool: list[Path], stories: int, timeline: Path | None = None) -> None:
    project = work / "scale"
    (project / "stories" / "photos").mkdir(parents=True)
    (project / "storykit.yaml").write_text(CONFIG)
    for p in pool[:12]:
        (project / "stories" / "photos" / p.name).write_bytes(p.read_bytes())
    for i in range(stories):
        photo = pool[i].name if i < 12 else None
        (project / "stories" / f"pet-{i:04d}.yaml").write_text(story(i, photo))
    proc = subprocess.Popen(
        [*STORYKIT, "build", "-q", "-j", "2"], cwd=project, stdout=subprocess.DEVNULL
    )
    started = time.perf_counter()
    peak_sum = 0
    at_peak: dict[int, int] = {}
    own: dict[int, int] = {}
    done = threading.Event()
    samples: list[tuple[float, dict[int, int]]] = []

    def sample() -> None:
        nonlocal peak_sum, at_peak
        while not done.is_set():
            shares = pss_by_process(proc.pid)
            total = sum(shares.values())
            if total > peak_sum:
                peak_sum, at_peak = total, shares
            for pid, pss in shares.items():
                own[pid] = max(own.get(pid, 0), pss)
            samples.append((time.perf_counter() - started, shares))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)  # CPU: the build and the workers it waited for
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit("the build failed")
    name = {proc.pid: "main"}
    print(f"build: cold build of {stories} stories, 12 with a 12 MP photo and a reel, --jobs 2")
    cpu = usage.ru_utime + usage.ru_stime
    print(f"  {wall:.1f} s wall, {cpu:.1f} s CPU (sampling PSS every 20 ms beside it)")
    print(
        f"  peak of the sum of PSS: {peak_sum / 2**20:.0f} MB; each process then, and its own peak:"
    )
    for pid in sorted(own, key=lambda p: (p != proc.pid, p)):
        then = at_peak.get(pid, 0) / 2**20
        mine = own[pid] / 2**20
        print(f"    {name.get(pid, 'worker'):7s} {then:6.0f} MB then   {mine:6.0f} MB its peak")
    if timeline is not None:  # seconds, the sum, then each process (main first), in MB
        pids = sorted(own, key=lambda p: (p != proc.pid, p))
        with timeline.open("w") as fh:
            for t, shares in samples:
                row = [sum(shares.values()), *(shares.get(p, 0) for p in pids)]
                fh.write(f"{t:.2f}\t" + "\t".join(f"{v / 2**20:.0f}" for v in row) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=("worker", "reels", "x264", "build"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--stories", type=int, default=1000)
    ap.add_argument("--timeline", type=Path, help="build: write every sample (MB) to this file")
    a = ap.parse_args()
    if not SHARED.is_dir():
        raise SystemExit("../shared/bench is needed (it makes the phone photos)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pool = phone_photos(work, 12)
        if a.only in (None, "worker"):
            worker(work, pool, a.rounds)
        if a.only in (None, "reels"):
            reels(work, pool, a.rounds)
        if a.only in (None, "x264"):
            x264(work, a.rounds)
        if a.only in (None, "build"):
            build(work, pool, a.stories, a.timeline)


if __name__ == "__main__":
    main()
