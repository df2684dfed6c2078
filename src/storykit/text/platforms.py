"""The platforms as data: caption rules (one table, each number with its source), and the
cards they are sent: sizes, file formats and encoding quality."""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

PlatformName = Literal["instagram", "tiktok", "facebook", "x", "threads", "bluesky", "mastodon"]
CardSize = Literal["square", "portrait", "story", "landscape"]

# The card sizes, in pixels and in the order a story's cards are planned: each platform's
# recommended image sizes (a 1080 px square, a 4:5 portrait, a 9:16 story, a 1.91:1 link card).
CARD_SIZES: dict[str, tuple[int, int]] = {
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
    "landscape": (1200, 630),
}
CardFormat = Literal["jpeg", "png", "webp"]  # what every platform takes
CARD_EXTENSIONS: dict[str, str] = {"jpeg": "jpg", "png": "png", "webp": "webp"}
CARD_QUALITY = (30, 100)  # the JPEG and WebP quality a card may be written at: least, most

# Names of the counting rules that counting.count() implements.
#   twitter   - twitter-text v3 weighted length (NFC, weighted ranges, URLs and emoji fixed)
#   graphemes - extended grapheme clusters (UAX #29)
#   threads   - code points, but an emoji counts as its UTF-8 byte length
#   mastodon  - grapheme clusters after URLs -> url_length and @user@domain -> @user
#   utf16     - UTF-16 code units (what a JavaScript text box's .length reports)
COUNTING_RULES = frozenset({"twitter", "graphemes", "threads", "mastodon", "utf16"})


@dataclass(frozen=True)
class Platform:
    """One platform's text rules for a caption and its photos' alt text."""

    name: str  # "x"
    label: str  # "X (Twitter)"
    limit: int  # caption length limit, in this platform's units (see counting)
    counting: str  # a name in COUNTING_RULES
    max_bytes: int | None = None  # UTF-8 byte limit, when there is one (Bluesky)
    url_length: int | None = None  # every URL counts as this many units (X, Mastodon)
    hashtag_cap: int | None = None  # most hashtags a caption may hold
    alt_limit: int = 1000  # alt-text limit per image
    links_clickable: bool = True  # whether a URL typed into a caption becomes a link
    handle_key: str | None = None  # this platform's key in a foster's `handles`

    def __post_init__(self) -> None:
        if self.counting not in COUNTING_RULES:
            known = ", ".join(sorted(COUNTING_RULES))
            raise ValueError(
                f"platform {self.name!r}: unknown counting rule {self.counting!r} (known: {known})"
            )
        for field in ("limit", "alt_limit", "max_bytes", "url_length", "hashtag_cap"):
            value = getattr(self, field)
            if value is not None and value < (0 if field == "hashtag_cap" else 1):
                least = "0 or more" if field == "hashtag_cap" else "at least 1"
                raise ValueError(f"platform {self.name!r}: {field} must be {least}, not {value}")


