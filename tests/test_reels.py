"""Reels: the plan (pure), and real reels probed with PyAV: codec, size, rate, length,
moov first, no metadata, the same bytes twice, frames looked at, a rotated HEVC clip."""

from __future__ import annotations

import io
import math
import struct
import subprocess
import sys
import wave
from pathlib import Path

import av
import numpy as np
import pytest
from conftest import REPO, SHARED, jpeg_segments
from PIL import Image

from storykit.cards.geometry import Rect
from storykit.cards.subjects import Subject
from storykit.errors import StorykitError
from storykit.reels import (
    ReelClip,
    ReelPhoto,
    ReelPlan,
    ReelSettings,
    ReelTexts,
    plan_reel,
    render_reel,
    safe_rect,
)
from storykit.reels import planes as planes_module
from storykit.reels.clips import probe_clip
from storykit.reels.frames import crop_at, source_for
from storykit.reels.music import probe_music
from storykit.reels.planes import Planes
from storykit.reels.timeline import needs_fit, push_in
from storykit.text.platforms import REEL_SAFE_MARGINS

PHOTOS = REPO / "tests" / "corpus" / "photos"
W, H = 1080, 1920
RED, BLUE = (220, 30, 30), (30, 30, 220)

# the animals in the corpus photos, as a case file's subject: box would give them (body
# and head, fractions of the upright photo), so no detector runs in these tests
KITTENS = Subject((0.07, 0.03, 0.83, 0.99), (0.2, 0.08, 0.42, 0.45), 1.0, "animal")
MOOSE = Subject((0.05, 0.29, 0.49, 1.0), (0.05, 0.29, 0.49, 0.62), 1.0, "animal")
DAISY = Subject((0.25, 0.2, 0.75, 0.95), (0.35, 0.2, 0.65, 0.5), 1.0, "animal")

TEXTS = ReelTexts(
    "Mochi and Moose need a sofa of their own 🐾",
    "Mochi, 4 months · Moose, 2 years",
    "Mochi and Moose are looking for their home",
    "Link in bio ➜ apply",
)


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as im:
        return im.size


def corpus_photos() -> list[ReelPhoto]:
    return [
        ReelPhoto(PHOTOS / "kittens-box.jpg", size_of(PHOTOS / "kittens-box.jpg"), (KITTENS,)),
        ReelPhoto(
            PHOTOS / "moose.jpg",
            size_of(PHOTOS / "moose.jpg"),
            (MOOSE,),
            line="Moose learned to sit in two days and now waits politely for dinner.",
        ),
        ReelPhoto(
            PHOTOS / "daisy.jpg",
            size_of(PHOTOS / "daisy.jpg"),
            (DAISY,),
            line="She naps in the sun 🌞 every afternoon",
        ),
    ]


# ---------------------------------------------------------------- fixtures: clip, music


def make_rotated_hevc(path: Path, seconds: float = 1.5) -> None:
    """A 10-bit HEVC phone clip stored landscape (320x180) with a display matrix turning it
    a quarter clockwise, as a phone held upright writes it: upright, its top half is red
    and its bottom half blue (stored: left half red, right half blue)."""
    stored = Image.new("RGB", (320, 180), BLUE)
    stored.paste(RED, (0, 0, 160, 180))
    with av.open(str(path), "w") as out:
        vs = out.add_stream("libx265", rate=30, options={"x265-params": "log-level=error"})
        vs.width, vs.height, vs.pix_fmt = 320, 180, "yuv420p10le"
        vs.set_display_rotation(-90)  # FFmpeg's sign: anticlockwise, so -90 is clockwise
        for i in range(round(seconds * 30)):
            frame = av.VideoFrame.from_image(stored).reformat(format="yuv420p10le")
            frame.pts = i
            for p in vs.encode(frame):
                out.mux(p)
        for p in vs.encode():
            out.mux(p)


