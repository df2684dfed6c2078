"""Rebuilds: stale outputs removed (and nothing else), the build lock, and builds killed mid-way."""

from __future__ import annotations

import filecmp
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, REPO, write_project
from PIL import Image

from storykit.cli import main


def build(root: Path, *args: str):
    return CliRunner().invoke(main, ["build", "-C", str(root), "--date", "2026-11-20", *args])


def photo_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "p.jpg"
    Image.new("RGB", (1600, 1200), (200, 120, 40)).save(path)
    return path.read_bytes()


def test_stale_outputs_go_and_nothing_else_is_touched(tmp_path: Path) -> None:
    jpg = photo_bytes(tmp_path)
    story = (
        EXAMPLE_STORY
        + "photos:\n  - {file: photos/a.jpg, alt: a}\n  - {file: photos/b.jpg, alt: b}\n"
    )
    root = write_project(
        tmp_path / "p",
        {"ada-and-bo": story, "other": EXAMPLE_STORY},
        files={"stories/photos/a.jpg": jpg, "stories/photos/b.jpg": jpg},
    )
    assert build(root).exit_code == 0
    cards = root / "output" / "ada-and-bo" / "cards"
    assert (cards / "b-square.jpg").is_file()
    mine = root / "output" / "ada-and-bo" / "cards" / "my-notes.txt"
    mine.write_text("the volunteer's own file")
    (root / "output" / "README.txt").write_text("mine too")
    # a photo leaves the story, and another story is deleted
    (root / "stories" / "ada-and-bo.yaml").write_text(
        story.replace("  - {file: photos/b.jpg, alt: b}\n", "")
    )
    (root / "stories" / "other.yaml").unlink()
    result = build(root)
    assert result.exit_code == 0, result.output
    assert not list(cards.glob("b-*"))
    assert (cards / "a-square.jpg").is_file()
    assert mine.read_text() == "the volunteer's own file"
    assert (root / "output" / "README.txt").read_text() == "mine too"
    assert not (root / "output" / "other").exists()
    assert (root / "stories" / "photos" / "b.jpg").read_bytes() == jpg  # never the user's files


def test_a_second_build_at_once_stops_with_a_clear_message(project: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, pathlib\n"
            "from storykit.builder.state import build_lock\n"
            "with build_lock(pathlib.Path(sys.argv[1])):\n"
            "    print('locked', flush=True)\n"
            "    time.sleep(30)\n",
            str(project / "output"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = build(project)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert result.exit_code == 1
    assert "error: another storykit build is writing to this output folder right now" in (
        result.stderr
    )
    assert build(project).exit_code == 0


def test_leftover_temp_files_of_a_killed_build_are_cleaned(project: Path) -> None:
    assert build(project).exit_code == 0
    # what a build killed while writing leaves: a temporary file and its "building" marker
    leftover = project / "output" / "ada-and-bo" / ".blurb.md.abc123xy.tmp"
    leftover.write_text("half a file")
    (project / "output" / ".storykit" / "building").touch()
    assert build(project).exit_code == 0
    assert not leftover.exists()
    assert not (project / "output" / ".storykit" / "building").exists()


@pytest.mark.slow
def test_a_killed_build_is_finished_by_the_next_one(tmp_path: Path, shared: Path) -> None:
    """Uses ../shared photos: SIGKILL a real build at several moments, then rebuild."""
    stories = {}
    files: dict[str, bytes | str] = {}
    for i, name in enumerate(sorted(p.name for p in (shared / "photos").glob("*.jpg"))[:4]):
        files[f"stories/photos/{name}"] = (shared / "photos" / name).read_bytes()
        stories[f"s{i}"] = EXAMPLE_STORY + f"photos:\n  - {{file: photos/{name}, alt: x}}\n"
    clean = write_project(tmp_path / "clean", stories, files=files)
    assert build(clean).exit_code == 0
    for delay in (0.3, 0.6, 0.9):
        root = tmp_path / f"killed-{delay}"
        shutil.copytree(clean, root, ignore=shutil.ignore_patterns("output"))
        proc = subprocess.Popen(
            [sys.executable, "-m", "storykit", "build", "--date", "2026-11-20", "-q"],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        workers = children_of(proc.pid)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert all_exit(workers, within=5.0), "the killed build's workers live on"
        for path in (root / "output").rglob("*.jpg"):
            with Image.open(path) as im:
                im.load()  # only complete files are in place
        assert build(root).exit_code == 0
        # the compiled-template cache holds what each build happened to compile (a template
        # of an output the killed build committed is not compiled again): not an output
        cmp = filecmp.dircmp(clean / "output", root / "output", ignore=["jinja"])
        assert_same(cmp)


def children_of(pid: int) -> list[int]:
    """The processes *pid* started (its card workers), from /proc (Linux)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.parent.name))
    return found


def all_exit(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":  # a zombie has exited; its new parent reaps it
                alive.append(pid)
        if not alive:
            return True
        time.sleep(0.1)
    return False


def assert_same(cmp: filecmp.dircmp) -> None:
    assert not cmp.left_only and not cmp.right_only, (cmp.left_only, cmp.right_only)
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    assert not mismatch and not errors
    for sub in cmp.subdirs.values():
        assert_same(sub)


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    roots = []
    for name in ("one", "two"):
        root = tmp_path / name
        for part in ("stories", "storykit.yaml"):
            src = REPO / part
            (shutil.copytree if src.is_dir() else shutil.copy)(src, root / part)
        assert build(root).exit_code == 0
        roots.append(root)
    assert_same(filecmp.dircmp(roots[0] / "output", roots[1] / "output"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "proj")


def test_the_index_is_stamped_with_the_time_its_build_started(project: Path) -> None:
    """Files changed while a build runs must look changed to the next one: the index's own
    time (set before it takes its name) is the build's start, before any output it wrote."""
    before = time.time_ns()
    assert build(project).exit_code == 0
    output = project / "output"
    stamp = (output / ".storykit" / "index.json").stat().st_mtime_ns
    written = min(p.stat().st_mtime_ns for p in output.rglob("story.json"))
    assert before - 10_000_000 <= stamp <= written  # (10 ms: coarse file system clocks)
