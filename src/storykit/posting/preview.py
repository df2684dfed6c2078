"""`storykit post --dry-run`: exactly what would be sent, computed as a real run computes
it (facets, images fitted to the limit, focus points), with nothing sent and no account."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storykit.posting.bluesky import IMAGE_LIMIT as BLUESKY_IMAGE_LIMIT
from storykit.posting.bluesky import Facet, facets
from storykit.posting.focus import mastodon_focus
from storykit.posting.images import upload
from storykit.posting.kit import KitImage
from storykit.posting.ledger import LedgerEntry
from storykit.posting.mastodon import IMAGE_LIMIT as MASTODON_IMAGE_LIMIT
from storykit.posting.post import Language, prepare
from storykit.posting.publish import SendPlan

IMAGE_LIMITS = {"bluesky": BLUESKY_IMAGE_LIMIT, "mastodon": MASTODON_IMAGE_LIMIT}


@dataclass(frozen=True)
class ImagePreview:
    """An image as it would be sent."""

    name: str
    width: int
    height: int
    built_bytes: int  # the kit's file
    sent_bytes: int  # what would be uploaded (re-encoded when over the limit)
    alt: str
    focus: tuple[float, float] | None  # Mastodon's focus point (-1..1, y up), if sent


@dataclass(frozen=True)
class PostPreview:
    """One post as it would be sent: its text, what it replies to, facets and images."""

    number: int
    of: int
    text: str
    reply_to: str  # "" for the first post; else "post N" or the address of a post out
    facets: tuple[Facet, ...]  # Bluesky only
    images: tuple[ImagePreview, ...]


@dataclass(frozen=True)
class KitPreview:
    """One platform's kit in a dry run: what the ledger says, and the posts to send."""

    plan: SendPlan
    posts: tuple[PostPreview, ...]
    image_limit: int
    language: Language

    @property
    def before(self) -> LedgerEntry | None:
        return self.plan.posting


def preview(root: Path, slug: str, platforms: tuple[str, ...], again: bool) -> list[KitPreview]:
    """What `storykit post SLUG --to ...` would send, per platform (the story built first if
    it is not current, as a real run does; nothing is sent, no account is needed)."""
    ready = prepare(root, slug, platforms, again)
    return [_kit(step, ready.language) for step in ready.plans]


def _kit(step: SendPlan, language: Language) -> KitPreview:
    platform = step.kit.platform
    limit = IMAGE_LIMITS[platform]
    out = list(step.posting.posts) if step.resumes and step.posting else []
    posts = []
    for post in step.to_send:
        if post.number == 1:
            reply = ""
        elif out and post.number == len(out) + 1:
            reply = out[-1].url
        else:
            reply = f"post {post.number - 1}"
        posts.append(
            PostPreview(
                post.number,
                len(step.kit.posts),
                post.text,
                reply,
                tuple(facets(post.text)) if platform == "bluesky" else (),
                tuple(_image(i, limit, platform) for i in post.images),
            )
        )
    return KitPreview(step, tuple(posts), limit, language)


def _image(image: KitImage, limit: int, platform: str) -> ImagePreview:
    sent = upload(image.path, limit)
    focus = mastodon_focus(image.focus) if platform == "mastodon" and image.focus else None
    return ImagePreview(
        image.name,
        sent.width,
        sent.height,
        image.path.stat().st_size,
        len(sent.data),
        image.alt,
        focus,
    )