def make_tone(path: Path, seconds: float = 20.0, rate: int = 44100) -> None:
    """A 440 Hz tone, mono 16-bit WAV, at a third of full scale."""
    n = round(seconds * rate)
    t = np.arange(n) / rate
    data = (np.sin(2 * math.pi * 440 * t) * 10000).astype("<i2").tobytes()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data)


SHORT = ReelSettings(min_seconds=4.0, per_photo=1.5, title_seconds=1.5, closing_seconds=1.0)


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("reel-media")
    clip, music = base / "upright.mov", base / "tone.wav"
    make_rotated_hevc(clip)
    make_tone(music)
    return {"clip": clip, "music": music, "base": base}


def with_clip(media: dict[str, Path]) -> ReelPlan:
    info = probe_clip(media["clip"])
    clip = ReelClip(
        media["clip"], info.size, info.duration, start=0.2, end=1.2, line="Out for a walk"
    )
    return plan_reel(corpus_photos(), TEXTS, SHORT, clips=[clip], music=media["music"])


@pytest.fixture(scope="module")
def reel(media: dict[str, Path]) -> tuple[ReelPlan, Path, object]:
    plan = with_clip(media)
    out = media["base"] / "reel.mp4"
    result = render_reel(plan, out)
    return plan, out, result


# ---------------------------------------------------------------- the plan (pure)


def test_the_intersection_of_the_safe_zones_is_what_every_platform_leaves_clear() -> None:
    assert safe_rect() == Rect(120, 288, 888, 1248)
    assert safe_rect(["tiktok"]) == Rect(120, 220, 900, 1420)
    assert safe_rect(["instagram", "facebook"]) == Rect(65, 269, 1015, 1248)
    assert safe_rect(["x"]) == safe_rect()  # no reel safe zone of its own: all of them
    assert set(REEL_SAFE_MARGINS) == {"tiktok", "instagram", "facebook", "youtube"}


def test_a_reel_runs_about_three_seconds_a_photo_within_its_bounds() -> None:
    photos = corpus_photos()
    plan = plan_reel(photos, TEXTS)
    assert [s.kind for s in plan.shots] == ["title", "photo", "photo", "closing"]
    assert plan.seconds == 12.0 and plan.frames == 360
    one = plan_reel(photos[:1], TEXTS)
    assert one.seconds == pytest.approx(10.0, abs=1 / 30)  # stretched to the least
    many = plan_reel(photos * 6, TEXTS)
    assert many.seconds <= 30.0
    assert any("left out" in n for n in many.notes)
    short = plan_reel(photos * 6, TEXTS, ReelSettings(max_seconds=15.0, per_photo=2.0))
    assert short.seconds <= 15.0 and len(short.shots) == 2 + 4


@pytest.mark.parametrize(
    ("size", "head"),
    [
        ((4032, 3024), (0.05, 0.1, 0.3, 0.5)),  # landscape, head at the left edge
        ((3024, 4032), (0.6, 0.0, 0.95, 0.3)),  # portrait, head at the top right
        ((1080, 1920), (0.3, 0.3, 0.7, 0.5)),  # already 9:16
        ((3000, 2000), None),
    ],
)
def test_every_crop_of_a_push_in_is_9_16_inside_the_photo_and_keeps_the_head(
    size: tuple[int, int], head: tuple[float, float, float, float] | None
) -> None:
    start, end = push_in(size, head, 1.15)
    w, h = size
    for crop in (start, end):
        cw, ch = (crop[2] - crop[0]) * w, (crop[3] - crop[1]) * h
        assert cw / ch == pytest.approx(9 / 16, rel=1e-6)
        assert crop[0] >= -1e-9 and crop[2] <= 1 + 1e-9 and crop[1] >= -1e-9 and crop[3] <= 1 + 1e-9
        if head is not None and head[2] - head[0] <= cw / w:
            assert crop[0] <= head[0] + 1e-9 and head[2] <= crop[2] + 1e-9
            assert crop[1] <= head[1] + 1e-9 and head[3] <= crop[3] + 1e-9
    assert (end[2] - end[0]) <= (start[2] - start[0])  # it moves in, never out


