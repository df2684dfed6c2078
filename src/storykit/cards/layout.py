"""Card data types: photo sources, brand style, and the layouts the card engine draws."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from storykit import defaults
from storykit.cards.color import BLACK, RGB, WHITE, parse_hex
from storykit.cards.geometry import Box, size_class

if TYPE_CHECKING:
    from storykit.cards.subjects import Subject


@dataclass(frozen=True)
class PhotoSource:
    """A photo and what frames it, in fractions of the upright photo: the case file's
    *focus* point (wins when set), its *subject* box (replaces detection), or *subjects*,
    detection results the build has cached (None: the engine detects on its decode).
    *searched* False (cards.find_animals off): no animal is looked for, and a photo with
    neither focus nor subject is cropped around its centre; searched and none found, it is
    shown whole."""

    path: Path
    focus: tuple[float, float] | None = None
    subject: Box | None = None
    subjects: tuple[Subject, ...] | None = None
    searched: bool = True


@dataclass(frozen=True)
class CardStyle:
    """The project's brand: colours, fonts, output format."""

    primary: str = defaults.PRIMARY
    accent: str = defaults.ACCENT
    text: str = defaults.TEXT
    font_regular: Path | None = None
    font_bold: Path | None = None
    fallback_fonts: tuple[Path, ...] = ()
    format: str = "jpeg"  # jpeg | png | webp
    quality: int = defaults.CARD_QUALITY
    max_upscale: float = defaults.MAX_UPSCALE
    logo: Path | None = None  # optional logo image (PNG with alpha is best)


def resolve_color(name: str, style: CardStyle) -> RGB:
    """A layout colour name (primary/accent/text/black/white) or hex, as RGB."""
    if name == "primary":
        return parse_hex(style.primary)
    if name == "accent":
        return parse_hex(style.accent)
    if name == "text":
        return parse_hex(style.text)
    if name == "black":
        return BLACK
    if name == "white":
        return WHITE
    return parse_hex(name)


ColorName = Literal["primary", "accent", "text", "black", "white"]
Weight = Literal["regular", "bold"]
Anchor = Literal["top", "middle", "bottom"]
Align = Literal["left", "center", "right"]
Flow = Literal["column", "row"]
TreatmentKind = Literal["none", "scrim", "gradient", "panel"]
FieldStyle = Literal["plain", "pill"]
Split = Literal["auto", "rows", "columns"]
SmallPhoto = Literal["blur", "background"]
Ornament = Literal["none", "quote"]
LogoPosition = Literal["top-left", "top-right", "bottom-left", "bottom-right"]

COLOR_NAMES: tuple[str, ...] = get_args(ColorName)


@dataclass(frozen=True)
class TextField:
    """One text on the card: its Jinja template (rendered by the caller) and how it is set."""

    name: str
    template: str = ""
    block: str = "main"
    weight: Weight = "regular"
    size: tuple[int, int] = (28, 40)  # smallest, largest, in px on a 1080 px square
    max_lines: int = 2
    line_height: float = 1.2
    color: str = "text"
    style: FieldStyle = "plain"
    uppercase: bool = False
    gap: int | None = None  # space above, px at 1080; None = the block's gap


@dataclass(frozen=True)
class Block:
    """A region of the card where fields stack (column) or sit side by side (row)."""

    name: str
    region: Box = (0.0, 0.0, 1.0, 1.0)
    anchor: Anchor = "bottom"
    align: Align = "left"
    flow: Flow = "column"
    gap: int = 16
    treatment: bool = True


@dataclass(frozen=True)
class Treatment:
    """What keeps text legible: a scrim, a gradient or a panel, darkened until contrast holds."""

    kind: TreatmentKind = "gradient"
    color: str = "auto"
    opacity: float = 0.6
    fade: float = 0.3
    radius: int = 24
    padding: int = 40


@dataclass(frozen=True)
class LogoSpec:
    """Where the style's logo goes, and its height (px at 1080)."""

    position: LogoPosition = "top-right"
    height: int = 96


@dataclass(frozen=True)
class Design:
    """Everything about a layout that may differ between card sizes."""

    background: str = "primary"
    small_photo: SmallPhoto = "blur"
    alpha_background: str = "primary"
    photo_area: Box = (0.0, 0.0, 1.0, 1.0)
    split: Split = "auto"
    gutter: int = 8
    treatment: Treatment = field(default_factory=Treatment)
    ornament: Ornament = "none"
    logo: LogoSpec | None = None
    blocks: tuple[Block, ...] = ()
    fields: tuple[TextField, ...] = ()


@dataclass(frozen=True)
class Layout:
    """A parsed layout YAML: a name, how many photos, the fields, and a design per size class."""

    name: str
    photos: int
    design: Design
    variants: tuple[tuple[str, Design], ...] = ()
    source: str = ""

    @property
    def fields(self) -> tuple[TextField, ...]:
        return self.design.fields

    @property
    def templates(self) -> dict[str, str]:
        """Field name -> Jinja template string, for the caller to render."""
        return {f.name: f.template for f in self.design.fields}

    def design_for(self, width: int, height: int) -> Design:
        """The design for a card of this size (its size class's variant, else the base)."""
        cls = size_class(width, height)
        for name, design in self.variants:
            if name == cls:
                return design
        return self.design