# Units: X counts twitter-text weighted characters; Bluesky and Mastodon count grapheme
# clusters; Threads counts characters with emoji at their UTF-8 byte length. Instagram,
# TikTok and Facebook do not say what a "character" is; we count UTF-16 code units, the
# largest of the usual readings (UTF-16 units >= code points >= graphemes), so a caption
# that fits here fits there.
#
# Alt text: X, Bluesky and Mastodon publish limits. Instagram, TikTok, Facebook and Threads
# publish none that we could find; we assume 1,000, the smallest published limit (X's), so
# one description fits everywhere. Raise it per platform with platform_with_overrides().
PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in (
        Platform(
            name="instagram",
            label="Instagram",
            # 2,200-character caption: Instagram Graph API content publishing docs
            # (developers.facebook.com/docs/instagram-platform/content-publishing).
            limit=2200,
            counting="utf16",
            # 5 hashtags per post or reel since December 2025, 30 before: @creators
            # announcement, 18 Dec 2025 (socialmediatoday.com/news/
            # instagrams-implementing-new-limits-on-hashtag-use/808309/).
            hashtag_cap=5,
            alt_limit=1000,  # assumed: no published limit (see above)
            links_clickable=False,  # caption URLs are plain text on Instagram
            handle_key="instagram",
        ),
        Platform(
            name="tiktok",
            label="TikTok",
            # 2,200 characters for a video caption; a photo post's description allows
            # 4,000 (TikTok Content Posting API: post_info.title / description). The table
            # holds the video caption.
            limit=2200,
            counting="utf16",
            # Guidance: TikTok publishes no hashtag limit beyond the caption's length; its
            # creator advice is a few relevant tags, so we keep 5, as on Instagram.
            hashtag_cap=5,
            alt_limit=1000,  # assumed: no published limit (see above)
            links_clickable=False,  # caption URLs are plain text on TikTok
            handle_key="tiktok",
        ),
        Platform(
            name="facebook",
            label="Facebook",
            # 63,206 characters per post: Facebook's long-standing composer limit, as
            # quoted by e.g. socialk.it/fr/tools/facebook-character-counter.
            limit=63206,
            counting="utf16",
            # Guidance: Facebook publishes no hashtag limit; social-media guides (e.g.
            # Hootsuite's, Sprout Social's) advise one to three on a Facebook post.
            hashtag_cap=3,
            alt_limit=1000,  # assumed: no published limit (see above)
            links_clickable=True,
            handle_key="facebook",
        ),
        Platform(
            name="x",
            label="X (Twitter)",
            # 280 weighted characters, URLs 23: twitter-text config/v3.json
            # (maxWeightedTweetLength 280, transformedURLLength 23, emojiParsingEnabled)
            # and docs.x.com "Counting characters".
            limit=280,
            counting="twitter",
            url_length=23,
            # "We recommend using no more than 2 hashtags per post": X Help Center, "How to
            # use hashtags" (help.x.com/en/using-x/how-to-use-hashtags).
            hashtag_cap=2,
            # Image descriptions up to 1,000 characters: X Help Center, "How to make
            # images accessible for people".
            alt_limit=1000,
            links_clickable=True,
            handle_key="x",
        ),
        Platform(
            name="threads",
            label="Threads",
            # "Text posts are limited to 500 characters. Emojis are counted as the number
            # of UTF-8 bytes.": developers.facebook.com/documentation/threads/posts
            limit=500,
            counting="threads",
            # One topic tag per post; the first valid tag is the post's tag (Threads
            # topic tags; e.g. docs.emplifi.io .../threads-publishing).
            hashtag_cap=1,
            alt_limit=1000,  # assumed: the alt_text parameter documents no limit
            links_clickable=True,
            handle_key="threads",
        ),
        Platform(
            name="bluesky",
            label="Bluesky",
            # app.bsky.feed.post text: maxGraphemes 300, maxLength 3000 (UTF-8 bytes):
            # bluesky-social/atproto lexicons/app/bsky/feed/post.json
            limit=300,
            counting="graphemes",
            max_bytes=3000,
            # Guidance: Bluesky has no hashtag limit (tags are facets of the text); with 300
            # graphemes, a few tags leave room for the story. Three, as on Facebook.
            hashtag_cap=3,
            # MAX_ALT_TEXT = 2000: bluesky-social/social-app src/lib/constants.ts
            alt_limit=2000,
            # Links are clickable when the post carries link facets; the official app
            # adds them, so whoever posts must too.
            links_clickable=True,
            handle_key="bluesky",
        ),
        Platform(
            name="mastodon",
            label="Mastodon",
            # 500 by default (each server may change it); URLs count 23 and @user@domain
            # counts as @user: mastodon/mastodon app/validators/status_length_validator.rb
            # (MAX_CHARS 500, URL_PLACEHOLDER_CHARS 23, grapheme clusters).
            limit=500,
            counting="mastodon",
            url_length=23,
            # Guidance: Mastodon has no hashtag limit, and hashtags are how posts are found
            # (no recommendation algorithm); five, CamelCase for screen readers, is the
            # usual advice (e.g. the Fedi.Tips guide, fedi.tips).
            hashtag_cap=5,
            # MAX_DESCRIPTION_LENGTH = 1_500: mastodon/mastodon
            # app/models/media_attachment.rb
            alt_limit=1500,
            links_clickable=True,
            handle_key="mastodon",
        ),
    )
}


# The card sizes each platform gets unless storykit.yaml says otherwise.
DEFAULT_CARD_SIZES: dict[str, tuple[str, ...]] = {
    "instagram": ("square", "portrait", "story"),
    "tiktok": ("story",),
    "facebook": ("landscape", "square"),
    "x": ("landscape",),
    "threads": ("portrait",),
    "bluesky": ("landscape",),
    "mastodon": ("landscape",),
}


