"""Cards that frame the animal, on real photos: the hand-marked head kept, text off it.

Uses ../shared/photos (the `shared` fixture: skipped without it) and the hand marks in
tests/detect_marks.json. Every photo, as it is, stored rotated with EXIF orientations 3, 6
and 8 (as phones write them), and cut so the animal sits at an edge, is made into a card of
every size with the photo layout, and with the pair layout beside the next photo; the cards
are rendered with no focus: or subject:, so the engine detects the animals itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import stored_as
from PIL import Image
from test_framing import TEXTS

from storykit.cards import SIZES, CardRequest, CardResult, CardStyle, PhotoSource, render_cards
from storykit.cards.engine import HEAD_COVERED
from storykit.cards.geometry import Box
from storykit.outputs.layouts import load_layouts

pytestmark = pytest.mark.slow

MARKS = json.loads((Path(__file__).parent / "detect_marks.json").read_text(encoding="utf-8"))
NAMES = sorted(MARKS["photos"])
VARIANTS = ("as-is", "exif-3", "exif-6", "exif-8", "off-centre")
CUT = 0.4  # the off-centre version loses this share of the photo's width
ORIENTATION = 0x0112


@dataclass(frozen=True)
class Version:
    """A photo as written for the test, and where its marked head is (fractions, upright)."""

    path: Path
    head: Box


def off_centre(image: Image.Image, head: Box) -> tuple[Image.Image, Box]:
    """The photo cut by CUT of its width on the left (on the right when that would cut the
    head), so the animal sits at an edge; the head's mark in the cut photo."""
    w, h = image.size
    keep = 1 - CUT
    if head[0] >= CUT:
        cut = image.crop((round(CUT * w), 0, w, h))
        return cut, ((head[0] - CUT) / keep, head[1], (head[2] - CUT) / keep, head[3])
    cut = image.crop((0, 0, round(keep * w), h))
    return cut, (head[0] / keep, head[1], min(1.0, head[2] / keep), head[3])


def write_version(source: Path, variant: str, folder: Path) -> Version:
    image = Image.open(source).convert("RGB")
    head: Box = tuple(MARKS["photos"][source.name]["head"])  # type: ignore[assignment]
    path = folder / f"{source.stem}-{variant}.jpg"
    exif = Image.Exif()
    if variant.startswith("exif-"):
        orientation = int(variant.removeprefix("exif-"))
        exif[ORIENTATION] = orientation
        image = stored_as(image, orientation)
    elif variant == "off-centre":
        image, head = off_centre(image, head)
    image.save(path, quality=92, exif=exif)
    return Version(path, head)


@dataclass(frozen=True)
class Seen:
    """One photo on one rendered card: is its marked head inside the photo's place on the
    card, and which text fields cover it."""

    card: str
    photo: str
    kept: bool
    covered: tuple[str, ...]
    found: bool  # whether the engine found an animal in the photo
    warned: bool  # whether the card says its text covers this photo's animal


def _hits(a: Box, b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def seen_on(result: CardResult, versions: list[Version]) -> list[Seen]:
    assert len(result.framing) == len(versions), result.key
    out = []
    for version, framing in zip(versions, result.framing, strict=True):
        x0, y0, x1, y1 = framing.to_card(version.head)
        ax0, ay0, ax1, ay1 = framing.area
        kept = x0 >= ax0 - 1 and y0 >= ay0 - 1 and x1 <= ax1 + 1 and y1 <= ay1 + 1
        covered = tuple(k for k, b in result.text_boxes.items() if _hits((x0, y0, x1, y1), b))
        warned = any(w == HEAD_COVERED and w.photo == str(version.path) for w in result.warnings)
        found = bool(framing.subjects)
        out.append(Seen(result.key, version.path.name, kept, covered, found, warned))
    return out


@pytest.fixture(scope="module")
def seen(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Seen]:
    folder = tmp_path_factory.mktemp("framing")
    layouts, problems = load_layouts(None)
    assert problems == []
    requests: list[CardRequest] = []
    versions: dict[str, list[Version]] = {}
    for variant in VARIANTS:
        made = [write_version(shared / "photos" / name, variant, folder) for name in NAMES]
        for i, version in enumerate(made):
            partner = made[(i + 1) % len(made)]
            for layout, shown in (("photo", [version]), ("pair", [version, partner])):
                for size_name, size in SIZES.items():
                    key = f"{layout}/{version.path.stem}-{size_name}.jpg"
                    versions[key] = shown
                    photos = tuple(PhotoSource(v.path) for v in shown)
                    requests.append(
                        CardRequest(key, layouts[layout], size, photos, TEXTS, CardStyle())
                    )
    results = render_cards(requests)
    for result in results[:: len(SIZES) * 4]:  # a few cards, to look at by hand
        (folder / result.key.replace("/", "-")).write_bytes(result.data)
    return [s for r in results for s in seen_on(r, versions[r.key])]


def test_the_head_is_kept_on_every_card(seen: list[Seen]) -> None:
    """Every card: a crop that holds the head, or the photo fitted (shown whole), which is
    also what a photo in which no animal is found gets (the retriever cut to the right edge,
    in which the detector finds none)."""
    lost = [s for s in seen if not s.kept]
    print(f"\nhead kept: {len(seen) - len(lost)} of {len(seen)} photos on cards")
    assert [f"{s.card} ({s.photo})" for s in lost] == []


def test_text_keeps_off_the_head(seen: list[Seen]) -> None:
    """No card: where no crop, move or flip clears a head that fills the top of the card,
    the photo is shown whole in the band the text leaves free."""
    covered = [s for s in seen if s.covered]
    print(f"\ntext clear of the head: {len(seen) - len(covered)} of {len(seen)}")
    assert [f"{s.card} ({s.photo}: {', '.join(s.covered)})" for s in covered] == []


def test_the_pair_layouts_text_never_meets_a_photo(seen: list[Seen]) -> None:
    # its texts sit on their own band: no head there, found or not
    assert [s.card for s in seen if s.card.startswith("pair/") and s.covered] == []


def test_every_version_and_layout_was_seen(seen: list[Seen]) -> None:
    # photo layout: one photo per card; pair: two
    assert len(seen) == len(VARIANTS) * len(NAMES) * len(SIZES) * 3
