"""A platform's post kit as `storykit post` sends it: the posts in order, the images with
their alt text, size and focus, and the digest that says which kit it is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from storykit.digests import digest, file_digest
from storykit.errors import Location, Problem, StorykitError
from storykit.outputs.entries import Entry
from storykit.posting.built import BuiltStory
from storykit.posting.focus import Point, card_focus
from storykit.text.platforms import PLATFORMS


@dataclass(frozen=True)
class KitImage:
    """One image of a kit: its file, alt text, size in px and the point to keep in view."""

    path: Path
    alt: str
    width: int
    height: int
    focus: Point | None  # fractions of the image, y down; None: its middle will do

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class KitPost:
    """One post of a kit: its number (1 is the first, the others reply in turn), its text
    and the images it carries (all of them on the first post, none on the replies)."""

    number: int
    text: str
    images: tuple[KitImage, ...]


@dataclass(frozen=True)
class PostKit:
    """What goes out on one platform for one story: its posts, in order."""

    slug: str
    platform: str
    status: str  # the story's status the kit was built for
    manifest: Path  # output/<slug>/posts/<platform>/post.json
    posts: tuple[KitPost, ...]
    digest: str  # of post.json and every image sent: a changed kit has another

    @property
    def label(self) -> str:
        return PLATFORMS[self.platform].label


def focus_of(entry: Entry) -> Point | None:
    """Where a kit's image (a card's entry) shows the animal; None for a card without one."""
    return card_focus(entry) if entry["kind"] == "card" else None


def read_kit(story: BuiltStory, platform: str, project_config: Path) -> PostKit:
    """The kit the story's build made for *platform*: the thread as a reply chain when there
    is one, else the caption as one post; the images on the first post."""
    manifest = f"posts/{platform}/post.json"
    if not any(e["path"] == manifest for e in story.entries):
        label = PLATFORMS[platform].label
        raise StorykitError.at(
            project_config,
            f"the project builds no {label} kit, so '{story.slug}' has none to post",
            f"add {platform} under platforms: in storykit.yaml (or remove platforms: to build "
            "them all), then post again",
        )
    entry = story.entry(manifest)
    path = story.folder / manifest
    try:
        post = json.loads(path.read_bytes())
        texts = [str(t) for t in post["thread"]] or [str(post["caption"])]
        cards = entry["cards"] if entry["kind"] == "kit" else []
        images = tuple(
            KitImage(
                path.parent / m["path"],
                str(m["alt"]),
                int(m["width"]),
                int(m["height"]),
                focus_of(story.entry(card)),
            )
            for m, card in zip(post["media"], cards, strict=True)
            if m["type"] == "image"
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise StorykitError(
            Problem(
                Location.of(path),
                f"cannot read the {platform} kit ({err})",
                "run 'storykit build' for the story, then post again",
            )
        ) from None
    posts = tuple(
        KitPost(n, text, images if n == 1 else ()) for n, text in enumerate(texts, start=1)
    )
    sent = digest(file_digest(path), *(file_digest(i.path) for i in images))[:16]
    return PostKit(story.slug, platform, story.status, path, posts, sent)
