"""`storykit build` end to end: real files on disk, story.json true to them, overrides, safety."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, REPO, assert_no_metadata, write_project
from PIL import Image

from storykit.cli import main
from storykit.text.counting import measure
from storykit.text.platforms import PLATFORMS

SIZES = {
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
    "landscape": (1200, 630),
}


def build(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, ["build", "--date", "2026-11-20", *args])


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example project, copied and built once."""
    root = tmp_path_factory.mktemp("examples")
    for name in ("stories", "storykit.yaml"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--date", "2026-11-20"])
    assert result.exit_code == 0, result.output
    return root


def test_examples_have_everything(examples: Path) -> None:
    for slug in ("possum-and-kangaroo", "chelsea", "biscuit-happy-tails"):
        folder = examples / "output" / slug
        assert (folder / "blurb.md").is_file() and (folder / "blurb.html").is_file()
        for platform in ("instagram", "tiktok", "facebook", "x", "threads", "bluesky", "mastodon"):
            assert (folder / "captions" / f"{platform}.txt").is_file()
        assert list((folder / "cards").glob("*.jpg"))


def test_story_json_matches_the_files_on_disk(examples: Path) -> None:
    for folder in sorted(examples.glob("output/[!.]*/")):
        if folder.name == "upload":  # the adoption sites' upload folders, not a story
            continue
        data = json.loads((folder / "story.json").read_text())
        listed = {f["path"] for f in data["files"]}
        listed |= {p for f in data["files"] for p in f.get("written", ())}  # the kits' files
        on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert listed == on_disk
        for f in data["files"]:
            path = folder / f["path"]
            if f["kind"] == "caption":
                text = path.read_text(encoding="utf-8").removesuffix("\n")
                m = measure(text, PLATFORMS[f["platform"]])
                assert (f["length"], f["limit"]) == (m.length, m.limit)
                assert f["length"] <= f["limit"]
            if f["kind"] == "card":
                with Image.open(path) as im:
                    assert im.size == (f["width"], f["height"]) == SIZES[f["size"]]
                    assert im.format == "JPEG"
                    assert not im.getexif()
                assert f["alt"] and len(f["alt"]) <= 1000


def test_text_only_story_gets_quote_cards(examples: Path) -> None:
    cards = sorted(
        p.name for p in (examples / "output" / "possum-and-kangaroo" / "cards").iterdir()
    )
    sizes = ("landscape", "portrait", "square", "story")
    assert cards == [*(f"closing-{s}.jpg" for s in sizes), *(f"quote-{s}.jpg" for s in sizes)]


def test_photo_story_gets_a_card_per_photo_and_size(examples: Path) -> None:
    cards = sorted(p.name for p in (examples / "output" / "chelsea" / "cards").iterdir())
    sizes = ("landscape", "portrait", "square", "story")
    assert cards == [*(f"chelsea-{s}.jpg" for s in sizes), *(f"closing-{s}.jpg" for s in sizes)]


def test_project_template_overrides_the_packaged_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(
        tmp_path,
        files={
            "templates/captions/x.txt": "{{ names }} need a home! {{ link }}\n",
        },
    )
    assert build(root, monkeypatch).exit_code == 0
    text = (root / "output" / "ada-and-bo" / "captions" / "x.txt").read_text()
    assert text == "Ada and Bo need a home! https://example.org/adopt/ada-bo\n"
    # the other platforms still use the packaged templates
    assert (
        "Fostered by Jo Park"
        in (root / "output" / "ada-and-bo" / "captions" / "instagram.txt").read_text()
    )


def test_template_mistake_is_reported_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(
        tmp_path,
        files={
            "templates/captions/x.txt": "{{ names }}\n{{ nmaes }}\n",
        },
    )
    result = build(root, monkeypatch)
    assert result.exit_code == 1
    assert "templates/captions/x.txt:2: error: 'nmaes' is undefined" in result.stderr
    assert "Traceback" not in result.output


def test_build_only_writes_under_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert build(root, monkeypatch).exit_code == 0
    after = {p for p in root.rglob("*") if p.is_file()}
    assert all(before[p] == p.read_bytes() for p in before)
    assert all(p in before or (root / "output") in p.parents for p in after)
    assert not list((root / "output").rglob("*.tmp"))


def test_build_named_story_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path, {"one": EXAMPLE_STORY, "two": EXAMPLE_STORY})
    assert build(root, monkeypatch, "two").exit_code == 0
    assert (root / "output" / "two").is_dir() and not (root / "output" / "one").exists()
    missing = build(root, monkeypatch, "three")
    assert missing.exit_code == 2
    assert "Error: Invalid value for SLUGS: there is no story 'three'" in missing.stderr


@pytest.mark.slow
def test_phone_photos_through_the_build_leak_nothing(tmp_path: Path, shared: Path) -> None:
    """Uses ../shared/bench/make_phone_photos.py: 12 MP, EXIF-rotated, with GPS and camera."""
    import subprocess
    import sys

    pool = tmp_path / "pool"
    subprocess.run(
        [sys.executable, str(shared / "bench" / "make_phone_photos.py"), str(pool), "2"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    files = {f"stories/photos/{p.name}": p.read_bytes() for p in sorted(pool.glob("*.jpg"))}
    files["stories/photos/broken.jpg"] = b"\xff\xd8\xff\xe0 this is not really a JPEG"
    photos = "photos:\n" + "".join(
        f"  - {{file: photos/{p.name}, alt: a pet}}\n" for p in sorted(pool.glob("*.jpg"))
    )
    root = write_project(
        tmp_path / "proj",
        {
            "phone": EXAMPLE_STORY + photos,
            "broken": EXAMPLE_STORY + "photos:\n  - {file: photos/broken.jpg, alt: x}\n",
        },
        files=files,
    )
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--date", "2026-11-20"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    # the error is at the photo's line in the case file, and names the file as written there
    assert "broken.yaml:" in result.stderr and ": error: photos/broken.jpg: " in result.stderr
    out = root / "output" / "phone"
    cards = sorted((out / "cards").glob("*.jpg"))
    assert len(cards) == 8 + 4  # a card per photo and size, and the kits' closing cards
    for path in [*cards, *sorted((out / "photos").glob("*.jpg"))]:
        with Image.open(path) as im:
            assert not im.getexif(), path
            assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(im.info), path
            assert_no_metadata(path.read_bytes(), b"ExamplePhone")
    # photo 0 is stored portrait (3024x4032) and upright: its story card is filled edge to edge
    with Image.open(out / "cards" / "phone0000-story.jpg") as im:
        assert im.size == (1080, 1920)
