"""How storykit import reads what sources hold: values as people and systems write them,
spreadsheet headers in people's words, CSV as spreadsheets save it, descriptions as
Markdown, and JSON with the place of every value."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from storykit.errors import Location
from storykit.importing.columns import read_header
from storykit.importing.csvfile import read_table
from storykit.importing.description import markdown, summary_and_body
from storykit.importing.located_json import load_json
from storykit.importing.records import Source
from storykit.importing.values import Values, day_first

HERE = Location("source.csv", 2)


def values(first: bool | None = None) -> Values:
    return Values(Source(Path("source.csv"), "test"), first)


@pytest.mark.parametrize(
    ("raw", "meant"),
    [
        (True, "yes"), (False, "no"), (None, "unknown"), ("", "unknown"), ("Yes", "yes"),
        ("Y", "yes"), ("no", "no"), ("?", "unknown"), ("not sure", "unknown"),
        ("Yes, older kids", "yes"), ("No - chases them", "no"),
        # what cannot be read is never "yes"
        ("sometimes", "unknown"), ("2", "unknown"), ("selective", "unknown"),
    ],
)  # fmt: skip
def test_yes_no_unknown_never_yes_by_mistake(raw: Any, meant: str) -> None:
    assert values().yes_no(raw, HERE, "Rex", "good with cats") == meant


def test_what_cannot_be_read_is_a_note_at_its_place() -> None:
    v = values()
    v.yes_no("sometimes", HERE, "Rex", "good with kids")
    (note,) = v.source.problems
    assert str(note).endswith(
        "source.csv:2: note: Rex: good with kids 'sometimes' is not yes, no or unknown: "
        "left unknown"
    )


@pytest.mark.parametrize(
    ("raw", "first", "date"),
    [
        ("2023-04-02", None, dt.date(2023, 4, 2)),
        ("2023-04-02T00:00:00Z", None, dt.date(2023, 4, 2)),
        ("2018-01-18T00:00:00", None, dt.date(2018, 1, 18)),
        ("25/12/2023", None, dt.date(2023, 12, 25)),
        ("12/25/2023", None, dt.date(2023, 12, 25)),
        ("03/04/2024", True, dt.date(2024, 4, 3)),
        ("03/04/2024", False, dt.date(2024, 3, 4)),
        ("3.4.24", True, dt.date(2024, 4, 3)),
        ("4 March 2024", None, dt.date(2024, 3, 4)),
        ("March 4th, 2024", None, dt.date(2024, 3, 4)),
        ("31/02/2024", True, None),
        ("last spring", None, None),
    ],
)
def test_dates_in_the_orders_people_write_them(
    raw: str, first: bool | None, date: dt.date | None
) -> None:
    assert values(first).date(raw, HERE, "Rex", "DOB") == date


def test_a_file_whose_dates_do_not_say_their_order_is_read_month_first_with_a_note() -> None:
    assert day_first(["03/04/2024", "25/12/2023"]) is True
    assert day_first(["03/04/2024", "12/25/2023"]) is False
    assert day_first(["03/04/2024", "2024-01-01"]) is None
    v = values(None)
    assert v.date("03/04/2024", HERE, "Rex", "DOB") == dt.date(2024, 3, 4)
    assert "read DOB '03/04/2024' as 2024-03-04, month first" in v.source.problems[0].message


@pytest.mark.parametrize(
    ("raw", "cents", "fee"),
    [
        (150, False, (150.0, False)), ("$150", False, (150.0, False)),
        ("$1,250.00", False, (1250.0, False)), ("Free", False, (0.0, True)),
        ("$0", False, (0.0, True)), (7500, True, (75.0, False)), ("12500", True, (125.0, False)),
        ("call us", False, (None, False)), ("", False, (None, False)),
    ],
)  # fmt: skip
def test_fees_as_sources_write_them(raw: Any, cents: bool, fee: tuple[float | None, bool]) -> None:
    assert values().money(raw, HERE, "Rex", "fee", cents=cents) == fee


def test_headers_in_peoples_words() -> None:
    header = ("Pet Name", "Good w/ kids?", "DOB", "Photo 1", "Photo 2", "Breeed", "Weight", "",
              "Sex (M/F)", "Dog friendly [Y/N]", "Microchip #")  # fmt: skip
    fields = [(c.field, c.guessed) for c in read_header(header)]
    assert fields == [
        ("name", False), ("kids", False), ("born", False), ("photos", False),
        ("photos", False), ("breed", True), (None, False), (None, False), ("sex", False),
        ("dogs", False), ("microchipped", False),
    ]  # fmt: skip


def test_an_animal_column_is_the_name_or_the_species_by_what_it_holds() -> None:
    header = ("Animal", "Breed")
    assert read_header(header, lambda i: True)[0].field == "species"
    assert read_header(header, lambda i: False)[0].field == "name"


def test_a_csv_as_spreadsheets_save_it(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes('Name;Notes\r\n\r\nZoë;"a; b\r\nc"\r\n;;\r\nRex;ok;extra\r\n'.encode("cp1252"))
    table = read_table(path)
    assert table.header == ("Name", "Notes")
    assert [(r.line, r.cells) for r in table.rows] == [
        (3, ("Zoë", "a; b\r\nc")),
        (6, ("Rex", "ok", "extra")),
    ]
    messages = [p.message for p in table.problems]
    assert messages[0].startswith("the file is not UTF-8: it was read as Windows-1252")
    assert messages[1].startswith("this row has 3 cells but the header names 2 columns")


def test_a_description_in_html_becomes_safe_markdown() -> None:
    html = (
        "<div><p><b>Rex</b> is&nbsp;sweet.</p><div>He likes <a href='https://x.example/a'>"
        "walks</a>.</div><br><br>Naps *a lot*.<script>alert(1)</script>"
        "<img src=x onerror=alert(1)><ul><li>sit</li><li>down</li></ul></div>"
    )
    text = markdown(html)
    assert text == (
        "**Rex** is sweet.\n\nHe likes [walks](https://x.example/a).\n\nNaps \\*a lot\\*.\n\n"
        "- sit\n- down"
    )
    assert summary_and_body(text) == (
        "Rex is sweet.",
        "He likes [walks](https://x.example/a).\n\nNaps \\*a lot\\*.\n\n- sit\n- down",
    )


def test_plain_text_keeps_its_paragraphs_and_lists() -> None:
    assert markdown("Rex is shy.\r\n\r\n- loves toys\n• naps\nThe end.") == (
        "Rex is shy.\n\n- loves toys\n- naps\n\nThe end."
    )


def test_json_keeps_the_place_of_every_value(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    text = '\ufeff[\n  {"ANIMALNAME": "Rex", "FEE": 1.5e4,\n   "X": [true, null, "\\u00e9"]}\n]'
    path.write_text(text, encoding="utf-8")
    doc = load_json(path)
    assert doc.data == json.loads(text.lstrip("\ufeff"))
    assert (doc.locate((0, "FEE")).line, doc.locate((0, "FEE")).column) == (2, 32)
    assert (doc.locate((0, "X", 2)).line, doc.locate((0, "X", 2)).column) == (3, 22)
    assert doc.locate((0, "missing")).line == 2  # its nearest written parent


def test_a_case_file_reads_back_as_exactly_what_was_imported() -> None:
    from storykit.importing.casefile import render
    from storykit.importing.records import ImportedAnimal, ImportedStory
    from storykit.load.document import load_text
    from storykit.load.model import Story
    from storykit.load.project import read_document

    animal = ImportedAnimal(HERE, "No", "1")
    animal.species, animal.breed, animal.id = "dog", "Yes", "007"
    animal.colors, animal.traits = ["Black, white", "tan"], ["loves: naps", "#1 fan"]
    animal.description = (
        "Rex: a dog # with a hash, 'quotes' and \"more\".\n\n"
        "    indented code\nline two  \nline three\n\n# Not a heading\n\n- a\n- b\tc"
    )
    story = ImportedStory("no", [animal])
    text = render(story, [], "Imported for a test.")
    doc = load_text(Path("stories/no.yaml"), text)
    model, problems = read_document(doc, Story, "test")
    assert model is not None and not [p for p in problems if p.is_error], problems
    (dog,) = model.animals
    assert (dog.name, dog.breed, dog.id, dog.colors) == (
        "No",
        "Yes",
        "007",
        ["Black, white", "tan"],
    )
    assert dog.traits == ["loves: naps", "#1 fan"]
    assert model.summary == "Rex: a dog # with a hash, 'quotes' and \"more\"."
    assert doc.data["body"] == (  # as written (the model then strips its ends)
        "    indented code\nline two  \nline three\n\n# Not a heading\n\n- a\n- b\tc\n"
    )
