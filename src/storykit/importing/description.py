"""A source's description as the story's Markdown: HTML turned into Markdown (through the
same sanitiser as case files, so what it keeps is what a build keeps), plain text kept as
its paragraphs; then the summary (its first paragraph) and the body (the rest).

Why not a library such as markdownify: the build already sanitises HTML with an allow-list
(text/sanitize.py, nh3) and writes it back as Markdown that reads as it did; writing an
import's description through the same two steps means the case file holds only what the
build would publish, escaped the same way, and adds no dependency.
"""

from __future__ import annotations

import html
import re

from storykit.text.sanitize import clean_html, html_to_markdown

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Block elements the sanitiser does not keep: their text would otherwise run together.
_BLOCK_OPEN = re.compile(r"<(?:div|section|article|header|footer|tr|table|h1|h2)\b[^>]*>", re.I)
_BLOCK_CLOSE = re.compile(r"</(?:div|section|article|header|footer|tr|table|h1|h2)\s*>", re.I)
_BREAKS = re.compile(r"(?:<br\s*/?>\s*){2,}", re.I)  # a blank line written as two <br>
_DROPPED = re.compile(r"<(script|style|iframe|object|noscript)\b.*?</\1\s*>", re.I | re.S)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u00a0|<br\s*/?>)*</p>", re.I)


def is_html(text: str) -> bool:
    """Whether *text* carries HTML tags (or entities) to be read as HTML."""
    return bool(_TAG.search(text)) or bool(re.search(r"&(?:[a-z]+|#\d+);", text))


def from_html(fragment: str) -> str:
    """HTML (a RescueGroups descriptionHtml, an ASM3 note) as safe Markdown."""
    fragment = _DROPPED.sub("", fragment)
    fragment = _BREAKS.sub("</p><p>", fragment)
    fragment = _BLOCK_OPEN.sub("<p>", fragment)
    fragment = _BLOCK_CLOSE.sub("</p>", fragment)
    fragment = fragment.replace("&nbsp;", " ").replace("\u00a0", " ")
    cleaned = _EMPTY_PARAGRAPH.sub("", clean_html(fragment))
    return html_to_markdown(cleaned).strip()


_ITEM = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")


def from_text(plain: str) -> str:
    """Plain text as a person typed it, as Markdown: each line a paragraph, except lines
    that start like list items ("- naps", "• naps", "1. naps"), which stay one list. It is
    read as Markdown (as a case file's body is), so a foster's *emphasis* stays emphasis."""
    plain = html.unescape(plain).replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[str] = []
    for line in (" ".join(raw.split()) for raw in plain.split("\n")):
        item = _ITEM.match(line)
        if item and blocks and _ITEM.match(blocks[-1].rsplit("\n", 1)[-1]):
            blocks[-1] += "\n" + _bullet(line, item)
        elif item:
            blocks.append(_bullet(line, item))
        elif line:
            blocks.append(line)
    return "\n\n".join(blocks)


def _bullet(line: str, item: re.Match[str]) -> str:
    mark = item.group().strip()
    return ("- " if mark in "-*•·" else mark + " ") + line[item.end() :]


def markdown(description: str) -> str:
    """A description, HTML or plain text, as the story's Markdown."""
    if not description.strip():
        return ""
    return from_html(description) if is_html(description) else from_text(description)


def summary_and_body(markdown_text: str) -> tuple[str, str]:
    """The first paragraph (the hook, as plain text for `summary:`) and the rest (`body:`)."""
    paragraphs = [p for p in markdown_text.split("\n\n") if p.strip()]
    if not paragraphs:
        return "", ""
    first = paragraphs[0]
    if first.lstrip().startswith(("- ", "1. ", "#", ">")):
        return "", markdown_text  # a list or heading first: no paragraph to lift out
    return _plain(first), "\n\n".join(paragraphs[1:])


def _plain(markdown_text: str) -> str:
    """One Markdown paragraph as the plain text `summary:` holds (no escapes, no marks)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)  # a link's words
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"(\*\*|__|~~|\*)(.+?)\1", r"\2", text)
    text = re.sub(r"\\([\\`*\[\]|~_#>+\-=.!()])", r"\1", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.replace("  \n", " ").split())
