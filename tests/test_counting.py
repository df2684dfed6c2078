"""Caption counting: the platforms' conformance data, and limits, accents, RTL, URLs, emoji."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import twitter_cases

from storykit.text.counting import (
    count,
    find_urls,
    graphemes,
    measure,
    twitter_weighted_length,
)
from storykit.text.platforms import PLATFORMS, platform_with_overrides

# Same place as conftest's `shared` fixture; read here only to list the cases at collection.
# Each test below also takes the fixture, which skips it when ../shared is absent.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GRAPHEME_TEST = SHARED / "conformance" / "unicode" / "GraphemeBreakTest-17.0.0.txt"

X, BLUESKY, THREADS = PLATFORMS["x"], PLATFORMS["bluesky"], PLATFORMS["threads"]
MASTODON, INSTAGRAM = PLATFORMS["mastodon"], PLATFORMS["instagram"]

BLACK_CAT = "🐈\u200d⬛"  # 10 UTF-8 bytes
SERVICE_DOG = "🐕\u200d🦺"
FAMILY = "👨\u200d👩\u200d👧\u200d👦"  # 25 UTF-8 bytes


def _grapheme_cases() -> list[Any]:
    if not GRAPHEME_TEST.is_file():
        return [pytest.param(None, id="shared-absent")]
    cases = []
    for number, line in enumerate(GRAPHEME_TEST.read_text(encoding="utf-8").splitlines(), 1):
        data = line.split("#", 1)[0].strip()
        if data:
            cases.append(pytest.param(data, id=f"line{number}"))
    return cases


def _clusters(data: str) -> list[str]:
    """'÷ 0061 × 0308 ÷ 0062 ÷' -> ['a\u0308', 'b']"""
    clusters: list[str] = []
    current = ""
    for token in data.split():
        if token == "÷":
            if current:
                clusters.append(current)
            current = ""
        elif token != "×":
            current += chr(int(token, 16))
    return clusters


@pytest.mark.parametrize(
    ("section", "case"),
    twitter_cases(
        "validate.yml",
        ["WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest"],
    ),
)
def test_x_matches_twitter_text_conformance(
    shared: Path, section: str, case: dict[str, Any]
) -> None:
    """twitter-text's validate.yml (uses ../shared): weightedLength and valid for X."""
    result = measure(case["text"], X)
    assert twitter_weighted_length(case["text"]) == case["expected"]["weightedLength"]
    assert result.length == case["expected"]["weightedLength"]
    assert result.ok == case["expected"]["valid"]


@pytest.mark.parametrize(
    ("section", "case"),
    twitter_cases(
        "extract.yml",
        ["urls", "urls_with_indices", "urls_with_directional_markers", "tco_urls_with_params"],
    ),
)
def test_find_urls_matches_twitter_text_conformance(
    shared: Path, section: str, case: dict[str, Any]
) -> None:
    """twitter-text's extract.yml URL sections (uses ../shared): the URLs X counts as 23."""
    spans = find_urls(case["text"])
    if section in ("urls", "tco_urls_with_params"):
        assert [case["text"][s:e] for s, e in spans] == case["expected"]
    else:
        found = [{"url": case["text"][s:e], "indices": [s, e]} for s, e in spans]
        assert found == case["expected"]


@pytest.mark.parametrize("data", _grapheme_cases())
def test_graphemes_match_unicode_17_break_test(shared: Path, data: str) -> None:
    """Unicode's GraphemeBreakTest-17.0.0.txt (uses ../shared): every one of its 766 cases."""
    expected = _clusters(data)
    assert graphemes("".join(expected)) == expected


def test_graphemes_virama_joins_only_after_a_consonant() -> None:
    # GB9c: the regex module alone joins these; UAX #29 does not.
    assert graphemes("\u094d\u0915") == ["\u094d", "\u0915"]
    assert graphemes("a\u094d\u0924") == ["a\u094d", "\u0924"]
    assert graphemes("\u0915\u094d\u0924") == ["\u0915\u094d\u0924"]  # क्त is one cluster


def test_x_counts_todays_pet_emoji_as_two() -> None:
    assert twitter_weighted_length(BLACK_CAT) == 2
    assert twitter_weighted_length(SERVICE_DOG) == 2
    assert twitter_weighted_length(f"Meet Ink {BLACK_CAT} and Scout {SERVICE_DOG}") == 24


