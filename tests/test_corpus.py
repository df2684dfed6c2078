"""The story corpus: realistic case files of every shape, built once, against golden text.

tests/corpus/ holds case files as fosters write them (one per shape: a litter, a bonded
pair, a reunion, a long story...) and small photos; tests/golden/<slug>/ holds what their
captions and blurbs said when a person last read them. Refresh the goldens after a
deliberate change with `.venv/bin/pytest tests/test_corpus.py --refresh-golden`, then read
the diff (tests/golden/README.md). The invariants below hold for every story and platform
whatever the goldens say, so a template that regresses on one shape fails here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner
from conftest import REPO

from storykit.cli import main
from storykit.load.model import Story
from storykit.load.project import load_project, load_story
from storykit.outputs.context import adopted_together, markdown_plain
from storykit.text import language
from storykit.text.platforms import PLATFORMS
from storykit.text.species import kind_of

CORPUS = REPO / "tests" / "corpus"
GOLDEN = REPO / "tests" / "golden"
DATE = "2026-11-15"
TODAY = dt.date.fromisoformat(DATE)
SLUGS = sorted(p.stem for p in (CORPUS / "stories").glob("*.yaml"))
CAPTIONS = [f"captions/{name}.txt" for name in PLATFORMS]
TEXT_FILES = [*CAPTIONS, "blurb.md", "blurb.html"]
LONG = "rosie-long-story"

# Most hashtags a caption may carry: what each platform's readers tolerate before a post
# reads as spam (the style guide of issue 11), never more than the platform itself allows.
HASHTAG_CAPS = {
    "x": 2,
    "bluesky": 3,
    "facebook": 3,
    "threads": 1,
    "instagram": 5,
    "tiktok": 5,
    "mastodon": 5,
}
# Words only a story about very young animals should bring into its text.
YOUNG_WORDS = ("weaned", "wean", "bottle")
YOUNG_WEEKS = 12
# Abbreviations a sentence never ends at in the corpus's stories.
ABBREVIATIONS = ("Jan.", "Dr.", "St.", "Mr.", "approx.")
# Text the starter files hold for the volunteer to replace.
PLACEHOLDERS = re.compile(r"(?i:your name|@?yourhandle|your rescue)|<[^<>\n]+>|\bName\b")
TAG_LINE = re.compile(r"#\w+(?: #\w+)*")
SENTENCE_END = regex.compile(
    r"(?:[.!?][\"”’)]*|\p{Extended_Pictographic}\uFE0F?|https?://\S+|\S+@\S+\.\w+"
    r"|\(link in bio\))$"
)


@dataclass
class Corpus:
    """The corpus built once into a temporary project: what it printed, and each story."""

    root: Path
    exit_code: int
    printed: str = field(repr=False)
    stories: dict[str, Story | None] = field(repr=False)

    def folder(self, slug: str) -> Path:
        return self.root / "output" / slug

    def errors(self, slug: str) -> list[str]:
        """The build's error messages for one story (with their hints)."""
        lines = self.printed.splitlines()
        found: list[str] = []
        for i, line in enumerate(lines):
            if f"stories/{slug}.yaml" in line and ": error:" in line:
                found.append(line)
                found.extend(h for h in lines[i + 1 : i + 2] if h.startswith("    hint:"))
        return found

    def story(self, slug: str) -> Story:
        story = self.stories[slug]
        if story is None:
            pytest.fail(f"{slug} did not load:\n" + "\n".join(self.errors(slug)), pytrace=False)
        return story

    def text(self, slug: str, name: str) -> str:
        """One built file's text; a story that did not build fails with the build's errors."""
        path = self.folder(slug) / name
        if not path.is_file():
            why = "\n".join(self.errors(slug)) or self.printed
            pytest.fail(f"{slug} has no {name}; the build said:\n{why}", pytrace=False)
        return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """tests/corpus copied into a temporary folder and built once, with the corpus's date."""
    root = tmp_path_factory.mktemp("corpus") / "project"
    shutil.copytree(CORPUS, root)
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--date", DATE, "--jobs", "2"])
    project, _ = load_project(root)
    stories = {
        slug: load_story(root / "stories" / f"{slug}.yaml", project, TODAY).story for slug in SLUGS
    }
    return Corpus(root, result.exit_code, result.output, stories)


# --------------------------------------------------------------------------------------------
# Every story builds, and the goldens match
# --------------------------------------------------------------------------------------------


