"""Fonts parsed once a process: each document gets its own copy of what it changes."""

from __future__ import annotations

import copy
import functools
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uharfbuzz as hb
from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import TextDirection
from fpdf.fonts import SubsetMap, TTFFont

from storykit.printing.breaking import Shaped

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
    """A font of one document. It remembers the width of each text it measured at a size,
    and the advances HarfBuzz shaped it to (the same at any size, in a font without a
    tracking table): fpdf2 breaks a line by measuring it a character at a time, each
    shaped afresh, and fitting text tries several sizes. With a *file*, it shares the
    parsed font (its tables, character map, widths and HarfBuzz face, which no document
    changes) with the other documents of the process."""

    __slots__ = ("advances", "file", "known", "runs", "said", "tracked")

    known: dict[tuple[str, float, str], tuple[int, float]]
    advances: dict[tuple[str, str], tuple[int, ...] | None]
    runs: dict[tuple[str, str], Shaped]
    said: tuple[Shaping | None, Shaping | None, str]  # parameters, a copy, their repr
    tracked: bool  # sizes change the advances (the font has a 'trak' table)
    file: FontStamp | None

    @classmethod
    def of(cls, font: TTFFont) -> DocumentFont:
        """*font* as one that remembers (every field the same; fpdf2 made *font* for the
        document, and it is the document's own)."""
        made = _copied(font, None)
        made.subset.font = made
        return made

    def get_text_width(
        self, text: str, font_size_pt: float, text_shaping_params: Shaping | None
    ) -> tuple[int, float]:
        shaping = self._said(text_shaping_params)
        key = (text, font_size_pt, shaping)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._width(text, font_size_pt, text_shaping_params)
        else:  # what measuring leaves behind, as if measured again
            self.biggest_size_pt = max(self.biggest_size_pt, font_size_pt)
            if text_shaping_params:
                self.hbfont.ptem = font_size_pt
        return found

    def _said(self, params: Shaping | None) -> str:
        """The parameters as a key: fpdf2 passes the same dict, changed now and then."""
        said, copied, text = self.said
        if params is said and params == copied:
            return text
        text = repr(params)
        self.said = (params, copy.deepcopy(params), text)
        return text

    def _width(self, text: str, size: float, params: Shaping | None) -> tuple[int, float]:
        """fpdf2's width of *text* at *size*: HarfBuzz's advances (shaped once for every
        size when they do not change with it), summed as fpdf2 sums them."""
        if not params or self.tracked or self.is_symbol:
            return super().get_text_width(text, size, params)
        self.biggest_size_pt = max(self.biggest_size_pt, size)
        key = (text, self._said(params))
        if key not in self.advances:
            _, positions = self.perform_harfbuzz_shaping(text, size, params)
            self.advances[key] = (
                None
                if positions is None
                else tuple(round(self.scale * p.x_advance + 0.001) for p in positions)
            )
        else:
            self.hbfont.ptem = size
        advances = self.advances[key]
        if advances is None:
            return (0, 0)
        width: float = 0
        for advance in advances:
            width += advance * size * 0.001
        return (len(advances), width)

    def remember(
        self, text: str, size: float, params: Shaping | None, glyphs: int, width: float
    ) -> None:
        """Take *text*'s width at *size* as measured (what get_text_width would give)."""
        self.known.setdefault((text, size, self._said(params)), (glyphs, width))

    def shaped(self, text: str, size: float, params: Shaping | None) -> Shaped | None:
        """*text* shaped once as a run (breaking.Shaped), to measure its slices; None when
        they are measured one by one (not shaped, shaped differently at each size, or
        right to left)."""
        if not params or self.tracked or self.is_symbol or not text:
            return None
        if params.get("fragment_direction") != TextDirection.LTR:  # glyphs in visual order
            return None
        key = (text, self._said(params))
        found = self.runs.get(key)
        if found is None:
            infos, positions = self.perform_harfbuzz_shaping(text, size, params)
            unsafe = {i.cluster for i in infos if i.flags & hb.GlyphFlags.UNSAFE_TO_BREAK}
            scripts = [_script(c) for c in text]
            scripted = [len(text)] * (len(text) + 1)
            for i in range(len(text) - 1, -1, -1):
                scripted[i] = i if scripts[i] is not None else scripted[i + 1]
            first = scripts[scripted[0]] if scripted[0] < len(text) else None
            found = self.runs[key] = Shaped(
                tuple(i.cluster for i in infos),
                tuple(round(self.scale * p.x_advance + 0.001) for p in positions),
                frozenset({i.cluster for i in infos} - unsafe | {len(text)}),
                tuple(scripted),
                tuple(s is not None and s == first for s in scripts),
            )
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


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str | None:
    """The script HarfBuzz gives a character (None: common to scripts, or inherited)."""
    buffer = hb.Buffer()
    buffer.add_str(char)
    buffer.guess_segment_properties()
    script: str | None = buffer.script
    return script


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
    made = _copied(shared, file)
    # what a document changes: its number, key, widths looked up (a default is stored),
    # the glyphs it uses, the descriptor the PDF's objects are hung on
    made.i = len(pdf.fonts) + 1
    made.fontkey = f"{family.lower()}{style}"
    made.cw = copy.copy(shared.cw)  # a defaultdict: a default, looked up, is stored
    made.desc = copy.copy(shared.desc)
    made.missing_glyphs = []
    made.biggest_size_pt = 0
    made.subset = SubsetMap(made)
    pdf.fonts[made.fontkey] = made
    return True


def _copied(font: TTFFont, file: FontStamp | None) -> DocumentFont:
    """A DocumentFont with every field of *font* (the same objects), that has measured
    nothing yet."""
    made = object.__new__(DocumentFont)
    for name in TTFFont.__slots__:
        if hasattr(font, name):
            setattr(made, name, getattr(font, name))
    made.known, made.advances, made.runs = {}, {}, {}
    made.said = (None, None, repr(None))
    made.tracked = "trak" in font.ttfont
    made.file = file
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
