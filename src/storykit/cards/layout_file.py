"""Card layout files: validated like case files (pydantic, located problems), built into Layouts."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from storykit.cards.color import is_hex
from storykit.cards.geometry import Box
from storykit.cards.layout import (
    COLOR_NAMES,
    Align,
    Anchor,
    Block,
    Design,
    FieldStyle,
    Flow,
    Layout,
    LogoPosition,
    LogoSpec,
    Ornament,
    SmallPhoto,
    Split,
    TextField,
    Treatment,
    TreatmentKind,
    Weight,
)
from storykit.errors import Problem
from storykit.load.document import DataPath, Document, path_text
from storykit.load.model import Invalid, SizeName
from storykit.load.validate import validate_document

_COLOUR_HINT = "use one of {names} or a hex colour like '#1f4e5f' (in quotes)"

# what a layout file writes, as its model dumps it: variants are merged over the base key by
# key before the merged result is validated again (a pydantic model cannot be merged)
Written = dict[str, Any]


def _colour(*extra: str) -> Callable[[str], str]:
    names = (*COLOR_NAMES, *extra)

    def check(value: str) -> str:
        if value in names or is_hex(value):
            return value
        raise Invalid(f"'{value}' is not a colour", _COLOUR_HINT.format(names=", ".join(names)))

    return check


Colour = Annotated[str, AfterValidator(_colour())]
Fraction = Annotated[float, Field(ge=0, le=1)]
Region = tuple[Fraction, Fraction, Fraction, Fraction]
Px = Annotated[int, Field(ge=0, le=500)]
TypeSize = Annotated[int, Field(ge=6, le=600)]


class _Spec(BaseModel):
    """Every key optional: unset means the runtime type's default (or the base design's)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TreatmentSpec(_Spec):
    kind: TreatmentKind | None = None
    color: Annotated[str, AfterValidator(_colour("auto"))] | None = None
    opacity: Fraction | None = None
    fade: Fraction | None = None
    radius: Annotated[int, Field(ge=0, le=540)] | None = None
    padding: Annotated[int, Field(ge=0, le=300)] | None = None


class BlockSpec(_Spec):
    region: Region | None = None
    anchor: Anchor | None = None
    align: Align | None = None
    flow: Flow | None = None
    gap: Px | None = None
    treatment: bool | None = None


class LayoutFieldSpec(_Spec):
    template: str | None = None
    block: str | None = None
    weight: Weight | None = None
    size: tuple[TypeSize, TypeSize] | None = None
    max_lines: Annotated[int, Field(ge=1, le=20)] | None = None
    line_height: Annotated[float, Field(ge=0.8, le=3.0)] | None = None
    color: Colour | None = None
    style: FieldStyle | None = None
    uppercase: bool | None = None
    gap: Px | None = None


class LogoSpecModel(_Spec):
    position: LogoPosition | None = None
    height: Annotated[int, Field(ge=8, le=1000)] | None = None


class DesignSpec(_Spec):
    """The keys a size class's variant may change."""

    background: Colour | None = None
    small_photo: SmallPhoto | None = None
    alpha_background: Colour | None = None
    photo_area: Region | None = None
    split: Split | None = None
    gutter: Px | None = None
    treatment: TreatmentSpec | None = None
    ornament: Ornament | None = None
    logo: LogoSpecModel | None = None
    blocks: dict[str, BlockSpec | None] | None = None
    fields: dict[str, LayoutFieldSpec | None] | None = None


class LayoutSpec(DesignSpec):
    """A layout file: templates/cards/<name>.yaml."""

    name: str = Field(min_length=1)
    description: str | None = None
    photos: Annotated[int, Field(ge=0, le=2)] = 1
    variants: dict[SizeName, DesignSpec | None] | None = None


_DESIGN_KEYS = frozenset(DesignSpec.model_fields)


def read_layout(doc: Document) -> tuple[Layout | None, list[Problem]]:
    """The layout in *doc*, or None, and every problem in it (each at its line and column)."""
    if not isinstance(doc.data, dict):
        return None, [
            Problem(
                doc.locate(()),
                f"{doc.path.name} should hold 'key: value' lines at the top",
                "start with a line like 'name: photo' (see the built-in photo.yaml)",
            )
        ]
    spec, problems = validate_document(doc, LayoutSpec)
    if spec is None:
        return None, problems
    base = _given_design(spec)
    base_fields = base.get("fields") or {}
    designs: list[tuple[DataPath, Written]] = [((), base)]
    for cls, over in (spec.variants or {}).items():
        where: DataPath = ("variants", cls)
        problems.extend(_variant_fields(doc, over, spec, where))
        changes = _given_design(over)
        if "fields" in changes:  # a field the layout lacks is reported above, not drawn
            changes["fields"] = {k: v for k, v in changes["fields"].items() if k in base_fields}
        designs.append((where, _merge(base, changes)))
    built: list[Design] = []
    for where, data in designs:
        design = _design_of(DesignSpec.model_validate(data))
        problems.extend(_design_problems(doc, design, where))
        built.append(design)
    problems = sorted(set(problems), key=lambda p: (p.location.line or 0, p.location.column or 0))
    if any(p.is_error for p in problems):
        return None, problems
    variants = tuple((cls, d) for cls, d in zip(spec.variants or {}, built[1:], strict=True))
    layout = Layout(spec.name, spec.photos, built[0], variants, source=str(doc.path))
    return layout, problems


