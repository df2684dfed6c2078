"""Rebuilds render only what changed; any --jobs gives the same bytes; the quick no-op path."""

from __future__ import annotations

import filecmp
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project
from PIL import Image

from storykit.builder.index import survey
from storykit.builder.project import build as run
from storykit.cli import main

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
    assert survey(three, DATE, ()).noop is not None


def test_editing_one_story_renders_that_story_only(three: Path) -> None:
    run(three, today=DATE, jobs=1)
    path = three / "stories" / "two.yaml"
    path.write_text(path.read_text().replace("Two peas in a pod", "Two peas, one pod"))
    touch_later(path)
    report = run(three, today=DATE, jobs=1)
    assert report.rendered and all(r.startswith("two/") for r in report.rendered)
    assert "two/cards/p-square.jpg" in report.rendered  # the headline is on the cards


def test_the_build_goes_on_from_the_survey_and_ends_as_a_clean_build(
    three: Path, tmp_path: Path
) -> None:
    run(three, today=DATE, jobs=1)
    path = three / "stories" / "two.yaml"
    edited = path.read_text().replace("Two peas in a pod", "Two peas, one pod")
    path.write_text(edited)
    touch_later(path)
    surveyed = survey(three, DATE, ())
    assert surveyed.noop is None and surveyed.fresh == {"one", "three"}
    report = run(three, today=DATE, jobs=1, surveyed=surveyed)
    assert report.rendered and all(r.startswith("two/") for r in report.rendered)
    # the site index (from every story's record, not re-read files) is a clean build's
    clean = tmp_path / "clean"
    shutil.copytree(three, clean, ignore=shutil.ignore_patterns("output"))
    run(clean, today=DATE, jobs=1)
    assert _snapshot(three) == _snapshot(clean)


def test_a_survey_older_than_the_last_build_is_not_trusted(three: Path) -> None:
    run(three, today=DATE, jobs=1)
    stale = survey(three, DATE, ())
    assert stale.fresh == {"one", "two", "three"}
    path = three / "stories" / "one.yaml"
    path.write_text(path.read_text().replace("Two peas in a pod", "Two peas, one pod"))
    touch_later(path)
    run(three, today=DATE, jobs=1)  # another build: index.json is not the one surveyed
    path.write_text(path.read_text().replace("Two peas, one pod", "Peas"))
    touch_later(path)
    report = run(three, today=DATE, jobs=1, surveyed=stale)
    assert "one/blurb.md" in report.rendered
    assert "Peas" in (three / "output" / "one" / "blurb.md").read_text()


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
    # the X captions, and the X kits and preview pages that show them
    assert sorted(report.rendered) == [
        f"{slug}/{path}"
        for slug in ("one", "three", "two")
        for path in ("captions/x.txt", "index.html", "posts/x/post.json")
    ]


def _snapshot(root: Path) -> dict[str, bytes]:
    out = root / "output"
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".storykit" not in p.parts
    }


def test_editing_a_card_layout_renders_its_cards_as_a_clean_build_would(tmp_path: Path) -> None:
    """The pair cards share each photo's decode with the single-photo cards and the web
    photos; remaking only the pair cards must still give a clean build's bytes."""
    photos = {}
    for name, colour in (("ada", (200, 90, 40)), ("bo", (40, 90, 200))):
        buf = tmp_path / f"{name}.jpg"
        Image.new("RGB", (3000, 2000), colour).save(buf, quality=90)
        photos[f"stories/photos/{name}.jpg"] = buf.read_bytes()
    story = EXAMPLE_STORY + (
        "photos:\n"
        "  - {file: photos/ada.jpg, alt: Ada, animals: [Ada]}\n"
        "  - {file: photos/bo.jpg, alt: Bo, animals: [Bo]}\n"
    )
    root = write_project(tmp_path / "proj", {"pair": story}, files=photos)
    run(root, today=DATE, jobs=1)
    layout = (Path(__file__).parents[1] / "src/storykit/templates/cards/pair.yaml").read_text()
    override = root / "templates" / "cards" / "pair.yaml"
    override.parent.mkdir(parents=True)
    override.write_text(layout.replace("gutter: 10", "gutter: 24"))
    report = run(root, today=DATE, jobs=1)
    remade = sorted(report.rendered)
    assert [r for r in remade if "/cards/" in r] == [
        f"pair/cards/pair-{size}.jpg" for size in ("landscape", "portrait", "square", "story")
    ]
    assert not [r for r in remade if "/photos/" in r or "captions" in r]
    clean = write_project(tmp_path / "clean", {"pair": story}, files=photos)
    (clean / "templates" / "cards").mkdir(parents=True)
    (clean / "templates" / "cards" / "pair.yaml").write_text(override.read_text())
    run(clean, today=DATE, jobs=1)
    assert _snapshot(root) == _snapshot(clean)


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
    assert run(other, today=DATE, jobs=3).written  # this process and two workers
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


def test_card_queue_hands_back_every_batch_in_order(tmp_path: Path) -> None:
    """More batches than workers: each comes back, in order, with the bytes one process
    gives (the last ones may be drawn by the calling process itself)."""
    from storykit.builder.workers import Batch, Workers, draw
    from storykit.cards import CardRequest, CardStyle, PhotoCopy, PhotoSource
    from storykit.outputs.layouts import load_layouts

    layout = load_layouts(None)[0]["photo"]
    batches = []
    for i in range(7):
        path = tmp_path / f"p{i}.jpg"
        Image.new("RGB", (900, 600), (30 * i, 90, 200 - 20 * i)).save(path)
        texts = {"headline": f"Pet {i}"}
        request = CardRequest(
            f"cards/p{i}.jpg", layout, (320, 320), (PhotoSource(path),), texts, CardStyle()
        )
        make = frozenset({f"cards/p{i}.jpg", f"photos/p{i}.jpg"})
        batches.append(Batch((request,), (PhotoCopy(f"photos/p{i}.jpg", path),), make))
    expected = [draw(b) for b in batches]
    with Workers(2) as workers:
        tickets = [workers.send(batch) for batch in batches]
        outcomes = [workers.take(ticket) for ticket in tickets]
    assert len(outcomes) == 7
    for got, want in zip(outcomes, expected, strict=True):
        assert [(k, r.data) for k, r in sorted(got.made.items())] == [
            (k, r.data) for k, r in sorted(want.made.items())
        ]


def test_a_file_is_hashed_once_per_run_unless_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storykit import digests as incremental

    path = tmp_path / "photo.jpg"
    path.write_bytes(b"one")
    hashes = incremental.Hashes(tmp_path)
    calls: list[Path] = []
    real = incremental.file_digest

    def counting(p: Path) -> str:
        calls.append(p)
        return real(p)

    monkeypatch.setattr(incremental, "file_digest", counting)
    first = hashes.of(path)
    assert hashes.of(path) == first and len(calls) == 1
    path.write_bytes(b"two!")  # another size: hashed again
    assert hashes.of(path) != first and len(calls) == 2
