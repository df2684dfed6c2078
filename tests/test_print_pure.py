"""Print's pure core: page layout, photo sizes, text fitting, colours, facts, words, the lobby."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest
import yaml
from printkit import CONFIG, EMOJI, LITTER, PAIR, RTL, TODAY, flyer, kennels, repo_story, story

from storykit.cards.color import WHITE, contrast
from storykit.load.model import Config, Story
from storykit.outputs.print_texts import (
    PrintedPhotos,
    days_in_care,
    fact_lines,
    parts,
    printed_photos,
)
from storykit.printing.colour import INK, grey, legible, palette, print_contrast
from storykit.printing.content import (
    FactGroup,
    Link,
    PrintedFact,
    PrintedQuote,
    PrintPhoto,
    group_facts,
)
from storykit.printing.fit import TextStyle, fit_size, fit_story
from storykit.printing.layout import (
    QR_MIN,
    QR_QUIET,
    Box,
    flyer_layout,
    kennel_layout,
)
from storykit.printing.lobby import FEWEST_SECONDS, LobbySlide, lobby_context
from storykit.printing.paper import CM, FLYER_PAGES, KENNEL_PAGES, MIN_MARGIN, PAPERS, pixels
from storykit.printing.photos import (
    PHOTO_PIXELS,
    flyer_photo_box,
    flyer_photo_pixels,
    kennel_photo_box,
    kennel_photo_pixels,
    printed_dpi,
)
from storykit.printing.qr import qr_svg

INCH = 72.0


def _boxes(layout: object) -> dict[str, Box]:
    out = {}
    for f in dataclasses.fields(layout):  # type: ignore[arg-type]
        value = getattr(layout, f.name)
        if isinstance(value, Box) and f.name != "page":
            out[f.name] = value
        elif value is not None and hasattr(value, "square"):
            out["qr"], out["qr caption"] = value.square, value.caption
    return out


def _inside_margins(page: Box, box: Box) -> bool:
    return (
        box.x >= MIN_MARGIN - 1e-6
        and box.y >= MIN_MARGIN - 1e-6
        and box.right <= page.w - MIN_MARGIN + 1e-6
        and box.bottom <= page.h - MIN_MARGIN + 1e-6
    )


def _overlap(a: Box, b: Box) -> bool:
    return (
        a.x < b.right - 1e-6
        and b.x < a.right - 1e-6
        and a.y < b.bottom - 1e-6
        and b.y < a.bottom - 1e-6
    )


def test_page_sizes_are_the_papers() -> None:
    assert FLYER_PAGES["letter"] == (8.5 * INCH, 11 * INCH)
    assert KENNEL_PAGES["letter"] == (5.5 * INCH, 8.5 * INCH)  # half-letter
    assert FLYER_PAGES["a4"] == pytest.approx((21 * CM, 29.7 * CM))
    assert KENNEL_PAGES["a4"] == pytest.approx((14.8 * CM, 21 * CM))  # A5


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("has_link", [True, False])
def test_flyer_boxes_keep_the_margins_and_each_other(paper: str, has_link: bool) -> None:
    layout = flyer_layout(paper, has_link)  # type: ignore[arg-type]
    boxes = _boxes(layout)
    assert ("qr" in boxes) == has_link
    for name, box in boxes.items():
        assert _inside_margins(layout.page, box), (name, box)
        assert box.w > 0 and box.h > 0, name
    apart = ["org", "headline", "names", "feature", "facts", "story", "action"]
    for a, b in itertools.combinations(apart, 2):
        assert not _overlap(boxes[a], boxes[b]), (a, b)
    if has_link:
        assert layout.qr is not None
        action = layout.action
        assert _inside_margins(layout.page, layout.qr.square)
        assert action.x <= layout.qr.square.x and layout.qr.square.right <= action.right
        assert layout.qr.caption.bottom <= action.bottom


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize(("has_photo", "has_link"), [(True, True), (False, True), (True, False)])
def test_kennel_boxes_keep_the_margins_and_each_other(
    paper: str, has_photo: bool, has_link: bool
) -> None:
    layout = kennel_layout(paper, has_photo, has_link)  # type: ignore[arg-type]
    boxes = _boxes(layout)
    assert ("photo" in boxes) == has_photo
    for name, box in boxes.items():
        assert _inside_margins(layout.page, box), (name, box)
    names = [n for n in ("name", "photo", "details", "action") if n in boxes]
    for a, b in itertools.combinations(names, 2):
        assert not _overlap(boxes[a], boxes[b]), (a, b)


@pytest.mark.parametrize("modules", [21, 25, 29, 33, 37, 41, 45, 57])
def test_qr_codes_are_at_least_2_5_cm_with_their_quiet_zone_inside_the_square(
    modules: int,
) -> None:
    place = flyer_layout("letter", True).qr
    assert place is not None
    code = place.code(modules)
    module = code.w / modules
    assert code.w >= QR_MIN and code.w / CM >= 2.5
    assert code.x - place.square.x == pytest.approx(QR_QUIET * module)
    assert place.square.right - code.right == pytest.approx(QR_QUIET * module)


@pytest.mark.parametrize("paper", PAPERS)
def test_photos_are_asked_for_at_300_dpi_of_their_box(paper: str) -> None:
    box = flyer_photo_box(paper)  # type: ignore[arg-type]
    w, h = flyer_photo_pixels(paper)  # type: ignore[arg-type]
    assert (w, h) == (pixels(box.w), pixels(box.h))
    assert printed_dpi((w, h), box) == pytest.approx(300, abs=1)
    assert w * h <= PHOTO_PIXELS * 1.01
    # a 12 MP phone photo fills it; a small photo is asked for at its own size, the box's shape
    assert flyer_photo_pixels(paper, (4032, 3024)) == (w, h)  # type: ignore[arg-type]
    small = flyer_photo_pixels(paper, (451, 300))  # type: ignore[arg-type]
    assert small[0] <= 451 and small[1] <= 300
    assert small[0] / small[1] == pytest.approx(box.w / box.h, rel=0.01)


def test_kennel_cards_of_a_litter_share_the_pdfs_photo_pixels() -> None:
    box = kennel_photo_box("letter")
    one = kennel_photo_pixels("letter", 1)
    five = kennel_photo_pixels("letter", 5)
    assert printed_dpi(one, box) == pytest.approx(300, abs=1)
    assert 5 * five[0] * five[1] <= PHOTO_PIXELS * 1.01
    assert printed_dpi(five, box) >= 150  # still sharp enough for a kennel card


def _chars(per_line: int) -> object:
    """A measure of so many characters a line at size 10, fewer as the type grows."""

    def lines_at(text: str, size: float) -> int:
        width = max(1, int(per_line * 10 / size))
        return sum(max(1, -(-len(p) // width)) for p in text.split("\n"))

    return lines_at


def test_fit_size_takes_the_largest_size_that_fits() -> None:
    style = TextStyle(10, 40, leading=1.0, max_lines=2)
    got = fit_size("x" * 30, style, 100, _chars(60))  # type: ignore[arg-type]
    assert got.size == 40 and got.lines == 2 and not got.cut  # 15 a line at 40: two lines
    got = fit_size("x" * 100, style, 100, _chars(60))  # type: ignore[arg-type]
    assert got.size == 12 and got.lines == 2  # 50 a line at 12
    long = "word " * 200
    got = fit_size(long, style, 100, _chars(60))  # type: ignore[arg-type]
    assert got.cut and got.size == 10 and got.text.endswith("…")
    assert long.startswith(got.text.removesuffix("…"))


def test_fit_story_keeps_whole_paragraphs_then_whole_sentences_from_the_opening() -> None:
    paragraphs = (
        "First one. Second one.",
        "Third sentence here. Fourth sentence here. Fifth sentence here.",
        "Sixth.",
    )
    whole = "\n\n".join(paragraphs)
    assert fit_story(paragraphs, lambda t: True).text == whole
    got = fit_story(paragraphs, lambda t: len(t) <= 70)
    assert got.cut
    assert got.text == "First one. Second one.\n\nThird sentence here. Fourth sentence here."
    got = fit_story(paragraphs, lambda t: len(t) <= 12)
    assert got.text == "First one."
    got = fit_story(("A first sentence that is very long indeed.",), lambda t: len(t) <= 20)
    assert got.text == "A first sentence…"


def test_grey_contrast_is_checked_and_brand_colours_fall_back_to_ink() -> None:
    assert grey((255, 0, 0)) == (76, 76, 76)
    # a pure blue reads on white in colour (8.6:1) and in grey
    assert legible((0, 0, 255), WHITE)
    # this muted purple passes in colour, but not once a printer turns it grey
    purple = (135, 105, 165)
    assert contrast(purple, WHITE) >= 4.5 > print_contrast(purple, WHITE)
    assert palette("#8769a5", "#8769a5").headline == INK
    yellow = palette("#ffcc00", "#e76f51")
    assert yellow.headline == INK and yellow.names == INK and yellow.badge_fill == INK
    navy = palette("#1d3557", "#e76f51")
    assert navy.headline == (0x1D, 0x35, 0x57)
    assert navy.names == navy.headline  # the orange accent is 3:1 on white: not for text


@pytest.mark.parametrize(
    "brand", ["#1d3557", "#ffcc00", "#e76f51", "#00ff00", "#000000", "#ffffff"]
)
def test_every_text_colour_reads_at_4_5_to_1_in_grey(brand: str) -> None:
    p = palette(brand, brand)
    pairs = [
        (p.ink, WHITE),
        (p.label, WHITE),
        (p.headline, WHITE),
        (p.names, WHITE),
        (p.badge_text, p.badge_fill),
        (p.panel_heading, p.panel),
        (p.panel_text, p.panel),
    ]
    for fg, bg in pairs:
        assert print_contrast(fg, bg) >= 4.5, (brand, fg, bg)


def test_facts_shared_by_every_animal_are_printed_once() -> None:
    age, ada, bo = PrintedFact("Age", "1"), PrintedFact("Sex", "Female"), PrintedFact("Sex", "Male")
    groups = group_facts([("Ada", (age, ada)), ("Bo", (age, bo))], "Both")
    assert groups == (
        FactGroup("Both", (age,)),
        FactGroup("Ada", (ada,)),
        FactGroup("Bo", (bo,)),
    )
    assert group_facts([("Ada", (age,))], "") == (FactGroup("", (age,)),)
    same = group_facts([("Ada", (age,)), ("Bo", (age,))], "Both")
    assert same == (FactGroup("Both", (age,)),)


def test_template_parts_and_fact_lines() -> None:
    assert parts("x\n%% a\n one \n%% b\n\n%% c\ntwo\nlines\n") == {
        "a": "one",
        "b": "",
        "c": "two\nlines",
    }
    assert fact_lines("Age: 2 years\n\nNeeds: a: b\n", "t") == (
        PrintedFact("Age", "2 years"),
        PrintedFact("Needs", "a: b"),
    )
    assert days_in_care(dt.date(2026, 11, 1), TODAY) == 30
    assert days_in_care(None, TODAY) is None


def test_an_available_story_is_offered_with_its_own_link() -> None:
    c = flyer(repo_story("chelsea"))
    assert c.badge == "Adopt me" and c.headline == "Calm, curious and ready for a lap"
    assert c.names == "Chelsea"
    assert c.action.heading == "Adopt Chelsea"
    assert "Adoption fee: $85" in c.action.line and "adopt@example.org" in c.action.line
    assert c.link == Link("https://example.org/adopt/chelsea", "example.org/adopt/chelsea")
    facts = {f.label: f.value for g in c.facts for f in g.facts}
    assert facts == {
        "Age": "About 4 years old (adult)",
        "Sex": "Female",
        "Breed": "Domestic shorthair",
        "Size": "Medium",
        "Good with": "Kids; not dogs",  # cats: unknown, so not said
        "Health": "Spayed, vaccinated, microchipped",
    }
    assert c.story[0].startswith("Chelsea is a four-year-old tabby")
    assert all("**" not in p for p in c.story)  # Markdown taken off
    # without a photo its quote takes the photo's place; with one, no quote
    assert c.quote == PrintedQuote("She chooses you, and then she is yours.", "Sam Ortiz")
    assert flyer(repo_story("chelsea"), photo=PrintPhoto(b"", 1, 1)).quote is None


def test_happy_tails_never_ask_to_adopt_and_point_to_the_other_animals() -> None:
    c = flyer(repo_story("biscuit-happy-tails"))
    assert c.badge == "Adopted!"
    assert c.action.heading == "Biscuit is home for good!"
    words = " ".join([c.action.heading, c.action.line, c.badge]).lower()
    assert "adopt " not in words and "apply" not in words
    assert c.link == Link("https://lakeside.example/adopt", "lakeside.example/adopt")
    assert c.quote is not None and c.quote.by == "the Nguyen family"  # no photo given
    no_org = Config.model_validate({"organisation": {"name": "Solo Foster"}})
    c = flyer(repo_story("biscuit-happy-tails"), config=no_org)
    assert c.link is None  # nothing to scan: no QR code, and the words do not say scan
    assert "scan" not in c.action.line.lower()


def test_pairs_litters_and_words_of_every_script() -> None:
    pair = flyer(story(PAIR))
    assert pair.names == "Ada and Bo" and pair.action.heading == "Adopt Ada and Bo together"
    assert [g.title for g in pair.facts] == ["Both", "Ada", "Bo"]
    litter = flyer(story(LITTER))
    assert litter.action.heading == "Adopt one of these five kittens"
    assert litter.facts[0].title == "All five"
    assert [g.title for g in litter.facts[1:]] == [a.name for a in story(LITTER).animals]
    rtl = flyer(story(RTL))
    assert rtl.names == "ياسمين" and rtl.badge == "Coming soon"
    assert rtl.link == Link("https://lakeside.example/adopt", "lakeside.example/adopt")
    emoji = flyer(story(EMOJI))
    assert "👩‍👩‍👧" in emoji.headline and emoji.action.line.startswith("Scan the code")
    assert "Adoption fee: waived" in emoji.action.line


def test_kennel_cards_hold_the_cage_card_fields_the_case_file_has() -> None:
    (card,) = kennels(repo_story("chelsea"))
    facts = {f.label: f.value for f in card.facts}
    assert facts == {
        "Age": "About 4 years old (born Jun 1, 2022, estimated)",
        "Sex": "Female",
        "Spayed": "Yes",
        "Breed": "Domestic shorthair",
        "Colour": "Brown tabby, white, short coat",
        "Size": "Medium",
        "Arrived": "Sep 14, 2026 (78 days in care)",
        "Good with": "Kids; not dogs",
        "House-trained": "Yes",
        "Microchip": "Yes",
        "ID": "EX-2026-0412",
    }
    assert card.notes.startswith("Lap cat, quiet, window watcher.")
    assert card.action == "Scan to meet Chelsea and apply to adopt"
    assert card.link is not None and card.link.target == "https://example.org/adopt/chelsea"
    litter = kennels(story(LITTER))
    assert [c.name for c in litter] == [a.name for a in story(LITTER).animals]
    arrived = {f.label: f.value for c in litter for f in c.facts}["Arrived"]
    assert arrived == "Oct 20, 2026 (42 days in care)"


def test_the_photos_that_print_are_the_cover_and_each_animals_own() -> None:
    photos = """
