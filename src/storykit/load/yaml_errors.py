"""YAML's own errors said in plain words, at the place of the mistake, with what to write."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
import yaml.parser

from storykit.errors import Location, Problem
from storykit.load.yaml_lines import (
    Mark,
    flow_comment,
    in_quotes,
    line_at,
    quote_run_on,
    quoted,
    value_start,
)

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


def _said_flow_comment(lines: list[str], n: int, col: int) -> _Said:
    """The '#' at line *n*, column *col* starts a comment, so its '[' or '{' is never closed."""
    line = lines[n]
    at = value_start(line)
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


def _said_unclosed_quote(lines: list[str], mark: Mark) -> _Said:
    """The quote at *mark* is never closed."""
    line = line_at(lines, mark.line)
    quote = line[mark.column] if mark.column < len(line) else '"'
    tail = line[mark.column + 1 :].rstrip()
    if value_start(line) == mark.column and quote not in tail and not tail.endswith("\\"):
        example = f", e.g. {line.rstrip()}{quote}"
    else:
        example = f", e.g. title: {quote}Possum{quote}"
    return _Said(
        mark.line,
        mark.column,
        "the quote opened here is never closed",
        f"put a matching {quote} where the text ends{example}",
    )


def _said_text_after_quote(lines: list[str], mark: Mark) -> _Said | None:
    """`title: 'O'Malley'` or `title: "Ada" and Bo`: the quotes end before the value does."""
    line = line_at(lines, mark.line)
    at = value_start(line)
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


@dataclass(frozen=True)
class _Error:
    """A PyYAML error taken apart, as the rules below read it."""

    err: yaml.YAMLError
    lines: list[str]
    text: str
    pm: Mark | None  # where the problem was found
    cm: Mark | None  # where what it was reading started
    problem: str
    context: str
    line: str  # the text of the line the error is shown on
    token: str  # what the parser found instead of what it expected: "found '<scalar>'"

    @classmethod
    def of(cls, err: yaml.YAMLError, lines: list[str], text: str) -> _Error:
        pm = getattr(err, "problem_mark", None)
        cm = getattr(err, "context_mark", None)
        problem = str(getattr(err, "problem", None) or "")
        mark = pm or cm
        found = re.search(r"found '(.*)'$", problem)
        return cls(
            err,
            lines,
            text,
            pm,
            cm,
            problem,
            str(getattr(err, "context", None) or ""),
            line_at(lines, mark.line if mark is not None else None),
            found.group(1) if found else "",
        )

    def said(self, message: str, hint: str, where: Mark | None = None) -> _Said:
        """*message* and *hint* shown at *where* (default: where the error is)."""
        where = where or self.pm or self.cm
        if where is None:
            return _Said(None, None, message, hint)
        return _Said(where.line, where.column, message, hint)


Rule = Callable[[_Error], _Said | None]  # what a kind of mistake means, or None: not this


def _when(test: Callable[[_Error], bool], message: str, hint: str) -> Rule:
    """A rule that says one fixed thing where the error is, whenever *test* holds."""
    return lambda e: e.said(message, hint) if test(e) else None


def _comment_in_brackets(e: _Error) -> _Said | None:
    """`hashtags: [#cats, dogs]`: a '#' in a '[...]' value starts a comment."""
    mark = e.pm or e.cm
    if not isinstance(e.err, yaml.parser.ParserError) or mark is None:
        return None
    comment = flow_comment(e.lines, mark.line)
    return None if comment is None else _said_flow_comment(e.lines, *comment)


def _unclosed_quote(e: _Error) -> _Said | None:
    """A quote opened and never closed: YAML says so, or a later quote closed it."""
    if e.context == "while scanning a quoted scalar" and e.cm is not None:
        return _said_unclosed_quote(e.lines, e.cm)
    opened = quote_run_on(e.text, e.pm) if e.pm is not None else None
    return None if opened is None else _said_unclosed_quote(e.lines, opened)


def _after_value(e: _Error) -> _Said | None:
    """'expected <block end>': something follows a value where a new line should start."""
    if not e.problem.startswith("expected <block end>") or e.pm is None:
        return None
    token = e.token
    if token == "<scalar>":
        return _text_after_value(e, e.pm)
    if token == "<block mapping start>":
        return e.said(_INDENTED, _INDENT_HINT)
    if token == "-":
        return e.said(
            "a list item ('- ') is not expected here",
            "put list items under their key (a line ending in ':'), each on its own "
            "line, indented the same",
        )
    if token == "?":
        return e.said(
            "a 'key: value' line is mixed in with the list items above it",
            "start this line with '- ' too, or indent the list items under a key",
        )
    if token in ("]", "}"):
        return e.said(
            f"there is a '{token}' here with no '{'[' if token == ']' else '{'}' before it",
            f"remove the '{token}', or {_QUOTE_IT}",
        )
    return None


def _text_after_value(e: _Error, pm: Mark) -> _Said:
    """More text where a value should have ended: after its quotes, or after its line."""
    quoted_early = _said_text_after_quote(e.lines, pm)
    if quoted_early is not None:
        return quoted_early
    if not e.line[: pm.column].strip():
        return e.said(_INDENTED, _INDENT_HINT)
    return e.said(
        "more text follows the end of the value here",
        _QUOTE_IT + f" (the whole of it), e.g. {in_quotes(e.line)}",
    )


def _colon_in_value(e: _Error) -> _Said | None:
    """'mapping values are not allowed here': a ': ' in a value, or a line indented too far."""
    if e.problem != "mapping values are not allowed here" or e.pm is None:
        return None
    if 0 < value_start(e.line) <= e.pm.column:
        return e.said(
            "a ': ' inside a value makes YAML read a new key here",
            f"put the whole value in quotes: {in_quotes(e.line)}",
        )
    above = line_at(e.lines, e.pm.line - 1)
    squeezed = re.match(r"^\s*([\w-]+):(\S.*)$", above)
    if squeezed:
        return e.said(
            "the line above has no space after its ':', so this line is read as part of its value",
            f"write a space after the ':' on line {e.pm.line}: "
            f"{squeezed.group(1)}: {squeezed.group(2)}",
        )
    return e.said(
        "this line is indented further than the key above it, so YAML reads it as "
        "part of that key's value",
        "start it in the same column as the other keys of its group",
    )


def _no_colon(e: _Error) -> _Said | None:
    """'could not find expected ':'': no space after a ':', or a line that is no key."""
    if not e.problem.startswith("could not find expected ':'") or e.cm is None:
        return None
    squeezed = re.match(r"^\s*([\w-]+):(\S.*)$", line_at(e.lines, e.cm.line))
    if squeezed:
        return e.said(
            "there is no space after the ':'",
            f"write a space after it: {squeezed.group(1)}: {squeezed.group(2)}",
            e.cm,
        )
    return e.said(
        "this line is not a 'key: value' line, nor indented under the value above it",
        "write it as 'key: value', or indent it by two spaces to continue the text "
        "above (text after '|' or '>' is indented)",
        e.cm,
    )


def _bad_first_character(e: _Error) -> _Said | None:
    """'found character ...': a tab, or a character YAML reserves at a value's start."""
    if not e.problem.startswith("found character") or e.pm is None:
        return None
    char = e.line[e.pm.column : e.pm.column + 1]
    if char == "\t":
        return e.said(
            "a tab character is here",
            "YAML does not allow tab characters for indentation; use spaces",
        )
    return e.said(
        f"a value cannot start with '{char}' in YAML", f"{_QUOTE_IT}, e.g. {in_quotes(e.line)}"
    )