def test_text_is_placed_inside_the_safe_zone_and_fits() -> None:
    plan = plan_reel(corpus_photos(), TEXTS)
    safe = plan.settings.safe
    assert not plan.notes
    for shot in plan.shots:
        assert shot.text.lines, shot.kind
        for line in shot.text.lines:
            x0, y0, x1, y1 = line.box
            assert safe.x0 <= x0 and x1 <= safe.x1 and safe.y0 <= y0 and y1 <= safe.y1
        if shot.panel is not None:
            p = shot.panel
            assert safe.x0 <= p[0] and p[2] <= safe.x1 and safe.y0 <= p[1] and p[3] <= safe.y1
    assert [ln.text for ln in plan.shots[-1].text.lines][-1] == "Link in bio ➜ apply"


# ---------------------------------------------------------------- the file


def boxes(raw: bytes) -> list[str]:
    """The MP4's top-level boxes, in file order."""
    out, i = [], 0
    while i + 8 <= len(raw):
        size, kind = struct.unpack(">I4s", raw[i : i + 8])
        if size == 1:
            size = struct.unpack(">Q", raw[i + 8 : i + 16])[0]
        elif size == 0:
            size = len(raw) - i
        out.append(kind.decode("latin-1"))
        i += size
    return out


def test_the_reel_is_h264_high_1080x1920_30fps_yuv420p_with_aac(reel: tuple) -> None:
    plan, out, result = reel
    with av.open(str(out)) as c:
        v = c.streams.video[0]
        assert v.codec_context.name == "h264"
        assert v.codec_context.profile == "High"
        assert (v.width, v.height) == (W, H)
        assert v.average_rate == 30
        assert v.codec_context.pix_fmt == "yuv420p"
        seconds = float(v.duration * v.time_base)
        assert seconds == pytest.approx(plan.seconds, abs=0.05)
        assert plan.settings.min_seconds <= seconds <= plan.settings.max_seconds
        assert v.frames == plan.frames == result.frames
        a = c.streams.audio[0]
        assert a.codec_context.name == "aac" and a.rate == 48000
        assert float(a.duration * a.time_base) == pytest.approx(seconds, abs=0.05)
    assert result.audio and result.contrast >= 4.5


def test_the_index_comes_first_and_nothing_about_the_machine_or_photos_is_written(
    reel: tuple,
) -> None:
    _plan, out, result = reel
    raw = out.read_bytes()
    order = boxes(raw)
    assert order.index("moov") < order.index("mdat"), order
    with av.open(str(out)) as c:
        assert set(c.metadata) <= {"major_brand", "minor_version", "compatible_brands"}
        for s in c.streams:
            assert set(s.metadata) <= {"language", "handler_name", "vendor_id"}, s.metadata
    head = raw[: raw.index(b"mdat")]
    for word in (b"creation_time", b"Lavf", b"\xa9xyz", b"\xa9mak", b"\xa9mod", b"\xa9too"):
        assert word not in head, word
    # the only item list is empty (8 bytes: its size and name), and every time stamp of the
    # movie, its tracks and their media is 0 (1904-01-01), not the time of the build
    assert head.count(b"ilst") == 1 and b"\x00\x00\x00\x08ilst" in head
    for name in (b"mvhd", b"tkhd", b"mdhd"):
        at = 0
        while (at := head.find(name, at + 1)) != -1:
            assert head[at + 4] == 0, name  # version 0: 32-bit times follow the flags
            assert head[at + 8 : at + 16] == bytes(8), name
    cover = Image.open(io.BytesIO(result.cover))
    assert cover.format == "JPEG" and cover.size == (W, H)
    assert {m for m, _ in jpeg_segments(result.cover)}.isdisjoint({0xE1, 0xE2, 0xED, 0xFE})


