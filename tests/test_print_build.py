"""Flyers, kennel cards and the lobby as `storykit build` makes them, from clean projects of every
shape with real photos (../shared/photos, and a 12 MP phone photo made by
../shared/bench/make_phone_photos.py): each PDF read back as a printer and a phone would
(pypdfium2, zxing-cpp), two clean builds compared byte for byte, rebuilds that remake exactly
what changed, and the lobby in Chromium from file://. Uses ../shared (skipped without it)."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import test_site_browser
from click.testing import CliRunner
from conftest import assert_no_metadata
from printkit import qr_texts, read_pdf, split_images

from storykit.builder.project import build
from storykit.cli import main
from storykit.printing.paper import FLYER_PAGES, KENNEL_PAGES, POINTS_PER_INCH
from storykit.printing.photos import MAX_PDF_BYTES

DATE = "2026-12-01"
ORG = "https://lakeside.example/adopt"  # organisation.animals_url
CONFIG = f"""\
organisation: {{name: Lakeside Animal Rescue, url: https://lakeside.example, animals_url: {ORG}}}
platforms:
  instagram: {{sizes: [portrait, square]}}
  bluesky: {{sizes: [landscape]}}
video: {{make: false}}
lobby: {{seconds: 1}}
"""
PHOTOS = {  # the project's photo: ../shared/photos' file
    "ginger.jpg": "dreambooth_cat-00_ginger-cat.jpg",
    "grey.jpg": "dreambooth_cat2-03_grey-cat.jpg",
    "corgi.jpg": "dreambooth_dog6-00_corgi-puppy.jpg",
    "retriever.jpg": "dreambooth_dog7-02_retriever-beach.jpg",
    "collie.jpg": "dreambooth_dog8-04_border-collie.jpg",
    "tabby.jpg": "ibm-max_cat_tabby.jpg",
    "beagle.jpg": "ibm-max_dog_beagle-puppy.jpg",
    "cat.jpg": "placecal_good-cat-picture.jpg",
}

STORIES = {
    "pickle": """\
title: Pickle
headline: The friendliest terrier in town
summary: Pickle is a terrier mix who thinks every stranger is a friend. He loves a game of fetch.
status: available
animals:
  - {name: Pickle, species: dog, sex: male, born: 2024-05-01, breed: terrier mix, size: medium,
     good_with: {kids: yes, dogs: yes, cats: no}, health: {spayed_neutered: true},
     arrived: 2026-11-01, housetrained: true}
photos:
  - {file: photos/phone.jpg, alt: Pickle on the grass}
adoption: {url: "https://lakeside.example/adopt/pickle", fee: 150, contact: adopt@lakeside.example}
""",
    "ada-and-bo": """\
title: Ada & Bo
headline: Two peas in a pod
summary: Ada and Bo are bonded sisters. They nap in one basket and share every meal.
status: available
animals:
  - {name: Ada, species: cat, sex: female, born: 2026-01-10, breed: domestic shorthair}
  - {name: Bo, species: cat, sex: female, born: 2026-01-10, breed: domestic longhair}
photos:
  - {file: photos/ginger.jpg, alt: Ada, animals: [Ada]}
  - {file: photos/grey.jpg, alt: Bo, animals: [Bo]}
adoption: {url: "https://lakeside.example/adopt/ada-and-bo", fee: 200}
""",
    "constellation": """\
title: The Constellation Kittens
headline: Five little stars looking for their own skies
summary: Five kittens were found in a hay barn, and each is ready for a home of its own.
status: available
animals:
  - {name: Orion, species: cat, sex: male, age: 10 weeks, breed: domestic shorthair,
     arrived: 2026-10-20, colors: [orange]}
  - {name: Vega, species: cat, sex: female, age: 10 weeks, breed: domestic shorthair,
     arrived: 2026-10-20}
  - {name: Lyra, species: cat, sex: female, age: 10 weeks, breed: domestic longhair,
     arrived: 2026-10-20}
  - {name: Atlas, species: cat, sex: male, age: 10 weeks, breed: domestic shorthair,
     arrived: 2026-10-20}
  - {name: Nova, species: cat, sex: female, age: 10 weeks, breed: domestic shorthair,
     arrived: 2026-10-20}
photos:
  - {file: photos/ginger.jpg, alt: Orion, animals: [Orion]}
  - {file: photos/grey.jpg, alt: Vega, animals: [Vega]}
  - {file: photos/tabby.jpg, alt: Lyra, animals: [Lyra]}
  - {file: photos/cat.jpg, alt: Atlas, animals: [Atlas]}
adoption: {url: "https://lakeside.example/adopt/constellation"}
""",
    "biscuit": """\
title: Biscuit
headline: Biscuit found her couch
summary: Biscuit spent six months in our care. She now sleeps on a couch of her own.
status: adopted
animals:
  - {name: Biscuit, species: dog, sex: female, age: 2 years, breed: beagle}
photos:
  - {file: photos/beagle.jpg, alt: Biscuit}
adoption: {url: "https://lakeside.example/adopt/biscuit", fee: 100}
""",
    "rex": """\
title: Rex
headline: Rex is home
summary: Rex slipped his collar in a storm and was found three towns away.
status: reunited
animals:
  - {name: Rex, species: dog, sex: male, age: 5 years, breed: border collie}
photos:
  - {file: photos/collie.jpg, alt: Rex}
""",
    "olive": """\
title: Olive
headline: Olive is getting stronger every day
summary: Olive is on medical hold while her leg heals. She will be ready soon.
status: hold
animals:
  - {name: Olive, species: dog, sex: female, age: 1 year, breed: corgi mix}
quotes:
  - {text: She greets every visitor with her whole body., by: her foster}
adoption: {url: "https://lakeside.example/adopt/olive"}
""",
    "nugget": """\
title: Nugget
headline: Nugget's adoption is pending
summary: Nugget met a family last week, and they are filling in the papers.
status: pending
animals:
  - {name: Nugget, species: cat, sex: male, age: 4 years, breed: tabby}
photos:
  - {file: photos/tabby.jpg, alt: Nugget}
adoption: {url: "https://lakeside.example/adopt/nugget"}
""",
}
WAITING = ["ada-and-bo", "constellation", "pickle", "nugget", "olive"]  # as the lobby has them
NAMES = {
    "pickle": ["Pickle"],
    "ada-and-bo": ["Ada", "Bo"],
    "constellation": ["Orion", "Vega", "Lyra", "Atlas", "Nova"],
    "biscuit": ["Biscuit"],
    "rex": ["Rex"],
    "olive": ["Olive"],
    "nugget": ["Nugget"],
}


def qr_target(slug: str) -> str:
    """Where a story's QR codes go: its adoption page while available, else the animals."""
    story = STORIES[slug]
    if "status: available" in story:
        found = re.search(r'url: "([^"]+)"', story)
        assert found
        return found.group(1)
    return ORG


def make_project(root: Path, shared: Path, phone: Path) -> Path:
    (root / "stories" / "photos").mkdir(parents=True)
    (root / "storykit.yaml").write_text(CONFIG, "utf-8")
    for slug, text in STORIES.items():
        (root / "stories" / f"{slug}.yaml").write_text(text, "utf-8")
    for name, source in PHOTOS.items():
        shutil.copy(shared / "photos" / source, root / "stories" / "photos" / name)
    shutil.copy(phone, root / "stories" / "photos" / "phone.jpg")
    return root


def cli_build(root: Path) -> str:
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--date", DATE])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def phone(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 12 MP phone photo, stored turned (EXIF orientation 6), with GPS and a camera."""
    out = tmp_path_factory.mktemp("phone")
    script = shared / "bench" / "make_phone_photos.py"
    subprocess.run([sys.executable, str(script), str(out), "2"], check=True, capture_output=True)
    return out / "phone0001.jpg"


@pytest.fixture(scope="module")
def built(shared: Path, phone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project, built from clean through the CLI."""
    root = make_project(tmp_path_factory.mktemp("print") / "rescue", shared, phone)
    (root / "build.log").write_text(cli_build(root), "utf-8")
    return root


def manifest(root: Path, slug: str) -> dict[str, dict[str, object]]:
    data = json.loads((root / "output" / slug / "story.json").read_text("utf-8"))
    return {f["path"]: f for f in data["files"] if f["kind"] in ("flyer", "kennel")}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_story_gets_a_flyer_and_a_kennel_card_per_animal(built: Path) -> None:
    for slug in STORIES:
        folder = built / "output" / slug / "print"
        (flyer,) = read_pdf((folder / "flyer.pdf").read_bytes())
        assert flyer.size == pytest.approx(FLYER_PAGES["letter"], abs=0.01)
        text = flat(flyer.text)
        assert all(name in text for name in NAMES[slug]), (slug, text)
        assert qr_texts(flyer.image) == [qr_target(slug)], slug
        cards = read_pdf((folder / "kennel-cards.pdf").read_bytes())
        assert len(cards) == len(NAMES[slug])
        for name, card in zip(NAMES[slug], cards, strict=True):
            assert card.size == pytest.approx(KENNEL_PAGES["letter"], abs=0.01)
            assert name in flat(card.text)
            assert qr_texts(card.image) == [qr_target(slug)], (slug, name)
        entries = manifest(built, slug)
        assert entries["print/flyer.pdf"]["link"] == qr_target(slug)
        assert entries["print/kennel-cards.pdf"]["animals"] == NAMES[slug]
        assert entries["print/kennel-cards.pdf"]["pages"] == len(NAMES[slug])


def test_the_words_are_true_to_the_case_file(built: Path) -> None:
    out = built / "output"
    (pickle,) = read_pdf((out / "pickle" / "print" / "flyer.pdf").read_bytes())
    text = flat(pickle.text)
    for fact in (
        "Adopt Pickle",
        "Male",
        "Terrier mix",
        "Medium",
        "Kids and dogs; not cats",
        "Neutered",
        "$150",
        "adopt@lakeside.example",
    ):
        assert fact in text, fact
    assert "Female" not in text and "Microchip" not in text  # not in the case file
    (card,) = read_pdf((out / "pickle" / "print" / "kennel-cards.pdf").read_bytes())
    days = (dt.date.fromisoformat(DATE) - dt.date(2026, 11, 1)).days
    assert f"Arrived Nov 1, 2026 ({days} days in care)" in flat(card.text)
    assert "House-trained Yes" in flat(card.text)
    # a litter: each kennel card its own kitten's facts
    cards = read_pdf((out / "constellation" / "print" / "kennel-cards.pdf").read_bytes())
    assert "Domestic longhair" in flat(cards[2].text)  # Lyra
    assert "Domestic longhair" not in flat(cards[1].text)  # Vega
    assert "Male" in flat(cards[0].text) and "Female" in flat(cards[1].text)


@pytest.mark.parametrize("slug", ["biscuit", "rex"])
def test_a_happy_tail_never_calls_to_adopt(built: Path, slug: str) -> None:
    folder = built / "output" / slug / "print"
    for pdf in ("flyer.pdf", "kennel-cards.pdf"):
        for page in read_pdf((folder / pdf).read_bytes()):
            words = flat(page.text).replace(ORG.removeprefix("https://"), "")
            assert not re.search(r"\badopt\b|\bapply\b|adoption fee|\$", words, re.I), words
            assert qr_texts(page.image) == [ORG]  # the animals still waiting


def test_photos_print_at_the_resolution_they_allow(built: Path) -> None:
    out = built / "output"
    (page,) = read_pdf((out / "pickle" / "print" / "flyer.pdf").read_bytes())
    ((pixels, printed),) = page.placed
    dpi = pixels[0] / (printed[0] / POINTS_PER_INCH)
    assert dpi == pytest.approx(300, abs=2)  # a 12 MP photo: print resolution, not its own
    assert pixels[0] < 4032 and pixels[1] < 3024
    assert printed[0] > printed[1]  # upright: the phone stored it turned
    assert manifest(built, "pickle")["print/flyer.pdf"]["photo_dpi"] == [pytest.approx(300, abs=2)]
    # a 640 x 426 photo: as many pixels as it has, and one warning at its line: the cards'
    # (too small for them, it is too small to print; said once)
    (small,) = manifest(built, "nugget")["print/flyer.pdf"]["photo_dpi"]
    assert 80 < small < 90
    log = (built / "build.log").read_text("utf-8")
    assert re.search(
        r"stories/nugget.yaml:8:\d+: warning: photo photos/tabby.jpg is only 640x426 px: too "
        r"small to fill its place",
        log,
    )
    assert "tabby.jpg prints at" not in log
    # a pair with a photo of each and none of both: the flyer shows the two side by side
    (pair,) = read_pdf((out / "ada-and-bo" / "print" / "flyer.pdf").read_bytes())
    assert len(pair.placed) == 1
    assert len(manifest(built, "ada-and-bo")["print/flyer.pdf"]["photo_dpi"]) == 2  # type: ignore[arg-type]
    # a litter: the kennel cards share the PDF's pixels, and a kitten without a photo
    cards = read_pdf((out / "constellation" / "print" / "kennel-cards.pdf").read_bytes())
    assert [len(c.placed) for c in cards] == [1, 1, 1, 1, 0]


def test_each_pdf_is_small_and_leaks_nothing(built: Path, phone: Path) -> None:
    tokens = [b"ExamplePhone", b"Exif", b"GPS", b"2026:05:01", str(built).encode()]
    tokens += [str(phone.parent).encode(), str(Path.home()).encode()]
    user = getpass.getuser().encode()
    for pdf in sorted((built / "output").glob("*/print/*.pdf")):
        data = pdf.read_bytes()
        assert len(data) < MAX_PDF_BYTES, pdf
        rest, jpegs = split_images(data)
        for token in [*tokens, *([user] if user != b"root" else [])]:  # /Root: PDF's own word
            assert token not in rest, (pdf, token)
        for jpeg in jpegs:
            assert_no_metadata(jpeg, b"ExamplePhone")
    for preview in sorted((built / "output").glob("*/print/*.jpg")):
        assert_no_metadata(preview.read_bytes(), b"ExamplePhone")


def test_two_clean_builds_give_the_same_bytes(
    built: Path, shared: Path, phone: Path, tmp_path: Path
) -> None:
    again = make_project(tmp_path / "again", shared, phone)
    cli_build(again)
    for path in sorted((built / "output").rglob("*")):
        if path.is_file() and ".storykit" not in path.parts:
            twin = again / "output" / path.relative_to(built / "output")
            assert twin.read_bytes() == path.read_bytes(), path


def test_the_story_page_shows_each_page_and_links_the_pdf(built: Path) -> None:
    out = built / "output"
    html = (out / "constellation" / "index.html").read_text("utf-8")
    entry = manifest(built, "constellation")["print/kennel-cards.pdf"]
    previews = entry["previews"]
    assert isinstance(previews, list) and len(previews) == 5
    for preview in previews:
        assert f'src="{preview["path"]}"' in html
        assert (out / "constellation" / preview["path"]).is_file()
    assert 'href="print/flyer.pdf" download' in html
    assert 'href="print/kennel-cards.pdf" download' in html
    assert 'alt="Kennel card for Lyra (opens the PDF)"' in html
    assert 'href="lobby.html"' in (out / "index.html").read_text("utf-8")


def test_a4_paper_and_a_story_without_a_link(tmp_path: Path, shared: Path) -> None:
    """print: {paper: a4}; an organisation with no web page: no QR code, and check says
    what prints instead."""
    root = tmp_path / "a4"
    (root / "stories" / "photos").mkdir(parents=True)
    shutil.copy(shared / "photos" / PHOTOS["beagle.jpg"], root / "stories" / "photos" / "b.jpg")
    (root / "storykit.yaml").write_text(
        "organisation: {name: Small Rescue}\nprint: {paper: a4}\nvideo: {make: false}\n"
        "platforms: {bluesky: {sizes: [landscape]}}\n",
        "utf-8",
    )
    story = STORIES["biscuit"].replace("status: adopted", "status: available")
    story = story.replace(
        'adoption: {url: "https://lakeside.example/adopt/biscuit", fee: 100}',
        "adoption: {contact: 555-0100}",
    ).replace("photos/beagle.jpg", "photos/b.jpg")
    (root / "stories" / "biscuit.yaml").write_text(story, "utf-8")
    checked = CliRunner().invoke(main, ["check", "-C", str(root), "--date", DATE])
    expected = (
        "stories/biscuit.yaml: warning: the flyer (print/flyer.pdf) will have no QR code: "
        "the story has no adoption link (adoption: url:) and storykit.yaml no "
        "organisation.animals_url, so it says “To adopt, ask 555-0100.” instead"
    )
    assert expected in checked.output
    assert "the kennel cards (print/kennel-cards.pdf) will have no QR code" in checked.output
    log = cli_build(root)
    assert expected in log
    (flyer,) = read_pdf((root / "output" / "biscuit" / "print" / "flyer.pdf").read_bytes())
    assert flyer.size == pytest.approx(FLYER_PAGES["a4"], abs=0.01)
    assert qr_texts(flyer.image) == []
    assert "To adopt, ask 555-0100" in flat(flyer.text)
    (card,) = read_pdf((root / "output" / "biscuit" / "print" / "kennel-cards.pdf").read_bytes())
    assert card.size == pytest.approx(KENNEL_PAGES["a4"], abs=0.01)
    assert "To adopt Biscuit, ask 555-0100" in flat(card.text)
    entry = manifest(root, "biscuit")["print/flyer.pdf"]
    assert (entry["paper"], entry["page"], entry["link"]) == ("a4", "A4", None)


# --- Rebuilds ---------------------------------------------------------------------------


def touch_later(path: Path) -> None:
    """Make sure a file's time is after the last build started (coarse clocks)."""
    later = time.time_ns() + 1_000_000
    os.utime(path, ns=(later, later))


def test_a_flyer_is_made_again_only_when_what_it_shows_changes(
    tmp_path: Path, shared: Path, phone: Path
) -> None:
    root = make_project(tmp_path / "p", shared, phone)
    for slug in list(STORIES):  # two stories are enough here
        if slug not in ("ada-and-bo", "constellation"):
            (root / "stories" / f"{slug}.yaml").unlink()
    today = dt.date.fromisoformat(DATE)
    build(root, today=today)
    # nothing edited: nothing made
    assert build(root, today=today).rendered == []
    # the story's words: the flyer, not the kennel cards (they do not show the headline)
    path = root / "stories" / "ada-and-bo.yaml"
    path.write_text(path.read_text("utf-8").replace("Two peas in a pod", "Sisters forever"))
    touch_later(path)
    remade = build(root, today=today).rendered
    assert "ada-and-bo/print/flyer.pdf" in remade
    assert "ada-and-bo/print/kennel-cards.pdf" not in remade
    assert all(r.startswith("ada-and-bo/") for r in remade)
    # one kitten's photo: its kennel cards (and that photo's cards), not the flyer, whose
    # photo is the first kitten's
    photo = root / "stories" / "photos" / "cat.jpg"
    shutil.copy(shared / "photos" / PHOTOS["retriever.jpg"], photo)
    touch_later(photo)
    remade = build(root, today=today).rendered
    assert "constellation/print/kennel-cards.pdf" in remade
    assert "constellation/print/flyer.pdf" not in remade
    assert not [r for r in remade if "/cards/ginger-" in r or r.startswith("ada-and-bo/")]
    # the paper: every print output, and the pages that show them; no card
    config = root / "storykit.yaml"
    config.write_text(config.read_text("utf-8") + "print: {paper: a4}\n", "utf-8")
    remade = build(root, today=today).rendered
    assert {r for r in remade if "/print/" in r} == {
        f"{slug}/print/{pdf}"
        for slug in ("ada-and-bo", "constellation")
        for pdf in ("flyer.pdf", "kennel-cards.pdf")
    }
    assert not [r for r in remade if "/cards/" in r or "/photos/" in r]
    # the same bytes as a clean build of the same files
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("output"))
    build(clean, today=today)
    for pdf in sorted((root / "output").glob("*/print/*")):
        twin = clean / "output" / pdf.relative_to(root / "output")
        assert twin.read_bytes() == pdf.read_bytes(), pdf


# --- The lobby in Chromium --------------------------------------------------------------


browser = test_site_browser.browser  # Chromium (skipped, saying why, without it)


def test_the_lobby_holds_every_animal_waiting(built: Path) -> None:
    html = (built / "output" / "lobby.html").read_text("utf-8")
    assert re.findall(r'data-slug="([^"]+)"', html) == WAITING
    assert 'data-seconds="1.0"' in html
    for src in re.findall(r'<img src="([^"]+)"', html):
        assert (built / "output" / src).is_file()
    assert html.count("<svg") == len(WAITING)


@pytest.mark.slow
def test_the_lobby_moves_on_by_itself_from_file_with_no_network(
    built: Path, browser: object
) -> None:
    w = test_site_browser.Watch(browser, 1920, 1080)
    try:
        page = w.open(built / "output" / "lobby.html")
        shown = "() => document.querySelector('#lobby-slides > .slide:not([hidden])').dataset.slug"
        seen = [page.evaluate(shown)]  # type: ignore[attr-defined]
        for n in range(2, len(WAITING) + 1):
            page.wait_for_function(  # type: ignore[attr-defined]
                f"() => document.getElementById('slide-{n}').hidden === false", timeout=4000
            )
            seen.append(page.evaluate(shown))  # type: ignore[attr-defined]
        assert seen == WAITING
        loaded = page.evaluate(  # type: ignore[attr-defined]
            "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"
        )
        assert loaded
        assert w.errors == []
        assert w.requests and all(u.startswith("file://") for u in w.requests), w.requests
    finally:
        w.close()