@dataclass(frozen=True)
class KitRules:
    """What one platform's post takes, for its post kit (outputs/kits.py)."""

    media_limit: int  # most images (or videos) one post carries
    one_shape: bool  # every item is shown in the first one's shape (cropped to it)
    sizes: tuple[str, ...]  # the card sizes it shows best, best first (names in CARD_SIZES)
    fold: int | None  # where the feed cuts the caption before "...more", in the platform's
    #                   own units (counting.count); None: the whole post is shown
    threads: bool  # a story too long for one post goes out as a thread of replies


# Posts, by platform. Where a thread's link goes (text/threads.py): in its last post, the
# one without images, because a post shows a link's preview card only without media
# (Bluesky's app.bsky.feed.post embed is one of images | external | record, so a post with
# images has no link card; Threads uses "the first URL in the text" as the link preview,
# for a post without media: developers.facebook.com/docs/threads/posts).
KIT_RULES: dict[str, KitRules] = {
    # Up to 20 photos and videos per carousel; "the first slide sets the crop for the
    # entire carousel" (storrito.com/resources/how-instagrams-20-slide-carousels-work-and-
    # what-the-new-limits-are); 4:5 at 1080x1350 takes the most room in the feed. "For posts
    # in feed, only the first three lines of a caption will be displayed ... we recommend
    # adding a caption of 125 characters or fewer": Instagram Help Center,
    # help.instagram.com/1643471055915254.
    "instagram": KitRules(20, True, ("portrait", "square"), 125, False),
    # A photo post takes up to 35 photos (TikTok Content Posting API, photo posts:
    # photo_images; e.g. docs.postsyncer.com/platforms/tiktok "up to 35 photos ... the
    # first photo is the cover"), shown full screen at 9:16. TikTok publishes no fold;
    # guides measure about 100-150 characters before "more" (posttruncate.com/en/
    # ad-previews/tiktok-ads: "around 100 characters"): we take the smaller, 100. Each
    # photo is shown whole (fitted), not cropped to the first.
    "tiktok": KitRules(35, False, ("story", "portrait"), 100, False),
    # Facebook publishes no per-post photo limit that we could find; guides cite 10 to 80.
    # We keep 10, the smallest cited. The feed folds a post behind "See more" at about 477
    # characters on desktop and about 125 on mobile (socialk.it/fr/tools/
    # facebook-character-counter): the mobile fold, where most people read.
    "facebook": KitRules(10, False, ("square", "portrait", "landscape"), 125, False),
    # "You can add up to 4 photos" to a post: X Help Center, "How to post photos or GIFs".
    # A post up to 280 weighted characters is shown whole (only longer posts fold).
    "x": KitRules(4, False, ("landscape", "square"), None, True),
    # A carousel takes 2 to 20 images or videos (Threads API, carousel posts: children,
    # developers.facebook.com/docs/threads/posts); a 500-character post is shown whole.
    "threads": KitRules(20, False, ("portrait", "square"), None, True),
    # app.bsky.embed.images: images maxLength 4 (bluesky-social/atproto
    # lexicons/app/bsky/embed/images.json); 300 graphemes are shown whole.
    "bluesky": KitRules(4, False, ("landscape", "square"), None, True),
    # Four media attachments per status (mastodon/mastodon app/models/status.rb,
    # MEDIA_ATTACHMENTS_LIMIT = 4; a server may allow more); a status is shown whole.
    "mastodon": KitRules(4, False, ("landscape", "square"), None, True),
}

# The platforms whose post shows its images one at a time, swiped (a carousel), as the
# sources cited in KIT_RULES describe them: an Instagram carousel, a Threads carousel, a
# TikTok photo post. The others show a post's images together, in a grid (X, Bluesky and
# Mastodon up to 4; Facebook a collage). The preview page (outputs/site.py) shows each so.
CAROUSELS: frozenset[str] = frozenset({"instagram", "threads", "tiktok"})

# One list of names: the Literals (which the case-file model validates with) name what the
# tables hold, in the same order.
if (
    tuple(PLATFORMS) != typing.get_args(PlatformName)
    or set(DEFAULT_CARD_SIZES) != set(PLATFORMS)
    or set(KIT_RULES) != set(PLATFORMS)
    or not set(PLATFORMS) >= CAROUSELS
):
    raise AssertionError(
        "PlatformName, PLATFORMS, DEFAULT_CARD_SIZES and KIT_RULES name other platforms"
    )
if tuple(CARD_SIZES) != typing.get_args(CardSize) or not all(
    set(sizes) <= set(CARD_SIZES)
    for sizes in (*DEFAULT_CARD_SIZES.values(), *(k.sizes for k in KIT_RULES.values()))
):
    raise AssertionError("CardSize, CARD_SIZES and DEFAULT_CARD_SIZES name other card sizes")
