"""Post kits: for each platform, the media in posting order with their alt text, the caption,
the thread and the fold, as plain typed records (planned here, made by outputs/story.py).

The preview page reads a story's kits with `story_kits(entries, read)`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

from typing_extensions import NotRequired

from storykit.load.model import Story
from storykit.outputs.paths import POSTS_DIR, pair_photos
from storykit.text.counting import count
from storykit.text.platforms import KIT_RULES, PLATFORMS, Platform

CAPTION, THREAD, MANIFEST = "caption.txt", "thread.txt", "post.json"
MediaType = Literal["image", "video"]
Role = Literal["cover", "photo", "closing"]


# --- Planning (pure: from the story and the cards the plan makes) ------------------------------


@dataclass(frozen=True)
class MediaPlan:
    """One item of a kit: its file in the kit, the card it is a copy of, and its part."""

    name: str  # in the kit: "01-cover.jpg"
    card: str  # relative to output/<slug>/: "cards/rosie-portrait.jpg"
    role: Role
    type: MediaType = "image"


@dataclass(frozen=True)
class KitPlan:
    """One platform's kit as planned: its card size and its media in posting order."""

    platform: str
    size: str | None  # None: the platform gets no cards (sizes: [] in storykit.yaml)
    media: tuple[MediaPlan, ...]
    left_out: tuple[str, ...] = ()  # cards of photos past the platform's media limit

    @property
    def folder(self) -> str:
        return f"{POSTS_DIR}/{self.platform}"

    @property
    def manifest(self) -> str:
        return f"{self.folder}/{MANIFEST}"

    @property
    def caption(self) -> str:
        return f"{self.folder}/{CAPTION}"

    @property
    def thread(self) -> str:
        return f"{self.folder}/{THREAD}"

    @property
    def zip(self) -> str:
        return f"{self.folder}.zip"

    def media_path(self, item: MediaPlan) -> str:
        return f"{self.folder}/{item.name}"


def kit_size(platform: str, sizes: Sequence[str]) -> str | None:
    """The card size a platform's kit posts: the best of the sizes it shows best among those
    the project makes for it, else the first it makes (one size: one shape for every item)."""
    for size in KIT_RULES[platform].sizes:
        if size in sizes:
            return size
    return sizes[0] if sizes else None


def strongest_photo(story: Story) -> int | None:
    """The photo a cover is made from: the first that shows every one of the story's animals
    (a story of several), else the first photo; None without photos."""
    if not story.photos:
        return None
    names = {a.name for a in story.animals}
    if len(names) > 1:
        for i, photo in enumerate(story.photos):
            if names <= set(photo.animals or ()):
                return i
    return 0


def cover_name(story: Story, stems: Sequence[str]) -> str:
    """The name of the card a kit's cover is (*stems*: each photo's, as photo_stems names
    them): the pair card, else the strongest photo's card, else the quote card."""
    strongest = strongest_photo(story)
    if pair_photos(story):
        return "pair"
    return stems[strongest] if strongest is not None else "quote"


def plan_kit(
    platform: str,
    size: str | None,
    *,
    photos: Sequence[tuple[str, str]],
    cover: str | None,
    closing: str | None,
) -> KitPlan:
    """One platform's kit: the cover (*cover*, the story's strongest card), the photos'
    cards in the story's order (*photos*: (name, card path); the one the cover shows is not
    posted twice), then the closing card with the call to action; at most the platform's
    media limit, the last photos left out first (the cover and the closing card stay)."""
    if size is None:
        return KitPlan(platform, None, ())
    items: list[tuple[str, str, Role]] = []
    if cover is not None:
        items.append(("cover", cover, "cover"))
    shown = [(name, card) for name, card in photos if card != cover]
    room = KIT_RULES[platform].media_limit - len(items) - (closing is not None)
    kept, left = shown[: max(room, 0)], shown[max(room, 0) :]
    items.extend((name, card, "photo") for name, card in kept)
    if closing is not None:
        items.append(("closing", closing, "closing"))
    width = max(2, len(str(len(items))))
    media = tuple(
        MediaPlan(f"{n:0{width}d}-{name}.{card.rsplit('.', 1)[-1]}", card, role)
        for n, (name, card, role) in enumerate(items, 1)
    )
    return KitPlan(platform, size, media, tuple(card for _, card in left))


