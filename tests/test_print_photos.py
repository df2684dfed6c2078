"""Print photos from real photos: the card engine frames each (../shared/photos, and 12 MP phone
photos made from them with EXIF orientation and GPS) at the pixel size its box asks, and the
flyer places it at 300 dpi, with nothing of the phone in the PDF. Uses ../shared (skipped
without it)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import assert_no_metadata
from PIL import Image, ImageOps
from printkit import (
    LITTER,
    flyer,
    kennels,
    print_photos,
    qr_texts,
    read_pdf,
    repo_story,
    split_images,
    story,
)

from storykit.printing.content import PrintStyle
from storykit.printing.flyer import render_flyer
from storykit.printing.kennel import render_kennel_cards
from storykit.printing.paper import POINTS_PER_INCH
from storykit.printing.photos import MAX_PDF_BYTES, flyer_photo_pixels, kennel_photo_pixels

STYLE = PrintStyle()


@pytest.fixture(scope="module")
def phones(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Five 12 MP phone photos (the first portrait; the second stored turned, EXIF 6), with
    GPS and a camera's name, as ../shared/bench/make_phone_photos.py writes them."""
    out = tmp_path_factory.mktemp("phones")
    script = shared / "bench" / "make_phone_photos.py"
    subprocess.run([sys.executable, str(script), str(out), "5"], check=True, capture_output=True)
    return sorted(out.glob("*.jpg"))


def _upright(path: Path) -> tuple[int, int]:
    with Image.open(path) as im:
        size: tuple[int, int] = ImageOps.exif_transpose(im).size
        return size


def _ppi(placed: tuple[tuple[int, int], tuple[float, float]]) -> float:
    (px_w, _), (pt_w, _) = placed
    return px_w / (pt_w / POINTS_PER_INCH)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_phone_photo_is_printed_at_300_dpi_framed_and_without_its_metadata(
    phones: list[Path], paper: str
) -> None:
    phone = phones[1]  # landscape, stored turned: EXIF orientation 6
    raw = phone.read_bytes()
    assert b"ExamplePhone" in raw and b"Exif" in raw
    size = flyer_photo_pixels(paper, _upright(phone))  # type: ignore[arg-type]
    (photo,) = print_photos([phone], [size])
    assert (photo.width, photo.height) == size
    content = replace(flyer(repo_story("chelsea"), paper), photo=photo)  # type: ignore[arg-type]
    printed = render_flyer(content, STYLE)
    data = printed.data
    assert printed.photo_dpi == (pytest.approx(300, abs=1),)
    (page,) = read_pdf(data)
    (placed,) = page.placed
    assert placed[0] == size  # the card engine's pixels, not the phone's 4032 x 3024
    assert _ppi(placed) == pytest.approx(300, abs=2)
    assert len(data) < MAX_PDF_BYTES
    rest, (jpeg,) = split_images(data)
    assert_no_metadata(jpeg, b"ExamplePhone", b"2026:05:01")
    for token in (b"ExamplePhone", b"Exif", b"GPS", b"2026:05:01", str(phone.parent).encode()):
        assert token not in rest, token
    assert qr_texts(page.image) == ["https://example.org/adopt/chelsea"]
    # the photo is the upright one: the phone stored it turned a quarter; the print is wide
    assert placed[1][0] > placed[1][1]
    # the same photo and story: the same bytes, photo and PDF
    (again,) = print_photos([phone], [size])
    assert again.data == photo.data
    assert render_flyer(content, STYLE).data == data


def test_every_sample_photo_makes_a_flyer_at_the_resolution_it_has(shared: Path) -> None:
    paths = sorted(p for p in (shared / "photos").iterdir() if p.suffix in (".jpg", ".png"))
    assert len(paths) >= 10
    sizes = [flyer_photo_pixels("letter", _upright(p)) for p in paths]
    photos = print_photos(paths, sizes)
    base = flyer(repo_story("chelsea"))
    for path, size, photo in zip(paths, sizes, photos, strict=True):
        data = render_flyer(replace(base, photo=photo), STYLE).data
        (page,) = read_pdf(data)
        (placed,) = page.placed
        assert placed[0] == size, path.name
        w, h = _upright(path)
        # never more pixels than the photo has, never more than 300 dpi
        assert size[0] <= w and size[1] <= h
        assert _ppi(placed) <= 301
        assert qr_texts(page.image) == ["https://example.org/adopt/chelsea"], path.name
        assert len(data) < MAX_PDF_BYTES


def test_a_litters_kennel_cards_from_phone_photos_stay_under_the_size_limit(
    phones: list[Path],
) -> None:
    litter = story(LITTER)
    sizes = [kennel_photo_pixels("letter", 5, _upright(p)) for p in phones]
    cards = kennels(litter, "letter", print_photos(phones, sizes))
    data = render_kennel_cards(cards, STYLE).data
    assert len(data) < MAX_PDF_BYTES
    pages = read_pdf(data)
    assert len(pages) == 5
    for card, page in zip(cards, pages, strict=True):
        (placed,) = page.placed
        assert _ppi(placed) >= 150  # shared among five, still sharp on a crate
        assert card.link is not None and qr_texts(page.image) == [card.link.target]
        assert card.name in " ".join(page.text.split())
    rest, jpegs = split_images(data)
    assert len(jpegs) == 5
    for jpeg in jpegs:
        assert_no_metadata(jpeg, b"ExamplePhone")
    assert b"ExamplePhone" not in rest and b"GPS" not in rest