photos:
  - {file: a.jpg, animals: [Bo]}
  - {file: b.jpg}
  - {file: c.jpg, animals: [Ada, Bo]}
  - {file: d.jpg, animals: [Ada]}
"""
    s = Story.model_validate(
        {**story(PAIR).model_dump(), **yaml.safe_load(photos)}  # the files need not exist
    )
    assert printed_photos(s) == PrintedPhotos(2, (3, 0))
    # none of both: the flyer shows each one's own photo side by side, as the kits' cover
    apart = Story.model_validate(
        {**s.model_dump(), "photos": [p for p in s.photos if p.file != "c.jpg"]}
    )
    assert printed_photos(apart) == PrintedPhotos(0, (2, 0), pair=(2, 0))
    one = Story.model_validate({**repo_story("chelsea").model_dump()})
    assert printed_photos(one) == PrintedPhotos(0, (0,))
    assert printed_photos(story(RTL)) == PrintedPhotos(None, (None,))


def test_the_lobby_shows_the_animals_still_waiting_in_order() -> None:
    def slide(slug: str, status: str, link: bool = True) -> LobbySlide:
        target = Link(f"https://x.example/{slug}", f"x.example/{slug}") if link else None
        qr = qr_svg(target.target) if target else ""
        return LobbySlide(slug, slug.title(), status, status, "A line.", None, "", target, qr)

    slides = [
        slide("a", "available"),
        slide("b", "adopted"),
        slide("c", "hold", link=False),
        slide("d", "reunited"),
        slide("e", "pending"),
    ]
    ctx = lobby_context(slides, "Lakeside", "Meet our animals")
    assert [v.slide.slug for v in ctx.slides] == ["a", "c", "e"]
    assert [v.number for v in ctx.slides] == [1, 2, 3] and ctx.count == 3
    assert ctx.slides[0].qr.startswith("<svg") and "x.example" not in ctx.slides[0].qr
    assert ctx.slides[1].qr == ""
    assert ctx.seconds == 8.0
    assert lobby_context(slides, "", "t", seconds=0.1).seconds == FEWEST_SECONDS
    assert CONFIG.organisation.animals_link == "https://lakeside.example/adopt"
