"""Where a story's outputs go in output/<slug>/, by name: pure rules, no files read."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from storykit.load.model import Photo, Story

PHOTO_DIR = "photos"  # web-size copies of the photos, in output/<slug>/
POSTS_DIR = "posts"  # the kits: posts/<platform>/ and posts/<platform>.zip
REEL = "reel.mp4"  # a reel's file in its platform's kit, its cover beside it
REEL_COVER = "reel-cover.jpg"
RESERVED_STEMS = ("pair", "quote", "closing")  # card names that are not photos'
CARDS_DIR = "cards"  # the cards: cards/<name>-<size>.<ext>
FLYER = "print/flyer.pdf"  # the story's flyer, and its kennel cards (a page per animal)
KENNEL_CARDS = "print/kennel-cards.pdf"


def card_path(name: str, size: str, ext: str) -> str:
    """Where the card called *name* (a photo's stem, pair, quote, closing) of *size* goes."""
    return f"{CARDS_DIR}/{card_stem(name, size)}.{ext}"


def card_stem(name: str, size: str) -> str:
    """The file name, without its extension, of the card called *name* of *size*."""
    return f"{name}-{size}"


def preview_path(pdf: str, page: int) -> str:
    """Where the preview image of page *page* (from 1) of the PDF at *pdf* goes: beside it."""
    return f"{pdf.removesuffix('.pdf')}-{page}.jpg"


def reel_path(platform: str, name: str = REEL) -> str:
    """Where a platform's reel (or, with *name*, its cover) goes, in output/<slug>/."""
    return f"{POSTS_DIR}/{platform}/{name}"


@dataclass(frozen=True)
class WebPhoto:
    """One of a story's photos as the web-size copy: its index in story.photos and path."""

    index: int
    path: str  # relative to output/<slug>/, e.g. photos/chelsea.jpg


def web_photo_paths(photos: Sequence[Photo]) -> list[WebPhoto]:
    """Where each photo's web-size copy goes: photos/<stem>.jpg, named as its cards are."""
    return [WebPhoto(i, f"{PHOTO_DIR}/{stem}.jpg") for i, stem in enumerate(photo_stems(photos))]


def _stem(file: str) -> str:
    stem = PurePosixPath(file.replace("\\", "/")).stem.lower()
    return re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "photo"


def photo_stems(photos: Sequence[Photo]) -> list[str]:
    """A distinct, URL-safe name for each photo (from its file name): its cards are
    <stem>-<size>.jpg and its web-size copy photos/<stem>.jpg."""
    stems: list[str] = []
    for photo in photos:
        stem = _stem(photo.file)
        candidate, n = stem, 2
        while candidate in stems or candidate in RESERVED_STEMS:
            candidate, n = f"{stem}-{n}", n + 1
        stems.append(candidate)
    return stems


def pair_photos(story: Story) -> tuple[int, int] | None:
    """For a story of two animals: one photo of each on its own, to put side by side."""
    if len(story.animals) != 2:
        return None
    picks = []
    for animal in story.animals:
        alone = [i for i, p in enumerate(story.photos) if p.animals == [animal.name]]
        if not alone:
            return None
        picks.append(alone[0])
    return picks[0], picks[1]
