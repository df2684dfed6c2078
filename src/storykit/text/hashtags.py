"""Hashtags: tidy a tag, say why one is unusable, find them in text as twitter-text does."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import regex

from storykit.text.counting import find_urls

# twitter-text's hashtag rule (twitter/twitter-text js/src/regexp/validHashtag.js and the parts
# it is built from, Apache 2.0), with \p{L}\p{M}\p{Nd} for its generated letter tables as in
# its Java version: a hashtag is # or ＃, not followed by U+FE0F or U+20E3, then letters,
# marks, digits and a few joiners, with at least one letter or mark; it must not follow a
# letter, digit or "&", and one followed by another # or by "://" is not a hashtag.
_SPECIAL = (
    "_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003"
    "\u0f0b\u0f0c\xb7"
)
_ALNUM = rf"[\p{{L}}\p{{M}}\p{{Nd}}{_SPECIAL}]"
_ALPHA = r"[\p{L}\p{M}]"
_HASHTAG = regex.compile(
    rf"(?:^|\ufe0e|\ufe0f|(?!{_ALNUM}|&).)"
    rf"([#＃])(?!\ufe0f|\u20e3)({_ALNUM}*{_ALPHA}{_ALNUM}*)",
    regex.IGNORECASE | regex.DOTALL | regex.V0,
)
_HASHTAG_END = regex.compile(r"[#＃]|://")
_IS_ALNUM = regex.compile(_ALNUM)
_IS_ALPHA = regex.compile(_ALPHA)
_IS_DIGIT = regex.compile(r"\p{Nd}")
# Where normalise_tag() splits a phrase into words: spaces and punctuation, except the
# punctuation that may sit inside a hashtag (_SPECIAL). Apostrophes join ("don't" -> "dont").
_WORD_BREAK = regex.compile(rf"[\s\p{{P}}--[{_SPECIAL}]]+", regex.V1)
_APOSTROPHES = regex.compile(r"['’ʼ]")


class HashtagProblem(ValueError):
    """A tag that no platform would treat as a hashtag; str() says why, for the user."""

    def __init__(self, tag: str, reason: str) -> None:
        super().__init__(reason)
        self.tag = tag
        self.reason = reason


def _strip_hash(tag: str) -> str:
    return unicodedata.normalize("NFC", tag).strip().lstrip("#＃").strip()


def normalise_tag(tag: str) -> str:
    """A tag as a hashtag body: no '#'; a phrase becomes CamelCase, one word stays as written.

    "foster kittens" -> "FosterKittens", "#fyp" -> "fyp", "adopt-don't shop" -> "AdoptDontShop".
    Symbols and emoji are kept, so that validate() can say they would end the hashtag.
    """
    body = _APOSTROPHES.sub("", _strip_hash(tag))
    words = [w for w in _WORD_BREAK.split(body) if w]
    if len(words) == 1:
        return str(words[0])
    return "".join(w[:1].upper() + w[1:] for w in words)


def extract(text: str) -> list[tuple[str, int, int]]:
    """The hashtags in text, without '#', with (start, end) code point indices of '#tag'.

    Follows twitter-text's extractHashtagsWithIndices, including dropping hashtags that are
    part of a URL.
    """
    if "#" not in text and "＃" not in text:
        return []
    tags: list[tuple[str, int, int]] = []
    for m in _HASHTAG.finditer(text):
        if _HASHTAG_END.match(text, m.end()):
            continue
        tags.append((m.group(2), m.start(1), m.end(2)))
    urls = find_urls(text)
    if not urls:
        return tags
    # twitter-text's removeOverlappingEntities: in start order, drop what overlaps the last kept.
    entities = sorted(
        [(s, e, t) for t, s, e in tags] + [(s, e, None) for s, e in urls],
        key=lambda entity: entity[0],
    )
    kept: list[tuple[str, int, int]] = []
    last_end = -1
    for start, end, tag in entities:
        if start < last_end:
            continue
        last_end = end
        if tag is not None:
            kept.append((tag, start, end))
    return kept


def is_valid(tag: str) -> bool:
    """twitter-text's isValidHashtag: "#" + tag is found whole, as exactly one hashtag."""
    found = extract("#" + tag)
    return len(found) == 1 and found[0][0] == tag


def validate(tag: str) -> str:
    """The normalised tag, or HashtagProblem saying why no platform would take it."""
    shown = tag.strip() if tag.strip().startswith(("#", "＃")) else "#" + tag.strip()
    if not _strip_hash(tag):
        raise HashtagProblem(tag, f"{shown!r} is empty: a hashtag needs at least one letter")
    body = normalise_tag(tag)
    if not body:
        raise HashtagProblem(
            tag, f"{shown!r} has only punctuation, which no platform treats as a hashtag"
        )
    if is_valid(body):
        return body
    if not _IS_ALPHA.search(body):
        if _IS_DIGIT.search(body) and all(_IS_ALNUM.match(c) for c in body):
            reason = "has only digits, which no platform treats as a hashtag"
        else:
            reason = "has no letters, which every platform requires in a hashtag"
        raise HashtagProblem(tag, f"{shown!r} {reason}")
    bad = next((c for c in body if not _IS_ALNUM.match(c)), None)
    if bad is not None:
        name = unicodedata.name(bad, f"U+{ord(bad):04X}").lower()
        raise HashtagProblem(
            tag, f"{shown!r} contains {bad!r} ({name}), which would end the hashtag early"
        )
    raise HashtagProblem(tag, f"{shown!r} is not something platforms would read as a hashtag")


def dedupe_and_cap(tags: Iterable[str], cap: int | None) -> list[str]:
    """tags without case-insensitive repeats (first spelling wins), in order, at most cap."""
    if cap is not None and cap < 0:
        raise ValueError(f"hashtag cap must be 0 or more, not {cap}")
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        key = _strip_hash(tag).casefold()
        if key in seen:
            continue
        seen.add(key)
        out.append(tag)
    return out if cap is None else out[:cap]
