"""Card rendering: every layout and size, legible text, glyph fallback, one decode per photo."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import stored_as
from PIL import Image

from storykit.cards import (
    SIZES,
    CardRequest,
    CardStyle,
    PhotoCopy,
    PhotoSource,
    render_cards,
)
from storykit.cards import fonts as F
from storykit.cards import legibility as LG
from storykit.cards import photo as P
from storykit.cards import textplan as TP
from storykit.cards.batch import photo_areas
from storykit.cards.contrast import line_contrasts
from storykit.cards.geometry import cover_box, text_rect
from storykit.cards.layout import resolve_color
from storykit.cards.treatment import treatment_masks

TEXTS = {
    "headline": "Happy Tears",
    "names": "Possum & Kangaroo",
    "caption": "A runt puppy and the smallest kitten, bottle-fed together",
    "badge": "Reunited",
    "credit": "Photo: Emilie Rackovan",
    "organisation": "Best Friends Animal Society",
    "quote": "They slept curled together every night; we could never split them up.",
    "quote_by": "— Emilie, their foster",
}
EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")


@pytest.fixture
def white_photo(tmp_path):
    path = tmp_path / "white.jpg"
    Image.new("RGB", (2400, 2400), (250, 250, 250)).save(path, quality=95)
    return path


@pytest.fixture
def noise_photo(tmp_path):
    path = tmp_path / "noise.jpg"
    Image.effect_noise((2400, 2400), 90).convert("RGB").save(path, quality=90)
    return path


def requests_for(layout, photos, texts=TEXTS, style=None):
    return [
        CardRequest(
            f"cards/{layout.name}-{name}.jpg", layout, size, photos, texts, style or CardStyle()
        )
        for name, size in SIZES.items()
    ]


@pytest.mark.parametrize("name", ["photo", "pair", "quote"])
def test_every_layout_in_every_size(layouts, white_photo, noise_photo, name):
    lay = layouts[name]
    photos = (PhotoSource(white_photo), PhotoSource(noise_photo))[: lay.photos]
    results = render_cards(requests_for(lay, photos))
    assert [r.key for r in results] == [f"cards/{name}-{s}.jpg" for s in SIZES]
    for r, size in zip(results, SIZES.values(), strict=True):
        card = Image.open(io.BytesIO(r.data))
        assert card.size == size == (r.width, r.height) and card.mode == "RGB"
        assert not [w for w in r.warnings if "shortened" in w or "contrast" in w], r.warnings


@pytest.mark.parametrize("photo", ["white_photo", "noise_photo"])
@pytest.mark.parametrize("size", list(SIZES.values()))
def test_contrast_measured_at_least_4_5(layouts, request, photo, size):
    """Over a white and over a busy photo, every line measures >= 4.5:1 behind it."""
    path = request.getfixturevalue(photo)
    style = CardStyle()
    design = layouts["photo"].design_for(*size)
    dec = P.decode(P.probe(path), 1.0)
    card = dec.image.resize(size, Image.LANCZOS, box=cover_box(2400, 2400, *size))
    plan = TP.plan_text(design, TEXTS, size, style)
    out, _worst, notes = LG.make_legible(card, design, plan, style)
    assert not notes
    contrasts = [c for _, c in line_contrasts(out, plan)]
    assert contrasts and min(contrasts) >= 4.5


def test_light_brand_colour_is_darkened_for_quote(layouts):
    style = CardStyle(primary="#ffd84d", accent="#ffffff", text="#ffffff")  # white on yellow fails
    size = SIZES["square"]
    design = layouts["quote"].design_for(*size)
    card = Image.new("RGB", size, resolve_color(design.background, style))
    plan = TP.plan_text(design, TEXTS, size, style)
    _out, worst, notes = LG.make_legible(card, design, plan, style)
    assert worst >= 4.5 and not notes


@pytest.mark.parametrize("name", ["quote", "closing"])
@pytest.mark.parametrize("primary", ["#1d3557", "#ffd84d"])
def test_treatment_of_a_plain_card_is_the_blend(layouts, monkeypatch, name, primary):
    """A card without a photo has its treatment filled in, not blended pixel by pixel: the
    same pixels whether the caller says the card is one colour, it is found to be, or every
    pixel is blended."""
    style = CardStyle(primary=primary, accent="#e76f51", text="#ffffff")
    cards = []
    for size in SIZES.values():
        design = layouts[name].design_for(*size)
        plan = TP.plan_text(design, TEXTS, size, style)
        background = resolve_color(design.background, style)
        plain = Image.new("RGB", size, background)
        told = LG.make_legible(plain.copy(), design, plan, style, background)[0]
        found = LG.make_legible(plain.copy(), design, plan, style)[0]
        cards.append((plain, told, found, design, plan))
    monkeypatch.setattr(LG, "one_colour", lambda card, box: None)  # not one colour: blended
    for plain, told, found, design, plan in cards:
        blended = LG.make_legible(plain.copy(), design, plan, style)[0]
        assert told.tobytes() == found.tobytes() == blended.tobytes()
        assert blended.tobytes() != plain.tobytes()  # the treatment is there: accent text
        assert min(c for _, c in line_contrasts(blended, plan)) >= 4.5


@pytest.mark.parametrize("size", list(SIZES.values()))
def test_text_inside_safe_area(layouts, size):
    for lay in layouts.values():
        design = lay.design_for(*size)
        plan = TP.plan_text(design, TEXTS, size, CardStyle())
        safe = text_rect((0, 0, 1, 1), *size)
        for line in plan.lines:
            assert safe.x0 - 1 <= line.x and line.x + line.width <= safe.x1 + 1, line
            assert safe.y0 - 1 <= line.top and line.top + line.height <= safe.y1 + 1, line


def test_long_headline_fits_or_shrinks(layouts, white_photo):
    texts = dict(
        TEXTS, headline="From the storm drain to the sofa: the unlikely friendship of two runts"
    )
    results = render_cards(requests_for(layouts["photo"], (PhotoSource(white_photo),), texts))
    for r in results:
        assert not [w for w in r.warnings if "do not fit" in w], r.warnings


def test_missing_glyph_warning_names_code_point(layouts, white_photo, monkeypatch):
    monkeypatch.setattr(F, "system_fonts", lambda: ())
    F._CHAINS.clear()
    try:
        # 'cat' in CJK: in no packaged font (emoji are, since Twemoji ships with storykit)
        texts = dict(TEXTS, names="Possum \u732b & Kangaroo")
        req = requests_for(layouts["photo"], (PhotoSource(white_photo),), texts)[:1]
        (res,) = render_cards(req)
        assert [(w, w.hint, w.card) for w in res.warnings if "U+732B" in w] == [
            (
                "no installed font has U+732B '\u732b' (in names), so it is left out",
                "install a font that has it (emoji: fonts-noto-color-emoji) or add one to the "
                "project's fallback fonts",
                "cards/photo-square.jpg",
            )
        ]
    finally:
        F._CHAINS.clear()


@pytest.mark.skipif(not EMOJI_FONT.exists(), reason="needs fonts-noto-color-emoji")
def test_colour_emoji_drawn_without_warning(layouts, tmp_path):
    path = tmp_path / "grey.jpg"
    Image.new("RGB", (2400, 2400), (128, 128, 128)).save(path)
    texts = dict(
        TEXTS,
        names="Possum & Kangaroo 🐶🐱",
        caption="",
        badge="",
        headline="",
        credit="",
        organisation="",
    )
    req = requests_for(layouts["photo"], (PhotoSource(path),), texts)[:1]
    (res,) = render_cards(req)
    assert not res.warnings
    card = Image.open(io.BytesIO(res.data)).convert("RGB")
    # colour pixels (the emoji are not drawn in the text or accent colour only)
    raw = card.tobytes()
    pixels = {raw[i : i + 3] for i in range(0, len(raw), 3)}
    colours = {px for px in pixels if max(px) - min(px) > 60}
    assert len(colours) > 200


def test_rtl_names_shaped_and_fallback(layouts, white_photo):
    chain = F.chain_for(CardStyle(), "bold")
    runs, missing = chain.runs("פוסום וקנגורו")
    assert not missing or all(0x590 <= ord(c[0]) <= 0x5FF for c in missing)
    texts = dict(TEXTS, names="بوسوم و كنغر", headline="פוסום וקנגורו")
    (res,) = render_cards(requests_for(layouts["photo"], (PhotoSource(white_photo),), texts)[:1])
    if Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists():
        assert not [w for w in res.warnings if "no installed font" in w], res.warnings
    # right-to-left runs are ordered right to left
    runs, base = F.visual_runs(chain, "Possum & קנגורו")
    assert base == "L" and runs[-1].rtl


def test_each_photo_decoded_once_at_draft_scale(layouts, tmp_path, monkeypatch):
    path = tmp_path / "big.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (4032, 3024), (90, 120, 150)).save(path, exif=exif)
    calls = []
    real = P.decode

    def counting(info, need):
        calls.append(need)
        dec = real(info, need)
        calls.append(dec.image.size)
        return dec

    monkeypatch.setattr("storykit.cards.engine.decode", counting)
    reqs = requests_for(layouts["photo"], (PhotoSource(path),)) + requests_for(
        layouts["pair"], (PhotoSource(path), PhotoSource(path))
    )
    results = render_cards(reqs)
    assert len(results) == 8
    assert len(calls) == 2  # one decode for eight cards
    need, size = calls
    # upright 3024x4032; the story card (1080x1920) needs 1920/4032 of it
    assert need == pytest.approx(1920 / 4032, rel=0.01)
    assert size[0] < 3024 and size[1] >= 1920


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((2048, 1000), (2048, 1000)),  # small enough: as it is
        ((300, 200), (300, 200)),  # never enlarged
        ((2049, 1000), (1024, 500)),  # just over: halved
        ((4032, 3024), (2016, 1512)),  # a 12 MP phone photo
        ((3024, 4032), (1512, 2016)),
        ((8064, 6048), (2016, 1512)),  # 48 MP: a quarter
        ((20000, 4000), (2048, 410)),  # a panorama past 8 halvings: resized to fit
    ],
)
def test_copy_size_is_an_exact_halving(size, expected):
    scale = PhotoCopy("photos/p.jpg", Path("p.jpg")).scale(size)
    assert (round(size[0] * scale), round(size[1] * scale)) == expected


def _sideways_photo(path: Path) -> Path:
    """A 4032x3024 photo stored sideways (EXIF 6): upright it is red above blue."""
    upright = Image.new("RGB", (3024, 4032), (200, 30, 30))
    upright.paste((30, 30, 200), (0, 2016, 3024, 4032))
    exif = Image.Exif()
    exif[0x0112] = 6
    stored_as(upright, 6).save(path, quality=92, exif=exif)
    return path


def test_copy_is_upright_halved_and_shares_the_cards_decode(layouts, tmp_path, monkeypatch):
    path = _sideways_photo(tmp_path / "side.jpg")
    decodes = []
    real = P.decode
    monkeypatch.setattr(
        "storykit.cards.engine.decode", lambda info, need: decodes.append(need) or real(info, need)
    )
    reqs = requests_for(layouts["photo"], (PhotoSource(path),))
    results = render_cards(reqs, [PhotoCopy("photos/side.jpg", path)])
    assert len(decodes) == 1  # four cards and the copy from one decode
    assert [r.key for r in results] == [r.key for r in reqs] + ["photos/side.jpg"]
    copy = results[-1]
    assert (copy.width, copy.height) == (1512, 2016)
    with Image.open(io.BytesIO(copy.data)) as im:
        assert im.format == "JPEG" and im.size == (1512, 2016) and im.mode == "RGB"
        assert near_rgb(im.getpixel((756, 400)), (200, 30, 30))
        assert near_rgb(im.getpixel((756, 1600)), (30, 30, 200))


def test_what_is_made_does_not_depend_on_what_is_made_with_it(layouts, tmp_path):
    """Incremental builds remake some cards of a story, or only its web photo: each must
    come out with the bytes a clean build gives it."""
    path = _sideways_photo(tmp_path / "side.jpg")
    reqs = requests_for(layouts["photo"], (PhotoSource(path),))
    copies = [PhotoCopy("photos/side.jpg", path)]
    every = {r.key: r.data for r in render_cards(reqs, copies)}
    story = reqs[2].key
    only_story = render_cards(reqs, copies, make={story})
    only_copy = render_cards(reqs, copies, make={"photos/side.jpg"})
    assert [r.key for r in only_story] == [story]
    assert only_story[0].data == every[story]
    assert [r.key for r in only_copy] == ["photos/side.jpg"]
    assert only_copy[0].data == every["photos/side.jpg"]


def test_shared_photos_all_layouts(shared, layouts, tmp_path):
    """Uses the real photos in ../shared/photos (skipped without ../shared)."""
    photos = sorted((shared / "photos").glob("*.jpg"))[:3]
    assert photos
    reqs = []
    for lay in layouts.values():
        ps = tuple(PhotoSource(p) for p in photos[: lay.photos])
        reqs += requests_for(lay, ps)
    for r in render_cards(reqs):
        card = Image.open(io.BytesIO(r.data))
        assert (card.width, card.height) == (r.width, r.height)
        assert not card.getexif()


@pytest.mark.parametrize("size", [SIZES["square"], SIZES["portrait"], SIZES["story"]])
def test_small_photo_placed_clear_of_text_and_not_darkened(layouts, tmp_path, size):
    """A photo too small for the card sits where no text is, at its own colours."""
    path = tmp_path / "small.png"
    colour = (200, 130, 60)
    Image.new("RGB", (451, 300), colour).save(path)
    lay = layouts["photo"]
    req = CardRequest("cards/small.jpg", lay, size, (PhotoSource(path),), TEXTS, CardStyle())
    (res,) = render_cards([req])
    assert any("451x300" in w for w in res.warnings)
    card = Image.open(io.BytesIO(res.data)).convert("RGB")
    raw = card.tobytes()
    hits = [
        i // 3
        for i in range(0, len(raw), 3)
        if all(abs(raw[i + c] - colour[c]) <= 12 for c in range(3))
    ]
    # the whole photo (shown at least at 1x) keeps its colours: nothing darkens it
    assert len(hits) >= 0.95 * 451 * 300
    rows: dict[int, int] = {}
    for h in hits:
        rows[h // card.width] = rows.get(h // card.width, 0) + 1
    full = [y for y, n in rows.items() if n >= 400]  # rows through the photo (>= 451 px)
    box = (0, min(full), card.width, max(full))
    assert box[3] - box[1] >= 299
    plan = TP.plan_text(lay.design_for(*size), TEXTS, size, CardStyle())
    for line in plan.lines:
        assert line.top + line.height <= box[1] or line.top >= box[3], (line.text, box)


def test_quote_card_has_headline_and_names(layouts):
    lay = layouts["quote"]
    assert lay.templates["headline"] == "{{ story.headline }}"
    assert lay.templates["names"] == "{{ names }}"
    texts = dict(TEXTS, quote="inseparable", headline="Happy Tears")
    for size in SIZES.values():
        plan = TP.plan_text(lay.design_for(*size), texts, size, CardStyle())
        fields = {ln.field: ln for ln in plan.lines}
        assert {"headline", "names", "quote", "organisation"} <= fields.keys()
        # hierarchy: names and headline above the quote, organisation at the foot
        assert fields["names"].top < fields["headline"].top < fields["quote"].top
        assert fields["organisation"].top > fields["quote"].top
        assert fields["quote"].size > fields["headline"].size
    (res,) = render_cards(
        [CardRequest("cards/q.jpg", lay, SIZES["square"], (), texts, CardStyle())]
    )
    card = Image.open(io.BytesIO(res.data)).convert("L")
    plan = TP.plan_text(lay.design_for(*SIZES["square"]), texts, SIZES["square"], CardStyle())
    head = next(ln for ln in plan.lines if ln.field == "headline")
    region = card.crop(
        (round(head.x), round(head.top), round(head.x + head.width), round(head.top + head.height))
    )
    lo, hi = region.getextrema()
    assert hi - lo > 100  # text drawn, not flat colour
    # the background is one even colour (no scrim bands between blocks)
    column = [card.getpixel((card.width - 20, y)) for y in range(0, card.height, 10)]
    assert max(column) - min(column) <= 4


@pytest.mark.parametrize("orientation", range(1, 9))
def test_cut_in_stored_frame_matches_upright(tmp_path, orientation):
    """Pieces cut in the stored frame and turned upright match cutting the upright image."""
    upright = Image.linear_gradient("L").resize((600, 400)).convert("RGB")
    upright.paste((220, 30, 30), (0, 0, 150, 100))
    upright.paste((30, 40, 220), (450, 300, 600, 400))
    stored = stored_as(upright, orientation)
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / f"o{orientation}.png"
    stored.save(path, exif=exif)
    dec = P.decode(P.probe(path), 1.0)
    assert dec.image.size == (600, 400)
    for crop, size in [((0, 0, 300, 200), (150, 100)), ((100, 50, 600, 400), (250, 175))]:
        got = dec.cut(crop, size)
        want = upright.resize(size, Image.LANCZOS, box=crop)
        assert got.size == size
        diff = max(abs(a - b) for a, b in zip(got.tobytes(), want.tobytes(), strict=True))
        assert diff <= 40, (orientation, crop, diff)
        assert near_rgb(got.getpixel((0, 0)), (220, 30, 30)) or crop[0] > 0


def near_rgb(a, b, tol=40):
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _mean(im: Image.Image) -> tuple[float, ...]:
    stat = im.convert("RGB").resize((1, 1), Image.BOX).getpixel((0, 0))
    return tuple(float(v) for v in stat)


def _overlaps(a: tuple[float, float, float, float], b) -> bool:
    return a[0] < b.x1 and b.x0 < a[2] and a[1] < b.y1 and b.y0 < a[3]


@pytest.fixture
def pair_photos(tmp_path):
    """Two light, textured photos (a dark overlay on them would show) of different shapes."""
    out = []
    for name, size, tint in [
        ("a", (1600, 1200), (235, 190, 120)),
        ("b", (1200, 1500), (150, 200, 240)),
    ]:
        grad = Image.linear_gradient("L").resize(size)
        noise = Image.effect_noise(size, 40).convert("L")
        shade = Image.blend(grad, noise, 0.35).point(lambda v: 170 + v // 3)
        im = Image.merge("RGB", [shade.point(lambda v, t=t: v * t // 255) for t in tint])
        path = tmp_path / f"{name}.png"
        im.save(path)
        out.append(path)
    return out


@pytest.mark.parametrize("name", list(SIZES))
def test_pair_photos_clear_of_text_and_not_darkened(layouts, pair_photos, name):
    """Both photos of a pair card are shown whole-strength: no text, gradient or scrim on them."""
    size = SIZES[name]
    lay = layouts["pair"]
    style = CardStyle()
    # the second without focus and not searched: cropped around its centre
    photos = (PhotoSource(pair_photos[0], (0.3, 0.45)), PhotoSource(pair_photos[1], searched=False))
    (res,) = render_cards([CardRequest(f"cards/pair-{name}.jpg", lay, size, photos, TEXTS, style)])
    assert not res.warnings
    card = Image.open(io.BytesIO(res.data)).convert("RGB")
    design = lay.design_for(*size)
    areas = photo_areas(design, size, 2)
    plan = TP.plan_text(design, TEXTS, size, style)
    # each photo gets a real share of the card, and they do not overlap
    for area in areas:
        assert area.width * area.height >= 0.18 * size[0] * size[1], area
    assert not _overlaps(areas[0].as_tuple(), areas[1])
    # no text line, badge or treatment reaches into a photo
    boxes = [(ln.x, ln.top, ln.x + ln.width, ln.top + ln.height) for ln in plan.lines]
    boxes += [p.box for p in plan.pills]
    assert {ln.field for ln in plan.lines} >= {"headline", "names", "caption", "organisation"}
    for box in boxes:
        for area in areas:
            assert not _overlaps(box, area), (box, area)
    for mask in treatment_masks(design, plan, size).values():
        for area in areas:
            assert mask.crop(area.as_tuple()).getextrema() == (0, 0), area
    # the middle of each photo keeps the source's colours (its own crop: around the focus
    # where one is set, else as framing chose it, shown on the whole area)
    for ps, area, framing in zip(photos, areas, res.framing, strict=True):
        src = P.decode(P.probe(ps.path), 1.0).image
        assert framing.area == area.as_tuple() and not framing.fitted
        crop = cover_box(*src.size, area.width, area.height, ps.focus or (0.5, 0.5))
        if ps.focus is not None:
            assert framing.crop == pytest.approx(
                (
                    crop[0] / src.width,
                    crop[1] / src.height,
                    crop[2] / src.width,
                    crop[3] / src.height,
                )
            )
        c = framing.crop
        crop = (c[0] * src.width, c[1] * src.height, c[2] * src.width, c[3] * src.height)
        want = src.resize(area.size, Image.BILINEAR, box=crop)
        w, h = area.size
        patch = (round(w * 0.3), round(h * 0.3), round(w * 0.7), round(h * 0.7))
        got = card.crop(area.as_tuple()).crop(patch)
        expected = want.crop(patch)
        for g, e in zip(_mean(got), _mean(expected), strict=True):
            assert abs(g - e) <= 8, (name, _mean(got), _mean(expected))
        # and not darker than the photo as a whole (an overlay would pull it down)
        assert sum(_mean(got)) >= sum(_mean(src)) - 3 * 20, (name, _mean(got), _mean(src))


def test_pair_story_text_in_band_below_photos(layouts):
    """On tall cards the photos come first and the texts follow on the band below them."""
    for name in ("portrait", "story"):
        size = SIZES[name]
        design = layouts["pair"].design_for(*size)
        areas = photo_areas(design, size, 2)
        plan = TP.plan_text(design, TEXTS, size, CardStyle())
        bottom = max(a.y1 for a in areas)
        assert all(ln.top >= bottom for ln in plan.lines)
        if name == "story":
            assert all(ln.top + ln.height <= size[1] - 250 for ln in plan.lines)
