"""The preview pages, card zips and web photos that build_site writes."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path

from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project
from PIL import Image

from storykit.cards.color import hex_contrast as contrast
from storykit.cli import main
from storykit.outputs.site import _js_pattern, cards_zip, page_colours

DATE = "2026-11-20"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def build_with_site(root: Path, date: str = DATE) -> dict[str, list[dict]]:
    """`storykit build`; the site files each story's story.json lists, by slug."""
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--date", date])
    assert result.exit_code == 0, result.output
    site_kinds = {"page", "zip", "listing", "photo"}
    return {
        folder.name: [
            f
            for f in json.loads((folder / "story.json").read_text("utf-8"))["files"]
            if f["kind"] in site_kinds
        ]
        for folder in sorted((root / "output").glob("[!.]*/"))
        if (folder / "story.json").is_file()  # not upload/
    }


def _jpeg(size: tuple[int, int] = (2400, 1200)) -> bytes:
    image = Image.new("RGB", size, (180, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # rotate 90 degrees
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


PHOTO_STORY = EXAMPLE_STORY + (
    "photos:\n"
    "  - {file: photos/ada.jpg, alt: Ada asleep, animals: [Ada]}\n"
    "  - {file: photos/both.jpg, alt: Both kittens}\n"
)


def hostile_story() -> str:
    h = HOSTILE.replace('"', '\\"')
    return (
        f'title: "Evil {h}"\nheadline: "Head {h}"\nsummary: "Sum {h}"\nstatus: available\n'
        f'animals:\n  - {{name: "Ev {h}", species: dog}}\n'
        f'quotes:\n  - {{text: "Quote {h}", by: "By {h}"}}\n'
        f'body: "Body {h}"\nhighlights: ["High {h}"]\n'
        "adoption: {url: 'https://example.org/a'}\n"
    )


def _meta(page: str, name: str) -> str | None:
    found = re.search(rf'(?:property|name)="{re.escape(name)}" content="([^"]+)"', page)
    return found.group(1) if found else None


def test_link_previews_are_absolute_where_the_site_is_published(tmp_path: Path) -> None:
    files = {"stories/photos/ada.jpg": _jpeg(), "stories/photos/both.jpg": _jpeg((800, 600))}
    # not published: the card's address relative to the page, and no og:url
    bare = write_project(tmp_path / "bare", {"ada-and-bo": PHOTO_STORY}, files=files)
    build_with_site(bare)
    page = (bare / "output" / "ada-and-bo" / "index.html").read_text("utf-8")
    card = _meta(page, "og:image")
    assert card and card.startswith("cards/") and "landscape" in card
    assert (bare / "output" / "ada-and-bo" / card).is_file()
    assert _meta(page, "og:url") is None
    # published: absolute addresses, as link previews need
    config = "organisation: {name: Test Rescue}\nsite: {url: 'https://rescue.example/stories'}\n"
    root = write_project(tmp_path / "p", {"ada-and-bo": PHOTO_STORY}, config=config, files=files)
    build_with_site(root)
    page = (root / "output" / "ada-and-bo" / "index.html").read_text("utf-8")
    image = f"https://rescue.example/stories/ada-and-bo/{card}"
    assert _meta(page, "og:image") == image and _meta(page, "twitter:image") == image
    assert _meta(page, "og:url") == "https://rescue.example/stories/ada-and-bo/"


def test_a_site_address_that_is_not_a_web_link_is_an_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", config="site:\n  url: rescue.example/stories\n")
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--date", DATE])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{root / 'storykit.yaml'}:2:8: error: site.url: a link must start with https://"
    ), result.stderr


def test_pages_zip_listing_and_entries(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p",
        {"ada-and-bo": PHOTO_STORY},
        files={"stories/photos/ada.jpg": _jpeg(), "stories/photos/both.jpg": _jpeg((800, 600))},
    )
    added = build_with_site(root)
    out = root / "output"
    kinds = {e["path"]: e["kind"] for e in added["ada-and-bo"]}
    assert kinds == {
        "index.html": "page",
        "cards.zip": "zip",
        "listing.json": "listing",
        "photos/ada.jpg": "photo",
        "photos/both.jpg": "photo",
    }
    for rel in ("index.html", "adoptable.csv", "adoptable.json", "ada-and-bo/index.html"):
        assert (out / rel).is_file(), rel
    page = (out / "ada-and-bo" / "index.html").read_text("utf-8")
    for tag in ("og:title", "og:description", "og:image", "twitter:card"):
        assert f'property="{tag}"' in page or f'name="{tag}"' in page, tag
    og = re.search(r'property="og:image" content="([^"]+)"', page)
    assert og and og.group(1).startswith("cards/") and "landscape" in og.group(1)
    assert not re.search(r'src="(https?:)?//', page), "the page must not load anything"
    assert "<link" not in page and "@import" not in page and "url(" not in page
    # every caption, exactly, in a textarea
    story = json.loads((out / "ada-and-bo" / "story.json").read_text("utf-8"))
    captions = [f for f in story["files"] if f["kind"] == "caption"]
    areas = [
        html.unescape(m)
        for m in re.findall(r"<textarea[^>]*caption-text[^>]*>\n(.*?)</textarea>", page, re.S)
    ]
    texts = [(out / "ada-and-bo" / c["path"]).read_text("utf-8")[:-1] for c in captions]
    assert areas == texts
    # the zip holds every card
    cards = sorted(f["path"].split("/")[-1] for f in story["files"] if f["kind"] == "card")
    with zipfile.ZipFile(out / "ada-and-bo" / "cards.zip") as z:
        assert sorted(z.namelist()) == cards
        first = z.read(cards[0])
    assert first == (out / "ada-and-bo" / "cards" / cards[0]).read_bytes()
    # web photos: upright, halved until the long edge is at most 2048, no metadata
    with Image.open(out / "ada-and-bo" / "photos" / "ada.jpg") as im:
        assert im.size == (600, 1200)
        assert not im.getexif() and "icc_profile" not in im.info
    with Image.open(out / "ada-and-bo" / "photos" / "both.jpg") as im:
        assert im.size == (600, 800)  # never upscaled
    listing = json.loads((out / "ada-and-bo" / "listing.json").read_text("utf-8"))
    # each animal's own photos first, then the untagged ones, never another animal's
    assert [r["photos"] for r in listing] == [
        ["photos/ada.jpg", "photos/both.jpg"],
        ["photos/both.jpg"],
    ]


def test_zip_and_pages_are_the_same_bytes_across_builds(tmp_path: Path) -> None:
    def snapshot(root: Path) -> dict[str, bytes]:
        build_with_site(root)
        out = root / "output"
        names = ["index.html", "adoptable.csv", "adoptable.json"]
        names += [f"ada-and-bo/{n}" for n in ("cards.zip", "index.html", "listing.json")]
        return {n: (out / n).read_bytes() for n in names}

    a = snapshot(write_project(tmp_path / "a"))
    b = snapshot(write_project(tmp_path / "b"))
    assert a == b
    again = snapshot(tmp_path / "a")
    assert again == a


def test_cards_zip_is_deterministic() -> None:
    one = cards_zip([("b.jpg", b"2"), ("a.jpg", b"1")])
    two = cards_zip([("a.jpg", b"1"), ("b.jpg", b"2")])
    assert one == two
    with zipfile.ZipFile(io.BytesIO(one)) as z:
        assert z.namelist() == ["a.jpg", "b.jpg"]
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"evil": hostile_story()})
    build_with_site(root)
    for page in (root / "output" / "index.html", root / "output" / "evil" / "index.html"):
        text = page.read_text("utf-8")
        assert "<script>alert" not in text
        assert "<img src=x" not in text
        assert "onerror=alert(1)>" not in text.replace("&gt;", "")
        # the only scripts are storykit's own two
        assert text.count("<script") == 2
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_project_template_overrides_the_page(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p",
        files={"templates/site/story.html": "custom {{ s.story.title }}\n"},
    )
    build_with_site(root)
    assert (root / "output" / "ada-and-bo" / "index.html").read_text("utf-8") == (
        "custom Ada &amp; Bo\n"  # autoescaped
    )


