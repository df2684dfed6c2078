"""The feeds described: listing.json and adoptable.json against their shipped JSON Schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import write_project
from test_petfinder import PHOTOS, STORY

from storykit.cli import main
from storykit.outputs.adoptsites import adoptapet, petfinder, upload
from storykit.outputs.adoptsites.rules import csv_rules
from storykit.outputs.listing import listing_schema

SITE = "site: {url: 'https://rescue.example/stories/'}\n"


def _validator() -> jsonschema.Draft202012Validator:
    schema = listing_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with photos, published at site.url, built."""
    root = write_project(
        tmp_path_factory.mktemp("feeds") / "p",
        {"ada-and-bo": STORY.replace("    size: small\n", "    size: small\n    coat: short\n")},
        config="organisation: {name: Test Rescue}\n" + SITE,
        files=PHOTOS,
    )
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--date", "2026-11-20"])
    assert result.exit_code == 0, result.output
    return root / "output"


def test_schema_listing_prints_the_shipped_schema() -> None:
    result = CliRunner().invoke(main, ["schema", "--listing"])
    assert result.exit_code == 0
    assert json.loads(result.output) == listing_schema()
    assert listing_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_listing_and_feed_validate_and_carry_absolute_photo_urls(built: Path) -> None:
    validator = _validator()
    listing = json.loads((built / "ada-and-bo" / "listing.json").read_text("utf-8"))
    feed = json.loads((built / "adoptable.json").read_text("utf-8"))
    assert list(validator.iter_errors(listing)) == []
    assert list(validator.iter_errors(feed)) == []
    ada = feed["animals"][0]
    assert ada["photos"] == ["ada-and-bo/photos/ada.jpg", "ada-and-bo/photos/both.jpg"]
    assert ada["photo_urls"] == [
        "https://rescue.example/stories/ada-and-bo/photos/ada.jpg",
        "https://rescue.example/stories/ada-and-bo/photos/both.jpg",
    ]
    assert listing[0]["photo_urls"] == ada["photo_urls"]


def test_the_schema_refuses_what_is_not_a_record(built: Path) -> None:
    validator = _validator()
    feed = json.loads((built / "adoptable.json").read_text("utf-8"))
    broken = json.loads(json.dumps(feed))
    broken["animals"][0]["sex"] = "girl"
    del broken["animals"][0]["photos"]
    messages = sorted(e.message for e in validator.iter_errors(broken["animals"][0]))
    assert messages  # a record alone is neither a listing nor a feed
    feed_errors = list(
        _validator().evolve(schema={**listing_schema(), "$ref": "#/$defs/feed"}).iter_errors(broken)
    )
    assert feed_errors
    adopted = json.loads(json.dumps(feed))
    adopted["animals"][0]["status"] = "adopted"  # the feed holds only animals waiting
    assert list(validator.iter_errors(adopted))


@pytest.mark.parametrize("site", ["petfinder", "adoptapet"])
def test_the_upload_csvs_follow_each_sites_column_rules(built: Path, site: str) -> None:
    rules = csv_rules(site)
    module = {"petfinder": petfinder, "adoptapet": adoptapet}[site]
    folder = built / "upload" / site
    name = upload.PETFINDER_CSV if site == "petfinder" else adoptapet.CSV_NAME
    rows = list(csv.reader(io.StringIO((folder / name).read_text("utf-8"), newline="")))
    if rules.header:
        assert tuple(rows.pop(0)) == rules.names
    assert rows, "the story's cats are complete: each site lists them"
    for cells in rows:
        row = dict(zip(rules.names, cells, strict=True))
        kind = row.get("Type") or row.get("Animal") or ""
        assert rules.check(row, kind, module.allowed("cat")) == []
        photos = [v for k, v in row.items() if k.startswith("photo") and v]
        for photo in photos:  # every photo the CSV names is in the folder
            assert (folder / "photos" / photo).is_file()


def test_a_rule_breaks_where_a_value_is_not_the_sites() -> None:
    rules = csv_rules("petfinder")
    row = {name: "" for name in rules.names}
    row.update(ID="a b", Internal="x", AnimalName="Rex", PrimaryBreed="Lab", Sex="male")
    row.update(Size="M", Age="Adult", Type="Dog", Status="A", Mix="yes")
    assert rules.check(row, "Dog", petfinder.allowed("dog")) == [
        "ID 'a b' does not match ^[A-Za-z0-9._-]+$",
        "PrimaryBreed 'Lab' is not one of the site's breeds",
        "Sex 'male' is not one of ['M', 'F']",
        "Mix 'yes' is not one of ['1', '']",
    ]
