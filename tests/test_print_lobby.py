"""The lobby slideshow (templates/site/lobby.html), rendered with the project's Jinja setup from
stories of every status, with real cards from the card engine; then in Chromium from file://:
it moves on by itself, pauses and steps by keyboard, reaches no network, and passes axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import test_site_browser
from printkit import EMOJI, LITTER, PAIR, REPO, RTL, context, repo_story, story, templates

from storykit.cards.batch import CardRequest
from storykit.cards.engine import render_cards
from storykit.cards.layout import CardStyle, PhotoSource
from storykit.load.model import Story
from storykit.outputs.context import STATUS_LABELS
from storykit.outputs.layouts import BUILT_IN, read_layout_file
from storykit.printing.content import Link
from storykit.printing.lobby import LobbySlide, lobby_context
from storykit.printing.qr import qr_svg
from storykit.text.sentences import sentences

Watch = test_site_browser.Watch

CHELSEA = REPO / "stories" / "photos" / "chelsea.jpg"


def _stories() -> list[tuple[str, Story]]:
    pending = story(EMOJI.replace("status: available", "status: pending"))
    return [
        ("chelsea", repo_story("chelsea")),
        ("biscuit-happy-tails", repo_story("biscuit-happy-tails")),
        ("possum-and-kangaroo", repo_story("possum-and-kangaroo")),
        ("ada-and-bo", story(PAIR)),
        ("constellation", story(LITTER)),
        ("yasmin", story(RTL)),
        ("pickle", pending),
    ]


def _card(out: Path, slug: str, s: Story) -> str:
    """The story's square photo card, made by the card engine, as the build writes it."""
    layout, _ = read_layout_file(BUILT_IN / "photo.yaml")
    assert layout is not None
    ctx = context(s, slug)
    texts = {"badge": ctx["badge"], "headline": ctx["headline"], "names": ctx["names"]}
    photo = PhotoSource(CHELSEA, focus=(0.45, 0.45))
    request = CardRequest(f"{slug}/square", layout, (1080, 1080), (photo,), texts, CardStyle())
    (card,) = render_cards([request])
    path = out / slug / "cards" / "photo-1-square.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(card.data)
    return path.relative_to(out).as_posix()


def render_lobby(out: Path, seconds: float = 8.0) -> tuple[Path, list[LobbySlide]]:
    """output/lobby.html for the stories above (the one on hold without a photo)."""
    slides = []
    for slug, s in _stories():
        ctx = context(s, slug)
        image = _card(out, slug, s) if slug != "yasmin" else None
        link = ctx["link"] or ctx["org_link"]
        slides.append(
            LobbySlide(
                slug=slug,
                names=ctx["names"],
                status=s.status,
                status_label=STATUS_LABELS[s.status],
                line=sentences(s.summary, 1),
                image=image,
                alt=(s.photos[0].alt or "") if s.photos else f"Photo of {ctx['names']}",
                link=Link(link, link.removeprefix("https://")) if link else None,
                qr=qr_svg(link) if link else "",
            )
        )
    lobby = lobby_context(slides, "Lakeside Animal Rescue", "Meet our animals", seconds)
    html = templates().render("site/lobby.html", {"lobby": lobby})
    path = out / "lobby.html"
    path.write_text(html, "utf-8")
    return path, slides


WAITING = ["chelsea", "ada-and-bo", "constellation", "yasmin", "pickle"]


@pytest.fixture(scope="module")
def lobby(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[LobbySlide]]:
    return render_lobby(tmp_path_factory.mktemp("lobby") / "output", seconds=1.0)


def test_the_lobby_holds_every_animal_still_waiting_and_nothing_from_the_network(
    lobby: tuple[Path, list[LobbySlide]],
) -> None:
    path, slides = lobby
    html = path.read_text("utf-8")
    assert re.findall(r'data-slug="([^"]+)"', html) == WAITING
    for s in slides:
        assert (f'data-slug="{s.slug}"' in html) == (s.slug in WAITING)
    assert 'data-seconds="1.0"' in html
    assert html.count("<svg") == 5  # a QR code each (the one on hold: its org's page)
    # nothing is fetched: no external stylesheet, script, font or image
    assert not re.search(r"<(link|script)[^>]+(src|href)=|@import|url\(", html)
    assert all(not src.startswith(("http", "//")) for src in re.findall(r'src="([^"]+)"', html))
    for src in re.findall(r'<img src="([^"]+)"', html):
        assert (path.parent / src).is_file()


