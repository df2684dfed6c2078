"""Lines counted as fpdf2 2.8 breaks a run of text in one font, pure: its rule, faster."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

TOLERANCE = 1e-9  # fpdf2's FloatTolerance: wider by more than this does not fit
ENDS_LINE = ("\n", "\f")  # a new line, a form feed


class NoRoom(ValueError):
    """Not one character fits a line's width."""


def count_lines(
    text: str,
    width_of: Callable[[int, int], float],
    char_width: Callable[[str], float],
    room: float,
    spaces: str,
) -> int:
    """The lines fpdf2's MultiLineBreak breaks *text* into (a run of one font, no soft
    hyphens, no no-break spaces) in lines *room* wide, *width_of* giving the width of
    text[start:end] and *char_width* a character's as fpdf2 measures them (the text
    alone). Each character is set on the line while the line so far and
    the character, each measured alone, are not wider than the room; else the line
    ends: before a space (*spaces* are where lines may break), which is dropped, else
    at its last space, else (a word wider than the room) before the character. A line
    holding nothing but a new line counts; the end of the text ends the last line, if
    there is anything on it. Raises NoRoom where a line cannot hold its first character.
    """
    lines, at, end = 0, 0, len(text)
    forced_before = -1  # where the line before was cut inside a word
    while at < end:
        start, space, forced, ended = at, -1, -1, False
        while at < end:
            char = text[at]
            if char in ENDS_LINE:
                at, ended = at + 1, True
                break
            line_width = width_of(start, at) if at > start else 0
            if (line_width + char_width(char)) - room > TOLERANCE:
                ended = True
                if char in spaces:
                    at += 1
                elif space >= 0:
                    at = space + 1
                elif forced_before == at:
                    raise NoRoom(f"not one character of {text!r} fits {room} wide")
                else:
                    forced = at
                break
            if char in spaces:
                space = at
            at += 1
        forced_before = forced
        if ended or (at > start and width_of(start, at)):
            lines += 1
    return lines


@dataclass(frozen=True)
class Shaped:
    """A run of text shaped once, as a line of it would be: each glyph's cluster (where
    its characters start), its advance (font units, rounded as fpdf2 rounds them), the
    places a line may start or end at and be shaped as it is here (HarfBuzz's
    unsafe-to-break not set; the end too), and for each place the first character at or
    after it that has a script (len(text): none) and whether that script is the run's
    (HarfBuzz shapes a text in the script of its first such character)."""

    clusters: tuple[int, ...]
    advances: tuple[int, ...]
    breakable: frozenset[int]
    scripted: tuple[int, ...]
    runs_script: tuple[bool, ...]


class SliceWidths:
    """The width of text[start:end] as fpdf2 measures the slice (shaped alone) at *size*:
    summed from the run's glyphs where the slice is shaped as in the run, else (or when
    the run is not *shaped*) *measure*d. Slices from one start, each longer, are summed on
    from the one before. Each slice summed is told to *summed* (the slice, its glyphs, its
    width before dividing by *k*: what fpdf2's font measures it as) if given."""

    def __init__(
        self,
        text: str,
        shaped: Shaped | None,
        size: float,
        k: float,
        measure: Callable[[str], float],
        summed: Callable[[str, int, float], None] | None = None,
    ) -> None:
        self.text, self.shaped, self.size, self.k, self.measure = text, shaped, size, k, measure
        self.summed = summed
        self.start, self.first, self.glyph, self.width = -1, 0, 0, 0.0

    def __call__(self, start: int, end: int) -> float:
        shaped = self.shaped
        if shaped is None or not (
            start in shaped.breakable
            and end in shaped.breakable
            and shaped.scripted[start] < end
            and shaped.runs_script[shaped.scripted[start]]
        ):
            return self.measure(self.text[start:end])
        if start != self.start or (
            self.glyph > 0 and shaped.clusters[self.glyph - 1] >= end
        ):  # from the start again
            self.start, self.first = start, bisect_left(shaped.clusters, start)
            self.glyph, self.width = self.first, 0
        glyph, width, size = self.glyph, self.width, self.size
        clusters, advances = shaped.clusters, shaped.advances
        while glyph < len(clusters) and clusters[glyph] < end:
            width += advances[glyph] * size * 0.001  # as fpdf2 sums them
            glyph += 1
        self.glyph, self.width = glyph, width
        if self.summed is not None:
            self.summed(self.text[start:end], glyph - self.first, width)
        return width / self.k
