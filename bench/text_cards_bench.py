#!/usr/bin/env python3
"""Text-only cards: a cold build's CPU beside floor_text_cards.py for the same cards, one run.

Usage: text_cards_bench.py [--stories N] [--rounds R] [--jobs J] [--print both|off|on]
                           [--keep DIR] [--profile FILE]

Makes N text-only stories (build_bench.py's story() without a photo, default 200) under the
default settings (storykit.yaml names the organisation and nothing else: every platform at
its default card sizes, 8 cards a story), then, in R interleaved rounds (default 3), runs a
cold `storykit build --jobs J` (default 1: one process draws every card) and
../shared/bench/floor_text_cards.py for as many cards as the build made (those in
output/*/cards/), each in a child process whose CPU time (user + system of it and every
process it waited for) is measured alone. By default each round builds the stories twice,
without flyers and kennel cards (print: {make: false}: what issue 20's target, at most 2.0,
was set on, before print existed) and with them (the default build), and prints both ratios
and what print adds a story; --print off|on builds one of the two.

--keep DIR copies the built project (stories and output/) to DIR, to compare builds byte for
byte; --profile FILE runs one more cold build under cProfile and writes its stats to FILE
(read them with `python -m pstats FILE`). Needs ../shared.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from build_bench import story

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
FLOOR = SHARED / "floor_text_cards.py"
CONFIG = "organisation: {name: Bench Rescue}\n"  # all else at its defaults
DATE = "2026-12-07"
TARGET = 2.0
# storykit's command line under cProfile, timed by CPU (the wall clock of a shared machine
# would count the time other work had the cores)
PROFILED = """
import cProfile, sys, time
from storykit.cli import main
out = sys.argv.pop(1)
sys.argv[0] = "storykit"
profile = cProfile.Profile(time.process_time)
try:
    profile.runcall(main)
except SystemExit:
    pass
finally:
    profile.dump_stats(out)
"""


def cpu_of(cmd: list[str], cwd: Path) -> float:
    """CPU seconds (user + system) of one command and the processes it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def make_project(project: Path, n: int, prints: bool) -> None:
    """N text-only stories under the default settings (with *prints* false, no flyers or
    kennel cards: what the issue's measure was made on, before print existed)."""
    (project / "stories").mkdir(parents=True)
    (project / "storykit.yaml").write_text(CONFIG + ("" if prints else "print: {make: false}\n"))
    for i in range(n):
        (project / "stories" / f"pet-{i:04d}.yaml").write_text(story(i, None))


def cards_made(project: Path) -> int:
    """The cards a build made, each counted once (kit folders hold them again)."""
    return sum(1 for _ in (project / "output").glob("*/cards/*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="copy the built project (print on) here")
    parser.add_argument(
        "--print",
        choices=("both", "off", "on"),
        default="both",
        dest="prints",
        help="build without flyers and kennel cards (off), with them (on), or each (both)",
    )
    parser.add_argument("--profile", type=Path, help="cProfile one more cold build into this")
    args = parser.parse_args()
    if not FLOOR.is_file():
        raise SystemExit(f"{FLOOR} is needed")
    # storykit runs from its bytecode, as installed (see build_bench.py)
    import storykit

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(storykit.__file__).parent)],
        check=True,
    )
    build = [sys.executable, "-m", "storykit", "build", "-q", "--date", DATE, "-j", str(args.jobs)]
    modes = {"both": (False, True), "off": (False,), "on": (True,)}[args.prints]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        projects = {on: work / ("print-on" if on else "print-off") for on in modes}
        for on, project in projects.items():
            make_project(project, args.stories, on)
        print(
            f"{args.stories} text-only stories, default settings, storykit build --jobs "
            f"{args.jobs}, {args.rounds} interleaved rounds, CPU seconds (user+sys); print off: "
            "no flyers or kennel cards (the measure the target was set on, before print "
            "existed); print on: the default build, a flyer and kennel cards a story too"
        )
        ratios: dict[bool, list[float]] = {on: [] for on in modes}
        per_story: list[float] = []
        for r in range(args.rounds):
            cpu: dict[bool, float] = {}
            for on, project in projects.items():
                shutil.rmtree(project / "output", ignore_errors=True)
                cpu[on] = cpu_of(build, project)
            cards = cards_made(next(iter(projects.values())))
            floor_out = work / "floor-out"
            shutil.rmtree(floor_out, ignore_errors=True)
            floor = cpu_of([sys.executable, str(FLOOR), str(cards), str(floor_out)], work)
            for on in modes:
                ratios[on].append(cpu[on] / floor)
                print(
                    f"  round {r + 1}, print {'on ' if on else 'off'}: storykit {cpu[on]:7.2f} s "
                    f"for {cards} cards ({cpu[on] / cards * 1000:5.1f} ms a card); "
                    f"floor_text_cards.py {floor:6.2f} s ({floor / cards * 1000:5.1f} ms); "
                    f"ratio {cpu[on] / floor:.3f}"
                )
            if len(modes) == 2:
                per_story.append((cpu[True] - cpu[False]) / args.stories)
        for on in modes:
            ratio = statistics.median(ratios[on])
            verdict = "met" if ratio <= TARGET else "NOT met"
            print(
                f"print {'on ' if on else 'off'}: ratio, median of {args.rounds}: {ratio:.3f} "
                f"(best {min(ratios[on]):.3f}, worst {max(ratios[on]):.3f}; target <= {TARGET}: "
                f"{verdict})"
            )
        if per_story:
            print(
                f"a flyer and kennel cards cost {statistics.median(per_story) * 1000:.0f} ms "
                "of CPU a story (median)"
            )
        last = projects[modes[-1]]
        if args.keep is not None:
            shutil.copytree(last, args.keep, dirs_exist_ok=True)
        if args.profile is not None:
            shutil.rmtree(last / "output", ignore_errors=True)
            profiled = [sys.executable, "-c", PROFILED, str(args.profile.resolve())]
            spent = cpu_of([*profiled, *build[3:]], last)
            print(f"profiled cold build: {spent:.2f} s CPU (with cProfile's own cost)")


if __name__ == "__main__":
    main()
