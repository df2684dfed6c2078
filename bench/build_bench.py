#!/usr/bin/env python3
"""Whole builds: cold, no-op and one-story rebuilds, peak memory, the cold build beside the floor.

Usage: build_bench.py [--stories N] [--photos M] [--jobs J] [--rounds R]
                      [--only photos|scale|lean|output]

Part 1, scale (N stories, default 1000; text-only except for the first M, which share the
photo pool): times a cold `storykit build`, a no-op rebuild (median of 3), and a rebuild
after editing one story (median of 3 stories, each edited and rebuilt); reports peak
memory (the sum of the proportional set sizes of storykit and its workers, sampled every
20 ms, in a cold build of its own).
Part 2, photos (M stories, default 12, each with its own 12-megapixel phone photo made by
../shared/bench/make_phone_photos.py, cards in the 4 sizes): the cold build's wall time
with --jobs J (default 2) beside ../shared/bench/floor_cards.py's single-process wall time
on the same photos, in R interleaved rounds (default 5; the median ratio is the figure).
Part 3, lean (`--only lean`, `--stories` default 10000 for it): a lean project (one
platform, no card sizes, no reels, no print) of text-only stories: the cold build's CPU time (user +
system, the process and its workers), then a no-op rebuild (median of 3, wall and CPU) and
one story edited (median of 3 stories) as shares of the cold build's CPU.
Part 4, output (`--only output`, `--stories` default 200 for it): text-only stories with
storykit.yaml's defaults (every platform at its default sizes): the bytes and files of
output/ (each file once: a hard link is not counted again) and the build's CPU.
Everything is reported as ratios as well as seconds; absolute times on shared machines are
noise. Needs ../shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
STORYKIT = [sys.executable, "-m", "storykit"]
CONFIG = """organisation: {name: Bench Rescue}
date: 2026-11-20
platforms:
  instagram: {sizes: [square, portrait, story]}
  facebook: {sizes: [landscape]}
  x: {sizes: []}
  threads: {sizes: []}
  bluesky: {sizes: []}
  mastodon: {sizes: []}
  tiktok: {sizes: []}
"""


def story(i: int, photo: str | None) -> str:
    text = f"""title: Pet {i}
headline: Pet number {i} needs a sofa
summary: Pet {i} is a calm, friendly cat who likes windowsills. She is ready for a home.
status: available
animals:
  - {{name: Pet{i}, species: cat, sex: female, born: 2023-0{1 + i % 9}-01}}
foster: {{name: Sam, handles: {{instagram: sam}}}}
adoption: {{url: "https://example.org/adopt/{i}"}}
hashtags: [adoptme, cats]
"""
    if photo:
        text += f"photos:\n  - {{file: photos/{photo}, alt: a cat}}\n"
    return text


def memory_of_tree(pid: int) -> int:
    """Memory in bytes of *pid* and all its descendants: the sum of their proportional set
    sizes (PSS), so pages that forked workers share with their parent count once."""
    return sum(pss_by_process(pid).values())


def pss_by_process(pid: int) -> dict[int, int]:
    """The proportional set size (bytes) of *pid* and of each process under it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry))
    sizes, todo = {}, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        sizes[p] = int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
    return sizes


def timed(cmd: list[str], cwd: Path, memory: bool = False) -> tuple[float, int]:
    """Wall seconds of one command, and with *memory* its peak memory (bytes, whole process
    tree; the sampling costs CPU, so timings that are compared do without it)."""
    peak = 0
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, memory_of_tree(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    if memory:
        sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    if memory:
        sampler.join()
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode()}")
    return wall, peak


LEAN = """organisation: {name: Bench Rescue}
date: 2026-11-20
platforms:
  instagram: {sizes: []}
video: {make: false}
print: {make: false}
"""


def cpu_timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, with the workers it waited for)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode()}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def text_project(project: Path, n: int, config: str) -> None:
    """*n* text-only stories (no photos) under *project*, with *config* as storykit.yaml."""
    (project / "stories").mkdir(parents=True)
    (project / "storykit.yaml").write_text(config)
    for i in range(n):
        (project / "stories" / f"pet-{i:05d}.yaml").write_text(story(i, None))


def lean(work: Path, n: int, jobs: int) -> None:
    project = work / "lean"
    text_project(project, n, LEAN)
    build = [*STORYKIT, "build", "-q", "-j", str(jobs)]
    cold_wall, cold = cpu_timed(build, project)
    noops = [cpu_timed(build, project) for _ in range(3)]
    ones = []
    for k in range(1, 4):  # three stories, a quarter, half and three quarters in
        edited = project / "stories" / f"pet-{n * k // 4:05d}.yaml"
        edited.write_text(edited.read_text().replace("needs a sofa", "needs a big sofa"))
        ones.append(cpu_timed(build, project))
    noop_wall = statistics.median(w for w, _ in noops)
    noop_cpu = statistics.median(c for _, c in noops)
    one_wall = statistics.median(w for w, _ in ones)
    one_cpu = statistics.median(c for _, c in ones)
    print(f"lean: {n} text-only stories, one platform, no card sizes, no reels")
    print(f"  cold build          {cold_wall:8.2f} s wall, {cold:8.2f} s CPU")
    print(f"  no-op rebuild       {noop_wall:8.3f} s wall, {noop_cpu:6.3f} s CPU  (target < 1 s)")
    print(
        f"  one story edited    {one_wall:8.3f} s wall, {one_cpu:6.3f} s CPU = "
        f"{one_cpu / cold:.2%} of the cold build's CPU, {one_wall / cold_wall:.2%} of its wall "
        "(target < 2%)"
    )


