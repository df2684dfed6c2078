"""Listings for adoption sites: per-animal records, adoptable.csv and the JSON feed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from conftest import write_project
from test_site import build_with_site

from storykit.load.model import Config, Story
from storykit.outputs.adoptsites import petfinder
from storykit.outputs.listing import (
    adoptable_feed,
    animal_intro,
    description,
    story_listing,
)
from storykit.outputs.paths import web_photo_paths
from storykit.outputs.site import adoptable_csv

TODAY = dt.date(2026, 11, 20)


def _story(status: str = "available", **extra: object) -> Story:
    data: dict[str, object] = {
        "title": "Ada & Bo",
        "headline": "Two peas",
        "summary": "Ada and Bo are **bonded** sisters.\nThey nap together.",
        "status": status,
        "body": "First paragraph with a [link](https://example.org).\n\n- one\n- two\n",
        "animals": [
            {
                "name": "Ada",
                "species": "cat",
                "sex": "female",
                "born": "2026-01-10",
                "breed": "domestic shorthair",
                "size": "small",
                "colors": ["black", "white"],
                "coat": "short",
                "good_with": {"kids": "yes", "dogs": "no"},
                "health": {"spayed_neutered": True, "vaccinated": True},
                "housetrained": True,
                "arrived": "2026-10-01",
                "id": "A-1",
            },
            {"name": "Bo", "species": "dog", "sex": "male", "age": "3 years", "fee": 50},
        ],
        "photos": [
            {"file": "photos/ada.jpg", "animals": ["Ada"]},
            {"file": "other/ada.jpg"},
            {"file": "photos/both.HEIC", "animals": ["Bo", "Ada"]},
            {"file": "photos/bo.jpg", "animals": ["bo"]},
        ],
        "adoption": {"url": "https://example.org/a", "fee": 120},
    }
    data.update(extra)
    return Story.model_validate(data)


def _records(slug: str = "ada-and-bo", **kw: object) -> list[dict]:
    story = _story(**kw)  # type: ignore[arg-type]
    return story_listing(slug, story, TODAY, web_photo_paths(story.photos))


def test_web_photo_names_are_unique_jpgs() -> None:
    paths = [w.path for w in web_photo_paths(_story().photos)]
    assert paths == ["photos/ada.jpg", "photos/ada-2.jpg", "photos/both.jpg", "photos/bo.jpg"]


def test_record_fields() -> None:
    ada, bo = _records()
    assert ada["name"] == "Ada" and ada["species"] == "cat"
    assert ada["breeds"] == ["domestic shorthair"]
    assert ada["age"] == "10 months old" and ada["age_group"] == "young"
    assert bo["age"] == "3 years old" and bo["age_group"] == "adult"
    assert ada["good_with"] == {"kids": True, "dogs": False, "cats": None}
    assert ada["fee"] == 120 and bo["fee"] == 50
    assert ada["id"] == "A-1" and bo["id"] == "ada-and-bo-2"
    assert ada["together"] is True and ada["photo_urls"] == []


def test_an_animals_photos_are_its_own_then_shared_then_untagged_never_anothers() -> None:
    ada, bo = _records()
    # tagged to Ada alone first (the best for her listing), then the one she shares with
    # Bo, then the untagged one; never Bo's own photo (tags match whatever their case)
    assert ada["photos"] == ["photos/ada.jpg", "photos/both.jpg", "photos/ada-2.jpg"]
    assert bo["photos"] == ["photos/bo.jpg", "photos/both.jpg", "photos/ada-2.jpg"]


def test_each_animal_of_a_pair_or_litter_has_a_description_naming_it() -> None:
    ada, bo = _records()
    assert ada["description"].startswith(
        "Ada is a female domestic shorthair, 10 months old. "
        "Ada is adopted together with Bo.\n\nAda and Bo are bonded sisters."
    )
    assert bo["description"].startswith("Bo is a male dog, 3 years old. Bo is adopted together")
    litter = _story(adoption={"together": False})
    assert animal_intro(litter, 1, TODAY) == (
        "Bo is a male dog, 3 years old. Bo can be adopted on his own."
    )
    assert "**" not in ada["description"] and "[link]" not in ada["description"]


def test_description_is_plain_text() -> None:
    text = description(_story())
    assert "bonded" in text and "<" not in text and "*" not in text


def test_a_published_site_gives_absolute_photo_urls() -> None:
    story = _story()
    config = Config.model_validate({"site": {"url": "https://rescue.example/stories/"}})
    from storykit.outputs.site import published_url

    records = story_listing(
        "ada-and-bo",
        story,
        TODAY,
        web_photo_paths(story.photos),
        lambda path: published_url(config, path),
    )
    assert records[0]["photo_urls"][0] == (
        "https://rescue.example/stories/ada-and-bo/photos/ada.jpg"
    )
    feed = json.loads(adoptable_feed(records, TODAY))
    assert feed["animals"][0]["photo_urls"] == records[0]["photo_urls"]
    assert feed["animals"][0]["photos"][0] == "ada-and-bo/photos/ada.jpg"


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_adoptable_csv_columns_values_and_one_line() -> None:
    records = [
        *_records("b-story"),
        *_records("a-story", status="hold"),
        *_records("c-story", status="adopted"),
        *_records("d-story", status="pending"),
    ]
    data = adoptable_csv(records, Config())
    assert b"\r\n" in data and data.count(b"\r\n") == 5  # header and four animals
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    assert tuple(next(reader)) == petfinder.csv_rules("petfinder").names
    rows = _rows(data)
    assert [(r["Internal"], r["Status"]) for r in rows] == [
        ("A-1", "H"),
        ("a-story-2", "H"),
        ("A-1", "A"),
        ("b-story-2", "A"),
    ]
    ada, bo = rows[2], rows[3]
    assert (ada["AnimalName"], ada["Type"], ada["Sex"], ada["Size"], ada["Age"]) == (
        "Ada",
        "Cat",
        "F",
        "S",
        "Young",
    )
    assert ada["PrimaryBreed"] == "Domestic Short Hair" and ada["Mix"] == ""
    assert (ada["Shots"], ada["Altered"], ada["Housetrained"], ada["Declawed"]) == (
        "1",
        "1",
        "1",
        "",
    )
    assert (ada["NoKids"], ada["NoDogs"], ada["NoCats"]) == ("0", "1", "")
    assert ada["photo1"] == "b-story/photos/ada.jpg" and ada["photo4"] == ""
    assert ada["arrival_date"] == "2026-10-01" and ada["birth_date"] == "2026-01-10"
    assert (ada["primaryColor"], ada["secondaryColor"]) == ("Black", "White")
    assert ada["coat_length"] == "Short"
    assert ada["adoption_fee"] == "120.00" and ada["display_adoption_fee"] == "1"
    # Bo has no breed or size: adoptable.csv shows him with those blank (the upload
    # folder leaves him out, see test_petfinder.py)
    assert (bo["Sex"], bo["Type"], bo["adoption_fee"]) == ("M", "Dog", "50.00")
    assert (bo["PrimaryBreed"], bo["Size"]) == ("", "")
    for row in rows:
        assert "\n" not in row["Desc"] and "\r" not in row["Desc"]


def test_adoptable_csv_names_photos_on_the_web_when_published() -> None:
    config = Config.model_validate({"site": {"url": "https://rescue.example/s"}})
    rows = _rows(adoptable_csv(_records("x"), config))
    assert rows[0]["photo1"] == "https://rescue.example/s/x/photos/ada.jpg"


def test_json_feed() -> None:
    records = [*_records("x"), *_records("y", status="adopted")]
    feed = json.loads(adoptable_feed(records, TODAY))
    assert feed["generated"] == "2026-11-20"
    assert [a["name"] for a in feed["animals"]] == ["Ada", "Bo"]
    assert feed["animals"][0]["photos"][0] == "x/photos/ada.jpg"


def test_json_feed_is_indented_sorted_utf8_json_whatever_the_key_order() -> None:
    records = [*_records("x"), *_records("y")]
    records[0]["name"] = "Zoë “Zo” / 🐾"
    data = adoptable_feed(records, TODAY)
    shuffled = [dict(reversed(list(r.items()))) for r in records]
    assert adoptable_feed(shuffled, TODAY) == data
    parsed = json.loads(data)
    expected = json.dumps(parsed, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert data == expected.encode()


def test_case_file_round_trip(tmp_path: Path) -> None:
    """The CSV that the build writes matches the case files of the example project."""
    root = write_project(tmp_path / "p")
    build_with_site(root)
    rows = _rows((root / "output" / "adoptable.csv").read_bytes())
    assert [r["AnimalName"] for r in rows] == ["Ada", "Bo"]
    assert {r["Status"] for r in rows} == {"A"} and {r["Sex"] for r in rows} == {"F"}
    assert rows[0]["adoption_fee"] == "120.00"
