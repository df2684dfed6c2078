"""Adopt-a-Pet's upload folder: pets.csv by its column rules, import.cfg and its photos."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project
from test_petfinder import PHOTOS, STORY

from storykit.cli import main
from storykit.load.model import Story
from storykit.outputs.adoptsites import adoptapet
from storykit.outputs.adoptsites.rules import csv_rules
from storykit.outputs.listing import story_listing
from storykit.outputs.paths import web_photo_paths

TODAY = dt.date(2026, 11, 20)
RULES = csv_rules("adoptapet")


def _record(status: str = "available", **animal: object) -> dict:
    data = {
        "name": "Rex",
        "species": "dog",
        "sex": "male",
        "born": "2026-08-01",
        "breed": "mutt",
        "size": "small",
        "good_with": {"kids": "yes", "cats": "no"},
        "health": {"spayed_neutered": True},
        **animal,
    }
    story = Story.model_validate(
        {
            "title": "Rex",
            "summary": "Rex is **small**.\n\nHe snores.",
            "status": status,
            "animals": [data],
        }
    )
    (record,) = story_listing("rex", story, TODAY, web_photo_paths(story.photos))
    return record


def test_a_dog_row_follows_adopt_a_pets_rules() -> None:
    record = _record()
    row = adoptapet.row(record)
    assert RULES.check(row, "Dog", adoptapet.allowed("dog")) == []
    assert (row["Animal"], row["Breed"], row["Purebred"], row["Age"], row["Size"]) == (
        "Dog",
        "Mixed Breed (Small)",  # Adopt-a-Pet's mixed breeds go by size
        "0",
        "Baby",
        "S",
    )
    assert (row["GoodWKids"], row["GoodWCats"], row["GoodWDogs"]) == ("1", "0", "")
    assert (row["SpayedNeutered"], row["ShotsCurrent"], row["Housetrained"]) == ("1", "0", "")
    assert row["Status"] == "Available" and row["HairLength"] == ""
    assert row["Description"] == (
        "Rex is a male mutt, 15 weeks old.<br><br>Rex is small.<br><br>He snores."
    )


def test_a_cat_uses_adopt_a_pets_breed_names_and_needs_a_hair_length() -> None:
    record = _record(species="cat", breed="DSH", coat="medium")
    row = adoptapet.row(record)
    assert RULES.check(row, "Cat", adoptapet.allowed("cat")) == []
    assert (row["Breed"], row["HairLength"], row["Purebred"]) == (
        "Domestic Shorthair",
        "Medium",
        "1",
    )
    assert adoptapet.missing(_record(species="cat", breed="DSH")) == ("coat",)
    assert adoptapet.missing(_record(species="rabbit", breed="lop", size=None)) == ("coat",)


def test_what_adopt_a_pet_does_not_take_is_left_out() -> None:
    assert adoptapet.listed([_record(status="hold")]) == []  # it has no 'on hold'
    assert adoptapet.missing(_record(species="other", breed="gecko")) == ("species",)
    assert adoptapet.missing(_record(size=None, sex="unknown")) == ("sex", "size")
    assert adoptapet.listed([_record()]) != []


def test_the_upload_folder_holds_pets_csv_its_map_and_photos(tmp_path: Path) -> None:
    story = STORY.replace("    size: small\n", "    size: small\n    coat: short\n")
    root = write_project(tmp_path / "p", {"ada-and-bo": story}, files=PHOTOS)
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--date", "2026-11-20"])
    assert result.exit_code == 0, result.output
    folder = root / "output" / "upload" / "adoptapet"
    rows = list(csv.reader(io.StringIO((folder / "pets.csv").read_text("utf-8"), newline="")))
    assert [len(r) for r in rows] == [len(RULES.names)] * 2  # no header row
    named = [dict(zip(RULES.names, r, strict=True)) for r in rows]
    for row in named:
        assert RULES.check(row, "Cat", adoptapet.allowed("cat")) == []
    assert [(r["Id"], r["Breed"]) for r in named] == [
        ("SHEL-7", "Domestic Shorthair"),
        ("ada-and-bo-2", "Domestic Shorthair"),  # a tortie is a Domestic Shorthair there
    ]
    cfg = (folder / "import.cfg").read_text("utf-8").splitlines()
    columns = [ln.split(":", 1)[1].split("=")[0] for ln in cfg if ln.startswith("#")]
    assert tuple(columns) == RULES.names
    assert (
        cfg[3] == "#1:Id=Id" and cfg[-1] == f"#{len(RULES.names)}:YouTubeVideoURL=YouTubeVideoURL"
    )
    photos = sorted(p.name for p in (folder / "photos").iterdir())
    assert photos == [
        "SHEL-7-1.jpg",
        "SHEL-7-2.jpg",
        "ada-and-bo-2-1.jpg",
        "ada-and-bo-2-2.jpg",
    ]
    web = root / "output" / "ada-and-bo" / "photos"
    assert (folder / "photos" / "SHEL-7-1.jpg").read_bytes() == (web / "ada.jpg").read_bytes()


def test_check_names_the_sites_an_animal_is_left_out_of(tmp_path: Path) -> None:
    story = EXAMPLE_STORY.replace(
        "    born: 2026-01-10\n  - name: Bo",
        "    born: 2026-01-10\n    breed: DSH\n    size: small\n  - name: Bo",
    )
    root = write_project(tmp_path / "p", {"ada-and-bo": story})
    result = CliRunner().invoke(main, ["check", "-C", str(root), "--date", "2026-11-20"])
    where = root / "stories" / "ada-and-bo.yaml"
    lines = result.output.splitlines()
    at = lines.index(
        f"{where}:6:5: warning: Ada is left out of the Adopt-a-Pet upload: it needs her coat length"
    )
    assert lines[at + 1] == "    hint: add to Ada: coat: short, medium or long"


def test_every_species_adopt_a_pet_lists_has_its_animal_type() -> None:
    rows = {
        species: adoptapet.row(_record(species=species, breed=None, coat=coat))
        for species, coat in (
            ("guinea pig", "long"),
            ("parrot", None),
            ("horse", None),
            ("goat", None),
            ("snake", None),
            ("chicken", None),
        )
    }
    assert {s: (r["Animal"], r["Breed"], r["Size"], r["HairLength"]) for s, r in rows.items()} == {
        "guinea pig": ("Small Animal", "Guinea Pig", "", "Long"),
        "parrot": ("Bird", "Parrot (Other)", "", ""),
        "horse": ("Horse", "", "", ""),
        "goat": ("Farm Animal", "Goat", "", ""),
        "snake": ("Reptile", "Snake", "", ""),
        "chicken": ("Farm Animal", "Chicken", "", ""),
    }
    for species, row in rows.items():
        if species != "horse":
            assert RULES.check(row, row["Animal"], adoptapet.allowed(species)) == [], species
    # a small animal needs its hair length, as a cat does; a horse its breed
    assert adoptapet.missing(_record(species="hamster", breed=None)) == ("coat",)
    assert adoptapet.missing(_record(species="horse", breed=None)) == ("breed",)
    assert adoptapet.missing(_record(species="axolotl", breed=None)) == ("species",)
