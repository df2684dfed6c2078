"""Fonts parsed once a process: each document gets its own copy of what it changes."""

from __future__ import annotations

import copy
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

# fpdf2's text shaping parameters (features, direction, script, language): its own dict
Shaping = dict[str, Any]


@dataclass(frozen=True)
class FontStamp:
    """A font file as it is on disk now: a font changed while storykit runs (a project's
    font, edited while `storykit serve` watches) is parsed afresh."""

    path: str
    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: Path) -> FontStamp:
        found = os.stat(path)
        return cls(str(path), found.st_mtime_ns, found.st_size)


class DocumentFont(TTFFont):
    """A font of one document. It remembers the width of each text it measured at a size:
    fpdf2 breaks a line by measuring it a character at a time, each shaped by HarfBuzz
    afresh, and fitting text tries several sizes (the same numbers, worked out once).
    With a *file*, it shares the parsed font (its tables, character map, widths and
    HarfBuzz face, which no document changes) with the other documents of the process."""

    __slots__ = ("file", "known")

    known: dict[tuple[str, float, str], tuple[int, float]]
    file: FontStamp | None

    @classmethod
    def of(cls, font: TTFFont) -> DocumentFont:
        """*font* as one that remembers (every field the same; fpdf2 made *font* for the
        document, and it is the document's own)."""
        made = _copied(font)
        made.subset.font = made
        made.known = {}
        made.file = None
        return made

    def get_text_width(
        self, text: str, font_size_pt: float, text_shaping_params: Shaping | None
    ) -> tuple[int, float]:
        key = (text, font_size_pt, repr(text_shaping_params))
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = super().get_text_width(
                text, font_size_pt, text_shaping_params
            )
        else:  # what measuring leaves behind, as if measured again
            self.biggest_size_pt = max(self.biggest_size_pt, font_size_pt)
            if text_shaping_params:
                self.hbfont.ptem = font_size_pt
        return found

    def own_tables(self) -> None:
        """Give the font tables of its own (fpdf2 subsets them in place when it writes the
        PDF), opened from its file as fpdf2 opens them."""
        if self.file is not None:
            self.ttfont = open_tables(self.ttffile, self.collection_font_number)
            self.file = None

    def close(self) -> None:
        """Close the font file, when it is the document's own."""
        if self.file is None:
            super().close()
        self._hbfont = None


def open_tables(path: Path | str, number: int = 0) -> ttLib.TTFont:
    """A font's tables, read as they are needed, as fpdf2 opens them."""
    return ttLib.TTFont(path, recalcTimestamp=False, fontNumber=number, lazy=True)


def add_shared_font(pdf: FPDF, family: str, style: str, path: Path) -> bool:
    """Add the font of *path* to *pdf* in *style* ("" or "B") as fpdf2's add_font does,
    from the font as this process parsed it; False (nothing added) for a colour font,
    which fpdf2 draws with objects of the document's own."""
    parsed = _parsed(path, style)
    if parsed is None:
        return False
    file, shared = parsed
    made = _copied(shared)
    # what a document changes: its number, key, widths looked up (a default is stored),
    # the glyphs it uses, the descriptor the PDF's objects are hung on
    made.i = len(pdf.fonts) + 1
    made.fontkey = f"{family.lower()}{style}"
    made.cw = copy.copy(shared.cw)  # a defaultdict: a default, looked up, is stored
    made.desc = copy.copy(shared.desc)
    made.missing_glyphs = []
    made.biggest_size_pt = 0
    made.subset = SubsetMap(made)
    made.known = {}
    made.file = file
    pdf.fonts[made.fontkey] = made
    return True


def _copied(font: TTFFont) -> DocumentFont:
    """A DocumentFont with every field of *font* (the same objects)."""
    made = object.__new__(DocumentFont)
    for name in TTFFont.__slots__:
        if hasattr(font, name):
            setattr(made, name, getattr(font, name))
    return made


_PARSED: dict[tuple[str, str], tuple[FontStamp, TTFFont | None]] = {}
_LOCK = threading.Lock()


def _parsed(path: Path, style: str) -> tuple[FontStamp, TTFFont] | None:
    """The font of *path* in *style* as fpdf2 parses it, once a process (again when the
    file changes); None for a colour font."""
    file = FontStamp.of(path)
    with _LOCK:
        known = _PARSED.get((file.path, style))
        if known is None or known[0] != file:
            if known is not None and known[1] is not None:
                known[1].ttfont.close()  # the file as it was
            font = TTFFont(FPDF(), path, "", style)
            if font.color_font is not None:
                font.ttfont.close()
                known = (file, None)
            else:
                font.hbfont  # noqa: B018 (made now, shared by every copy)
                known = (file, font)
            _PARSED[(file.path, style)] = known
    return None if known[1] is None else (file, known[1])
