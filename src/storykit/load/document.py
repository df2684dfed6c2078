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


def quoted(text: str) -> str:
    """*text* as a YAML quoted value that reads back as exactly *text*."""
    if "'" not in text and ('"' in text or "\\" in text):
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


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


# The start of a line's value: after its indentation, any "- " and any "key: ".
_VALUE_START = re.compile(r"^\s*(?:-\s+)*(?:[^\s#'\"\[\]{},:][^#:]*:\s+)?")
_QUOTE_IT = "put the value in quotes"
_INDENTED = "this line is indented differently from the lines above it"
_INDENT_HINT = (
    "line it up with the lines above: keys of the same group start in the same column "
    "(indent with spaces, two per level), and so do the lines of a text after '|' or '>'"
)


@dataclass(frozen=True)
class _Said:
    """A YAML error in plain words, and where (0-based line and column) it is shown."""

    line: int | None
    column: int | None
    message: str
    hint: str


def _line(lines: list[str], n: int | None) -> str:
    return lines[n] if n is not None and 0 <= n < len(lines) else ""


def _in_quotes(line: str) -> str:
    """An example: *line*'s value in quotes (the line as it should be written)."""
    start = _VALUE_START.match(line)
    at = start.end() if start else 0
    value = line[at:].rstrip()
    return f"{line[:at].strip()} {quoted(value)}".strip()


def _flow_comment(lines: list[str], upto: int) -> tuple[int, int] | None:
    """The first '#' (line, column) that starts a comment inside a '[...]' or '{...}' value."""
    for n, line in enumerate(lines[: upto + 1]):
        start = _VALUE_START.match(line)
        at = start.end() if start else 0
        if not line[at:].startswith(("[", "{")):
            continue
        quote = ""
        for i in range(at, len(line)):
            ch = line[i]
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "'\"" and line[i - 1] in "[{, ":
                quote = ch
            elif ch == "#" and line[i - 1] in "[{, \t":
                return n, i
    return None


def _said_flow_comment(lines: list[str], n: int, col: int) -> _Said:
    line = lines[n]
    start = _VALUE_START.match(line)
    at = start.end() if start else 0
    opener = line[at]
    closer = "]" if opener == "[" else "}"
    key = line[:at].strip()
    value = line[at:].rstrip()
    if key.lstrip("- ").startswith("hashtags:"):
        words = re.sub(r"(?<=[\[{,])(\s*)#", r"\1", value)
        hint = f"write hashtags without '#', e.g. {key} {words} (storykit adds the #)"
    else:
        fixed = re.sub(
            r"([\[{,]\s*)(#[^,\]}]*[^,\]}\s])", lambda m: m.group(1) + quoted(m.group(2)), value
        )
        hint = f"put a value that starts with '#' in quotes, e.g. {key} {fixed}"
    return _Said(
        n,
        col,
        f"the '#' starts a comment in YAML, so the rest of the line was ignored and the "
        f"'{opener}' is never closed with '{closer}'",
        hint,
    )


def _said_unclosed_quote(lines: list[str], mark: Any) -> _Said:
    line = _line(lines, mark.line)
    quote = line[mark.column] if mark.column < len(line) else '"'
    start = _VALUE_START.match(line)
    tail = line[mark.column + 1 :].rstrip()
    if start and start.end() == mark.column and quote not in tail and not tail.endswith("\\"):
        example = f", e.g. {line.rstrip()}{quote}"
    else:
        example = f", e.g. title: {quote}Possum{quote}"
    return _Said(
        mark.line,
        mark.column,
        "the quote opened here is never closed",
        f"put a matching {quote} where the text ends{example}",
    )


def _said_text_after_quote(lines: list[str], mark: Any) -> _Said | None:
    """`title: 'O'Malley'` or `title: "Ada" and Bo`: the quotes end before the value does."""
    line = _line(lines, mark.line)
    start = _VALUE_START.match(line)
    at = start.end() if start else 0
    before = line[: mark.column].rstrip()
    if at >= len(line) or line[at] not in "'\"" or not before.endswith(line[at]):
        return None
    key = line[:at].strip()
    value = line[at:].rstrip()
    if line[at] == "'":
        inner = value[1:-1] if value.endswith("'") and len(value) > 1 else value[1:]
        doubled = inner.replace("'", "''")
        return _Said(
            mark.line,
            len(before) - 1,
            "this apostrophe ends the text in single quotes early",
            f"use double quotes: {key} {quoted(inner)}, or double the apostrophe: "
            f"{key} '{doubled}'",
        )
    return _Said(
        mark.line,
        mark.column,
        "more text follows the closing quote; a value in quotes must end with its quote",
        f"put the whole value in quotes: {key} {quoted(value)}",
    )


