"""Errors: raw locations shown relative to where the user is; they pickle, and cross processes."""

from __future__ import annotations

import os
import pickle
from concurrent.futures import wait
from pathlib import Path

import pytest
from PIL import Image

from storykit.builder.workers import Batch, Workers, draw
from storykit.cards import CardRequest, CardStyle, PhotoCopy, PhotoSource
from storykit.errors import ArgumentError, Location, Problem, StorykitError
from storykit.messages import changes
from storykit.outputs.layouts import load_layouts


def test_a_location_keeps_its_path_and_is_shown_from_where_the_user_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = tmp_path / "rescue" / "stories" / "x.yaml"
    monkeypatch.chdir(tmp_path / "..")
    where = Location.of(case, 3, 5)
    assert where.path == str(case)  # as given, whatever the working directory
    (tmp_path / "rescue").mkdir()
    monkeypatch.chdir(tmp_path / "rescue")
    assert str(where) == "stories/x.yaml:3:5"
    assert str(Problem(where, "broken", "fix it")) == (
        "stories/x.yaml:3:5: error: broken\n    hint: fix it"
    )
    monkeypatch.chdir(tmp_path / "rescue" / "..")
    assert str(where) == "rescue/stories/x.yaml:3:5"
    monkeypatch.chdir("/")
    assert str(where) == f"{str(case).lstrip('/')}:3:5"
    assert where.path == str(case)


def test_a_relative_path_is_made_absolute_when_the_problem_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "stories").mkdir()
    monkeypatch.chdir(tmp_path)
    where = Location.of("stories/../stories/x.yaml", 2)
    assert where == Location.of(tmp_path / "stories" / "x.yaml", 2)
    assert str(where) == "stories/x.yaml:2"
    monkeypatch.chdir(tmp_path / "stories")
    assert str(where) == "x.yaml:2"  # the same file, wherever it is shown from


def test_a_file_outside_the_working_directory_is_shown_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    where = Location.of(tmp_path / "elsewhere" / "storykit.yaml")
    assert str(where) == str(tmp_path.resolve() / "elsewhere" / "storykit.yaml")


def test_fixed_names_files_as_the_user_sees_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    gone = Problem(Location.of(tmp_path / "stories" / "x.yaml", 4, 1), "old", severity="warning")
    assert changes([gone], []).fixed_line() == "fixed: 1 warning in stories/x.yaml"


PROBLEMS = [
    Problem(Location("/p/stories/x.yaml", 3, 5), "broken", "fix it"),
    Problem(
        Location("/p/stories/x.yaml"),
        "too small",
        "use a larger photo",
        "warning",
        ("story-square", "story-tall"),
    ),
    Problem(Location("/p/storykit.yaml", 1), "heard", severity="note", found_on="platform"),
]


@pytest.mark.parametrize("thing", [PROBLEMS[0].location, *PROBLEMS])
def test_locations_and_problems_pickle(thing: object) -> None:
    assert pickle.loads(pickle.dumps(thing)) == thing


@pytest.mark.parametrize("problems", [PROBLEMS[0], PROBLEMS])
def test_a_storykit_error_pickles_with_its_problems(problems: Problem | list[Problem]) -> None:
    err = StorykitError(problems)
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is StorykitError
    assert copy.problems == err.problems
    assert str(copy) == str(err)


def test_storykit_error_at_pickles() -> None:
    err = StorykitError.at("/p/stories/x.yaml", "broken", "fix it", line=2, column=7)
    copy = pickle.loads(pickle.dumps(err))
    assert copy.problems == [Problem(Location("/p/stories/x.yaml", 2, 7), "broken", "fix it")]


def test_an_argument_error_pickles() -> None:
    err = ArgumentError("platform", "there is no platform 'nope'", "use one of: x")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.param, copy.message, copy.hint) == ("platform", err.message, err.hint)
    assert str(copy) == "there is no platform 'nope'\n    hint: use one of: x"


def _batch(tmp_path: Path, name: str, photo: bytes | None) -> Batch:
    """One card and its web photo; the photo a real one, or these bytes (not a photo)."""
    path = tmp_path / f"{name}.jpg"
    if photo is None:
        Image.new("RGB", (600, 400), (200, 120, 40)).save(path)
    else:
        path.write_bytes(photo)
    layout = load_layouts(None)[0]["photo"]
    card = CardRequest(
        f"cards/{name}.jpg",
        layout,
        (320, 320),
        (PhotoSource(path),),
        {"headline": name},
        CardStyle(),
    )
    copy = PhotoCopy(f"photos/{name}.jpg", path)
    return Batch((card,), (copy,), frozenset({card.key, copy.key}))


def test_a_workers_error_comes_back_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first batch is drawn by a worker process (more are sent while it draws): its
    StorykitError is the one drawing it here raises, problems and all; the others come back
    in the order sent."""
    monkeypatch.chdir(tmp_path)
    bad = _batch(tmp_path, "notes", b"just some notes\n")
    with pytest.raises(StorykitError) as here:
        draw(bad)
    assert here.value.problems[0].location == Location.of(tmp_path / "notes.jpg")
    assert str(here.value).startswith("notes.jpg: error: ")

    batches = [bad, *(_batch(tmp_path, f"good{i}", None) for i in range(3))]
    with Workers(2, batches=1) as workers:  # one worker
        tickets = [workers.send(batch) for batch in batches]
        assert tickets[0].future is not None
        wait([tickets[0].future])  # drawn by the worker (one not started is drawn here)
        with pytest.raises(StorykitError) as there:
            workers.take(tickets[0])
        made = [workers.take(ticket) for ticket in tickets[1:]]
    assert type(there.value) is StorykitError
    assert there.value.problems == here.value.problems
    assert str(there.value) == str(here.value)
    assert "Traceback" in str(there.value.__cause__)  # it came from the worker process
    for drawn, batch in zip(made, batches[1:], strict=True):
        assert sorted(drawn.made) == sorted(batch.make) != []


def test_with_one_job_the_error_is_handed_back_the_same_way(tmp_path: Path) -> None:
    bad = _batch(tmp_path, "notes", b"just some notes\n")
    with Workers(1) as workers:
        ticket = workers.send(bad)
        assert ticket.future is None  # drawn here, when taken
        with pytest.raises(StorykitError) as caught:
            workers.take(ticket)
    assert caught.value.problems[0].location.path == os.path.abspath(tmp_path / "notes.jpg")
