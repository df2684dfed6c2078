"""Font edge: packaged defaults, cached loading, a per-character fallback chain, colour emoji."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from storykit.cards.layout import CardStyle
from storykit.package_data import FONTS
from storykit.text.counting import graphemes, is_emoji

PACKAGED = FONTS
DEFAULT_FONTS = {
    "regular": PACKAGED / "OpenSans-Regular.ttf",
    "bold": PACKAGED / "OpenSans-Bold.ttf",
}
# colour emoji (COLRv0, drawn at any size) for a machine without an emoji font of its own:
# the last emoji font tried, after the project's fallback fonts and the system's emoji fonts
PACKAGED_EMOJI = PACKAGED / "Twemoji-COLR.ttf"
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    "C:/Windows/Fonts",
)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
REF_SIZE = 100  # words are measured once at this size and scaled
RUNS_KEPT = 4096  # texts whose runs a chain keeps (then it starts again)

# code points that need no glyph of their own: they join the cluster before them
_INVISIBLE = {0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF}


def _needs_glyph(ch: str) -> bool:
    cp = ord(ch)
    if cp in _INVISIBLE or 0xFE00 <= cp <= 0xFE0F or 0xE0000 <= cp <= 0xE007F:
        return False
    return unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


@dataclass(frozen=True)
class FontFile:
    """A font file's character map, whether it draws in colour, and a bitmap font's one size."""

    path: str
    cmap: frozenset[int]
    strike: int | None  # CBDT/sbix bitmap fonts load only at their strike size
    cap_height: float  # in em
    is_emoji: bool
    colour: bool  # colour glyphs: CBDT/sbix bitmaps or COLR layers (drawn as images)


def _version(path: str) -> tuple[int, int]:
    """What tells one state of a font file from another: its time and size (or none)."""
    try:
        st = os.stat(path)
    except OSError:
        return (0, -1)
    return (st.st_mtime_ns, st.st_size)


# The caches below are keyed by the font file's path and _version: a font replaced on disk
# (a project's font edited while `storykit serve` runs) is read again, never served stale.
def font_file(path: str) -> FontFile | None:
    """Read a font's cmap (and bitmap strike) with fontTools; None if it cannot be read."""
    return _font_file(path, _version(path))


@cache  # every font the chains look at, system fonts too
def _font_file(path: str, version: tuple[int, int]) -> FontFile | None:
    try:
        # the file opened here, so that it is closed even when fontTools refuses it
        with open(path, "rb") as file, TTFont(file, lazy=True, fontNumber=0) as tt:
            cmap = frozenset(tt.getBestCmap() or {})
            strike = None
            if "CBLC" in tt:
                strikes = tt["CBLC"].strikes
                if strikes:
                    strike = int(strikes[0].bitmapSizeTable.ppemY)
            elif "sbix" in tt:
                sizes = sorted(tt["sbix"].strikes)
                strike = int(sizes[-1]) if sizes else None
            colour = strike is not None or "COLR" in tt
            upem = tt["head"].unitsPerEm or 1000
            cap = getattr(tt["OS/2"], "sCapHeight", 0) if "OS/2" in tt else 0
            cap_height = cap / upem if cap else 0.7
    except Exception:  # a broken or unsupported font file is skipped, never fatal
        return None
    is_emoji = "emoji" in Path(path).name.lower() or colour
    return FontFile(path, cmap, strike, cap_height, is_emoji, colour)


