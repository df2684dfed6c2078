"""Sentences of plain text: split around abbreviations, initials and decimals; cut by prefix."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

# A candidate sentence end: closing punctuation (one or more of . ! ? …), any closing quotes
# or brackets, white space, then (after an optional opening quote or bracket) a capital
# letter or a digit. Whether a "." really ends the sentence depends on the word before it.
_CANDIDATE = regex.compile(
    r"([.!?…]+)([\"”’')\]]*)(\s+)(?=[\"“‘'(\[]?([\p{Lu}\p{Lt}]|\p{Nd}))", regex.V0
)
_WORD_BEFORE = regex.compile(r"(\S*)$")
_OPENING = "\"“‘'(["

# Abbreviations that a name, a word or a number always follows: never a sentence end
# before more text in the same paragraph ("Dr. Patel", "St. Louis", "e.g. Possum").
NEVER_END = frozenset(
    {"dr", "st", "mr", "mrs", "ms", "mt", "prof", "rev", "fr", "e.g", "i.e", "vs", "cf", "approx"}
)
# Abbreviations a number follows ("Jan. 3", "No. 5"): not an end before a digit; before a
# capital ("No. She never...") they are the word ending a sentence.
BEFORE_NUMBER = frozenset(
    {
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "vol",
        "p",
        "pp",
        "ca",
        "approx",
    }
)
# Abbreviations that end a sentence only before a capital, never before a digit
# ("2.5 lbs. 3 weeks later" is rare; "2 lbs. 3 oz." is common).
BEFORE_WORD = frozenset({"lb", "lbs", "oz", "a.m", "p.m", "etc", "wk", "wks", "yr", "yrs"})

# A line that is an item of a list: "• naps", "- naps", "* naps", "1. naps", "2) naps".
_ITEM = regex.compile(r"^(?:[•\-*]|\d{1,3}[.)])\s+")


def _is_end(paragraph: str, match: regex.Match[str]) -> bool:
    """Whether the candidate *match* in *paragraph* really ends a sentence."""
    if match.group(1) != ".":
        return True  # "!", "?", "...", "…": an end when a capital or digit follows
    before = _WORD_BEFORE.search(paragraph, 0, match.start(1))
    word = (before.group(1) if before else "").lstrip(_OPENING)
    key = word.casefold()
    digit_next = match.group(4).isdigit()
    if key in NEVER_END:
        return False
    if key in BEFORE_NUMBER and digit_next:
        return False
    if key in BEFORE_WORD or ("." in key and key.replace(".", "").isalpha()):
        return not digit_next  # "a.m.", "U.S.", "etc." end before a capital
    # an initial ("J. R. Smith") is not an end; "I" is a word
    return not (len(word) == 1 and word.isalpha() and word.isupper() and word != "I")


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph (white space already normalised)."""
    out: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(paragraph):
        if _is_end(paragraph, match):
            out.append(paragraph[start : match.start(3)])
            start = match.end(3)
    out.append(paragraph[start:])
    return [s for s in out if s]


@dataclass(frozen=True)
class TextLine:
    """One line of a block: a paragraph (soft-wrapped lines joined) or a list item."""

    prefix: str  # the item's marker and space ("• "), or "" for a paragraph
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Text:
    """Plain text as blocks (separated by blank lines) of lines of sentences."""

    blocks: tuple[tuple[TextLine, ...], ...]
    count: int  # how many sentences in all

    def cut(self, keep: int | None) -> str:
        """The first *keep* sentences (all if None), keeping paragraphs, lines and list
        items; never cuts inside a sentence."""
        left = keep
        blocks: list[str] = []
        for block in self.blocks:
            lines: list[str] = []
            for line in block:
                kept = line.sentences if left is None else line.sentences[:left]
                lines.append(line.prefix + " ".join(kept))
                if left is not None:
                    left -= len(kept)
                    if left <= 0:
                        break
            blocks.append("\n".join(lines))
            if left is not None and left <= 0:
                break
        return "\n\n".join(blocks)


def _lines(block: str) -> list[TextLine]:
    """One block's lines: soft-wrapped lines joined into a paragraph, list items apart."""
    lines: list[TextLine] = []
    paragraph: list[str] = []
    for raw_line in [*block.split("\n"), ""]:
        stripped = raw_line.strip()
        item = _ITEM.match(stripped)
        if (item or not stripped) and paragraph:
            lines.append(
                TextLine("", tuple(split_sentences(" ".join(" ".join(paragraph).split()))))
            )
            paragraph = []
        if item:
            body = " ".join(stripped[item.end() :].split())
            lines.append(
                TextLine(stripped[: item.end()].rstrip() + " ", tuple(split_sentences(body)))
            )
        elif stripped:
            paragraph.append(stripped)
    return [line if line.sentences else TextLine(line.prefix, ("",)) for line in lines]


@lru_cache(maxsize=256)
def parse(text: str) -> Text:
    """*text* split into blocks, lines and sentences (cached: fitting asks many times)."""
    blocks = tuple(
        tuple(lines) for block in regex.split(r"\n[ \t]*\n", str(text)) if (lines := _lines(block))
    )
    return Text(blocks, sum(len(line.sentences) for block in blocks for line in block))


def sentences(text: str, keep: int | None = None, after: str = "") -> str:
    """The first *keep* sentences of *text* (all if None), keeping paragraphs and list items.

    With *after* (text shown before this one, e.g. the summary before the story), *keep*
    counts from the start of *after*: the sentences of *after* are taken off it first.
    """
    skip = parse(str(after)).count if after else 0
    if keep is not None:
        keep = max(keep, 1) if not after else keep - skip
        if keep <= 0:
            return ""
    return parse(str(text)).cut(keep)


def count_sentences(text: str) -> int:
    """How many sentences sentences() sees in *text*."""
    return parse(str(text)).count
