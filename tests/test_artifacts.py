"""Each output records what it was made from while it renders: a rebuild remakes exactly the
outputs whose recorded inputs changed, whatever name a template was loaded by."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import orjson
import pytest
from conftest import EXAMPLE_STORY, write_project

from storykit.builder.index import INDEX, STORIES
from storykit.builder.project import build as run
from storykit.builder.records import OutputRecord
from storykit.digests import Hashes, Inputs, Recorder
from storykit.text.platforms import PLATFORMS

DATE = dt.date(2026, 11, 20)

# an Instagram caption that includes a template named from the story's status at render time
INSTAGRAM = '{{ names }}: {% include "captions/extra/" ~ story.status ~ ".txt" %}\n'


def touch_later(path: Path) -> None:
    """Make sure a file's time is after the last build started (coarse clocks)."""
    later = time.time_ns() + 1_000_000
    os.utime(path, ns=(later, later))


@pytest.fixture
def computed(tmp_path: Path) -> Path:
    """Two available stories and one adopted, with the computed include in place."""
    adopted = EXAMPLE_STORY.replace("status: available", "status: adopted")
    return write_project(
        tmp_path / "proj",
        {"one": EXAMPLE_STORY, "two": EXAMPLE_STORY, "three": adopted},
        files={
            "templates/captions/instagram.txt": INSTAGRAM,
            "templates/captions/extra/available.txt": "looking for a home",
            "templates/captions/extra/adopted.txt": "home at last",
        },
    )


def caption(root: Path, slug: str) -> str:
    return (root / "output" / slug / "captions" / "instagram.txt").read_text()


def test_editing_a_template_included_by_a_computed_name_remakes_what_used_it(
    computed: Path,
) -> None:
    assert not run(computed, today=DATE, jobs=1).failed
    assert caption(computed, "one") == "Ada and Bo: looking for a home\n"
    assert caption(computed, "three") == "Ada and Bo: home at last\n"
    included = computed / "templates" / "captions" / "extra" / "available.txt"
    included.write_text("ready to go home")
    touch_later(included)
    report = run(computed, today=DATE, jobs=1)
    # the captions that included it, and the kits and pages that show them: nothing else
    assert sorted(report.rendered) == [
        f"{slug}/{path}"
        for slug in ("one", "two")
        for path in ("captions/instagram.txt", "index.html", "posts/instagram/post.json")
    ]
    assert caption(computed, "one") == "Ada and Bo: ready to go home\n"
    assert caption(computed, "three") == "Ada and Bo: home at last\n"


def test_a_status_change_records_the_other_included_template(computed: Path) -> None:
    run(computed, today=DATE, jobs=1)
    path = computed / "stories" / "one.yaml"
    path.write_text(EXAMPLE_STORY.replace("status: available", "status: adopted"))
    touch_later(path)
    run(computed, today=DATE, jobs=1)
    included = computed / "templates" / "captions" / "extra" / "adopted.txt"
    included.write_text("happy at home")
    touch_later(included)
    report = run(computed, today=DATE, jobs=1)
    assert sorted(r for r in report.rendered if "captions" in r) == [
        "one/captions/instagram.txt",
        "three/captions/instagram.txt",
    ]
    assert caption(computed, "one") == "Ada and Bo: happy at home\n"


def test_the_index_holds_each_output_s_recorded_inputs(computed: Path) -> None:
    run(computed, today=DATE, jobs=1)
    story = orjson.loads((computed / "output" / STORIES / "one.json").read_bytes())
    outputs, table = story["outputs"], story["files"]
    record = OutputRecord.from_data(outputs["captions/instagram.txt"], table)
    assert record.entry["platform"] == "instagram"
    files = record.inputs.files
    assert {
        "stories/one.yaml",
        "storykit.yaml",
        "templates/captions/instagram.txt",
        "templates/captions/extra/available.txt",
    } <= set(files)
    assert "templates/captions/extra/adopted.txt" not in files  # not loaded for this story
    numbers: dict[str, int] = {}
    assert OutputRecord.from_data(record.to_data(numbers), list(map(list, files.items()))) == (
        record
    )
    # the page records the outputs it shows, among them this caption, at its stamp
    page = OutputRecord.from_data(outputs["index.html"], table)
    assert page.inputs.outputs["captions/instagram.txt"] == record.stamp()


def test_removing_an_override_remakes_what_used_it(computed: Path) -> None:
    run(computed, today=DATE, jobs=1)
    (computed / "templates" / "captions" / "instagram.txt").unlink()
    report = run(computed, today=DATE, jobs=1)
    assert sorted(r for r in report.rendered if "captions" in r) == [
        f"{slug}/captions/instagram.txt" for slug in ("one", "three", "two")
    ]
    assert "looking for a home" not in caption(computed, "one")  # the built-in template's


def test_a_headline_written_by_a_template_is_an_input_of_the_text(tmp_path: Path) -> None:
    """A case file without a headline gets one from headline.txt: an edit to it remakes the
    text and the cards that show it."""
    story = EXAMPLE_STORY.replace("headline: Two peas in a pod\n", "")
    root = write_project(tmp_path / "proj", {"one": story})
    run(root, today=DATE, jobs=1)
    override = root / "templates" / "headline.txt"
    override.parent.mkdir(parents=True)
    override.write_text("Meet {{ names }}\n")
    report = run(root, today=DATE, jobs=1)
    assert "one/blurb.md" in report.rendered and "one/captions/x.txt" in report.rendered
    assert "Meet Ada and Bo" in (root / "output" / "one" / "blurb.md").read_text()


