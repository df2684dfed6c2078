"""Card layouts are validated like case files: every problem, located, with a hint, in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project

from storykit.cards.layout_file import read_layout
from storykit.cli import main
from storykit.load.document import load_text
from storykit.outputs.layouts import BUILT_IN, load_layouts


def problems_of(text: str) -> list[str]:
    """Every problem in a layout file's text, as the CLI prints them."""
    _layout, problems = read_layout(load_text(Path("cards/x.yaml"), text))
    return [str(p) for p in problems]


def test_model_problems_all_located_with_hints() -> None:
    text = """\
name: x
colour: red
photos: 3
background: pink
blocks:
  main: {anchor: botom}
fields:
  headline: {weigth: bold, size: [4, 40]}
variants:
  huge: {}
"""
    assert problems_of(text) == [
        "cards/x.yaml:2:1: error: unknown key 'colour'\n"
        "    hint: the keys allowed here are: background, small_photo, alpha_background, "
        "photo_area, split, gutter, treatment, ornament, logo, blocks, fields, name, "
        "description, photos, variants",
        "cards/x.yaml:3:9: error: photos: 3 is out of range (input should be less than or "
        "equal to 2)\n    hint: change the number",
        "cards/x.yaml:4:13: error: background: 'pink' is not a colour\n"
        "    hint: use one of primary, accent, text, black, white or a hex colour like "
        "'#1f4e5f' (in quotes)",
        "cards/x.yaml:6:18: error: blocks.main.anchor: 'botom' is not one of the allowed "
        "values\n    hint: use one of: top, middle, bottom",
        "cards/x.yaml:8:14: error: unknown key 'weigth' in fields.headline\n"
        "    hint: did you mean 'weight'?",
        "cards/x.yaml:8:35: error: fields.headline.size[0]: 4 is out of range (input should "
        "be greater than or equal to 6)\n    hint: change the number",
        "cards/x.yaml:10:3: error: variants.huge: 'huge' is not one of the allowed values\n"
        "    hint: use one of: square, portrait, story, landscape",
    ]


def test_checks_across_keys_are_located_too() -> None:
    text = """\
name: x
blocks:
  main: {region: [0, 0.5, 1, 0.4]}
  top: {anchor: top}
fields:
  headline: {template: "{{ story.headline }}", block: mian, size: [40, 20]}
  names: {template: "{{ names }}"}
variants:
  story:
    fields:
      names: {template: "{{ names|upper }}"}
      caption: {size: [20, 30]}
"""
    assert problems_of(text) == [
        "cards/x.yaml:3:18: error: blocks.main.region: [0, 0.5, 1, 0.4] is not a box\n"
        "    hint: write [x0, y0, x1, y1] as fractions of the card, with x1 greater than x0 "
        "and y1 greater than y0",
        "cards/x.yaml:6:55: error: fields.headline.block: there is no block 'mian'\n"
        "    hint: did you mean 'main'?",
        "cards/x.yaml:6:67: error: fields.headline.size: the smallest size 40 is larger than "
        "the largest 20\n    hint: write [smallest, largest], e.g. [28, 40]",
        "cards/x.yaml:11:15: error: variants.story.fields.names: templates are set once, not "
        "per size\n    hint: move the template to fields.names at the top of the file",
        "cards/x.yaml:12:7: error: variants.story.fields.caption: the layout has no field "
        "'caption'\n    hint: fields here: headline, names",
    ]


def test_a_variant_is_checked_as_merged_and_its_own_values_located() -> None:
    text = """\
name: x
blocks:
  main: {region: [0, 0.5, 1, 1]}
fields:
  headline: {template: "{{ story.headline }}"}
variants:
  landscape:
    blocks:
      main: {region: [0.5, 0, 0.2, 1]}
    fields:
      headline: {block: side}
"""
    assert problems_of(text) == [
        "cards/x.yaml:9:22: error: variants.landscape.blocks.main.region: [0.5, 0, 0.2, 1] is "
        "not a box\n    hint: write [x0, y0, x1, y1] as fractions of the card, with x1 "
        "greater than x0 and y1 greater than y0",
        "cards/x.yaml:11:25: error: variants.landscape.fields.headline.block: there is no "
        "block 'side'\n    hint: blocks here: main",
    ]


def test_a_base_mistake_every_variant_inherits_is_said_once() -> None:
    text = """\
name: x
fields:
  headline: {template: "{{ story.headline }}", block: side}
variants:
  story: {gutter: 4}
  landscape: {gutter: 4}
"""
    assert problems_of(text) == [
        "cards/x.yaml:3:55: error: fields.headline.block: there is no block 'side'\n"
        "    hint: blocks here: main",
    ]


