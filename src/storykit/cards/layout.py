"""Card data types: photo sources, brand style, requests and results, and layout parsing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storykit.cards.color import is_hex
from storykit.cards.geometry import SIZE_CLASSES, Box, size_class
from storykit.errors import StorykitError


@dataclass(frozen=True)
class PhotoSource:
    """A photo and the point (fractions of width, height of the upright photo) to keep in frame."""

    path: Path
    focus: tuple[float, float] = (0.5, 0.5)


@dataclass(frozen=True)
class CardStyle:
    """The project's brand: colours, fonts, output format."""

    primary: str = "#1b4453"
    accent: str = "#f2a541"
    text: str = "#ffffff"
    font_regular: Path | None = None
    font_bold: Path | None = None
    fallback_fonts: tuple[Path, ...] = ()
    format: str = "jpeg"  # jpeg | png | webp
    quality: int = 88
    max_upscale: float = 1.5
    logo: Path | None = None  # optional logo image (PNG with alpha is best)


COLOR_NAMES = ("primary", "accent", "text", "black", "white")
WEIGHTS = ("regular", "bold")
ANCHORS = ("top", "middle", "bottom")
ALIGNS = ("left", "center", "right")
FLOWS = ("column", "row")
TREATMENTS = ("none", "scrim", "gradient", "panel")
STYLES = ("plain", "pill")
SPLITS = ("auto", "rows", "columns")
LOGO_POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right")
FIELD_NAMES = (
    "headline",
    "names",
    "caption",
    "badge",
    "credit",
    "organisation",
    "quote",
    "quote_by",
)


@dataclass(frozen=True)
class TextField:
    """One text on the card: its Jinja template (rendered by the caller) and how it is set."""

    name: str
    template: str = ""
    block: str = "main"
    weight: str = "regular"
    size: tuple[int, int] = (28, 40)  # smallest, largest, in px on a 1080 px square
    max_lines: int = 2
    line_height: float = 1.2
    color: str = "text"
    style: str = "plain"
    uppercase: bool = False
    gap: int | None = None  # space above, px at 1080; None = the block's gap


@dataclass(frozen=True)
class Block:
    """A region of the card where fields stack (column) or sit side by side (row)."""

    name: str
    region: Box = (0.0, 0.0, 1.0, 1.0)
    anchor: str = "bottom"
    align: str = "left"
    flow: str = "column"
    gap: int = 16
    treatment: bool = True


@dataclass(frozen=True)
class Treatment:
    """What keeps text legible: a scrim, a gradient or a panel, darkened until contrast holds."""

    kind: str = "gradient"
    color: str = "auto"
    opacity: float = 0.6
    fade: float = 0.3
    radius: int = 24
    padding: int = 40


@dataclass(frozen=True)
class LogoSpec:
    """Where the style's logo goes, and its height (px at 1080)."""

    position: str = "top-right"
    height: int = 96


@dataclass(frozen=True)
class Design:
    """Everything about a layout that may differ between card sizes."""

    background: str = "primary"
    small_photo: str = "blur"  # blur | background
    alpha_background: str = "primary"
    photo_area: Box = (0.0, 0.0, 1.0, 1.0)
    split: str = "auto"
    gutter: int = 8
    treatment: Treatment = field(default_factory=Treatment)
    ornament: str = "none"  # none | quote
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


# ---------------------------------------------------------------- parsing

_TOP_KEYS = {
    "name",
    "photos",
    "background",
    "small_photo",
    "alpha_background",
    "photo_area",
    "split",
    "gutter",
    "treatment",
    "ornament",
    "logo",
    "blocks",
    "fields",
    "variants",
    "description",
}