def _alias(e: _Error) -> _Said | None:
    """A value starting with '*' or '&', which YAML reads as a reference."""
    if not (
        e.problem.startswith("found undefined alias") or e.context.startswith("while scanning an a")
    ):
        return None
    first = "*" if "alias" in e.problem + e.context else "&"
    return e.said(
        f"a value cannot start with '{first}' in YAML (it marks a reference)",
        f"{_QUOTE_IT}, e.g. {in_quotes(e.line)}",
    )


def _quote_it(test: Callable[[_Error], bool], message: str) -> Rule:
    """A rule for a value YAML misreads by its first character: put it in quotes."""
    return lambda e: e.said(message, f"{_QUOTE_IT}, e.g. {in_quotes(e.line)}") if test(e) else None


def _unclosed_brackets(e: _Error) -> _Said | None:
    """The parser's "expected ',' or ']'": a '[' or '{' not closed on its line, or an item
    in it that cannot be read."""
    if not e.problem.startswith("expected ',' or") or e.cm is None:
        return None
    opener = "[" if "]" in e.problem else "{"
    closer = "]" if opener == "[" else "}"
    if e.token == "<stream end>" or (e.pm is not None and e.pm.line > e.cm.line):
        example = (
            "traits: [snuggler, lap cat]"
            if opener == "["
            else "adoption: {url: https://example.org/adopt, fee: 120}"
        )
        return e.said(
            f"the '{opener}' here is never closed with '{closer}'",
            f"end the value with '{closer}' on the same line, e.g. " + example,
            e.cm,
        )
    return e.said(
        f"YAML cannot read the value inside '{opener}{closer}' from here",
        "separate the items with ', ' and put an item that holds ':', ',' or brackets in quotes",
    )


