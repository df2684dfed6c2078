"""The preview pages used as a volunteer would, in Chromium: axe-core's WCAG 2.2 AA audit,
the keyboard only (every control reached, its focus visible), what the live regions say,
the posts' carousels, copies and downloads, from file:// and over http."""

from __future__ import annotations

import functools
import http.server
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import test_site_browser
from conftest import EXAMPLE_STORY, write_project
from PIL import Image
from test_site import build_with_site
from test_site_browser import Watch, _platforms

from storykit.outputs.site import fold_split

pytestmark = pytest.mark.slow  # a real browser

# test_site_browser's fixtures: the examples built with their site, Chromium, a watched page
site, browser, watch = test_site_browser.site, test_site_browser.browser, test_site_browser.watch

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = [(1280, 900), (390, 844)]  # a desktop and a phone


def _audit(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on *page* at WCAG 2.2 AA."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return list(results.response["violations"])


def _report(where: str, violations: list[dict[str, Any]]) -> str:
    """Each violation's id, help and nodes, so a failure says what to fix."""
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append(f"      {node.get('failureSummary', '').replace(chr(10), ' | ')}")
    return "\n".join(lines)


def _pages(site: Path) -> list[Path]:
    out = site / "output"
    return [out / "index.html", *sorted(out.glob("*/index.html"))]


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_axe_finds_no_violation(site: Path, browser: object, width: int, height: int) -> None:
    w = Watch(browser, width, height)
    try:
        found: list[str] = []
        pages = _pages(site)
        assert len(pages) == 5  # the index, the three examples and the hostile story
        for path in pages:
            page = w.open(path)
            violations = _audit(page)
            if violations:
                found.append(_report(str(path.relative_to(site)), violations))
        # the index with each filter pressed (an empty one too: its chip is dark then)
        page = w.open(site / "output" / "index.html")
        for button in page.locator("button[data-filter]").all():
            button.click()
            violations = _audit(page)
            if violations:
                found.append(_report(f"index, {button.get_attribute('data-filter')}", violations))
        # the story page with a carousel moved on and a caption edited past its fold
        page = w.open(site / "output" / "chelsea" / "index.html")
        page.locator("#post-chelsea-instagram [data-slide='next']").click()
        page.locator("#post-chelsea-instagram textarea").fill("word " * 80)
        violations = _audit(page)
        if violations:
            found.append(_report("chelsea, edited", violations))
        assert not found, "\n".join(found)
        assert w.errors == []
    finally:
        w.close()


FOCUSABLE = (
    "a[href], button, textarea, input, select, video[controls], [tabindex]:not([tabindex='-1'])"
)


def _tab_through(page: Any, limit: int = 600) -> tuple[int, list[dict[str, Any]]]:
    """Press Tab from the top until focus comes round again: how many controls the page
    shows, and what each Tab focused (its number, focus style and place on the screen)."""
    total = page.evaluate(
        """(sel) => { let n = 0;
        for (const e of document.querySelectorAll(sel)) {
          if (e.disabled || !e.checkVisibility()) continue; e.dataset.k = String(n++); }
        return n; }""",
        FOCUSABLE,
    )
    seen: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
            const r = e.getBoundingClientRect();
            return {k: e.dataset ? e.dataset.k : undefined, tag: e.tagName,
                    text: (e.innerText || e.getAttribute('aria-label') || e.id || '').slice(0, 40),
                    rect: [r.left, r.right, r.top, r.bottom],
                    outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                    shadow: s.boxShadow, onscreen: r.width > 0 && r.height > 0 &&
                      r.left >= 0 && r.right <= innerWidth + 1 && r.bottom > 0 &&
                      r.top < innerHeight}; }"""
        )
        if info["tag"] == "BODY" or (seen and info["k"] == seen[0]["k"]):
            break
        if seen and info["tag"] == "VIDEO" and seen[-1]["k"] == info["k"]:
            continue  # a video's own controls (play, sound, full screen...): one control
        seen.append(info)
    return total, seen


@pytest.mark.parametrize("name", ["index.html", "chelsea/index.html"])
def test_keyboard_reaches_every_control_with_visible_focus(
    site: Path, browser: object, name: str
) -> None:
    w = Watch(browser, 1280, 900)
    try:
        page = w.open(site / "output" / name)
        page.emulate_media(reduced_motion="reduce")  # scrolled at once, not smoothly
        total, seen = _tab_through(page)
        reached = {s["k"] for s in seen}
        assert reached == {str(k) for k in range(total)}, (total, len(reached))
        assert len(seen) == total  # each once, in one round
        for s in seen:
            visible = (s["outline"] != "none" and s["width"] >= 2) or s["shadow"] != "none"
            assert visible, s
            # scrolled into view (a tall box at least in part), a carousel's slide too
            assert s["onscreen"], s
        assert total >= (4 if name == "index.html" else 60)
    finally:
        w.close()


def test_filter_says_what_is_shown(site: Path, watch: Watch) -> None:
    page = watch.open(site / "output" / "index.html")
    status = page.locator("#filter-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == "Showing all 4 stories"
    expected = {
        "adopted": "Showing 1 of 4 stories: adopted",
        "available": "Showing 1 of 4 stories: available",
        "pending": "Showing 0 of 4 stories: pending",
        "hold": "Showing 1 of 4 stories: hold",
        "all": "Showing all 4 stories",
    }
    for name, message in expected.items():
        page.locator(f"button[data-filter='{name}']").click()
        assert status.inner_text() == message
        shown = page.locator(".tile:visible").count()
        assert message.startswith(f"Showing {shown} of") or shown == 4


def test_empty_filter_chip_has_readable_text(site: Path, watch: Watch) -> None:
    page = watch.open(site / "output" / "index.html")
    chip = page.locator("button[data-filter='pending']")
    assert chip.get_attribute("data-empty") == ""
    for press in (False, True):
        if press:
            chip.click()
        colours = chip.evaluate(
            "e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor]; }"
        )
        ratio = page.evaluate(
            """([fg, bg]) => { const l = (c) => { const v = c.match(/\\d+/g).slice(0, 3)
              .map(Number).map((x) => { x /= 255; return x <= 0.03928 ? x / 12.92 :
              ((x + 0.055) / 1.055) ** 2.4; }); return 0.2126 * v[0] + 0.7152 * v[1] +
              0.0722 * v[2]; }; const a = l(fg), b = l(bg);
              return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }""",
            colours,
        )
        assert ratio >= 4.5, (press, colours, ratio)


# --- Posts ------------------------------------------------------------------------------


def _jpeg(size: tuple[int, int], shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (shade, 120, 200 - shade)).save(out, "JPEG")
    return out.getvalue()


MANY = (
    EXAMPLE_STORY
    + "photos:\n"
    + "".join(
        f"  - {{file: photos/p{i}.jpg, alt: Photo {i} of the kittens, animals: [{name}]}}\n"
        for i, name in enumerate(["Ada", "Bo", "Ada", "Bo", "Ada", "Bo"], 1)
    )
)


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A story of six photos, built for Instagram (a carousel) and Bluesky (a grid of 4)."""
    root = tmp_path_factory.mktemp("many") / "proj"
    config = (
        "organisation: {name: Test Rescue}\n"
        "platforms:\n  instagram: {sizes: [portrait]}\n  bluesky: {sizes: [landscape]}\n"
    )
    files = {f"stories/photos/p{i}.jpg": _jpeg((900, 700), 20 * i) for i in range(1, 7)}
    write_project(root, {"ada-and-bo": MANY}, config=config, files=files)
    build_with_site(root)
    return root


