"""Listings for adoption sites: records, Petfinder's import CSV and the JSON feed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from storykit.listing import (
    PETFINDER_COLUMNS,
    adoptable_csv,
    adoptable_feed,
    description,
    story_listing,
    web_photo_paths,
)
from storykit.model import Story

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
            {"file": "photos/both.HEIC"},
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
    assert paths == ["photos/ada.jpg", "photos/ada-2.jpg", "photos/both.jpg"]


def test_record_fields() -> None:
    ada, bo = _records()
    assert (
        ada["name"] == "Ada" and ada["species"] == "cat" and ada["breeds"] == ["domestic shorthair"]
    )
    assert ada["age"] == "10 months old" and ada["age_group"] == "young"
    assert bo["age"] == "3 years old" and bo["age_group"] == "adult"
    assert ada["good_with"] == {"kids": True, "dogs": False, "cats": None}
    assert ada["photos"] == ["photos/ada.jpg"]
    assert bo["photos"] == ["photos/ada.jpg", "photos/ada-2.jpg", "photos/both.jpg"]
    assert ada["fee"] == 120 and bo["fee"] == 50
    assert ada["id"] == "A-1" and bo["id"] == "ada-and-bo-2"
    assert "**" not in ada["description"] and "[link]" not in ada["description"]
    assert ada["description"].startswith("Ada and Bo are bonded sisters.")


def test_description_is_plain_text() -> None:
    text = description(_story())
    assert "bonded" in text and "<" not in text and "*" not in text


def test_csv_columns_values_and_one_line() -> None:
    records = [
        *_records("b-story"),
        *_records("a-story", status="hold"),
        *_records("c-story", status="adopted"),
        *_records("d-story", status="pending"),
    ]
    data = adoptable_csv(records)
    assert b"\r\n" in data and data.count(b"\r\n") == 5  # header and four animals
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    assert tuple(next(reader)) == PETFINDER_COLUMNS
    assert [(r["Internal"], r["Status"]) for r in rows] == [
        ("A-1", "H"),
        ("a-story-2", "H"),
        ("A-1", "A"),
        ("b-story-2", "A"),
    ]
    ada = rows[2]
    assert ada["AnimalName"] == "Ada" and ada["Type"] == "Cat" and ada["Sex"] == "F"
    assert (
        ada["Size"] == "S"
        and ada["Age"] == "Young"
        and ada["PrimaryBreed"] == ("domestic shorthair")
    )
    assert (ada["Shots"], ada["Altered"], ada["Housetrained"], ada["Declawed"]) == (
        "1",
        "1",
        "1",
        "",
    )
    assert (ada["NoKids"], ada["NoDogs"], ada["NoCats"]) == ("0", "1", "")
    assert ada["photo1"] == "b-story/photos/ada.jpg" and ada["photo2"] == ""
    assert ada["arrival_date"] == "2026-10-01" and ada["birth_date"] == "2026-01-10"
    assert (ada["primaryColor"], ada["secondaryColor"]) == ("black", "white")
    assert ada["adoption_fee"] == "120.00" and ada["display_adoption_fee"] == "1"
    assert rows[3]["Sex"] == "M" and rows[3]["Type"] == "Dog" and rows[3]["adoption_fee"] == "50.00"
    for row in rows:
        assert "\n" not in row["Desc"] and "\r" not in row["Desc"]
        assert row["Desc"].startswith("Ada and Bo are bonded sisters. They nap together.")


def test_json_feed() -> None:
    records = [*_records("x"), *_records("y", status="adopted")]
    feed = json.loads(adoptable_feed(records, TODAY))
    assert feed["generated"] == "2026-11-20"
    assert [a["name"] for a in feed["animals"]] == ["Ada", "Bo"]
    assert feed["animals"][0]["photos"] == ["x/photos/ada.jpg"]


def test_json_feed_is_indented_sorted_utf8_json_whatever_the_key_order() -> None:
    records = [*_records("x"), *_records("y")]
    records[0]["name"] = "Zoë “Zo” / 🐾"
    data = adoptable_feed(records, TODAY)
    shuffled = [dict(reversed(list(r.items()))) for r in records]
    assert adoptable_feed(shuffled, TODAY) == data
    parsed = json.loads(data)
    expected = json.dumps(parsed, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert data == expected.encode()


def test_case_file_round_trip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The CSV that build_site writes matches the case files of the example project."""
    from conftest import write_project
    from test_site import build_with_site

    root = write_project(tmp_path / "p")
    build_with_site(root)
    text = (root / "output" / "adoptable.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["AnimalName"] for r in rows] == ["Ada", "Bo"]
    assert {r["Status"] for r in rows} == {"A"} and {r["Sex"] for r in rows} == {"F"}
    assert rows[0]["adoption_fee"] == "120.00"
