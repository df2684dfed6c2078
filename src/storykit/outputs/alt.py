"""Alt text for photos and cards, written from templates and kept within every platform's limit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from storykit.load.model import Photo
from storykit.load.platforms import PlatformPlan

if TYPE_CHECKING:
    from storykit.outputs.jinja import Templates


def photo_alt(templates: Templates, context: Mapping[str, Any], photo: Photo) -> str:
    """The case file's alt text for *photo*, or one written from its fields."""
    if photo.alt:
        return photo.alt.strip()
    return templates.render("photo_alt.txt", {**context, "photo": photo}).strip()


def shorten(text: str, limit: int) -> str:
    """*text* cut to at most *limit* characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def card_alt(
    templates: Templates,
    context: Mapping[str, Any],
    photo_alts: Sequence[str],
    texts: Mapping[str, str],
    platforms: Sequence[PlatformPlan],
) -> str:
    """Alt text for a card: what its photos show, then the words on it, within every alt limit."""
    clean = {k: v.strip() for k, v in texts.items() if v and v.strip()}
    text = templates.render(
        "alt.txt", {**context, "photo_alts": list(photo_alts), "texts": clean}
    ).strip()
    text = " ".join(text.split())
    limit = min((p.platform.alt_limit for p in platforms), default=1000)
    return shorten(text, limit)
