"""Drawing a planned card's text: its pills, each run in its font, colour emoji as bitmaps."""

from __future__ import annotations

from PIL import Image, ImageDraw

from storykit.cards import fonts as F
from storykit.cards.textplan import TextPlan


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