def test_a_layout_that_is_not_a_mapping() -> None:
    assert problems_of("- name: x\n") == [
        "cards/x.yaml:1:1: error: x.yaml should hold 'key: value' lines at the top\n"
        "    hint: start with a line like 'name: photo' (see the built-in photo.yaml)"
    ]


def test_variants_change_only_what_they_say_and_may_drop_the_logo() -> None:
    text = """\
name: x
logo: {position: bottom-left}
fields:
  headline: {template: "{{ story.headline }}", size: [40, 60], max_lines: 2}
variants:
  story:
    logo: null
    fields:
      headline: {max_lines: 4}
"""
    layout, problems = read_layout(load_text(Path("cards/x.yaml"), text))
    assert problems == []
    assert layout is not None
    base, story = layout.design_for(1080, 1080), layout.design_for(1080, 1920)
    assert base.logo is not None and base.logo.position == "bottom-left"
    assert base.logo.height == 96  # the runtime type's default: one source
    assert story.logo is None
    assert (base.fields[0].max_lines, story.fields[0].max_lines) == (2, 4)
    assert story.fields[0].size == (40, 60)
    assert story.fields[0].template == "{{ story.headline }}"
    assert [b.name for b in base.blocks] == ["main"]


def test_a_broken_override_is_replaced_by_the_built_in_layout(tmp_path: Path) -> None:
    cards = tmp_path / "templates" / "cards"
    cards.mkdir(parents=True)
    (cards / "quote.yaml").write_text("name: quote\nbackground: pink\n")
    (cards / "mine.yaml").write_text("name: mine\nphotos: 5\n")
    layouts, problems = load_layouts(tmp_path / "templates")
    assert layouts["quote"].source == str(BUILT_IN / "quote.yaml")
    assert "mine" not in layouts  # no built-in of that name: not there, and said so
    assert [(p.severity, p.message) for p in problems] == [
        ("error", "background: 'pink' is not a colour"),
        (
            "warning",
            "until this file is fixed, the stories' cards are checked against the built-in "
            "'quote' layout",
        ),
        ("error", "photos: 5 is out of range (input should be less than or equal to 2)"),
    ]


BROKEN_LAYOUT = """\
name: photo
photos: 1
fields:
  headline:
    template: "{{ story.headline }}"
    weight: heavy
    colour: accent
"""


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A project with a broken card layout beside a broken story and a good one."""
    return write_project(
        tmp_path / "proj",
        stories={
            "ada-and-bo": EXAMPLE_STORY,
            "bad": EXAMPLE_STORY.replace("status: available", "status: adopable"),
        },
        files={"templates/cards/photo.yaml": BROKEN_LAYOUT},
    )


def test_check_reports_a_broken_layout_and_a_broken_story_in_one_run(
    broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken)
    result = CliRunner().invoke(main, ["check", "--date", "2026-11-20"])
    assert result.exit_code == 1, result.output
    errors = result.stderr.splitlines()
    assert errors[:7] == [
        "templates/cards/photo.yaml:6:13: error: fields.headline.weight: 'heavy' is not one "
        "of the allowed values",
        "    hint: use one of: regular, bold",
        "templates/cards/photo.yaml:7:5: error: unknown key 'colour' in fields.headline",
        "    hint: did you mean 'color'?",
        "stories/bad.yaml:4:9: error: status: 'adopable' is not one of the allowed values",
        "    hint: use one of: available, pending, adopted, reunited, hold",
        "storykit: checked 2 stories: 3 warnings, 3 errors (not checked: how text fits on "
        "cards and whether their fonts have every character; run storykit build)",
    ]
    assert (
        "templates/cards/photo.yaml: warning: until this file is fixed, the stories' cards "
        "are checked against the built-in 'photo' layout\n"
        "    hint: fix the errors reported in it (storykit build writes nothing until then), "
        "or remove it to use the built-in layout"
    ) in result.stdout
    assert "ada-and-bo:" in result.stdout  # the good story was checked: its captions counted


def test_build_with_a_broken_layout_fails_and_writes_nothing(
    broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken)
    result = CliRunner().invoke(main, ["build", "--date", "2026-11-20", "--quiet"])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        "templates/cards/photo.yaml:6:13: error: fields.headline.weight: 'heavy' is not one "
        "of the allowed values\n"
    )
    assert "stories/bad.yaml:4:9: error: status: 'adopable'" in result.stderr
    assert not (broken / "output" / "ada-and-bo").exists()
