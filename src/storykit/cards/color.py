"""Pure colour maths: hex parsing, WCAG relative luminance and contrast, mixing."""

from __future__ import annotations

import re

RGB = tuple[int, int, int]

_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)
INK: RGB = (17, 17, 17)

# WCAG 2.x: sRGB channel (0..255) -> linear light (0..1)
LINEAR: tuple[float, ...] = tuple(
    (v / 255) / 12.92 if v / 255 <= 0.04045 else ((v / 255 + 0.055) / 1.055) ** 2.4
    for v in range(256)
)


def parse_hex(value: str) -> RGB:
    """'#rgb' or '#rrggbb' (the '#' optional) -> (r, g, b); ValueError when not a hex colour."""
    m = _HEX.match(value.strip())
    if not m:
        raise ValueError(f"not a hex colour: {value!r}")
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def to_hex(rgb: RGB) -> str:
    """(r, g, b) -> '#rrggbb', in lower case."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def is_hex(value: str) -> bool:
    """True if *value* is a '#rgb' or '#rrggbb' colour."""
    return bool(_HEX.match(value.strip()))


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance of an sRGB colour, 0 (black) .. 1 (white)."""
    r, g, b = rgb
    return 0.2126 * LINEAR[r] + 0.7152 * LINEAR[g] + 0.0722 * LINEAR[b]


def contrast_lum(a: float, b: float) -> float:
    """WCAG contrast ratio between two relative luminances (1 .. 21)."""
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio between two sRGB colours (1 .. 21)."""
    return contrast_lum(luminance(a), luminance(b))


def hex_contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    return contrast(parse_hex(a), parse_hex(b))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """a blended towards b by t (0 = a, 1 = b), in sRGB values as compositing does."""
    t = min(1.0, max(0.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def is_light(rgb: RGB) -> bool:
    """True if dark text reads better on this colour than white text."""
    lum = luminance(rgb)
    return contrast_lum(lum, 0.0) > contrast_lum(lum, 1.0)


def readable_on(bg: RGB, preferred: RGB, minimum: float = 4.5) -> RGB:
    """*preferred* if it reaches *minimum* contrast on *bg*, else near-black or white."""
    if contrast(preferred, bg) >= minimum:
        return preferred
    return INK if contrast(INK, bg) >= contrast(WHITE, bg) else WHITE
