"""Hashtags: twitter-text's extraction and validity data, and tidying and checking user tags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import twitter_cases

from storykit.text.hashtags import (
    HashtagProblem,
    dedupe_and_cap,
    extract,
    is_valid,
    normalise_tag,
    validate,
)
from storykit.text.platforms import PLATFORMS, platform_with_overrides

# Same place as conftest's `shared` fixture; read here only to list the cases at collection.
# Each test below also takes the fixture, which skips it when ../shared is absent.


@pytest.mark.parametrize(
    ("section", "case"), twitter_cases("extract.yml", ["hashtags", "hashtags_from_astral"])
)
def test_extract_matches_twitter_text(shared: Path, section: str, case: dict[str, Any]) -> None:
    """twitter-text's extract.yml hashtag sections (uses ../shared)."""
    assert [tag for tag, _, _ in extract(case["text"])] == case["expected"]


@pytest.mark.parametrize(
    ("section", "case"), twitter_cases("extract.yml", ["hashtags_with_indices"])
)
def test_extract_indices_match_twitter_text(
    shared: Path, section: str, case: dict[str, Any]
) -> None:
    """twitter-text's extract.yml hashtags_with_indices (uses ../shared): code point indices."""
    found = [{"hashtag": tag, "indices": [start, end]} for tag, start, end in extract(case["text"])]
    assert found == case["expected"]


@pytest.mark.parametrize(("section", "case"), twitter_cases("validate.yml", ["hashtags"]))
def test_is_valid_matches_twitter_text(shared: Path, section: str, case: dict[str, Any]) -> None:
    """twitter-text's validate.yml hashtags section (uses ../shared); its texts start with #."""
    assert case["text"].startswith("#")
    assert is_valid(case["text"][1:]) == case["expected"]


def test_extract_skips_hashtags_inside_urls_and_reports_code_points() -> None:
    assert extract("see https://shelter.org/#cats and #dogs") == [("dogs", 34, 39)]
    assert extract("🐈\u200d⬛ #BlackCat") == [("BlackCat", 4, 13)]
    assert extract("#one#two") == []


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("foster kittens", "FosterKittens"),
        ("#fyp", "fyp"),
        ("＃fyp", "fyp"),
        ("adopt-don't shop", "AdoptDontShop"),
        ("Adopt don’t shop", "AdoptDontShop"),
        ("FosterKittens", "FosterKittens"),
        ("iPhone", "iPhone"),
        ("  senior   dogs  ", "SeniorDogs"),
        ("2nd chance", "2ndChance"),
        ("foster_fails", "foster_fails"),
        ("#Ateş", "Ateş"),
        ("e\u0301te\u0301", "été"),  # NFC
    ],
)
def test_normalise(tag: str, expected: str) -> None:
    assert normalise_tag(tag) == expected


@pytest.mark.parametrize(
    ("tag", "reason"),
    [
        ("#123", "'#123' has only digits, which no platform treats as a hashtag"),
        ("", "is empty"),
        ("#", "is empty"),
        ("!!!", "has only punctuation"),
        ("😺😺", "has no letters"),
        ("cats😺", "contains '😺'"),
        ("cats+dogs", "contains '\\+'"),
        ("$5 adoptions", "contains '\\$'"),
    ],
)
def test_validate_gives_a_reason(tag: str, reason: str) -> None:
    with pytest.raises(HashtagProblem, match=reason.replace("(", r"\(")) as problem:
        validate(tag)
    assert problem.value.tag == tag
    assert isinstance(problem.value, ValueError)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("foster kittens", "FosterKittens"), ("#AdoptDontShop", "AdoptDontShop"), ("ашок", "ашок")],
)
def test_validate_returns_the_normalised_tag(tag: str, expected: str) -> None:
    assert validate(tag) == expected
    assert is_valid(expected)


def test_dedupe_and_cap() -> None:
    tags = ["FosterKittens", "fosterkittens", "#AdoptDontShop", "adoptdontshop", "Cats", "Dogs"]
    assert dedupe_and_cap(tags, None) == ["FosterKittens", "#AdoptDontShop", "Cats", "Dogs"]
    assert dedupe_and_cap(tags, 2) == ["FosterKittens", "#AdoptDontShop"]
    assert dedupe_and_cap(tags, 0) == []
    assert dedupe_and_cap(iter(["a", "A"]), 5) == ["a"]
    with pytest.raises(ValueError, match="cap"):
        dedupe_and_cap(tags, -1)


def test_every_platform_has_a_hashtag_cap_by_its_norms() -> None:
    caps = {name: platform.hashtag_cap for name, platform in PLATFORMS.items()}
    assert caps == {
        "instagram": 5,
        "tiktok": 5,
        "facebook": 3,
        "x": 2,
        "threads": 1,
        "bluesky": 3,
        "mastodon": 5,
    }
    assert platform_with_overrides("x", {"hashtag_cap": 4}).hashtag_cap == 4
