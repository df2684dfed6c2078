"""Choices written inside a phrase: the one choice "Male (neutered)" plainly names, and
whether a phrase says the animal is spayed or neutered.

A phrase is read only when exactly one choice stands in it as a whole word (or as one of
its longer synonyms), and no word denies it: "Available for adoption" is available,
"Spayed female" female; "Available (on hold)" names two choices and "not yet available"
denies the one it names, so both are left for validation to refuse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_NEGATIONS = frozenset({"not", "no", "never", "isn't", "isn’t", "non", "un"})
# Synonyms shorter than this ("f", "m", "he") are not looked for inside a phrase.
_MIN_LETTERS = 3

# Words that say an animal is (or is not) spayed or neutered, wherever they stand.
_ALTERED = ("spayed", "neutered", "fixed", "altered", "castrated", "desexed", "sterilised",
            "sterilized", "speutered", "gelding", "wether", "barrow", "steer", "capon")  # fmt: skip
_INTACT = ("intact", "entire", "unaltered", "unneutered", "unspayed", "not neutered",
           "not spayed", "not fixed", "not altered", "not desexed")  # fmt: skip


def words(text: str) -> list[str]:
    """The words of *text*, in lower case, without punctuation ("Male (neutered)": male,
    neutered)."""
    return _WORD.findall(text.casefold().replace("_", " "))


def _contains(haystack: list[str], needle: list[str]) -> int | None:
    """Where the words *needle* stand together in *haystack* (their first index), if they do."""
    n = len(needle)
    return next((i for i in range(len(haystack) - n + 1) if haystack[i : i + n] == needle), None)


def choice_in(text: str, values: tuple[str, ...], synonyms: Mapping[str, str]) -> str | None:
    """The one choice of *values* that *text* names as a whole word (or by a synonym of
    three letters or more), with no negation before it; None when it names none, several,
    or denies the one it names."""
    said = words(text)
    found: set[str] = set()
    short = [(v, v) for v in values]  # a choice itself may be short: "no"
    for spelled, meant in [*short, *synonyms.items()]:
        if meant not in values or (len(spelled) < _MIN_LETTERS and (spelled, meant) not in short):
            continue
        at = _contains(said, words(spelled))
        if at is None:
            continue
        if any(w in _NEGATIONS for w in said[:at]):
            return None  # "not available yet": the phrase denies what it names
        found.add(meant)
    return found.pop() if len(found) == 1 else None


def altered(text: str) -> bool | None:
    """True if *text* says the animal is spayed or neutered ("Male (neutered)", "spayed
    female"), False if it says it is not ("intact male", "female, not spayed"), else None."""
    said = words(text)
    if any(_contains(said, words(w)) is not None for w in _INTACT):
        return False
    if any(w in said for w in _ALTERED):
        return True
    return None
