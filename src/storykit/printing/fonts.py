"""The fonts a PDF embeds: the text fonts, the colour emoji font, and any a script needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storykit.cards.fonts import DEFAULT_FONTS, PACKAGED_EMOJI, FontChain, describe, font_file
from storykit.printing.content import PrintStyle
from storykit.text.counting import graphemes, is_emoji

# Code points that belong to the emoji around them (joiners, variation selectors, skin
# tones, tags, the keycap): set in the emoji font, so a sequence is shaped as one emoji
EMOJI_PARTS = frozenset(
    [0x200D, 0xFE0F, 0x20E3, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]
)


@dataclass(frozen=True)
class FontSet:
    """The fonts of one PDF: the text fonts, the colour emoji fonts (vector, COLR: a
    project's fallback font that has the emoji, then the packaged Twemoji), and a regular
    and bold font for each other script the texts need (the project's fallback fonts
    first, then the machine's)."""

    regular: Path
    bold: Path
    emoji: tuple[Path, ...]
    scripts: tuple[tuple[Path, Path], ...]
    missing: tuple[str, ...] = ()  # what no font has: "U+1FAE8 '🫨'"


def _usable(path: str) -> bool:
    """Whether fpdf2 can embed the font: a TrueType/OpenType file (not a collection), and
    not a bitmap emoji font (CBDT, sbix), whose pictures would be blurred on paper."""
    info = font_file(path)
    return info is not None and info.strike is None and not path.lower().endswith(".ttc")


def _has(path: Path, cluster: str) -> bool:
    info = font_file(str(path))
    return info is not None and all(ord(c) in info.cmap for c in cluster if ord(c) > 0x20)


def font_set(style: PrintStyle, texts: Iterable[str]) -> FontSet:
    """The fonts needed to print *texts* in *style*: characters the text fonts lack are
    looked for as the cards look for them (cards.fonts.FontChain), in fonts fpdf2 embeds."""
    regular = style.font_regular or DEFAULT_FONTS["regular"]
    bold = style.font_bold or DEFAULT_FONTS["bold"]
    emoji = [
        p
        for p in style.fallback_fonts
        if _usable(str(p)) and (info := font_file(str(p))) and info.colour
    ]
    emoji.append(PACKAGED_EMOJI)
    chains = (
        FontChain(regular, style.fallback_fonts),
        FontChain(bold, style.fallback_fonts, "bold"),
    )
    scripts: dict[tuple[Path, Path], None] = {}
    missing: list[str] = []
    clusters = {c for text in texts for c in graphemes(text) if not c.isspace()}
    falls_back = False  # some character is not in the text fonts
    for cluster in sorted(clusters):
        if _has(regular, cluster) and _has(bold, cluster):
            continue
        falls_back = True
        if is_emoji(cluster) or all(ord(c) in EMOJI_PARTS for c in cluster):
            if not any(_has(p, cluster) for p in emoji):
                missing.append(describe(cluster))
            continue
        found = [chain.font_for(cluster) for chain in chains]
        if all(f is not None and _usable(f) for f in found):
            pair = (Path(str(found[0])), Path(str(found[1])))
            if not {regular, bold, PACKAGED_EMOJI} & set(pair):
                scripts[pair] = None
        elif not _has(regular, cluster):
            missing.append(describe(cluster))
    # the emoji fonts only when a character falls back: reading a colour font's glyphs costs
    # a PDF about 0.2 s of CPU (the packaged Twemoji's), which a text without them is spared
    emojis = tuple(dict.fromkeys(emoji)) if falls_back else ()
    return FontSet(regular, bold, emojis, tuple(scripts), tuple(missing))


def fonts_texts(*parts: str | Sequence[str]) -> list[str]:
    """Every text of a page, for choosing its fonts."""
    out: list[str] = []
    for p in parts:
        out.extend([p] if isinstance(p, str) else p)
    return out