def _quote_run_on(text: str, mark: Any) -> Any:
    """Where a quote opened, if text in quotes ran on over lines and ended on *mark*'s line:
    an unclosed quote that some later quote in the file closed."""
    opened = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= mark.index:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ("'", '"')
                and token.start_mark.line < token.end_mark.line == mark.line
            ):
                opened = token.start_mark
    except yaml.YAMLError:
        pass
    return opened


def _explain(err: yaml.YAMLError, lines: list[str], text: str) -> _Said:
    """What a PyYAML error means for the person who wrote the file."""
    pm = getattr(err, "problem_mark", None)
    cm = getattr(err, "context_mark", None)
    problem = str(getattr(err, "problem", None) or "")
    context = str(getattr(err, "context", None) or "")
    mark = pm or cm
    n = mark.line if mark is not None else None
    line = _line(lines, n)
    found = re.search(r"found '(.*)'$", problem)
    token = found.group(1) if found else ""

    def said(message: str, hint: str, where: Any = mark) -> _Said:
        if where is None:
            return _Said(None, None, message, hint)
        return _Said(where.line, where.column, message, hint)

    if isinstance(err, yaml.parser.ParserError) and n is not None:
        comment = _flow_comment(lines, n)
        if comment is not None:
            return _said_flow_comment(lines, *comment)
    if context == "while scanning a quoted scalar" and cm is not None:
        return _said_unclosed_quote(lines, cm)
    opened = _quote_run_on(text, pm) if pm is not None else None
    if opened is not None:
        return _said_unclosed_quote(lines, opened)
    if context == "while scanning a double-quoted scalar":
        return said(
            "inside double quotes a '\\' starts a special character, and this one is not one",
            "write each '\\' as '\\\\', or put the value in single quotes instead",
        )
    if problem.startswith("expected <block end>") and pm is not None:
        if token == "<scalar>":
            quoted_early = _said_text_after_quote(lines, pm)
            if quoted_early is not None:
                return quoted_early
            if not line[: pm.column].strip():
                return said(_INDENTED, _INDENT_HINT)
            return said(
                "more text follows the end of the value here",
                _QUOTE_IT + f" (the whole of it), e.g. {_in_quotes(line)}",
            )
        if token == "<block mapping start>":
            return said(_INDENTED, _INDENT_HINT)
        if token == "-":
            return said(
                "a list item ('- ') is not expected here",
                "put list items under their key (a line ending in ':'), each on its own "
                "line, indented the same",
            )
        if token == "?":
            return said(
                "a 'key: value' line is mixed in with the list items above it",
                "start this line with '- ' too, or indent the list items under a key",
            )
        if token in ("]", "}"):
            return said(
                f"there is a '{token}' here with no '{'[' if token == ']' else '{'}' before it",
                f"remove the '{token}', or {_QUOTE_IT}",
            )
    if problem.startswith("expected '<document start>'"):
        return said(
            "this line is indented less than the first line of the file",
            "start the top-level keys at the very beginning of their lines",
        )
    if problem == "mapping values are not allowed here" and pm is not None:
        start = _VALUE_START.match(line)
        if start and 0 < start.end() <= pm.column:
            return said(
                "a ': ' inside a value makes YAML read a new key here",
                f"put the whole value in quotes: {_in_quotes(line)}",
            )
        above = _line(lines, pm.line - 1)
        squeezed = re.match(r"^\s*([\w-]+):(\S.*)$", above)
        if squeezed:
            return said(
                "the line above has no space after its ':', so this line is read as "
                "part of its value",
                f"write a space after the ':' on line {pm.line}: "
                f"{squeezed.group(1)}: {squeezed.group(2)}",
            )
        return said(
            "this line is indented further than the key above it, so YAML reads it as "
            "part of that key's value",
            "start it in the same column as the other keys of its group",
        )
    if problem.startswith("could not find expected ':'") and cm is not None:
        first = _line(lines, cm.line)
        squeezed = re.match(r"^\s*([\w-]+):(\S.*)$", first)
        if squeezed:
            return said(
                "there is no space after the ':'",
                f"write a space after it: {squeezed.group(1)}: {squeezed.group(2)}",
                cm,
            )
        return said(
            "this line is not a 'key: value' line, nor indented under the value above it",
            "write it as 'key: value', or indent it by two spaces to continue the text "
            "above (text after '|' or '>' is indented)",
            cm,
        )
    if problem.startswith("found character") and pm is not None:
        char = line[pm.column : pm.column + 1]
        if char == "\t":
            return said(
                "a tab character is here",
                "YAML does not allow tab characters for indentation; use spaces",
            )
        return said(
            f"a value cannot start with '{char}' in YAML",
            f"{_QUOTE_IT}, e.g. {_in_quotes(line)}",
        )
    if problem.startswith("found undefined alias") or context.startswith("while scanning an a"):
        first = "*" if "alias" in problem + context else "&"
        return said(
            f"a value cannot start with '{first}' in YAML (it marks a reference)",
            f"{_QUOTE_IT}, e.g. {_in_quotes(line)}",
            pm or cm,
        )
    if "duplicate anchor" in context:
        return said(
            "a value cannot start with '&' in YAML (it names a reference)",
            f"{_QUOTE_IT}, e.g. {_in_quotes(line)}",
        )
    if "another document" in problem or "single document" in context:
        return said(
            "a '---' line starts a second document here; a case file holds only one",
            "remove the '---' line (write each story in its own file)",
        )
    if "directive" in problem + context or "incompatible YAML document" in problem:
        return said(
            "a line starting with '%' is a YAML directive, which storykit files do not use",
            "remove the line, or put its text in quotes under a key",
        )
    if "tag" in problem + context:
        return said(
            "a value cannot start with '!' in YAML (it marks a tag)",
            f"{_QUOTE_IT}, e.g. {_in_quotes(line)}",
        )
    if context == "while scanning a block scalar":
        return said(
            "after '|' or '>' the text must start on the next line",
            "move the text to the next line, indented by two spaces",
        )
    if problem.startswith("expected ',' or") and cm is not None:
        opener = "[" if "]" in problem else "{"
        closer = "]" if opener == "[" else "}"
        if token == "<stream end>" or (pm is not None and pm.line > cm.line):
            return said(
                f"the '{opener}' here is never closed with '{closer}'",
                f"end the value with '{closer}' on the same line, e.g. "
                + (
                    "traits: [snuggler, lap cat]"
                    if opener == "["
                    else "adoption: {url: https://example.org/adopt, fee: 120}"
                ),
                cm,
            )
        return said(
            f"YAML cannot read the value inside '{opener}{closer}' from here",
            "separate the items with ', ' and put an item that holds ':', ',' or brackets "
            "in quotes",
        )
    if problem.startswith("expected the node content"):
        if token == "<stream end>":
            return said(
                "the file ends where a value should be", "finish the last value, or remove it"
            )
        return said(
            f"a value is missing here, or it starts with '{token}'",
            f"remove the extra '{token}', or {_QUOTE_IT}",
        )
    if problem == "sequence entries are not allowed here":
        return said(
            "a list item ('- ') cannot start here",
            "put each '- ' item on its own line, under a key that ends with ':'",
        )
    if problem == "mapping keys are not allowed here":
        return said("a value cannot start with '?' here", f"{_QUOTE_IT}, e.g. {_in_quotes(line)}")
    if "unclosed '['" in problem:
        return said(
            "a '[' or '{' above is never closed, or this line is indented too little",
            "close the brackets on the line where they open, and check the indentation",
        )
    return said(
        "YAML cannot read the file from here",
        "check the quotes and indentation on this line and the one before it; put a value "
        "with special characters in quotes",
    )


def _yaml_error(path: Path, err: yaml.YAMLError, lines: list[str], text: str) -> Problem:
    said = _explain(err, lines, text)
    line = None if said.line is None else said.line + 1
    column = None if said.column is None or said.line is None else said.column + 1
    return Problem(Location.of(path, line, column), said.message, said.hint)


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
        raise StorykitError(_yaml_error(path, err, lines, text)) from None
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
        raise StorykitError(_yaml_error(path, err, lines, text)) from None
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
