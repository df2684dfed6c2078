"""Captions: fitted by each platform's own count, parts dropped in the template's order, tags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project

from storykit.cli import main
from storykit.text.counting import measure
from storykit.text.hashtags import extract
from storykit.text.platforms import PLATFORMS, platform_with_overrides

LONG_SUMMARY = (
    "Ada and Bo are bonded sisters. They nap in one basket. They share every meal. "
    "They chase the same toy mouse. They purr in chorus at bedtime. They wait at the door "
    "together. They groom each other after dinner. They were found together in a barn. "
    "They have never been apart for a single night."
)

LONG_STORY = EXAMPLE_STORY.replace(
    "summary: Ada and Bo are bonded sisters. They nap in one basket and share every meal.",
    f"summary: {LONG_SUMMARY}",
)


def captions(
    root: Path, monkeypatch: pytest.MonkeyPatch, slug: str = "ada-and-bo", *args: str
) -> dict[str, dict]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["captions", slug, "--json", "--date", "2026-11-20", *args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return {d["platform"]: d for d in (data if isinstance(data, list) else [data])}


def test_every_caption_fits_by_its_platforms_own_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = LONG_STORY
    root = write_project(tmp_path, {"ada-and-bo": story})
    for name, c in captions(root, monkeypatch).items():
        m = measure(c["text"], PLATFORMS[name])
        assert (c["length"], c["limit"], c["ok"]) == (m.length, m.limit, True)
        assert c["text"].rstrip().split()[-1] not in ("", "-")
        assert "https://example.org/adopt/ada-bo" in c["text"]  # the link is never dropped
        assert "Adopt Ada and Bo" in c["text"] or "Apply to adopt:" in c["text"]


def test_parts_are_dropped_in_the_order_the_template_declares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = (
        '{% set drop_order = ["second", "first"] %}'
        '{{ "A" * 20 }}{% if "first" not in drop %} first{% endif %}'
        '{% if "second" not in drop %} second{% endif %} {{ link }}\n'
    )
    root = write_project(
        tmp_path,
        config="platforms: {mastodon: {limit: 50}}\n",
        files={"templates/captions/mastodon.txt": template},
    )
    text = captions(root, monkeypatch)["mastodon"]["text"]
    # 20 + " first" (6) + " " + URL (23) = 50: "second" went first, "first" stayed
    assert text == "A" * 20 + " first https://example.org/adopt/ada-bo"


def test_a_caption_that_cannot_fit_is_an_error_with_both_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path, config="platforms: {x: {limit: 20}}\n")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "--date", "2026-11-20"])
    assert result.exit_code == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith(
        "stories/ada-and-bo.yaml: error: the X (Twitter) caption of "
        "'ada-and-bo' cannot be made to fit: "
    )
    assert "of 20 even with every optional part left out" in line


def test_sentences_are_shortened_never_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = LONG_STORY
    root = write_project(tmp_path, {"ada-and-bo": story})
    text = captions(root, monkeypatch)["x"]["text"]
    kept = [s for s in LONG_SUMMARY.split(". ") if s.rstrip(".") in text]
    assert kept and LONG_SUMMARY.startswith(". ".join(kept))
    assert LONG_SUMMARY not in text


def test_hashtags_are_normalised_deduplicated_and_capped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = EXAMPLE_STORY.replace(
        "hashtags: [bonded pair, kittens]",
        "hashtags: [foster kittens, '#FosterKittens', bonded pair, a, b, c, d]",
    )
    config = (
        "hashtags: [kittens, adopt]\n"
        "platforms: {facebook: {hashtag_cap: 30}, x: {hashtag_cap: 4}, instagram: {},"
        " tiktok: {}, threads: {}, bluesky: {}, mastodon: {}}\n"
    )
    root = write_project(tmp_path, {"ada-and-bo": story}, config=config)
    got = captions(root, monkeypatch)
    # the story's own tags come first, the project's defaults after them
    assert got["instagram"]["hashtags"] == ["FosterKittens", "BondedPair", "a", "b", "c"]
    assert got["facebook"]["hashtags"] == [
        "FosterKittens",
        "BondedPair",
        "a",
        "b",
        "c",
        "d",
        "kittens",
        "adopt",
    ]
    tags = [t for t, _, _ in extract(got["facebook"]["text"])]
    assert tags == got["facebook"]["hashtags"]
    assert got["x"]["hashtags"] == ["FosterKittens", "BondedPair", "a", "b"]  # storykit.yaml's cap
    assert got["threads"]["hashtags"] == ["FosterKittens"]  # the platform's own cap


def test_own_hashtags_come_before_the_projects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path, config="hashtags: [adopt, kittens]\n")
    got = captions(root, monkeypatch)
    assert got["instagram"]["hashtags"] == ["BondedPair", "kittens", "adopt"]
    assert got["bluesky"]["hashtags"] == ["BondedPair", "kittens", "adopt"]
    assert got["x"]["hashtags"] == ["BondedPair", "kittens"]


def test_tiktok_has_the_sound_line_and_the_handle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = EXAMPLE_STORY.replace(
        "handles: {instagram: jo.fosters}", "handles: {instagram: jo.fosters, tiktok: jofosters}"
    )
    story += "sound: \"Stuff We Did (from 'Up') – Piano Version\"\n"
    root = write_project(tmp_path, {"ada-and-bo": story})
    got = captions(root, monkeypatch)
    assert got["tiktok"]["text"].endswith("♬ Stuff We Did (from 'Up') – Piano Version")
    assert "(@jofosters)" in got["tiktok"]["text"]
    assert "(@jo.fosters)" in got["instagram"]["text"]
    assert "♬" not in got["instagram"]["text"]


@pytest.mark.parametrize("status", ["available", "pending", "adopted", "reunited", "hold"])
def test_every_status_has_its_own_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: str
) -> None:
    root = write_project(
        tmp_path, {"ada-and-bo": EXAMPLE_STORY.replace("status: available", f"status: {status}")}
    )
    text = captions(root, monkeypatch)["facebook"]["text"]
    expected = {
        "available": "Ada and Bo are a bonded pair and will be adopted together, to one home "
        "(adoption fee $120).",
        "pending": "Ada and Bo have an adoption pending",
        "adopted": "Ada and Bo have been adopted together and are home for good.",
        "reunited": "Ada and Bo are back home with their family.",
        "hold": "Ada and Bo are not available for adoption just yet.",
    }[status]
    assert expected in text


def test_platform_overrides_come_from_storykit_yaml() -> None:
    mastodon = platform_with_overrides("mastodon", {"limit": 1000})
    assert mastodon.limit == 1000 and PLATFORMS["mastodon"].limit == 500


def test_own_hashtags_beyond_a_platforms_cap_are_a_warning_at_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = EXAMPLE_STORY.replace("hashtags: [bonded pair, kittens]", "hashtags: [a, b, c]")
    root = write_project(tmp_path, {"ada-and-bo": story})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", "--date", "2026-11-20"])
    warnings = [line for line in result.output.splitlines() if "platforms take" in line]
    line = story.splitlines().index("hashtags: [a, b, c]") + 1
    # the cap, not fitting, leaves them out: X takes 2, Facebook and Bluesky 3; said once
    assert warnings == [
        f"stories/ada-and-bo.yaml:{line}:11: warning: the story has more hashtags of its own "
        "than some platforms take, so their captions leave out the last ones on 1 platform "
        "(X (Twitter): 2)"
    ]
