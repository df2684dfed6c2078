"""Finding the animals: body and head boxes on real photos, against hand-marked boxes.

The photo tests use ../shared/photos (the `shared` fixture) and are skipped without it. The
marks in tests/detect_marks.json are our own, made by eye on each photo.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from storykit.cards.detect import (
    DETECTOR,
    MODEL,
    DetectionCache,
    box_area,
    find_animals,
    intersection,
    iou,
)
from storykit.cards.photo import decode, probe

MARKS = json.loads((Path(__file__).parent / "detect_marks.json").read_text(encoding="utf-8"))
NAMES = sorted(MARKS["photos"])


def upright(path: Path) -> Image.Image:
    """The photo as the cards decode it: sRGB, upright, full size."""
    return decode(probe(path), 1.0).image


@pytest.fixture(scope="module")
def found(shared: Path) -> dict[str, tuple]:
    return {name: find_animals(upright(shared / "photos" / name)) for name in NAMES}


def test_every_sample_photo_is_marked(shared: Path) -> None:
    on_disk = {p.name for p in (shared / "photos").iterdir() if p.suffix != ".md"}
    assert set(NAMES) == on_disk


@pytest.mark.parametrize("name", NAMES)
def test_the_animal_is_found_where_marked(found: dict[str, tuple], name: str) -> None:
    mark = MARKS["photos"][name]
    subjects = found[name]
    assert subjects, f"no animal found in {name}"
    best = subjects[0]
    assert best.kind == "animal"
    assert 0.35 <= best.confidence <= 1
    assert iou(best.body, tuple(mark["body"])) >= 0.5


@pytest.mark.parametrize("name", NAMES)
def test_the_head_is_inside_the_body_and_on_the_marked_head(
    found: dict[str, tuple], name: str
) -> None:
    best = found[name][0]
    head, body, marked = best.head, best.body, tuple(MARKS["photos"][name]["head"])
    assert head is not None
    assert body[0] <= head[0] < head[2] <= body[2]
    assert body[1] <= head[1] < head[3] <= body[3]
    # most of the marked head is in the box, and the box is mostly head
    assert intersection(head, marked) >= 0.6 * box_area(marked)
    assert intersection(head, marked) >= 0.4 * box_area(head)


def test_strongest_first_and_boxes_are_fractions(found: dict[str, tuple]) -> None:
    for subjects in found.values():
        assert [s.confidence for s in subjects] == sorted(
            (s.confidence for s in subjects), reverse=True
        )
        for s in subjects:
            assert all(0.0 <= v <= 1.0 for v in s.body)


def test_a_photo_without_an_animal_gives_no_subject() -> None:
    gradient = Image.linear_gradient("L").resize((1200, 800)).convert("RGB")
    assert find_animals(gradient) == ()


def test_any_image_mode_and_a_tiny_image_are_taken() -> None:
    assert find_animals(Image.new("RGBA", (3, 1), (200, 10, 10, 128))) == ()
    assert find_animals(Image.new("L", (1, 900), 40)) == ()


def test_the_cache_detects_each_content_once(shared: Path) -> None:
    photo = upright(shared / "photos" / "ibm-max_dog_beagle-puppy.jpg")
    cache = DetectionCache()
    first = cache.subjects("beagle-sha", photo)
    assert first
    # the same hash again: the stored result, whatever image is passed with it
    assert cache.subjects("beagle-sha", Image.new("RGB", (64, 64))) == first
    assert cache.subjects("blank-sha", Image.new("RGB", (64, 64))) == ()
    plain = json.loads(json.dumps(cache.to_plain()))
    assert plain["detector"] == DETECTOR
    again = DetectionCache.from_plain(plain)
    assert again.found == cache.found


def test_a_cache_from_another_detector_or_damaged_is_dropped() -> None:
    subject = {"body": [0, 0, 1, 1], "head": None, "confidence": 0.5, "kind": "animal"}
    assert DetectionCache.from_plain({"detector": "old/0", "photos": {"a": [subject]}}).found == {}
    assert DetectionCache.from_plain({"detector": DETECTOR, "photos": {"a": [{}]}}).found == {}
    assert DetectionCache.from_plain(None).found == {}
    kept = DetectionCache.from_plain({"detector": DETECTOR, "photos": {"a": [subject]}})
    assert kept.found["a"][0].body == (0.0, 0.0, 1.0, 1.0)
    assert kept.found["a"][0].head is None


def test_the_shipped_model_is_the_one_its_readme_records() -> None:
    readme = (MODEL.parent / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"nanodet-m-416\.onnx sha256 `([0-9a-f]{64})`", readme)
    assert recorded, "models/README.md records no sha256 for the model"
    assert hashlib.sha256(MODEL.read_bytes()).hexdigest() == recorded.group(1)
    licences = (MODEL.parent / "LICENSE-nanodet.txt").read_text(encoding="utf-8")
    assert "Apache License" in licences
    assert "MIT License" in licences


def test_nothing_is_loaded_before_it_is_needed() -> None:
    code = (
        "import sys, storykit.cards; print('cv2' in sys.modules);"
        "import storykit.cards.detect as d; print(d._network.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "0"]


def test_a_cat_the_network_misses_is_found_by_its_face(shared: Path) -> None:
    # the cat under a blanket, cut to 4:3 as a phone takes it: the network scores it too low
    im = upright(shared / "photos" / "placecal_test_image_cat.jpg")
    w, h = im.size
    cut = im.crop(((w - h * 4 // 3) // 2, 0, (w + h * 4 // 3) // 2, h)).resize((2016, 1512))
    (cat,) = find_animals(cut)
    assert cat.confidence == 0.2
    assert cat.head is not None
    # the marked head in the cut's fractions
    x0, y0, x1, y1 = MARKS["photos"]["placecal_test_image_cat.jpg"]["head"]
    left = (w - h * 4 // 3) // 2 / w
    scale = w / (h * 4 // 3)
    marked = ((x0 - left) * scale, y0, (x1 - left) * scale, y1)
    assert intersection(cat.head, marked) >= 0.6 * box_area(marked)
    assert cat.body[0] <= cat.head[0] and cat.head[2] <= cat.body[2]
