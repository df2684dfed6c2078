"""Load YAML safely into plain data, remembering the line and column of every key and value."""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Location, Problem, StorykitError

# A data path: keys and list indices from the document's root, e.g. ("animals", 0, "species").
DataPath = tuple[Hashable, ...]

_MAX_NODES = 200_000  # guards against alias bombs ("billion laughs")


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (only true/false) and dates left as text.

    YAML 1.1 turns yes/no/on/off into booleans ("the Norway problem"), which would
    make `dogs: yes` a boolean; and it turns 2026-13-01 into a crash. Dates are left
    as strings and parsed by the model, which can say what is wrong with them.
    """


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_SCALARS = {
    "tag:yaml.org,2002:str": _Loader.construct_yaml_str,
    "tag:yaml.org,2002:int": _Loader.construct_yaml_int,
    "tag:yaml.org,2002:float": _Loader.construct_yaml_float,
    "tag:yaml.org,2002:bool": _Loader.construct_yaml_bool,
    "tag:yaml.org,2002:null": _Loader.construct_yaml_null,
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass
class Document:
    """A loaded YAML file: its data and where each part of it was written."""

    path: Path
    data: Any
    value_marks: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[DataPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, where: DataPath, *, key: bool = False) -> Location:
        """The location of the value (or the key) at *where*, or of its nearest written parent."""
        marks = self.key_marks if key else self.value_marks
        probe = tuple(where)
        while probe:
            if probe in marks:
                return Location.of(self.path, *marks[probe])
            if probe in self.value_marks:
                return Location.of(self.path, *self.value_marks[probe])
            probe = probe[:-1]
        line, col = self.value_marks.get((), (1, 1))
        return Location.of(self.path, line, col)


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node tree into plain Python data, recording marks and problems."""

    def __init__(self, path: Path, loader: _Loader):
        self.path = path
        self.loader = loader
        self.doc = Document(path, None)
        self.problems: list[Problem] = []
        self.count = 0

    def problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        self.problems.append(Problem(Location.of(self.path, *_pos(node)), message, hint))

    def build(self, node: yaml.Node, where: DataPath) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise _TooBig(node)
        self.doc.value_marks[where] = _pos(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, where)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                return self._bad_tag(node)
            return [self.build(item, (*where, i)) for i, item in enumerate(node.value)]
        construct = _SCALARS.get(node.tag)
        if construct is None:
            return self._bad_tag(node)
        return construct(self.loader, node)

    def _mapping(self, node: yaml.MappingNode, where: DataPath) -> dict[Any, Any] | None:
        if node.tag != _MAP:
            return self._bad_tag(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(
                    key_node,
                    "merge keys ('<<') are not supported in case files",
                    "write the keys out in full",
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "a key must be plain text", "write the key as a word")
                continue
            key = self.build(key_node, (*where, "<key>"))
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            if key in result:
                first = self.doc.key_marks[(*where, key)]
                self.problem(
                    key_node,
                    f"the key '{key}' is written twice in the same place",
                    f"it was first written on line {first[0]}; keep one of them",
                )
                continue
            self.doc.key_marks[(*where, key)] = _pos(key_node)
            result[key] = self.build(value_node, (*where, key))
        self.doc.value_marks.pop((*where, "<key>"), None)
        return result

    def _bad_tag(self, node: yaml.Node) -> None:
        self.problem(
            node,
            f"the YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed here",
            "case files hold plain text, numbers, lists and mappings; remove the '!' tag",
        )
        return None


class _TooBig(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def _yaml_error(path: Path, err: yaml.YAMLError) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    what = getattr(err, "problem", None) or str(err)
    context = getattr(err, "context", None)
    message = f"this is not valid YAML: {what}" + (f" ({context})" if context else "")
    hint = "check the indentation and quotes on this line and the one before it"
    if "'\\t'" in what or "tab" in what:
        hint = "YAML does not allow tab characters for indentation; use spaces"
    elif "mapping values are not allowed" in what:
        hint = "a value containing ': ' must be quoted, e.g. title: \"Possum: a runt\""
    return Problem(Location.of(path, line, col), message, hint)


def load_text(path: Path, text: str) -> Document:
    """Parse *text* (read from *path*) into a Document; raise StorykitError with every problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise StorykitError.at(
                path, "the file is empty", "write the story's keys into it", 1, 1
            )
        builder = _Builder(path, loader)
        try:
            builder.doc.data = builder.build(node, ())
        except _TooBig as big:
            raise StorykitError(
                Problem(
                    Location.of(path, *_pos(big.node)),
                    "the file expands to too much data (repeated aliases)",
                    "write the values out instead of repeating '*' aliases",
                )
            ) from None
    except yaml.YAMLError as err:
        raise StorykitError(_yaml_error(path, err)) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise StorykitError(builder.problems)
    return builder.doc


def load_file(path: Path) -> Document:
    """Read and parse a YAML file; unreadable or non-UTF-8 files become StorykitErrors."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise StorykitError.at(
            path,
            f"cannot read the file: {err.strerror}",
            "check that it exists and that you may read it",
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise StorykitError.at(
            path, "the file is not UTF-8 text", "save it again as UTF-8 in your editor", line, 1
        ) from None
    return load_text(path, text)