if tuple(CARD_EXTENSIONS) != typing.get_args(CardFormat):
    raise AssertionError("CardFormat and CARD_EXTENSIONS name other card formats")


@functools.cache
def _platform_hints() -> dict[str, Any]:
    """Platform's fields' types, worked out once (get_type_hints reads every annotation)."""
    return typing.get_type_hints(Platform)


def platform_with_overrides(name: str, overrides: Mapping[str, object]) -> Platform:
    """PLATFORMS[name] with some fields replaced; ValueError on an unknown field or bad type."""
    if name not in PLATFORMS:
        raise ValueError(f"unknown platform {name!r} (known: {', '.join(sorted(PLATFORMS))})")
    hints = _platform_hints()
    fields = [f.name for f in dataclasses.fields(Platform)]
    for key, value in overrides.items():
        if key not in hints:
            raise ValueError(
                f"platform {name!r}: unknown setting {key!r} (settings: {', '.join(fields)})"
            )
        allowed = typing.get_args(hints[key]) or (hints[key],)
        # bool is an int subclass: accept True/False only where a bool is wanted.
        ok = any(
            value is None if t is type(None) else isinstance(value, t) for t in allowed
        ) and not (isinstance(value, bool) and bool not in allowed)
        if not ok:
            wanted = " or ".join("null" if t is type(None) else t.__name__ for t in allowed)
            raise ValueError(
                f"platform {name!r}: {key} must be {wanted}, not {type(value).__name__} ({value!r})"
            )
    return dataclasses.replace(PLATFORMS[name], **overrides)  # type: ignore[arg-type]


# ---------------------------------------------------------------- reels (vertical video)

# A reel's frame, rate and length: 1080x1920 (9:16) at 30 fps is what TikTok, Instagram,
# Facebook and YouTube Shorts each recommend for vertical video (e.g. TikTok Ads Manager
# "Video ads specifications", ads.tiktok.com/help/article/video-ads-specifications).
REEL_SIZE = (1080, 1920)
REEL_FPS = 30
# the length storykit aims for unless storykit.yaml says otherwise: short enough to be
# watched to the end (TikTok suggests 9-15 s for in-feed videos, same page), seconds
REEL_SECONDS = (10.0, 30.0)
REEL_SECONDS_PER_PHOTO = 3.0
# the platforms that get a reel unless storykit.yaml or the story says otherwise
DEFAULT_REEL_PLATFORMS = ("tiktok", "instagram")

# The longest video each platform takes as a reel, seconds: TikTok 10 minutes (TikTok Ads
# Manager, "Video ads specifications": "up to 10 minutes"); Instagram Reels 3 minutes
# (Instagram's announcement of January 2025) and Facebook Reels 90 seconds (as guides quote
# Meta's Reels specs; not checked against Meta's own page here); X, Threads, Bluesky and
# Mastodon take no reel here. A clip longer than the reel itself is reported by `check`.
REEL_MAX_SECONDS: dict[str, float] = {"tiktok": 600.0, "instagram": 180.0, "facebook": 90.0}

# Each app's own buttons and caption cover the edges of a vertical video: the margins to
# keep text out of on a 1080x1920 frame, px as (left, top, right, bottom).
#   instagram, facebook: Meta's Reels safe zone, 14% top, 35% bottom, 6% each side
#     (Meta Business Help Center "Reels ads safe zones", as converted to px by
#     shotstack.io/learn/vertical-video-safe-zones: 269, 672 and 65 px);
#   youtube (Shorts): Google's safe zone for vertical YouTube video, 288 px top, 672
#     bottom, 48 left, 192 right (same shotstack.io guide, which cites Google's template);
#   tiktok: TikTok publishes template files, not numbers (ads.tiktok.com/help/article/
#     tiktok-auction-in-feed-ads); measured from them, 220 px top (tabs), 500 bottom
#     (caption, sound), 180 right (like/comment/share rail) (coreyhaines31/marketingskills
#     short-form-video-specs.md), and 120 left, the left margin of shotstack's union box.
REEL_SAFE_MARGINS: dict[str, tuple[int, int, int, int]] = {
    "tiktok": (120, 220, 180, 500),
    "instagram": (65, 269, 65, 672),
    "facebook": (65, 269, 65, 672),
    "youtube": (48, 288, 192, 672),
}