def test_camera_and_gps_data_in_a_photo_never_reach_the_reel(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[271] = "SecretCamCo"  # Make
    exif[272] = "Model-9000"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 0.0)
    photo = tmp_path / "gps.jpg"
    Image.open(PHOTOS / "moose.jpg").save(photo, exif=exif)
    assert b"SecretCamCo" in photo.read_bytes()
    plan = plan_reel([ReelPhoto(photo, size_of(photo), (MOOSE,))], TEXTS, SHORT)
    result = render_reel(plan, tmp_path / "r.mp4")
    raw = (tmp_path / "r.mp4").read_bytes()
    for secret in (b"SecretCamCo", b"Model-9000"):
        assert secret not in raw and secret not in result.cover


def test_two_renders_are_byte_identical(reel: tuple, media: dict[str, Path]) -> None:
    _plan, out, result = reel
    again = render_reel(with_clip(media), media["base"] / "again.mp4")
    assert (media["base"] / "again.mp4").read_bytes() == out.read_bytes()
    assert again.cover == result.cover


# ---------------------------------------------------------------- the frames


def decoded(out: Path, wanted: set[int]) -> dict[int, Image.Image]:
    got = {}
    with av.open(str(out)) as c:
        for i, f in enumerate(c.decode(video=0)):
            if i in wanted:
                got[i] = f.to_image()
    return got


