"""storykit import, end to end: each source format in tests/import_sources/ (written by hand
from the sources' published field names: see the README there) into a fresh project, the
case files' values against the source, notes at their place, photos fetched only when
asked from a server on 127.0.0.1, nothing ever overwritten, dry runs, broken files.

Uses ../shared/photos for the photos the server sends, and skips without it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from import_server import SHARED, PhotoServer, serve

from storykit.cli import main
from storykit.load.document import load_file
from storykit.load.model import Story
from storykit.load.project import read_document

DATE = "2026-11-20"


@pytest.fixture
def server() -> Iterator[PhotoServer]:
    if not SHARED.is_dir():
        pytest.skip("needs the sample photos in ../shared/photos for the photo server")
    yield from serve()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh project as `storykit init` makes it, its organisation named."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "rescue"]).exit_code == 0
    root = tmp_path / "rescue"
    config = root / "storykit.yaml"
    text = config.read_text().replace("<your rescue's name>", "Riverbend Rescue")
    text = text.replace(
        "  # animals_url: https://example.org/adopt ",
        "  animals_url: https://riverbend.example.org/adopt ",
    )
    config.write_text(text)
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--date", DATE])


def imported(server: PhotoServer, folder: Path, name: str, *flags: str) -> tuple[Path, Result]:
    """Import the source *name* (pointed at *server*, copied into *folder*) with *flags*."""
    source = server.source(name, folder)
    return source, run("import", str(source), *flags)


def story(root: Path, slug: str) -> Story:
    """A case file the import wrote, read as `storykit check` reads it (it must be valid)."""
    doc = load_file(root / "stories" / f"{slug}.yaml")
    model, problems = read_document(doc, Story, "storykit import")
    assert model is not None, problems
    assert [p for p in problems if p.is_error] == []
    return model


def test_rescuegroups_values_as_the_source_gives_them(
    project: Path, server: PhotoServer, tmp_path: Path
) -> None:
    _, result = imported(server, tmp_path / "in", "rescuegroups-v5-search.json")
    assert result.exit_code == 0, result.output
    biscuit = story(project, "biscuit")
    (dog,) = biscuit.animals
    assert (dog.species, dog.sex, dog.born, dog.born_estimated) == (
        "dog", "male", dt.date(2023, 4, 2), True,
    )  # fmt: skip
    assert (dog.breed, dog.secondary_breed, dog.mix, dog.size, dog.coat) == (
        "Labrador Retriever", "Boxer", True, "large", "short",
    )  # fmt: skip
    assert (dog.good_with.kids, dog.good_with.dogs, dog.good_with.cats) == ("yes", "no", "unknown")
    assert (dog.health.spayed_neutered, dog.health.vaccinated, dog.health.microchipped) == (
        True, True, True,
    )  # fmt: skip
    assert (dog.housetrained, dog.id, dog.traits) == (True, "RR-2291", ["affectionate", "playful"])
    assert (biscuit.status, biscuit.adoption.fee, biscuit.adoption.url) == (
        "available", 150, "https://riverbend.example.org/adopt/biscuit",
    )  # fmt: skip
    assert biscuit.summary == (
        "Biscuit is a goofy, gentle lab mix who thinks every visitor came to see him."
    )
    assert "Read [his foster diary](https://riverbend.example.org/blog/biscuit)" in biscuit.body
    assert "- Crate trained\n- Loves squeaky toys" in biscuit.body
    for html in ("<", "&nbsp;", "script", "track()"):
        assert html not in biscuit.body + biscuit.summary
    # photos in their order (order 1 first), listed where they are, not downloaded
    assert [(p.file, p.url) for p in biscuit.photos] == [
        ("photos/biscuit-1.jpg", f"{server.base}/rg/biscuit-close.jpg"),
        ("photos/biscuit-2.jpg", f"{server.base}/rg/biscuit-beach.jpg"),
    ]
    assert server.requests == []
    assert not any((project / "stories" / "photos").iterdir())


def test_rescuegroups_unknown_stays_unknown_and_odd_values_are_noted(
    project: Path, server: PhotoServer, tmp_path: Path
) -> None:
    source, result = imported(server, tmp_path / "in", "rescuegroups-v5-search.json")
    pip, kiwi, shadow = (story(project, s) for s in ("pip", "kiwi", "shadow"))
    assert (pip.animals[0].species, pip.animals[0].age, pip.animals[0].breed) == (
        "guinea pig", "2 Years", None,  # "Guinea Pig" as a breed only names the species
    )  # fmt: skip
    assert (pip.adoption.fee_waived, pip.animals[0].good_with.kids) == (True, "no")
    assert pip.animals[0].health.spayed_neutered is None  # isAltered: null is not "no"
    assert pip.photos[0].file == "photos/pip-1.png"
    assert (kiwi.status, kiwi.animals[0].species, kiwi.animals[0].born) == (
        "pending", "bird", dt.date(2001, 5, 1),
    )  # fmt: skip
    assert (kiwi.animals[0].born_estimated, kiwi.adoption.fee) == (False, 300)
    assert kiwi.summary == (
        'Kiwi whistles the evening news theme & says "night night" when the lights go out.'
    )
    assert (shadow.status, shadow.animals[0].age) == ("hold", "senior")
    assert shadow.summary == "Shadow is a female Domestic Short Hair."
    shown = str(source)
    assert (
        f"{shown}:85:30: note: Kiwi: read adoptionFeeString '$300 (includes his cage)' as 300"
        in (result.output)
    )
    assert (
        f"{shown}:123:60: warning: Shadow: the case file says status: hold, as storykit has no "
        "status 'Sanctuary'\n"
        "    hint: write the status that fits: available, pending, adopted, reunited or hold"
    ) in result.output


def test_photos_are_fetched_only_when_asked_checked_and_never_replaced(
    project: Path, server: PhotoServer, tmp_path: Path
) -> None:
    source = server.source("rescuegroups-v5-search.json", tmp_path / "in")
    assert run("import", str(source)).exit_code == 0
    assert server.requests == []
    result = run("import", str(source), "--fetch-photos")
    # the case files were there: kept as they are, and the photos they list fetched
    assert result.exit_code == 1, result.output  # Shadow's "photo" is an error page
    photos = project / "stories" / "photos"
    assert sorted(p.name for p in photos.iterdir()) == [
        "biscuit-1.jpg", "biscuit-2.jpg", "pip-1.png",
    ]  # fmt: skip
    assert "fetched stories/photos/biscuit-1.jpg" in result.output
    assert (
        f"error: Shadow's photo {server.base}/rg/shadow-error-page.jpg is not a photo storykit "
        "can use: this is not a photo: it is an HTML/XML text file"
    ) in result.stderr
    before = {p.name: p.stat().st_mtime_ns for p in photos.iterdir()}
    assert run("import", str(source), "--fetch-photos").exit_code == 1  # the page, again
    assert {p.name: p.stat().st_mtime_ns for p in photos.iterdir()} == before
    checked = run("check")
    assert checked.exit_code == 0, checked.output
    assert "biscuit-1.jpg' is not downloaded" not in checked.output
    assert "shadow-1.jpg' is not downloaded yet" in checked.output


def test_a_second_import_changes_nothing_and_says_why(
    project: Path, server: PhotoServer, tmp_path: Path
) -> None:
    source = server.source("asm3-json-adoptable-animals.json", tmp_path / "in")
    assert run("import", str(source), "--fetch-photos").exit_code == 0
    files = sorted((project / "stories").rglob("*"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files if p.is_file()}
    requests = len(server.requests)
    result = run("import", str(source), "--fetch-photos")
    assert result.exit_code == 0, result.output
    assert (
        "skipped stories/sarah.yaml: it is there already: storykit never changes a case file"
    ) in result.output
    assert "0 case files written, 2 skipped, 0 photos copied or downloaded" in result.output
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files if p.is_file()}
    assert after == before and sorted((project / "stories").rglob("*")) == files
    assert len(server.requests) == requests  # every photo was there


def test_a_dry_run_writes_nothing_and_says_what_it_would(
    project: Path, server: PhotoServer, tmp_path: Path
) -> None:
    source = server.source("volunteers-spreadsheet.csv", tmp_path / "in")
    (tmp_path / "in" / "photos").mkdir()
    (tmp_path / "in" / "photos" / "IMG 1234.JPG").write_bytes(
        (SHARED / "ibm-max_cat_tabby.jpg").read_bytes()
    )
    result = run("import", str(source), "--dry-run", "--fetch-photos")
    assert result.exit_code == 0, result.output
    for line in (
        "would copy stories/photos/daisy-1.jpg",
        "would write stories/daisy.yaml",
        "would fetch stories/photos/mochi-and-bun-bun-1.jpg",
        "would write stories/mochi-and-bun-bun.yaml",
        "storykit: dry run, nothing written: 4 case files to write, 0 skipped, 2 photos to copy "
        "or download",
    ):
        assert line in result.output
    assert sorted(p.name for p in (project / "stories").rglob("*")) == ["photos"]
    assert server.requests == []


def test_asm3_json_codes_cents_and_bonded_animals(
    project: Path, server: PhotoServer, tmp_path: Path
) -> None:
    source, result = imported(server, tmp_path / "in", "asm3-json-adoptable-animals.json")
    assert result.exit_code == 0, result.output
    sarah = story(project, "sarah")
    (cat,) = sarah.animals
    assert (cat.species, cat.sex, cat.born, cat.born_estimated) == (
        "cat", "female", dt.date(2018, 1, 18), True,
    )  # fmt: skip
    assert (cat.breed, cat.mix, cat.size, cat.colors, cat.coat) == (
        "Domestic Short Hair", False, "medium", ["Black"], "short",
    )  # fmt: skip
    # ISGOODWITH*: 0 yes, 1 no, 2 unknown
    assert (cat.good_with.cats, cat.good_with.dogs, cat.good_with.kids) == ("yes", "no", "unknown")
    assert (cat.housetrained, cat.health.spayed_neutered, cat.health.microchipped) == (
        True, True, True,
    )  # fmt: skip
    assert cat.health.special_needs == "Hyperthyroid: a tablet twice a day, hidden in a treat"
    assert (cat.arrived, cat.id, sarah.adoption.fee) == (dt.date(2025, 9, 3), "C2025017", 75)
    assert sarah.adoption.url == (
        f"{server.base}/asmservice?account=rr1234&method=animal_view&animalid=174"
    )
    assert sarah.summary.startswith("Sarah is a calm older lady who likes a sunny windowsill")
    text = (project / "stories" / "sarah.yaml").read_text()
    assert "# from the source, with no place here: video: https://www.youtube.com/" in text
    pair = story(project, "salt-and-pepper")
    assert [a.name for a in pair.animals] == ["Salt", "Pepper"]
    assert (pair.status, pair.adoption.together) == ("pending", True)
    salt, pepper = pair.animals
    assert (salt.secondary_breed, salt.mix, salt.good_with.dogs, salt.coat) == (
        "Lionhead", True, "unknown", None,  # 3, "Selective", is unknown; "Corded" has no place
    )  # fmt: skip
    assert (pepper.born, pepper.secondary_breed) == (None, None)
    assert pair.body == "They share everything, even the **last** bit of kale."
    assert (
        f"{source}:85:25: note: Salt: COATTYPENAME 'Corded' is not a coat length storykit has"
        in (result.output)
    )
    assert (
        f"{source}:88:27: note: Salt: ISGOODWITHDOGS is 'Selective': the case file says unknown"
        in (result.output)
    )


def test_asm3_csv_service_output_and_export(
    project: Path, server: PhotoServer, tmp_path: Path
) -> None:
    service = server.source("asm3-csv-adoptable-animals.csv", tmp_path / "in")
    export = server.source("asm3-animal-export.csv", tmp_path / "in")
    assert run("import", str(service)).exit_code == 0
    result = run("import", str(export), "--fetch-photos")
    assert result.exit_code == 0, result.output
    rex, hazel = story(project, "rex"), story(project, "hazel")
    assert (rex.animals[0].coat, rex.animals[0].good_with.cats, rex.adoption.fee) == (
        "wire",
        "no",
        125,
    )
    assert "He is not safe with cats, but adores children." in rex.body
    assert (hazel.status, hazel.animals[0].species, hazel.animals[0].born_estimated) == (
        "hold", "goat", True,
    )  # fmt: skip
    juniper, hen = story(project, "juniper"), story(project, "clementine")
    pup = juniper.animals[0]
    # dates as ASM3's US locale writes them: month first
    assert (pup.born, pup.arrived, pup.health.spayed_neutered, pup.health.microchipped) == (
        dt.date(2025, 9, 14), dt.date(2025, 11, 2), False, True,
    )  # fmt: skip
    assert (pup.good_with.kids, pup.housetrained, pup.colors) == ("yes", False, ["Tricolour"])
    # the row after Juniper's holds one more of her photos
    assert [p.file for p in juniper.photos] == ["photos/juniper-1.jpg", "photos/juniper-2.jpg"]
    assert all((project / "stories" / p.file).is_file() for p in juniper.photos)
    assert (hen.animals[0].species, hen.animals[0].good_with.cats) == ("chicken", "unknown")
    assert f"{export}:5: note: Clementine: ANIMALGOODWITHCATS is 'Selective'" in result.output


def test_a_spreadsheet_as_volunteers_keep_one(
    project: Path, server: PhotoServer, tmp_path: Path
) -> None:
    source = server.source("volunteers-spreadsheet.csv", tmp_path / "in")
    (tmp_path / "in" / "photos").mkdir()
    (tmp_path / "in" / "photos" / "IMG 1234.JPG").write_bytes(
        (SHARED / "ibm-max_cat_tabby.jpg").read_bytes()
    )
    result = run("import", str(source), "--fetch-photos")
    assert result.exit_code == 0, result.output
    daisy = story(project, "daisy")
    dog = daisy.animals[0]
    # 03/04/2024 is 3 April: another date in the file (25/12/2023) is day first
    assert (dog.born, dog.sex, dog.health.spayed_neutered, dog.health.vaccinated) == (
        dt.date(2024, 4, 3), "female", True, True,
    )  # fmt: skip
    assert (dog.good_with.kids, dog.good_with.dogs, dog.good_with.cats) == ("yes", "yes", "unknown")
    assert (daisy.status, daisy.adoption.fee, daisy.foster and daisy.foster.name) == (
        "available", 1250, "Jo Park",
    )  # fmt: skip
    assert daisy.summary == "Daisy is a gentle collie girl, shy at first."
    assert daisy.body == "- loves her squeaky duck\n- sleeps on your feet"
    assert (project / "stories" / "photos" / "daisy-1.jpg").is_file()
    assert (
        "# from the source, with no place here: Weight: 22 lbs"
        in (project / "stories" / "daisy.yaml").read_text()
    )
    pair = story(project, "mochi-and-bun-bun")
    assert [(a.name, a.sex, a.health.spayed_neutered) for a in pair.animals] == [
        ("Mochi", "male", True), ("Bun Bun", "female", True),
    ]  # fmt: skip
    assert (pair.status, pair.adoption.together, pair.animals[0].good_with.kids) == (
        "adopted", True, "unknown",
    )  # fmt: skip
    assert (project / "stories" / "photos" / "mochi-and-bun-bun-1.jpg").is_file()  # a PNG, as JPEG
    sunny, ghost = story(project, "sunny"), story(project, "ghost")
    assert (sunny.animals[0].species, sunny.adoption.fee_waived, sunny.photos) == (
        "budgie",
        True,
        [],
    )
    assert (ghost.animals[0].species, ghost.status) == ("other", "hold")
    for line in (
        f"{source}:1: note: the column 'Weight' has no place in a case file",
        f"{source}:3: note: Daisy: took the photo photos/IMG 1234.JPG for photos/img 1234.jpg",
        f"{source}:6: note: Mochi: good with kids 'sometimes' is not yes, no or unknown: left "
        "unknown",
        f"{source}:9: warning: Sunny's photo photos/sunny.jpg is not beside the file, so it is "
        "left out",
        f"{source}:10: warning: Ghost: no species is given: the case file says 'other'",
    ):
        assert line in result.output, line


def test_every_source_imported_checks_and_builds(
    project: Path, server: PhotoServer, tmp_path: Path
) -> None:
    for name in (
        "rescuegroups-v5-search.json",
        "asm3-json-adoptable-animals.json",
        "asm3-csv-adoptable-animals.csv",
        "asm3-animal-export.csv",
        "volunteers-spreadsheet.csv",
    ):
        source = server.source(name, tmp_path / "in")
        assert run("import", str(source), "--fetch-photos").exit_code in (0, 1)
    checked = run("check")
    assert checked.exit_code == 0, checked.output
    built = run("build", "--jobs", "1")
    assert built.exit_code == 0, built.output
    assert "0 errors" in built.output
    cards = sorted(p.name for p in (project / "output" / "biscuit" / "cards").glob("*-square.jpg"))
    assert cards == ["biscuit-1-square.jpg", "biscuit-2-square.jpg", "closing-square.jpg"]


def test_a_case_file_of_another_animal_is_never_touched(
    project: Path, server: PhotoServer, tmp_path: Path
) -> None:
    mine = (
        "title: Biscuit\nsummary: Our own Biscuit, a cat.\nstatus: adopted\n"
        "animals:\n  - {name: Biscuit, species: cat, id: OWN-1}\n"
    )
    (project / "stories" / "biscuit.yaml").write_text(mine)
    source = server.source("rescuegroups-v5-search.json", tmp_path / "in")
    result = run("import", str(source))
    assert result.exit_code == 0, result.output
    assert (project / "stories" / "biscuit.yaml").read_text() == mine
    assert story(project, "biscuit-rr-2291").animals[0].species == "dog"
    assert "wrote stories/biscuit-rr-2291.yaml" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"data": [{"type": "animals", "id": "1", "attributes": {"name": "Rex"}\n', "2:1: error: "
         "the JSON is broken here: the file ends before the data does"),
        ('{"data": [{"type": "animals" "id": "1"}]}', "1:30: error: the JSON is broken here: a "
         "',' or a '}' should come after this value"),
        ("<!doctype html><html><body>Sign in</body></html>", "1:1: error: this is not JSON: it is "
         "an HTML page (perhaps an error page saved instead of the data)"),
        ('{"animals": []}', "1:1: error: this JSON is not an export storykit reads"),
        ("PK\x03\x04 a zip", "error: this is a spreadsheet file (.xlsx or .ods), not CSV"),
        ("Colour,Weight\nblack,12\n", "1: error: no column holds the animals' names, so no "
         "animal can be read"),
    ],
)  # fmt: skip
def test_a_broken_file_is_a_plain_message(
    project: Path, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / ("in.json" if content[:1] in "{<" else "in.csv")
    path.write_text(content)
    result = run("import", str(path))
    assert result.exit_code == 1
    assert f"{path}:{message}" in result.stderr or f"{path}: {message}" in result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert sorted(p.name for p in (project / "stories").rglob("*")) == ["photos"]


def test_command_line_mistakes_are_usage_errors(project: Path, tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nowhere.json"))
    assert result.exit_code == 2 and "does not exist" in result.output
    (tmp_path / "a.csv").write_text("Name\nRex\n")
    result = run("import", str(tmp_path / "a.csv"), "--format", "petfinder")
    assert result.exit_code == 2 and "'petfinder' is not one of" in result.output
