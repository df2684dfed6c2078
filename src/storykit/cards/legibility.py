"""Legible text: the treatment strengthened until every line measures 4.5:1, or recoloured."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from storykit.cards.color import BLACK, INK, RGB, WHITE, contrast_lum, is_light, luminance, mix
from storykit.cards.contrast import (
    MIN_CONTRAST,
    background_luminance,
    line_contrast,
    line_contrasts,
    percentile_lum,
    sample,
    sample_box,
)
from storykit.cards.layout import CardStyle, Design, resolve_color
from storykit.cards.textplan import TextPlan
from storykit.cards.treatment import (
    SCRIM,
    alpha_level,
    alpha_mask,
    mask_key,
    one_colour,
    one_value,
    paste_treatment,
    scrim_level,
    treatment_masks,
)


@dataclass
class _Probe:
    """A line's background and its treatment mask, reduced: contrast is tried on these."""

    block: str
    lum: float  # the line colour's luminance
    light: bool
    bg: Image.Image
    mask: Image.Image | None
    level: int | None = None  # the mask's one value, when it is even

    def contrast(self, color: RGB, alpha: float) -> float:
        bg = self.bg
        if self.mask is not None and alpha > 0:
            bg = bg.copy()
            if self.level is None:
                bg.paste(color, (0, 0), alpha_mask(self.mask, alpha))
            else:  # the same mask, made at once
                bg.paste(color, (0, 0), Image.new("L", bg.size, alpha_level(self.level, alpha)))
        return contrast_lum(self.lum, percentile_lum(bg, self.light))


@dataclass
class _Strength:
    """How strong each mask's treatment is: its opacity, then how far its colour has moved
    towards the extreme (black under light text, white under dark)."""

    color: RGB
    extreme: RGB
    alpha: dict[str, float]
    shift: dict[str, float]

    def colour_of(self, name: str) -> RGB:
        return mix(self.color, self.extreme, self.shift[name])

    def strengthen(self, failing: set[str]) -> bool:
        """Each failing mask one step stronger: False when all of them are at their strongest."""
        stuck = True
        for name in failing & self.alpha.keys():
            if self.alpha[name] < 1:
                self.alpha[name] = min(
                    1.0, self.alpha[name] + max(0.12, (1 - self.alpha[name]) * 0.35)
                )
                stuck = False
            elif self.shift[name] < 1:
                self.shift[name] = min(1.0, self.shift[name] + 0.25)
                stuck = False
        return not stuck


def make_legible(
    card: Image.Image,
    design: Design,
    plan: TextPlan,
    style: CardStyle,
    plain: RGB | None = None,
) -> tuple[Image.Image, float, list[str]]:
    """Apply the treatment, then strengthen it until every line measures >= 4.5:1 contrast.

    Each block's treatment gets stronger on its own, opacity first, then its colour moves
    towards black (or white, under dark text). The strength is searched on each line's
    background and mask reduced to a few dozen pixels; the card is painted once, then
    measured. The card is changed in place. Returns the card, the worst contrast and
    warnings. *plain*: the card's one colour, when the caller made it so (no photo on its
    background): then it is not looked for (a count of every pixel).
    """
    t = design.treatment
    lights = [is_light(line.color) for line in plan.lines if not line.on_pill]
    if not lights:
        return card, 21.0, []
    light_text = sum(lights) >= len(lights) / 2
    extreme = BLACK if light_text else WHITE
    color = extreme if t.color == "auto" else resolve_color(t.color, style)
    masks = treatment_masks(design, plan, card.size)
    if not masks:
        values = [c for _, c in line_contrasts(card, plan)]
        return card, min(values, default=21.0), []
    probes = _probes(card, design, plan, masks)
    strength = _Strength(
        color, extreme, {name: t.opacity for name in masks}, dict.fromkeys(masks, 0.0)
    )
    if color == BLACK:
        _first_guess(probes, strength)
    _search(probes, strength)
    worst = _paint(card, design, plan, masks, strength, plain)
    if worst >= MIN_CONTRAST:
        return card, worst, []
    return card, worst, [f"text contrast is only {worst:.1f}:1 even with the strongest treatment"]


