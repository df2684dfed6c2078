"""The platforms as data: caption rules (one table, each number with its source), and the
cards they are sent: sizes, file formats and encoding quality."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

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

# One list of names: the Literals (which the case-file model validates with) name what the
# tables hold, in the same order.
if tuple(PLATFORMS) != typing.get_args(PlatformName) or set(DEFAULT_CARD_SIZES) != set(PLATFORMS):
    raise AssertionError("PlatformName, PLATFORMS and DEFAULT_CARD_SIZES name other platforms")
if tuple(CARD_SIZES) != typing.get_args(CardSize) or not all(
    set(sizes) <= set(CARD_SIZES) for sizes in DEFAULT_CARD_SIZES.values()
):
    raise AssertionError("CardSize, CARD_SIZES and DEFAULT_CARD_SIZES name other card sizes")
if tuple(CARD_EXTENSIONS) != typing.get_args(CardFormat):
    raise AssertionError("CardFormat and CARD_EXTENSIONS name other card formats")


def platform_with_overrides(name: str, overrides: Mapping[str, object]) -> Platform:
    """PLATFORMS[name] with some fields replaced; ValueError on an unknown field or bad type."""
    if name not in PLATFORMS:
        raise ValueError(f"unknown platform {name!r} (known: {', '.join(sorted(PLATFORMS))})")
    hints = typing.get_type_hints(Platform)
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
