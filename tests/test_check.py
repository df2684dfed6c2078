"""`storykit check` on broken case files: located problems with hints, exit 1, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_STORY, write_project

from storykit.cli import main


def run_check(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, ["check", "--date", "2026-11-20", *args])


def test_valid_project_passes(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_check(project, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stderr + result.stdout


BROKEN = [
    pytest.param(
        EXAMPLE_STORY.replace(
            "species: cat\n    sex: female\n    born: 2026-01-10\n  - name: Bo",
            "specie: cat\n    sex: female\n    born: 2026-01-10\n  - name: Bo",
        ),
        [
            "stories/bad.yaml:6:5: error: 'species' is missing in animals[0]",
            "stories/bad.yaml:7:5: error: unknown key 'specie' in animals[0]",
            "    hint: did you mean 'species'?",
        ],
        id="unknown-key-with-suggestion",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("status: available", "status: adopable"),
        [
            "stories/bad.yaml:4:9: error: status: 'adopable' is not one of the allowed values",
            "    hint: use one of: available, pending, adopted, reunited, hold",
        ],
        id="bad-choice",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("born: 2026-01-10\n  - name: Bo", "born: 2026-13-10\n  - name: Bo"),
        [
            "stories/bad.yaml:9:11: error: animals[0].born: '2026-13-10' is not a date",
            "    hint: write the date as YYYY-MM-DD, e.g. 2026-04-01",
        ],
        id="bad-date",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("headline: Two peas in a pod", "headline: [unclosed"),
        ["stories/bad.yaml:2:11: error: the '[' here is never closed with ']'"],
        id="yaml-syntax",
    ),
    pytest.param(
        EXAMPLE_STORY.replace(
            "headline: Two peas in a pod", "headline: !!python/object/apply:os.system [echo hi]"
        ),
        [
            "stories/bad.yaml:2:11: error: the YAML tag '!!python/object/apply:os.system' is not "
            "allowed here"
        ],
        id="unsafe-tag",
    ),
    pytest.param(
        EXAMPLE_STORY + "photos:\n  - file: photos/missing.jpg\n    alt: a cat\n",
        ["stories/bad.yaml:22:11: error: the photo 'photos/missing.jpg' does not exist"],
        id="missing-photo",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("title: Ada & Bo\n", ""),
        ["stories/bad.yaml:1:1: error: 'title' is missing"],
        id="missing-key",
    ),
    pytest.param(
        EXAMPLE_STORY.replace('url: "https://example.org/adopt/ada-bo"', 'url: "javascript:x"'),
        [
            "stories/bad.yaml:19:17: error: adoption.url: a link must start with "
            "https:// (or http://)"
        ],
        id="bad-url",
    ),
    pytest.param(
        EXAMPLE_STORY.replace("hashtags: [bonded pair, kittens]", "hashtags: ['2026', '!!!']"),
        [
            "stories/bad.yaml:20:12: error: the hashtag '2026' cannot be used",
            "stories/bad.yaml:20:20: error: the hashtag '!!!' cannot be used",
        ],
        id="bad-hashtags",
    ),
    pytest.param("", ["stories/bad.yaml:1:1: error: the file is empty"], id="empty"),
    pytest.param(
        "- a\n- b\n",
        ["stories/bad.yaml:1:1: error: bad.yaml should hold 'key: value'"],
        id="not-a-mapping",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_broken_case_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: list[str]
) -> None:
    root = write_project(tmp_path, {"bad": text, "good": EXAMPLE_STORY})
    result = run_check(root, monkeypatch)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    for want in expected:
        assert any(line.startswith(want) for line in lines), (want, result.stderr)
    assert "stories/good.yaml" not in result.stderr  # the good story has no problems
    assert "good:\n  instagram " in result.stdout  # and it was checked: its captions measured


def test_all_problems_in_all_files_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = EXAMPLE_STORY.replace("status: available", "status: nope").replace(
        "sex: female\n    born: 2026-01-10\n  - name: Bo",
        "sex: gril\n    born: 2026-01-10\n  - name: Bo",
    )
    two = EXAMPLE_STORY.replace("species: cat", "species: [cat]")
    root = write_project(
        tmp_path, {"one": one, "two": two}, config="brand: {primary: blue}\nplatfroms: {}\n"
    )
    result = run_check(root, monkeypatch)
    assert result.exit_code == 1
    err = result.stderr
    assert "storykit.yaml:1:18: error: brand.primary: 'blue' is not in the expected form" in err
    assert "storykit.yaml:2:1: error: unknown key 'platfroms'" in err
    assert "hint: did you mean 'platforms'?" in err
    # the stories are still checked against the defaults, so their problems show too
    assert "stories/one.yaml:4:9: error: status: 'nope' is not one of the allowed values" in err
    assert "stories/one.yaml:8:10: error: animals[0].sex: 'gril' is not one of" in err
    assert "stories/two.yaml:7:14: error: animals[0].species should be text, not a list" in err
    assert "stories/two.yaml:11:14: error: animals[1].species should be text, not a list" in err


def test_broken_story_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path, {"bad": "title: [", "good": EXAMPLE_STORY})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "--date", "2026-11-20"])
    assert result.exit_code == 1
    assert (root / "output" / "good" / "story.json").is_file()
    assert not (root / "output" / "bad").exists()
    assert "not built: bad" in result.stderr


def test_check_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    run_check(project, monkeypatch)
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
