"""Pure card maths: geometry, text fitting, colour contrast; the packaged layouts read."""

from __future__ import annotations

from pathlib import Path

import pytest

from storykit.cards.color import contrast, parse_hex
from storykit.cards.geometry import (
    Rect,
    cover_box,
    draft_size,
    place_photo,
    safe_insets,
    size_class,
    split,
    text_rect,
    upright_size,
)
from storykit.cards.textfit import FieldSpec, balance, fit, fit_stack, tokenize, wrap
from storykit.outputs.layouts import read_layout_file

LAYOUTS = Path(__file__).resolve().parents[1] / "src" / "storykit" / "templates" / "cards"


def mono(size: int = 10):
    """A fake measure: every character is *size* wide."""
    return lambda s: len(s) * size


def mono_at(size: int):
    return mono(size)


# ---------------------------------------------------------------- geometry


def test_cover_box_centre_and_aspect():
    x0, y0, x1, y1 = cover_box(4000, 3000, 1080, 1080)
    assert (x1 - x0) == pytest.approx(3000) and (y1 - y0) == pytest.approx(3000)
    assert x0 == pytest.approx(500)


def test_cover_box_follows_focus_and_clamps():
    x0, _, x1, _ = cover_box(4000, 3000, 1080, 1080, focus=(0.4, 0.5))
    assert (x0 + x1) / 2 == pytest.approx(1600)
    x0, _, x1, _ = cover_box(4000, 3000, 1080, 1080, focus=(0.0, 0.5))
    assert x0 == 0
    x0, _, x1, _ = cover_box(4000, 3000, 1080, 1080, focus=(1.0, 0.5))
    assert x1 == pytest.approx(4000)


def test_place_photo_limits_upscale():
    p = place_photo(400, 300, Rect(0, 0, 1080, 1080), max_upscale=1.5)
    assert p.limited and p.scale == 1.5
    assert p.dest.width == 600 and p.dest.height == 450
    assert p.dest.x0 == 240  # centred
    q = place_photo(4000, 3000, Rect(0, 0, 1080, 1080))
    assert not q.limited and q.dest == Rect(0, 0, 1080, 1080)


def test_safe_area_story_keeps_250px_clear():
    _left, top, _right, bottom = safe_insets(1080, 1920)
    assert top >= 249 and bottom >= 249
    r = text_rect((0, 0, 1, 1), 1080, 1920)
    assert r.y0 >= 249 and r.y1 <= 1920 - 249 and r.x0 >= 60


@pytest.mark.parametrize(
    ("size", "cls"),
    [
        ((1080, 1080), "square"),
        ((1080, 1350), "portrait"),
        ((1080, 1920), "story"),
        ((1200, 630), "landscape"),
    ],
)
def test_size_class(size, cls):
    assert size_class(*size) == cls


def test_split_rows_and_columns():
    a, b = split(Rect(0, 0, 1080, 1350), 2, "auto", 8)
    assert a.y1 + 8 == b.y0 and a.width == 1080  # rows on a tall card
    a, b = split(Rect(0, 0, 1200, 630), 2, "auto", 8)
    assert a.x1 + 8 == b.x0 and a.height == 630


def test_orientation_sizes_and_draft():
    assert upright_size((4032, 3024), 6) == (3024, 4032)
    assert upright_size((4032, 3024), 3) == (4032, 3024)
    assert draft_size((4032, 3024), 0.3) == (1210, 908)


# ---------------------------------------------------------------- text fitting


def test_wrap_by_width_and_break_long_word():
    w = wrap(tokenize("aaa bbb ccc"), 70, mono())
    assert [len(line) for line in w.lines] == [2, 1] and not w.broke
    w = wrap(tokenize("abcdefghijklmnop"), 50, mono())
    assert w.broke and all(len("".join(t.text for t in line)) * 10 <= 50 for line in w.lines)


def test_balance_avoids_lone_last_word():
    text = "one two three four five six seven"
    greedy = wrap(tokenize(text), 300, mono())
    assert len(greedy.lines[-1]) == 1  # greedy leaves 'seven' alone
    bal = balance(tokenize(text), 300, mono())
    assert len(bal.lines) == len(greedy.lines)
    assert len(bal.lines[-1]) > 1


def test_fit_binary_search_largest_size():
    f = fit("Happy Tears", 600, 1, 10, 100, mono_at)
    # 11 chars x size <= 600 -> 54
    assert f.size == 54 and f.lines == ["Happy Tears"]


def test_fit_truncates_with_ellipsis_when_nothing_fits():
    f = fit("word " * 40, 100, 2, 10, 20, mono_at)
    assert f.truncated and len(f.lines) == 2 and f.lines[-1].endswith("…")


def test_fit_stack_shrinks_to_height():
    specs = [
        [FieldSpec("Happy Tears", 600, 2, 20, 100, mono_at, 1.0)],
        [FieldSpec("a b c", 600, 3, 10, 40, mono_at, 1.0)],
    ]
    fits, ok = fit_stack(specs, [0, 10], 80)
    assert ok
    total = sum(len(f[0].lines) * f[0].size for f in fits) + 10
    assert total <= 80


def test_cjk_breaks_between_characters():
    toks = tokenize("猫と犬")
    assert [t.text for t in toks] == ["猫", "と", "犬"]


# ---------------------------------------------------------------- colour


def test_contrast_ratio_wcag():
    assert contrast((255, 255, 255), (0, 0, 0)) == pytest.approx(21.0)
    assert contrast(parse_hex("#777"), parse_hex("#fff")) == pytest.approx(4.48, abs=0.01)


# ---------------------------------------------------------------- layouts


@pytest.mark.parametrize("name", ["photo", "pair", "quote"])
def test_packaged_layouts_parse(name):
    path = LAYOUTS / f"{name}.yaml"
    lay, problems = read_layout_file(path)
    assert problems == []
    assert lay is not None
    assert lay.name == name
    assert lay.source == str(path)
    assert lay.photos == {"photo": 1, "pair": 2, "quote": 0}[name]
    for size in [(1080, 1080), (1080, 1350), (1080, 1920), (1200, 630)]:
        assert lay.design_for(*size).fields
    assert all(t for t in lay.templates.values())
