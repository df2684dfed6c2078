"""Petfinder's upload folder: breeds and colours as Petfinder names them, rows by its rules."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project
from PIL import Image

from storykit.cli import main
from storykit.load.model import Story
from storykit.outputs.adoptsites import petfinder, upload
from storykit.outputs.adoptsites.breeds import match_breed, match_color
from storykit.outputs.adoptsites.rules import csv_rules, site_data
from storykit.outputs.listing import story_listing
from storykit.outputs.paths import web_photo_paths

TODAY = dt.date(2026, 11, 20)
RULES = csv_rules("petfinder")


@pytest.mark.parametrize(
    ("species", "written", "breeds", "mix"),
    [
        ("dog", "shepherd mix", ("Shepherd",), True),
        ("cat", "DSH", ("Domestic Short Hair",), False),
        ("cat", "dsh", ("Domestic Short Hair",), False),
        ("cat", "domestic shorthair", ("Domestic Short Hair",), False),
        ("dog", "lab x", ("Labrador Retriever",), True),
        ("dog", "Lab x Boxer", ("Labrador Retriever", "Boxer"), True),
        ("dog", "lab/boxer", ("Labrador Retriever", "Boxer"), True),
        ("dog", "pit bull", ("Pit Bull Terrier",), False),
        ("dog", "pittie", ("Pit Bull Terrier",), False),
        ("dog", "mutt", ("Mixed Breed",), True),
        ("dog", "mixed", ("Mixed Breed",), True),
        ("dog", "German Shepherd mix", ("German Shepherd Dog",), True),
        ("dog", "german shepherd", ("German Shepherd Dog",), False),
        ("dog", "chi mix", ("Chihuahua",), True),
        ("dog", "Beagle", ("Beagle",), False),
        (
            "dog",
            "Australian Cattle Dog/Blue Heeler",
            ("Australian Cattle Dog / Blue Heeler",),
            False,
        ),
        ("dog", "sheltie", ("Shetland Sheepdog / Sheltie",), False),
        ("cat", "tabby", ("Tabby",), False),
        ("cat", "siamese mix", ("Siamese",), True),
        ("rabbit", "mini-lop", ("Mini Lop",), False),
    ],
)
def test_breeds_as_people_write_them(species: str, written: str, breeds: tuple, mix: bool) -> None:
    found = match_breed(species, written)
    assert (found.breeds, found.mix, found.ok) == (breeds, mix, True)


def test_an_unknown_breed_gives_the_closest_names() -> None:
    found = match_breed("dog", "labrador retreiver")
    assert not found.ok and found.unknown == ("labrador retreiver",)
    assert found.closest[0] == "Labrador Retriever"
    assert not match_breed("cat", "mixed").ok  # Petfinder has no 'mixed' cat


@pytest.mark.parametrize(
    ("species", "written", "colors"),
    [
        ("dog", "gray", ("Gray / Blue / Silver",)),
        ("dog", "grey", ("Gray / Blue / Silver",)),
        ("cat", "black and white", ("Black & White / Tuxedo",)),
        ("cat", "Black & White", ("Black & White / Tuxedo",)),
        ("dog", "black and white", ("Black", "White / Cream")),
        ("cat", "brown tabby", ("Tabby (Brown / Chocolate)",)),
        ("cat", "grey tabby", ("Tabby (Gray / Blue / Silver)",)),
        ("cat", "ginger", ("Orange / Red",)),
        ("cat", "orange and white", ("Orange & White",)),
        ("dog", "blue merle", ("Merle (Blue)",)),
        ("dog", "tan", ("Yellow / Tan / Blond / Fawn",)),
        ("rabbit", "grey", ("Blue / Gray",)),
    ],
)
def test_colours_as_people_write_them(species: str, written: str, colors: tuple) -> None:
    found = match_color(species, written)
    assert (found.colors, found.unknown) == (colors, ())


def test_every_alias_names_one_of_petfinders_names() -> None:
    for kind in site_data("petfinder")["types"].values():
        for alias, name in kind["breed_aliases"].items():
            assert name in kind["breeds"], alias
        for alias, name in kind["color_aliases"].items():
            assert name in kind["colors"], alias
        for name in kind["suggest"]:
            assert name in kind["breeds"]


def _record(**animal: object) -> dict:
    data = {
        "name": "Rex",
        "species": "dog",
        "sex": "male",
        "born": "2024-03-01",
        "breed": "shepherd mix",
        "size": "large",
        "colors": ["black and tan"],
        **animal,
    }
    story = Story.model_validate(
        {"title": "Rex", "summary": "Rex.", "status": "available", "animals": [data]}
    )
    (record,) = story_listing("rex", story, TODAY, web_photo_paths(story.photos))
    return record


def test_a_complete_record_is_a_row_petfinder_takes_as_it_is() -> None:
    record = _record(coat="wire", id="R 12/3")
    row = petfinder.row(record, petfinder.photo_names({**record, "photos": ["a", "b"]}, 6))
    assert RULES.check(row, "Dog", petfinder.allowed("dog")) == []
    assert (row["ID"], row["photo1"], row["photo2"], row["photo3"]) == (
        "R-12-3",
        "R-12-3-1.jpg",
        "R-12-3-2.jpg",
        "",
    )
    assert (row["PrimaryBreed"], row["Mix"], row["Size"], row["Age"]) == (
        "Shepherd",
        "1",
        "L",
        "Adult",
    )
    assert (row["primaryColor"], row["secondaryColor"]) == (
        "Black",
        "Yellow / Tan / Blond / Fawn",
    )
    assert row["coat_length"] == "Wire" and petfinder.fit_record(record).complete


def test_a_row_missing_what_petfinder_requires_breaks_its_rules_and_is_left_out() -> None:
    record = _record(sex="unknown", size=None, breed=None)
    row = petfinder.row(record, [])
    assert RULES.check(row, "Dog", petfinder.allowed("dog")) == [
        "PrimaryBreed is required",
        "Sex is required",
        "Size is required",
    ]
    assert petfinder.fit_record(record).missing == ("breed", "sex", "size")
    assert petfinder.listed([record]) == []


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, "JPEG")
    return out.getvalue()


STORY = EXAMPLE_STORY.replace(
    "    born: 2026-01-10\n  - name: Bo",
    "    born: 2026-01-10\n    breed: DSH\n    size: small\n    colors: [grey tabby]\n"
    "    id: SHEL-7\n  - name: Bo",
).replace(
    "    born: 2026-01-10\nfoster:",
    "    born: 2026-01-10\n    breed: tortie\n    size: small\nfoster:",
) + (
    "photos:\n"
    "  - {file: photos/bo.jpg, alt: Bo, animals: [Bo]}\n"
    "  - {file: photos/ada.jpg, alt: Ada, animals: [Ada]}\n"
    "  - {file: photos/both.jpg, alt: Both}\n"
)
PHOTOS = {
    "stories/photos/ada.jpg": _jpeg((200, 60, 60)),
    "stories/photos/bo.jpg": _jpeg((60, 200, 60)),
    "stories/photos/both.jpg": _jpeg((60, 60, 200)),
}


def _build(root: Path) -> str:
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--date", "2026-11-20"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_upload_folder_holds_the_csv_and_its_photos_named_as_it_names_them(
    tmp_path: Path,
) -> None:
    root = write_project(tmp_path / "p", {"ada-and-bo": STORY}, files=PHOTOS)
    _build(root)
    out = root / "output"
    folder = out / "upload" / "petfinder"
    data = (folder / upload.PETFINDER_CSV).read_bytes()
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    assert tuple(reader.fieldnames or ()) == RULES.names
    rows = list(reader)
    for row in rows:
        assert RULES.check(row, row["Type"], petfinder.allowed("cat")) == []
    assert [(r["ID"], r["PrimaryBreed"], r["photo1"], r["photo2"]) for r in rows] == [
        ("SHEL-7", "Domestic Short Hair", "SHEL-7-1.jpg", "SHEL-7-2.jpg"),
        ("ada-and-bo-2", "Tortoiseshell", "ada-and-bo-2-1.jpg", "ada-and-bo-2-2.jpg"),
    ]
    assert rows[0]["primaryColor"] == "Tabby (Gray / Blue / Silver)"
    photos = sorted(p.name for p in (folder / "photos").iterdir())
    assert photos == ["SHEL-7-1.jpg", "SHEL-7-2.jpg", "ada-and-bo-2-1.jpg", "ada-and-bo-2-2.jpg"]
    # the bytes of the web-size photos the build wrote: Ada's own first, then the shared one
    web = out / "ada-and-bo" / "photos"
    assert (folder / "photos" / "SHEL-7-1.jpg").read_bytes() == (web / "ada.jpg").read_bytes()
    # the preview index links the folder, saying how to use it
    index = (out / "index.html").read_text("utf-8")
    assert (
        '<li><a href="upload/petfinder/">Petfinder</a>: upload everything in this folder (the '
        "data file named by your shelter ID, and photos/) into the import folder of your "
        "Petfinder FTP account"
    ) in index
    assert '<a href="upload/adoptapet/">Adopt-a-Pet</a>: upload everything' in index
    assert (folder / "photos" / "SHEL-7-2.jpg").read_bytes() == (web / "both.jpg").read_bytes()
    assert (folder / "photos" / "ada-and-bo-2-1.jpg").read_bytes() == (web / "bo.jpg").read_bytes()


def test_upload_photos_of_an_animal_no_longer_listed_are_removed(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"ada-and-bo": STORY}, files=PHOTOS)
    _build(root)
    photos = root / "output" / "upload" / "petfinder" / "photos"
    assert (photos / "SHEL-7-1.jpg").is_file()
    story = root / "stories" / "ada-and-bo.yaml"
    story.write_text(STORY.replace("status: available", "status: adopted"), "utf-8")
    _build(root)
    assert not photos.exists() or not list(photos.iterdir())
    text = (root / "output" / "upload" / "petfinder" / upload.PETFINDER_CSV).read_text("utf-8")
    assert text.count("\n") == 1  # the header only


def test_check_says_what_an_animal_lacks_at_its_line(tmp_path: Path) -> None:
    story = EXAMPLE_STORY.replace(
        "    born: 2026-01-10\n  - name: Bo",
        "    born: 2026-01-10\n    breed: shepperd\n    colors: [sparkly]\n    size: small\n"
        "    coat: short\n  - name: Bo",
    ).replace("species: cat\n    sex: female\n    born: 2026-01-10\nfoster", "species: dog\nfoster")
    root = write_project(tmp_path / "p", {"ada-and-bo": story})
    result = CliRunner().invoke(main, ["check", "-C", str(root), "--date", "2026-11-20"])
    where = root / "stories" / "ada-and-bo.yaml"
    lines = result.output.splitlines()
    found = [ln for i, ln in enumerate(lines) if "upload" in ln or "upload" in lines[i - 1]]
    cat_colours = ", ".join(site_data("petfinder")["types"]["cat"]["colors"][:-1])
    assert found == [
        f"{where}:10:12: warning: Petfinder has no breed 'shepperd' for cats, so Ada is left "
        "out of the Petfinder and Adopt-a-Pet uploads",
        "    hint: write one of Petfinder's breeds for cats: Domestic Short Hair, Domestic "
        "Medium Hair or Domestic Long Hair (add 'mix' for a mixed breed)",
        f"{where}:11:14: warning: Petfinder has no colour 'sparkly' for a cat: the Petfinder "
        "upload leaves it out",
        f"    hint: write one of Petfinder's colours for a cat: {cat_colours} or White",
        f"{where}:14:5: warning: Bo is left out of the Petfinder and Adopt-a-Pet uploads: both "
        "need their breed, their sex, their expected adult size and their age",
        '    hint: add to Bo: breed: as people say it, e.g. "lab mix" or "domestic shorthair"; '
        "sex: female or male; size: small, medium, large or xlarge; born: YYYY-MM-DD "
        '(born_estimated: true if a guess) or age: "8 weeks"',
    ]
    assert result.exit_code == 0  # warnings only


def test_an_id_used_twice_is_a_warning_and_the_second_is_left_out(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"a": STORY, "b": STORY}, files=PHOTOS)
    output = _build(root)
    assert (
        "warning: the animal ID 'SHEL-7' is already used in another story, so this one is left "
        "out of the upload folders"
    ) in output
    data = (root / "output" / "upload" / "petfinder" / upload.PETFINDER_CSV).read_text("utf-8")
    ids = [r["ID"] for r in csv.DictReader(io.StringIO(data, newline=""))]
    assert ids == ["SHEL-7", "a-2", "b-2"]


def test_the_data_file_is_named_by_the_shelter_id_when_storykit_yaml_gives_it(
    tmp_path: Path,
) -> None:
    config = "organisation: {name: Test Rescue, petfinder_id: WI123}\n"
    root = write_project(tmp_path / "p", {"ada-and-bo": STORY}, config=config, files=PHOTOS)
    output = _build(root)
    folder = root / "output" / "upload" / "petfinder"
    assert (folder / "WI123").is_file() and not (folder / upload.PETFINDER_CSV).exists()
    assert "no organisation.petfinder_id" not in output


def test_without_a_shelter_id_the_build_says_how_to_name_the_data_file(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"ada-and-bo": STORY}, files=PHOTOS)
    output = _build(root)
    assert (
        "storykit.yaml: warning: the Petfinder upload's data file is called petfinder.csv, "
        "because storykit.yaml has no organisation.petfinder_id\n"
        "    hint: add your Petfinder shelter ID: organisation: {petfinder_id: WI123}; "
        "Petfinder's import reads the file named by it"
    ) in output


@pytest.mark.parametrize(
    ("animal", "kind", "breed", "mix"),
    [
        # a small animal whose breed Petfinder does not list is filed as its species
        ({"species": "guinea pig", "breed": "Abyssinian"}, "Small&Furry", "Guinea Pig", ""),
        ({"species": "Guinea Pigs"}, "Small&Furry", "Guinea Pig", ""),
        ({"species": "rat", "breed": "dumbo"}, "Small&Furry", "Rat", ""),
        ({"species": "parrot", "breed": "African Gray"}, "Bird", "African Grey", ""),
        ({"species": "budgie"}, "Bird", "Budgie/Budgerigar", ""),
        ({"species": "chicken", "breed": "bantam"}, "Bird", "Chicken", ""),
        ({"species": "horse", "breed": "quarter horse"}, "Horse", "Quarterhorse", ""),
        ({"species": "horse", "breed": "grade"}, "Horse", "Grade", "1"),
        ({"species": "donkey"}, "Horse", "Donkey/Mule", ""),
        ({"species": "goat", "breed": "Nigerian Dwarf"}, "Barnyard", "Goat", ""),
        ({"species": "pot-bellied pig"}, "Barnyard", "Pot Bellied", ""),
        ({"species": "turtle", "breed": "red-eared slider"}, "Scales, Fins & Other",
         "Red-eared Slider", ""),
        # a species storykit has no words for: Petfinder's catch-all, the breed as written
        ({"species": "axolotl", "breed": "Leucistic axolotl"}, "Scales, Fins & Other",
         "Leucistic axolotl", ""),
    ],
)  # fmt: skip
def test_every_species_is_a_row_of_its_petfinder_type(
    animal: dict, kind: str, breed: str, mix: str
) -> None:
    record = _record(**{"breed": None, "colors": [], "size": "small", **animal})
    row = petfinder.row(record, [])
    assert (row["Type"], row["PrimaryBreed"], row["Mix"]) == (kind, breed, mix)
    assert RULES.check(row, kind, petfinder.allowed(record["species"])) == []
    assert petfinder.fit_record(record).complete


def test_a_bird_has_no_coat_length_to_send_and_no_warning_for_one() -> None:
    record = _record(species="parrot", breed="macaw", colors=["blue and gold"], coat="short")
    fit = petfinder.fit_record(record)
    assert (fit.coat, fit.coat_refused, fit.colors) == ("", False, ())
