"""Inputs as people write them, beyond lists: a choice inside a phrase, every species, a
photo named not quite as its file is, a video under photos:, a photo still on the web."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project
from PIL import Image

from storykit.cli import main
from storykit.load.phrases import altered, choice_in

DATE = "2026-11-20"


def run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, [*args, "--date", DATE])


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 140, 90)).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("written", "values", "meant"),
    [
        ("Male (neutered)", ("female", "male", "unknown"), "male"),
        ("spayed female", ("female", "male", "unknown"), "female"),
        ("Female - spayed, microchipped", ("female", "male", "unknown"), "female"),
        ("Available for adoption", ("available", "pending", "adopted", "hold"), "available"),
        ("Adopted!", ("available", "pending", "adopted", "hold"), "adopted"),
        ("Yes, with older kids", ("yes", "no", "unknown"), "yes"),
        ("No - he chases them", ("yes", "no", "unknown"), "no"),
        # two choices, or a denial of the one named: left for validation to refuse
        ("Available (on hold)", ("available", "pending", "adopted", "hold"), None),
        ("not yet available", ("available", "pending", "adopted", "hold"), None),
        ("male or female?", ("female", "male", "unknown"), None),
        ("good with older kids", ("yes", "no", "unknown"), None),
    ],
)
def test_one_choice_plainly_standing_in_a_phrase_is_understood(
    written: str, values: tuple[str, ...], meant: str | None
) -> None:
    synonyms = {"on hold": "hold"}
    assert choice_in(written, values, synonyms) == meant


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Male (neutered)", True),
        ("spayed female", True),
        ("Female, not spayed", False),
        ("intact male", False),
        ("male", None),
    ],
)
def test_a_phrase_says_whether_the_animal_is_spayed_or_neutered(
    written: str, said: bool | None
) -> None:
    assert altered(written) is said


ADA = "    sex: female\n    born: 2026-01-10\n  - name: Bo"
BO = "  - name: Bo\n    species: cat\n    sex: female"
PHRASES = (
    EXAMPLE_STORY.replace("status: available", "status: Available for adoption")
    .replace(ADA, ADA.replace("female", "Female (spayed)"))
    .replace(BO, BO.replace("cat", "Guinea Pigs").replace("female", "Male (neutered)"))
)


def test_phrases_are_understood_said_back_and_neutered_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "p", {"ada-and-bo": PHRASES})
    result = run(root, monkeypatch, "check")
    assert result.exit_code == 0, result.output
    for line in (
        "stories/ada-and-bo.yaml:4:9: note: understood status 'Available for adoption' as "
        "'available'",
        "stories/ada-and-bo.yaml:8:10: note: understood sex 'Female (spayed)' as 'female'",
        "stories/ada-and-bo.yaml:8:10: note: understood from sex 'Female (spayed)' that Ada is "
        "spayed or neutered (health.spayed_neutered: true)",
        "stories/ada-and-bo.yaml:11:14: note: understood species 'Guinea Pigs' as 'guinea pig'",
        "stories/ada-and-bo.yaml:12:10: note: understood sex 'Male (neutered)' as 'male'",
    ):
        assert line in result.output, line
    assert run(root, monkeypatch, "build", "--jobs", "1").exit_code == 0
    listing = json.loads((root / "output" / "ada-and-bo" / "listing.json").read_text())
    assert [(a["species"], a["sex"], a["health"]["spayed_neutered"]) for a in listing] == [
        ("cat", "female", True),
        ("guinea pig", "male", True),
    ]
    assert listing[1]["description"].startswith("Bo is a male guinea pig, 10 months old.")


def test_a_photo_named_in_another_case_or_spacing_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = EXAMPLE_STORY + "photos:\n  - {file: photos/img 1234.jpg, alt: Ada asleep}\n"
    root = write_project(
        tmp_path / "p", {"ada-and-bo": story}, files={"stories/photos/IMG 1234.JPG": jpeg()}
    )
    result = run(root, monkeypatch, "check")
    assert result.exit_code == 1
    assert (
        "stories/ada-and-bo.yaml:22:12: error: the photo 'photos/img 1234.jpg' does not exist "
        f"(looked for {root / 'stories' / 'photos' / 'img 1234.jpg'})\n"
        "    hint: did you mean photos/IMG 1234.JPG? Write the name exactly as the file is "
        "called"
    ) in result.stderr


def test_a_video_under_photos_is_told_to_move_to_clips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = EXAMPLE_STORY + "photos:\n  - file: photos/zoomies.MOV\n"
    root = write_project(
        tmp_path / "p", {"ada-and-bo": story}, files={"stories/photos/zoomies.MOV": b"\0" * 64}
    )
    result = run(root, monkeypatch, "check")
    assert result.exit_code == 1
    assert (
        "stories/ada-and-bo.yaml:22:11: error: 'photos/zoomies.MOV' is a video: photos: takes "
        "photos, and videos go under clips:, where the story's reels show them\n"
        "    hint: move it to clips: (- file: photos/zoomies.MOV), with start: and end: to show "
        "a part of it"
    ) in result.stderr
    assert "JPEG" not in result.stderr


def test_a_photo_still_on_the_web_is_built_without_then_with_once_it_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = EXAMPLE_STORY + (
        "photos:\n"
        "  - {file: photos/ada-1.jpg, url: 'https://rescue.example/ada.jpg', alt: Ada}\n"
        "  - {file: photos/bo.jpg, alt: Bo}\n"
    )
    root = write_project(
        tmp_path / "p", {"ada-and-bo": story}, files={"stories/photos/bo.jpg": jpeg()}
    )
    result = run(root, monkeypatch, "build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert (
        "stories/ada-and-bo.yaml:22:12: warning: the photo 'photos/ada-1.jpg' is not downloaded "
        "yet (it is at https://rescue.example/ada.jpg): the story is built without it until it "
        "is there\n"
        "    hint: run storykit import again with --fetch-photos and the file you imported "
        "from, or save the photo as stories/photos/ada-1.jpg"
    ) in result.output
    cards = root / "output" / "ada-and-bo" / "cards"
    assert sorted(p.name for p in cards.glob("*square*")) == ["bo-square.jpg", "closing-square.jpg"]
    (root / "stories" / "photos" / "ada-1.jpg").write_bytes(jpeg())
    result = run(root, monkeypatch, "build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "not downloaded" not in result.output
    assert sorted(p.name for p in cards.glob("*square*")) == [
        "ada-1-square.jpg",
        "bo-square.jpg",
        "closing-square.jpg",
    ]
