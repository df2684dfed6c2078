"""Validate loaded YAML against the model: every mistake a located Problem with a hint."""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Hashable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from storykit.errors import Problem
from storykit.load.document import DataPath, Document
from storykit.load.document import path_text as _path_text
from storykit.load.model import Story
from storykit.text import language

M = TypeVar("M", bound=BaseModel)

_DATE_HINT = "write the date as YYYY-MM-DD, e.g. 2026-04-01"


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types inside Optional/Union/Annotated."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(tp) for t in _unwrap(arg)]
    return [tp]


def _model_at(root: type[BaseModel], loc: tuple[Hashable, ...]) -> type[BaseModel] | None:
    """The model class whose fields are written at *loc* (None if it is not a model)."""
    current: list[Any] = [root]
    for part in loc:
        nxt: list[Any] = []
        for tp in current:
            if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
                field = tp.model_fields.get(part)
                if field is not None:
                    nxt.extend(_unwrap(field.annotation))
            elif typing.get_origin(tp) in (list, tuple) and isinstance(part, int):
                nxt.extend(_unwrap(typing.get_args(tp)[0]))
            elif typing.get_origin(tp) is dict:
                nxt.extend(_unwrap(typing.get_args(tp)[1]))
        current = nxt
    for tp in current:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp
    return None


def _quote_choices(expected: str) -> str:
    return expected.replace("'", "").replace(" or ", ", ")


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return repr(value) if not isinstance(value, str) else f"'{value}'"


# what to write in an empty value, by the kind of error pydantic gives for None
_EMPTY_HINTS = {
    "string_type": "write the text after '{key}:'",
    "list_type": "write the items after '{key}:', e.g. [a, b], or as lines starting with '- '",
    "tuple_type": "write the items after '{key}:', e.g. [a, b]",
    "model_type": "write its 'key: value' lines under '{key}:', indented by two spaces",
    "dict_type": "write its 'key: value' lines under '{key}:', indented by two spaces",
    "model_attributes_type": "write its 'key: value' lines under '{key}:', indented by two spaces",
    "bool_type": "write true or false after '{key}:'",
    "int_type": "write a number after '{key}:', e.g. 150",
    "float_type": "write a number after '{key}:', e.g. 150",
    "date_type": "write a date after '{key}:', as YYYY-MM-DD, e.g. 2026-04-01",
}


def _empty(doc: Document, model: type[BaseModel], loc: DataPath, kind: str, ctx: Any) -> Problem:
    """A value left empty (`summary:` and nothing after it): which key, and what to write."""
    key = loc[-1]
    if isinstance(key, int):
        return Problem(
            doc.locate(loc),
            f"'{_path_text(loc)}' is empty",
            "write the item after '- ', or remove the line",
        )
    if kind in ("literal_error", "enum"):
        hint = f"write one of {_quote_choices(str(ctx.get('expected', '')))} after '{key}:'"
    else:
        hint = _EMPTY_HINTS.get(kind, "write a value after '{key}:'").format(key=key)
    parent = _model_at(model, loc[:-1])
    field = parent.model_fields.get(str(key)) if parent else None
    if field is not None and not field.is_required():
        hint += ", or remove the line"
    return Problem(doc.locate(loc, key=True), f"'{_path_text(loc)}' is empty", hint)


def problem_for(doc: Document, model: type[BaseModel], err: ErrorDetails) -> Problem:
    """One pydantic error as a Problem at the right line and column, with a hint for a person."""
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    where = _path_text(loc)
    hint = ""
    on_key = False
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        on_key = True
        where = _path_text(loc)
    if value is None and loc and kind not in ("missing", "extra_forbidden") and not on_key:
        return _empty(doc, model, loc, kind, ctx)
    if kind == "missing":
        message = f"'{loc[-1]}' is missing" + (f" in {_path_text(loc[:-1])}" if loc[:-1] else "")
        hint = f"add a line '{loc[-1]}: ...'"
        location = doc.locate(loc[:-1])
    elif kind == "extra_forbidden":
        key = str(loc[-1])
        parent = _model_at(model, loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        message = f"unknown key '{key}'" + (f" in {_path_text(loc[:-1])}" if loc[:-1] else "")
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else "the keys allowed here are: " + ", ".join(allowed)
        )
        location = doc.locate(loc, key=True)
    else:
        location = doc.locate(loc, key=on_key)
        if kind in ("literal_error", "enum"):
            message = f"{where}: {_describe(value)} is not one of the allowed values"
            hint = "use one of: " + _quote_choices(str(ctx.get("expected", "")))
        elif kind.startswith("date") or kind.startswith("datetime"):
            message = f"{where}: {_describe(value)} is not a date"
            hint = _DATE_HINT
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            message = f"{where} should be a group of 'key: value' lines, not {_describe(value)}"
            hint = "indent the keys under it by two spaces"
        elif kind in ("list_type", "tuple_type"):
            message = f"{where} should be a list, not {_describe(value)}"
            hint = "write it as [a, b] or as lines starting with '- '"
        elif kind == "string_type":
            message = f"{where} should be text, not {_describe(value)}"
            hint = "put the value in quotes"
        elif kind in ("bool_type", "bool_parsing"):
            message = f"{where} should be true or false, not {_describe(value)}"
            hint = "write true or false"
        elif kind in ("int_type", "int_parsing", "int_from_float", "float_type", "float_parsing"):
            message = f"{where} should be a number, not {_describe(value)}"
            hint = "write digits only, e.g. 150"
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            message = f"{where}: {_describe(value)} is out of range ({err['msg'].lower()})"
            hint = "change the number"
        elif kind in ("too_short", "string_too_short"):
            message = f"{where} is empty"
            hint = "fill it in, or remove the line"
        elif kind in ("too_long", "tuple_too_long"):
            message = f"{where} has too many items"
            hint = err["msg"]
        elif kind == "string_pattern_mismatch":
            message = f"{where}: {_describe(value)} is not in the expected form"
            hint = (
                'a colour is written like "#1f4e79" (in quotes)'
                if str(ctx.get("pattern", "")).startswith("^#")
                else f"it must match {ctx.get('pattern')}"
            )
        elif kind == "value_error":
            message = f"{where}: {ctx.get('error', err['msg'])}"
            hint = getattr(ctx.get("error"), "hint", "")
        else:
            message = f"{where}: {err['msg']}"
    return Problem(location, message, hint)


