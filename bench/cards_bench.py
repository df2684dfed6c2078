#!/usr/bin/env python3
"""Card speed: storykit's render_cards against the shared floor and naive scripts, CPU time.

Usage: cards_bench.py [N]   (N phone photos, default 12)

Makes N 12-megapixel phone photos (EXIF rotation, GPS) with
../shared/bench/make_phone_photos.py in a temporary folder, then runs, each in its own
child process so its CPU time (user + system, from rusage) is measured alone:
  floor_cards.py  - one decode per photo at the smallest draft scale, no text
  naive_cards.py  - the volunteer script: open, orient, fit, caption, save per card
  storykit        - render_cards with the `photo` layout, realistic texts, 4 sizes, no
                    focus: set, so the cards find the animals (on their own decode, once
                    per photo) and frame them: what a cold build does
  storykit-focus  - the same with focus: set on every photo, so nothing is detected
and prints each CPU time and the ratios (issue 14's target: storykit, detection included,
at most 1.4x floor_cards.py); then, in this process, the CPU time of the detection alone
per photo, on the decode the cards make (bench/detect_bench.py's measure; target: a median
of at most 0.15 s).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from detect_bench import TARGET, measure

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
TARGET_RATIO = 1.4  # cold card CPU, detection included, against floor_cards.py

STORYKIT = r"""
import sys
from pathlib import Path
from storykit.cards import SIZES, CardRequest, CardStyle, PhotoSource, render_cards
from storykit.outputs.layouts import read_layout_file
src, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
lp = Path(sys.argv[3])
layout = read_layout_file(lp)[0]
texts = {"headline": "Happy Tears", "names": "Possum & Kangaroo",
         "caption": "A runt puppy and the smallest kitten, bottle-fed together",
         "badge": "Reunited", "credit": "Photo: Emilie Rackovan",
         "organisation": "Best Friends Animal Society"}
style = CardStyle()
focus = (0.5, 0.4) if sys.argv[4] == "focus" else None
reqs = [CardRequest(f"{p.stem}-{w}x{h}.jpg", layout, (w, h), (PhotoSource(p, focus),), texts,
                    style)
        for p in sorted(src.glob("*.jpg")) for (w, h) in SIZES.values()]
for r in render_cards(reqs):
    (out / r.key).write_bytes(r.data)
"""


def cpu_of(cmd: list[str]) -> float:
    """CPU seconds (user + system) of one child process run to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    rounds = int(os.environ.get("ROUNDS", "3"))
    py = sys.executable
    layout = ROOT / "src" / "storykit" / "templates" / "cards" / "photo.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        photos = Path(tmp) / "photos"
        subprocess.run(
            [py, str(SHARED / "make_phone_photos.py"), str(photos), str(n)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # an empty run of each measures interpreter and import start-up, subtracted below
        empty = Path(tmp) / "empty"
        empty.mkdir()
        jobs = {
            "floor": lambda src, out: [py, str(SHARED / "floor_cards.py"), src, out],
            "naive": lambda src, out: [py, str(SHARED / "naive_cards.py"), src, out],
            "storykit": lambda src, out: [py, "-c", STORYKIT, src, out, str(layout), "-"],
            "storykit-focus": lambda src, out: [py, "-c", STORYKIT, src, out, str(layout), "focus"],
        }
        best: dict[str, float] = {}
        startup: dict[str, float] = {}
        for r in range(rounds):
            for name, cmd in jobs.items():
                t = cpu_of(cmd(str(photos), str(Path(tmp) / f"out-{name}-{r}")))
                best[name] = min(best.get(name, t), t)
                s = cpu_of(cmd(str(empty), str(Path(tmp) / f"empty-{name}-{r}")))
                startup[name] = min(startup.get(name, s), s)
        detection = statistics.median(r[3] for r in measure(sorted(photos.glob("*.jpg")), rounds))
    print(f"{n} photos x 4 cards, best of {rounds} rounds, CPU seconds (user+sys)")
    for name in jobs:
        print(
            f"  {name:9s} {best[name]:7.2f} s total, {startup[name]:5.2f} s start-up, "
            f"{best[name] - startup[name]:7.2f} s work"
        )
    f, k, nv = best["floor"], best["storykit"], best["naive"]
    fw, kw, nw = (best[x] - startup[x] for x in ("floor", "storykit", "naive"))
    print(
        f"storykit / floor = {k / f:.3f} (total)   {kw / fw:.3f} (work, start-up removed)"
        f"   target <= {TARGET_RATIO}: {'met' if k / f <= TARGET_RATIO else 'NOT met'}"
    )
    kf = best["storykit-focus"]
    print(f"storykit-focus / floor = {kf / f:.3f} (total): the cards without detection")
    print(
        f"detection: median {detection:.3f} s CPU per photo on the cards' decode"
        f" (in the cards: {(k - kf) / n:.3f} s per photo)"
        f"   target <= {TARGET}: {'met' if detection <= TARGET else 'NOT met'}"
    )
    print(f"naive    / floor = {nv / f:.3f} (total)   {nw / fw:.3f} (work)")
    print(f"storykit / naive = {k / nv:.3f} (total)")


if __name__ == "__main__":
    main()
