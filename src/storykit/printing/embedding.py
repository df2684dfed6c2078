"""Embedding a PDF's fonts: a font's subset for a set of glyphs made once a process."""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from io import BytesIO

from fontTools import subset as ftsubset
from fpdf.fonts import TTFFont
from fpdf.output import (
    CIDSystemInfo,
    OutputProducer,
    PDFExtGState,
    PDFFont,
    PDFFontStream,
    PDFType3Font,
    PDFXObject,
    _build_cmap_blocks,
    _tt_font_widths,
)
from fpdf.pattern import Pattern
from fpdf.syntax import Name, PDFArray, PDFContentStream, PDFObject

from storykit.printing.parsed_fonts import DocumentFont, FontStamp, open_tables

# the tables fpdf2 2.8 leaves out of an embedded font (see fpdf.output's _add_fonts)
DROPPED = (
    *("FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix"),
    *("CBDT", "CBLC", "EBDT", "EBLC", "EBSC", "SVG ", "CPAL", "COLR"),
)
KEPT = 64  # subsets kept a process: about 11 kB each (compressed)
# The characters whose glyphs every embedded font carries, used or not: a story's texts
# use most of them (in English), and a subset made for these and the few others a story
# uses serves many stories (made once, it saves 12 ms of CPU a font a PDF; it makes a
# PDF about 15 kB larger)
COMMON = "".join(map(chr, range(0x20, 0x7F))) + "‘’“”–—…•\ufb00\ufb01\ufb02\ufb03\ufb04"


@dataclass(frozen=True)
class Subset:
    """A font cut to some glyphs, as fpdf2 embeds it: its file's bytes, compressed as the
    PDF holds them, its length, and each glyph's number in it."""

    compressed: bytes
    length: int
    glyph_ids: dict[str, int]


_SUBSETS: OrderedDict[tuple[FontStamp, frozenset[str]], Subset] = OrderedDict()
_LOCK = threading.Lock()


def subset(file: FontStamp, names: frozenset[str], number: int = 0) -> Subset:
    """The font of *file* cut to the glyphs *names* as fpdf2 cuts it (its bytes depend
    on the set of glyphs only), made once a process for the last few sets."""
    key = (file, names)
    with _LOCK:
        found = _SUBSETS.get(key)
        if found is not None:
            _SUBSETS.move_to_end(key)
            return found
    options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True)
    options.drop_tables += DROPPED
    tables = open_tables(file.path, number)
    try:
        subsetter = ftsubset.Subsetter(options)
        subsetter.populate(glyphs=sorted(names))
        subsetter.subset(tables)
        ids = {name: tables.getGlyphID(name) for name in names}
        out = BytesIO()
        tables.save(out)
    finally:
        tables.close()
    data = out.getvalue()
    found = Subset(zlib.compress(data, PDFContentStream._COMPRESSION_LEVEL), len(data), ids)
    with _LOCK:
        _SUBSETS[key] = found
        while len(_SUBSETS) > KEPT:
            _SUBSETS.popitem(last=False)
    return found


class FontsOnce(OutputProducer):
    """fpdf2's PDF writer, embedding each text font from its subset made once a process.
    A document with a font fpdf2 writes otherwise (a colour emoji font, a CFF font, a
    glyph missing) has its fonts written by fpdf2, each from tables of its own."""

    def _add_fonts(
        self,
        image_objects_per_index: dict[int, PDFXObject],
        gfxstate_objs_per_name: dict[str, PDFExtGState],
        pattern_objs_per_name: dict[str, Pattern],
    ) -> dict[int, PDFFont | PDFType3Font]:
        fonts = sorted(self.fpdf.fonts.values(), key=lambda font: font.i)
        plain = [f for f in fonts if isinstance(f, DocumentFont) and _simple_truetype(f)]
        if len(plain) < len(fonts) or self.fpdf._compliance is not None:
            for font in fonts:
                if isinstance(font, DocumentFont):
                    font.own_tables()
            done: dict[int, PDFFont | PDFType3Font] = super()._add_fonts(
                image_objects_per_index, gfxstate_objs_per_name, pattern_objs_per_name
            )
            return done
        return {font.i: self._add_font(font) for font in plain}

    def _add_font(self, font: DocumentFont) -> PDFFont:
        """What fpdf2 2.8 writes for a TrueType font (its objects in the same order)."""
        assert font.file is not None
        fontname = f"MPDFAA+{font.name}"
        common = (font.cmap[ord(c)] for c in COMMON if ord(c) in font.cmap)
        cut = subset(font.file, frozenset([*font.subset.get_all_glyph_names(), *common]))
        code_to_glyph = {
            char_id: cut.glyph_ids[glyph.glyph_name]
            for glyph, char_id in font.subset.items()
            if glyph is not None
        }
        composite = PDFFont(subtype="Type0", base_font=fontname, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        cid_font = PDFFont(
            subtype="CIDFontType2",
            base_font=fontname,
            d_w=font.desc.missing_width,
            w=_tt_font_widths(font),
        )
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])
        to_unicode = PDFContentStream(_to_unicode(font).encode("latin-1"))
        self._add_pdf_obj(to_unicode, "fonts")
        composite.to_unicode = to_unicode
        system_info = CIDSystemInfo()
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info
        descriptor = font.desc
        descriptor.font_name = Name(fontname)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor
        cid_to_gid = bytearray(256 * 256 * 2)
        for code, glyph_id in code_to_glyph.items():
            cid_to_gid[code * 2 : code * 2 + 2] = glyph_id.to_bytes(2, "big")
        gid_map = PDFContentStream(contents=bytes(cid_to_gid), compress=True)
        self._add_pdf_obj(gid_map, "fonts")
        cid_font.c_i_d_to_g_i_d_map = gid_map
        stream = _compressed_stream(cut)
        self._add_pdf_obj(stream, "fonts")
        descriptor.font_file2 = stream  # type: ignore[attr-defined]
        font.subset.pick.cache_clear()
        font.subset.get_glyph.cache_clear()
        font.close()
        return composite


def _simple_truetype(font: DocumentFont) -> bool:
    """Whether fpdf2 writes *font* as a TrueType font with no more to it (shared, with no
    colour, no CFF outlines, no glyph missing)."""
    return (
        font.file is not None
        and font.color_font is None
        and not font.is_cff
        and not font.missing_glyphs
    )


def _to_unicode(font: TTFFont) -> str:
    """The ToUnicode CMap of a TrueType font, as fpdf2 writes it."""
    chars = []
    for glyph, code in font.subset.items():
        if glyph is None or not isinstance(glyph.unicode, tuple) or not glyph.unicode:
            continue
        text = "".join(_utf16(c) for c in glyph.unicode)
        chars.append(f"<{code:04X}> <{text}>\n")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
        "<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{_build_cmap_blocks(chars, 'bfchar')}"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )


def _utf16(code: int) -> str:
    if code > 0xFFFF:  # a surrogate pair
        return f"{0xD800 | (code - 0x10000) >> 10:04X}{0xDC00 | (code & 0x3FF):04X}"
    return f"{code:04X}"


def _compressed_stream(cut: Subset) -> PDFFontStream:
    """The font file's stream, from the bytes compressed once (what PDFFontStream holds)."""
    stream = object.__new__(PDFFontStream)
    PDFObject.__init__(stream)
    stream._contents = cut.compressed
    stream.filter = Name("FlateDecode")
    stream.length = len(cut.compressed)
    stream.length1 = cut.length
    return stream