def _missing_value(e: _Error) -> _Said | None:
    """'expected the node content': the file ends, or a stray character, where a value goes."""
    if not e.problem.startswith("expected the node content"):
        return None
    if e.token == "<stream end>":
        return e.said(
            "the file ends where a value should be", "finish the last value, or remove it"
        )
    return e.said(
        f"a value is missing here, or it starts with '{e.token}'",
        f"remove the extra '{e.token}', or {_QUOTE_IT}",
    )


# Tried in order: the first that knows the error says it.
_RULES: tuple[Rule, ...] = (
    _comment_in_brackets,
    _unclosed_quote,
    _when(
        lambda e: e.context == "while scanning a double-quoted scalar",
        "inside double quotes a '\\' starts a special character, and this one is not one",
        "write each '\\' as '\\\\', or put the value in single quotes instead",
    ),
    _after_value,
    _when(
        lambda e: e.problem.startswith("expected '<document start>'"),
        "this line is indented less than the first line of the file",
        "start the top-level keys at the very beginning of their lines",
    ),
    _colon_in_value,
    _no_colon,
    _bad_first_character,
    _alias,
    _quote_it(
        lambda e: "duplicate anchor" in e.context,
        "a value cannot start with '&' in YAML (it names a reference)",
    ),
    _when(
        lambda e: "another document" in e.problem or "single document" in e.context,
        "a '---' line starts a second document here; a case file holds only one",
        "remove the '---' line (write each story in its own file)",
    ),
    _when(
        lambda e: "directive" in e.problem + e.context or "incompatible YAML document" in e.problem,
        "a line starting with '%' is a YAML directive, which storykit files do not use",
        "remove the line, or put its text in quotes under a key",
    ),
    _quote_it(
        lambda e: "tag" in e.problem + e.context,
        "a value cannot start with '!' in YAML (it marks a tag)",
    ),
    _when(
        lambda e: e.context == "while scanning a block scalar",
        "after '|' or '>' the text must start on the next line",
        "move the text to the next line, indented by two spaces",
    ),
    _unclosed_brackets,
    _missing_value,
    _when(
        lambda e: e.problem == "sequence entries are not allowed here",
        "a list item ('- ') cannot start here",
        "put each '- ' item on its own line, under a key that ends with ':'",
    ),
    _quote_it(
        lambda e: e.problem == "mapping keys are not allowed here",
        "a value cannot start with '?' here",
    ),
    _when(
        lambda e: "unclosed '['" in e.problem,
        "a '[' or '{' above is never closed, or this line is indented too little",
        "close the brackets on the line where they open, and check the indentation",
    ),
)


def explain(err: yaml.YAMLError, lines: list[str], text: str) -> _Said:
    """What a PyYAML error means for the person who wrote the file."""
    e = _Error.of(err, lines, text)
    for rule in _RULES:
        said = rule(e)
        if said is not None:
            return said
    return e.said(
        "YAML cannot read the file from here",
        "check the quotes and indentation on this line and the one before it; put a value "
        "with special characters in quotes",
    )


def yaml_problem(path: Path, err: yaml.YAMLError, lines: list[str], text: str) -> Problem:
    """A PyYAML error as a located problem in *path* (*text*, split into *lines*)."""
    said = explain(err, lines, text)
    line = None if said.line is None else said.line + 1
    column = None if said.column is None or said.line is None else said.column + 1
    return Problem(Location.of(path, line, column), said.message, said.hint)