def _given(spec: BaseModel | None) -> Written:
    """The keys written in *spec* (none for an empty value), nested specs as dicts."""
    if spec is None:
        return {}
    return spec.model_dump(exclude_unset=True)


def _given_design(spec: DesignSpec | None) -> Written:
    return {k: v for k, v in _given(spec).items() if k in _DESIGN_KEYS}


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> Written:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def _set(spec: BaseModel | None) -> Written:
    """The values written in *spec*, as the runtime types take them."""
    if spec is None:
        return {}
    return {k: getattr(spec, k) for k in spec.model_fields_set if getattr(spec, k) is not None}


def _design_of(spec: DesignSpec) -> Design:
    """The runtime design: what *spec* sets, the runtime types' defaults for the rest."""
    blocks = spec.blocks or {"main": None}
    fields = spec.fields or {}
    plain = {
        k: v for k, v in _set(spec).items() if k not in ("treatment", "logo", "blocks", "fields")
    }
    return Design(
        **plain,
        treatment=Treatment(**_set(spec.treatment)),
        logo=LogoSpec(**_set(spec.logo)) if spec.logo is not None else None,
        blocks=tuple(Block(name, **_set(b)) for name, b in blocks.items()),
        fields=tuple(TextField(name, **_set(f)) for name, f in fields.items()),
    )


def _variant_fields(
    doc: Document, over: DesignSpec | None, spec: LayoutSpec, where: DataPath
) -> list[Problem]:
    """A variant's fields change fields of the layout, never their templates."""
    problems = []
    known = list(spec.fields or {})
    for name, f in ((over.fields if over else None) or {}).items():
        at = (*where, "fields", name)
        if name not in known:
            problems.append(
                Problem(
                    doc.locate(at, key=True),
                    f"{path_text(at)}: the layout has no field '{name}'",
                    _choices("fields", known),
                )
            )
        elif f is not None and "template" in f.model_fields_set:
            problems.append(
                Problem(
                    doc.locate((*at, "template"), key=True),
                    f"{path_text(at)}: templates are set once, not per size",
                    f"move the template to fields.{name} at the top of the file",
                )
            )
    return problems


def _choices(what: str, names: list[str]) -> str:
    return f"{what} here: {', '.join(names)}" if names else f"there are no {what}"


def _design_problems(doc: Document, design: Design, where: DataPath) -> list[Problem]:
    """What the models cannot see alone: regions that are boxes, sizes in order, known blocks.

    Each is reported where its value is written: in the variant when it sets it, else at
    the top of the file (once, however many variants inherit it)."""

    def locate(*path: str | int) -> DataPath:
        written = (*where, *path)
        return written if where and written in doc.value_marks else tuple(path)

    problems = []

    def box(value: Box, at: DataPath) -> None:
        x0, y0, x1, y1 = value
        if x1 <= x0 or y1 <= y0:
            problems.append(
                Problem(
                    doc.locate(at),
                    f"{path_text(at)}: [{', '.join(f'{v:g}' for v in value)}] is not a box",
                    "write [x0, y0, x1, y1] as fractions of the card, with x1 greater than x0 "
                    "and y1 greater than y0",
                )
            )

    box(design.photo_area, locate("photo_area"))
    names = [b.name for b in design.blocks]
    for b in design.blocks:
        box(b.region, locate("blocks", b.name, "region"))
    for f in design.fields:
        lo, hi = f.size
        if lo > hi:
            at = locate("fields", f.name, "size")
            problems.append(
                Problem(
                    doc.locate(at),
                    f"{path_text(at)}: the smallest size {lo} is larger than the largest {hi}",
                    "write [smallest, largest], e.g. [28, 40]",
                )
            )
        if f.block not in names:
            at = locate("fields", f.name, "block")
            problems.append(
                Problem(
                    doc.locate(at if at in doc.value_marks else at[:-1]),
                    f"{path_text(at)}: there is no block '{f.block}'",
                    _suggest(f.block, names, "blocks"),
                )
            )
    return problems


def _suggest(value: str, names: list[str], what: str) -> str:
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else _choices(what, names)