def test_sampled_frames_show_the_animal_whole_with_text_only_in_the_safe_zone(
    reel: tuple,
) -> None:
    plan, out, _result = reel
    safe = plan.settings.safe
    outside = np.ones((H, W), bool)
    outside[safe.y0 : safe.y1, safe.x0 : safe.x1] = False
    first = 0
    samples: list[tuple[int, int, object]] = []
    for shot in plan.shots:
        for i in (0, shot.frames // 2, shot.frames - 1):
            samples.append((first + i, i, shot))
        first += shot.frames
    frames = decoded(out, {n for n, _, _ in samples})
    for n, i, shot in samples:
        frame = np.asarray(frames[n].convert("L"), dtype=np.float32)
        assert frame.std() > 8 or shot.kind == "closing", f"frame {n} is blank"
        if shot.kind not in ("title", "photo"):
            continue
        # the head, by the plan's crop for this frame, is inside the frame
        crop = crop_at(shot, i)
        hx0, hy0, hx1, hy1 = shot.head
        cw, ch = crop[2] - crop[0], crop[3] - crop[1]
        fx0, fx1 = (hx0 - crop[0]) / cw * W, (hx1 - crop[0]) / cw * W
        fy0, fy1 = (hy0 - crop[1]) / ch * H, (hy1 - crop[1]) / ch * H
        assert fx0 >= -1e-6 and fx1 <= W + 1e-6, (n, crop, shot.head)
        assert fy0 >= -1e-6 and fy1 <= H + 1e-6, (n, crop, shot.head)
        # the frame as drawn without its text: what differs is inside the safe zone only
        bare = source_for(shot, (W, H)).frame(crop).to_rgb()
        diff = np.abs(np.asarray(frames[n], np.float32) - np.asarray(bare, np.float32)).max(2)
        assert np.percentile(diff[outside], 99.9) < 40, f"frame {n}: text outside the safe zone"
        assert diff[~outside].max() > 150, f"frame {n}: no text at all"


def test_a_frame_in_rgb_is_the_same_whatever_the_band_of_rows_converted_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The RGB of a frame (the text's contrast, the cover) is made a band of rows at a time,
    so its float intermediates stay small: the band changes no byte, and BT.709's limited
    range black and white come out black and white."""
    rng = np.random.default_rng(7)
    for w, h in ((1080, 1920), (36, 30)):
        y, u, v = (
            rng.integers(0, 256, (hh, ww), dtype=np.uint8)
            for ww, hh in ((w, h), (w // 2, h // 2), (w // 2, h // 2))
        )
        y[0, :2], u[0, 0], v[0, 0] = (16, 235), 128, 128  # black, then white
        planes = Planes(Image.fromarray(y), Image.fromarray(u), Image.fromarray(v))
        banded = planes.to_rgb()
        assert banded.getpixel((0, 0)) == (0, 0, 0) and banded.getpixel((1, 0)) == (255,) * 3
        for rows in (h, 2, 6):  # the whole frame at once; the smallest band; an odd share
            monkeypatch.setattr(planes_module, "RGB_BAND", rows)
            assert planes.to_rgb().tobytes() == banded.tobytes(), rows


def test_the_rotated_hevc_clip_comes_out_upright(reel: tuple) -> None:
    plan, out, _result = reel
    first = 0
    for shot in plan.shots:
        if shot.kind == "clip":
            break
        first += shot.frames
    else:
        raise AssertionError("no clip shot")
    assert shot.frames == 30  # start 0.2 s to end 1.2 s
    frames = decoded(out, {first, first + shot.frames - 1})
    for frame in frames.values():
        top = frame.crop((0, 40, 100, 240)).resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
        low = frame.crop((0, 1700, 100, 1880)).resize((1, 1), Image.Resampling.BOX)
        bottom = low.getpixel((0, 0))
        assert top[0] > 150 and top[2] < 90, top  # red at the top
        assert bottom[2] > 150 and bottom[0] < 90, bottom  # blue at the bottom


def test_a_white_photo_still_gets_text_at_4_5_to_1(tmp_path: Path) -> None:
    white = tmp_path / "white.png"
    Image.new("RGB", (1200, 1600), (255, 255, 255)).save(white)
    plan = plan_reel(
        [ReelPhoto(white, (1200, 1600), line="White fur, white sofa, white everything")] * 2,
        TEXTS,
        ReelSettings(min_seconds=1.0, per_photo=0.5, title_seconds=0.5, closing_seconds=0.5),
    )
    result = render_reel(plan, tmp_path / "w.mp4")
    assert 4.5 <= result.contrast < 8


# ---------------------------------------------------------------- what check reports


def test_a_file_that_is_not_a_clip_or_music_is_named_with_a_hint(tmp_path: Path) -> None:
    bad = tmp_path / "walk.mov"
    bad.write_text("not a video")
    with pytest.raises(StorykitError) as err:
        probe_clip(bad)
    (p,) = err.value.problems
    assert p.message == "this is not a video storykit can read" and ".mov or .mp4" in p.hint
    with pytest.raises(StorykitError) as err:
        probe_music(bad)
    (p,) = err.value.problems
    assert p.message == "this is not a sound file storykit can read" and "video.music" in p.hint


def test_a_clip_is_probed_upright(media: dict[str, Path]) -> None:
    info = probe_clip(media["clip"])
    assert info.size == (180, 320) and info.rotation == -90 and info.codec == "hevc"
    assert info.duration == pytest.approx(1.5, abs=0.05)
    assert probe_music(media["music"]) == pytest.approx(20.0, abs=0.05)


# ---------------------------------------------------------------- ../shared and memory


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "photos").is_dir(), reason="uses ../shared/photos, absent")
def test_a_reel_of_the_shared_sample_photos(tmp_path: Path) -> None:
    """Uses ../shared/photos (skipped without it)."""
    paths = sorted((SHARED / "photos").glob("dreambooth_*.jpg"))[:3]
    photos = [ReelPhoto(p, size_of(p), line=f"Photo {k}") for k, p in enumerate(paths)]
    plan = plan_reel(photos, TEXTS, SHORT)
    result = render_reel(plan, tmp_path / "s.mp4")
    with av.open(str(tmp_path / "s.mp4")) as c:
        assert c.streams.video[0].frames == plan.frames == result.frames


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_a_30_second_reel_stays_under_500_mb(tmp_path: Path) -> None:
    script = f"""
import sys
sys.path.insert(0, {str(REPO / "tests")!r})
from pathlib import Path
from test_reels import corpus_photos, TEXTS
from storykit.builder.heap import return_large_blocks
from storykit.reels import plan_reel, render_reel
return_large_blocks()  # as a card worker, where the build makes its reels, starts
plan = plan_reel(corpus_photos() * 4, TEXTS)
assert plan.seconds >= 29, plan.seconds
render_reel(plan, Path({str(tmp_path / "long.mp4")!r}))
# the peak of this process's own memory (VmHWM, in kB): not ru_maxrss, which on Linux
# carries over through exec the size of the process that started it (pytest, late in a run)
print(next(ln.split()[1] for ln in open("/proc/self/status") if ln.startswith("VmHWM:")))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stdout.split()[-1]) / 1024
    assert peak_mb < 500, f"{peak_mb:.0f} MB"


# ---------------------------------------------------------------- settings and check


def check(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    from click.testing import CliRunner

    from storykit.cli import main

    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"], prog_name="storykit")
    return result.exit_code, result.output


def test_check_names_a_clip_it_cannot_read_one_too_long_and_music_it_cannot_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, media: dict[str, Path]
) -> None:
    from conftest import EXAMPLE_STORY, write_project

    story = EXAMPLE_STORY + (
        "clips:\n  - file: clips/broken.mov\n  - file: clips/walk.mov\n    start: 0.5\n"
    )
    config = (
        "organisation: {name: Test Rescue}\n"
        "video: {max_seconds: 2, min_seconds: 1, music: music/song.m4a}\n"
        "platforms: {instagram: {}, x: {}}\n"
    )
    files = {
        "stories/clips/broken.mov": "not a video",
        "stories/clips/walk.mov": media["clip"].read_bytes(),
        "music/song.m4a": "not music either",
    }
    write_project(tmp_path, {"ada-and-bo": story}, config, files)
    code, out = check(tmp_path, monkeypatch)
    assert code == 1
    assert (
        "stories/ada-and-bo.yaml:22:11: error: clips/broken.mov: this is not a video storykit "
        "can read\n    hint: use a video straight from the phone (.mov or .mp4, H.264 or HEVC), "
        "or remove it from the story's clips:"
    ) in out
    # 1 s of the clip shown fits the 2 s reel; at 0.5 s in, 1.0 s remain: no warning
    assert "clips/walk.mov" not in out
    assert (
        "storykit.yaml:2:48: error: music/song.m4a: this is not a sound file storykit can read"
    ) in out
    assert "hint: use a music file of your own that plays on your computer" in out


def test_a_clip_longer_than_the_reel_is_a_warning_and_bad_bounds_are_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, media: dict[str, Path]
) -> None:
    from conftest import EXAMPLE_STORY, write_project

    story = EXAMPLE_STORY + "clips:\n  - file: clips/walk.mov\n    end: 1.4\n"
    config = "organisation: {name: Test Rescue}\nvideo: {max_seconds: 1, min_seconds: 1}\n"
    files = {"stories/clips/walk.mov": media["clip"].read_bytes()}
    write_project(tmp_path, {"ada-and-bo": story}, config, files)
    code, out = check(tmp_path, monkeypatch)
    assert (
        "stories/ada-and-bo.yaml:22:11: warning: clips/walk.mov: 1.4 s of the clip is too long "
        "for the TikTok reel, which lasts at most 1 s; only its beginning is shown\n"
        "    hint: set start: and end: to the few seconds to show"
    ) in out
    assert "for the Instagram reel" in out and "for the Facebook reel" not in out

    (tmp_path / "storykit.yaml").write_text("video: {min_seconds: 40, max_seconds: 30}\n")
    (tmp_path / "stories" / "ada-and-bo.yaml").write_text(
        EXAMPLE_STORY + "clips:\n  - {file: clips/walk.mov, start: 3, end: 2}\nvideo: false\n"
    )
    code, out = check(tmp_path, monkeypatch)
    assert code == 1
    assert "min_seconds (40) is more than max_seconds (30)" in out
    assert "the clip ends (2 s) before it starts (3 s)" in out


