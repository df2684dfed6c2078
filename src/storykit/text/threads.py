"""A story too long for one post as a numbered thread, each post within the platform's limit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storykit.text.counting import graphemes, measure
from storykit.text.platforms import Platform
from storykit.text.sentences import BEFORE_NUMBER, BEFORE_WORD, NEVER_END, parse

PARAGRAPH, LINE, SPACE = "\n\n", "\n", " "
_ABBREVIATIONS = NEVER_END | BEFORE_NUMBER | BEFORE_WORD
_MAX_ROUNDS = 8  # numbering ("9/9" to "10/10") changes the room left; it settles in two or three


@dataclass(frozen=True)
class _Piece:
    """A unit a post is made of: a sentence (or a whole block kept together), and what
    joins it to the piece before it in the same post (a blank line, a line break, a space)."""

    joint: str
    text: str


def _pieces(text: str) -> list[_Piece]:
    """*text* as sentences in order: paragraphs kept (text/sentences.py); a list, with the
    line that leads in to it ("Her favourite things:"), is one piece, one item a line, kept
    in one post when it fits in one."""
    out: list[_Piece] = []
    for block in parse(text).blocks:
        listing = False  # the last piece is a list (or its lead-in) still open
        for n, line in enumerate(block):
            sentences = [s for s in line.sentences if s]
            if line.prefix:
                item = line.prefix + " ".join(sentences)
                if listing or (out and n and out[-1].text.endswith(":")):
                    last = out.pop()
                    out.append(_Piece(last.joint, last.text + LINE + item))
                else:
                    out.append(_Piece(PARAGRAPH if n == 0 else LINE, item))
                listing = True
                continue
            listing = False
            for m, sentence in enumerate(sentences):
                joint = PARAGRAPH if n == 0 and m == 0 else LINE if m == 0 else SPACE
                out.append(_Piece(joint, sentence))
    return out


def _joined(pieces: list[_Piece]) -> str:
    return "".join((p.joint if i else "") + p.text for i, p in enumerate(pieces))


def _post(pieces: list[_Piece], number: int, total: int, tags: str) -> str:
    """One post's text: its pieces, the hashtags on the first post, then "2/5"."""
    parts = [_joined(pieces)]
    if number == 1 and tags:
        parts.append(tags)
    if total > 1:
        parts.append(f"{number}/{total}")
    return PARAGRAPH.join(p for p in parts if p)


def _breakable_after(word: str) -> bool:
    """Whether a post may end after *word*: not after an abbreviation ("Dr.", "approx.")."""
    key = word.rstrip(".").lstrip("\"“‘'([").casefold()
    return not (word.endswith(".") and (key in _ABBREVIATIONS or len(key) == 1))


def _by_words(piece: _Piece, fits: Callable[[str], bool]) -> list[_Piece]:
    """A sentence too long for any post cut between words (never inside one, never after an
    abbreviation), each part as long as fits; a single word longer than a post, by graphemes."""
    words = piece.text.split(" ")
    out: list[_Piece] = []
    current: list[str] = []
    for word in words:
        candidate = " ".join([*current, word])
        if not current or fits(candidate):
            current.append(word)
            continue
        cut = len(current)
        while cut > 1 and not _breakable_after(current[cut - 1]):
            cut -= 1
        out.append(_Piece(SPACE, " ".join(current[:cut])))
        current = [*current[cut:], word]
    if current:
        out.append(_Piece(SPACE, " ".join(current)))
    final: list[_Piece] = []
    for part in out:
        if fits(part.text):
            final.append(part)
            continue
        chunk = ""
        for cluster in graphemes(part.text):
            if chunk and not fits(chunk + cluster):
                final.append(_Piece(SPACE, chunk))
                chunk = ""
            chunk += cluster
        final.append(_Piece(SPACE, chunk))
    return [_Piece(piece.joint if i == 0 else SPACE, p.text) for i, p in enumerate(final)]


def _pack(pieces: list[_Piece], total: int, tags: str, platform: Platform) -> list[list[_Piece]]:
    """Pieces put into posts in order, each post as full as its limit allows, when the
    thread is *total* posts long (the numbering takes room)."""
    posts: list[list[_Piece]] = []
    current: list[_Piece] = []
    queue = list(pieces)
    while queue:
        piece = queue.pop(0)
        number = len(posts) + 1
        if measure(_post([*current, piece], number, total, tags), platform).ok:
            current.append(piece)
            continue
        if current:
            # a line that leads in to what follows ("Her favourite things:") goes with it
            while len(current) > 1 and current[-1].text.endswith(":"):
                queue.insert(0, current.pop())
            posts.append(current)
            current = []
            queue.insert(0, piece)
            continue
        # alone in a post and still too long: a kept block by its lines, a sentence by words
        lines = piece.text.split(LINE)
        if len(lines) > 1:
            queue[:0] = [_Piece(piece.joint if i == 0 else LINE, t) for i, t in enumerate(lines)]
            continue

        def fits(text: str, number: int = number) -> bool:
            return measure(_post([_Piece("", text)], number, total, tags), platform).ok

        queue[:0] = _by_words(piece, fits)
        if len(queue) and queue[0] == piece:  # cannot be cut further: post it as it is
            current.append(queue.pop(0))
    if current:
        posts.append(current)
    return posts


def split_thread(story: str, platform: Platform, *, closing: str = "", tags: str = "") -> list[str]:
    """*story* (plain text: paragraphs apart by a blank line, list items one a line) as posts
    for *platform*: one post when it fits, else a thread numbered "1/4", "2/4"..., each post
    within the platform's limit by its own count, split between sentences (a sentence longer
    than a post between words, never after an abbreviation), the story in order and whole.

    *tags*, the hashtag line, goes once, on the first post (the one with the media, which
    hashtag searches show); *closing*, the call to action with the link, is kept whole for
    the last post, which carries no media, so that the platform shows the link's preview
    card (a post with images shows none: see text/platforms.py KIT_RULES).
    """
    pieces = _pieces(story)
    closing = closing.strip()
    if closing:
        pieces.append(_Piece(PARAGRAPH, closing))
    if not pieces:
        return [tags] if tags else []
    single = _post(pieces, 1, 1, tags)
    if measure(single, platform).ok:
        return [single]
    total = 2
    posts = _pack(pieces, total, tags, platform)
    for _ in range(_MAX_ROUNDS):
        if len(posts) == total:
            break
        total = len(posts)
        posts = _pack(pieces, total, tags, platform)
    return [_post(p, i, len(posts), tags) for i, p in enumerate(posts, 1)]