def _post(root: Path, platform: str) -> dict[str, Any]:
    path = root / "output" / "ada-and-bo" / "posts" / platform / "post.json"
    return dict(json.loads(path.read_text("utf-8")))


def test_carousel_shows_the_kit_in_order_and_moves_by_keyboard(many: Path, watch: Watch) -> None:
    post = _post(many, "instagram")
    n = len(post["media"])
    assert n == 8  # the cover, six photos, the closing card
    page = watch.open(many / "output" / "ada-and-bo" / "index.html")
    box = page.locator("#post-ada-and-bo-instagram")
    carousel = box.locator(".carousel")
    assert carousel.get_attribute("aria-roledescription") == "carousel"
    srcs = carousel.locator(".slide img").evaluate_all("els => els.map(e => e.getAttribute('src'))")
    assert srcs == [f"posts/instagram/{m['path']}" for m in post["media"]]
    alts = carousel.locator(".slide img").evaluate_all("els => els.map(e => e.alt)")
    assert alts == [m["alt"] for m in post["media"]]
    status = carousel.locator(".slide-status")
    assert status.inner_text() == f"1 of {n}"
    assert status.get_attribute("aria-live") == "polite"
    slides = carousel.locator(".slides")
    nxt = carousel.locator("[data-slide='next']")
    nxt.focus()
    for i in range(2, n + 1):
        page.keyboard.press("Enter")
        page.wait_for_function(
            "([e, i]) => e.scrollLeft === e.children[i].offsetLeft - e.children[0].offsetLeft",
            arg=[slides.element_handle(), i - 1],
        )  # come to rest on the slide
        page.wait_for_timeout(50)
        assert status.inner_text() == f"{i} of {n}"
    assert nxt.get_attribute("aria-disabled") == "true"
    page.keyboard.press("Enter")  # past the last: it stays
    assert status.inner_text() == f"{n} of {n}"
    prev = carousel.locator("[data-slide='prev']")
    prev.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        "([e, i]) => e.scrollLeft === e.children[i].offsetLeft - e.children[0].offsetLeft",
        arg=[slides.element_handle(), n - 2],
    )
    page.wait_for_timeout(50)
    assert status.inner_text() == f"{n - 1} of {n}"
    # tabbing to a slide's button brings its slide into view and says so
    box.locator("#slide-ada-and-bo-instagram-3 [data-copy='alt']").focus()
    page.wait_for_function("e => e.textContent === '3 of 8'", arg=status.element_handle())
    # Bluesky shows its four together, no carousel
    grid = page.locator("#post-ada-and-bo-bluesky .media")
    assert grid.evaluate("e => e.tagName") == "OL" and "grid" in (grid.get_attribute("class") or "")
    assert grid.locator(".slide").count() == len(_post(many, "bluesky")["media"]) == 4


