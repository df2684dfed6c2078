"""The platform table: its numbers, and overriding them with validation."""

from __future__ import annotations

import dataclasses

import pytest

from storykit.text.counting import count
from storykit.text.platforms import COUNTING_RULES, PLATFORMS, Platform, platform_with_overrides


def test_table_holds_the_seven_platforms() -> None:
    assert set(PLATFORMS) == {
        "instagram",
        "tiktok",
        "facebook",
        "x",
        "threads",
        "bluesky",
        "mastodon",
    }
    for key, platform in PLATFORMS.items():
        assert platform.name == key
        assert platform.counting in COUNTING_RULES
        assert platform.handle_key == key


@pytest.mark.parametrize(
    ("name", "limit", "counting", "alt_limit"),
    [
        ("x", 280, "twitter", 1000),
        ("bluesky", 300, "graphemes", 2000),
        ("threads", 500, "threads", 1000),
        ("mastodon", 500, "mastodon", 1500),
        ("instagram", 2200, "utf16", 1000),
        ("tiktok", 2200, "utf16", 1000),
        ("facebook", 63206, "utf16", 1000),
    ],
)
def test_published_numbers(name: str, limit: int, counting: str, alt_limit: int) -> None:
    platform = PLATFORMS[name]
    assert (platform.limit, platform.counting, platform.alt_limit) == (limit, counting, alt_limit)


def test_platform_specifics() -> None:
    assert PLATFORMS["bluesky"].max_bytes == 3000
    assert PLATFORMS["x"].url_length == PLATFORMS["mastodon"].url_length == 23
    assert PLATFORMS["instagram"].hashtag_cap == 5
    assert PLATFORMS["threads"].hashtag_cap == 1
    assert not PLATFORMS["instagram"].links_clickable
    assert not PLATFORMS["tiktok"].links_clickable
    assert PLATFORMS["x"].links_clickable


def test_platforms_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        PLATFORMS["x"].limit = 1000  # type: ignore[misc]


def test_overrides_replace_fields_without_touching_the_table() -> None:
    server = platform_with_overrides("mastodon", {"limit": 1000, "url_length": 20})
    assert (server.limit, server.url_length, server.name) == (1000, 20, "mastodon")
    assert PLATFORMS["mastodon"].limit == 500
    assert count("https://example.org/a-long-path", server) == 20
    assert platform_with_overrides("instagram", {"hashtag_cap": 30}).hashtag_cap == 30
    assert platform_with_overrides("instagram", {"hashtag_cap": None}).hashtag_cap is None
    assert platform_with_overrides("x", {}) == PLATFORMS["x"]


@pytest.mark.parametrize(
    ("name", "overrides", "message"),
    [
        ("mastodon", {"limt": 1000}, "unknown setting 'limt'"),
        ("mastodon", {"limit": "1000"}, "limit must be int, not str"),
        ("mastodon", {"limit": True}, "limit must be int, not bool"),
        ("mastodon", {"limit": None}, "limit must be int, not NoneType"),
        ("mastodon", {"limit": 0}, "limit must be at least 1"),
        ("instagram", {"hashtag_cap": -1}, "hashtag_cap must be 0 or more"),
        ("instagram", {"links_clickable": "yes"}, "links_clickable must be bool"),
        ("x", {"counting": "words"}, "unknown counting rule 'words'"),
        ("myspace", {}, "unknown platform 'myspace'"),
    ],
)
def test_overrides_are_validated(name: str, overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        platform_with_overrides(name, overrides)


def test_constructing_a_platform_checks_its_counting_rule() -> None:
    with pytest.raises(ValueError, match="unknown counting rule"):
        Platform(name="p", label="P", limit=10, counting="bytes")