# --- in Chromium ------------------------------------------------------------------------


browser = test_site_browser.browser  # Chromium (skipped, saying why, without it)


def _shown(page: object) -> str:
    return str(
        page.evaluate(  # type: ignore[attr-defined]
            "() => document.querySelector('#lobby-slides > .slide:not([hidden])').dataset.slug"
        )
    )


@pytest.mark.slow
def test_the_lobby_moves_on_by_itself_and_keys_pause_and_step(
    lobby: tuple[Path, list[LobbySlide]], browser: object
) -> None:
    path, _ = lobby
    w = Watch(browser, 1920, 1080)
    try:
        page = w.open(path)
        assert _shown(page) == "chelsea"
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => document.getElementById('slide-2').hidden === false", timeout=3000
        )
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => document.getElementById('slide-3').hidden === false", timeout=3000
        )
        page.keyboard.press("Space")  # type: ignore[attr-defined]
        held = _shown(page)
        assert page.locator("#lobby").get_attribute("data-state") == "paused"  # type: ignore[attr-defined]
        assert page.locator("#lobby-pause").inner_text() == "Play"  # type: ignore[attr-defined]
        page.wait_for_timeout(2500)  # type: ignore[attr-defined]
        assert _shown(page) == held  # paused: it stays
        i = WAITING.index(held)
        page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
        assert _shown(page) == WAITING[(i + 1) % 5]
        where = page.locator("#lobby-where")  # type: ignore[attr-defined]
        assert where.inner_text() == f"{(i + 1) % 5 + 1} of 5"
        assert page.locator("#lobby-slides").get_attribute("aria-live") == "polite"  # type: ignore[attr-defined]
        page.keyboard.press("ArrowLeft")  # type: ignore[attr-defined]
        page.keyboard.press("ArrowLeft")  # type: ignore[attr-defined]
        assert _shown(page) == WAITING[(i - 1) % 5]
        page.wait_for_timeout(1500)  # type: ignore[attr-defined]
        assert _shown(page) == WAITING[(i - 1) % 5]  # still paused
        page.keyboard.press("Space")  # type: ignore[attr-defined]
        page.wait_for_function(  # type: ignore[attr-defined]
            f"() => document.querySelector('#lobby-slides > .slide:not([hidden])')"
            f".dataset.slug === {WAITING[i]!r}",
            timeout=3000,
        )
        assert page.locator("#lobby-slides").get_attribute("aria-live") == "off"  # type: ignore[attr-defined]
        assert w.errors == []
        assert w.requests and all(u.startswith("file://") for u in w.requests), w.requests
    finally:
        w.close()


@pytest.mark.slow
def test_the_lobby_passes_axe_and_respects_reduced_motion(
    lobby: tuple[Path, list[LobbySlide]], browser: object
) -> None:
    from test_accessibility import _audit, _report

    path, _ = lobby
    for width, height in [(1920, 1080), (1080, 1920)]:  # a TV, and one turned on its side
        w = Watch(browser, width, height)
        try:
            page = w.open(path)
            page.keyboard.press("Space")  # type: ignore[attr-defined]  # held still for the audit
            animation = (
                "() => getComputedStyle(document.querySelector("
                "'#lobby-slides > .slide:not([hidden])')).animationName"
            )
            assert page.evaluate(animation) == "lobby-in"  # type: ignore[attr-defined]
            # a viewer who asked for less motion: slides change without fading in
            page.emulate_media(reduced_motion="reduce")  # type: ignore[attr-defined]
            assert page.evaluate(animation) == "none"  # type: ignore[attr-defined]
            for _ in range(5):  # every slide, each as it stands (not half faded in)
                found = _audit(page)
                assert not found, _report(f"lobby {width}x{height} {_shown(page)}", found)
                page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
            assert w.errors == []
        finally:
            w.close()
