"""Shared fixtures: the ../shared folder (skipped cleanly when absent) and a tiny-project writer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

pytest_plugins = ["servers"]  # the Bluesky PDS and Mastodon servers the posting tests use

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


TWITTER = SHARED / "conformance" / "twitter-text"

# EXIF orientation -> the transpose turning an upright image into the stored pixels
EXIF_STORE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--refresh-golden",
        action="store_true",
        help="rewrite tests/golden/ from the corpus build instead of comparing with it",
    )


def stored_as(upright: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera stores for *upright* when it writes this EXIF orientation."""
    transpose = EXIF_STORE[orientation]
    return upright if transpose is None else upright.transpose(transpose)


def jpeg_segments(raw: bytes) -> list[tuple[int, bytes]]:
    """A JPEG's (marker, payload) segments up to its image data, then (0xD9, what follows
    the end of image). Metadata can only hide there: the compressed data between is pixels
    (whose bytes may spell anything by chance)."""
    assert raw[:2] == b"\xff\xd8", "not a JPEG"
    segments, i = [], 2
    while i < len(raw):
        assert raw[i] == 0xFF, f"bad marker at {i}"
        marker = raw[i + 1]
        length = int.from_bytes(raw[i + 2 : i + 4], "big")
        segments.append((marker, raw[i + 4 : i + 2 + length]))
        i += 2 + length
        if marker == 0xDA:  # start of scan: skip the compressed data to the end of image
            end = raw.rindex(b"\xff\xd9")
            segments.append((0xD9, raw[end + 2 :]))
            break
    return segments


def assert_no_metadata(raw: bytes, *tokens: bytes) -> None:
    """No EXIF, XMP, ICC, comment or other application segment, and no *tokens* (e.g. a
    camera's name) in any segment a viewer could read; nothing after the end of image."""
    for marker, payload in jpeg_segments(raw):
        assert not 0xE1 <= marker <= 0xEF, f"application segment APP{marker - 0xE0}"
        assert marker != 0xFE, "comment segment"
        for token in (b"Exif", b"GPS", b"http://ns.adobe.com/xap", *tokens):
            assert token not in payload, f"{token!r} in segment {marker:#x}"
    assert jpeg_segments(raw)[-1] == (0xD9, b""), "bytes after the end of image"


def twitter_cases(name: str, sections: list[str]) -> list[Any]:
    """twitter-text's conformance cases from ../shared, one pytest param per case.

    The tests using them also take the `shared` fixture, which skips them when it is absent.
    """
    path = TWITTER / name
    if not path.is_file():
        return [pytest.param(None, None, id="shared-absent")]
    tests = yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]
    return [
        pytest.param(section, case, id=f"{section}-{i}")
        for section in sections
        for i, case in enumerate(tests[section])
    ]


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the repository (photos, conformance data, bench scripts).

    Tests that take this fixture use ../shared and are skipped when it is absent.
    """
    if not SHARED.is_dir():
        pytest.skip("../shared is absent: this test uses its photos or conformance data")
    return SHARED


EXAMPLE_STORY = """\
title: Ada & Bo
headline: Two peas in a pod
summary: Ada and Bo are bonded sisters. They nap in one basket and share every meal.
status: available
animals:
  - name: Ada
    species: cat
    sex: female
    born: 2026-01-10
  - name: Bo
    species: cat
    sex: female
    born: 2026-01-10
foster:
  name: Jo Park
  city: Leeds
  handles: {instagram: jo.fosters}
highlights: [bonded pair, litter trained]
adoption: {url: "https://example.org/adopt/ada-bo", fee: 120}
hashtags: [bonded pair, kittens]
"""


def write_project(
    root: Path,
    stories: dict[str, str] | None = None,
    # zips asked for: what most tests check of the cards and kits includes their zips
    config: str | None = "organisation: {name: Test Rescue}\nsite: {zips: true}\n",
    files: dict[str, bytes | str] | None = None,
) -> Path:
    """Write a small storykit project under *root*: case files, storykit.yaml, other files."""
    (root / "stories").mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "storykit.yaml").write_text(config, encoding="utf-8")
    for slug, text in (stories if stories is not None else {"ada-and-bo": EXAMPLE_STORY}).items():
        (root / "stories" / f"{slug}.yaml").write_text(text, encoding="utf-8")
    for rel, data in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A one-story project (two kittens, no photos) in a temporary folder."""
    return write_project(tmp_path / "proj")


@pytest.fixture(scope="session")
def layouts() -> dict[str, Any]:
    """The built-in card layouts, loaded once (they load without problems)."""
    from storykit.outputs.layouts import load_layouts

    found, problems = load_layouts(None)
    assert problems == []
    return found
