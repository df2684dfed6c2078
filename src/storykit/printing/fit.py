"""Text fitting, pure: the largest type that fits a box, and as much of a story as fits."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from storykit.text.sentences import count_sentences, sentences

# How many lines *text* takes at a font size (points), set in its box's width.
LinesAt = Callable[[str, float], int]

ELLIPSIS = "…"


@dataclass(frozen=True)
class TextStyle:
    """How a box's text is set: the type sizes tried (largest first), the line height as a
    share of the size, and the most lines it may take."""

    smallest: float
    largest: float
    leading: float = 1.25
    max_lines: int = 99
    step: float = 0.5


@dataclass(frozen=True)
class Fitted:
    """Text as it fits its box: what is printed (shortened when *cut*), its size, its lines."""

    text: str
    size: float
    lines: int
    cut: bool = False


def lines_allowed(style: TextStyle, size: float, height: float) -> int:
    """How many lines of type *size* a box *height* points tall holds, at most max_lines."""
    return min(style.max_lines, math.floor(height / (size * style.leading) + 1e-6))


def sizes(style: TextStyle) -> list[float]:
    """The sizes tried, largest first."""
    n = max(0, math.floor((style.largest - style.smallest) / style.step + 1e-6))
    return [style.largest - i * style.step for i in range(n + 1)]


def fit_size(text: str, style: TextStyle, height: float, lines_at: LinesAt) -> Fitted:
    """*text* at the largest size that fits *height*; at the smallest size, cut to the
    words that fit (ending with an ellipsis) when even that is too long."""
    tried = sizes(style)
    lo, hi = 0, len(tried) - 1
    found: Fitted | None = None
    while lo <= hi:  # fewer lines fit as the type grows: the first size that fits, by halves
        mid = (lo + hi) // 2
        size = tried[mid]
        n = lines_at(text, size)
        if n <= lines_allowed(style, size, height):
            found, hi = Fitted(text, size, n), mid - 1
        else:
            lo = mid + 1
    if found is not None:
        return found
    size = tried[-1]
    allowed = lines_allowed(style, size, height)
    cut = cut_words(text, lambda t: lines_at(t, size) <= allowed)
    return Fitted(cut, size, lines_at(cut, size) if cut else 0, True)


def cut_words(text: str, fits: Callable[[str], bool]) -> str:
    """The most whole words of *text* that fit, with an ellipsis; "" when not even one does."""
    words = text.split()
    lo, hi, best = 1, len(words), ""
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate = " ".join(words[:mid]).rstrip(",;:—–-") + ELLIPSIS
        if fits(candidate):
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    return best


def fit_story(paragraphs: tuple[str, ...], fits: Callable[[str], bool]) -> Fitted:
    """As much of the story as fits: its paragraphs, then the whole sentences of the next,
    always from the opening (size and lines are left 0 for the caller)."""
    text = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    if not text or fits(text):
        return Fitted(text, 0.0, 0)
    lo, hi, best = 1, count_sentences(text) - 1, ""
    while lo <= hi:  # more sentences take more room: the most that fit, by halves
        mid = (lo + hi) // 2
        candidate = sentences(text, mid)
        if fits(candidate):
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    if not best:  # not even the first sentence: its opening words
        best = cut_words(sentences(text, 1), fits)
    return Fitted(best, 0.0, 0, True)
