"""HTML from case-file text made safe (nh3's allow-list), and written back as text or Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "code",
    "abbr",
    "cite",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def clean_html(fragment: str) -> str:
    """Keep only harmless tags and attributes; links only to http(s) and mailto."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@dataclass
class _Node:
    """An element of sanitised HTML (or the root, tag ""), with its children."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)


_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class _TreeBuilder(HTMLParser):
    """Sanitised (so well-formed) HTML as a tree of _Node."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _tree(fragment: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(fragment)
    builder.close()
    return builder.root


_BLOCKS = {"p", "blockquote", "ul", "ol", "li", "h3", "h4", "h5", "h6", "hr", "h1", "h2"}
_LIST_MARK = "•"


def _address(href: str) -> str:
    """A link's address as a reader types it: a mailto: link as the e-mail address."""
    return href[len("mailto:") :] if href.lower().startswith("mailto:") else href


def _same_address(text: str, href: str) -> bool:
    """Whether a link's words are its address already ("www.example.org", a bare URL)."""

    def bare(s: str) -> str:
        return re.sub(r"^(?:https?://|mailto:)", "", s.strip(), flags=re.I).rstrip("/").lower()

    return bare(text) == bare(href)


def _inline_text(node: _Node, links: bool = False) -> str:
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append(" ")
        else:
            text = _inline_text(child, links)
            href = child.attrs.get("href", "") if child.tag == "a" else ""
            if links and href and text.strip() and not _same_address(text, href):
                text += f" ({_address(href)})"  # the words, then where they lead
            parts.append(text)
    return "".join(parts)


def _has_blocks(node: _Node) -> bool:
    return any(isinstance(c, _Node) and c.tag in _BLOCKS for c in node.children)


def _text_blocks(node: _Node, links: bool = False) -> list[str]:
    """Plain-text blocks of *node*'s children: paragraphs, and lists as one line per item;
    with *links*, each link's address after its words."""
    blocks: list[str] = []
    inline: list[str] = []

    def flush() -> None:
        text = " ".join("".join(inline).split())
        if text:
            blocks.append(text)
        inline.clear()

    for child in node.children:
        if isinstance(child, str) or child.tag not in _BLOCKS:
            inline.append(_inline_text(_Node("", children=[child]), links))
            continue
        flush()
        if child.tag in ("ul", "ol"):
            items = _list_lines(child, links)
            if items:
                if blocks and blocks[-1].endswith(":"):
                    blocks[-1] += "\n" + items  # "Her favourite things:" and its list
                else:
                    blocks.append(items)
        elif child.tag != "hr":
            blocks.extend(_text_blocks(child, links))
    flush()
    return blocks


def _list_items(node: _Node, bullet: str) -> Iterator[tuple[str, _Node]]:
    """Each item of a <ul> or <ol> with its mark: "1.", "2."... or *bullet*."""
    number = 0
    for item in node.children:
        if isinstance(item, _Node) and item.tag == "li":
            number += 1
            yield (f"{number}." if node.tag == "ol" else bullet), item


def _list_lines(node: _Node, links: bool = False) -> str:
    lines: list[str] = []
    for mark, item in _list_items(node, _LIST_MARK):
        own = [c for c in item.children if not (isinstance(c, _Node) and c.tag in ("ul", "ol"))]
        text = " ".join(" ".join(_text_blocks(_Node("li", children=own), links)).split())
        if text:
            lines.append(f"{mark} {text}")
        for sub in item.children:
            if isinstance(sub, _Node) and sub.tag in ("ul", "ol"):
                nested = _list_lines(sub, links)
                if nested:
                    lines.append(nested)
    return "\n".join(lines)


def html_to_text(fragment: str, links: bool = False) -> str:
    """Sanitised HTML as plain text: paragraphs apart by a blank line, a list one line per
    item ("• naps", "1. naps"), marks and tags gone, entities decoded. With *links*, a link
    keeps its address after its words ("his diary (https://...)"), unless its words are
    the address already."""
    return "\n\n".join(_text_blocks(_tree(fragment), links))