class _Parser:
    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, message: str, hint: str = "") -> StorykitError:
        return StorykitError.at(self.source, f"{where}: {message}", hint)

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.fail(where, f"expected a mapping, got {type(value).__name__}")
        return value

    def keys(self, data: Mapping[str, Any], allowed: set[str], where: str) -> None:
        unknown = sorted(str(k) for k in data if k not in allowed)
        if unknown:
            raise self.fail(
                where,
                f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}",
                f"known keys: {', '.join(sorted(allowed))}",
            )

    def choice(self, value: Any, options: tuple[str, ...], where: str) -> str:
        if value not in options:
            raise self.fail(where, f"{value!r} is not one of {', '.join(options)}")
        return str(value)

    def number(self, value: Any, where: str, lo: float, hi: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(where, f"expected a number, got {value!r}")
        if not lo <= value <= hi:
            raise self.fail(where, f"{value} is outside {lo}..{hi}")
        return float(value)

    def integer(self, value: Any, where: str, lo: int, hi: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"expected a whole number, got {value!r}")
        if not lo <= value <= hi:
            raise self.fail(where, f"{value} is outside {lo}..{hi}")
        return value

    def boolean(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"expected true or false, got {value!r}")
        return value

    def color(self, value: Any, where: str, extra: tuple[str, ...] = ()) -> str:
        if isinstance(value, str) and (value in COLOR_NAMES + extra or is_hex(value)):
            return value
        raise self.fail(
            where,
            f"{value!r} is not a colour",
            f"use one of {', '.join(COLOR_NAMES + extra)} or a hex colour like '#1f4e5f'",
        )

    def box(self, value: Any, where: str) -> Box:
        if not (isinstance(value, (list, tuple)) and len(value) == 4):
            raise self.fail(where, "expected [x0, y0, x1, y1] as fractions of the card")
        x0, y0, x1, y1 = (self.number(v, where, 0.0, 1.0) for v in value)
        if x1 <= x0 or y1 <= y0:
            raise self.fail(where, "x1 must be greater than x0 and y1 greater than y0")
        return (x0, y0, x1, y1)

    def treatment(self, data: Any, where: str) -> Treatment:
        d = self.mapping(data, where)
        self.keys(d, {"kind", "color", "opacity", "fade", "radius", "padding"}, where)
        t = Treatment()
        return Treatment(
            kind=self.choice(d.get("kind", t.kind), TREATMENTS, f"{where}.kind"),
            color=self.color(d.get("color", t.color), f"{where}.color", ("auto",)),
            opacity=self.number(d.get("opacity", t.opacity), f"{where}.opacity", 0.0, 1.0),
            fade=self.number(d.get("fade", t.fade), f"{where}.fade", 0.0, 1.0),
            radius=self.integer(d.get("radius", t.radius), f"{where}.radius", 0, 540),
            padding=self.integer(d.get("padding", t.padding), f"{where}.padding", 0, 300),
        )

    def block(self, name: str, data: Any, where: str) -> Block:
        d = self.mapping(data, where)
        self.keys(d, {"region", "anchor", "align", "flow", "gap", "treatment"}, where)
        b = Block(name)
        return Block(
            name=name,
            region=self.box(d["region"], f"{where}.region") if "region" in d else b.region,
            anchor=self.choice(d.get("anchor", b.anchor), ANCHORS, f"{where}.anchor"),
            align=self.choice(d.get("align", b.align), ALIGNS, f"{where}.align"),
            flow=self.choice(d.get("flow", b.flow), FLOWS, f"{where}.flow"),
            gap=self.integer(d.get("gap", b.gap), f"{where}.gap", 0, 500),
            treatment=self.boolean(d.get("treatment", b.treatment), f"{where}.treatment"),
        )

    def text_field(self, name: str, data: Any, where: str, blocks: set[str]) -> TextField:
        d = self.mapping(data, where)
        self.keys(
            d,
            {
                "template",
                "block",
                "weight",
                "size",
                "max_lines",
                "line_height",
                "color",
                "style",
                "uppercase",
                "gap",
            },
            where,
        )
        f = TextField(name)
        template = d.get("template", "")
        if not isinstance(template, str):
            raise self.fail(f"{where}.template", "expected a Jinja template string")
        block = d.get("block", f.block)
        if block not in blocks:
            raise self.fail(
                f"{where}.block",
                f"no block named {block!r}",
                f"blocks: {', '.join(sorted(blocks)) or '(none)'}",
            )
        size = d.get("size", list(f.size))
        if not (isinstance(size, (list, tuple)) and len(size) == 2):
            raise self.fail(f"{where}.size", "expected [smallest, largest] in px")
        lo = self.integer(size[0], f"{where}.size", 6, 600)
        hi = self.integer(size[1], f"{where}.size", 6, 600)
        if lo > hi:
            raise self.fail(f"{where}.size", f"smallest {lo} is larger than largest {hi}")
        gap = d.get("gap")
        return TextField(
            name=name,
            template=template,
            block=str(block),
            weight=self.choice(d.get("weight", f.weight), WEIGHTS, f"{where}.weight"),
            size=(lo, hi),
            max_lines=self.integer(d.get("max_lines", f.max_lines), f"{where}.max_lines", 1, 20),
            line_height=self.number(
                d.get("line_height", f.line_height), f"{where}.line_height", 0.8, 3.0
            ),
            color=self.color(d.get("color", f.color), f"{where}.color"),
            style=self.choice(d.get("style", f.style), STYLES, f"{where}.style"),
            uppercase=self.boolean(d.get("uppercase", f.uppercase), f"{where}.uppercase"),
            gap=None if gap is None else self.integer(gap, f"{where}.gap", 0, 500),
        )

    def design(self, d: Mapping[str, Any], where: str) -> Design:
        base = Design()
        blocks_data = self.mapping(d.get("blocks"), f"{where}blocks")
        if not blocks_data:
            blocks_data = {"main": {}}
        blocks = tuple(self.block(str(n), v, f"{where}blocks.{n}") for n, v in blocks_data.items())
        names = {b.name for b in blocks}
        fields_data = self.mapping(d.get("fields"), f"{where}fields")
        fields = tuple(
            self.text_field(str(n), v, f"{where}fields.{n}", names) for n, v in fields_data.items()
        )
        logo = None
        if d.get("logo") is not None:
            ld = self.mapping(d["logo"], f"{where}logo")
            self.keys(ld, {"position", "height"}, f"{where}logo")
            logo = LogoSpec(
                position=self.choice(
                    ld.get("position", "top-right"), LOGO_POSITIONS, f"{where}logo.position"
                ),
                height=self.integer(ld.get("height", 96), f"{where}logo.height", 8, 1000),
            )
        return Design(
            background=self.color(d.get("background", base.background), f"{where}background"),
            small_photo=self.choice(
                d.get("small_photo", base.small_photo),
                ("blur", "background"),
                f"{where}small_photo",
            ),
            alpha_background=self.color(
                d.get("alpha_background", base.alpha_background), f"{where}alpha_background"
            ),
            photo_area=(
                self.box(d["photo_area"], f"{where}photo_area")
                if "photo_area" in d
                else base.photo_area
            ),
            split=self.choice(d.get("split", base.split), SPLITS, f"{where}split"),
            gutter=self.integer(d.get("gutter", base.gutter), f"{where}gutter", 0, 500),
            treatment=self.treatment(d.get("treatment"), f"{where}treatment"),
            ornament=self.choice(d.get("ornament", "none"), ("none", "quote"), f"{where}ornament"),
            logo=logo,
            blocks=blocks,
            fields=fields,
        )


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def load_layout(data: Mapping[str, Any], source: str) -> Layout:
    """Parse a layout mapping (from YAML); raise StorykitError naming *source* on bad data."""
    p = _Parser(source)
    d = p.mapping(data, "layout")
    p.keys(d, _TOP_KEYS, "layout")
    name = d.get("name")
    if not isinstance(name, str) or not name:
        raise p.fail("name", "every layout needs a name")
    photos = p.integer(d.get("photos", 1), "photos", 0, 2)
    design = p.design(d, "")
    variants_data = p.mapping(d.get("variants"), "variants")
    variants: list[tuple[str, Design]] = []
    base = {k: v for k, v in d.items() if k not in ("variants", "name", "photos", "description")}
    for cls, over in variants_data.items():
        if cls not in SIZE_CLASSES:
            raise p.fail(
                f"variants.{cls}", "not a size class", f"size classes: {', '.join(SIZE_CLASSES)}"
            )
        over_map = p.mapping(over, f"variants.{cls}")
        p.keys(
            over_map, _TOP_KEYS - {"name", "photos", "variants", "description"}, f"variants.{cls}"
        )
        for fname, fdata in p.mapping(over_map.get("fields"), f"variants.{cls}.fields").items():
            if isinstance(fdata, Mapping) and "template" in fdata:
                raise p.fail(
                    f"variants.{cls}.fields.{fname}.template",
                    "templates are set once, not per size",
                    "move the template to the top-level fields",
                )
            if fname not in {f.name for f in design.fields}:
                raise p.fail(f"variants.{cls}.fields.{fname}", "no such field in the layout")
        variants.append((str(cls), p.design(_merge(base, over_map), f"variants.{cls}.")))
    return Layout(name=name, photos=photos, design=design, variants=tuple(variants), source=source)