def test_fold_is_marked_and_follows_edits(site: Path, watch: Watch) -> None:
    platforms = _platforms(site)
    page = watch.open(site / "output" / "chelsea" / "index.html")
    post = json.loads(
        (site / "output" / "chelsea" / "posts" / "instagram" / "post.json").read_text("utf-8")
    )
    feed = page.locator("#feed-chelsea-instagram")
    above, below = fold_split(post["caption"], post["fold"]["at"], platforms["instagram"])  # type: ignore[arg-type]
    assert below and above + below == post["caption"]
    assert feed.locator(".above").text_content() == above
    assert feed.locator(".below").text_content() == below
    mark = feed.locator(".fold-mark")
    assert mark.text_content() == "…more (the feed cuts the caption here)"
    assert mark.locator(".vh").count() == 1  # the explanation, for a screen reader
    note = page.locator(f"#{feed.get_attribute('aria-describedby')}")
    assert note.inner_text().startswith("The feed shows about the first 125 characters")
    styles = page.evaluate(
        """() => ['.above', '.below'].map(s => { const c = getComputedStyle(document
        .querySelector('#feed-chelsea-instagram ' + s)); return c.color + c.backgroundColor; })"""
    )
    assert styles[0] != styles[1]  # the text after the fold looks different
    # an edit moves the fold as Python would; a short caption does not fold
    area = page.locator("#post-chelsea-instagram textarea")
    for text in ("Short and sweet", "Meet Ada 👩‍👩‍👧 " * 12 + "and the rest", "x" * 300):
        area.fill(text)
        want_above, want_below = fold_split(text, 125, platforms["instagram"])  # type: ignore[arg-type]
        assert feed.locator(".above").text_content() == want_above
        assert feed.locator(".below").count() == (1 if want_below else 0)
        if want_below:
            assert feed.locator(".below").text_content() == want_below
        shown = "The feed shows about the first" if want_below else "The feed shows this caption"
        assert note.inner_text().startswith(shown)
    # the JavaScript cut agrees with Python's on every platform's caption
    for name, platform in platforms.items():
        text = (site / "output" / "chelsea" / "captions" / f"{name}.txt").read_text("utf-8")
        for at in (40, 100, 125):
            got = page.evaluate("([t, a, p]) => storykit.foldSplit(t, a, p)", [text, at, name])
            assert tuple(got) == fold_split(text, at, platform), (name, at)  # type: ignore[arg-type]


