"""Nothing delisted by accident, nothing half-built: a failed story keeps its last good build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import write_project

from storykit.cli import main

CONFIG = "organisation: {name: Test Rescue, animals_url: https://rescue.example/animals}\n"


def dog(name: str, status: str = "available", headline: str = "A good dog") -> str:
    return f"""\
title: {name}
headline: {headline}
summary: {name} is a good dog who loves walks.
status: {status}
animals:
  - name: {name}
    species: dog
    sex: male
    born: 2022-03-01
    breed: lab mix
    size: large
    coat: short
adoption: {{url: "https://rescue.example/{name.lower()}"}}
"""


def build(root: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, ["build", "--date", "2026-11-20", "--jobs", "1"])


def feed(root: Path) -> list[str]:
    data = json.loads((root / "output" / "adoptable.json").read_text())
    return [a["name"] for a in data["animals"]]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_project(tmp_path / "p", {"rex": dog("Rex"), "mabel": dog("Mabel")}, CONFIG)
    first = build(root, monkeypatch)
    assert first.exit_code == 0, first.output
    assert feed(root) == ["Mabel", "Rex"]
    return root


def test_a_broken_case_file_keeps_its_listing_and_says_so_on_every_build(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(built / "output" / "rex")
    (built / "stories" / "rex.yaml").write_text(dog("Rex").replace("title: Rex", "title: [Rex"))
    for _ in range(2):  # the second build must not forget the listing, nor the error
        result = build(built, monkeypatch)
        assert result.exit_code == 1
        assert (
            "stories/rex.yaml: warning: kept Rex's listing from the build of 2026-11-20: fix "
            "the errors above to update it\n"
            "    hint: until then the feeds and upload folders keep what they had, so adoption "
            "sites do not take the animals down"
        ) in result.output
        assert feed(built) == ["Mabel", "Rex"]
        csv = (built / "output" / "upload" / "petfinder" / "petfinder.csv").read_text()
        assert "Rex" in csv and "Mabel" in csv
        assert snapshot(built / "output" / "rex") == before


def test_a_caption_that_cannot_fit_writes_none_of_the_storys_new_outputs(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(built / "output" / "rex")
    long = " ".join(["Rex"] * 120)  # no caption on X can hold this headline
    (built / "stories" / "rex.yaml").write_text(dog("Rex", headline=long))
    for _ in range(2):
        result = build(built, monkeypatch)
        assert result.exit_code == 1
        assert "the X (Twitter) caption of 'rex' cannot be made to fit" in result.output
        assert "kept Rex's listing from the build of 2026-11-20" in result.output
        after = snapshot(built / "output" / "rex")
        assert after == before  # blurbs, captions, page and story.json all of the last build
        assert feed(built) == ["Mabel", "Rex"]


def test_a_fixed_story_is_built_again_whole(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (built / "stories" / "rex.yaml").write_text(dog("Rex").replace("title: Rex", "title: [Rex"))
    assert build(built, monkeypatch).exit_code == 1
    (built / "stories" / "rex.yaml").write_text(dog("Rex", headline="Fixed and fine"))
    result = build(built, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "kept" not in result.output
    assert "Fixed and fine" in (built / "output" / "rex" / "blurb.md").read_text()


def test_animals_leave_a_feed_only_for_a_reason_the_build_names(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (built / "stories" / "rex.yaml").write_text(dog("Rex", status="adopted"))
    (built / "stories" / "mabel.yaml").unlink()
    result = build(built, monkeypatch)
    assert result.exit_code == 0, result.output
    assert feed(built) == []
    assert (
        "stories/rex.yaml: note: Rex left adoptable.json and adoptable.csv, the Petfinder upload "
        "and the Adopt-a-Pet upload: the story's status is now adopted"
    ) in result.output
    assert (
        "stories: note: Mabel left adoptable.json and adoptable.csv, the Petfinder upload and "
        "the Adopt-a-Pet upload: its case file stories/mabel.yaml was removed"
    ) in result.output
    again = build(built, monkeypatch)
    assert "left" not in again.output  # said once, when it happened
