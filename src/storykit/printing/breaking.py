"""Lines counted as fpdf2 2.8 breaks a run of text in one font, pure: its rule, faster."""

from __future__ import annotations

from collections.abc import Callable

TOLERANCE = 1e-9  # fpdf2's FloatTolerance: wider by more than this does not fit
ENDS_LINE = ("\n", "\f")  # a new line, a form feed


class NoRoom(ValueError):
    """Not one character fits a line's width."""


def count_lines(text: str, width_of: Callable[[str], float], room: float, spaces: str) -> int:
    """The lines fpdf2's MultiLineBreak breaks *text* into (a run of one font, no soft
    hyphens, no no-break spaces) in lines *room* wide, *width_of* giving a text's width
    as fpdf2 measures it. Each character is set on the line while the line so far and
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
            char_width = width_of(char)
            if char in ENDS_LINE:
                at, ended = at + 1, True
                break
            line_width = width_of(text[start:at]) if at > start else 0
            if (line_width + char_width) - room > TOLERANCE:
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
        if ended or (at > start and width_of(text[start:at])):
            lines += 1
    return lines