# --- post.json ------------------------------------------------------------------------------------


class PostMediaData(TypedDict):
    path: str  # in the kit's folder: "01-cover.jpg"
    type: MediaType
    alt: str
    width: int
    height: int


class FoldData(TypedDict):
    at: int
    unit: str
    hook_fits: bool


class ReelData(TypedDict):
    path: str
    cover: str
    type: Literal["video"]
    width: int
    height: int
    seconds: float
    sound: bool


class PostData(TypedDict):
    """post.json: one platform's post, as a volunteer or `storykit post` sends it."""

    platform: str
    caption: str
    media: list[PostMediaData]
    thread: list[str]
    fold: FoldData
    reel: NotRequired[ReelData]  # a post of its own, with the same caption


# --- The fold and alt text (pure) --------------------------------------------------------------


@dataclass(frozen=True)
class Fold:
    """Where the platform's feed cuts the caption before "...more": after *at* units (the
    platform's own count, by the counting rule *unit*), and whether the opening line fits."""

    at: int
    unit: str
    hook_fits: bool
    hook_length: int = 0


def hook(caption: str) -> str:
    """A caption's opening line: what the feed must show to make someone stop."""
    return caption.strip().split("\n", 1)[0].strip()


def fold(caption: str, platform: Platform) -> Fold:
    """The fold of *caption* on *platform* (a platform that shows the whole post: its limit)."""
    at = KIT_RULES[platform.name].fold or platform.limit
    length = count(hook(caption), platform)
    return Fold(at, platform.counting, length <= at, length)


def fit_alt(text: str, platform: Platform) -> str:
    """*text* within the platform's alt-text limit by its own count, cut at a word with an
    ellipsis when it is longer."""
    if count(text, platform) <= platform.alt_limit:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        cut = " ".join(words).rstrip(" ,;:.") + "…"
        if count(cut, platform) <= platform.alt_limit:
            return cut
    return text[: platform.alt_limit - 1] + "…"


# --- What the preview page reads -----------------------------------------------------------------


@dataclass(frozen=True)
class KitMedia:
    """One item of a kit, as posted: paths relative to output/<slug>/."""

    path: str
    type: MediaType
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class Kit:
    """One platform's post kit, read back from its post.json (paths relative to
    output/<slug>/)."""

    platform: str
    label: str
    caption: str
    fold: Fold
    media: tuple[KitMedia, ...]
    thread: tuple[str, ...]
    zip: str | None
    manifest: str
    reel: KitReel | None = None  # the reel, a post of its own with the same caption


@dataclass(frozen=True)
class KitReel:
    """A kit's reel: the video and its cover, paths relative to output/<slug>/."""

    path: str
    cover: str
    width: int
    height: int
    seconds: float


def kit_from_manifest(entry: Mapping[str, Any], data: bytes) -> Kit:
    """A kit from its story.json entry and its post.json bytes."""
    post = json.loads(data)
    folder = entry["path"].rsplit("/", 1)[0]
    name = post["platform"]
    platform = PLATFORMS.get(name)
    return Kit(
        platform=name,
        label=platform.label if platform else name,
        caption=post["caption"],
        fold=Fold(**post["fold"]),
        media=tuple(
            KitMedia(f"{folder}/{m['path']}", m["type"], m["alt"], m["width"], m["height"])
            for m in post["media"]
        ),
        thread=tuple(post["thread"]),
        zip=entry["zip"],
        manifest=entry["path"],
        reel=_reel(folder, post.get("reel")),
    )


def _reel(folder: str, reel: Mapping[str, Any] | None) -> KitReel | None:
    if reel is None:
        return None
    return KitReel(
        f"{folder}/{reel['path']}",
        f"{folder}/{reel['cover']}",
        reel["width"],
        reel["height"],
        reel["seconds"],
    )


def story_kits(entries: Iterable[Mapping[str, Any]], read: Callable[[str], bytes]) -> list[Kit]:
    """A story's kits, in the plan's (platforms') order, from its story.json entries (any
    kinds: the kits are picked out) and a reader of its outputs by path in output/<slug>/
    (the page's Shown.read, so each post.json is recorded as shown)."""
    return [kit_from_manifest(e, read(e["path"])) for e in entries if e.get("kind") == "kit"]
