"""QR codes (segno): the modules as rectangles for a PDF, and inline SVG for a web page."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

import segno

ERROR = "m"  # 15% of the code may be lost (a crease, a smudge) and it still reads


@dataclass(frozen=True)
class QrCode:
    """A QR code's dark modules as runs: (row, first column, length), on a square grid
    *modules* wide (without the quiet zone)."""

    target: str
    modules: int
    runs: tuple[tuple[int, int, int], ...]


@functools.lru_cache(maxsize=16)  # a story's flyer, kennel cards and page show the same code
def _make(target: str) -> segno.QRCode:
    # boost_error: the highest error correction the smallest version holds, never less
    return segno.make_qr(target, error=ERROR, boost_error=True)


def qr_code(target: str) -> QrCode:
    """The QR code that opens *target*, as runs of dark modules along each row."""
    code = _make(target)
    rows = [list(row) for row in code.matrix]
    runs: list[tuple[int, int, int]] = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return QrCode(target, len(rows), tuple(runs))


def qr_svg(target: str) -> str:
    """The QR code that opens *target* as an inline <svg> element: its quiet zone included,
    no width or height (it takes the size its box gives it), and nothing of *target* in
    it as text (only the modules' path), so a page may include it as it is."""
    out = io.BytesIO()
    code = _make(target)
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        border=4,
        svgclass="qr",
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    return out.getvalue().decode("utf-8").strip()
