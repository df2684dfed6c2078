"""Plan stage: from a valid story and the settings, the list of files to make (pure data)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from storykit.load.model import Config, Photo, Story
from storykit.outputs.kits import POSTS_DIR, KitPlan, kit_size, plan_kit, strongest_photo
from storykit.reels.settings import reel_platforms
from storykit.text.platforms import (
    CARD_EXTENSIONS,
    CARD_SIZES,
    DEFAULT_CARD_SIZES,
    PLATFORMS,
    Platform,
    platform_with_overrides,
)

PHOTO_DIR = "photos"  # web-size copies of the photos, in output/<slug>/
REEL = "reel.mp4"  # a reel's file in its platform's kit, its cover beside it
REEL_COVER = "reel-cover.jpg"


def reel_path(platform: str, name: str = REEL) -> str:
    """Where a platform's reel (or, with *name*, its cover) goes, in output/<slug>/."""
    return f"{POSTS_DIR}/{platform}/{name}"


@dataclass(frozen=True)
class PlatformPlan:
    """A platform to build for: its rules (with the project's overrides) and its card sizes."""

    platform: Platform
    sizes: tuple[str, ...]


@dataclass(frozen=True)
class Output:
    """One file to make for a story, relative to output/<slug>/."""

    path: str
    kind: str  # blurb | caption | card | photo | listing | zip | kit | page | manifest
    template: str | None = None
    platform: str | None = None
    size: str | None = None
    layout: str | None = None
    photos: tuple[int, ...] = ()  # indexes into story.photos
    platforms: tuple[str, ...] = field(default=())  # for cards: which platforms use this size
    kit: KitPlan | None = None  # for a kit (posts/<platform>/post.json): what it posts


@dataclass(frozen=True)
class WebPhoto:
    """One of a story's photos as the web-size copy: its index in story.photos and path."""

    index: int
    path: str  # relative to output/<slug>/, e.g. photos/chelsea.jpg


def web_photo_paths(photos: Sequence[Photo]) -> list[WebPhoto]:
    """Where each photo's web-size copy goes: photos/<stem>.jpg, named as its cards are."""
    return [WebPhoto(i, f"{PHOTO_DIR}/{stem}.jpg") for i, stem in enumerate(photo_stems(photos))]


def resolve_platforms(config: Config) -> list[PlatformPlan]:
    """The platforms storykit.yaml asks for (all when unset), with their overrides applied."""
    chosen = config.platforms if config.platforms is not None else {n: None for n in PLATFORMS}
    plans = []
    for name, settings in chosen.items():
        overrides = {}
        sizes = DEFAULT_CARD_SIZES[name]
        if settings is not None:
            overrides = {
                k: v
                for k, v in settings.model_dump(exclude={"sizes", "video"}).items()
                if v is not None
            }
            if settings.sizes is not None:
                sizes = tuple(settings.sizes)
        plans.append(PlatformPlan(platform_with_overrides(name, overrides), sizes))
    return plans


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
        while candidate in stems or candidate in ("pair", "quote", "closing"):
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


def plan_story(story: Story, config: Config, platforms: list[PlatformPlan]) -> list[Output]:
    """Every output of one story, in a stable order."""
    outputs = [
        Output("blurb.md", "blurb", template="blurb.md"),
        Output("blurb.html", "blurb", template="blurb.html"),
    ]
    for plan in platforms:
        name = plan.platform.name
        outputs.append(
            Output(
                f"captions/{name}.txt", "caption", template=f"captions/{name}.txt", platform=name
            )
        )
    used = {s: tuple(p.platform.name for p in platforms if s in p.sizes) for s in CARD_SIZES}
    sizes = [s for s in CARD_SIZES if used[s]]
    kit_sizes = {p.platform.name: kit_size(p.platform.name, p.sizes) for p in platforms}
    ext = CARD_EXTENSIONS[config.cards.format]
    stems = photo_stems(story.photos)
    pair = pair_photos(story)
    for size in sizes:
        for i, stem in enumerate(stems):
            outputs.append(
                Output(
                    f"cards/{stem}-{size}.{ext}",
                    "card",
                    size=size,
                    layout="photo",
                    photos=(i,),
                    platforms=used[size],
                )
            )
        if pair:
            outputs.append(
                Output(
                    f"cards/pair-{size}.{ext}",
                    "card",
                    size=size,
                    layout="pair",
                    photos=pair,
                    platforms=used[size],
                )
            )
        if not story.photos:
            outputs.append(
                Output(
                    f"cards/quote-{size}.{ext}",
                    "card",
                    size=size,
                    layout="quote",
                    platforms=used[size],
                )
            )
        closing = tuple(name for name, kit in kit_sizes.items() if kit == size)
        if closing:  # the last card of the kits that post this size
            outputs.append(
                Output(
                    f"cards/closing-{size}.{ext}",
                    "card",
                    size=size,
                    layout="closing",
                    platforms=closing,
                )
            )
    for web in web_photo_paths(story.photos):
        outputs.append(Output(web.path, "photo", photos=(web.index,)))
    outputs.append(Output("listing.json", "listing"))
    if any(o.kind == "card" for o in outputs):
        outputs.append(Output("cards.zip", "zip"))
    if story.photos or story.clips:  # a reel shows the story's photos and clips
        for name in reel_platforms(config, story, [p.platform.name for p in platforms]):
            outputs.append(Output(reel_path(name), "reel", platform=name))
    strongest = strongest_photo(story)
    for plan in platforms:
        name = plan.platform.name
        posted = kit_sizes[name]
        cards = [f"cards/{stem}-{posted}.{ext}" for stem in stems]
        if pair:
            cover: str | None = f"cards/pair-{posted}.{ext}"
        elif strongest is not None:
            cover = cards[strongest]
        else:
            cover = f"cards/quote-{posted}.{ext}"
        kit = plan_kit(
            name,
            posted,
            photos=list(zip(stems, cards, strict=True)),
            cover=cover,
            closing=f"cards/closing-{posted}.{ext}",
        )
        outputs.append(Output(kit.manifest, "kit", platform=name, kit=kit))
    outputs.append(Output("index.html", "page", template="site/story.html"))
    outputs.append(Output("story.json", "manifest"))
    return outputs
