"""Case files as volunteers write them: choices by synonym and case, placeholders refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_project

from storykit.cli import main

VOLUNTEER = """\
title: Rex
headline: Good boy
summary: Rex is a good boy.
status: Available
animals:
  - name: Rex
    species: Dog
    sex: F
    size: XL
    good_with: {kids: Yes, dogs: true, cats: "?"}
    health: {vaccinated: unknown}
  - name: Tib
    species: Kitty
    sex: Female
foster:
  name: Jo Park
  handles: {twitter: jo.fosters}
adoption: {url: "https://example.org/rex"}
"""


def run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> object:
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, [*args, "--date", "2026-11-20"])


def test_volunteers_words_are_understood_and_said_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "p", {"rex": VOLUNTEER})
    result = run(root, monkeypatch, "check")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = result.output  # type: ignore[attr-defined]
    for line in (
        "stories/rex.yaml:8:10: note: understood sex 'F' as 'female'",
        "stories/rex.yaml:9:11: note: understood size 'XL' as 'xlarge'",
        "stories/rex.yaml:10:34: note: understood dogs 'true' as 'yes'",
        "stories/rex.yaml:10:46: note: understood cats '?' as 'unknown'",
        "stories/rex.yaml:11:26: note: understood vaccinated 'unknown' as 'not known'",
        "stories/rex.yaml:13:14: note: understood species 'Kitty' as 'cat'",
        "stories/rex.yaml:17:13: note: understood the handles key 'twitter' as 'x'",
    ):
        assert line in out
    # a change of case alone needs no note
    for written in ("'Available'", "'Dog'", "'Yes'", "'Female'"):
        assert written not in out


def test_what_was_understood_is_what_is_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "p", {"rex": VOLUNTEER})
    result = run(root, monkeypatch, "captions", "rex", "--json", "-p", "x")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    listing = None
    assert run(root, monkeypatch, "build", "--jobs", "1").exit_code == 0  # type: ignore[attr-defined]
    listing = json.loads((root / "output" / "rex" / "listing.json").read_text())
    rex = listing[0] if isinstance(listing, list) else listing["animals"][0]
    assert (rex["species"], rex["sex"]) == ("dog", "female")
    assert "Good with kids | Yes" in (root / "output" / "rex" / "blurb.md").read_text()


def test_an_unknown_choice_is_still_an_error_with_the_choices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "p", {"rex": VOLUNTEER.replace("sex: F", "sex: Fmale")})
    result = run(root, monkeypatch, "check")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "stories/rex.yaml:8:10: error: animals[0].sex: 'Fmale' is not one of the allowed" in (
        result.stderr  # type: ignore[attr-defined]
    )


def test_a_species_is_what_people_write_and_a_slip_is_asked_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = VOLUNTEER.replace("species: Dog", "species: Dgo").replace(
        "species: Kitty", "species: Axolotl"
    )
    root = write_project(tmp_path / "p", {"rex": story})
    result = run(root, monkeypatch, "check")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = result.output  # type: ignore[attr-defined]
    assert (
        "stories/rex.yaml:7:14: warning: storykit has no words for the species 'Dgo': captions "
        "call it 'dgo' (dgos for several), and adoption sites list it with the animals of "
        "other kinds\n    hint: did you mean 'dog'?"
    ) in out
    assert (
        "stories/rex.yaml:13:14: note: storykit has no words for the species 'Axolotl': captions "
        "call it 'axolotl' (axolotls for several)"
    ) in out


def test_an_untouched_new_story_is_never_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["init", "rescue"]).exit_code == 0
    monkeypatch.chdir(tmp_path / "rescue")
    assert runner.invoke(main, ["new", "biscuit"]).exit_code == 0
    result = runner.invoke(main, ["build", "--date", "2026-11-20"])
    assert result.exit_code == 1
    err = result.stderr
    assert (
        "storykit.yaml:4:9: error: 'organisation.name' is still the placeholder "
        "<your rescue's name> from storykit init"
    ) in err
    assert (
        "stories/biscuit.yaml:13:11: error: 'animals[0].name' is still the placeholder "
        "<the animal's name> from storykit new\n"
        "    hint: write the real value in its place, or delete the line if you do not know it"
    ) in err
    for key in ("summary", "animals[0].species", "foster.name", "body", "adoption.url"):
        assert f"'{key}' is still the placeholder" in err
    assert not (tmp_path / "rescue" / "output" / "biscuit" / "blurb.md").exists()


def test_a_filled_in_new_story_builds_without_invented_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    runner.invoke(main, ["init", "rescue"])
    root = tmp_path / "rescue"
    monkeypatch.chdir(root)
    runner.invoke(main, ["new", "biscuit"])
    config = root / "storykit.yaml"
    config.write_text(config.read_text().replace("<your rescue's name>", "Paws"))
    path = root / "stories" / "biscuit.yaml"
    text = path.read_text()
    for old, new in (
        ("<one paragraph, the hook: who they are and why people should care>", "A sweet dog."),
        ("<the animal's name>", "Biscuit"),
        ("<what the animal is, e.g. dog, cat, rabbit, guinea pig, parrot, goat>", "dog"),
        ("<your name, as captions should credit you>", "Jo Park"),
        (
            "<the story, in Markdown: as long as you like. Captions use the start of it "
            "when space is short.>",
            "He likes naps.",
        ),
        ("<https://... the page where people apply to adopt>", "https://paws.example/b"),
    ):
        assert old in text
        text = text.replace(old, new)
    path.write_text(text)
    result = runner.invoke(main, ["build", "--date", "2026-11-20", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    blurb = (root / "output" / "biscuit" / "blurb.md").read_text()
    assert "| Vaccinated | Not known yet |" in blurb
    assert "| Age | Not known |" in blurb
    assert (
        "Biscuit is looking for a home"
        in (root / "output" / "biscuit" / "captions" / "instagram.txt").read_text()
    )
