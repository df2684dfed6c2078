"""The small commands: new, init, schema, captions and count, through click's CliRunner."""

from __future__ import annotations

import gc
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project
from PIL import Image

from storykit.cli import main
from storykit.load.document import load_file
from storykit.load.model import Story


def invoke(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str | None = None):
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, list(args), input=stdin, prog_name="storykit")


def test_init_sets_up_an_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(tmp_path, monkeypatch, "init", "rescue")
    assert result.exit_code == 0, result.output
    root = tmp_path / "rescue"
    assert (root / "stories").is_dir() and (root / "templates").is_dir()
    assert (root / "storykit.yaml").is_file()
    again = invoke(tmp_path, monkeypatch, "init", "rescue")
    assert again.exit_code == 1
    assert again.stderr.startswith("rescue/storykit.yaml: error: this folder already has")


def test_new_writes_a_commented_case_file_that_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke(tmp_path, monkeypatch, "init")
    result = invoke(tmp_path, monkeypatch, "new", "biscuit")
    assert result.exit_code == 0, result.output
    path = tmp_path / "stories" / "biscuit.yaml"
    text = path.read_text()
    assert text.startswith("# A storykit case file")
    assert "title: Biscuit" in text
    # untouched, its placeholders keep it from being published; filled in, it checks
    check = invoke(tmp_path, monkeypatch, "check", "--date", "2026-11-20")
    assert check.exit_code == 1
    assert "'animals[0].name' is still the placeholder <the animal's name>" in check.stderr
    filled = re.sub(r"<https?:[^>]*>", "https://example.org/a", text)
    path.write_text(re.sub(r"<(?!https)[^<>]+>", "dog", filled))
    config = tmp_path / "storykit.yaml"
    config.write_text(config.read_text().replace("<your rescue's name>", "Paws"))
    Story.model_validate(load_file(path).data)
    check = invoke(tmp_path, monkeypatch, "check", "--date", "2026-11-20")
    assert check.exit_code == 0, check.output


def test_new_never_overwrites(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / "stories" / "ada-and-bo.yaml"
    before = path.read_bytes()
    result = invoke(project, monkeypatch, "new", "ada-and-bo")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "stories/ada-and-bo.yaml: error: this story already exists; storykit never overwrites it"
    )
    assert path.read_bytes() == before


PLATFORMS_HINT = (
    "    hint: use one of: instagram, tiktok, facebook, x, threads, bluesky, mastodon\n"
)


def test_new_rejects_a_bad_slug_as_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke(project, monkeypatch, "new", "Ada Bo")
    assert result.exit_code == 2
    assert result.stderr == (
        "Usage: storykit new [OPTIONS] SLUG\n"
        "Try 'storykit new --help' for help.\n\n"
        "Error: Invalid value for SLUG: 'Ada Bo' is not a good story name\n"
        "    hint: use lower-case letters, digits and dashes, e.g. possum-and-kangaroo\n"
    )
    assert not (project / "stories" / "Ada Bo.yaml").exists()


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_story_named_that_is_not_there_is_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    result = invoke(project, monkeypatch, command, "ada-and-bob", "--date", "2026-11-20")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Usage: storykit {command} [OPTIONS] [SLUGS]...\n"
        f"Try 'storykit {command} --help' for help.\n\n"
        "Error: Invalid value for SLUGS: there is no story 'ada-and-bob' "
        "(no ada-and-bob.yaml in stories/)\n"
        "    hint: stories here: ada-and-bo; or create it with 'storykit new ada-and-bob'\n"
    )
    assert not (project / "output").exists()


