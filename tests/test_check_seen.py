"""`storykit check` says what it saw in each photo, at the photo's line: the animals found
(or none), an animal very small in the frame, a photo too dark or too blurred to post.
These tests use the sample photos in ../shared/photos and skip without them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_project
from PIL import Image, ImageFilter

from storykit.builder.index import INDEX
from storykit.cards.photo import decode, probe
from storykit.cards.review import BLURRED, DARK_LEVEL, measure_looks
from storykit.cli import main

BEAGLE = "ibm-max_dog_beagle-puppy.jpg"
FRAME_HINT = (
    "    hint: add focus: [x, y] (the point to keep in frame) or subject: [left, top, right, "
    "bottom] (the animal's box) to the photo, as fractions of its width and height"
)
DARK = "warning: photos/p.jpg: the photo is too dark to post"
DARK_HINT = (
    "    hint: brighten it in the phone's photo editor, or choose a photo taken in more light"
)
BLURRED_MESSAGE = "warning: photos/p.jpg: the photo is too blurred to post"
BLURRED_HINT = "    hint: choose a sharper photo: hold the phone still, or tap the animal to focus"


def story(species: str = "dog", names: tuple[str, ...] = ("Rex",), photo: str = "") -> str:
    animals = "".join(f"  - {{name: {n}, species: {species}}}\n" for n in names)
    return (
        "title: Rex\nsummary: A happy one.\nstatus: available\nanimals:\n"
        + animals
        + 'adoption: {url: "https://example.org/rex"}\n'
        + "photos:\n"
        + f"  - {{file: photos/p.jpg, alt: the photo{photo}}}\n"
    )


def checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, image: Image.Image, text: str
) -> list[str]:
    """What check says at the photo's line (each message, then its hint if any)."""
    root = project(tmp_path, image, text)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", "--date", "2026-12-01"])
    return at_photo(result.output, text)


def project(tmp_path: Path, image: Image.Image, text: str) -> Path:
    config = "organisation: {name: Test}\ncards: {find_animals: true}\n"
    root = write_project(tmp_path / "p", {"rex": text}, config=config)
    (root / "stories" / "photos").mkdir()
    image.save(root / "stories" / "photos" / "p.jpg", quality=92)
    return root


def at_photo(output: str, text: str) -> list[str]:
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "file: photos/p.jpg" in t)
    prefix = f"stories/rex.yaml:{line}:12: "
    lines = output.splitlines()
    found = []
    for i, entry in enumerate(lines):
        # the card-size warnings are test_check_photos' subject
        if entry.startswith(prefix) and "too small to fill its place" not in entry:
            found.append(entry.removeprefix(prefix))
            if i + 1 < len(lines) and lines[i + 1].startswith("    hint: "):
                found.append(lines[i + 1])
    return found


def photo(shared: Path, name: str = BEAGLE) -> Image.Image:
    return Image.open(shared / "photos" / name).convert("RGB")


def test_a_dog_and_its_head_are_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: Path
) -> None:
    said = checked(tmp_path, monkeypatch, photo(shared), story())
    assert said == ["note: photos/p.jpg: a dog, head found"]


def test_two_cats_side_by_side_are_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: Path
) -> None:
    left = photo(shared, "placecal_good-cat-picture.jpg")  # 800x533
    right = photo(shared, "dreambooth_cat2-03_grey-cat.jpg").resize((533, 533))
    both = Image.new("RGB", (1333, 533))
    both.paste(left, (0, 0))
    both.paste(right, (800, 0))
    said = checked(tmp_path, monkeypatch, both, story("cat", ("Ada", "Bo")))
    assert said == ["note: photos/p.jpg: two cats, heads found"]


def test_a_photo_with_no_animal_is_cropped_around_the_centre_and_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: Path
) -> None:
    # the beach the retriever ran on, without the retriever: sand and sea only
    beach = photo(shared, "dreambooth_dog7-02_retriever-beach.jpg")
    sand = beach.crop((0, 0, 300, 200)).resize((1200, 800))
    said = checked(tmp_path, monkeypatch, sand, story())
    assert said[:2] == [
        "warning: photos/p.jpg: no animal found: shown whole on its cards, not cropped",
        FRAME_HINT,
    ]


