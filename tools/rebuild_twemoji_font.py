"""Rebuild src/storykit/fonts/Twemoji-COLR.ttf from npm's twemoji-colr-font, checking its sha256.

    .venv/bin/pip install brotli            # once: fontTools needs it to read woff2
    .venv/bin/python tools/rebuild_twemoji_font.py [--tarball twemoji-colr-font-15.0.3.tgz]

Without --tarball the package is fetched with `npm pack` into a temporary folder. The
tarball's sha256 must be the one recorded below (and in src/storykit/fonts/README.md).

What it does to the font (a COLRv0/CPAL font whose colour glyphs have empty outlines):
- woff2 -> TrueType;
- each COLRv0 base glyph (every emoji, ZWJ sequences, skin tones and flags reached through
  the GSUB ligatures too) becomes a composite of its layer glyphs, so FreeType (and so
  Pillow's `embedded_color=True`) finds an outline and a box and draws the colour layers;
  each is moved right by 5% of the em and its advance widened by 10%, so that emoji side by
  side do not touch (Twemoji's art fills its whole square);
- hinting tables (cvt, gasp, fpgm, prep), FontForge's FFTM timestamp and the glyph names
  (post format 3) are dropped; the head table's dates are kept as they are, so the output
  is the same bytes on every run with the same fontTools.
Then it draws a few emoji with Pillow and checks that they come out in colour.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

PACKAGE = "twemoji-colr-font"
VERSION = "15.0.3"
TARBALL = f"{PACKAGE}-{VERSION}.tgz"
TARBALL_SHA256 = "10cb935907d7dc3d46e254d6ff54b3e042652eb08f6973c81cd2c4225e6ebac5"
WOFF2 = "package/twemoji.woff2"
LICENSE = "package/LICENSE"
FONTS = Path(__file__).resolve().parent.parent / "src" / "storykit" / "fonts"
OUT = FONTS / "Twemoji-COLR.ttf"
BEARING = 0.05  # em added on each side of every emoji
DROP = ("cvt ", "gasp", "fpgm", "prep", "FFTM")
CHECK = (  # drawn after the build: each must come out as one colour emoji
    "\U0001f436",  # dog face
    "\U0001f979",  # face holding back tears
    "\U0001f408\u200d\u2b1b",  # black cat (ZWJ sequence)
    "\U0001f415\u200d\U0001f9ba",  # service dog (ZWJ sequence)
    "\U0001f44d\U0001f3fd",  # thumbs up, medium skin tone
    "\U0001f1ec\U0001f1e7",  # flag of the United Kingdom
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def npm_pack(folder: Path) -> Path:
    """The package's tarball, fetched by npm (the ordinary client) into *folder*."""
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=folder, check=True)
    return folder / TARBALL


def read_member(tarball: Path, name: str) -> bytes:
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.extractfile(name)
        if member is None:
            raise SystemExit(f"{tarball}: no {name} in the tarball")
        return member.read()


def composite_bases(font: TTFont) -> int:
    """Give each COLRv0 base glyph its layers' outlines, as a composite; how many changed."""
    glyf = font["glyf"]
    hmtx = font["hmtx"]
    bearing = round(font["head"].unitsPerEm * BEARING)
    changed = 0
    for base, layers in font["COLR"].ColorLayers.items():
        if glyf[base].numberOfContours != 0:
            continue  # already has an outline of its own
        glyph = Glyph()
        glyph.numberOfContours = -1
        glyph.components = []
        for layer in layers:
            comp = GlyphComponent()
            comp.glyphName = layer.name
            comp.x, comp.y = bearing, 0
            comp.flags = 0
            glyph.components.append(comp)
        glyf[base] = glyph
        glyph.recalcBounds(glyf)
        # the left side bearing follows the new outline's box (the advance is kept)
        advance, _lsb = hmtx[base]
        hmtx[base] = (advance + 2 * bearing, glyph.xMin)
        changed += 1
    return changed


def convert(woff2: bytes) -> bytes:
    try:
        import brotli  # noqa: F401  (fontTools needs it to decode woff2)
    except ImportError:
        raise SystemExit(
            "fontTools needs brotli to read woff2: run `.venv/bin/pip install brotli` first"
        ) from None
    font = TTFont(io.BytesIO(woff2), recalcTimestamp=False)
    font.flavor = None
    for tag in DROP:
        if tag in font:
            del font[tag]
    n = composite_bases(font)
    font["post"].formatType = 3.0
    maxp = font["maxp"]
    maxp.maxComponentDepth = max(getattr(maxp, "maxComponentDepth", 0), 1)
    out = io.BytesIO()
    font.save(out)
    print(f"{n} colour glyphs made composites of their layers", file=sys.stderr)
    return out.getvalue()


def check_colour(ttf: Path) -> None:
    """Draw a few emoji at 64 px with Pillow: each one glyph wide, inked in several colours."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(ttf), 64)
    for text in CHECK:
        im = Image.new("RGBA", (200, 100))
        ImageDraw.Draw(im).text((10, 80), text, font=font, anchor="ls", embedded_color=True)
        raw = im.tobytes()
        ink = [raw[i : i + 3] for i in range(0, len(raw), 4) if raw[i + 3] > 200]
        width = font.getlength(text)
        if len(ink) < 1000 or len(set(ink)) < 3 or not 60 <= width <= 80:
            raise SystemExit(
                f"{text!r}: {len(ink)} pixels inked in {len(set(ink))} colours, "
                f"{width} px wide at 64 px: not drawn as one colour emoji"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tarball", type=Path, help=f"{TARBALL} (default: fetched with npm pack)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or npm_pack(Path(tmp))
        digest = sha256(tarball.read_bytes())
        if digest != TARBALL_SHA256:
            raise SystemExit(f"{tarball}: sha256 {digest}, expected {TARBALL_SHA256}")
        ttf = convert(read_member(tarball, WOFF2))
        licence = read_member(tarball, LICENSE)
    args.out.write_bytes(ttf)
    check_colour(args.out)
    if licence.decode("utf-8") not in (args.out.parent / "LICENSE-Twemoji.txt").read_text("utf-8"):
        print("note: the package's LICENSE differs from LICENSE-Twemoji.txt", file=sys.stderr)
    print(f"{args.out}: {len(ttf)} bytes, sha256 {sha256(ttf)}")


if __name__ == "__main__":
    main()
