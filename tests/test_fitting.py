"""Fitting: the story is trimmed from its end, parts that fit are put back, tags go first."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project

from storykit.cli import main
from storykit.outputs.captions import fit_caption, steps_of
from storykit.outputs.jinja import PACKAGE_TEMPLATES
from storykit.text.counting import Measure, measure
from storykit.text.platforms import PLATFORMS
from storykit.text.sentences import split_sentences

BODY_SENTENCES = [
    f"On day {n} she saw Dr. Patel at {n % 12 + 1} a.m. on Jan. {n}, e.g. for a weigh-in "
    f"of {n}.5 lbs. and a treat."
    for n in range(1, 31)
]
# about 2,800 characters in paragraphs of three sentences
BODY = "\n\n".join(" ".join(BODY_SENTENCES[i : i + 3]) for i in range(0, 30, 3))
QUOTE = "quotes: [{text: She is the boss of the house now, by: Jo Park}]\n"


def captions(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, dict]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["captions", "ada-and-bo", "--json", "--date", "2026-11-20"])
    assert result.exit_code == 0, result.output
    return {d["platform"]: d for d in json.loads(result.stdout)}


def long_story() -> str:
    body = "".join(f"  {line}\n" if line else "\n" for line in BODY.split("\n"))
    return EXAMPLE_STORY + QUOTE + "body: |\n" + body


@pytest.mark.parametrize("platform", ["instagram", "tiktok"])
def test_a_long_story_fills_the_caption_and_keeps_its_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    assert len(BODY) > 2200
    root = write_project(tmp_path, {"ada-and-bo": long_story()})
    c = captions(root, monkeypatch)[platform]
    assert c["ok"] and c["length"] >= 0.75 * c["limit"], (c["length"], c["limit"])
    text = c["text"]
    assert text.startswith("Two peas in a pod 🐱\n\nAda and Bo are bonded sisters.")
    kept = [s for s in BODY_SENTENCES if s in text]
    assert len(kept) >= 10
    assert kept == BODY_SENTENCES[: len(kept)]  # trimmed from the end, whole sentences
    assert "https://example.org/adopt/ada-bo" in text


def test_a_cut_never_ends_after_an_abbreviation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path, {"ada-and-bo": long_story()})
    text = captions(root, monkeypatch)["instagram"]["text"]
    story = text.split("\n\n• ")[0]  # the opening, summary and body, up to the highlights
    last = story.rsplit("\n\n", 1)[-1]
    assert split_sentences(last)[-1] in BODY_SENTENCES
    assert not re.search(r"\b(Dr|Jan|a\.m|e\.g|lbs)\.$", story, re.M)


def test_tags_are_dropped_before_any_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = "Ada and Bo are bonded sisters. " + " ".join(
        f"They share toy number {n}." for n in range(1, 12)
    )
    story = EXAMPLE_STORY.replace(
        "summary: Ada and Bo are bonded sisters. They nap in one basket and share every meal.",
        f"summary: {summary}",
    )
    root = write_project(tmp_path, {"ada-and-bo": story})
    trimmed = []
    for name, c in captions(root, monkeypatch).items():
        if summary in c["text"]:
            continue
        trimmed.append(name)
        # the story was trimmed: one more sentence would not fit even with no hashtags
        sentences = split_sentences(summary)
        kept = [s for s in sentences if s in c["text"]]
        shown = " ".join(kept)
        longer = c["text"].replace(shown, f"{shown} {sentences[len(kept)]}")
        without_tags = "\n\n".join(p for p in longer.split("\n\n") if not p.startswith("#"))
        assert not measure(without_tags, PLATFORMS[name]).ok, name
    assert {"x", "bluesky"} <= set(trimmed)


def test_every_built_in_caption_drops_tags_before_sentences() -> None:
    for path in sorted((PACKAGE_TEMPLATES / "captions").glob("*.txt")):
        found = re.search(r"set drop_order = \[(.*?)\]", path.read_text(encoding="utf-8"))
        if found is None:
            continue  # _parts.txt
        order = tuple(re.findall(r'"(\w+)"', found.group(1)))
        steps = steps_of(order)
        assert steps.index("tags") < steps.index("sentences"), path.name


def test_a_part_left_out_is_put_back_when_it_fits_after_a_later_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = (
        '{% set drop_order = ["small", "big"] %}'
        '{{ "A" * 20 }}{% if "small" not in drop %} small{% endif %}'
        '{% if "big" not in drop %} {{ "B" * 30 }}{% endif %} {{ link }}\n'
    )
    root = write_project(
        tmp_path,
        config="platforms: {mastodon: {limit: 50}}\n",
        files={"templates/captions/mastodon.txt": template},
    )
    c = captions(root, monkeypatch)["mastodon"]
    # dropping "small" was not enough; once "big" went, "small" fits again (20 + 6 + 24)
    assert c["text"] == "A" * 20 + " small https://example.org/adopt/ada-bo"


def test_fitting_renders_a_logarithmic_number_of_times() -> None:
    sentences = 20_000
    limit = 12_345
    calls: list[tuple[frozenset[str], int | None, int | None]] = []

    def render(
        drop: frozenset[str], keep: int | None, tags: int | None
    ) -> tuple[str, tuple[str, ...]]:
        calls.append((drop, keep, tags))
        story = "S" * (sentences if keep is None else keep)
        tail = "" if "quote" in drop else "Q" * 10
        return story + tail + " #t" * (3 if tags is None else tags), ("quote", "tags", "sentences")

    def measure_text(text: str) -> Measure:
        return Measure("test", len(text), limit, None, None, len(text) <= limit)

    best = fit_caption(render, measure_text, sentences, 3)
    assert best.measure.ok and best.measure.length == limit
    # the story got the room; the quote and tags did not fit back beside it
    assert (best.drop, best.tags, best.keep) == (frozenset({"quote"}), 0, limit)
    assert len(calls) <= 4 * math.log2(sentences), len(calls)