@pytest.mark.parametrize(
    ("unit", "weight"),
    [("a", 1), ("の", 2), (BLACK_CAT, 2), ("👍🏽", 2), (FAMILY, 2)],
)
def test_x_at_and_over_the_limit(unit: str, weight: int) -> None:
    fits = unit * (280 // weight)
    assert measure(fits, X).length == 280
    assert measure(fits, X).ok
    over = measure(fits + unit, X)
    assert over.length == 280 + weight
    assert not over.ok


def test_x_normalises_decomposed_accents_first() -> None:
    decomposed = "Zoe\u0308 and Rene\u0301e"  # "Zoë and Renée" with combining marks
    assert twitter_weighted_length(decomposed) == len("Zoë and Renée") == 13
    # 279 letters + one decomposed é: 281 code points, but 280 after NFC.
    assert measure("x" * 279 + "e\u0301", X).ok
    assert count("e\u0301", INSTAGRAM) == 2  # no normalising there: two UTF-16 units


def test_right_to_left_names() -> None:
    layla, shira = "ليلى", "שירה"
    assert twitter_weighted_length(f"{layla} & {shira}") == 11  # Arabic, Hebrew weigh 1
    # Directional marks around a name are real characters: U+2067/U+2069 weigh 2 each.
    assert twitter_weighted_length(f"\u2067{layla}\u2069") == 8
    assert count(f"\u2067{layla}\u2069", BLUESKY) == 6
    assert count("\u200f" + shira, THREADS) == 5


def test_urls_count_as_23_on_x_whatever_their_length() -> None:
    long_url = "https://example.org/adopt/milo-the-very-handsome-tabby?ref=foster-network"
    assert twitter_weighted_length("Adopt Milo: " + long_url) == 12 + 23
    assert twitter_weighted_length("Adopt Milo at shelter.org/milo") == 14 + 23
    assert find_urls("see https://t.co/abc123 now") == [(4, 23)]
    assert find_urls("end of sentence: www.example.com/path.") == [(17, 37)]
    assert find_urls("Sam.It is nice") == [(0, 6)]  # .it is a TLD, as on X


def test_urls_with_parentheses_and_without_protocol() -> None:
    text = "read https://en.wikipedia.org/wiki/Cat_(disambiguation) today"
    assert find_urls(text) == [(5, 55)]
    assert find_urls("good.boy") == []  # "boy" is not a TLD
    assert find_urls("good.bar") == [(0, 8)]  # "bar" is one
    assert find_urls("x/example.com") == []  # "/" before a protocol-less URL
    assert find_urls("visit example.com", require_protocol=True) == []


def test_x_invalid_characters_make_a_caption_unpostable() -> None:
    assert not measure("Hello\ufeff", X).ok
    assert measure("Hello", X).ok


@pytest.mark.parametrize(
    ("text", "x", "bluesky", "threads"),
    [
        ("👍🏽", 2, 1, 8),  # skin tone: one emoji
        ("🧑🏽\u200d🦰", 2, 1, 15),  # skin tone + ZWJ + hair
        (FAMILY, 2, 1, 25),
        (BLACK_CAT, 2, 1, 10),
        ("❤️", 2, 1, 6),  # heart + VS16 is an emoji
        ("❤\ufe0e", 4, 1, 2),  # heart + VS15 asks for text: two plain characters
        ("©", 1, 1, 1),  # text by default
        ("1️⃣", 2, 1, 7),  # keycap
        ("🇬🇧", 2, 1, 8),  # flag
    ],
)
def test_emoji_sequences(text: str, x: int, bluesky: int, threads: int) -> None:
    assert twitter_weighted_length(text) == x
    assert count(text, BLUESKY) == bluesky
    assert count(text, THREADS) == threads


def test_threads_counts_emoji_as_utf8_bytes_at_and_over_500() -> None:
    cat = "😺"  # 4 UTF-8 bytes
    assert measure("a" * 496 + cat, THREADS).length == 500
    assert measure("a" * 496 + cat, THREADS).ok
    assert not measure("a" * 497 + cat, THREADS).ok
    assert count("Adopt " + BLACK_CAT, THREADS) == 16
    assert count("Zoë", THREADS) == 3  # non-emoji characters count one each


def test_bluesky_graphemes_at_and_over_300() -> None:
    assert measure("a" * 300, BLUESKY).ok
    assert not measure("a" * 301, BLUESKY).ok
    assert measure("e\u0301" * 300, BLUESKY).length == 300


def test_bluesky_byte_limit() -> None:
    at_limit = measure(BLACK_CAT * 300, BLUESKY)
    assert (at_limit.length, at_limit.bytes, at_limit.max_bytes) == (300, 3000, 3000)
    assert at_limit.ok
    families = measure(FAMILY * 121, BLUESKY)  # 121 graphemes but 3,025 bytes
    assert families.length == 121
    assert families.bytes == 3025
    assert not families.ok


def test_mastodon_urls_mentions_and_limit() -> None:
    url = "https://example.org/" + "long-path/" * 20
    assert count(url, MASTODON) == 23
    assert count("@alice@example.social hi", MASTODON) == len("@alice hi")
    assert count("example.org", MASTODON) == 11  # no protocol: counted as typed
    assert measure("a" * 500, MASTODON).ok
    assert not measure("a" * 501, MASTODON).ok
    assert measure("a" * 501, platform_with_overrides("mastodon", {"limit": 1000})).ok


def test_utf16_platforms_at_and_over_the_limit() -> None:
    assert measure("a" * 2200, INSTAGRAM).ok
    assert not measure("a" * 2201, INSTAGRAM).ok
    assert count("😺", INSTAGRAM) == 2
    assert measure("a" * 63206, PLATFORMS["facebook"]).ok
    assert not measure("a" * 63207, PLATFORMS["facebook"]).ok


def test_measure_reports_bytes_only_where_there_is_a_byte_limit() -> None:
    assert measure("hi", X).bytes is None
    result = measure("hi", BLUESKY)
    assert (result.platform, result.length, result.limit, result.bytes) == ("bluesky", 2, 300, 2)
