"""YAML lines as written: where a value starts, quoting a value, quotes and comments in it."""

from __future__ import annotations

import re
from typing import Any

import yaml

Mark = Any  # PyYAML's Mark (line, column, index: 0-based); PyYAML has no type hints

_VALUE_START = re.compile(r"^\s*(?:-\s+)*(?:[^\s#'\"\[\]{},:][^#:]*:\s+)?")


def value_start(line: str) -> int:
    """Where *line*'s value starts: after its indentation, any "- " and any "key: "."""
    start = _VALUE_START.match(line)
    return start.end() if start else 0


def quoted(text: str) -> str:
    """*text* as a YAML quoted value that reads back as exactly *text*."""
    if "'" not in text and ('"' in text or "\\" in text):
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def line_at(lines: list[str], n: int | None) -> str:
    """Line *n* (0-based) of *lines*, or "" when there is none."""
    return lines[n] if n is not None and 0 <= n < len(lines) else ""


def in_quotes(line: str) -> str:
    """An example: *line*'s value in quotes (the line as it should be written)."""
    at = value_start(line)
    value = line[at:].rstrip()
    return f"{line[:at].strip()} {quoted(value)}".strip()


def flow_comment(lines: list[str], upto: int) -> tuple[int, int] | None:
    """The first '#' (line, column) that starts a comment inside a '[...]' or '{...}' value."""
    for n, line in enumerate(lines[: upto + 1]):
        at = value_start(line)
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


def quote_run_on(text: str, mark: Mark) -> Mark:
    """Where a quote opened, if text in quotes ran on over lines and ended on *mark*'s line:
    an unclosed quote that some later quote in the file closed."""
    opened = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):  # tokens: any loader
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
