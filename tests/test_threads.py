"""Threads (text/threads.py): a long story as numbered posts, each within its platform's count."""

from __future__ import annotations

import re

import pytest

from storykit.text.counting import count, measure
from storykit.text.platforms import PLATFORMS
from storykit.text.threads import split_thread

STORY = (
    "Rosie was found by Dr. Patel near St. Louis at 2 a.m. on Jan. 3, soaked and alone. "
    "She weighed 2.5 lbs. and was approx. 6 weeks old.\n\n"
    + " ".join(f"Day {n} she learned one more thing about her home." for n in range(30))
    + "\n\nHer favourite things:\n• naps\n• belly rubs\n• the bird feeder"
)
CLOSING = "Adopt Rosie: https://example.org/adopt/rosie"
TAGS = "#GingerCat #AdoptACat"
NUMBER = re.compile(r"\n\n(\d+)/(\d+)$")


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("name", ["x", "bluesky", "threads", "mastodon"])
def test_a_long_story_is_a_numbered_thread_within_the_limit(name: str) -> None:
    platform = PLATFORMS[name]
    posts = split_thread(STORY, platform, closing=CLOSING, tags=TAGS)
    assert len(posts) > 1
    for i, post in enumerate(posts, 1):
        assert measure(post, platform).ok, (name, count(post, platform), post)
        found = NUMBER.search(post)
        assert found and found.groups() == (str(i), str(len(posts))), post
    # hashtags once, on the first post; the call to action whole, in the last
    assert [TAGS in p for p in posts] == [True] + [False] * (len(posts) - 1)
    assert CLOSING in posts[-1]
    # the story in order and complete: every word once, in order, numbering and tags aside
    told = [NUMBER.sub("", p).replace(TAGS, "") for p in posts]
    assert words(" ".join(told)) == words(STORY + " " + CLOSING)


def test_never_cut_after_an_abbreviation_or_inside_a_word() -> None:
    platform = PLATFORMS["x"]
    long = " ".join(["Dr. Patel said the kitten was approx. six weeks old and very wet"] * 8) + "."
    posts = split_thread(long, platform)
    assert len(posts) > 1
    for post in posts[:-1]:
        body = NUMBER.sub("", post)
        assert not re.search(r"\b(Dr|approx)\.$", body), body
    told = " ".join(NUMBER.sub("", p) for p in posts)
    assert words(told) == words(long)


def test_a_list_stays_with_its_lead_in() -> None:
    platform = PLATFORMS["x"]
    posts = split_thread(STORY, platform, closing=CLOSING, tags=TAGS)
    holding = [p for p in posts if "Her favourite things:" in p]
    assert len(holding) == 1 and "• the bird feeder" in holding[0]


def test_a_story_that_fits_is_one_post_unnumbered() -> None:
    posts = split_thread("Meet Ada. She naps.", PLATFORMS["mastodon"], closing=CLOSING, tags=TAGS)
    assert posts == [f"Meet Ada. She naps.\n\n{CLOSING}\n\n{TAGS}"]
