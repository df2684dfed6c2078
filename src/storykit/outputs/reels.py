"""A reel's words from the story: a short line over each photo after the title (pure)."""

from __future__ import annotations

from storykit.load.model import Story
from storykit.outputs.context import markdown_plain
from storykit.text.counting import graphemes
from storykit.text.sentences import split_sentences

LINE_MAX = 90  # a line over a moving photo longer than this is not read before it has gone


def reel_lines(story: Story, count: int) -> list[str]:
    """One line per photo (the first photo carries the title: none). A photo's own caption
    wins; the others take the story's sentences in order (summary, then body), skipping
    those too long to read in a shot; a photo left without one shows none."""
    pool = [
        s
        for text in (story.summary or "", markdown_plain(story.body or ""))
        for paragraph in text.split("\n")
        if paragraph.strip() and not paragraph.startswith("•")
        for s in split_sentences(paragraph.strip())
        if 0 < len(graphemes(s)) <= LINE_MAX
    ]
    lines: list[str] = []
    for i, photo in enumerate(story.photos[:count]):
        if i == 0:
            lines.append("")
        elif photo.caption:
            lines.append(photo.caption)
        else:
            lines.append(pool.pop(0) if pool else "")
    return lines
