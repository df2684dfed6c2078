"""organisation.logo: checked at its line, drawn on cards where the layouts say (never over
text, see-through parts showing the card) and in the preview pages' header."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_project
from PIL import Image
from test_cards_render import TEXTS

from storykit.cards import SIZES, CardRequest, CardStyle, Layout, render_cards
from storykit.cards import logo as L
from storykit.cards.geometry import Rect, safe_insets
from storykit.cards.logo_place import plan_with_logo
from storykit.cards.textplan import plan_text
from storykit.cli import main

RED = (255, 0, 0)


def half_clear_logo(path: Path, size: tuple[int, int] = (200, 100)) -> Path:
    """A PNG logo: its left half opaque red, its right half see-through."""
    im = Image.new("RGBA", size, (0, 0, 0, 0))
    im.paste((*RED, 255), (0, 0, size[0] // 2, size[1]))
    im.save(path)
    return path


def card(layout: Layout, size: tuple[int, int], style: CardStyle) -> Image.Image:
    [result] = render_cards([CardRequest("cards/x.png", layout, size, (), TEXTS, style)])
    return Image.open(io.BytesIO(result.data)).convert("RGB")


def test_a_transparent_png_logo_is_drawn_where_the_layout_says(
    tmp_path: Path, layouts: dict[str, Layout]
) -> None:
    plain = CardStyle(format="png")
    style = dataclasses.replace(plain, logo=half_clear_logo(tmp_path / "logo.png"))
    quote, size = layouts["quote"], SIZES["square"]
    box = plan_with_logo(quote.design_for(*size), TEXTS, size, style).logo
    assert box is not None
    right, bottom = size[0] - safe_insets(*size)[2], size[1] - safe_insets(*size)[3]
    assert (box.x1, box.y1) == (right, bottom)  # quote cards: bottom-right, in the safe area
    assert box.height == 72  # the built-in quote layout's height, on a 1080 square
    with_logo, without = card(quote, size, style), card(quote, size, plain)
    middle = (box.y0 + box.y1) // 2
    opaque = (box.x0 + box.width // 4, middle)
    clear = (box.x1 - box.width // 4, middle)
    assert with_logo.getpixel(opaque) == RED
    assert without.getpixel(opaque) != RED
    assert with_logo.getpixel(clear) == without.getpixel(clear)  # the card shows through


@pytest.mark.parametrize("name", ["photo", "pair", "quote"])
@pytest.mark.parametrize("size_name", list(SIZES))
def test_the_logo_never_covers_text(
    tmp_path: Path, layouts: dict[str, Layout], name: str, size_name: str
) -> None:
    style = CardStyle(logo=half_clear_logo(tmp_path / "logo.png"))
    size = SIZES[size_name]
    plan = plan_with_logo(layouts[name].design_for(*size), TEXTS, size, style)
    assert plan.logo is not None, "every built-in layout has room for a logo"
    logo = plan.logo
    boxes = [ln.box for ln in plan.lines] + [p.box for p in plan.pills]
    assert boxes
    assert not any(L.rect_overlaps(logo, b) for b in boxes)


def test_text_beside_the_logo_moves_aside(tmp_path: Path, layouts: dict[str, Layout]) -> None:
    """The photo card's top row (organisation left, credit right) meets a top-right logo:
    the credit moves left of it, still at the top."""
    style = CardStyle(logo=half_clear_logo(tmp_path / "logo.png"))
    size = SIZES["square"]
    design = layouts["photo"].design_for(*size)
    before = plan_text(design, TEXTS, size, CardStyle())
    after = plan_with_logo(design, TEXTS, size, style)
    assert after.logo is not None
    credit = [ln for ln in after.lines if ln.field == "credit"]
    old_credit = [ln for ln in before.lines if ln.field == "credit"]
    assert L.rect_overlaps(after.logo, old_credit[0].box)  # without moving, it would be covered
    assert max(ln.x + ln.width for ln in credit) <= after.logo.x0
    assert min(ln.top for ln in credit) == min(ln.top for ln in old_credit)
    main_lines = [(ln.field, ln.top) for ln in after.lines if ln.block == "main"]
    assert main_lines == [(ln.field, ln.top) for ln in before.lines if ln.block == "main"]


def test_no_logo_without_a_place_for_it_or_a_file(
    tmp_path: Path, layouts: dict[str, Layout]
) -> None:
    quote, size = layouts["quote"], SIZES["square"]
    plain = CardStyle(format="png")
    style = dataclasses.replace(plain, logo=half_clear_logo(tmp_path / "logo.png"))
    unplaced = dataclasses.replace(
        quote, design=dataclasses.replace(quote.design, logo=None), variants=()
    )
    [a, b] = render_cards(
        [
            CardRequest("cards/a.png", unplaced, size, (), TEXTS, style),
            CardRequest("cards/b.png", unplaced, size, (), TEXTS, plain),
        ]
    )
    assert a.data == b.data


def test_a_wide_logo_is_made_lower_not_wider(tmp_path: Path, layouts: dict[str, Layout]) -> None:
    style = CardStyle(logo=half_clear_logo(tmp_path / "wide.png", (2000, 100)))
    size = SIZES["square"]
    box = plan_with_logo(layouts["photo"].design_for(*size), TEXTS, size, style).logo
    assert box is not None
    left, _top, right, _bottom = safe_insets(*size)
    assert box.width == round((size[0] - left - right) * L.MAX_WIDTH)
    assert box.height < 96


LOGO_CONFIG = "organisation:\n  name: Test Rescue\n  logo: {logo}\n"


@pytest.mark.parametrize(
    ("logo", "content", "expected"),
    [
        pytest.param(
            "logo.png",
            None,
            "storykit.yaml:3:9: error: the logo 'logo.png' does not exist (looked for {root}/"
            "logo.png)\n    hint: check the file name; organisation.logo is relative to the "
            "folder of storykit.yaml",
            id="missing",
        ),
        pytest.param(
            "logo.png",
            b"not an image\n",
            "storykit.yaml:3:9: error: the logo 'logo.png' cannot be used: this is not a photo: "
            "it is a text file\n    hint: use a PNG logo (its transparency is kept) or a JPEG",
            id="not-an-image",
        ),
        pytest.param(
            "../logo.png",
            None,
            "storykit.yaml:3:9: error: the logo '../logo.png' is outside the project\n"
            "    hint: copy the logo into the project folder (beside storykit.yaml)",
            id="outside",
        ),
    ],
)
def test_a_bad_logo_is_an_error_at_its_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    logo: str,
    content: bytes | None,
    expected: str,
) -> None:
    files = {} if content is None else {logo: content}
    root = write_project(tmp_path / "proj", config=LOGO_CONFIG.format(logo=logo), files=files)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", "--date", "2026-11-20"])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(expected.format(root=root) + "\n")


def test_a_jpeg_named_png_is_told_to_be_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = io.BytesIO()
    Image.new("RGB", (40, 20), RED).save(data, "JPEG")
    root = write_project(
        tmp_path / "proj",
        config=LOGO_CONFIG.format(logo="art/logo.png"),
        files={"art/logo.png": data.getvalue()},
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", "--date", "2026-11-20"])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        "storykit.yaml:3:9: error: the logo 'art/logo.png' cannot be used: the file is named "
        ".png but it is a JPEG image\n    hint: rename it to logo.jpg\n"
    )


def test_the_logo_is_on_cards_and_pages_and_editing_it_rebuilds_the_cards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "proj", config=LOGO_CONFIG.format(logo="logo.png"))
    logo = half_clear_logo(root / "logo.png")
    monkeypatch.chdir(root)
    build = ["build", "--date", "2026-11-20", "--quiet", "--jobs", "1"]
    result = CliRunner().invoke(main, build)
    assert result.exit_code == 0, result.output
    out = root / "output" / "ada-and-bo"
    cards = sorted((out / "cards").glob("*.jpg"))
    assert cards
    first = {p.name: p.read_bytes() for p in cards}
    caption = out / "captions" / "instagram.txt"
    caption_stamp = caption.stat().st_mtime_ns
    for page in (root / "output" / "index.html", out / "index.html"):
        assert '<img class="logo" src="data:image/png;base64,' in page.read_text()

    Image.new("RGBA", (200, 100), (0, 0, 255, 255)).save(logo)  # a new logo, same name
    result = CliRunner().invoke(main, build)
    assert result.exit_code == 0, result.output
    assert all(p.read_bytes() != first[p.name] for p in cards)
    assert caption.stat().st_mtime_ns == caption_stamp  # captions do not show the logo


def test_pages_without_a_logo_have_no_logo(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--date", "2026-11-20", "--quiet"])
    assert result.exit_code == 0, result.output
    assert 'class="logo"' not in (project / "output" / "index.html").read_text()


def test_the_logo_keeps_off_the_animals_head(tmp_path: Path, layouts: dict[str, Layout]) -> None:
    """A photo whose focus point (the head) is top right: the logo goes top left."""
    style = CardStyle(logo=half_clear_logo(tmp_path / "logo.png"))
    size = SIZES["square"]
    area = Rect(0, 0, *size)
    faces = L.faces_on_card([((0.85, 0.1), (2160, 2160), area)], style.max_upscale)
    assert faces == [(918.0, 108.0)]
    design = layouts["photo"].design_for(*size)
    assert design.logo is not None and design.logo.position == "top-right"
    plan = plan_with_logo(design, TEXTS, size, style, faces)
    assert plan.logo is not None
    assert plan.logo.x0 == safe_insets(*size)[0]  # top left
    assert not L.over_face(plan.logo, faces, size)
    assert not any(L.rect_overlaps(plan.logo, ln.box) for ln in plan.lines)
    elsewhere = plan_with_logo(design, TEXTS, size, style, [(540.0, 700.0)])
    assert elsewhere.logo is not None and elsewhere.logo.x1 == size[0] - safe_insets(*size)[2]
