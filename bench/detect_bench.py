#!/usr/bin/env python3
"""Detection speed: CPU time of find_animals per photo, on the decode the cards make.

Usage: detect_bench.py [ROUNDS]   (default 3; uses ../shared, says so when it is absent)

Makes one 12-megapixel phone photo (EXIF rotation, as phones store them) from each sample
photo in ../shared/photos with ../shared/bench/make_phone_photos.py, decodes each as a
build of the four card sizes does (the same JPEG draft divisor, from decode_scales, then
upright), and measures the CPU time (this process's, user + system) of finding the animals
in it: the best of ROUNDS for each photo, then the median over the photos. Loading the
network, once per process, is reported on its own. The target (issue 14) is at most
0.15 s per photo.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from storykit.cards import SIZES, CardRequest, CardStyle, PhotoSource, decode_scales
from storykit.cards.detect import _network, find_animals
from storykit.cards.photo import decode, probe
from storykit.outputs.layouts import read_layout_file

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TARGET = 0.15


def measure(photos: list[Path], rounds: int) -> list[tuple[Path, tuple[int, int], int, float]]:
    """Each photo decoded as a build of the four card sizes decodes it, and the best CPU
    time of ROUNDS detections in it: (photo, decode size, animals found, seconds)."""
    layout = read_layout_file(ROOT / "src" / "storykit" / "templates" / "cards" / "photo.yaml")[0]
    requests = [
        CardRequest(f"{p.stem}-{w}x{h}", layout, (w, h), (PhotoSource(p),), {}, CardStyle())
        for p in photos
        for (w, h) in SIZES.values()
    ]
    divisors = decode_scales(requests)
    _network()  # loaded once per process: not part of any photo's time
    rows = []
    for p in photos:
        image = decode(probe(p), 1 / divisors[p]).image.convert("RGB")
        best = float("inf")
        for _ in range(rounds):
            t = time.process_time()
            subjects = find_animals(image)
            best = min(best, time.process_time() - t)
        rows.append((p, image.size, len(subjects), best))
    return rows


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    if not (SHARED / "photos").is_dir():
        sys.exit("../shared is absent: this bench uses its photos and make_phone_photos.py")
    sources = sorted(p for p in (SHARED / "photos").iterdir() if p.suffix in (".jpg", ".png"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        make = SHARED / "bench" / "make_phone_photos.py"
        subprocess.run([sys.executable, str(make), str(out), str(len(sources))], check=True)
        photos = sorted(out.glob("*.jpg"))
        t = time.process_time()
        _network()
        load = time.process_time() - t
        rows = measure(photos, rounds)
        for p, size, count, best in rows:
            print(f"{p.name}: {size[0]}x{size[1]}, {count} found, {best:.3f} s")
    times = [r[3] for r in rows]
    sizes = [max(r[1]) for r in rows]
    found = sum(1 for r in rows if r[2])
    median = statistics.median(times)
    print(f"network load (once per process): {load:.3f} s CPU")
    print(
        f"detection: median {median:.3f} s CPU per photo (max {max(times):.3f}), "
        f"decodes {min(sizes)}-{max(sizes)} px long edge, animals found in {found}/{len(photos)}"
    )
    print(f"target <= {TARGET} s: {'met' if median <= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
