"""A warning found on several cards is printed once naming them; rebuilds print what changed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project
from PIL import Image

from storykit.cli import main
from storykit.errors import Location, Problem
from storykit.messages import changes, merged, texts

CASE = Location("stories/chelsea.yaml", 45, 11)
SMALL = "photo photos/chelsea.jpg is only 451x300 px: too small to fill its place"
HINT = "use a larger photo"


def warning(message: str, *cards: str, where: Location = CASE, hint: str = "") -> Problem:
    return Problem(where, message, hint, "warning", cards)


def test_the_same_warning_on_four_cards_is_one_naming_them() -> None:
    found = [warning(SMALL, size, hint=HINT) for size in ("square", "portrait", "story")]
    found.append(warning(SMALL, "landscape", hint=HINT))
    found.append(warning(SMALL, "square", hint=HINT))  # the same card again: named once
    (one,) = merged(found)
    assert str(one) == (
        "stories/chelsea.yaml:45:11: warning: " + SMALL + " on 4 cards (landscape, portrait, "
        "square, story)\n    hint: use a larger photo"
    )


def test_one_card_is_named_too_and_other_problems_stay_apart() -> None:
    elsewhere = Location("stories/chelsea.yaml", 50, 11)
    found = [warning(SMALL, "square"), warning(SMALL, "story", where=elsewhere), warning("x")]
    assert [str(p) for p in merged(found)] == [
        "stories/chelsea.yaml:45:11: warning: " + SMALL + " on 1 card (square)",
        "stories/chelsea.yaml:50:11: warning: " + SMALL + " on 1 card (story)",
        "stories/chelsea.yaml:45:11: warning: x",
    ]


def test_a_run_of_the_same_advice_gives_its_hint_once() -> None:
    found = [
        warning("a", "square", hint=HINT),
        warning("b", hint=HINT),
        warning("c", where=Location("storykit.yaml", 1, 1), hint=HINT),
    ]
    assert [text for _, text in texts(found)] == [
        "stories/chelsea.yaml:45:11: warning: a on 1 card (square)",
        "stories/chelsea.yaml:45:11: warning: b\n    hint: use a larger photo",
        "storykit.yaml:1:1: warning: c\n    hint: use a larger photo",
    ]


def test_a_rebuild_says_only_what_is_new_and_what_was_fixed() -> None:
    kept = warning("kept")
    gone = [warning("gone", "square"), warning("gone", "story"), warning("also gone")]
    error = Problem(Location("storykit.yaml", 3, 1), "broken")
    new = warning("new", where=Location("stories/biscuit.yaml", 2, 1))
    changed = changes([kept, *gone, error], [kept, new])
    assert changed.new == [new]
    assert changed.fixed_line() == (
        "fixed: 2 warnings in stories/chelsea.yaml, 1 error in storykit.yaml"
    )


def test_a_problem_whose_line_moved_is_not_new() -> None:
    moved = warning("kept", where=Location("stories/chelsea.yaml", 47, 11))
    changed = changes([warning("kept")], [moved])
    assert changed.new == [] and changed.fixed_line() is None


def test_a_problem_on_more_cards_is_new() -> None:
    changed = changes([warning(SMALL, "square")], [warning(SMALL, "square", "story")])
    assert [str(p) for p in changed.new] == [
        "stories/chelsea.yaml:45:11: warning: " + SMALL + " on 2 cards (square, story)"
    ]
    assert changed.fixed_line() == "fixed: 1 warning in stories/chelsea.yaml"


def test_nothing_changed_says_nothing() -> None:
    found = [warning(SMALL, "square"), warning(SMALL, "story"), warning("other")]
    changed = changes(found, list(reversed(found)))
    assert changed.new == [] and changed.fixed_line() is None


SMALL_STORY = EXAMPLE_STORY + "photos:\n  - {file: photos/small.jpg, alt: Ada}\n"
PHOTO_LINE = SMALL_STORY.splitlines().index("  - {file: photos/small.jpg, alt: Ada}") + 1


def small_photo_project(root: Path) -> Path:
    path = root.parent / "small.jpg"
    root.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (451, 300), (120, 90, 60)).save(path)
    story = SMALL_STORY
    photos = {"stories/photos/small.jpg": path.read_bytes()}
    return write_project(root, {"ada": story}, files=photos)


def test_a_no_op_rebuild_prints_the_warning_once_as_the_build_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_photo_project(tmp_path / "p")
    monkeypatch.chdir(root)
    first = CliRunner().invoke(main, ["build", "--date", "2026-11-20", "-j", "1"])
    again = CliRunner().invoke(main, ["build", "--date", "2026-11-20", "-j", "1"])
    assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
    lines = [ln for ln in first.stdout.splitlines() if "small.jpg is only" in ln]
    assert lines == [
        f"stories/ada.yaml:{PHOTO_LINE}:12: warning: photo photos/small.jpg is only 451x300 px: "
        "too small to fill its place without enlarging it beyond 1.5x on 4 cards "
        "(small-landscape, small-portrait, small-square, small-story)"
    ]
    assert "0 files written" in again.stdout
    assert again.stdout.splitlines()[:-1] == first.stdout.splitlines()[:-1]
    counted = [re.search(r"\d+ warnings", r.stdout.splitlines()[-1]) for r in (first, again)]
    assert counted[0] and counted[1] and counted[0][0] == counted[1][0]  # counted once, too


class Lines:
    """A running process's standard output, line by line, read in a thread."""

    def __init__(self, proc: subprocess.Popen[str]):
        self.proc = proc
        self.queue: Queue[str] = Queue()
        self.seen: list[str] = []
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(target=lambda: [self.queue.put(ln) for ln in stream], daemon=True).start()

    def until(self, start: str, timeout: float = 60) -> list[str]:
        """The lines up to and including the next one starting with *start*."""
        got: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.2).rstrip("\n")
            except Empty:
                if self.proc.poll() is not None and self.queue.empty():
                    break  # it stopped
                continue
            got.append(line)
            if line.startswith(start):
                self.seen.extend(got)
                return got
        raise AssertionError(f"no line starting {start!r}; got {got}")


@pytest.mark.slow
def test_watch_prints_only_what_changed(tmp_path: Path) -> None:
    root = small_photo_project(tmp_path / "p")
    case = root / "stories" / "ada.yaml"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "storykit", "build", "--watch", "--date", "2026-11-20", "-j", "1"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        out = Lines(proc)
        first = out.until("storykit: built")
        at = first.index(next(ln for ln in first if "small.jpg is only 451x300 px" in ln))
        warned = first[at : at + 2]  # the warning and its hint
        assert warned[1].startswith("    hint: use a larger photo"), first
        time.sleep(1.1)  # a different modification time, whatever the file system's clock
        case.write_text(case.read_text().replace("share every meal", "share every toy"))
        assert out.until("storykit: built")[:-1] == []  # the same warning: not again
        time.sleep(1.1)
        Image.new("RGB", (2400, 1600), (120, 90, 60)).save(root / "stories/photos/small.jpg")
        assert out.until("storykit: built")[:-1] == ["fixed: 1 warning in stories/ada.yaml"]
        time.sleep(1.1)
        Image.new("RGB", (451, 300), (120, 90, 60)).save(root / "stories/photos/small.jpg")
        again = out.until("storykit: built")[:-1]
        assert again == warned  # new again: printed, and nothing else
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()