def test_focus_set_says_nothing_of_animals_subject_set_is_taken_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: Path
) -> None:
    focus = checked(tmp_path, monkeypatch, photo(shared), story(photo=", focus: [0.4, 0.5]"))
    assert focus == []
    small = story(photo=", subject: [0.1, 0.1, 0.2, 0.2]")
    said = checked(tmp_path / "small", monkeypatch, photo(shared), small)
    assert said == [
        "warning: photos/p.jpg: the animal is very small in the photo: it will be hard to see "
        "on a card",
        "    hint: use a photo taken closer, or crop the photo around the animal",
    ]


def test_a_dark_photo_and_a_blurred_photo_are_too_poor_to_post(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: Path
) -> None:
    dark = photo(shared).point(lambda v: v // 5)
    said = checked(tmp_path, monkeypatch, dark, story(photo=", focus: [0.5, 0.5]"))
    assert said == [DARK, DARK_HINT]  # and not blurred: its contrast is low, not its focus
    blurred = photo(shared).filter(ImageFilter.GaussianBlur(5))
    said = checked(tmp_path / "b", monkeypatch, blurred, story(photo=", focus: [0.5, 0.5]"))
    assert said == [BLURRED_MESSAGE, BLURRED_HINT]


def test_the_thresholds_pass_every_sample_photo_and_catch_their_poor_copies(
    shared: Path, tmp_path: Path
) -> None:
    """Calibration: every sample photo is bright and sharp enough as it is; a fifth of its
    levels is too dark; blurred by a Gaussian of 2 px at the measured size, too blurred."""
    for path in sorted((shared / "photos").glob("*.[jp][pn]g")):
        info = probe(path)
        image = decode(info, min(1.0, 480 / max(info.size))).image
        look = measure_looks(image)
        assert not look.dark and not look.blurred, (path.name, look)
        assert measure_looks(image.point(lambda v: v // 5)).level < DARK_LEVEL, path.name
        radius = 2 * max(image.size) / 512
        assert measure_looks(image.filter(ImageFilter.GaussianBlur(radius))).sharpness < BLURRED


def test_check_uses_what_the_last_build_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: Path
) -> None:
    root = project(tmp_path, photo(shared), story())
    monkeypatch.chdir(root)
    built = CliRunner().invoke(main, ["build", "-j", "1", "--date", "2026-12-01"])
    assert built.exit_code == 0, built.output
    # the index's record of the photo, made to hold two animals: check reads it from there
    index = root / "output" / INDEX
    data = json.loads(index.read_text(encoding="utf-8"))
    ((digest, found),) = data["detections"]["photos"].items()
    data["detections"]["photos"][digest] = [*found, *found]
    index.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--date", "2026-12-01"])
    assert at_photo(result.output, story()) == ["note: photos/p.jpg: two dogs, heads found"]


def test_what_was_seen_is_worded_for_the_animals_the_photo_shows() -> None:
    import datetime as dt

    from storykit.cards.review import described
    from storykit.cards.subjects import Subject
    from storykit.load.model import Story

    pups = [{"name": n, "species": "dog", "born": "2026-10-01"} for n in ("Ada", "Bo", "Cy")]
    story = Story.model_validate(
        {
            "title": "Pups",
            "summary": "Three pups.",
            "status": "hold",
            "animals": pups,
            "photos": [{"file": "all.jpg", "animals": ["Ada", "Bo", "Cy"]}],
        }
    )
    one = Subject((0.1, 0.1, 0.5, 0.9), (0.1, 0.1, 0.5, 0.4), 0.9, "animal")
    today = dt.date(2026, 11, 15)
    # one animal found in a photo of three puppies: one puppy, not "a puppies"
    assert described([one], story.photos[0], story, today) == "a puppy, head found"
    assert described([one, one], story.photos[0], story, today) == "two puppies, heads found"