def test_the_corpus_covers_every_status_and_species_family(corpus: Corpus) -> None:
    stories = [corpus.story(slug) for slug in SLUGS]
    assert len(SLUGS) >= 14
    assert {s.status for s in stories} == {"available", "pending", "adopted", "reunited", "hold"}
    families = {kind_of(a.species).petfinder for s in stories for a in s.animals}
    assert families == {"dog", "cat", "rabbit", "small", "horse", "bird", "barnyard", "scales"}


def test_the_corpus_builds_cleanly(corpus: Corpus) -> None:
    """Every story builds (exit 0) and nothing crashes; warnings (small photos) are fine."""
    said = [
        line
        for line in corpus.printed.splitlines()
        if "warning:" not in line and not line.startswith("    hint: use a larger")
    ]
    assert corpus.exit_code == 0, "\n".join(said)


@pytest.mark.parametrize("slug", SLUGS)
def test_story_builds(corpus: Corpus, slug: str) -> None:
    assert corpus.errors(slug) == []
    story = corpus.story(slug)
    folder = corpus.folder(slug)
    listed = {f["path"] for f in json.loads(corpus.text(slug, "story.json"))["files"]}
    assert set(TEXT_FILES) | {"listing.json", "cards.zip"} <= listed
    for path in listed:
        assert (folder / path).stat().st_size > 0, path
    cards = {Path(p).name for p in listed if p.startswith("cards/")}
    for photo in story.photos:
        stem = Path(photo.file).stem
        assert any(c.startswith(f"{stem}-") for c in cards), f"no card from {photo.file}"
    if not story.photos:
        assert any(c.startswith("quote-") for c in cards), sorted(cards)


@pytest.mark.parametrize("name", TEXT_FILES)
@pytest.mark.parametrize("slug", SLUGS)
def test_golden(corpus: Corpus, slug: str, name: str, request: pytest.FixtureRequest) -> None:
    actual = corpus.text(slug, name)
    golden = GOLDEN / slug / name
    if request.config.getoption("--refresh-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    if not golden.is_file():
        pytest.fail(
            f"no golden {golden.relative_to(REPO)}: run `.venv/bin/pytest tests/test_corpus.py "
            "--refresh-golden`, then read what it wrote",
            pytrace=False,
        )
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"golden/{slug}/{name}",
            f"built/{slug}/{name}",
        )
        pytest.fail("".join(diff), pytrace=False)


def test_no_golden_without_its_story(request: pytest.FixtureRequest) -> None:
    """A story renamed or removed takes its goldens with it (--refresh-golden removes them)."""
    stale = sorted(p for p in GOLDEN.iterdir() if p.is_dir() and p.name not in SLUGS)
    stale += sorted(
        p
        for slug in SLUGS
        if (GOLDEN / slug).is_dir()
        for p in (GOLDEN / slug).rglob("*")
        if p.is_file() and p.relative_to(GOLDEN / slug).as_posix() not in TEXT_FILES
    )
    if request.config.getoption("--refresh-golden"):
        for path in stale:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        return
    assert stale == []


# --------------------------------------------------------------------------------------------
# Invariants: what no story's text may ever say, whatever its shape
# --------------------------------------------------------------------------------------------


def authored(story: Story) -> str:
    """Everything the volunteer wrote in the case file, lower-cased, on one line."""
    parts = [story.title, story.headline or "", story.summary, story.body, *story.highlights]
    parts += [f"{q.text} {q.by or ''}" for q in story.quotes]
    parts += [f"{f.text} {f.source}" for f in story.facts]
    parts += [f"{p.caption or ''} {p.alt or ''}" for p in story.photos]
    for a in story.animals:
        parts += [a.name, a.breed or "", *a.traits, a.health.special_needs or ""]
    return " ".join(" ".join(parts).split()).lower()


def template_text(text: str, story: Story) -> str:
    """The sentences of *text* that the volunteer did not write: a template's words.

    Each line is cut at sentence ends; a piece found in the case file is the volunteer's.
    """
    own = authored(story)
    pieces = (
        piece
        for line in text.splitlines()
        for piece in re.split(r"(?<=[.!?])\s+", line.strip(" •-*>#"))
    )
    return "\n".join(p for p in pieces if p and " ".join(p.split()).lower() not in own)


def template_words(text: str, story: Story, words: tuple[str, ...]) -> list[str]:
    """The *words* that a template, not the volunteer, wrote into *text*."""
    mine = template_text(text, story)
    return [w for w in words if re.search(rf"\b{w}\b", mine, re.I)]


