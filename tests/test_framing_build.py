"""The build side of framing: focus: and subject: in case files, the detections cached in the
build index by photo content (a rebuild never detects again), and how each card was framed
in story.json. Tests marked with the `shared` fixture use ../shared/photos and skip without."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import write_project

from storykit.builder.index import INDEX
from storykit.builder.job import StoryJob
from storykit.builder.kinds import plan_story
from storykit.builder.kinds.cards import CardOutput, card_request
from storykit.builder.project import build as run
from storykit.builder.report import Report
from storykit.builder.session import open_session
from storykit.cards.subjects import DETECTOR
from storykit.cli import main
from storykit.digests import file_digest
from storykit.outputs.adoptsites.checks import load_checked

DATE = dt.date(2026, 12, 1)
BEAGLE = "ibm-max_dog_beagle-puppy.jpg"  # a beagle puppy in the middle of a 1125x750 photo

STORY = """\
title: Rex
headline: Rex loves walks
summary: Rex is a happy beagle who loves his walks.
status: available
animals:
  - {name: Rex, species: dog}
adoption: {url: "https://example.org/rex"}
photos:
  - file: photos/rex.jpg
    alt: Rex on the grass
"""
CONFIG = (
    "organisation: {name: Test Rescue}\nplatforms: {instagram: {sizes: [square, story]}}\n"
    "cards: {find_animals: true}\n"
)


def rex_project(tmp_path: Path, photo: Path, extra: str = "") -> Path:
    return write_project(
        tmp_path / "p",
        {"rex": STORY + extra},
        config=CONFIG,
        files={"stories/photos/rex.jpg": photo.read_bytes()},
    )


def index_of(root: Path) -> dict[str, Any]:
    return json.loads((root / "output" / INDEX).read_text(encoding="utf-8"))


def cards_of(root: Path) -> dict[str, dict[str, Any]]:
    manifest = json.loads((root / "output" / "rex" / "story.json").read_text(encoding="utf-8"))
    # the photo cards (a post kit's closing card shows no photo)
    return {
        f["path"]: f for f in manifest["files"] if f["kind"] == "card" and f["layout"] != "closing"
    }


def detected(report: Report) -> int:
    return sum(s.detected for s in report.stories)


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    later = time.time_ns() + 1_000_000  # after the last build started, whatever the clock
    os.utime(path, ns=(later, later))


# -- the case file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("box", "message", "hint"),
    [
        (
            "[0.6, 0.2, 0.4, 0.9]",
            "photos[0].subject: the box [0.6, 0.2, 0.4, 0.9] is empty: its right edge must be "
            "right of its left edge, and its bottom below its top",
            "write [left, top, right, bottom] as fractions of the photo's width and height, "
            "e.g. [0.1, 0.2, 0.6, 0.9] for an animal in the left half",
        ),
        (
            "[0.1, 0.2, 1.5, 0.9]",
            "photos[0].subject[2]: 1.5 is out of range (input should be less than or equal to 1)",
            "change the number",
        ),
    ],
)
def test_a_subject_that_is_not_a_box_in_the_photo_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, box: str, message: str, hint: str
) -> None:
    story = STORY.replace("    alt: Rex on the grass\n", f"    alt: Rex\n    subject: {box}\n")
    root = write_project(tmp_path / "p", {"rex": story}, config=CONFIG)
    monkeypatch.chdir(root)
    checked = CliRunner().invoke(main, ["check", "--date", "2026-12-01"])
    assert checked.exit_code == 1
    line = story.splitlines().index(f"    subject: {box}") + 1
    column = 14 if "1.5" not in box else 25  # the box, or the number out of range
    assert f"stories/rex.yaml:{line}:{column}: error: {message}\n    hint: {hint}\n" in (
        checked.stderr
    )


def test_focus_is_optional_and_subject_and_focus_reach_the_card_engine(tmp_path: Path) -> None:
    extra = "  - {file: photos/rex.jpg, alt: Rex, focus: [0.3, 0.4]}\n"
    extra += "  - {file: photos/rex.jpg, alt: Rex, subject: [0.1, 0.2, 0.5, 0.9]}\n"
    root = write_project(tmp_path / "p", {"rex": STORY + extra}, config=CONFIG)
    session = open_session(root, DATE, [])
    assert session is not None
    loaded = load_checked(root / "stories" / "rex.yaml", session.project, session.today)
    assert loaded.story is not None
    assert [p.focus for p in loaded.story.photos] == [None, (0.3, 0.4), None]
    assert [p.subject for p in loaded.story.photos] == [None, None, (0.1, 0.2, 0.5, 0.9)]
    job = StoryJob.prepare(session, loaded)
    planned = plan_story(job.story, session.project.config, session.platforms)
    cards = [o for _, o in planned if isinstance(o, CardOutput) and o.size == "square"]
    style = session.style
    sources = [card_request(job, o, style)[0].photos[0] for o in cards[:3]]
    assert [(s.focus, s.subject, s.subjects) for s in sources] == [
        (None, None, None),
        ((0.3, 0.4), None, None),
        (None, (0.1, 0.2, 0.5, 0.9), None),
    ]
    # what an earlier build found (here: nothing) goes to the engine with the photo
    again = card_request(job, cards[0], style, lambda path: ())[0].photos[0]
    assert again.subjects == ()


# -- detections, cached by content --------------------------------------------------------------


def test_the_build_keeps_what_it_found_and_a_rebuild_never_detects_again(
    tmp_path: Path, shared: Path
) -> None:
    root = rex_project(tmp_path, shared / "photos" / BEAGLE)
    first = run(root, today=DATE, jobs=1)
    assert not first.failed, first.all_problems
    assert detected(first) == 1  # one photo, detected once for all its cards and its copy
    table = index_of(root)["detections"]
    digest = file_digest(root / "stories" / "photos" / "rex.jpg")
    assert table["detector"] == DETECTOR and list(table["photos"]) == [digest]
    (found,) = table["photos"][digest]
    assert found["kind"] == "animal" and found["head"] is not None
    before = cards_of(root)

    # the headline is on the cards: they are drawn again, with the animals the index kept
    edit(root / "stories" / "rex.yaml", "Rex loves walks", "Rex loves long walks")
    second = run(root, today=DATE, jobs=2)
    assert "rex/cards/rex-square.jpg" in second.rendered
    assert detected(second) == 0
    assert index_of(root)["detections"] == table
    after = cards_of(root)
    for path, entry in after.items():
        assert entry["subjects"] == before[path]["subjects"]
        assert entry["crop"] == before[path]["crop"]


def test_the_same_photo_in_two_stories_is_detected_once_a_damaged_or_old_table_again(
    tmp_path: Path, shared: Path
) -> None:
    photo = (shared / "photos" / BEAGLE).read_bytes()
    root = write_project(
        tmp_path / "p",
        {"rex": STORY, "max": STORY.replace("Rex", "Max")},
        config=CONFIG,
        files={"stories/photos/rex.jpg": photo},
    )
    first = run(root, today=DATE, jobs=1)
    assert not first.failed
    # each story's batch detects what the index does not yet hold
    assert [s.detected for s in first.stories] == [1, 0]
    index = root / "output" / INDEX
    data = index_of(root)
    data["detections"]["detector"] = "an-older-one/0"
    index.write_text(json.dumps(data), encoding="utf-8")
    for slug in ("rex", "max"):
        edit(root / "stories" / f"{slug}.yaml", "loves walks", "loves all walks")
    again = run(root, today=DATE, jobs=1)
    assert detected(again) == 1  # an older detector's results are not used
    assert index_of(root)["detections"]["detector"] == DETECTOR


def test_a_replaced_photo_is_detected_again_and_its_old_entry_leaves(
    tmp_path: Path, shared: Path
) -> None:
    root = rex_project(tmp_path, shared / "photos" / BEAGLE)
    assert not run(root, today=DATE, jobs=1).failed
    photo = root / "stories" / "photos" / "rex.jpg"
    shutil.copyfile(shared / "photos" / "placecal_good-cat-picture.jpg", photo)
    later = time.time_ns() + 1_000_000
    os.utime(photo, ns=(later, later))
    report = run(root, today=DATE, jobs=1)
    assert detected(report) == 1
    assert list(index_of(root)["detections"]["photos"]) == [file_digest(photo)]


def test_each_card_s_entry_says_how_it_was_framed(tmp_path: Path, shared: Path) -> None:
    root = rex_project(tmp_path, shared / "photos" / BEAGLE)
    assert not run(root, today=DATE, jobs=1).failed
    cards = cards_of(root)
    assert sorted(cards) == ["cards/rex-square.jpg", "cards/rex-story.jpg"]
    for entry in cards.values():
        (crop,) = entry["crop"]
        (area,) = entry["photo_area"]
        (subjects,) = entry["subjects"]
        assert 0 <= crop[0] < crop[2] <= 1 and 0 <= crop[1] < crop[3] <= 1
        assert 0 <= area[0] < area[2] <= entry["width"] and 0 <= area[1] < area[3] <= 1920
        assert entry["fitted"] in ([True], [False])
        assert [set(s) for s in subjects] == [{"body", "head", "confidence", "kind"}]
        assert entry["text_boxes"] and all(
            0 <= b[0] < b[2] <= entry["width"] and 0 <= b[1] < b[3] <= entry["height"]
            for b in entry["text_boxes"].values()
        )
        # the head the card was framed around is in the crop it shows
        head = subjects[0]["head"]
        assert crop[0] <= head[0] and head[2] <= crop[2] and crop[1] <= head[1]


def test_focus_set_frames_by_focus_and_detects_nothing(tmp_path: Path, shared: Path) -> None:
    root = rex_project(tmp_path, shared / "photos" / BEAGLE)
    edit(
        root / "stories" / "rex.yaml",
        "    alt: Rex on the grass\n",
        "    alt: Rex\n    focus: [0.2, 0.5]\n",
    )
    report = run(root, today=DATE, jobs=1)
    assert not report.failed
    assert detected(report) == 0
    assert index_of(root)["detections"] is None
    for entry in cards_of(root).values():
        assert entry["subjects"] == [[]]


@pytest.mark.parametrize(
    ("setting", "searched"),
    [("cards: {find_animals: false}\n", False), ("", True)],  # unset: on by default
)
def test_find_animals_decides_whether_photos_are_searched(
    tmp_path: Path, shared: Path, setting: str, searched: bool
) -> None:
    photo = shared / "photos" / "dreambooth_dog6-00_corgi-puppy.jpg"
    root = write_project(
        tmp_path / "p",
        {"rex": STORY},
        config=CONFIG.replace("cards: {find_animals: true}\n", setting),
        files={"stories/photos/rex.jpg": photo.read_bytes()},
    )
    report = run(root, today=DATE, jobs=1)
    assert not report.failed and detected(report) == int(searched)
    photo_cards = [c for c in cards_of(root).values() if c["subjects"] != []]
    assert photo_cards
    for card in photo_cards:
        # off: framed around the centre, as before; on: framed on the corgi found
        assert (card["subjects"] != [[]]) == searched
