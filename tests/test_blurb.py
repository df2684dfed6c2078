"""Blurbs: Markdown and an HTML fragment that stays safe whatever the case file holds."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project
from markdown_it import MarkdownIt

from storykit.cli import main

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "[click](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<iframe src='https://evil.example'></iframe>",
]


def hostile_story(payload: str) -> str:
    # inside other words, so that no value is all "<...>" (a placeholder from storykit new)
    quoted = f"Hi {payload} there".replace("\\", "\\\\").replace('"', '\\"')
    text = EXAMPLE_STORY
    for key in ("title", "headline", "summary"):
        text = re.sub(rf"^{key}: .*$", f'{key}: "{quoted}"', text, count=1, flags=re.M)
    text = text.replace("name: Jo Park", f'name: "{quoted}"')
    text = text.replace("city: Leeds", f'city: "{quoted}"')
    text = text.replace("highlights: [bonded pair, litter trained]", f'highlights: ["{quoted}"]')
    text = text.replace(
        "  - name: Bo\n    species: cat",
        f'  - name: Bo\n    breed: "{quoted}"\n    traits: ["{quoted}"]\n    species: cat',
    )
    text += f'body: "{quoted}\\n\\nMore *Markdown* with [a link](https://example.org)."\n'
    text += f'quotes: [{{text: "{quoted}", by: "{quoted}"}}]\n'
    text += f'facts: [{{text: "{quoted}", source: "{quoted}"}}]\n'
    return text


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_never_becomes_markup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, payload: str
) -> None:
    root = write_project(tmp_path, {"evil": hostile_story(payload)})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "--date", "2026-11-20"])
    assert result.exit_code == 0, result.output
    html = (root / "output" / "evil" / "blurb.html").read_text()
    parsed = Collector()
    parsed.feed(html)
    assert not {"script", "img", "svg", "iframe"} & set(parsed.tags)
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    hrefs = [v or "" for name, v in parsed.attrs if name == "href"]
    assert all(h.startswith(("https://", "http://", "mailto:")) for h in hrefs), hrefs
    assert "https://example.org" in hrefs  # the harmless Markdown link survives
    assert "<em>Markdown</em>" in html
    # blurb.md is safe to paste too: even a Markdown renderer that keeps raw HTML and
    # follows any link scheme makes nothing of the payload but text
    blurb_md = (root / "output" / "evil" / "blurb.md").read_text()
    lax = MarkdownIt("commonmark", {"html": True})
    lax.validateLink = lambda url: True  # type: ignore[method-assign]
    parsed = Collector()
    parsed.feed(lax.render(blurb_md))
    assert not {"script", "img", "svg", "iframe"} & set(parsed.tags)
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    hrefs = [v or "" for name, v in parsed.attrs if name == "href"]
    assert all(h.startswith(("https://", "http://", "mailto:")) for h in hrefs), hrefs
    assert "[a link](https://example.org)" in blurb_md and "*Markdown*" in blurb_md


def test_blurb_html_fragment_has_facts_table_and_call_to_action(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    CliRunner().invoke(main, ["build", "--date", "2026-11-20"])
    html = (project / "output" / "ada-and-bo" / "blurb.html").read_text()
    assert html.lstrip().startswith('<article class="storykit-blurb"')
    assert "<html" not in html and "<body" not in html
    assert "<caption>About Ada</caption>" in html
    assert '<tr><th scope="row">Age</th><td>10 months old (young)</td></tr>' in html
    assert '<tr><th scope="row">Sex</th><td>Female</td></tr>' in html
    assert (
        '<a href="https://example.org/adopt/ada-bo" rel="noopener noreferrer nofollow">'
        "Apply here</a>"
    ) in html
    assert "Adoption fee: $120" in html
    md = (project / "output" / "ada-and-bo" / "blurb.md").read_text()
    assert md.startswith("## Two peas in a pod\n")
    assert "| Age | 10 months old (young) |" in md
    assert "[Apply here](https://example.org/adopt/ada-bo)" in md


def test_blurbs_have_lists_as_fosters_write_them_and_links_from_bare_urls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = EXAMPLE_STORY + (
        'body: "Her favourite things:\\n- naps\\n- belly rubs\\n\\n'
        'Read her diary at www.example.org/ada, or https://example.org/bo."\n'
    )
    root = write_project(tmp_path, {"ada-and-bo": story})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "--date", "2026-11-20"])
    assert result.exit_code == 0, result.output
    html = (root / "output" / "ada-and-bo" / "blurb.html").read_text()
    assert "<p>Her favourite things:</p>\n<ul>\n<li>naps</li>\n<li>belly rubs</li>\n</ul>" in html
    assert (
        '<a href="http://www.example.org/ada" rel="noopener noreferrer nofollow">'
        "www.example.org/ada</a>"
    ) in html
    assert '<a href="https://example.org/bo" rel="noopener noreferrer nofollow">' in html
    md = (root / "output" / "ada-and-bo" / "blurb.md").read_text()
    assert "Her favourite things:\n\n- naps\n- belly rubs\n" in md
    assert "[www.example.org/ada](http://www.example.org/ada), or <https://example.org/bo>." in md