def output_size(work: Path, n: int, jobs: int) -> None:
    project = work / "output-size"
    text_project(project, n, "organisation: {name: Bench Rescue}\ndate: 2026-11-20\n")
    wall, cpu = cpu_timed([*STORYKIT, "build", "-q", "-j", str(jobs)], project)
    seen: set[tuple[int, int]] = set()
    total = files = 0
    for path in (project / "output").rglob("*"):
        st = path.lstat()
        if path.is_file() and (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            total += st.st_size
        files += path.is_file()
    print(f"output: {n} text-only stories, storykit.yaml's defaults")
    print(f"  output/             {total / 1e6:8.1f} MB in {files} files ({len(seen)} distinct)")
    print(f"  build               {wall:8.2f} s wall, {cpu:8.2f} s CPU")


def scale(work: Path, n: int, pool: list[Path], jobs: int) -> None:
    project = work / "scale"
    (project / "stories" / "photos").mkdir(parents=True)
    (project / "storykit.yaml").write_text(CONFIG)
    for p in pool:
        shutil.copy(p, project / "stories" / "photos" / p.name)
    for i in range(n):
        photo = pool[i].name if i < len(pool) else None
        (project / "stories" / f"pet-{i:04d}.yaml").write_text(story(i, photo))
    build = [*STORYKIT, "build", "-q", "-j", str(jobs)]
    cold, _ = timed(build, project)
    noops = [timed(build, project)[0] for _ in range(3)]
    ones = []
    for k in range(1, 4):  # three stories, a quarter, half and three quarters in
        edited = project / "stories" / f"pet-{n * k // 4:04d}.yaml"
        edited.write_text(edited.read_text().replace("needs a sofa", "needs a big sofa"))
        ones.append(timed(build, project)[0])
    noop, one = statistics.median(noops), statistics.median(ones)
    shutil.rmtree(project / "output")
    _, peak = timed(build, project, memory=True)  # a cold build again, its memory sampled
    print(f"scale: {n} stories ({len(pool)} with a 12 MP photo), --jobs {jobs}")
    print(f"  cold build          {cold:8.2f} s")
    print(
        f"  no-op rebuild       {noop:8.3f} s   ({noop / cold:.2%} of cold; target < 0.5 s)"
        f"   median of {', '.join(f'{t:.3f}' for t in noops)}"
    )
    print(
        f"  one story edited    {one:8.3f} s   ({one / cold:.2%} of cold; target < 2%)"
        f"   median of {', '.join(f'{t:.3f}' for t in ones)}"
    )
    print(f"  peak memory (cold)  {peak / 2**20:8.0f} MB  (target < 300 MB)")


def photos(work: Path, pool: list[Path], jobs: int, rounds: int) -> None:
    project = work / "photos"
    (project / "stories" / "photos").mkdir(parents=True)
    (project / "storykit.yaml").write_text(CONFIG)
    for i, p in enumerate(pool):
        shutil.copy(p, project / "stories" / "photos" / p.name)
        (project / "stories" / f"pet-{i:04d}.yaml").write_text(story(i, p.name))
    floor_out = work / "floor-out"
    floor_cmd = [sys.executable, str(SHARED / "floor_cards.py"), str(work / "pool"), str(floor_out)]
    ours_cmd = [*STORYKIT, "build", "-q", "-j", str(jobs)]
    print(f"photos: {len(pool)} phone photos, 4 cards each, {rounds} interleaved rounds")
    ratios = []
    for n in range(rounds):  # floor and storykit back to back: the machine's mood is shared
        shutil.rmtree(floor_out, ignore_errors=True)
        shutil.rmtree(project / "output", ignore_errors=True)
        floor, _ = timed(floor_cmd, work)
        ours, _ = timed(ours_cmd, project)
        ratios.append(ours / floor)
        print(
            f"  round {n + 1}: floor_cards.py, 1 process {floor:6.2f} s; "
            f"storykit build --jobs {jobs} {ours:6.2f} s; ratio {ours / floor:.3f}"
        )
    ratios.sort()
    print(
        f"  ratio, median of {rounds}: {ratios[len(ratios) // 2]:.3f} "
        f"(best {ratios[0]:.3f}, worst {ratios[-1]:.3f}; target <= 0.65)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=None, help="default: 1000 (lean 10000)")
    parser.add_argument("--photos", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5, help="floor/storykit pairs to time")
    parser.add_argument(
        "--only", choices=("photos", "scale", "lean", "output"), help="run one part only"
    )
    args = parser.parse_args()
    defaults = {"lean": 10000, "output": 200}
    stories = args.stories or defaults.get(args.only or "", 1000)
    if not SHARED.is_dir():
        raise SystemExit("../shared/bench is needed (it makes the phone photos)")
    # storykit runs from its bytecode, as an installed package does (pip compiles it on
    # install; an editable install writes it on first use): a PYTHONDONTWRITEBYTECODE
    # in the environment would otherwise have every timed run compile its modules again
    import storykit

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(storykit.__file__).parent)],
        check=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.only == "lean":
            return lean(work, stories, args.jobs)
        if args.only == "output":
            return output_size(work, stories, args.jobs)
        subprocess.run(
            [
                sys.executable,
                str(SHARED / "make_phone_photos.py"),
                str(work / "pool"),
                str(args.photos),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        pool = sorted((work / "pool").glob("*.jpg"))
        if args.only in (None, "photos"):
            photos(work, pool, args.jobs, args.rounds)
        if args.only in (None, "scale"):
            scale(work, stories, pool, args.jobs)


if __name__ == "__main__":
    main()