def test_reel_settings_follow_the_project_then_the_story() -> None:
    from storykit.load.model import Config, Story
    from storykit.reels.settings import reel_platforms, reel_settings

    base = {
        "title": "Ada",
        "summary": "A cat.",
        "status": "available",
        "animals": [{"name": "Ada", "species": "cat"}],
    }
    config = Config.model_validate(
        {"video": {"max_seconds": 20}, "platforms": {"facebook": {"video": True}, "tiktok": {}}}
    )
    story = Story.model_validate({**base, "video": {"seconds_per_photo": 2.5}})
    every = ["instagram", "tiktok", "facebook", "x"]
    assert reel_platforms(config, story, every) == ("instagram", "tiktok", "facebook")
    assert reel_platforms(Config(), story, every) == ("instagram", "tiktok")
    assert reel_platforms(config, Story.model_validate({**base, "video": False}), every) == ()
    s = reel_settings(config, story, "tiktok")
    assert (s.min_seconds, s.max_seconds, s.per_photo) == (10.0, 20.0, 2.5)
    assert s.safe == safe_rect(["tiktok"])


def test_the_plan_values_change_with_what_the_reel_shows() -> None:
    from storykit.reels import plan_values

    a = plan_values(plan_reel(corpus_photos(), TEXTS))
    assert a == plan_values(plan_reel(corpus_photos(), TEXTS))
    other = ReelTexts(TEXTS.headline, TEXTS.names, TEXTS.closing, "Link in the post")
    assert a != plan_values(plan_reel(corpus_photos(), other))
    assert a != plan_values(plan_reel(corpus_photos()[:2], TEXTS))


