"""A turned photo resized from its stored pixels (cards/turned.py) gives Pillow's pixels for
the upright copy, byte for byte, and the card engine's decode never makes that copy."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from storykit.cards.geometry import Rect
from storykit.cards.photo import Decoded, decode, probe
from storykit.cards.small_photo import blurred_fill
from storykit.cards.turned import AXES, resize_turned

FILTERS = (Image.Resampling.BILINEAR, Image.Resampling.BICUBIC, Image.Resampling.LANCZOS)


def _cases(
    seed: int,
) -> list[
    tuple[
        tuple[int, int], tuple[float, float, float, float] | None, tuple[float, float], float | None
    ]
]:
    """Photo sizes, boxes (None: the whole), output scales and reducing gaps, at random."""
    rnd = random.Random(seed)
    out = []
    for _ in range(12):
        size = (rnd.randint(20, 700), rnd.randint(20, 700))
        box = None
        if rnd.random() < 0.5:
            x0, y0 = rnd.uniform(0, size[0] * 0.6), rnd.uniform(0, size[1] * 0.6)
            box = (x0, y0, rnd.uniform(x0 + 1, size[0]), rnd.uniform(y0 + 1, size[1]))
        scale = (rnd.uniform(0.01, 1.3), rnd.uniform(0.01, 1.3))
        out.append((size, box, scale, rnd.choice([None, 2.0, 3.0])))
    return out


@pytest.mark.parametrize("turn", list(AXES), ids=lambda t: t.name)
@pytest.mark.parametrize("resample", FILTERS, ids=lambda f: f.name)
@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_the_pixels_are_pillows_for_the_upright_copy(
    turn: Image.Transpose, resample: Image.Resampling, mode: str
) -> None:
    rng = np.random.default_rng(len(turn.name) * 7 + resample)
    for size, box, scale, gap in _cases(turn * 10 + resample):
        upright_size = size
        swap = AXES[turn][0]
        stored_size = (size[1], size[0]) if swap else size
        pixels = rng.integers(0, 256, (stored_size[1], stored_size[0], 3), dtype=np.uint8)
        stored = Image.fromarray(pixels).convert(mode)
        upright = stored.transpose(turn)
        assert upright.size == upright_size
        bw, bh = (box[2] - box[0], box[3] - box[1]) if box else upright_size
        out = (max(1, round(bw * scale[0])), max(1, round(bh * scale[1])))
        want = upright.resize(out, resample, box, gap)
        got = resize_turned(stored, turn, out, resample, box, gap)
        assert (got.size, got.mode) == (want.size, want.mode)
        assert got.tobytes() == want.tobytes(), (size, box, out, gap)


@pytest.fixture
def turned_photo(tmp_path: Path) -> Path:
    """A 1200x900 photo of blocks of colour, stored on its side with EXIF orientation 6."""
    rng = np.random.default_rng(6)
    upright = Image.fromarray(
        np.kron(rng.integers(0, 256, (9, 12, 3), dtype=np.uint8), np.ones((100, 100, 1), np.uint8))
    )
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "turned.jpg"
    upright.transpose(Image.Transpose.ROTATE_90).save(path, exif=exif, quality=90)
    return path


def test_a_decode_resizes_and_fills_as_its_upright_copy_would(turned_photo: Path) -> None:
    dec = decode(probe(turned_photo), 1.0)
    assert dec.orientation == 6 and dec.size == (1200, 900)
    small = dec.resize((416, 312), Image.Resampling.BILINEAR, reducing_gap=2.0)
    area = Rect(0, 0, 1080, 1350)
    fill = blurred_fill(dec, area)
    assert dec._upright is None  # neither made the whole upright copy
    fresh = decode(probe(turned_photo), 1.0)
    whole = fresh.image
    assert isinstance(whole, Image.Image) and not isinstance(whole, Decoded)
    assert whole.size == (1200, 900)
    assert (
        small.tobytes()
        == whole.resize((416, 312), Image.Resampling.BILINEAR, reducing_gap=2.0).tobytes()
    )
    assert fill.tobytes() == blurred_fill(whole, area).tobytes()
