"""Drawing a planned card's text: its pills, each run in its font, colour emoji as bitmaps."""

from __future__ import annotations

from PIL import Image, ImageDraw

from storykit.cards import fonts as F

# The card engine and reels/ import these from here; new code imports them from their own
# modules (one concept each), and these lines go once those callers do.
from storykit.cards.contrast import line_contrasts as line_contrasts
from storykit.cards.layout import resolve_color as resolve_color
from storykit.cards.legibility import make_legible as make_legible
from storykit.cards.legibility import recolor_failing as recolor_failing
from storykit.cards.logo_place import draw_logo as draw_logo
from storykit.cards.logo_place import plan_with_logo as plan_with_logo
from storykit.cards.ornament import draw_ornament as draw_ornament
from storykit.cards.small_photo import blurred_fill as blurred_fill
from storykit.cards.small_photo import framed_photo as framed_photo
from storykit.cards.small_photo import free_spot as free_spot
from storykit.cards.textplan import TextPlan as TextPlan
from storykit.cards.textplan import field_boxes as field_boxes
from storykit.cards.textplan import plan_text as plan_text
from storykit.cards.textplan import text_boxes_by_block as text_boxes_by_block


def draw_text(card: Image.Image, plan: TextPlan) -> None:
    """Draw pills and lines; each run in its font, colour emoji pasted from their bitmaps."""
    draw = ImageDraw.Draw(card)
    for pill in plan.pills:
        h = pill.box[3] - pill.box[1]
        draw.rounded_rectangle(pill.box, radius=h / 2, fill=pill.fill)
    for line in plan.lines:
        runs, _base = F.visual_runs(line.chain, line.text)
        x = line.x
        for i, run in enumerate(runs):
            if run.colour:
                im, ascent = F.emoji_image(run.path, run.strike, run.text, line.size)
                # emoji sit on the baseline, nudged so their middle meets the cap middle
                y = round(line.baseline - ascent + line.size * 0.06)
                card.paste(im, (round(x), y), im)
            else:
                font = F.load(run.path, line.size)
                draw.text(
                    (x, line.baseline),
                    run.text,
                    font=font,
                    fill=line.color,
                    anchor="ls",
                    direction="rtl" if run.rtl else None,
                )
            if i < len(runs) - 1:  # the next run starts where this one ends
                x += line.chain.run_width(run, line.size)