def test_js_patterns_drop_only_escapes() -> None:
    assert _js_pattern(r"a\!b\Zc\.d\é") == r"a!b$c\.dé"


def test_page_colours_meet_contrast() -> None:
    from storykit.load.model import Brand, Config

    for primary in ("#1d3557", "#ffeeaa", "#e76f51", "#777777"):
        colours = page_colours(Config(brand=Brand(primary=primary)))
        assert contrast(colours["primary"], colours["on_primary"]) >= 4.5
        assert contrast(colours["link"], "#ffffff") >= 4.5


def test_serve_answers_version_and_rebuilds(tmp_path: Path) -> None:
    import threading
    import urllib.request

    from storykit.dev.serve import make_server

    root = write_project(tmp_path / "p")
    (root / "output").mkdir()
    (root / "output" / "index.html").write_text("hello", encoding="utf-8")
    calls: list[int] = []
    server, watcher = make_server(root, 0, lambda: calls.append(1))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with urllib.request.urlopen(base + "/index.html") as r:
            assert r.read() == b"hello"
        with urllib.request.urlopen(base + "/__storykit/version") as r:
            assert r.read() == b"0"
        assert watcher.check() is False
        (root / "stories" / "ada-and-bo.yaml").write_text(EXAMPLE_STORY + "\n", encoding="utf-8")
        assert watcher.check() is True and calls == [1]
        with urllib.request.urlopen(base + "/__storykit/version") as r:
            assert r.read() == b"1"
    finally:
        server.shutdown()
        server.server_close()


