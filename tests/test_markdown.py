"""Markdown as fosters write it: lists after a line, bare URLs, safe HTML and safe Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project
from markdown_it import MarkdownIt

from storykit.cli import main
from storykit.outputs.context import markdown_html, markdown_plain, markdown_safe
from storykit.text.sanitize import escape_markdown

FAVOURITES = "Her favourite things:\n- naps\n- belly rubs\n\nHer routine:\n1. breakfast\n2. a walk"


def test_a_list_right_after_its_line_is_a_list() -> None:
    assert markdown_html(FAVOURITES) == (
        "<p>Her favourite things:</p>\n<ul>\n<li>naps</li>\n<li>belly rubs</li>\n</ul>\n"
        "<p>Her routine:</p>\n<ol>\n<li>breakfast</li>\n<li>a walk</li>\n</ol>"
    )
    assert "<ul>\n<li>naps</li>" in markdown_html("Toys:\n* naps\n* balls")


def test_in_plain_text_a_list_is_one_line_per_item() -> None:
    assert markdown_plain(FAVOURITES) == (
        "Her favourite things:\n• naps\n• belly rubs\n\nHer routine:\n1. breakfast\n2. a walk"
    )
    assert markdown_plain("She is **very** _sweet_.\n\nReally.") == "She is very sweet.\n\nReally."


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("Read more at https://example.org/ada_bo.", "https://example.org/ada_bo"),
        ("Read more at www.example.org today", "http://www.example.org"),
    ],
)
def test_bare_urls_become_links(text: str, href: str) -> None:
    assert f'<a href="{href}" rel="noopener noreferrer nofollow">' in markdown_html(text)


@pytest.mark.parametrize(
    ("text", "unsafe"),
    [
        ("Hi <script>alert(1)</script> there", "<script"),
        ("Hi <iframe src='https://evil.example'></iframe> there", "<iframe"),
        ("<b onclick='alert(1)'>bold</b>", "onclick"),
        ("[click](javascript:alert(1))", 'href="javascript:'),
        ('<a href="javascript:alert(1)">x</a>', 'href="javascript:'),
        ("![pixel](https://tracker.example/p.gif)", "<img"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", 'href="data:'),
    ],
)
def test_safe_markdown_keeps_no_raw_html_and_no_unsafe_link(text: str, unsafe: str) -> None:
    # even a renderer that keeps raw HTML and follows any link makes only text of it
    lax = MarkdownIt("commonmark", {"html": True})
    lax.validateLink = lambda url: True  # type: ignore[method-assign]
    assert unsafe in lax.render(text)  # what the payload would do, unescaped
    assert unsafe not in lax.render(markdown_safe(text))


def test_safe_markdown_keeps_what_the_html_keeps() -> None:
    text = "She is **very** *sweet*.\n\n" + FAVOURITES + "\n\nSee [her page](https://example.org)."
    assert markdown_safe(text) == (
        "She is **very** *sweet*.\n\nHer favourite things:\n\n- naps\n- belly rubs\n\n"
        "Her routine:\n\n1. breakfast\n2. a walk\n\nSee [her page](https://example.org)."
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Ada & Bo", "Ada & Bo"),
        ("foster_fails", "foster_fails"),
        ("*not* emphasis", "\\*not\\* emphasis"),
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("<script>", "&lt;script>"),
        ("&amp; stays", "&amp;amp; stays"),
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("> not a quote", "&gt; not a quote"),
    ],
)
def test_plain_text_is_escaped_for_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_captions_show_lists_line_by_line_and_no_marks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "".join(f"  {line}\n" if line else "\n" for line in FAVOURITES.split("\n"))
    story = EXAMPLE_STORY + "body: |\n  She is **very** _sweet_.\n\n" + body
    root = write_project(tmp_path, {"ada-and-bo": story})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["captions", "ada-and-bo", "-p", "facebook", "--json"])
    assert result.exit_code == 0, result.output
    text = json.loads(result.stdout)["text"]
    assert (
        "She is very sweet.\n\nHer favourite things:\n• naps\n• belly rubs\n\n"
        "Her routine:\n1. breakfast\n2. a walk\n\n"
    ) in text


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        (
            "Read [his recovery diary](https://rescue.example/diary) for the whole story.",
            "Read his recovery diary (https://rescue.example/diary) for the whole story.",
        ),
        ("Write to [us](mailto:adopt@rescue.example).", "Write to us (adopt@rescue.example)."),
        # words that are the address already keep it once
        ("See https://rescue.example/diary today.", "See https://rescue.example/diary today."),
        ("See www.rescue.example today.", "See www.rescue.example today."),
        ("- [her vet notes](https://vet.example/n)", "• her vet notes (https://vet.example/n)"),
    ],
)
def test_plain_text_keeps_a_links_address_after_its_words(text: str, plain: str) -> None:
    assert markdown_plain(text, links=True) == plain


LINKED = EXAMPLE_STORY + (
    "body: |\n  Bo had surgery in May. Read [her recovery diary](https://rescue.example/diary) "
    "for the whole story.\n\n"
    + "".join(f"  Week {n} went well, and she ate every meal.\n\n" for n in range(1, 9))
)


@pytest.mark.parametrize(
    ("platform", "sentence"),
    [
        ("facebook", "Read her recovery diary (https://rescue.example/diary) for the whole story."),
        # links are not clickable, nor the caption copyable, on Instagram and TikTok: the words
        ("instagram", "Read her recovery diary for the whole story."),
        ("tiktok", "Read her recovery diary for the whole story."),
    ],
)
def test_captions_keep_a_links_address_where_the_platform_shows_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, sentence: str
) -> None:
    root = write_project(tmp_path, {"ada-and-bo": LINKED})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["captions", "ada-and-bo", "-p", platform, "--json"])
    assert result.exit_code == 0, result.output
    assert sentence in json.loads(result.stdout)["text"]


def test_threads_and_the_blurb_keep_a_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path, {"ada-and-bo": LINKED})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "--jobs", "1", "--date", "2026-11-20"])
    assert result.exit_code == 0, result.output
    out = root / "output" / "ada-and-bo"
    for platform in ("x", "bluesky", "threads", "mastodon"):
        thread = (out / "posts" / platform / "thread.txt").read_text()
        assert "her recovery diary (https://rescue.example/diary)" in thread, platform
    assert "[her recovery diary](https://rescue.example/diary)" in (out / "blurb.md").read_text()
    assert (
        '<a href="https://rescue.example/diary" rel="noopener noreferrer nofollow">her recovery '
        "diary</a>"
    ) in (out / "blurb.html").read_text()
    listing = json.loads((out / "listing.json").read_text())
    assert "her recovery diary (https://rescue.example/diary)" in listing[0]["description"]