def test_copy_alt_thread_posts_and_the_blurb_as_formatted_text(site: Path, watch: Watch) -> None:
    page = watch.open(site / "output" / "chelsea" / "index.html")
    clip = "navigator.clipboard.readText()"
    post = json.loads(
        (site / "output" / "chelsea" / "posts" / "bluesky" / "post.json").read_text("utf-8")
    )
    box = page.locator("#post-chelsea-bluesky")
    for i, media in enumerate(post["media"], 1):
        box.locator(f"#slide-chelsea-bluesky-{i} [data-copy='alt']").click()
        assert page.evaluate(clip) == media["alt"]
    assert len(post["thread"]) > 1
    for i, text in enumerate(post["thread"], 1):
        button = box.locator(".thread-post").nth(i - 1).locator("[data-copy='post']")
        assert button.inner_text().startswith(f"Copy post {i}")
        button.click()
        assert page.evaluate(clip) == text
    # the blurb: formatted (HTML with a plain-text version) and as its source
    rich = page.locator("button[data-copy='blurb-rich']")
    rich.click()
    copied = rich.locator("xpath=..").locator(".copied")
    copied.wait_for(state="visible")  # the clipboard is written asynchronously
    assert copied.inner_text() == "Copied"
    got = page.evaluate(
        """async () => { const [item] = await navigator.clipboard.read();
        const t = async (k) => await (await item.getType(k)).text();
        return {types: item.types, html: await t('text/html'), text: await t('text/plain')}; }"""
    )
    assert set(got["types"]) == {"text/html", "text/plain"}
    assert got["text"] == page.locator(".blurb").inner_text()
    assert "<p>" in got["html"] and "Chelsea" in got["html"]
    assert "<" not in got["text"]
    page.locator("button[data-copy='blurb']").click()
    blurb = (site / "output" / "chelsea" / "blurb.html").read_text("utf-8").strip()
    assert page.evaluate(clip) == blurb


def test_downloads_from_file_say_how_to_save(site: Path, browser: object) -> None:
    context = browser.new_context(accept_downloads=True)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto((site / "output" / "chelsea" / "index.html").as_uri())
        # Chromium opens an image from file:// rather than save it, whatever the link says:
        # the page says how to save it, and opens it in a new tab (the edits here stay)
        note = page.locator("#posts-chelsea ~ [data-file-note]")
        assert note.is_visible()
        assert "right-click it (on a phone, press and hold it)" in note.inner_text()
        image = page.locator("#slide-chelsea-instagram-1 a[data-save='image']")
        assert image.inner_text().startswith("Open") and image.get_attribute("target") == "_blank"
        assert image.get_attribute("download") is None
        with context.expect_page() as opened:
            image.click()
        assert opened.value.url.endswith("/chelsea/posts/instagram/01-cover.jpg")
        opened.value.close()
        # a zip is saved
        with page.expect_download() as saved:
            page.locator("#post-chelsea-instagram a[href$='.zip']").click()
        assert saved.value.suggested_filename == "instagram.zip"
    finally:
        context.close()


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    """output/ over http, as `storykit serve` or a web host would give it."""
    handler = functools.partial(_QuietHandler, directory=str(site / "output"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_downloads_over_http_save_the_image(served: str, browser: object) -> None:
    context = browser.new_context(accept_downloads=True)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(served + "/chelsea/index.html")
        assert page.locator("[data-file-note]").first.is_hidden()
        image = page.locator("#slide-chelsea-instagram-2 a[data-save='image']")
        assert image.inner_text().startswith("Download")
        with page.expect_download() as saved:
            image.click()
        assert saved.value.suggested_filename == "02-closing.jpg"
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_axe_on_a_story_of_many_photos(
    many: Path, browser: object, width: int, height: int
) -> None:
    w = Watch(browser, width, height)
    try:
        page = w.open(many / "output" / "ada-and-bo" / "index.html")
        found = _audit(page)
        assert not found, _report("ada-and-bo", found)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    finally:
        w.close()
