"""Pure text fitting: wrap by measured width, balance lines, break long words, search sizes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from storykit.text.counting import graphemes

Measure = Callable[[str], float]  # width of a string at one font size
MeasureAt = Callable[[int], Measure]  # font size -> measure at that size

ELLIPSIS = "…"


@dataclass(frozen=True)
class Token:
    """A word (or one CJK character) and whether a space separates it from the one before."""

    text: str
    space_before: bool = True


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x3040 <= cp <= 0x30FF  # kana
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xAC00 <= cp <= 0xD7AF  # hangul syllables break like words in practice, keep
        or 0x20000 <= cp <= 0x2FFFF
    )


def tokenize(text: str) -> list[Token]:
    """Words split at whitespace; CJK ideographs and kana become one token each."""
    tokens: list[Token] = []
    for word in text.split():
        first = True
        buf = ""
        for cl in graphemes(word):
            if _is_cjk(cl[0]) and not (0xAC00 <= ord(cl[0]) <= 0xD7AF):
                if buf:
                    tokens.append(Token(buf, first))
                    first = False
                    buf = ""
                tokens.append(Token(cl, first))
                first = False
            else:
                buf += cl
        if buf:
            tokens.append(Token(buf, first))
    return tokens


@lru_cache(maxsize=1024)
def _tokens(text: str) -> tuple[Token, ...]:
    """tokenize(), kept: a text is fitted at many sizes."""
    return tuple(tokenize(text))


def join(tokens: Sequence[Token]) -> str:
    """The text of a line of tokens."""
    parts: list[str] = []
    for i, t in enumerate(tokens):
        if i and t.space_before:
            parts.append(" ")
        parts.append(t.text)
    return "".join(parts)


def line_width(tokens: Sequence[Token], measure: Measure) -> float:
    """Width of a line of tokens: the words plus the spaces between them."""
    if not tokens:
        return 0.0
    space = measure(" ")
    return sum(measure(t.text) for t in tokens) + space * sum(
        1 for t in tokens[1:] if t.space_before
    )


def break_word(word: str, max_width: float, measure: Measure) -> list[str]:
    """Cut a word too long for a line into pieces that fit, hyphenating alphabetic words."""
    cls = graphemes(word)
    hyphen = "-" if word.isalpha() and word.isascii() else ""
    pieces: list[str] = []
    cur = ""
    for i, cl in enumerate(cls):
        cand = cur + cl
        tail = hyphen if i < len(cls) - 1 else ""
        if cur and measure(cand + tail) > max_width:
            pieces.append(cur + hyphen)
            cur = cl
        else:
            cur = cand
    if cur:
        pieces.append(cur)
    return pieces


@dataclass
class Wrapped:
    """Lines of tokens, and whether a word had to be broken to fit."""

    lines: list[list[Token]]
    broke: bool = False


def wrap(tokens: Sequence[Token], max_width: float, measure: Measure) -> Wrapped:
    """Greedy wrap by measured width; a word wider than the line is broken into pieces."""
    space = measure(" ")
    lines: list[list[Token]] = []
    cur: list[Token] = []
    cur_w = 0.0
    broke = False
    for tok in tokens:
        w = measure(tok.text)
        gap = space if (cur and tok.space_before) else 0.0
        if cur and cur_w + gap + w <= max_width:
            cur.append(tok)
            cur_w += gap + w
            continue
        if cur:
            lines.append(cur)
            cur, cur_w = [], 0.0
        if w <= max_width:
            cur, cur_w = [tok], w
            continue
        broke = True
        pieces = break_word(tok.text, max_width, measure)
        for p in pieces[:-1]:
            lines.append([Token(p, False)])
        cur, cur_w = [Token(pieces[-1], False)], measure(pieces[-1])
    if cur:
        lines.append(cur)
    return Wrapped(lines, broke)


def balance(tokens: Sequence[Token], max_width: float, measure: Measure) -> Wrapped:
    """Wrap into as few lines as greedy wrapping needs, but as even as possible.

    Finds (by binary search) the narrowest width that still gives the same number of
    lines, so the last line is not left with a lone word when that can be avoided.
    """
    best = wrap(tokens, max_width, measure)
    if len(best.lines) < 2 or best.broke:
        return best
    n = len(best.lines)
    lo = max(measure(t.text) for t in tokens)
    hi = max_width
    for _ in range(12):
        if hi - lo < 1.0:
            break
        mid = (lo + hi) / 2
        trial = wrap(tokens, mid, measure)
        if len(trial.lines) <= n and not trial.broke:
            hi, best = mid, trial
        else:
            lo = mid
    return best


@dataclass
class Fit:
    """A text fitted into a box: the font size, its lines, and what had to give."""

    size: int
    lines: list[str]
    truncated: bool = False
    broke: bool = False
    widths: list[float] = field(default_factory=list)


def truncate(lines: list[list[Token]], keep: int, max_width: float, measure: Measure) -> list[str]:
    """Keep *keep* lines; end the last one with an ellipsis, dropping clusters until it fits."""
    kept = [join(line) for line in lines[:keep]]
    if not kept:
        return []
    last = kept[-1].rstrip()
    cls = graphemes(last)
    while cls and measure("".join(cls).rstrip() + ELLIPSIS) > max_width:
        cls.pop()
    kept[-1] = "".join(cls).rstrip(" ,;:-") + ELLIPSIS
    return kept


def text_height(lines: int, size: int, line_height: float) -> float:
    """Height of a paragraph of *lines* lines set at *size* with *line_height* leading."""
    return lines * size * line_height if lines else 0.0


def fit(
    text: str,
    width: float,
    max_lines: int,
    min_size: int,
    max_size: int,
    measure_at: MeasureAt,
    line_height: float = 1.2,
    max_height: float | None = None,
    balanced: bool = True,
) -> Fit:
    """The largest size in [min_size, max_size] at which *text* fits, found by binary search.

    Fits means: at most *max_lines* lines of at most *width*, no word broken, and (when
    given) no taller than *max_height*. When nothing fits, the text is set at
    *min_size* with long words broken, and cut to the lines allowed with an ellipsis.
    """
    tokens = _tokens(text)
    if not tokens:
        return Fit(min_size, [])
    max_size = max(min_size, max_size)

    def lines_allowed(size: int) -> int:
        if max_height is None:
            return max_lines
        return max(0, min(max_lines, int(max_height // (size * line_height) + 1e-9)))

    def attempt(size: int) -> Wrapped | None:
        m = measure_at(size)
        w = wrap(tokens, width, m)
        if w.broke or len(w.lines) > lines_allowed(size):
            return None
        return w

    lo, hi = min_size, max_size
    found: tuple[int, Wrapped] | None = None
    top = attempt(hi)
    if top is not None:
        found = (hi, top)
    else:
        while lo <= hi:
            mid = (lo + hi) // 2
            w = attempt(mid)
            if w is not None:
                found = (mid, w)
                lo = mid + 1
            else:
                hi = mid - 1
    if found is not None:
        size, wrapped = found
        m = measure_at(size)
        if balanced:
            wrapped = balance(tokens, width, m)
        lines = [join(line) for line in wrapped.lines]
        return Fit(size, lines, widths=[line_width(line, m) for line in wrapped.lines])
    return _at_smallest(tokens, width, min_size, measure_at(min_size), lines_allowed(min_size))


def _at_smallest(tokens: Sequence[Token], width: float, size: int, m: Measure, allowed: int) -> Fit:
    """What fits nowhere, at the smallest *size*: long words broken, and cut to the lines
    *allowed* (at least one) with an ellipsis."""
    wrapped = wrap(tokens, width, m)
    keep = max(1, allowed)
    if len(wrapped.lines) > keep:
        lines = truncate(wrapped.lines, keep, width, m)
        return Fit(size, lines, truncated=True, broke=wrapped.broke, widths=[m(x) for x in lines])
    lines = [join(line) for line in wrapped.lines]
    return Fit(size, lines, broke=wrapped.broke, widths=[m(x) for x in lines])


@dataclass(frozen=True)
class FieldSpec:
    """One text to fit in a stack: sizes, lines, leading, extra height (e.g. a pill)."""

    text: str
    width: float
    max_lines: int
    min_size: int
    max_size: int
    measure_at: MeasureAt
    line_height: float = 1.2
    pad: float = 0.0  # extra height as a fraction of the size (pill padding)
    balanced: bool = True


def field_height(spec: FieldSpec, f: Fit) -> float:
    """Height a fitted field takes in its stack."""
    if not f.lines:
        return 0.0
    return text_height(len(f.lines), f.size, spec.line_height) + spec.pad * f.size


Fitted = dict[tuple[int, int, int, int], Fit]  # (row, column, largest size, lines): its fit


def _fit_rows(
    rows: Sequence[Sequence[FieldSpec]],
    k: float,
    caps: dict[tuple[int, int], int],
    fitted: Fitted,
) -> list[list[Fit]]:
    """Every field fitted with its largest size scaled by *k*; a field asked again at the
    same largest size and lines (the search often does) is not fitted again."""
    out: list[list[Fit]] = []
    for r, row in enumerate(rows):
        fits = []
        for c, s in enumerate(row):
            top = max(s.min_size, round(s.max_size * k))
            lines = caps.get((r, c), s.max_lines)
            found = fitted.get((r, c, top, lines))
            if found is None:
                found = fitted[(r, c, top, lines)] = fit(
                    s.text,
                    s.width,
                    lines,
                    s.min_size,
                    top,
                    s.measure_at,
                    s.line_height,
                    balanced=s.balanced,
                )
            fits.append(found)
        out.append(fits)
    return out


def stack_height(
    rows: Sequence[Sequence[FieldSpec]], fits: Sequence[Sequence[Fit]], gaps: Sequence[float]
) -> float:
    """Total height of rows of fitted fields with *gaps* above each non-empty row but the first."""
    total = 0.0
    first = True
    for row, row_fits, gap in zip(rows, fits, gaps, strict=False):
        h = max((field_height(s, f) for s, f in zip(row, row_fits, strict=False)), default=0.0)
        if h <= 0:
            continue
        total += h if first else h + gap
        first = False
    return total


def fit_stack(
    rows: Sequence[Sequence[FieldSpec]], gaps: Sequence[float], max_height: float
) -> tuple[list[list[Fit]], bool]:
    """Fit rows of fields stacked in a box: every field shrinks by one common factor.

    The factor (applied to each field's largest size, never below its smallest) is
    found by binary search. If the stack is still too tall with every field at its
    smallest, the field with most lines loses lines (ending in an ellipsis).
    Returns the fits and whether everything fits.
    """
    caps: dict[tuple[int, int], int] = {}
    fitted: Fitted = {}
    fits = _fit_rows(rows, 1.0, caps, fitted)
    if stack_height(rows, fits, gaps) <= max_height:
        return fits, True
    lo, hi = 0.0, 1.0
    best: list[list[Fit]] | None = None
    for _ in range(9):
        mid = (lo + hi) / 2
        trial = _fit_rows(rows, mid, caps, fitted)
        if stack_height(rows, trial, gaps) <= max_height:
            lo, best = mid, trial
        else:
            hi = mid
    if best is not None:
        return best, True
    fits = _fit_rows(rows, 0.0, caps, fitted)
    while stack_height(rows, fits, gaps) > max_height:
        cells = [
            (len(f.lines), r, c)
            for r, row in enumerate(fits)
            for c, f in enumerate(row)
            if len(f.lines) > 1
        ]
        if not cells:
            return fits, False
        n, r, c = max(cells)
        caps[(r, c)] = n - 1
        fits = _fit_rows(rows, 0.0, caps, fitted)
    return fits, True
