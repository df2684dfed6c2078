"""Card photos: formats in, EXIF orientation, colour profiles, modes, bad files, clean output."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from conftest import assert_no_metadata, stored_as
from PIL import Image, ImageCms

from storykit.cards import (
    CardRequest,
    CardStyle,
    PhotoSource,
    open_photo_size,
    render_cards,
)
from storykit.cards.layout_file import read_layout
from storykit.errors import StorykitError
from storykit.load.document import load_text

SQUARE = (1080, 1080)
RED, BLUE = (220, 30, 30), (30, 40, 220)


@pytest.fixture
def bare_layout():
    """A one-photo layout with no text: the card is just the photo."""
    text = "name: bare\nphotos: 1\ntreatment: {kind: none}\n"
    layout, problems = read_layout(load_text(Path("bare.yaml"), text))
    assert problems == []
    return layout


def red_top(size=(1500, 1000)) -> Image.Image:
    im = Image.new("RGB", size, BLUE)
    im.paste(RED, (0, 0, size[0], size[1] // 2))
    return im


def render_one(path: Path, layout, size=SQUARE, style=None, focus=(0.5, 0.5)):
    req = CardRequest(
        "cards/test.jpg", layout, size, (PhotoSource(path, focus),), {}, style or CardStyle()
    )
    (res,) = render_cards([req])
    return res, Image.open(io.BytesIO(res.data))


def near(a, b, tol=40):
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_upright(tmp_path, bare_layout, orientation):
    upright = red_top((1500, 1000))
    stored = stored_as(upright, orientation)
    exif = Image.Exif()
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (43.0, 2.0, 20.0)
    path = tmp_path / f"o{orientation}.jpg"
    stored.save(path, quality=95, exif=exif)
    assert open_photo_size(path) == (1500, 1000)
    res, card = render_one(path, bare_layout)
    assert card.size == SQUARE and card.mode == "RGB"
    assert near(card.getpixel((540, 100)), RED) and near(card.getpixel((540, 980)), BLUE)
    # nothing of the source's metadata survives
    assert not card.getexif()
    assert not {"exif", "xmp", "comment", "icc_profile", "XML:com.adobe.xmp"} & set(card.info)
    assert_no_metadata(res.data)
    with pytest.raises(AssertionError, match="APP1"):  # the check does see it in the source
        assert_no_metadata(path.read_bytes())


@pytest.mark.parametrize(
    ("ext", "kwargs"),
    [("png", {}), ("webp", {"quality": 95}), ("avif", {"quality": 95}), ("jpg", {"quality": 95})],
)
def test_formats_in(tmp_path, bare_layout, ext, kwargs):
    path = tmp_path / f"p.{ext}"
    red_top().save(path, **kwargs)
    _, card = render_one(path, bare_layout)
    assert near(card.getpixel((540, 100)), RED) and near(card.getpixel((540, 980)), BLUE)


def save_heic(image: Image.Image, path: Path) -> None:
    """Write a HEIC with pillow-heif's own API: Pillow is not taught HEIC here, so reading
    it back tests that storykit teaches it when a photo needs it."""
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.from_pillow(image).save(path, quality=95)


def test_heic_in(tmp_path, bare_layout):
    path = tmp_path / "iphone.heic"
    save_heic(red_top(), path)
    _, card = render_one(path, bare_layout)
    assert near(card.getpixel((540, 100)), RED, 50) and near(card.getpixel((540, 980)), BLUE, 50)


def test_a_heic_named_jpg_is_recognised(tmp_path):
    path = tmp_path / "iphone.jpg"
    save_heic(red_top(), path)
    with pytest.raises(StorykitError) as err:
        open_photo_size(path)
    (problem,) = err.value.problems
    assert problem.message == "the file is named .jpg but it is a HEIC/HEIF image"
    assert problem.hint == "rename it to iphone.heic"


@pytest.mark.parametrize("mode", ["CMYK", "L", "P", "RGBA", "I;16"])
def test_modes(tmp_path, bare_layout, mode):
    base = red_top()
    if mode == "I;16":
        im = Image.new("I", (1500, 1000), 10000)
        im.paste(40000, (0, 0, 1500, 500))
        im = im.convert("I;16")
        assert im.getpixel((0, 0)) == 40000
        path = tmp_path / "g16.png"
    elif mode == "RGBA":
        im = base.convert("RGBA")
        im.putalpha(Image.new("L", im.size, 0).point(lambda _: 0))
        im.paste((220, 30, 30, 255), (0, 0, 1500, 500))
        path = tmp_path / "a.png"  # bottom half fully transparent
    else:
        im = base.convert(mode)
        path = tmp_path / (f"{mode}.jpg" if mode in ("CMYK", "L") else f"{mode}.png")
    im.save(path)
    _, card = render_one(path, bare_layout, style=CardStyle(primary="#00ff00"))
    top, bottom = card.getpixel((540, 100)), card.getpixel((540, 980))
    if mode == "I;16":
        assert 150 <= top[0] <= 160 and 35 <= bottom[0] <= 45  # scaled, not clipped to 255
    elif mode == "L":
        assert top[0] == top[1] == top[2] and top[0] > bottom[0]
    elif mode == "RGBA":
        assert near(top, RED) and near(bottom, (0, 255, 0))  # composited on the brand colour
    else:
        assert near(top, RED, 50) and near(bottom, BLUE, 50)


def _matrix_profile(gamma: float) -> bytes:
    """A minimal ICC v2 RGB display profile: sRGB primaries, a pure gamma curve."""

    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(x, y, z):
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    curve = (
        b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", round(gamma * 256)) + b"\0\0"
    )
    desc_text = b"Test linear RGB\0"
    desc = (
        b"desc"
        + b"\0" * 4
        + struct.pack(">I", len(desc_text))
        + desc_text
        + b"\0" * 12
        + b"\0" * 67
    )
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text" + b"\0" * 4 + b"none\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ "
    header += b"\0" * 12 + b"acsp" + b"\0" * 24 + b"\0" * 16
    header += s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 48
    header = header[:128].ljust(128, b"\0")
    return header + struct.pack(">I", len(tags)) + table + data


def test_icc_profile_converted_to_srgb(tmp_path, bare_layout):
    icc = _matrix_profile(1.0)  # linear light: value 64 is much brighter in sRGB
    ImageCms.ImageCmsProfile(io.BytesIO(icc))  # the profile is valid
    path = tmp_path / "linear.jpg"
    Image.new("RGB", (500, 500), (64, 64, 64)).save(path, quality=100, icc_profile=icc)
    _res, card = render_one(path, bare_layout)
    v = card.getpixel((540, 540))[0]
    assert 130 <= v <= 145, v  # linear 0.25 -> sRGB ~137
    assert "icc_profile" not in card.info


def test_lab_profile_is_not_fatal(tmp_path, bare_layout):
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    path = tmp_path / "lab.jpg"
    red_top().save(path, icc_profile=lab)
    res, card = render_one(path, bare_layout)
    assert card.size == SQUARE
    assert any("colour profile" in w for w in res.warnings)


def test_focus_point_crop(tmp_path, bare_layout):
    im = Image.new("RGB", (3000, 1000), (0, 0, 0))
    im.paste((255, 255, 255), (2400, 0, 2600, 1000))  # a white stripe near the right
    path = tmp_path / "wide.png"
    im.save(path)
    _, centred = render_one(path, bare_layout)
    assert centred.getpixel((540, 540))[0] < 40
    _, focused = render_one(path, bare_layout, focus=(0.83, 0.5))
    assert focused.getpixel((540, 540))[0] > 215


def test_small_photo_not_upscaled_past_limit(tmp_path, bare_layout):
    path = tmp_path / "tiny.jpg"
    red_top((300, 200)).save(path)
    res, card = render_one(path, bare_layout, style=CardStyle(max_upscale=1.5))
    assert card.size == SQUARE
    (w,) = [w for w in res.warnings if "tiny.jpg" in w]
    assert w == (
        f"photo {path} is only 300x200 px: too small to fill its place without enlarging it "
        "beyond 1.5x"
    )
    assert (w.photo, w.card) == (str(path), "cards/test.jpg")  # the card is data, not text
    assert near(card.getpixel((540, 540 - 40)), RED, 50)  # inside the shown photo


@pytest.mark.parametrize("fmt", ["png", "webp"])
def test_output_formats(tmp_path, bare_layout, fmt):
    path = tmp_path / "p.jpg"
    red_top().save(path)
    _res, card = render_one(path, bare_layout, style=CardStyle(format=fmt))
    assert card.format == fmt.upper() and not card.getexif()
    assert not {"exif", "xmp", "icc_profile"} & set(card.info)


def test_jpeg_output_is_plain_baseline(tmp_path, bare_layout):
    path = tmp_path / "p.jpg"
    red_top().save(path)
    _, card = render_one(path, bare_layout)
    assert card.format == "JPEG" and not card.info.get("progressive")
    assert card.info.get("jfif") and not {"exif", "icc_profile", "comment"} & set(card.info)


# ---------------------------------------------------------------- bad photos


def test_truncated_jpeg(tmp_path, bare_layout):
    path = tmp_path / "cut.jpg"
    buf = io.BytesIO()
    red_top((800, 600)).save(buf, "JPEG")
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(StorykitError, match="damaged or incomplete") as e:
        render_one(path, bare_layout)
    assert "cut.jpg" in str(e.value)


def test_png_named_jpg(tmp_path, bare_layout):
    path = tmp_path / "liar.jpg"
    red_top().save(path, "PNG")
    with pytest.raises(StorykitError, match="it is a PNG image") as e:
        open_photo_size(path)
    assert "liar.jpg" in str(e.value) and "liar.png" in str(e.value)


def test_text_named_jpg(tmp_path, bare_layout):
    path = tmp_path / "notes.jpg"
    path.write_text("not a photo at all\n")
    with pytest.raises(StorykitError, match="text file") as e:
        render_one(path, bare_layout)
    assert "notes.jpg" in str(e.value)


def test_missing_file(tmp_path):
    with pytest.raises(StorykitError, match="cannot read"):
        open_photo_size(tmp_path / "gone.jpg")


def test_decompression_bomb(tmp_path, bare_layout, monkeypatch):
    path = tmp_path / "bomb.png"
    Image.new("RGB", (2000, 2000)).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)  # warns above 1 MP
    with pytest.raises(StorykitError, match="too large") as e:
        render_one(path, bare_layout)
    assert "bomb.png" in str(e.value)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)  # refuses above 2x
    with pytest.raises(StorykitError, match="too large"):
        open_photo_size(path)


def test_every_bad_photo_reported_at_once(tmp_path, bare_layout):
    a, b = tmp_path / "a.jpg", tmp_path / "b.jpg"
    a.write_text("x")
    b.write_text("y")
    reqs = [
        CardRequest(f"c{i}.jpg", bare_layout, SQUARE, (PhotoSource(p),), {}, CardStyle())
        for i, p in enumerate([a, b])
    ]
    with pytest.raises(StorykitError) as e:
        render_cards(reqs)
    assert len(e.value.problems) == 2