def load(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A FreeType font at a size, cached (RAQM layout for shaping and bidi when available)."""
    return _load(path, _version(path), size)


@lru_cache(maxsize=256)
def _load(path: str, version: tuple[int, int], size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=0)


def _score(name: str, weight: str) -> tuple[int, str]:
    n = name.lower()
    bold = "bold" in n or "black" in n or "heavy" in n
    s = 0 if bold == (weight == "bold") else 10
    if any(k in n for k in ("italic", "oblique")):
        s += 6
    if any(k in n for k in ("light", "thin", "extralight", "condensed", "math", "semibold")):
        s += 3
    if "mono" in n:
        s += 3
    if "serif" in n and "sans" not in n:
        s += 2
    if "emoji" in n:
        s += 20
    return (s, n)


@lru_cache(maxsize=1)
def system_fonts() -> tuple[str, ...]:
    """Every font file in the usual system folders (found once per process)."""
    found: list[str] = []
    for d in SYSTEM_FONT_DIRS:
        root = os.path.expanduser(d)
        if not os.path.isdir(root):
            continue
        for dirpath, _dirs, files in os.walk(root):
            found.extend(
                os.path.join(dirpath, f) for f in files if f.lower().endswith(FONT_SUFFIXES)
            )
    return tuple(sorted(set(found)))


@dataclass(frozen=True)
class Run:
    """A stretch of text set in one font (a bitmap emoji font has a strike size)."""

    text: str
    path: str
    strike: int | None = None
    rtl: bool = False
    colour: bool = False  # drawn with the font's own colours (emoji_image), not the text's


class FontChain:
    """The fonts tried for each character, in order: the style's, its fallbacks, the system's.

    For an emoji the fallbacks come first, then the system's emoji fonts, then the packaged
    colour emoji font (so a machine with none still draws emoji in colour), then the rest.
    """

    def __init__(self, primary: Path, fallbacks: Sequence[Path] = (), weight: str = "regular"):
        self.primary = str(primary)
        self.weight = weight
        self.fallbacks = [str(p) for p in fallbacks]
        self._cache: dict[str, str | None] = {}
        self._system: list[str] | None = None
        self._ref: dict[str, float] = {}
        self._runs: dict[str, tuple[tuple[Run, ...], tuple[str, ...]]] = {}
        info = font_file(self.primary)
        self.cap_height = info.cap_height if info else 0.7

    def _candidates(self, emoji: bool) -> list[str]:
        if self._system is None:
            others = [DEFAULT_FONTS["bold" if self.weight == "bold" else "regular"]]
            others += [DEFAULT_FONTS["regular" if self.weight == "bold" else "bold"]]
            sys = sorted(system_fonts(), key=lambda p: _score(Path(p).name, self.weight))
            self._system = [str(p) for p in others] + sys
        base = [self.primary, *self.fallbacks]
        if emoji:
            emo = [p for p in self._system if "emoji" in Path(p).name.lower()]
            return [*base[1:], *emo, str(PACKAGED_EMOJI), base[0], *self._system]
        return [*base, *self._system, str(PACKAGED_EMOJI)]

    def font_for(self, cluster: str) -> str | None:
        """The first font in the chain that has every character of *cluster* (None: none has)."""
        if cluster in self._cache:
            return self._cache[cluster]
        needed = [ord(c) for c in cluster if _needs_glyph(c)]
        chosen: str | None = None
        if not needed:
            chosen = self.primary
        else:
            base_hit: str | None = None
            for path in self._candidates(is_emoji(cluster)):
                info = font_file(path)
                if info is None:
                    continue
                if all(cp in info.cmap for cp in needed):
                    chosen = path
                    break
                if base_hit is None and needed[0] in info.cmap:
                    base_hit = path
            chosen = chosen or base_hit
        self._cache[cluster] = chosen
        return chosen

    def runs(self, text: str) -> tuple[list[Run], list[str]]:
        """*text* split into runs by font, and the clusters no font has (left out); kept,
        as the fonts chosen for each cluster are (a text is measured, then drawn)."""
        found = self._runs.get(text)
        if found is None:
            if len(self._runs) >= RUNS_KEPT:
                self._runs.clear()
            found = self._runs[text] = self._split(text)
        return list(found[0]), list(found[1])

    def _split(self, text: str) -> tuple[tuple[Run, ...], tuple[str, ...]]:
        runs: list[Run] = []
        missing: list[str] = []
        cur_text, cur_path = "", None
        for cl in graphemes(text):
            path = self.font_for(cl)
            if path is None:
                missing.append(cl)
                continue
            if not any(_needs_glyph(c) for c in cl) and cur_path is not None:
                # spaces and joiners stay in the current run, but a space after an emoji
                # takes the text font's width (bitmap emoji fonts have very wide spaces)
                cur_info = font_file(cur_path)
                path = self.primary if cur_info and cur_info.colour and cl.isspace() else cur_path
            if path != cur_path and cur_text:
                runs.append(self._run(cur_text, cur_path))
                cur_text = ""
            cur_text += cl
            cur_path = path
        if cur_text and cur_path:
            runs.append(self._run(cur_text, cur_path))
        return tuple(runs), tuple(missing)

    def _run(self, text: str, path: str | None) -> Run:
        assert path is not None
        info = font_file(path)
        rtl = base_direction(text) == "R"
        if info is None:
            return Run(text, path, None, rtl)
        return Run(text, path, info.strike, rtl, info.colour)

    def run_width(self, run: Run, size: int) -> float:
        """Advance width of a run at *size* (bitmap emoji scaled from their strike)."""
        if run.strike:
            return load(run.path, run.strike).getlength(run.text) * size / run.strike
        return load(run.path, size).getlength(run.text)

    def width(self, text: str, size: int) -> float:
        """Exact advance width of *text* at *size*, font by font."""
        runs, _ = self.runs(text)
        return sum(self.run_width(r, size) for r in runs)

    def ref_width(self, text: str) -> float:
        """Width at REF_SIZE, cached: the measure that text fitting scales linearly."""
        w = self._ref.get(text)
        if w is None:
            w = self._ref[text] = self.width(text, REF_SIZE)
        return w

    def measure_at(self, size: int) -> Callable[[str], float]:
        """A measure function for textfit at *size* (scaled from REF_SIZE widths)."""
        k = size / REF_SIZE
        ref = self.ref_width
        return lambda s: ref(s) * k


_CHAINS: dict[tuple[str, tuple[str, ...], str], FontChain] = {}


def chain_for(style: CardStyle, weight: str) -> FontChain:
    """The (cached) font chain for a style and weight."""
    primary = style.font_bold if weight == "bold" else style.font_regular
    path = Path(primary) if primary else DEFAULT_FONTS[weight]
    key = (str(path), tuple(str(p) for p in style.fallback_fonts), weight)
    chain = _CHAINS.get(key)
    if chain is None:
        chain = _CHAINS[key] = FontChain(path, style.fallback_fonts, weight)
    return chain


def _direction(ch: str) -> str | None:
    b = unicodedata.bidirectional(ch)
    if b in ("R", "AL"):
        return "R"
    if b == "L":
        return "L"
    return None


def base_direction(text: str) -> str:
    """'R' if the first strong character is right-to-left, else 'L'."""
    for ch in text:
        d = _direction(ch)
        if d:
            return d
    return "L"


def visual_runs(chain: FontChain, line: str) -> tuple[list[Run], str]:
    """A line's runs in drawing order (left to right), with direction segments resolved.

    Each run is shaped by RAQM on its own; this orders the runs so a right-to-left
    segment set in several fonts, or a line whose base direction is right-to-left,
    reads correctly (bidi levels 0 and 1, neutrals taking the surrounding direction).
    """
    base = base_direction(line)
    if base == "L" and not any(_direction(ch) == "R" for ch in line):
        return chain.runs(line)[0], base  # left to right throughout: one segment, as below
    cls = graphemes(line)
    dirs = [next((d for d in map(_direction, c) if d), None) for c in cls]
    # resolve neutrals: same strong direction on both sides -> that, else the base
    resolved: list[str] = []
    for i, d in enumerate(dirs):
        if d:
            resolved.append(d)
            continue
        before = next((x for x in reversed(dirs[:i]) if x), None)
        after = next((x for x in dirs[i + 1 :] if x), None)
        resolved.append(before if before and before == after else base)
    segments: list[tuple[str, str]] = []
    for cl, d in zip(cls, resolved, strict=False):
        if segments and segments[-1][1] == d:
            segments[-1] = (segments[-1][0] + cl, d)
        else:
            segments.append((cl, d))
    ordered = segments if base == "L" else list(reversed(segments))
    out: list[Run] = []
    for text, d in ordered:
        runs, _ = chain.runs(text)
        runs = [replace(r, rtl=d == "R") for r in runs]
        out.extend(reversed(runs) if d == "R" else runs)
    return out, base


def emoji_image(path: str, strike: int | None, text: str, size: int) -> tuple[Image.Image, int]:
    """A colour emoji run as an image at *size*, and its ascent: a bitmap font's run drawn at
    its strike size and scaled, a COLR font's drawn at *size* itself."""
    return _emoji_image(path, _version(path), strike, text, size)


@lru_cache(maxsize=128)
def _emoji_image(
    path: str, version: tuple[int, int], strike: int | None, text: str, size: int
) -> tuple[Image.Image, int]:
    font = load(path, strike or size)
    ascent, descent = font.getmetrics()
    w = max(1, round(font.getlength(text)))
    im = Image.new("RGBA", (w, ascent + descent))
    ImageDraw.Draw(im).text((0, ascent), text, font=font, anchor="ls", embedded_color=True)
    if not strike:
        return im, ascent
    k = size / strike
    out = im.resize(
        (max(1, round(w * k)), max(1, round((ascent + descent) * k))), Image.Resampling.LANCZOS
    )
    return out, round(ascent * k)


def describe(cluster: str) -> str:
    """'U+1F9A9 🦩' for a missing cluster, naming every code point."""
    return " ".join(f"U+{ord(c):04X}" for c in cluster) + f" {cluster!r}"
