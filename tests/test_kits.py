"""Post kits: every kit's manifest against its files and its platform's rules, built for real."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import av
import pytest
from click.testing import CliRunner
from conftest import REPO, write_project
from PIL import Image

from storykit.cli import main
from storykit.outputs.kits import story_kits
from storykit.text.counting import count, measure
from storykit.text.platforms import KIT_RULES, PLATFORMS

CORPUS = REPO / "tests" / "corpus"
DATE = "2026-11-15"


def build(root: Path) -> str:
    result = CliRunner().invoke(main, ["build", "-C", str(root), "--date", DATE, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return result.output


def many_photos(n: int) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {}
    for i in range(n):
        out = io.BytesIO()
        Image.new("RGB", (1600, 1200), (40 + i * 7 % 200, 90, 120)).save(out, "JPEG")
        files[f"stories/p{i:02d}.jpg"] = out.getvalue()
    photos = "".join(f"  - {{file: p{i:02d}.jpg, alt: Photo {i} of Pip.}}\n" for i in range(n))
    files["stories/pip.yaml"] = (
        "title: Pip\nheadline: Pip in pictures\nsummary: Pip is a small brown dog. He likes "
        "walks.\nstatus: available\nanimals:\n  - {name: Pip, species: dog, sex: male, "
        "age: 2 years}\nadoption: {url: 'https://example.org/pip'}\n"
        # its reel, though the corpus makes none: the shortest, to keep the test quick
        "video: {make: true, max_seconds: 10}\nphotos:\n" + photos
    )
    return files


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kits") / "project"
    shutil.copytree(CORPUS, root)
    for name, data in many_photos(23).items():
        path = root / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    build(root)
    return root


def stories(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "stories").glob("*.yaml"))


def test_every_kit_keeps_its_platforms_rules(corpus: Path) -> None:
    shapes = set()
    for slug in stories(corpus):
        folder = corpus / "output" / slug
        listed = json.loads((folder / "story.json").read_text())["files"]
        kits = [e for e in listed if e["kind"] == "kit"]
        assert [e["platform"] for e in kits] == list(PLATFORMS)
        for entry in kits:
            name = entry["platform"]
            platform, rules = PLATFORMS[name], KIT_RULES[name]
            kit_dir = folder / "posts" / name
            post = json.loads((kit_dir / "post.json").read_text())
            assert post["platform"] == name
            assert entry["path"] == f"posts/{name}/post.json"
            assert entry["zip"] == f"posts/{name}.zip"
            assert entry["media"] == [f"posts/{name}/{m['path']}" for m in post["media"]]
            # the caption is the platform's caption, within its count
            caption = (folder / "captions" / f"{name}.txt").read_text().rstrip("\n")
            assert post["caption"] == caption == (kit_dir / "caption.txt").read_text().rstrip()
            assert measure(caption, platform).ok
            # media: count, sizes on disk, one shape, alt within the limit by its count
            assert 2 <= len(post["media"]) <= rules.media_limit
            assert post["media"][0]["path"].startswith("01-cover.")
            assert post["media"][-1]["path"].split("-", 1)[1].startswith("closing.")
            for item in post["media"]:
                assert item["type"] == "image"
                with Image.open(kit_dir / item["path"]) as image:
                    assert image.size == (item["width"], item["height"])
                assert 0 < count(item["alt"], platform) <= platform.alt_limit
            shape = {(m["width"], m["height"]) for m in post["media"]}
            assert len(shape) == 1, (slug, name, shape)
            shapes |= shape
            # the fold
            fold = post["fold"]
            assert fold["at"] == (rules.fold or platform.limit)
            assert fold["unit"] == platform.counting
            hook = caption.split("\n", 1)[0]
            assert fold["hook_fits"] == (count(hook, platform) <= fold["at"])
            # the thread: each post by the platform's count, numbered, tags once
            thread = post["thread"]
            assert bool(thread) == (kit_dir / "thread.txt").is_file()
            if thread:
                assert rules.threads
                assert (kit_dir / "thread.txt").read_text() == "\n\n---\n\n".join(thread) + "\n"
                for i, text in enumerate(thread, 1):
                    assert measure(text, platform).ok, (slug, name, i)
                    assert text.endswith(f"\n\n{i}/{len(thread)}")
            # the zip holds the kit's files
            with zipfile.ZipFile(folder / entry["zip"]) as archive:
                names = sorted(archive.namelist())
            expected = sorted(p.name for p in kit_dir.iterdir())
            assert names == expected
            reel = post.get("reel")
            own = set(expected) - ({reel["path"], reel["cover"]} if reel else set())
            assert set(entry["written"]) | {entry["path"]} == {f"posts/{name}/{n}" for n in own} | {
                entry["zip"]
            }
            if reel:  # the reel, its own post: probed as a platform would take it
                assert name in ("tiktok", "instagram") and reel["type"] == "video"
                with av.open(str(kit_dir / reel["path"])) as video:
                    stream = video.streams.video[0]
                    assert (stream.width, stream.height) == (reel["width"], reel["height"])
                    assert (stream.width, stream.height) == (1080, 1920)
                    assert stream.codec_context.name == "h264"
                    assert 10 <= float(video.duration / 1e6) <= 30.05
                with Image.open(kit_dir / reel["cover"]) as cover:
                    assert cover.size == (1080, 1920) and not cover.getexif()
    assert len(shapes) > 1  # the platforms' own sizes, not one for all


def test_media_in_posting_order_within_the_limits(corpus: Path) -> None:
    out = corpus / "output"
    pip = {n: json.loads((out / "pip/posts" / n / "post.json").read_text()) for n in PLATFORMS}
    # 23 photos: cover, photos, closing, cut to each platform's limit
    for name, post in pip.items():
        assert len(post["media"]) == min(23 + 1, KIT_RULES[name].media_limit)
    x = [m["path"] for m in pip["x"]["media"]]
    assert x == ["01-cover.jpg", "02-p01.jpg", "03-p02.jpg", "04-closing.jpg"]
    assert len(pip["instagram"]["media"]) == 20 and len(pip["tiktok"]["media"]) == 24
    # a story without photos posts its text card, then the closing card
    thumper = json.loads((out / "thumper-text-only/posts/instagram/post.json").read_text())
    assert [m["path"] for m in thumper["media"]] == ["01-cover.jpg", "02-closing.jpg"]
    cover = (out / "thumper-text-only/posts/instagram/01-cover.jpg").read_bytes()
    assert cover == (out / "thumper-text-only/cards/quote-square.jpg").read_bytes()
    # a pair: the pair card first, then each photo
    moose = json.loads((out / "moose-and-noodle/posts/instagram/post.json").read_text())
    assert [m["path"] for m in moose["media"]] == [
        "01-cover.jpg",
        "02-moose.jpg",
        "03-noodle.jpg",
        "04-closing.jpg",
    ]


def test_a_long_story_is_a_thread_in_order_and_whole(corpus: Path) -> None:
    folder = corpus / "output" / "rosie-long-story"
    entries = json.loads((folder / "story.json").read_text())["files"]
    kits = {k.platform: k for k in story_kits(entries, lambda p: (folder / p).read_bytes())}
    assert set(kits) == set(PLATFORMS)
    for name in ("x", "bluesky", "threads", "mastodon"):
        thread = kits[name].thread
        assert len(thread) > 1
        joined = " ".join(thread)
        story = (corpus / "stories" / "rosie-long-story.yaml").read_text()
        # each paragraph of the body's sentences appears, in the story's order
        marks = ["storm drain", "treat drawer", "crinkle balls", "Mr. Biscuits", "wand", "spare"]
        at = [joined.index(m) for m in marks]
        assert at == sorted(at) and all(m in story for m in marks)
        assert "#" in thread[0] and not any("#" in t for t in thread[1:])
        assert "adopt/rosie" in thread[-1]
    assert kits["instagram"].thread == ()
    assert kits["x"].media[0].path == "posts/x/01-cover.jpg"
    assert kits["x"].zip == "posts/x.zip" and kits["x"].label == "X (Twitter)"


def test_kits_are_artifacts(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", files=many_photos(3))
    (root / "stories" / "ada-and-bo.yaml").unlink()
    build(root)
    kit = root / "output/pip/posts/x"
    assert sorted(p.name for p in kit.iterdir())[:3] == ["01-cover.jpg", "02-p01.jpg", "03-p02.jpg"]
    again = CliRunner().invoke(main, ["build", "-C", str(root), "--date", DATE])
    assert "0 files written" in again.output
    # one photo fewer: its kit item and card go, the kit is made again
    text = (root / "stories/pip.yaml").read_text()
    fewer = text.replace("  - {file: p02.jpg, alt: Photo 2 of Pip.}\n", "")
    (root / "stories/pip.yaml").write_text(fewer)
    build(root)
    assert sorted(p.name for p in kit.iterdir()) == [
        "01-cover.jpg",
        "02-p01.jpg",
        "03-closing.jpg",
        "caption.txt",
        "post.json",
    ]
    # a story that fails writes no half kit
    before = {p: p.read_bytes() for p in kit.iterdir()}
    (root / "stories/pip.yaml").write_text(text.replace("status: available", "status: nope"))
    CliRunner().invoke(main, ["build", "-C", str(root), "--date", DATE])
    assert {p: p.read_bytes() for p in kit.iterdir()} == before


def test_check_warns_when_the_hook_does_not_fit_above_the_fold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = (
        "Pip the small brown dog who waited two whole years in the shelter, "
        "ready for a sofa, a garden and a family of his own"
    )
    story = (
        f"title: Pip\nheadline: {long}\nsummary: Pip is small.\nstatus: available\n"
        "animals:\n  - {name: Pip, species: dog, sex: male, age: 2 years}\n"
        "adoption: {url: 'https://example.org/pip'}\n"
    )
    root = write_project(tmp_path / "p", {"pip": story})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", "--date", DATE])
    assert (
        "stories/pip.yaml:2:11: warning: the captions' opening line (the headline) is cut "
        "before '...more' in the feed, so people scrolling past do not see all of it on 1 "
        "platform (TikTok: 120 of 100)\n"
        "    hint: shorten the headline so that its point comes first; the rest of the story "
        "can follow in the summary\n"
    ) in result.output, result.output


def test_reels_are_made_where_asked_and_listed_in_their_kits(corpus: Path) -> None:
    """storykit.yaml says `video: {make: false}`; pip says `video: {make: true}`: only pip
    has reels, in the TikTok and Instagram kits (the default platforms for reels)."""
    for story in sorted((corpus / "output").glob("*/story.json")):
        reels = [e for e in json.loads(story.read_text())["files"] if e["kind"] == "reel"]
        if story.parent.name == "pip":
            assert sorted(e["platform"] for e in reels) == ["instagram", "tiktok"]
            for e in reels:
                post = json.loads(
                    (story.parent / "posts" / e["platform"] / "post.json").read_text()
                )
                assert post["reel"]["path"] == "reel.mp4" and e["seconds"] == 10.0
        else:
            assert reels == [], story.parent.name
