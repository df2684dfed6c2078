"""`storykit check` finds what `build` finds in photos (damage, size, colour profile), alike."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, REPO, write_project
from PIL import Image

from storykit.cli import main

CHELSEA_JPG = REPO / "stories" / "photos" / "chelsea.jpg"  # in this repository (451x300)
DAMAGED_HINT = "    hint: export or copy the photo again from the phone"


def photo_story(name: str) -> str:
    return EXAMPLE_STORY + f"photos:\n  - {{file: photos/{name}, alt: Ada asleep}}\n"


def photo_project(tmp_path: Path, name: str, data: bytes, config: str | None = None) -> Path:
    """A one-story project whose one photo is *data*, saved as stories/photos/<name>."""
    args = {} if config is None else {"config": config}
    return write_project(
        tmp_path / "p", {"ada": photo_story(name)}, files={f"stories/photos/{name}": data}, **args
    )


def at_photo(name: str) -> str:
    """Where the case file names the photo: stories/ada.yaml:LINE:12."""
    line = photo_story(name).splitlines().index(f"  - {{file: photos/{name}, alt: Ada asleep}}")
    return f"stories/ada.yaml:{line + 1}:12"


def run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, [*args, "--date", "2026-11-20"])


# what check says it saw in a photo (the animals, too dark, too blurred): test_check_seen's
SEEN = ("a dog,", "a cat,", "no animal found", "too blurred to post", "too dark to post")


def photo_lines(output: str, name: str) -> list[str]:
    """The problems at the photo's line in a command's output, each with its hint if any
    (but what check says it saw in the photo)."""
    lines = output.splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.startswith(at_photo(name) + ":") and not any(s in line for s in SEEN):
            found.append(line)
            if i + 1 < len(lines) and lines[i + 1].startswith("    hint: "):
                found.append(lines[i + 1])
    return found


def cut_in_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def test_check_reports_a_truncated_jpeg_as_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """stories/photos/chelsea.jpg (this repository's example photo), cut in half."""
    if not CHELSEA_JPG.is_file():
        pytest.skip("stories/photos/chelsea.jpg is absent")
    root = photo_project(tmp_path, "cut.jpg", cut_in_half(CHELSEA_JPG.read_bytes()))
    checked = run(root, monkeypatch, "check")
    assert checked.exit_code == 1, checked.output
    message = (
        at_photo("cut.jpg") + ": error: photos/cut.jpg: the photo is damaged or incomplete "
        "(image file is truncated (40 bytes not processed))"
    )
    assert photo_lines(checked.stderr, "cut.jpg") == [message, DAMAGED_HINT]
    assert "checked 1 story: " in checked.stderr and ", 1 error " in checked.stderr
    built = run(root, monkeypatch, "build", "-j", "1")
    assert built.exit_code == 1
    assert photo_lines(built.stderr, "cut.jpg") == [message, DAMAGED_HINT]


def test_check_reports_a_truncated_png_as_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: Path
) -> None:
    """../shared/photos/skimage_chelsea_cat.png (uses ../shared), cut in half."""
    png = shared / "photos" / "skimage_chelsea_cat.png"
    if not png.is_file():
        pytest.skip("../shared/photos/skimage_chelsea_cat.png is absent")
    root = photo_project(tmp_path, "cut.png", cut_in_half(png.read_bytes()))
    checked = run(root, monkeypatch, "check")
    assert checked.exit_code == 1, checked.output
    message = (
        at_photo("cut.png") + ": error: photos/cut.png: the photo is damaged or incomplete "
        "(image file is truncated)"
    )
    assert photo_lines(checked.stderr, "cut.png") == [message, DAMAGED_HINT]
    built = run(root, monkeypatch, "build", "-j", "1")
    assert built.exit_code == 1
    assert photo_lines(built.stderr, "cut.png") == [message, DAMAGED_HINT]


def test_a_photo_in_another_format_is_shown_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (1600, 1600), (90, 60, 30)).save(buf, "PNG")
    root = photo_project(tmp_path, "ada.jpg", buf.getvalue())
    lines = [
        at_photo("ada.jpg") + ": error: photos/ada.jpg: the file is named .jpg but it is a PNG "
        "image",
        "    hint: rename it to ada.png",
    ]
    checked = run(root, monkeypatch, "check")
    assert checked.exit_code == 1
    assert photo_lines(checked.stderr, "ada.jpg") == lines
    built = run(root, monkeypatch, "build", "-j", "1")
    assert built.exit_code == 1
    assert photo_lines(built.stderr, "ada.jpg") == lines


def test_check_warns_of_a_small_photo_as_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (451, 300), (120, 90, 60)).save(buf, "JPEG")
    root = photo_project(tmp_path, "small.jpg", buf.getvalue())
    checked = run(root, monkeypatch, "check")
    assert checked.exit_code == 0, checked.output
    expected = [
        at_photo("small.jpg") + ": warning: photo photos/small.jpg is only 451x300 px: too small "
        "to fill its place without enlarging it beyond 1.5x on 4 cards (small-landscape, "
        "small-portrait, small-square, small-story)",
        "    hint: use a larger photo (the phone's original, not one saved from a message or a "
        "web page), or allow more enlarging with cards.max_upscale in storykit.yaml",
    ]
    assert photo_lines(checked.stdout, "small.jpg") == expected
    built = run(root, monkeypatch, "build", "-j", "1")
    assert built.exit_code == 0, built.output
    assert photo_lines(built.stdout, "small.jpg") == expected


def test_check_follows_max_upscale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (451, 300), (120, 90, 60)).save(buf, "JPEG")
    root = photo_project(tmp_path, "small.jpg", buf.getvalue(), "cards: {max_upscale: 4}\n")
    checked = run(root, monkeypatch, "check")
    assert checked.exit_code == 0, checked.output
    assert photo_lines(checked.stdout, "small.jpg")[0].endswith(
        "beyond 4x on 2 cards (small-portrait, small-story)"
    )  # 1350 and 1920 px tall: 4.5x and 6.4x its 300 px


def test_check_notes_an_unreadable_colour_profile_as_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (2400, 2400), (120, 90, 60)).save(buf, "JPEG", icc_profile=b"not a profile")
    root = photo_project(tmp_path, "odd.jpg", buf.getvalue())
    checked = run(root, monkeypatch, "check")
    assert checked.exit_code == 0, checked.output
    expected = [
        at_photo("odd.jpg") + ": warning: photos/odd.jpg: its colour profile is unreadable; "
        "colours are used as stored."
    ]
    assert photo_lines(checked.stdout, "odd.jpg") == expected
    built = run(root, monkeypatch, "build", "-j", "1")
    assert built.exit_code == 0, built.output
    assert photo_lines(built.stdout, "odd.jpg") == expected


def test_check_says_once_what_it_did_not_check(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = run(project, monkeypatch, "check")
    assert checked.exit_code == 0, checked.output
    summary = checked.stdout.splitlines()[-1]
    assert summary.startswith("storykit: checked 1 story: ")
    assert summary.endswith(
        ", 0 errors (not checked: how text fits on cards and whether their fonts have every "
        "character; run storykit build)"
    )
    assert checked.stdout.count("not checked") == 1