def _probes(
    card: Image.Image, design: Design, plan: TextPlan, masks: dict[str, Image.Image]
) -> list[_Probe]:
    """Each line's background and treatment mask, reduced (pills are legible by their colour)."""
    probes: list[_Probe] = []
    for ln in plan.lines:
        if ln.on_pill:
            continue
        ibox, f = sample_box(card.size, ln.box)
        key = mask_key(design, ln.block)
        mask = masks.get(key) if key else None
        piece = None if mask is None else sample(mask, ibox, f)
        probes.append(
            _Probe(
                key or ln.block,
                luminance(ln.color),
                is_light(ln.color),
                sample(card, ibox, f),
                piece,
                None if piece is None else one_value(piece),
            )
        )
    return probes


def _first_guess(probes: list[_Probe], strength: _Strength) -> None:
    """Each mask's opacity guessed from the untreated pixels (the search then checks it):
    black at alpha a scales sRGB values by (1 - a), so linear luminance by about
    (1 - a) ** 2.2."""
    alpha = strength.alpha
    for pr in probes:
        if pr.block not in alpha:
            continue
        bg = percentile_lum(pr.bg, True)
        target = (pr.lum + 0.05) / (MIN_CONTRAST + 0.3) - 0.05
        if bg > target > 0:
            need = 1 - (target / bg) ** (1 / 2.2)
            alpha[pr.block] = min(1.0, max(alpha[pr.block], need))


def _search(probes: list[_Probe], strength: _Strength) -> None:
    """Strengthen the treatment, tried on the reduced probes, until every line passes."""
    for _ in range(14):
        failing = {
            pr.block
            for pr in probes
            if (
                pr.contrast(strength.colour_of(pr.block), strength.alpha[pr.block])
                if pr.block in strength.alpha
                else pr.contrast(strength.color, 0.0)
            )
            < MIN_CONTRAST + 0.05
        }
        if not failing or not strength.strengthen(failing):
            break


def _paint(
    card: Image.Image,
    design: Design,
    plan: TextPlan,
    masks: dict[str, Image.Image],
    strength: _Strength,
    plain: RGB | None,
) -> float:
    """Paint the treatment once and measure the card; the rare line the reduced search
    misjudged gets a stronger pass (the card restored under it first). The worst contrast."""
    boxes = [b for b in (m.getbbox() for m in masks.values()) if b]
    region = None
    under = saved = None
    if boxes:
        region = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        under = plain or one_colour(card, region)  # one colour: restored by filling it again
        saved = None if under is not None else card.crop(region)
    # a scrim is the one mask there is, even over its bounds for the built-in layouts
    level = scrim_level(design, card.size) if SCRIM in masks else None
    worst = 21.0
    for _ in range(6):
        for name, mask in masks.items():
            if strength.alpha[name] > 0 or strength.shift[name] > 0:
                colour, alpha = strength.colour_of(name), strength.alpha[name]
                even = level if name == SCRIM else None
                paste_treatment(card, colour, mask, alpha, under, even)
        contrasts = line_contrasts(card, plan)
        worst = min((c for _, c in contrasts), default=21.0)
        failing = {mask_key(design, b) or b for b, c in contrasts if c < MIN_CONTRAST}
        if not failing or not strength.strengthen(failing) or region is None:
            break
        if saved is not None:
            card.paste(saved, region[:2])
        elif under is not None:
            card.paste(under, region)
    return worst


def recolor_failing(card: Image.Image, plan: TextPlan) -> list[str]:
    """Last resort: a line still under 4.5:1 takes near-black or white, whichever reads."""
    notes = []
    for line in plan.lines:
        if line.on_pill:
            continue
        if line_contrast(card, line) < MIN_CONTRAST:
            box = line.box
            hi = background_luminance(card, box, True)
            lo = background_luminance(card, box, False)
            white_c = contrast_lum(1.0, hi)
            ink_c = contrast_lum(luminance(INK), lo)
            line.color = WHITE if white_c >= ink_c else INK
            notes.append(f"the {line.field} text colour was changed to stay readable")
    return list(dict.fromkeys(notes))