# ---------------------------------------------------------------- small, wide and real photos


def head_on_frame(shot: object, i: int) -> tuple[float, float, float, float]:
    """The shot's padded head on frame *i* (px), by the plan's crop for that frame."""
    crop = crop_at(shot, i)  # type: ignore[arg-type]
    h = shot.head  # type: ignore[attr-defined]
    cw, ch = crop[2] - crop[0], crop[3] - crop[1]
    return (
        (h[0] - crop[0]) / cw * W,
        (h[1] - crop[1]) / ch * H,
        (h[2] - crop[0]) / cw * W,
        (h[3] - crop[1]) / ch * H,
    )


def assert_head_whole(plan: ReelPlan) -> None:
    for shot in plan.shots:
        if shot.kind not in ("title", "photo") or shot.head is None:
            continue
        for i in range(0, shot.frames, max(1, shot.frames // 8)):
            x0, y0, x1, y1 = head_on_frame(shot, i)
            assert x0 >= -0.5 and y0 >= -0.5 and x1 <= W + 0.5 and y1 <= H + 0.5, (shot, i)


def test_a_small_wide_photo_is_shown_whole_over_a_blur_with_its_head_in_every_frame(
    tmp_path: Path,
) -> None:
    # 451x300, as the examples' chelsea: its 9:16 strip (169x300) would be enlarged 6x
    small = tmp_path / "small.jpg"
    Image.open(PHOTOS / "moose.jpg").convert("RGB").resize((451, 300)).save(small)
    cat = Subject((0.0, 0.0, 0.97, 0.99), (0.0, 0.0, 0.97, 0.8), 1.0, "animal")
    assert needs_fit((451, 300), (0.0, 0.0, 0.97, 0.8), (W, H), 1.5)
    assert not needs_fit((4032, 3024), (0.3, 0.2, 0.5, 0.5), (W, H), 1.5)
    plan = plan_reel([ReelPhoto(small, (451, 300), (cat,))] * 2, TEXTS, SHORT)
    photo = plan.shots[1]
    assert photo.fitted and plan.shots[0].fitted
    # the whole photo, at full width, at the start; pushing in at most a little
    assert photo.start[0] == pytest.approx(0.0) and photo.start[2] == pytest.approx(1.0)
    assert 1.0 <= (photo.start[2] - photo.start[0]) / (photo.end[2] - photo.end[0]) <= 1.08
    assert_head_whole(plan)
    out = tmp_path / "small.mp4"
    render_reel(plan, out)
    first = plan.shots[0].frames
    frame = decoded(out, {first})[first]
    # above and below the photo (1080x718 in the middle) a blurred, darkened fill, not black
    # (above the safe zone: no text there), sharp where the photo is
    band = np.asarray(frame.crop((0, 20, W, 260)).convert("L"), np.float32)
    middle = np.asarray(frame.crop((0, 700, W, 1200)).convert("L"), np.float32)
    assert band.mean() > 20

    def sharpness(a: np.ndarray) -> float:
        return float(np.abs(np.diff(a, axis=1)).mean())

    assert sharpness(middle) > 3 * sharpness(band), (sharpness(middle), sharpness(band))


def test_the_closing_card_and_a_title_without_a_photo_are_set_large() -> None:
    plan = plan_reel([], TEXTS, ReelSettings(safe=safe_rect(["tiktok", "instagram"])))
    safe = plan.settings.safe
    for shot in (plan.shots[0], plan.shots[-1]):
        sizes = {ln.field: ln.size for ln in shot.text.lines}
        big = sizes.get("headline", sizes.get("closing"))
        small = sizes.get("names", sizes.get("link"))
        assert big is not None and 80 <= big <= 110, sizes
        assert small is not None and 48 <= small <= 60, sizes
        top, bottom = shot.text.bounds["main"][1], shot.text.bounds["main"][3]
        assert safe.y0 <= top and bottom <= safe.y1
        # centred in the safe zone, within a few px
        assert abs((top + bottom) / 2 - (safe.y0 + safe.y1) / 2) < 4
    link = [ln.text for ln in plan.shots[-1].text.lines if ln.field == "link"]
    assert link == ["Link in bio ➜ apply"]


@pytest.mark.skipif(not (SHARED / "photos").is_dir(), reason="uses ../shared/photos, absent")
def test_the_shared_photos_keep_their_heads_whole_and_mostly_clear_of_text() -> None:
    """Uses ../shared/photos (skipped without it): the animals as the detector finds them,
    every padded head whole in every sampled frame, and text over it in few of them."""
    from PIL import ImageOps

    from storykit.cards.detect import find_animals

    photos = []
    for k, p in enumerate(sorted((SHARED / "photos").glob("*.[jp][pn]g"))):
        with Image.open(p) as im:
            upright = ImageOps.exif_transpose(im).convert("RGB")
        photos.append(
            ReelPhoto(p, upright.size, find_animals(upright), line=f"Photo {k}: a short line.")
        )
    settings = ReelSettings(max_seconds=60, safe=safe_rect(["tiktok", "instagram"]))
    plan = plan_reel(photos, TEXTS, settings)
    assert_head_whole(plan)
    sampled = over = 0
    for shot in plan.shots:
        if shot.kind not in ("title", "photo") or shot.head is None:
            continue
        for i in (0, shot.frames // 2, shot.frames - 1):
            x0, y0, x1, y1 = head_on_frame(shot, i)
            sampled += 1
            over += any(
                b[0] < x1 and x0 < b[2] and b[1] < y1 and y0 < b[3]
                for b in (ln.box for ln in shot.text.lines)
            )
    assert sampled >= 24 and over <= sampled // 4, (over, sampled)