def test_inputs_are_current_while_their_files_and_values_are(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("one")
    hashes = Hashes(tmp_path)
    recorder = Recorder(hashes)
    recorder.file(source)
    recorder.value("date", "2026-11-20")
    recorder.output("blurb.md", "s1")
    inputs = recorder.inputs
    assert inputs.files == {"a.txt": hashes.of(source)}
    assert inputs.current(hashes, recorder.values_digest(), {"blurb.md": "s1"})
    later = Recorder(hashes)
    later.value("date", "2026-11-21")
    assert not inputs.current(hashes, later.values_digest(), {"blurb.md": "s1"})
    assert not inputs.current(hashes, inputs.values, {"blurb.md": "s2"})
    table: dict[str, int] = {}
    data = inputs.to_data(table)
    assert data["files"] == [0] and table == {"a.txt": 0}
    assert Inputs.from_data(data, [["a.txt", inputs.files["a.txt"]]]) == inputs
    source.write_text("two!")
    assert not inputs.current(hashes, inputs.values, {"blurb.md": "s1"})


def test_editing_a_project_font_remakes_the_cards_not_the_text(tmp_path: Path) -> None:
    """A font is read for the cards through the build: an edit to it is seen by the quick
    check too (it is not under templates/, which the build's key covers)."""
    from storykit.builder.index import survey
    from storykit.package_data import PACKAGE

    fonts = PACKAGE / "fonts"
    root = write_project(
        tmp_path / "proj",
        {"one": EXAMPLE_STORY},
        config="organisation: {name: Test Rescue}\nsite: {zips: true}\n"
        "cards: {fonts: {bold: fonts/b.ttf}}\n",
        files={"fonts/b.ttf": (fonts / "OpenSans-Bold.ttf").read_bytes()},
    )
    assert not run(root, today=DATE, jobs=1).failed
    font = root / "fonts" / "b.ttf"
    font.write_bytes((fonts / "OpenSans-Regular.ttf").read_bytes())
    touch_later(font)
    assert survey(root, DATE, ()).noop is None
    report = run(root, today=DATE, jobs=1)
    # the cards, the flyer and kennel cards, and the zip, kits and page that show them: no
    # caption or blurb
    sizes = ("landscape", "portrait", "square", "story")
    assert sorted(report.rendered) == sorted(
        [
            *(f"one/cards/{card}-{s}.jpg" for s in sizes for card in ("quote", "closing")),
            "one/print/flyer.pdf",
            "one/print/kennel-cards.pdf",
            "one/cards.zip",
            *(f"one/posts/{p}/post.json" for p in PLATFORMS),
            "one/index.html",
        ]
    )


# --- the project's own files: index page, feeds, upload folders, as one artifact -----------

LISTED = EXAMPLE_STORY.replace(
    "    sex: female\n    born: 2026-01-10\n  - name: Bo",
    "    sex: female\n    born: 2026-01-10\n    breed: DSH\n    size: small\n  - name: Bo",
)


def site_built(tmp_path: Path, photo: bytes) -> Path:
    story = LISTED + "photos: [{file: ada.jpg, alt: Ada asleep., animals: [Ada]}]\n"
    root = write_project(tmp_path / "site", {"ada-and-bo": story}, files={"stories/ada.jpg": photo})
    assert not run(root, today=DATE, jobs=1).failed
    return root


def jpeg(colour: tuple[int, int, int]) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), colour).save(out, "JPEG")
    return out.getvalue()


def test_a_site_template_created_after_a_build_is_used_by_the_next(tmp_path: Path) -> None:
    root = site_built(tmp_path, jpeg((120, 90, 60)))
    assert "Stories to post" in (root / "output" / "index.html").read_text()
    override = root / "templates" / "site" / "index.html"
    override.parent.mkdir(parents=True)
    override.write_text("<p>our own index</p>\n")
    touch_later(override)
    assert not run(root, today=DATE, jobs=1).failed
    assert (root / "output" / "index.html").read_text() == "<p>our own index</p>\n"


def test_the_upload_folders_copy_a_photo_again_when_it_changes(tmp_path: Path) -> None:
    root = site_built(tmp_path, jpeg((120, 90, 60)))
    uploaded = sorted((root / "output" / "upload" / "petfinder" / "photos").iterdir())
    assert [p.name for p in uploaded] == ["ada-and-bo-1-1.jpg"]
    web = root / "output" / "ada-and-bo" / "photos" / "ada.jpg"
    assert uploaded[0].read_bytes() == web.read_bytes()
    photo = root / "stories" / "ada.jpg"
    photo.write_bytes(jpeg((30, 140, 200)))
    touch_later(photo)
    assert not run(root, today=DATE, jobs=1).failed
    assert uploaded[0].read_bytes() == web.read_bytes()  # the new web photo, copied again


def test_a_removed_site_file_is_made_again(tmp_path: Path) -> None:
    root = site_built(tmp_path, jpeg((120, 90, 60)))
    feed = root / "output" / "adoptable.json"
    before = feed.read_bytes()
    feed.unlink()
    assert not run(root, today=DATE, jobs=1).failed
    assert feed.read_bytes() == before


def test_the_site_record_holds_what_the_site_was_made_from(tmp_path: Path) -> None:
    root = site_built(tmp_path, jpeg((120, 90, 60)))
    site = orjson.loads((root / "output" / INDEX).read_bytes())["site"]
    files = {key for key, _ in site["table"]}
    assert "storykit.yaml" in files
    assert "templates/site/index.html" in files  # not there: creating one is a change
    assert "output/ada-and-bo/photos/ada.jpg" in files  # what the upload folder copies
    made = {site["output"]["entry"]["path"], *site["output"]["entry"]["written"]}
    assert made >= {"index.html", "adoptable.csv", "adoptable.json"}
