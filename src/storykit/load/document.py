"""Load YAML safely into plain data, remembering the line and column of every key and value."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.parser
import yaml.reader

from storykit.errors import Location, Problem, StorykitError
from storykit.load.yaml_errors import yaml_problem
from storykit.load.yaml_lines import quoted

# A data path: keys and list indices from the document's root, e.g. ("animals", 0, "species").
DataPath = tuple[Hashable, ...]

_MAX_NODES = 200_000  # guards against alias bombs ("billion laughs")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # what PyYAML counts as a new line
_MAX_CHARACTER_PROBLEMS = 10  # after these, one problem says how many more there are


class _Loader(yaml.SafeLoader):  # type: ignore[misc]
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
    lines: list[str] = field(default_factory=list)  # the source text, line by line
    # values a '#' turned into a comment (`headline: #1 dog`), each with the problem saying so
    commented: dict[DataPath, Problem] = field(default_factory=dict)

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


def path_text(where: DataPath) -> str:
    """A data path as a person reads it: animals[0].species."""
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


class _Builder:
    """Turns a composed node tree into plain Python data, recording marks and problems."""

    def __init__(self, path: Path, loader: _Loader, lines: list[str]):
        self.path = path
        self.loader = loader
        self.doc = Document(path, None, lines=lines)
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
                self._bad_tag(node)
                return None
            return [self.build(item, (*where, i)) for i, item in enumerate(node.value)]
        construct = _SCALARS.get(node.tag)
        if construct is None:
            self._bad_tag(node)
            return None
        if node.value == "" and node.style is None and where and where[-1] != "<key>":
            self._commented(node, where)
        return construct(self.loader, node)

    def _commented(self, node: yaml.Node, where: DataPath) -> None:
        """An empty value followed by '#text' on its line: a value YAML took for a comment."""
        line, col = node.start_mark.line, node.start_mark.column
        text = self.doc.lines[line] if line < len(self.doc.lines) else ""
        found = re.match(r"\s*(#\S.*?)\s*$", text[col:])
        if not found:
            return
        lost = found.group(1)
        before = text[:col].strip()
        if where[0] == "hashtags":
            words = lost.lstrip("#")
            example = f"{before} [{words}]" if before.endswith(":") else f"{before} {words}"
            hint = f"write hashtags without '#', e.g. {example} (storykit adds the #)"
        else:
            hint = f"put the value in quotes: {before} {quoted(lost)}"
        self.doc.commented[where] = Problem(
            Location.of(self.path, line + 1, col + 1 + found.start(1)),
            f"'{path_text(where)}' is empty: the '#' starts a comment in YAML, "
            "so everything after it was ignored",
            hint,
        )

    def _mapping(self, node: yaml.MappingNode, where: DataPath) -> dict[Any, Any] | None:
        if node.tag != _MAP:
            self._bad_tag(node)
            return None
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
            at = (*where, key)
            if key in result:
                first = self.doc.key_marks[at]
                self.problem(
                    key_node,
                    f"the key '{key}' is written twice in the same place",
                    f"it was first written on line {first[0]}; keep one of them",
                )
                continue
            self.doc.key_marks[at] = _pos(key_node)
            result[key] = self.build(value_node, (*where, key))
        self.doc.value_marks.pop((*where, "<key>"), None)
        return result

    def _bad_tag(self, node: yaml.Node) -> None:
        """Report a tag storykit does not read (its value becomes None)."""
        self.problem(
            node,
            f"the YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed here",
            "case files hold plain text, numbers, lists and mappings; remove the '!' tag",
        )


class _TooBig(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def _character(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    if ch == "\0":
        return f"a NUL character ({code})"
    if unicodedata.category(ch) == "Cc":
        return f"a control character ({code})"
    if unicodedata.category(ch) == "Cs":
        return f"half of a character ({code})"
    return f"a code that is not a character ({code})"


def unreadable_characters(path: Path, text: str) -> list[Problem]:
    """Every character YAML refuses to read (control characters, U+FFFE...), where it is."""
    found = list(yaml.reader.Reader.NON_PRINTABLE.finditer(text))
    problems: list[Problem] = []
    if not found:
        return problems
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    for match in found[:_MAX_CHARACTER_PROBLEMS]:
        line = bisect.bisect_right(starts, match.start())
        column = match.start() - starts[line - 1] + 1
        problems.append(
            Problem(
                Location.of(path, line, column),
                f"{_character(match.group())} is here, which YAML does not allow in text "
                "(was this pasted from a word processor?)",
                "delete it: it cannot be seen, so delete the text around this place and "
                "type it again",
            )
        )
    if len(found) > _MAX_CHARACTER_PROBLEMS:
        more = len(found) - _MAX_CHARACTER_PROBLEMS
        problems.append(
            Problem(
                problems[-1].location,
                f"and {more} more such characters after this one",
                "if the file is full of them, it may be saved as UTF-16: save it as UTF-8",
            )
        )
    return problems


def load_text(path: Path, text: str) -> Document:
    """Parse *text* (read from *path*) into a Document; raise StorykitError with every problem."""
    refused = unreadable_characters(path, text)
    if refused:
        raise StorykitError(refused)
    lines = _LINE_BREAK.split(text)
    try:
        loader = _Loader(text)
    except yaml.YAMLError as err:  # a safety net: what the reader refuses is found above
        raise StorykitError(yaml_problem(path, err, lines, text)) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise StorykitError.at(
                path, "the file is empty", "write the story's keys into it", 1, 1
            )
        builder = _Builder(path, loader, lines)
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
        raise StorykitError(yaml_problem(path, err, lines, text)) from None
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