def test_every_story_named_that_is_not_there_in_one_message(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke(project, monkeypatch, "build", "rex", "ada-and-bo", "fido", "rex")
    assert result.exit_code == 2
    assert result.stderr.split("\n\n")[1] == (
        "Error: Invalid value for SLUGS: there are no stories 'rex', 'fido' "
        "(no rex.yaml, fido.yaml in stories/)\n"
        "    hint: stories here: ada-and-bo; or create each with 'storykit new NAME'\n"
    )
    assert not (project / "output" / "ada-and-bo").exists()


def test_captions_of_a_story_that_is_not_there(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke(project, monkeypatch, "captions", "rex", "-p", "x")
    assert result.exit_code == 2
    assert result.stderr == (
        "Usage: storykit captions [OPTIONS] SLUG\n"
        "Try 'storykit captions --help' for help.\n\n"
        "Error: Invalid value for SLUG: there is no story 'rex' (no rex.yaml in stories/)\n"
        "    hint: stories here: ada-and-bo; or create it with 'storykit new rex'\n"
    )


def test_schema_is_json_schema_that_accepts_the_examples() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/draft/2020-12")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    repo = Path(__file__).resolve().parents[1]
    for path in sorted((repo / "stories").glob("*.yaml")):
        data = load_file(path).data
        assert not list(validator.iter_errors(data)), path
    bad = load_file(repo / "stories" / "chelsea.yaml").data | {"status": "lost"}
    assert list(validator.iter_errors(bad))
    config = json.loads(CliRunner().invoke(main, ["schema", "--config"]).stdout)
    assert "platforms" in config["properties"]


def test_captions_prints_exactly_the_text(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(
        project, monkeypatch, "captions", "ada-and-bo", "-p", "x", "--date", "2026-11-20"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Two peas in a pod 🐱")
    assert not result.stdout.endswith("\n")
    assert result.stderr == ""
    built = invoke(project, monkeypatch, "build", "--date", "2026-11-20")
    assert built.exit_code == 0, built.output
    on_disk = (project / "output" / "ada-and-bo" / "captions" / "x.txt").read_text()
    assert on_disk == result.stdout + "\n"


def test_captions_json(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(
        project, monkeypatch, "captions", "ada-and-bo", "--json", "--date", "2026-11-20"
    )
    data = json.loads(result.stdout)
    assert [d["platform"] for d in data] == [
        "instagram",
        "tiktok",
        "facebook",
        "x",
        "threads",
        "bluesky",
        "mastodon",
    ]
    for d in data:
        assert set(d) == {"platform", "text", "length", "limit", "hashtags", "ok"}
        assert d["ok"] and d["length"] <= d["limit"]
    insta = next(d for d in data if d["platform"] == "instagram")
    assert insta["hashtags"][:2] == ["BondedPair", "kittens"]


def test_captions_unknown_platform_is_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke(project, monkeypatch, "captions", "ada-and-bo", "-p", "myspace")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Usage: storykit captions [OPTIONS] SLUG\n"
        "Try 'storykit captions --help' for help.\n\n"
        "Error: Invalid value for --platform: there is no platform 'myspace' in this project\n"
        + PLATFORMS_HINT
    )


def test_captions_offer_only_the_platforms_the_project_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = "organisation: {name: Test Rescue}\nplatforms: {x: {}, bluesky: {}}\n"
    project = write_project(tmp_path, config=config)
    result = invoke(project, monkeypatch, "captions", "ada-and-bo", "-p", "tiktok")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for --platform: there is no platform 'tiktok' in this project\n"
        "    hint: use one of: x, bluesky\n"
    )


@pytest.mark.parametrize(
    ("platform", "text", "length"),
    [
        ("x", "é" * 280, 280),
        ("x", "e\u0301" * 280, 280),  # decomposed: NFC first
        ("x", "🐈‍⬛ https://example.org/a/very/long/path/indeed", 2 + 1 + 23),
        ("bluesky", "🐈‍⬛" * 3, 3),
        ("threads", "🐶", 4),
    ],
)
def test_count(
    project: Path, monkeypatch: pytest.MonkeyPatch, platform: str, text: str, length: int
) -> None:
    result = invoke(project, monkeypatch, "count", "-p", platform, "--json", stdin=text + "\n")
    data = json.loads(result.stdout)
    assert data["length"] == length
    assert data["platform"] == platform


def test_count_over_the_limit_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, config="platforms: {mastodon: {limit: 10}}\n")
    at = invoke(tmp_path, monkeypatch, "count", "-p", "mastodon", stdin="a" * 10)
    assert at.exit_code == 0 and at.stdout == "mastodon: 10 / 10: fits\n"
    over = invoke(tmp_path, monkeypatch, "count", "-p", "mastodon", stdin="a" * 11)
    assert over.exit_code == 1 and over.stdout == "mastodon: 11 / 10: TOO LONG\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_small_photo_is_reported_at_its_line_with_one_hint(tmp_path: Path, jobs: str) -> None:
    small = tmp_path / "small.jpg"
    Image.new("RGB", (451, 300), (120, 90, 60)).save(small)
    story = EXAMPLE_STORY + "photos:\n  - {file: photos/small.jpg, alt: Ada}\n"
    config = "platforms:\n  instagram: {sizes: [square, story]}\n"
    root = write_project(
        tmp_path / "p", {"ada": story}, config, {"stories/photos/small.jpg": small.read_bytes()}
    )
    line = story.splitlines().index("  - {file: photos/small.jpg, alt: Ada}") + 1
    result = CliRunner().invoke(
        main, ["build", "-C", str(root), "--date", "2026-11-20", "-j", jobs]
    )
    assert result.exit_code == 0, result.output
    lines = [
        ln
        for ln in result.stdout.splitlines()
        if "small.jpg is only" in ln or "small.jpg prints at" in ln or "hint: use a larger" in ln
    ]
    where = f"{root / 'stories' / 'ada.yaml'}:{line}:12: warning: "
    assert (
        lines
        == [  # one line for the two cards and its hint: print does not say it again
            where
            + "photo photos/small.jpg is only 451x300 px: too small to fill its place without "
            "enlarging it beyond 1.5x on 2 cards (small-square, small-story)",
            "    hint: use a larger photo (the phone's original, not one saved from a message or a "
            "web page), or allow more enlarging with cards.max_upscale in storykit.yaml",
        ]
    )


def test_a_build_through_clirunner_leaves_the_collector_as_it_was(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (gc.get_threshold(), gc.get_freeze_count())
    result = invoke(project, monkeypatch, "build", "--date", "2026-11-20", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (project / "output" / "ada-and-bo" / "blurb.md").is_file()
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_storykit_run_as_the_program_collects_rarely(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threshold = gc.get_threshold()
    monkeypatch.chdir(project)
    try:
        with pytest.raises(SystemExit) as done:
            main(["build", "--date", "2026-11-20", "-j", "1", "-q"], prog_name="storykit")
        assert done.value.code == 0
        assert gc.get_threshold() == (50_000, 20, 20) != threshold
        assert gc.get_freeze_count() > 0
    finally:  # this process is pytest's: put its collector back
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_a_project_folder_that_is_not_one_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "holiday photos").mkdir()
    result = invoke(tmp_path, monkeypatch, "check", "-C", "holiday photos")
    assert result.exit_code == 2
    assert result.stderr == (
        "Usage: storykit check [OPTIONS] [SLUGS]...\n"
        "Try 'storykit check --help' for help.\n\n"
        "Error: Invalid value for --project: 'holiday photos' is not in a storykit project "
        "(no storykit.yaml or stories/ there or above)\n"
        "    hint: name the folder that holds storykit.yaml, or run 'storykit init' there\n"
    )
    missing = invoke(tmp_path, monkeypatch, "build", "-C", "holiday")
    assert missing.exit_code == 2
    assert missing.stderr.endswith(
        "Error: Invalid value for '-C' / '--project': Directory 'holiday' does not exist.\n"
    )


def test_outside_a_project_the_folder_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke(tmp_path, monkeypatch, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        ".: error: this is not a storykit project (no storykit.yaml or stories/ here or above)\n"
        "    hint: run 'storykit init' to set one up here, or cd into your project folder\n"
    )
