#!/usr/bin/env python3
"""Caption fitting on long stories: seconds for 10 KB, 50 KB and 200 KB bodies, and the growth.

Usage: captions_bench.py [--sizes 10,50,200] [--rounds R]

Each size is a story whose Markdown body has that many kilobytes of paragraphs, lists and
sentences with abbreviations (Dr., a.m., Jan. 3, 2.5 lbs), plus a quote and a fact; the time
is that of `storykit captions` (load the story, render and fit all seven platforms'
captions, in this process), the median of R rounds (default 3). The growth ratio is the
time per kilobyte of the largest story over that of the smallest: about 1 when fitting
costs linear time, about 20 (200/10) when it costs quadratic. Needs nothing but storykit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storykit.build.pipeline import story_captions  # noqa: E402

STORY = """\
title: Possum
headline: A runt who became a rocket
summary: Possum was found by Dr. Patel near St. Louis at 2 a.m. on Jan. 3. She weighed 2.5 lbs.
status: available
animals:
  - {name: Possum, species: dog, sex: female, age: 8 weeks}
foster: {name: Jo Park, city: Leeds, handles: {instagram: jo.fosters, x: jofosters}}
highlights: [tiny but mighty, loves naps, crate trained]
quotes: [{text: She runs the house now, by: Jo Park}]
facts: [{text: most puppies are adopted, source: Petfinder}]
adoption: {url: "https://example.org/adopt/possum", fee: 150}
hashtags: [foster puppies, runt, adopt]
body: |
"""

PARAGRAPH = (
    "Day {n} with Possum began at 6 a.m. sharp, e.g. with a bark and a wag. "
    "Mr. and Mrs. Ortiz came by at approx. 3 p.m. to meet her! She gained 0.2 lbs. this week. "
    "Her vet, Dr. J. R. Smith, says she is doing well… She napped, then played."
)
LIST = "Her favourite things on day {n}:\n- naps in the sun\n- belly rubs\n1. breakfast\n2. dinner"


def story_of(kilobytes: int) -> str:
    """A case file whose body is about *kilobytes* KB of paragraphs and lists."""
    chunks: list[str] = []
    size, n = 0, 0
    while size < kilobytes * 1000:
        n += 1
        chunk = (LIST if n % 5 == 0 else PARAGRAPH).format(n=n)
        chunks.append(chunk)
        size += len(chunk.encode()) + 2
    body = "\n\n".join(chunks)
    return STORY + "".join(f"  {line}\n" if line else "\n" for line in body.split("\n"))


def time_captions(root: Path, rounds: int) -> float:
    """The median seconds of story_captions over *rounds* runs."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        captions = story_captions(root, "possum", dt.date(2026, 11, 20))
        times.append(time.perf_counter() - start)
        assert all(c.ok for c in captions), [(c.platform, c.length, c.limit) for c in captions]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,200", help="body sizes in KB (default 10,50,200)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    seconds: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kb in sizes:
            root = Path(tmp) / f"p{kb}"
            (root / "stories").mkdir(parents=True)
            (root / "storykit.yaml").write_text("organisation: {name: Bench Rescue}\n")
            (root / "stories" / "possum.yaml").write_text(story_of(kb), encoding="utf-8")
            seconds[kb] = time_captions(root, args.rounds)
            print(f"{kb:>5} KB body: {seconds[kb]:.3f} s (median of {args.rounds})")
    small, large = min(sizes), max(sizes)
    if large > small:
        growth = (seconds[large] / large) / (seconds[small] / small)
        print(
            f"growth: {large} KB takes {seconds[large] / seconds[small]:.1f}x the time of "
            f"{small} KB ({large / small:.0f}x the text); per KB {growth:.2f}x "
            "(1 = linear, "
            f"{large / small:.0f} = quadratic)"
        )


if __name__ == "__main__":
    main()
