"""Print colours: text that reads at 4.5:1 on paper in colour and printed in black and white."""

from __future__ import annotations

from dataclasses import dataclass

from storykit.cards.color import RGB, WHITE, contrast, is_hex, mix, parse_hex

INK: RGB = (27, 27, 31)  # body text: near-black, as the preview pages set it
GREY_TEXT: RGB = (68, 68, 77)  # labels: 9.4:1 on white
MINIMUM = 4.5  # WCAG AA for text, kept after the page is printed in grey


def grey(rgb: RGB) -> RGB:
    """*rgb* as a black-and-white printer or a greyscale copy makes it: its luma
    (ITU-R BT.601 weights on the sRGB values, as Pillow's convert("L") does)."""
    r, g, b = rgb
    y = round(0.299 * r + 0.587 * g + 0.114 * b)
    return (y, y, y)


def print_contrast(fg: RGB, bg: RGB) -> float:
    """The lower of the WCAG contrast of *fg* on *bg* in colour and after both turn grey."""
    return min(contrast(fg, bg), contrast(grey(fg), grey(bg)))


def legible(fg: RGB, bg: RGB) -> bool:
    return print_contrast(fg, bg) >= MINIMUM


def text_colour(preferred: str, bg: RGB = WHITE) -> RGB:
    """*preferred* (a hex colour) if it reads at 4.5:1 on *bg* in colour and in grey, else
    ink (or white on a dark *bg*)."""
    if is_hex(preferred):
        rgb = parse_hex(preferred)
        if legible(rgb, bg):
            return rgb
    return INK if print_contrast(INK, bg) >= print_contrast(WHITE, bg) else WHITE


@dataclass(frozen=True)
class Palette:
    """The colours a page is printed in, each text colour checked against what it sits on."""

    ink: RGB  # body text on white
    label: RGB  # fact labels on white
    headline: RGB  # the brand's primary, if it reads on white, else ink
    names: RGB  # the accent, else the primary, else ink
    badge_fill: RGB  # the status badge: a solid pill
    badge_text: RGB
    panel: RGB  # the call to action's background: a light tint of the primary
    panel_heading: RGB
    panel_text: RGB
    rule: RGB  # thin lines and the photo's frame (not text)


def palette(primary: str, accent: str) -> Palette:
    """The page's colours from the brand's: brand colours where they read, black elsewhere."""
    brand = parse_hex(primary) if is_hex(primary) else INK
    headline = text_colour(primary)
    names = parse_hex(accent) if is_hex(accent) and legible(parse_hex(accent), WHITE) else headline
    fill = brand if legible(WHITE, brand) else INK
    panel = mix(brand, WHITE, 0.9)
    return Palette(
        ink=INK,
        label=GREY_TEXT,
        headline=headline,
        names=names,
        badge_fill=fill,
        badge_text=WHITE,
        panel=panel,
        panel_heading=text_colour(primary, panel),
        panel_text=text_colour("#1b1b1f", panel),
        rule=mix(brand, WHITE, 0.6),
    )