# -- Markdown written back from sanitised HTML ---------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*\[\]|~])|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|<|&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^([ \t]*)([#>+\-=]|\d+(?=[.)]))", re.M)


def escape_markdown(text: str) -> str:
    """Plain text that Markdown shows exactly as written: no emphasis, links, HTML or lists.

    Backslash escapes for Markdown's marks (CommonMark and Markdown.pl both read them),
    "&lt;" for "<" and "&amp;" for an "&" that would start an entity, so no raw HTML and no
    link survives into the Markdown; an "_" inside a word stays as it is.
    """

    def one(match: re.Match[str]) -> str:
        found = match.group(0)
        if found == "<":
            return "&lt;"
        if found == "&":
            return "&amp;"
        return "\\" + found

    def line_start(match: re.Match[str]) -> str:
        mark = match.group(2)
        if mark == ">":
            return match.group(1) + "&gt;"
        if mark.isdigit():
            return match.group(1) + mark + "\\"  # "1\. " is not a list item
        return match.group(1) + "\\" + mark

    return _MD_LINE_START.sub(line_start, _MD_SPECIAL.sub(one, str(text)))


def _md_inline(node: _Node) -> str:
    out: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            # spaces run together; a line break stays (the foster's own line wrapping)
            out.append(escape_markdown(re.sub(r"[ \t]*\n\s*", "\n", re.sub(r"[ \t]+", " ", child))))
            continue
        inner = _md_inline(child)
        tag = child.tag
        if tag == "br":
            out.append("  \n")
        elif tag in ("strong", "b") and inner.strip():
            out.append(f"**{inner}**")
        elif tag in ("em", "i", "cite") and inner.strip():
            out.append(f"*{inner}*")
        elif tag == "s" and inner.strip():
            out.append(f"~~{inner}~~")
        elif tag == "code":
            code = _inline_text(child)
            fence = "``" if "`" in code else "`"
            out.append(f"{fence}{code}{fence}" if code.strip() else "")
        elif tag == "a" and child.attrs.get("href"):
            href = child.attrs["href"]
            target = f"<{href}>" if re.search(r"[\s()<>]", href) else href
            shown = _inline_text(child)
            out.append(f"<{href}>" if shown == href and " " not in href else f"[{inner}]({target})")
        else:
            out.append(inner)
    return "".join(out)


def _md_blocks(node: _Node) -> list[str]:
    blocks: list[str] = []
    inline = _Node("")

    def flush() -> None:
        text = _md_inline(inline).strip()
        if text:
            blocks.append(text)
        inline.children = []

    for child in node.children:
        if isinstance(child, str) or child.tag not in _BLOCKS:
            inline.children.append(child)
            continue
        flush()
        if child.tag in ("ul", "ol"):
            blocks.append(_md_list(child))
        elif child.tag == "blockquote":
            inner = "\n\n".join(_md_blocks(child))
            blocks.append("\n".join("> " + line if line else ">" for line in inner.split("\n")))
        elif child.tag in ("h3", "h4", "h5", "h6"):
            blocks.append("#" * int(child.tag[1]) + " " + _md_inline(child).strip())
        elif child.tag == "hr":
            blocks.append("* * *")
        else:
            blocks.extend(_md_blocks(child))
    flush()
    return blocks


def _md_list(node: _Node) -> str:
    lines: list[str] = []
    for mark, item in _list_items(node, "-"):
        text = "\n".join(_md_blocks(item)) if _has_blocks(item) else _md_inline(item).strip()
        indent = " " * (len(mark) + 1)
        body = text.replace("\n", "\n" + indent)
        lines.append(f"{mark} {body}")
    return "\n".join(lines)


def html_to_markdown(fragment: str) -> str:
    """Sanitised HTML written back as Markdown: only what the HTML kept (so no raw HTML and
    no link the sanitiser removed), every text escaped so it reads as it did."""
    return "\n\n".join(_md_blocks(_tree(fragment)))