def test_story_page_shows_each_kit_as_its_post(tmp_path: Path) -> None:
    files = {"stories/photos/ada.jpg": _jpeg(), "stories/photos/both.jpg": _jpeg((800, 600))}
    root = write_project(tmp_path / "p", {"ada-and-bo": PHOTO_STORY}, files=files)
    build_with_site(root)
    out = root / "output" / "ada-and-bo"
    page = (out / "index.html").read_text("utf-8")
    story = json.loads((out / "story.json").read_text("utf-8"))
    kits = [e for e in story["files"] if e["kind"] == "kit"]
    assert kits
    for entry in kits:
        post = json.loads((out / entry["path"]).read_text("utf-8"))
        name = post["platform"]
        start = page.index(f'<section class="post" id="post-ada-and-bo-{name}"')
        section = page[start : page.index("</section>", start)]
        # the media in posting order, each with its alt text and a Copy for it
        srcs = re.findall(r'<img src="([^"]+)" alt="([^"]*)"', section)
        assert [(s, html.unescape(a)) for s, a in srcs] == [
            (f"posts/{name}/{m['path']}", m["alt"]) for m in post["media"]
        ]
        assert section.count('data-copy="alt"') == len(post["media"])
        assert f'href="{entry["zip"]}" download' in section
        carousel = 'aria-roledescription="carousel"' in section
        assert carousel == (name in ("instagram", "threads", "tiktok") and len(post["media"]) > 1)
        # the thread's posts, one Copy each, in order
        assert section.count('data-copy="post"') == len(post["thread"])
        texts = re.findall(r'<p class="thread-text"[^>]*>(.*?)</p>', section, re.S)
        assert [html.unescape(t) for t in texts] == post["thread"]


def test_fold_split_cuts_by_the_platforms_count_at_a_word() -> None:
    from storykit.outputs.site import fold_split
    from storykit.text.counting import count
    from storykit.text.platforms import PLATFORMS

    instagram, x = PLATFORMS["instagram"], PLATFORMS["x"]
    assert fold_split("Short", 125, instagram) == ("Short", "")
    text = "Calm, curious and ready for a lap " * 6
    above, below = fold_split(text, 125, instagram)
    assert above + below == text and count(above, instagram) <= 125
    assert above[-1:].isspace() or below[:1].isspace()  # never mid-word
    assert count(above + " " + below.split()[0], instagram) > 125  # as much as fits
    # X counts an emoji as 2 and a link as 23
    above, below = fold_split("🐱" * 10 + " https://example.org/adopt/ada-and-bo more", 30, x)
    assert count(above, x) <= 30 and above.startswith("🐱" * 10)
    # one long word: cut inside it rather than show nothing
    above, below = fold_split("x" * 200, 125, instagram)
    assert (len(above), len(below)) == (125, 75)


def test_the_lobby_and_feeds_follow_every_change_they_show(tmp_path: Path) -> None:
    """The lobby and the feeds are taken from the last build when what they show is the same
    (an edited headline changes only the index page); a change to their stories' slides or
    listings, to a template they read or to storykit.yaml makes them again."""
    other = EXAMPLE_STORY.replace("Ada & Bo", "Cy").replace("Ada", "Cy").replace("Bo", "Di")
    root = write_project(tmp_path / "p", {"ada-and-bo": EXAMPLE_STORY, "cy": other})
    out = root / "output"
    story = root / "stories" / "ada-and-bo.yaml"

    def built() -> tuple[str, str, str]:
        build_with_site(root)
        return tuple(  # type: ignore[return-value]
            (out / name).read_text("utf-8")
            for name in ("index.html", "lobby.html", "adoptable.json")
        )

    index, lobby, feed = built()
    story.write_text(EXAMPLE_STORY.replace("Two peas in a pod", "Two sisters"), "utf-8")
    index2, lobby2, feed2 = built()
    assert "Two sisters" in index2 and "Two sisters" not in index
    assert (lobby2, feed2) == (lobby, feed)
    # a template the lobby reads, overridden: made again though no story changed
    override = root / "templates" / "site" / "lobby.html"
    override.parent.mkdir(parents=True)
    override.write_text("{{ lobby.count }} waiting\n", "utf-8")
    assert built()[1] == "2 waiting\n"
    story.write_text(EXAMPLE_STORY.replace("Two peas in a pod", "Two of a kind"), "utf-8")
    assert built()[1] == "2 waiting\n"  # kept as the override made it
    story.write_text(EXAMPLE_STORY.replace("status: available", "status: adopted"), "utf-8")
    _, lobby3, feed3 = built()
    assert lobby3 == "1 waiting\n"
    assert '"Ada"' not in feed3 and '"Ada"' in feed and '"Cy"' in feed3
    # storykit.yaml changed: the feeds name published photos and pages by site.url
    override.unlink()
    (root / "storykit.yaml").write_text(
        "organisation: {name: Other Rescue}\nsite: {zips: true}\n", "utf-8"
    )
    assert "Other Rescue" in built()[1]