def validate_document(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate *doc* against *model*: the model instance, or None, and every problem found.

    A value that a '#' made a comment of is an error even when the model accepts it empty
    (`headline: #1 dog`), and it is reported once, as what it is.
    """
    if not isinstance(doc.data, dict):
        loc = doc.locate(())
        return None, [
            Problem(
                loc,
                f"{doc.path.name} should hold 'key: value' lines at the top",
                "start with a line like 'title: Possum & Kangaroo'",
            )
        ]
    commented = list(doc.commented.values())  # values a '#' turned into comments
    try:
        return model.model_validate(doc.data), commented
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        found = [
            problem_for(doc, model, e)
            for e in errors
            if not any(tuple(e["loc"])[:n] in doc.commented for n in range(len(e["loc"]) + 1))
        ]
        return None, sorted({*commented, *found}, key=_reading_order)


def _reading_order(problem: Problem) -> tuple[int, int, str]:
    loc = problem.location
    return (loc.line or 0, loc.column or 0, problem.message)


def validate_story(
    doc: Document, story: Story, project_root: Path, today: dt.date, org_link: str = ""
) -> list[Problem]:
    """Checks across fields and against the disk: photos exist, names match, dates make sense.

    *org_link* is the organisation's page of animals, where an available story with no link
    or contact of its own sends adopters."""
    problems: list[Problem] = []
    names = [a.name for a in story.animals]
    for i, name in enumerate(names):
        if name in names[:i]:
            problems.append(
                Problem(
                    doc.locate(("animals", i, "name")),
                    f"two animals are called '{name}'",
                    "give each animal its own name",
                )
            )
    for i, animal in enumerate(story.animals):
        if animal.born and animal.born > today:
            problems.append(
                Problem(
                    doc.locate(("animals", i, "born")),
                    f"{animal.name} is born on {animal.born}, after today ({today})",
                    "check the year; " + _DATE_HINT,
                )
            )
        if animal.age and not (language.age_text(animal.age) or language.is_age_group(animal.age)):
            problems.append(
                Problem(
                    doc.locate(("animals", i, "age")),
                    f"{animal.name}'s age '{animal.age}' is not an age storykit can read",
                    'write a number and a unit, e.g. "8 weeks", "2 years", "about 6 months", '
                    "or a group: baby, young, adult, senior; or give born: YYYY-MM-DD",
                )
            )
        if animal.born and animal.age:
            problems.append(
                Problem(
                    doc.locate(("animals", i, "age")),
                    f"{animal.name} has both 'born' and 'age'",
                    "keep 'born' (ages are then worked out) and remove 'age'",
                    "warning",
                )
            )
    for i, photo in enumerate(story.photos):
        for j, shown in enumerate(photo.animals):
            if shown not in names:
                close = difflib.get_close_matches(shown, names, n=1)
                problems.append(
                    Problem(
                        doc.locate(("photos", i, "animals", j)),
                        f"the photo shows '{shown}', who is not among the story's animals",
                        f"did you mean '{close[0]}'?" if close else "names: " + ", ".join(names),
                    )
                )
        if not photo.alt:
            problems.append(
                Problem(
                    doc.locate(("photos", i)),
                    f"the photo '{photo.file}' has no alt text; storykit writes one "
                    "from its fields",
                    "add 'alt:' saying what a blind reader needs to know",
                    "warning",
                )
            )
    adoption = story.adoption
    if story.status == "available" and not (adoption.url or adoption.contact or org_link):
        problems.append(
            Problem(
                doc.locate(("status",)),
                "the story is available but has no adoption link or contact",
                "add 'adoption: {url: https://..., contact: ...}' so people "
                "can act on the call to adopt (or organisation.animals_url in storykit.yaml)",
            )
        )
    return problems
