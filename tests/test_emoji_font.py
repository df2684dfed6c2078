"""The packaged colour emoji font: chosen last, drawn in colour on real cards, one glyph a ZWJ."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops, features

from storykit.cards import SIZES, CardRequest, CardStyle, PhotoSource, render_cards
from storykit.cards import fonts as F

NOTO = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
FACE = "\U0001f979"  # face holding back tears
BLACK_CAT = "\U0001f408\u200d\u2b1b"
SERVICE_DOG = "\U0001f415\u200d\U0001f9ba"
THUMBS_UP = "\U0001f44d\U0001f3fd"  # medium skin tone
FLAG_GB = "\U0001f1ec\U0001f1e7"
EMOJI = (FACE, BLACK_CAT, SERVICE_DOG, THUMBS_UP, FLAG_GB)
BLANK = {
    k: "" for k in ("names", "caption", "badge", "credit", "organisation", "quote", "quote_by")
}
needs_raqm = pytest.mark.skipif(
    not features.check("raqm"), reason="ZWJ sequences need Pillow's RAQM layout (ligatures)"
)


@pytest.fixture
def no_emoji_font(monkeypatch):
    """The machine's fonts less every emoji font, as on a fresh machine with pip only."""
    system = tuple(p for p in F.system_fonts() if "emoji" not in Path(p).name.lower())
    monkeypatch.setattr(F, "system_fonts", lambda: system)
    F._CHAINS.clear()
    yield
    F._CHAINS.clear()


@pytest.fixture(scope="module")
def grey_photo(tmp_path_factory):
    path = tmp_path_factory.mktemp("emoji") / "grey.jpg"
    Image.new("RGB", (2400, 2400), (128, 128, 128)).save(path, quality=95)
    return path


def card(layout, headline, photo=None):
    """A real square card with *headline* as its only text: (image, warnings). Without a
    photo, the quote layout on white (so that the black cat shows)."""
    req = CardRequest(
        "cards/emoji-square.jpg",
        layout,
        SIZES["square"],
        (PhotoSource(photo),) if photo else (),
        dict(BLANK, headline=headline),
        CardStyle() if photo else CardStyle(primary="#ffffff"),
    )
    (res,) = render_cards([req])
    return Image.open(io.BytesIO(res.data)).convert("RGB"), list(res.warnings)


def ink_box(im):
    """The box of what was drawn on the card: the photo and its gradient vary only from top
    to bottom, so each row is compared with its own pixel at the card's right edge."""
    w, h = im.size
    background = im.crop((w - 6, 0, w - 5, h)).resize((w, h))
    diff = ImageChops.difference(im, background).convert("L").point(lambda v: 255 * (v > 24))
    box = diff.getbbox()
    assert box is not None, "nothing drawn"
    return box


def saturated(im, box):
    raw = im.crop(box).tobytes()
    return sum(1 for i in range(0, len(raw), 3) if max(raw[i : i + 3]) - min(raw[i : i + 3]) > 60)


def test_packaged_font_ships_with_its_licence_and_recorded_sha256():
    data = F.PACKAGED_EMOJI.read_bytes()
    readme = (F.PACKAGED / "README.md").read_text("utf-8")
    recorded = re.search(r"`Twemoji-COLR.ttf` as built from it[^`]*sha256 `([0-9a-f]{64})`", readme)
    assert recorded and recorded.group(1) == hashlib.sha256(data).hexdigest()
    licence = (F.PACKAGED / "LICENSE-Twemoji.txt").read_text("utf-8")
    assert "CC-BY-4.0" in licence and "SIL OPEN FONT LICENSE" in licence
    info = F.font_file(str(F.PACKAGED_EMOJI))
    assert info is not None and info.colour and info.is_emoji and info.strike is None


def test_packaged_font_is_the_emoji_fallback_without_an_emoji_font(no_emoji_font):
    chain = F.chain_for(CardStyle(), "bold")
    for emoji in EMOJI:
        assert chain.font_for(emoji) == str(F.PACKAGED_EMOJI), emoji
    # text keeps its own font: the emoji font has digits, '#' and '©' but comes after
    assert chain.font_for("1") == chain.font_for("#") == chain.primary
    runs, missing = chain.runs(f"Tears {FACE} #1")
    assert missing == []
    assert [(r.text, r.colour) for r in runs] == [("Tears ", False), (FACE, True), (" #1", False)]


@pytest.mark.skipif(not NOTO.exists(), reason="needs fonts-noto-color-emoji")
def test_system_and_configured_emoji_fonts_come_first(tmp_path):
    F._CHAINS.clear()
    try:
        chain = F.chain_for(CardStyle(), "bold")
        assert {chain.font_for(e) for e in EMOJI} == {str(NOTO)}
        # a project's fallback font is tried before both (here: the packaged one, by path)
        style = CardStyle(fallback_fonts=(F.PACKAGED_EMOJI,))
        assert F.chain_for(style, "bold").font_for(FACE) == str(F.PACKAGED_EMOJI)
    finally:
        F._CHAINS.clear()


@needs_raqm
def test_card_draws_colour_emoji_without_an_emoji_font(no_emoji_font, layouts, grey_photo):
    photo = layouts["photo"]
    im, warnings = card(photo, "Happy Tears " + " ".join(EMOJI), grey_photo)
    assert warnings == []  # nothing left out
    assert saturated(im, ink_box(im)) > 3000
    for emoji in EMOJI:
        if emoji == BLACK_CAT:  # black and grey, and the photo card's gradient is dark
            one, warnings = card(layouts["quote"], emoji)
            raw = one.crop(ink_box(one)).convert("L").tobytes()
            assert sum(v < 60 for v in raw) > 1000
        else:
            one, warnings = card(photo, emoji, grey_photo)
            assert saturated(one, ink_box(one)) > 2000, emoji
        assert warnings == []


@needs_raqm
def test_zwj_sequence_drawn_as_one_glyph(no_emoji_font, layouts, grey_photo):
    def width(headline, photo=grey_photo):
        im, warnings = card(layouts["photo" if photo else "quote"], headline, photo)
        assert warnings == []
        x0, _y0, x1, _y1 = ink_box(im)
        return x1 - x0

    dog, vest = width("\U0001f415"), width("\U0001f9ba")
    assert 0.9 * dog <= width(SERVICE_DOG) <= 1.1 * dog  # one emoji wide
    assert width("\U0001f415\U0001f9ba") > 0.9 * (dog + vest)  # without the joiner: two
    cat = width("\U0001f408", None)
    assert 0.9 * cat <= width(BLACK_CAT, None) <= 1.1 * cat
    assert width("\U0001f408\u2b1b", None) > 1.8 * cat
    chain = F.chain_for(CardStyle(), "bold")
    one_em = pytest.approx(110, abs=0.5)  # 1.1 em: the emoji and its side bearings
    assert chain.width(SERVICE_DOG, 100) == chain.width(BLACK_CAT, 100) == one_em
    assert chain.width("\U0001f415\U0001f9ba", 100) == pytest.approx(220, abs=1)


def test_card_with_emoji_font_unchanged_by_packaged_font():
    """With Noto Color Emoji installed, it (not the packaged font) draws the card's emoji."""
    if not NOTO.exists():
        pytest.skip("needs fonts-noto-color-emoji")
    F._CHAINS.clear()
    runs, _ = F.chain_for(CardStyle(), "bold").runs(" ".join(EMOJI))
    assert {r.path for r in runs if r.colour} == {str(NOTO)}
    assert all(r.strike == 109 for r in runs if r.colour)
