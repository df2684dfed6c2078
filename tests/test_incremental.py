"""Rebuilds render only what changed; any --jobs gives the same bytes; the quick no-op path."""

from __future__ import annotations

import filecmp
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project
from PIL import Image

from storykit.build import run
from storykit.cli import main
from storykit.incremental import quick_noop

DATE = __import__("datetime").date(2026, 11, 20)


@pytest.fixture
def three(tmp_path: Path) -> Path:
    """Three stories, two with a photo each."""
    jpg = tmp_path / "p.jpg"
    Image.new("RGB", (1500, 1000), (90, 140, 200)).save(jpg)
    photo = "photos:\n  - {file: photos/p.jpg, alt: a blue picture}\n"
    return write_project(
        tmp_path / "proj",
        {"one": EXAMPLE_STORY + photo, "two": EXAMPLE_STORY + photo, "three": EXAMPLE_STORY},
        files={"stories/photos/p.jpg": jpg.read_bytes()},
    )


def touch_later(path: Path) -> None:
    """Make sure a file's time is after the last build started (coarse clocks)."""
    later = time.time_ns() + 1_000_000
    os.utime(path, ns=(later, later))


def test_a_noop_rebuild_renders_nothing(three: Path) -> None:
    first = run(three, today=DATE, jobs=1)
    assert len(first.rendered) > 20
    again = run(three, today=DATE, jobs=1)
    assert again.rendered == [] and again.written == 0
    assert quick_noop(three, DATE, ()) is not None


def test_editing_one_story_renders_that_story_only(three: Path) -> None:
    run(three, today=DATE, jobs=1)
    path = three / "stories" / "two.yaml"
    path.write_text(path.read_text().replace("Two peas in a pod", "Two peas, one pod"))
    touch_later(path)
    report = run(three, today=DATE, jobs=1)
    assert report.rendered and all(r.startswith("two/") for r in report.rendered)
    assert "two/cards/p-square.jpg" in report.rendered  # the headline is on the cards


def test_touching_a_file_without_changing_it_renders_nothing(three: Path) -> None:
    run(three, today=DATE, jobs=1)
    touch_later(three / "stories" / "one.yaml")
    touch_later(three / "stories" / "photos" / "p.jpg")
    assert run(three, today=DATE, jobs=1).rendered == []


def test_editing_a_template_renders_exactly_what_used_it(three: Path) -> None:
    run(three, today=DATE, jobs=1)
    override = three / "templates" / "captions" / "x.txt"
    override.parent.mkdir(parents=True)
    override.write_text("{{ names }}: {{ link }}\n")
    report = run(three, today=DATE, jobs=1)
    # the X captions, and the preview pages that show them
    assert sorted(report.rendered) == [
        f"{slug}/{path}"
        for slug in ("one", "three", "two")
        for path in ("captions/x.txt", "index.html")
    ]


def test_editing_a_photo_renders_its_cards(three: Path) -> None:
    run(three, today=DATE, jobs=1)
    photo = three / "stories" / "photos" / "p.jpg"
    Image.new("RGB", (1500, 1000), (200, 60, 60)).save(photo)
    touch_later(photo)
    report = run(three, today=DATE, jobs=1)
    cards = sorted(r for r in report.rendered if "/cards/" in r)
    assert cards and {r.split("/")[0] for r in cards} == {"one", "two"}
    assert not [r for r in report.rendered if "/captions/" in r or "blurb" in r]


def test_a_new_date_renders_text_again_but_not_unchanged_cards(three: Path) -> None:
    run(three, today=DATE, jobs=1)
    report = run(three, today=DATE.replace(year=2027), jobs=1)
    assert "one/blurb.md" in report.rendered  # ages in words depend on the date
    assert not [r for r in report.rendered if "/cards/" in r]


def test_any_number_of_jobs_gives_the_same_bytes(three: Path, tmp_path: Path) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(three, other)
    assert run(three, today=DATE, jobs=1).written
    assert run(other, today=DATE, jobs=2).written
    cmp = filecmp.dircmp(three / "output", other / "output")

    def same(c: filecmp.dircmp) -> None:
        assert not c.left_only and not c.right_only
        assert not filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)[1]
        for sub in c.subdirs.values():
            same(sub)

    same(cmp)


def test_cli_summary_and_quiet(three: Path) -> None:
    runner = CliRunner()
    args = ["build", "-C", str(three), "--date", "2026-11-20", "-j", "1"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0
    assert first.stdout.splitlines()[-1].startswith("storykit: built 3 of 3 stories into ")
    assert first.stderr == ""  # warnings and the summary go to stdout when not a terminal
    again = runner.invoke(main, args)
    assert " 0 files written, " in again.stdout
    quiet = runner.invoke(main, [*args, "--quiet"])
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
