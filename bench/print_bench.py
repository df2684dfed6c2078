#!/usr/bin/env python3
"""The print outputs' cost: what a story's flyer and kennel cards add to a build.

Usage: print_bench.py [--stories M] [--rounds R]

M stories (default 12), each with its own 12-megapixel phone photo made by
../shared/bench/make_phone_photos.py, cards in 4 sizes, no reels. A cold build makes
everything; then storykit.yaml's print.paper is turned (letter, a4, letter...) and the
project built again, R times (default 3): that remakes exactly the print outputs (their
photos drawn from decodes of their own, the PDFs, the page previews) and what shows them
(the story pages), and the text outputs, which read storykit.yaml: an upper bound of what
the print outputs cost (a third of it is text and pages, measured 2026-12-07). Reported: the
cold build's CPU time (this process's children: the build and its workers), the median
rebuild's, and that per story; each PDF's size and its photo's resolution. --jobs 1, so
the CPU time is one process's and the machine's other work matters less. Needs ../shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
STORYKIT = [sys.executable, "-m", "storykit"]
CONFIG = """organisation: {{name: Bench Rescue, animals_url: https://example.org/adopt}}
date: 2026-11-20
platforms:
  instagram: {{sizes: [square, portrait, story]}}
  facebook: {{sizes: [landscape]}}
  x: {{sizes: []}}
  threads: {{sizes: []}}
  bluesky: {{sizes: []}}
  mastodon: {{sizes: []}}
  tiktok: {{sizes: []}}
video: {{make: false}}
print: {{paper: {paper}}}
"""


def story(i: int) -> str:
    return f"""title: Pet {i}
headline: Pet number {i} needs a sofa
summary: Pet {i} is a calm, friendly cat who likes windowsills. She is ready for a home.
status: available
animals:
  - {{name: Pet{i}, species: cat, sex: female, born: 2023-0{1 + i % 9}-01, arrived: 2026-10-01}}
adoption: {{url: "https://example.org/adopt/{i}"}}
photos:
  - {{file: photos/phone{i:04d}.jpg, alt: a cat}}
"""


def cpu_build(root: Path) -> float:
    """The CPU time (user and system) of one `storykit build --jobs 1`, in seconds."""
    before = os.times()
    subprocess.run([*STORYKIT, "build", "-q", "--jobs", "1"], cwd=root, check=True)
    after = os.times()
    return (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bench"
        photos = root / "stories" / "photos"
        script = SHARED / "make_phone_photos.py"
        subprocess.run([sys.executable, str(script), str(photos), str(args.stories)], check=True)
        for i in range(args.stories):
            (root / "stories" / f"pet-{i}.yaml").write_text(story(i), "utf-8")
        config = root / "storykit.yaml"
        config.write_text(CONFIG.format(paper="letter"), "utf-8")
        cold = cpu_build(root)
        rebuilds = []
        for n in range(args.rounds):
            config.write_text(CONFIG.format(paper="a4" if n % 2 == 0 else "letter"), "utf-8")
            rebuilds.append(cpu_build(root))
        print(f"cold build, {args.stories} stories with a 12 MP photo: {cold:.2f} s CPU")
        median = statistics.median(rebuilds)
        print(
            f"print outputs remade (paper turned), median of {args.rounds}: {median:.2f} s CPU, "
            f"{median / args.stories:.3f} s a story ({', '.join(f'{r:.2f}' for r in rebuilds)})"
        )
        for i in range(min(3, args.stories)):
            data = json.loads((root / "output" / f"pet-{i}" / "story.json").read_text("utf-8"))
            for entry in data["files"]:
                if entry["kind"] in ("flyer", "kennel"):
                    print(
                        f"  pet-{i} {entry['path']}: {entry['bytes'] / 1e6:.2f} MB, "
                        f"{entry['page']}, photo at {entry['photo_dpi']} dpi"
                    )


if __name__ == "__main__":
    main()
