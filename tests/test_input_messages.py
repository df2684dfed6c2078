"""Mistakes in case files and on the command line: plain messages at the place of the mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project

from storykit.cli import main
from storykit.errors import StorykitError
from storykit.load.document import load_text

JARGON = ("while parsing", "while scanning", "<block", "<scalar>", "<stream", "token", "node")


def run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, list(args))


def check(root: Path, monkeypatch: pytest.MonkeyPatch):
    return run(root, monkeypatch, "check", "--date", "2026-11-20")


def problems_of(text: str) -> list[str]:
    with pytest.raises(StorykitError) as caught:
        load_text(Path("s.yaml"), text)
    return [str(p) for p in caught.value.problems]


MISTAKES = [
    pytest.param(
        EXAMPLE_STORY.replace("headline: Two peas in a pod", 'headline: "Two peas in a pod'),
        "stories/bad.yaml:2:11: error: the quote opened here is never closed\n"
        '    hint: put a matching " where the text ends, e.g. headline: "Two peas in a pod"',
        id="unclosed-quote-at-its-opening",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("title: Ada & Bo", "title: 'O'Malley'"),
        "stories/bad.yaml:1:10: error: this apostrophe ends the text in single quotes early\n"
        '    hint: use double quotes: title: "O\'Malley", or double the apostrophe: '
        "title: 'O''Malley'",
        id="apostrophe-in-single-quotes",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("hashtags: [bonded pair, kittens]", "hashtags: [#AdoptMe, #cats]"),
        "stories/bad.yaml:20:12: error: the '#' starts a comment in YAML, so the rest of the "
        "line was ignored and the '[' is never closed with ']'\n"
        "    hint: write hashtags without '#', e.g. hashtags: [AdoptMe, cats] "
        "(storykit adds the #)",
        id="hash-in-hashtags",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("headline: Two peas in a pod", "headline: #1 dog"),
        "stories/bad.yaml:2:11: error: 'headline' is empty: the '#' starts a comment in YAML, "
        "so everything after it was ignored\n"
        '    hint: put the value in quotes: headline: "#1 dog"',
        id="hash-makes-a-comment",
    ),
    pytest.param(
        EXAMPLE_STORY.replace(
            "summary: Ada and Bo are bonded sisters. They nap in one basket and share every meal.",
            "summary:",
        ),
        "stories/bad.yaml:3:1: error: 'summary' is empty\n"
        "    hint: write the text after 'summary:'",
        id="empty-required-value",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("highlights: [bonded pair, litter trained]", "highlights:"),
        "stories/bad.yaml:18:1: error: 'highlights' is empty\n"
        "    hint: write the items after 'highlights:', e.g. [a, b], or as lines starting "
        "with '- ', or remove the line",
        id="empty-optional-list",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("summary: Ada and", "summary: Ada\x0b and"),
        "stories/bad.yaml:3:13: error: a control character (U+000B) is here, which YAML does "
        "not allow in text (was this pasted from a word processor?)\n"
        "    hint: delete it: it cannot be seen, so delete the text around this place and type "
        "it again",
        id="vertical-tab",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("title: Ada & Bo", "title: Ada \ufffe& Bo"),
        "stories/bad.yaml:1:12: error: a code that is not a character (U+FFFE) is here",
        id="non-character",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("title: Ada & Bo", "title: Ada: the runt"),
        "stories/bad.yaml:1:11: error: a ': ' inside a value makes YAML read a new key here\n"
        '    hint: put the whole value in quotes: title: "Ada: the runt"',
        id="colon-in-value",
    ),
]


@pytest.mark.parametrize(("text", "expected"), MISTAKES)
def test_mistakes_are_told_where_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    root = write_project(tmp_path, {"bad": text, "good": EXAMPLE_STORY})
    result = check(root, monkeypatch)
    assert result.exit_code == 1
    assert expected in result.stderr, result.stderr
    assert "stories/good.yaml" not in result.stderr
    assert "good:\n  instagram " in result.stdout  # the good story was checked, and is fine
    assert "internal error" not in result.output and "not None" not in result.stderr


def test_a_nul_character_is_found_in_a_file(tmp_path: Path) -> None:
    (found,) = problems_of("title: x\nsummary: a\x00b\n")
    assert found.startswith("s.yaml:2:11: error: a NUL character (U+0000) is here")


def test_a_file_full_of_refused_characters_says_so_once_past_ten() -> None:
    found = problems_of("title: " + "\x01" * 30 + "\n")
    assert len(found) == 11
    assert found[-1] == (
        "s.yaml:1:17: error: and 20 more such characters after this one\n"
        "    hint: if the file is full of them, it may be saved as UTF-16: save it as UTF-8"
    )


@pytest.mark.parametrize(
    "text",
    [
        'title: "Possum\nsummary: hi\n',
        "title: 'O'Malley'\n",
        "hashtags: [#AdoptMe]\n",
        "title: x\nfoster:\n  name: a\n city: b\n",
        "headline: [unclosed\nsummary: x\n",
        "adoption: {url: x\nsummary: y\n",
        'title: "Ada" and Bo\n',
        "title: *foo\n",
        "title: `x`\n",
        "title: @x\n",
        "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a:\n  - x\n  y: 1\n",
        'title: "C:\\Users"\n',
        "title:x\nsummary: y\n",
        "body: |\ntext\n",
        "title: x\n- y\n",
        "a: |x\n  t\n",
        "a: &a x\nb: &a y\n",
        "- a\nb: c\n",
        "  a: 1\nb: 2\n",
        "a: [a]b\n",
        "a: 1\n]\n",
        "a: ,x\n",
        "a: [x, y,, z]\n",
        "a: |\n  x\n y\n",
        "title: x\n\tsummary: y\n",
    ],
)
def test_no_parser_jargon_reaches_the_user(text: str) -> None:
    (found,) = problems_of(text)
    assert found.startswith("s.yaml:") and ": error: " in found
    assert "\n    hint: " in found
    assert not any(word in found for word in JARGON), found


def test_a_bad_character_does_not_stop_the_other_stories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = EXAMPLE_STORY.replace("summary: Ada and", "summary: Ada\x0b and")
    root = write_project(tmp_path, {"bad": bad, "good": EXAMPLE_STORY})
    result = run(root, monkeypatch, "build", "--date", "2026-11-20")
    assert result.exit_code == 1, result.output
    assert "stories/bad.yaml:3:13: error: a control character (U+000B)" in result.stderr
    assert (root / "output" / "good" / "story.json").is_file()
    assert not (root / "output" / "bad").exists()


def test_stories_are_found_in_any_case_and_in_sub_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path, {})
    stories = root / "stories"
    (stories / "2025").mkdir()
    (stories / "photos").mkdir()
    for rel in ("biscuit.YAML", "rex.Yml", "2025/olive.yml", "2025/.#olive.yml"):
        (stories / rel).write_text(EXAMPLE_STORY, encoding="utf-8")
    (stories / "photos" / "notes.txt").write_text("not a story", encoding="utf-8")
    result = check(root, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "checked 3 stories" in result.stdout + result.stderr
    assert {"biscuit:", "rex:", "olive:"} <= set(result.stdout.splitlines())


def test_two_files_that_would_be_one_story_are_an_error_naming_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path, {"rex": EXAMPLE_STORY})
    (root / "stories" / "2025").mkdir()
    (root / "stories" / "2025" / "rex.yaml").write_text(EXAMPLE_STORY, encoding="utf-8")
    result = run(root, monkeypatch, "build", "--date", "2026-11-20")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "stories/rex.yaml: error: these files would be the same story 'rex': "
        "stories/2025/rex.yaml and stories/rex.yaml\n"
        "    hint: rename one of them: each story needs its own name, even in another folder "
        "(it is the name of its folder in output/)"
    )


@pytest.mark.parametrize("command", ["build", "check", "captions", "serve"])
@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            "01/02/2025",
            "'01/02/2025' is not written as a date: write it as YYYY-MM-DD, e.g. 2026-04-01",
        ),
        ("2025-02-30", "'2025-02-30' is not a real date: February 2025 has 28 days"),
    ],
)
def test_a_bad_date_is_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, command: str, date: str, message: str
) -> None:
    args = [command, *(["ada-and-bo"] if command == "captions" else []), "--date", date]
    result = run(project, monkeypatch, *args)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for --date: {message}\n")
    assert not (project / "output").exists()


def test_count_needs_a_platform(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "caption.txt").write_text("hello\n", encoding="utf-8")
    result = run(project, monkeypatch, "count", "caption.txt")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: --platform is needed: say which platform's rule to count by, e.g. -p x; "
        "the platforms are instagram, tiktok, facebook, x, threads, bluesky, mastodon\n"
    )


def test_count_with_an_unknown_platform_lists_them(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "caption.txt").write_text("hello\n", encoding="utf-8")
    result = run(project, monkeypatch, "count", "-p", "myspace", "caption.txt")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "\n\nError: Invalid value for --platform: there is no platform 'myspace' in this project\n"
        "    hint: use one of: instagram, tiktok, facebook, x, threads, bluesky, mastodon\n"
    )


def test_an_output_folder_that_cannot_be_written(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a file where output/ should be: unwritable for every user (root ignores chmod)
    (project / "output").write_text("not a folder", encoding="utf-8")
    result = run(project, monkeypatch, "build", "--date", "2026-11-20")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        "output: error: cannot write to the output folder output/: Not a directory\n"
        "    hint: 'output' is a file where storykit needs a folder: rename it\n"
    )


def test_a_story_folder_in_output_that_cannot_be_written(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "output").mkdir()
    (project / "output" / "ada-and-bo").write_text("in the way", encoding="utf-8")
    result = run(project, monkeypatch, "build", "--date", "2026-11-20")
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.stderr
    assert "'output/ada-and-bo' is a file where storykit needs a folder: rename it" in (
        result.stderr
    )
