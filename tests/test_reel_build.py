"""Reels in the build: made in the card workers for TikTok and Instagram, in their post kits,
listed in story.json, and made again only when what they show changes. (The engine's own
probes, frames and timing are in tests/test_reels.py.)"""

from __future__ import annotations

import io
import json
from pathlib import Path

import av
import pytest
from conftest import EXAMPLE_STORY, write_project
from PIL import Image

from storykit.builder.project import build as run
from storykit.outputs.paths import reel_path

DATE = __import__("datetime").date(2026, 11, 20)
CONFIG = (
    "organisation: {name: Test Rescue}\n"
    "platforms:\n  instagram: {sizes: [portrait]}\n  tiktok: {sizes: [story]}\n"
    "  x: {sizes: [landscape]}\n"
    "video: {max_seconds: 10}\n"
)


def photo() -> bytes:
    """A photo with something to look at: a warm blob (no animal the detector knows)."""
    im = Image.radial_gradient("L").resize((1600, 1200)).convert("RGB")
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    story = EXAMPLE_STORY + "photos: [{file: ada.jpg, alt: Ada asleep., animals: [Ada]}]\n"
    return write_project(
        tmp_path / "p", {"ada-and-bo": story}, CONFIG, {"stories/ada.jpg": photo()}
    )


def entries(root: Path) -> list[dict]:
    return json.loads((root / "output" / "ada-and-bo" / "story.json").read_text())["files"]


def test_a_story_with_photos_gets_one_reel_for_tiktok_and_instagram(project: Path) -> None:
    report = run(project, today=DATE, jobs=2)
    assert not report.failed
    reels = [e for e in entries(project) if e["kind"] == "reel"]
    assert [e["platform"] for e in reels] == ["instagram", "tiktok"]  # not X: no reel there
    folder = project / "output" / "ada-and-bo"
    data = {e["platform"]: (folder / e["path"]).read_bytes() for e in reels}
    assert data["instagram"] == data["tiktok"]  # one encode serves both
    for e in reels:
        assert e["path"] == reel_path(e["platform"]) and e["seconds"] == 10.0
        assert (folder / e["cover"]).is_file()
        post = json.loads((folder / "posts" / e["platform"] / "post.json").read_text())
        assert post["reel"] == {
            "path": "reel.mp4",
            "cover": "reel-cover.jpg",
            "type": "video",
            "width": 1080,
            "height": 1920,
            "seconds": 10.0,
            "sound": False,
        }
        with av.open(str(folder / e["path"])) as video:
            stream = video.streams.video[0]
            assert stream.codec_context.name == "h264" and stream.codec_context.profile == "High"
            assert (stream.width, stream.height, stream.average_rate) == (1080, 1920, 30)
            assert "creation_time" not in video.metadata
    assert not (folder / "posts" / "x" / "reel.mp4").exists()
    # nothing of the encode is left behind in output/
    assert list((project / "output").rglob("*.tmp")) == []


def test_a_rebuild_makes_the_reel_again_only_when_what_it_shows_changes(project: Path) -> None:
    assert not run(project, today=DATE, jobs=1).failed
    reel = project / "output" / "ada-and-bo" / reel_path("tiktok")
    first = reel.stat().st_mtime_ns
    again = run(project, today=DATE, jobs=1)
    assert again.written == 0 and reel.stat().st_mtime_ns == first
    case = project / "stories" / "ada-and-bo.yaml"
    case.write_text(case.read_text().replace("status: available", "status: adopted"))
    assert not run(project, today=DATE, jobs=1).failed
    assert reel.stat().st_mtime_ns != first  # its closing card says something else now
    adopted = next(e for e in entries(project) if e["kind"] == "reel")
    assert adopted["shots"][-1]["kind"] == "closing"


def test_video_false_in_a_story_makes_no_reel_and_removes_the_old_one(project: Path) -> None:
    assert not run(project, today=DATE, jobs=1).failed
    reel = project / "output" / "ada-and-bo" / reel_path("instagram")
    assert reel.is_file()
    case = project / "stories" / "ada-and-bo.yaml"
    case.write_text(case.read_text() + "video: false\n")
    assert not run(project, today=DATE, jobs=1).failed
    assert not reel.exists() and not reel.with_name("reel-cover.jpg").exists()
    assert [e for e in entries(project) if e["kind"] == "reel"] == []
    post = json.loads(reel.with_name("post.json").read_text())
    assert "reel" not in post


def test_a_story_without_photos_or_clips_gets_no_reel(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"ada-and-bo": EXAMPLE_STORY}, CONFIG)
    assert not run(root, today=DATE, jobs=1).failed
    assert [e for e in entries(root) if e["kind"] == "reel"] == []
