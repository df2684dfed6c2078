"""Framing: the crop that keeps the animals' heads, the fit for a close-up, text off the heads."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from storykit.cards import SIZES, CardRequest, CardStyle, PhotoCopy, PhotoSource, render_cards
from storykit.cards import engine as E
from storykit.cards import framing as FR
from storykit.cards.detect import top_band
from storykit.cards.geometry import Rect, place_photo
from storykit.cards.subjects import Subject

TEXTS = {
    "headline": "Happy Tears",
    "names": "Possum & Kangaroo",
    "caption": "A runt puppy and the smallest kitten, bottle-fed together",
    "badge": "Available",
    "credit": "Photo: Emilie Rackovan",
    "organisation": "Best Friends Animal Society",
}
STORY = Rect(0, 0, *SIZES["story"])
SQUARE = Rect(0, 0, *SIZES["square"])
WIDE = (2700, 1800)  # large enough to fill a story card without enlarging past 1.5x


def animal(body: tuple[float, float, float, float], head: tuple[float, float, float, float]):
    return Subject(body, head, 0.9, "animal")


def inside(inner, outer, slack: float = 1e-9) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


# ---------------------------------------------------------------- pure framing


def test_focus_wins_and_is_todays_crop() -> None:
    cat = animal((0.0, 0.2, 0.3, 0.9), (0.0, 0.2, 0.3, 0.5))
    plan = FR.frame((3000, 2000), STORY, (0.8, 0.5), [cat], 1.5)
    pl = place_photo(3000, 2000, STORY, (0.8, 0.5), 1.5)
    assert plan.placement == pl
    assert plan.framing.crop == pytest.approx((pl.crop[0] / 3000, 0.0, pl.crop[2] / 3000, 1.0))
    assert plan.framing.subjects == () and not plan.framing.fitted


def test_no_animal_is_the_centre_crop() -> None:
    plan = FR.frame((3000, 2000), STORY, None, [], 1.5)
    assert plan.placement == place_photo(3000, 2000, STORY, (0.5, 0.5), 1.5)
    assert not plan.framing.fitted


def test_an_animal_at_the_edge_keeps_its_padded_head() -> None:
    # a cat at the far left of a wide photo, on a tall story card: the centre crop
    # (0.33..0.67 of the width) would cut it off
    cat = animal((0.02, 0.3, 0.3, 0.95), (0.05, 0.3, 0.25, 0.55))
    plan = FR.frame((3000, 2000), STORY, None, [cat], 1.5)
    f = plan.framing
    assert not f.fitted and f.area == STORY.as_tuple() and f.subjects == (cat,)
    assert inside(FR.padded(cat.head), f.crop)
    width = f.crop[2] - f.crop[0]
    assert width == pytest.approx(2000 * 1080 / 1920 / 3000)  # the largest crop of that shape
    assert f.crop[0] == 0.0  # as far towards the cat as the photo goes


def test_the_crop_centres_on_the_bodies_when_there_is_room() -> None:
    dog = animal((0.4, 0.1, 0.6, 0.9), (0.45, 0.1, 0.55, 0.3))
    plan = FR.frame((3000, 2000), STORY, None, [dog], 1.5)
    c = plan.framing.crop
    assert (c[0] + c[2]) / 2 == pytest.approx(0.5)


def test_every_head_of_two_animals_is_kept() -> None:
    # a story crop of a 2:1 photo is 28% of its width: room for both padded heads
    a = animal((0.03, 0.3, 0.14, 0.9), (0.05, 0.3, 0.12, 0.45))
    b = animal((0.16, 0.3, 0.27, 0.9), (0.18, 0.3, 0.25, 0.45))
    f = FR.frame((4000, 2000), STORY, None, [a, b], 1.5).framing
    assert not f.fitted
    assert inside(FR.padded(a.head), f.crop) and inside(FR.padded(b.head), f.crop)


def test_a_close_up_is_fitted_whole() -> None:
    # the head spans 80% of a wide photo's width: no story-shaped crop can hold it
    face = animal((0.1, 0.0, 0.9, 1.0), (0.1, 0.0, 0.9, 0.8))
    plan = FR.frame((3000, 2000), STORY, None, [face], 1.5)
    f = plan.framing
    assert f.fitted and f.crop == (0.0, 0.0, 1.0, 1.0)
    # shown whole, as wide as the card, centred in its height
    assert f.area == (0, 600, 1080, 1320)
    assert plan.placement.crop == (0.0, 0.0, 3000.0, 2000.0) and not plan.placement.limited
    assert inside(f.to_card(face.head), STORY.as_tuple())


def test_a_small_photo_is_never_enlarged_past_max_upscale() -> None:
    cat = animal((0.1, 0.2, 0.4, 0.9), (0.15, 0.2, 0.35, 0.45))
    plan = FR.frame((400, 300), SQUARE, None, [cat], 1.5)
    assert plan.placement.limited and plan.placement.scale == 1.5
    assert inside(FR.padded(cat.head), plan.framing.crop)


def test_the_case_files_subject_is_a_body_with_the_detectors_head() -> None:
    s = FR.subject_from_box((0.1, 0.2, 0.5, 0.9))
    assert s.body == (0.1, 0.2, 0.5, 0.9) and s.head == top_band(s.body)


def test_a_moved_crop_still_holds_the_head() -> None:
    dog = animal((0.4, 0.1, 0.6, 0.9), (0.45, 0.1, 0.55, 0.3))
    plan = FR.frame((3000, 2000), STORY, None, [dog], 1.5)
    for dx in (-1, 1):
        m = FR.moved(plan, (3000, 2000), dx, 0)
        assert m is not None and m.framing.crop != plan.framing.crop
        assert inside(FR.padded(dog.head), m.framing.crop)


def test_framing_maps_its_crop_onto_its_area() -> None:
    f = FR.Framing((0.25, 0.0, 0.75, 1.0), (100, 0, 600, 1000), False, ())
    assert f.to_card((0.25, 0.0, 0.75, 1.0)) == (100, 0, 600, 1000)
    assert f.to_card((0.5, 0.5, 0.5, 0.5)) == (350, 500, 350, 500)


# ---------------------------------------------------------------- the engine


@pytest.fixture
def wide_photo(tmp_path):
    path = tmp_path / "wide.jpg"
    Image.effect_noise(WIDE, 60).convert("RGB").save(path, quality=90)
    return path


def card(layouts, photo: PhotoSource, size: str = "square", layout: str = "photo"):
    req = CardRequest(
        f"cards/{size}.jpg", layouts[layout], SIZES[size], (photo,), TEXTS, CardStyle()
    )
    (res,) = render_cards([req])
    return res


def heads_hit(res) -> list[str]:
    heads = [h for f in res.framing for h in f.heads_on_card(E.TEXT_PAD)]
    return [k for k, b in res.text_boxes.items() for h in heads if FR.boxes_overlap(h, b)]


def test_text_moves_off_a_head_low_in_the_photo(layouts, wide_photo) -> None:
    # the animal lies at the bottom, where the photo layout puts its headline
    low = (0.35, 0.55, 0.65, 1.0)
    res = card(layouts, PhotoSource(wide_photo, subject=low))
    assert heads_hit(res) == []
    assert not [w for w in res.warnings if "head" in w]
    assert {"headline", "names", "caption", "badge"} <= res.text_boxes.keys()
    (f,) = res.framing
    assert inside(FR.padded(top_band(low)), f.crop)
    assert res.detected == {}  # subject: set, nothing detected


def test_a_head_that_fills_the_card_puts_the_photo_where_the_text_is_not(
    layouts, wide_photo
) -> None:
    """No crop, move or flip clears a head that fills the photo: the photo is shown whole
    in the band the text leaves free, so the text covers no head and nothing is warned."""
    res = card(layouts, PhotoSource(wide_photo, subject=(0.0, 0.0, 1.0, 1.0)))
    assert [w for w in res.warnings if w == E.HEAD_COVERED] == []
    (f,) = res.framing
    assert f.fitted and f.crop == (0.0, 0.0, 1.0, 1.0)
    for name, box in res.text_boxes.items():
        assert not FR.boxes_overlap(box, f.area), name
    for head in f.heads_on_card():
        assert all(not FR.boxes_overlap(box, head) for box in res.text_boxes.values())


def test_text_boxes_are_where_the_text_is_drawn(layouts, wide_photo) -> None:
    res = card(layouts, PhotoSource(wide_photo, (0.5, 0.5)))
    image = Image.open(io.BytesIO(res.data))
    for name, (x0, y0, x1, y1) in res.text_boxes.items():
        assert 0 <= x0 < x1 <= image.width and 0 <= y0 < y1 <= image.height, name
    headline, caption = res.text_boxes["headline"], res.text_boxes["caption"]
    assert headline[3] <= caption[1]  # stacked, headline first


def test_a_photo_with_focus_is_framed_as_before(layouts, wide_photo) -> None:
    res = card(layouts, PhotoSource(wide_photo, (0.2, 0.5)), "story")
    pl = place_photo(*WIDE, STORY, (0.2, 0.5), CardStyle().max_upscale)
    (f,) = res.framing
    assert f.crop == pytest.approx((pl.crop[0] / WIDE[0], 0.0, pl.crop[2] / WIDE[0], 1.0))
    assert f.area == STORY.as_tuple() and not f.fitted and f.subjects == ()
    assert res.detected == {}


def test_detection_runs_once_per_photo_and_is_given_back(layouts, wide_photo, monkeypatch) -> None:
    from storykit.cards import detect

    calls = []
    real = detect.find_animals

    def counted(image):
        calls.append(image.size)
        return real(image)

    monkeypatch.setattr("storykit.cards.detect.find_animals", counted)
    reqs = [
        CardRequest(f"c-{n}.jpg", layouts["photo"], s, (PhotoSource(wide_photo),), {}, CardStyle())
        for n, s in SIZES.items()
    ]
    results = render_cards(reqs, [PhotoCopy("web.jpg", wide_photo)])
    assert len(calls) == 1  # one decode, one detection, four cards and a copy
    found = results[0].detected[str(wide_photo)]
    assert all(r.detected == {str(wide_photo): found} for r in results)
    assert results[-1].key == "web.jpg"


def test_cached_subjects_are_used_without_detecting(layouts, wide_photo, monkeypatch) -> None:
    def never(image):
        raise AssertionError("detected again")

    monkeypatch.setattr("storykit.cards.detect.find_animals", never)
    cat = animal((0.0, 0.3, 0.25, 0.95), (0.02, 0.3, 0.2, 0.55))
    res = card(layouts, PhotoSource(wide_photo, subjects=(cat,)), "story")
    (f,) = res.framing
    assert f.subjects == (cat,) and inside(FR.padded(cat.head), f.crop)
    assert res.detected == {}