def split_tags(caption: str) -> tuple[str, list[str]]:
    """A caption's text and its closing line of hashtags (none if it has no such line)."""
    paragraphs = caption.strip().split("\n\n")
    if TAG_LINE.fullmatch(paragraphs[-1].strip()):
        return "\n\n".join(paragraphs[:-1]), paragraphs[-1].split()
    return caption.strip(), []


def texts(corpus: Corpus, slug: str) -> dict[str, str]:
    """Every caption and the Markdown blurb of one story, by file name."""
    return {name: corpus.text(slug, name) for name in [*CAPTIONS, "blurb.md"]}


def young(story: Story) -> bool:
    """Some animal of the story is under about 12 weeks old on the corpus's date."""
    limit = YOUNG_WEEKS * 7 / (365.25 / 12)
    ages = [language._age_months(a, TODAY) for a in story.animals]
    return any(m is not None and m < limit for m in ages)


@pytest.mark.parametrize("slug", SLUGS)
def test_verbs_agree_with_the_names(corpus: Corpus, slug: str) -> None:
    story = corpus.story(slug)
    names = [a.name for a in story.animals]
    if len(names) == 1:
        wrong = rf"\b{re.escape(names[0])} (?:are|have|were)\b"
    else:
        joined = "|".join(re.escape(n) for n in {language.join_names(names), story.title})
        wrong = rf"(?:{joined}) (?:is|has|was)\b"
    found = {
        name: re.findall(wrong, template_text(text, story))
        for name, text in texts(corpus, slug).items()
    }
    assert {name: hits for name, hits in found.items() if hits} == {}


@pytest.mark.parametrize("slug", SLUGS)
def test_animals_adopted_one_by_one_are_never_offered_as_a_group(corpus: Corpus, slug: str) -> None:
    story = corpus.story(slug)
    if adopted_together(story) or len(story.animals) < 2:
        return
    group = re.escape(language.join_names([a.name for a in story.animals]))
    found = {
        name: re.findall(rf"adopt {group}\b", text, re.I)
        for name, text in texts(corpus, slug).items()
    }
    assert {name: hits for name, hits in found.items() if hits} == {}


@pytest.mark.parametrize("slug", SLUGS)
def test_no_placeholder_text(corpus: Corpus, slug: str) -> None:
    story = corpus.story(slug)
    found = {
        name: PLACEHOLDERS.findall(
            template_text(markdown_plain(text) if name.endswith(".md") else text, story)
        )
        for name, text in texts(corpus, slug).items()
    }
    assert {name: hits for name, hits in found.items() if hits} == {}


@pytest.mark.parametrize("slug", SLUGS)
def test_young_words_only_for_young_animals(corpus: Corpus, slug: str) -> None:
    story = corpus.story(slug)
    if young(story):
        return
    found = {
        name: template_words(text, story, YOUNG_WORDS) for name, text in texts(corpus, slug).items()
    }
    assert {name: words for name, words in found.items() if words} == {}


# The words of the species the built-in templates knew first: no story of other animals may
# be given them by a template ("puppy" about a parrot).
DOG_CAT_WORDS = ("dogs?", "puppy", "puppies", "cats?", "kittens?", "rabbits?", "bunny", "bunnies")


@pytest.mark.parametrize("slug", SLUGS)
def test_no_dog_or_cat_words_about_other_animals(corpus: Corpus, slug: str) -> None:
    story = corpus.story(slug)
    if {a.species for a in story.animals} & {"dog", "cat", "rabbit"}:
        return
    found = {
        name: template_words(text, story, DOG_CAT_WORDS)
        for name, text in texts(corpus, slug).items()
    }
    # the blurb's facts table asks of every animal whether it is good with dogs and cats
    found["blurb.md"] = [w for w in found["blurb.md"] if w not in ("dogs?", "cats?")]
    assert {name: words for name, words in found.items() if words} == {}


@pytest.mark.parametrize("slug", SLUGS)
def test_stories_no_longer_available_never_link_to_their_own_page(
    corpus: Corpus, slug: str
) -> None:
    """Adopted, reunited, pending and hold stories send people to the animals waiting."""
    story = corpus.story(slug)
    own = story.adoption.url
    if story.status == "available" or own is None:
        return
    files = [*texts(corpus, slug), "blurb.html"]
    assert [name for name in files if own in corpus.text(slug, name)] == []


