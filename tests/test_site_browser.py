"""The preview pages in a real browser (Chromium via Playwright), loaded from file://."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, write_project
from test_site import build_with_site

from storykit.load.platforms import resolve_platforms
from storykit.load.project import load_project
from storykit.text.counting import measure

pytestmark = pytest.mark.slow  # a real browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path("/tmp/site_shots")
PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
EDITS = [
    "Meet Ada 👩‍👩‍👧 and Bo 👍🏽 🏳️‍🌈 🇬🇧 1️⃣",
    "Cafe\u0301 cre\u0300me bru\u0302le\u0301e, n\u0303",
    "Adopt: https://example.org/adopt/ada-bo?x=1 or example.com/pets and t.co/abc",
    "مرحبا بكم في بيتنا 🐱 שלום",
    "@jo@mastodon.social says hi to @sam. Mail adopt@example.org",
    "日本語のテキスト、絵文字 🐶🐱 and ♥ ☺️ ©",
    "x" * 290,
]


def _hostile() -> str:
    """A case file with script in every text field (short enough for X's caption)."""
    script, img = "<script>window.__pwned=1</script>", "<img src=x onerror=window.__pwned=1>"
    story = {
        "title": f"T {script}",
        "headline": img,
        "summary": f"S {img}",
        "status": "hold",
        "animals": [{"name": script, "species": "dog", "breed": img}],
        "quotes": [{"text": script, "by": img}],
        "body": f"Body {PAYLOAD}",
        "highlights": [img],
        "hashtags": ["evil"],
        "foster": {"name": img, "city": script},
        "adoption": {"url": "https://example.org/a", "contact": img},
    }
    return json.dumps(story)  # JSON is YAML


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example stories and a hostile one, built with their site."""
    root = tmp_path_factory.mktemp("site") / "proj"
    shutil.copytree(REPO / "stories", root / "stories")
    shutil.copy(REPO / "storykit.yaml", root / "storykit.yaml")
    write_project(root, {"zz-hostile": _hostile()}, config=None)
    build_with_site(root)
    return root


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watch:
    """A page with its console errors, requests and dialogs recorded."""

    def __init__(self, browser: object, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
        self.context.grant_permissions(["clipboard-read", "clipboard-write"])
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: Path) -> object:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(browser: object) -> Iterator[Watch]:
    w = Watch(browser)
    yield w
    w.close()


def _pages(site: Path) -> list[Path]:
    out = site / "output"
    return [out / "index.html", *sorted(out.glob("*/index.html"))]


def _platforms(site: Path) -> dict[str, object]:
    project, _ = load_project(site)
    return {p.platform.name: p.platform for p in resolve_platforms(project.config)}


def test_no_console_errors_and_no_network(site: Path, watch: Watch) -> None:
    for page in _pages(site):
        watch.open(page)
    assert watch.errors == []
    assert watch.requests and all(u.startswith("file://") for u in watch.requests), [
        u for u in watch.requests if not u.startswith("file://")
    ]


def test_hostile_case_file_never_runs(site: Path, watch: Watch) -> None:
    for page in (site / "output" / "index.html", site / "output" / "zz-hostile" / "index.html"):
        p = watch.open(page)
        p.wait_for_timeout(200)
        assert p.evaluate("window.__pwned") is None
        assert p.locator("img[src='x']").count() == 0
    assert watch.dialogs == []


def test_counters_agree_with_storykit_count(site: Path, watch: Watch) -> None:
    platforms = _platforms(site)
    checked = 0
    for story_page in sorted((site / "output").glob("*/index.html")):
        page = watch.open(story_page)
        areas = page.locator("textarea.caption-text")
        for i in range(areas.count()):
            area = areas.nth(i)
            name = area.get_attribute("data-platform")
            text = area.input_value()
            expected = measure(text, platforms[name])  # type: ignore[arg-type]
            counter = page.locator(f"#{area.get_attribute('aria-describedby')} .n")
            assert int(counter.inner_text()) == expected.length, (name, text)
            checked += 1
    assert checked >= 21
    # edited text: the JavaScript rules give Python's numbers on the hard cases
    for text in EDITS:
        for name, platform in platforms.items():
            got = page.evaluate("([t, p]) => storykit.measure(t, p)", [text, name])
            want = measure(text, platform)  # type: ignore[arg-type]
            assert (got["length"], got["ok"]) == (want.length, want.ok), (name, text)
            assert got["bytes"] == want.bytes


def test_counter_updates_while_typing(site: Path, watch: Watch) -> None:
    platforms = _platforms(site)
    page = watch.open(site / "output" / "chelsea" / "index.html")
    for name in ("x", "bluesky", "threads", "mastodon", "instagram"):
        area = page.locator(f"textarea[data-platform='{name}']")
        counter = page.locator(f"#{area.get_attribute('aria-describedby')}")
        for text in EDITS[:3]:
            area.fill("")
            area.type(text[:20])  # real key events
            area.fill(text)
            want = measure(text, platforms[name])  # type: ignore[arg-type]
            assert int(counter.locator(".n").inner_text()) == want.length, (name, text)
            assert ("over" in (counter.get_attribute("class") or "")) == (not want.ok)
        assert counter.get_attribute("aria-live") == "polite"


def test_copy_puts_exactly_the_caption_on_the_clipboard(site: Path, watch: Watch) -> None:
    page = watch.open(site / "output" / "chelsea" / "index.html")
    for name in ("x", "instagram"):
        text = (site / "output" / "chelsea" / "captions" / f"{name}.txt").read_text("utf-8")[:-1]
        box = page.locator(f".caption[data-platform='{name}']")
        assert _copied(page, box.locator("button[data-copy]")) == text
    # an edit is what gets copied
    box = page.locator(".caption[data-platform='bluesky']")
    box.locator("textarea").fill(EDITS[0])
    assert _copied(page, box.locator("button[data-copy]")) == EDITS[0]
    blurb = (site / "output" / "chelsea" / "blurb.html").read_text("utf-8").strip()
    assert _copied(page, page.locator("button[data-copy='blurb']")) == blurb


def _copied(page: Any, button: Any) -> str:
    """Click a copy *button*, wait until its status says the copy is done (the clipboard is
    written asynchronously), and return what the clipboard holds."""
    from playwright.sync_api import expect

    status = button.locator("xpath=..").locator(".copied")
    button.click()
    expect(status).to_have_text("Copied", timeout=10_000)
    return str(page.evaluate("navigator.clipboard.readText()"))


def _tab_to(page: object, want: dict[str, str], limit: int = 80) -> dict[str, str]:
    """Press Tab until the focused element has the attributes *want*; focus must be visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        info = page.evaluate(  # type: ignore[attr-defined]
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {f: e.getAttribute('data-filter') || '', c: e.getAttribute('data-copy') || '',
                    cls: e.className || '', outline: s.outlineStyle}; }"""
        )
        assert info["outline"] != "none", info  # focus is visible
        if all(info[k] == v for k, v in want.items()):
            return info
    raise AssertionError(f"Tab never reached {want}")


def test_keyboard_filters_open_and_copy(site: Path, watch: Watch) -> None:
    page = watch.open(site / "output" / "index.html")
    _tab_to(page, {"f": "adopted"})
    page.keyboard.press("Enter")
    assert page.locator("button[data-filter='adopted']").get_attribute("aria-pressed") == "true"
    assert page.locator(".tile:visible").count() == 1
    _tab_to(page, {"cls": "tile-link"})
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/biscuit-happy-tails/index.html")
    _tab_to(page, {"c": "caption"})
    page.keyboard.press("Space")
    copied = page.evaluate("navigator.clipboard.readText()")
    caption = page.evaluate(
        "document.activeElement.closest('.caption').querySelector('textarea').value"
    )
    assert copied == caption and copied.startswith("Happy tails")
    page.go_back()
    page.locator("button[data-filter='all']").focus()
    page.keyboard.press("Space")
    assert page.locator(".tile:visible").count() == 4


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 900)])
def test_phone_width_and_screenshots(site: Path, browser: object, width: int, height: int) -> None:
    w = Watch(browser, width, height)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        for path, name in (
            (site / "output" / "index.html", "index"),
            (site / "output" / "chelsea" / "index.html", "chelsea"),
        ):
            page = w.open(path)
            assert page.evaluate("document.scrollingElement.scrollWidth") <= width
            page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"))
            page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}-full.png"), full_page=True)
        assert w.errors == []
    finally:
        w.close()
