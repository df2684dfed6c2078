"""Templates read right for any story: one animal or several, any sex, any age, every status."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_project
from PIL import Image

from storykit.cli import main

CONFIG = """\
organisation:
  name: Test Rescue
  url: https://rescue.example
  animals_url: https://rescue.example/animals
"""
DATE = "2026-11-20"


def animal(name: str, species: str = "dog", sex: str = "unknown", born: str = "") -> str:
    lines = [f"  - name: {name}", f"    species: {species}", f"    sex: {sex}"]
    if born:
        lines.append(f"    born: {born}")
    return "\n".join(lines)


def story(
    *animals: str,
    status: str = "available",
    extra: str = "",
    adoption: str = "{url: https://rescue.example/adopt/them, fee: 100}",
    headline: str | None = "A line for the cards",
) -> str:
    head = f"headline: {headline}\n" if headline is not None else ""
    return (
        f"title: A story\n{head}summary: They came to us in spring. Now they are ready.\n"
        f"status: {status}\n{extra}animals:\n" + "\n".join(animals) + f"\nadoption: {adoption}\n"
    )


def captions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> dict[str, str]:
    root = write_project(tmp_path / "p", {"s": text}, CONFIG)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["captions", "s", "--json", "--date", DATE])
    assert result.exit_code == 0, result.output
    return {c["platform"]: c["text"] for c in json.loads(result.stdout)}


def photo() -> bytes:
    """A small real JPEG (a flat colour), for stories whose cards need a photo."""
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (120, 90, 60)).save(out, "JPEG")
    return out.getvalue()


def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    root = write_project(tmp_path / "p", {"s": text}, CONFIG, {"stories/a.jpg": photo()})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "--date", DATE, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return root / "output" / "s"


@pytest.mark.parametrize("sex", ["female", "male", "unknown"])
def test_one_animal_takes_a_singular_verb_whatever_its_sex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sex: str
) -> None:
    texts = captions(tmp_path, monkeypatch, story(animal("Biscuit", sex=sex)))
    assert "Biscuit is looking for a home (adoption fee $100)." in texts["instagram"]
    assert "Biscuit are" not in "\n".join(texts.values())
    assert "Adopt Biscuit: https://rescue.example/adopt/them" in texts["x"]


def test_a_pair_adopted_together_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = story(animal("Ada", "cat", "female"), animal("Bo", "cat", "male"))
    texts = captions(tmp_path, monkeypatch, text)
    assert (
        "Ada and Bo are a bonded pair and will be adopted together, to one home"
        in (texts["facebook"])
    )
    assert "Adopt Ada and Bo together: https://rescue.example/adopt/them" in texts["x"]


def test_a_litter_is_adopted_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pups = [
        animal(n, "dog", s) for n, s in zip(["Ada", "Bo", "Cy", "Di", "Ed"], "fmfmu", strict=True)
    ]
    texts = captions(tmp_path, monkeypatch, story(*pups))
    assert "Ada, Bo, Cy, Di and Ed are each looking for a home of their own" in texts["instagram"]
    assert "Adopt Ada, Bo, Cy, Di or Ed: https://rescue.example/adopt/them" in texts["x"]
    assert "together" not in texts["instagram"]


def test_the_case_file_can_keep_a_litter_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pups = [animal(n) for n in ("Ada", "Bo", "Cy")]
    text = story(*pups, adoption="{url: https://rescue.example/a, together: true}")
    texts = captions(tmp_path, monkeypatch, text)
    assert "are a bonded group and will be adopted together" in texts["instagram"]


def test_an_adopted_animal_points_to_the_others_never_its_own_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = captions(
        tmp_path, monkeypatch, story(animal("Mabel", "cat", "female"), status="adopted")
    )
    for name, text in texts.items():
        assert "https://rescue.example/adopt/them" not in text, name
        assert "https://rescue.example/animals" in text, name
    assert "Mabel has been adopted and is home for good." in texts["instagram"]
    assert texts["x"].startswith("Happy tails: A line for the cards 🏡")


def test_a_lost_dog_home_with_his_family_has_nothing_about_weaning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    duke = animal("Duke", "dog", "male", born="2020-03-01")
    texts = captions(tmp_path, monkeypatch, story(duke, status="reunited"))
    joined = "\n".join(texts.values())
    assert "Duke is back home with his family" in texts["instagram"]
    for word in ("wean", "homes once", "apply to adopt", "adopted"):
        assert word not in joined.lower(), word
    assert "https://rescue.example/adopt/them" not in joined


def test_bottle_babies_back_with_their_mother_wait_to_be_weaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kits = [animal(n, "cat", "female", born="2026-11-01") for n in ("Fig", "Plum")]
    texts = captions(
        tmp_path, monkeypatch, story(*kits, status="reunited", extra="reunited_with: mother\n")
    )
    assert (
        "Fig and Plum are back with their mother now, and will look for loving homes once "
        in (texts["instagram"])
    )
    assert "weaned." in texts["instagram"]


def test_older_animals_back_with_their_mother_are_not_weaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kits = [animal("Fig", "cat", "female", born="2026-05-01")]
    texts = captions(
        tmp_path, monkeypatch, story(*kits, status="reunited", extra="reunited_with: mum\n")
    )
    assert "will look for loving homes when she is ready." in texts["instagram"]
    assert "wean" not in "\n".join(texts.values())


@pytest.mark.parametrize("status", ["pending", "hold"])
def test_pending_and_hold_point_to_the_animals_who_are_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: str
) -> None:
    texts = captions(tmp_path, monkeypatch, story(animal("Rex", "dog", "male"), status=status))
    for name, text in texts.items():
        assert "https://rescue.example/adopt/them" not in text, name
        assert "https://rescue.example/animals" in text, name


def test_a_story_without_headline_gets_one_for_its_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = story(animal("Rex", "dog", "male"), headline=None)
    assert captions(tmp_path, monkeypatch, text)["x"].startswith("Meet Rex 🐶")
    adopted = story(animal("Ada", "cat"), animal("Bo", "cat"), headline=None, status="adopted")
    assert captions(tmp_path / "b", monkeypatch, adopted)["x"].startswith(
        "Happy tails: Ada and Bo found a home together! 🏡"
    )


@pytest.mark.parametrize(
    ("animals", "adoption", "badge"),
    [
        (1, "{url: https://rescue.example/a}", "Adopt me"),
        (2, "{url: https://rescue.example/a}", "Adopt us together"),
        (3, "{url: https://rescue.example/a}", "Adopt us"),
    ],
)
def test_card_badges_follow_the_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, animals: int, adoption: str, badge: str
) -> None:
    names = ["Ada", "Bo", "Cy"][:animals]
    text = story(*(animal(n) for n in names), adoption=adoption)
    out = built(tmp_path, monkeypatch, text + "photos: [{file: a.jpg, alt: A dog.}]\n")
    cards = [
        f for f in json.loads((out / "story.json").read_text())["files"] if f["kind"] == "card"
    ]
    assert cards
    for card in cards:
        assert f"Text on the card: {badge}." in card["alt"]


def test_alt_text_ends_every_part_with_a_full_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = story(animal("Mabel", "cat", "female"), status="adopted", headline="She went home!")
    text += "quotes: [{text: She is home!, by: Jo}]\n"
    out = built(tmp_path, monkeypatch, text)
    files = json.loads((out / "story.json").read_text())["files"]
    alts = [f["alt"] for f in files if "alt" in f]
    assert alts
    for alt in alts:
        assert "!." not in alt and ".." not in alt
    # every card but the kits' closing card (the call to action) carries the headline
    assert all("She went home! " in f["alt"] for f in files if f.get("layout") == "quote")


@pytest.mark.parametrize(
    ("age", "words"),
    [("2yrs", "2 years old"), ("8 wks", "8 weeks old"), ("six months", "six months old")],
)
def test_ages_as_people_write_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, age: str, words: str
) -> None:
    text = story(animal("Rex", "dog", "male") + f"\n    age: {age}")
    out = built(tmp_path, monkeypatch, text)
    assert f"| Age | {words}" in (out / "blurb.md").read_text()


def test_an_age_storykit_cannot_read_is_refused_with_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = story(animal("Rex", "dog", "male") + "\n    age: youngish")
    root = write_project(tmp_path / "p", {"s": text}, CONFIG)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", "--date", DATE])
    assert result.exit_code == 1
    assert (
        "stories/s.yaml:9:10: error: Rex's age 'youngish' is not an age storykit can read\n"
        '    hint: write a number and a unit, e.g. "8 weeks", "2 years", "about 6 months", '
        "or a group: baby, young, adult, senior; or give born: YYYY-MM-DD"
    ) in result.stderr