@pytest.mark.parametrize("slug", SLUGS)
def test_reunited_stories_never_say_adopted(corpus: Corpus, slug: str) -> None:
    story = corpus.story(slug)
    if story.status != "reunited":
        return
    found = {
        name: template_words(text, story, ("adopted", "adopt", "adoption"))
        for name, text in texts(corpus, slug).items()
    }
    assert {name: words for name, words in found.items() if words} == {}


@pytest.mark.parametrize("platform", list(PLATFORMS))
@pytest.mark.parametrize("slug", SLUGS)
def test_hashtags_within_the_cap(corpus: Corpus, slug: str, platform: str) -> None:
    _, tags = split_tags(corpus.text(slug, f"captions/{platform}.txt"))
    table_cap = PLATFORMS[platform].hashtag_cap
    cap = min(HASHTAG_CAPS[platform], table_cap if table_cap is not None else 10**6)
    assert len(tags) <= cap, tags


@pytest.mark.parametrize("platform", list(PLATFORMS))
@pytest.mark.parametrize("slug", SLUGS)
def test_captions_end_on_a_whole_sentence(corpus: Corpus, slug: str, platform: str) -> None:
    text, _ = split_tags(corpus.text(slug, f"captions/{platform}.txt"))
    assert SENTENCE_END.search(text), text[-80:]
    cut = [
        p.splitlines()[-1][-60:] for p in text.split("\n\n") if p.rstrip().endswith(ABBREVIATIONS)
    ]
    assert cut == []


@pytest.mark.parametrize("slug", SLUGS)
def test_blurb_markdown_carries_no_script(corpus: Corpus, slug: str) -> None:
    md = corpus.text(slug, "blurb.md").lower()
    assert "<script" not in md and "javascript:" not in md


# --------------------------------------------------------------------------------------------
# The long story
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["instagram", "tiktok", "facebook"])
def test_long_story_uses_the_room_it_has(corpus: Corpus, platform: str) -> None:
    story = corpus.story(LONG)
    caption = corpus.text(LONG, f"captions/{platform}.txt")
    record = next(
        f
        for f in json.loads(corpus.text(LONG, "story.json"))["files"]
        if f["path"] == f"captions/{platform}.txt"
    )
    flat = " ".join(caption.split())
    paragraphs = [" ".join(p.split()) for p in markdown_plain(story.body).split("\n\n")]
    missing = [p[:60] for p in paragraphs if p not in flat]
    assert record["length"] >= 0.75 * record["limit"] or missing == [], (
        f"{record['length']} of {record['limit']}; left out: {missing}"
    )


@pytest.mark.parametrize("platform", ["instagram", "tiktok", "facebook", "mastodon"])
def test_long_story_lists_stay_lists_in_captions(corpus: Corpus, platform: str) -> None:
    caption = corpus.text(LONG, f"captions/{platform}.txt")
    for item in ("naps in the laundry basket", "A window with a view"):
        if item in caption:
            line = next(line for line in caption.splitlines() if item in line)
            assert line.lstrip().startswith(("-", "•", "2.")), line


def test_long_story_blurb_html_has_lists_and_links(corpus: Corpus) -> None:
    html = corpus.text(LONG, "blurb.html")
    assert re.search(r"<ul>\s*<li>naps in the laundry basket", html), "no <ul> for the body list"
    assert re.search(r"<ol>\s*<li>Someone who is home", html), "no <ol> for the numbered list"
    assert '<a href="https://riverbendrescue.example.org/cats"' in html, "bare URL not a link"


def test_the_checks_catch_what_they_look_for(corpus: Corpus) -> None:
    """The invariants above can fail: each check flags a caption that breaks its rule."""
    scout = corpus.story("scout-reunited")
    said = "Scout has been adopted! He will look for homes once weaned.\n\n#a #b #c"
    text, tags = split_tags(said)
    assert len(tags) == 3 > HASHTAG_CAPS["x"]
    assert template_words(text, scout, ("adopted", "weaned")) == ["adopted", "weaned"]
    assert template_words(scout.summary, scout, ("adopted", "weaned")) == []
    assert not SENTENCE_END.search("Rosie was found on Jan. 3 and was")
    assert "Rosie was found on Jan.".endswith(ABBREVIATIONS)
    assert SENTENCE_END.search("Meet who is: https://example.org/adoptable")
    found = PLACEHOLDERS.findall("Fostered by Your Name (@yourhandle)")
    assert found == ["Your Name", "@yourhandle"]
