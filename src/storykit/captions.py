"""Captions: render each platform's template, then fit it to the limit by the platform's rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .counting import Measure, measure
from .platforms import Platform
from .templates import Templates, count_sentences

DEFAULT_DROP_ORDER = ("facts", "quotes", "extra_highlights", "body", "highlights")


@dataclass(frozen=True)
class Caption:
    """A caption ready to paste, with how it was counted and what was left out to fit."""

    platform: str
    text: str
    length: int
    limit: int
    hashtags: list[str]
    ok: bool
    dropped: tuple[str, ...] = ()
    sentences_kept: int | None = None
    bytes: int | None = None
    max_bytes: int | None = None
    template: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Attempt:
    """One rendering of a caption: which parts were dropped and how many sentences kept."""

    drop: frozenset[str]
    keep: int | None
    text: str
    measure: Measure
    order: tuple[str, ...] = ()


def fit(
    render: Callable[[frozenset[str], int | None], tuple[str, tuple[str, ...]]],
    measure_text: Callable[[str], Measure],
    max_sentences: int,
) -> Attempt:
    """Find the fullest caption that fits.

    *render(drop, keep)* returns the text and the template's declared drop order. Parts are
    dropped one by one in that order, then fewer sentences are kept, down to one. The last
    attempt is returned whether it fits or not; the caller reports one that does not.
    """
    drop: frozenset[str] = frozenset()
    text, order = render(drop, None)
    attempt = Attempt(drop, None, text, measure_text(text), order)
    for part in order:
        if attempt.measure.ok:
            return attempt
        drop = drop | {part}
        text, _ = render(drop, None)
        attempt = Attempt(drop, None, text, measure_text(text), order)
    for keep in range(max_sentences - 1, 0, -1):
        if attempt.measure.ok:
            return attempt
        text, _ = render(drop, keep)
        attempt = Attempt(drop, keep, text, measure_text(text), order)
    return attempt


def render_caption(templates: Templates, platform: Platform, context: dict[str, Any]) -> Caption:
    """Render and fit *platform*'s caption for the story in *context*."""
    name = f"captions/{platform.name}.txt"
    story = context["story"]
    max_sentences = max(count_sentences(story.summary), count_sentences(story.body or ""), 1)

    def render(drop: frozenset[str], keep: int | None) -> tuple[str, tuple[str, ...]]:
        ctx = {**context, "drop": drop, "keep": keep}
        text, order = templates.render_module(name, ctx)
        return text.rstrip("\n"), tuple(order or DEFAULT_DROP_ORDER)

    best = fit(render, lambda text: measure(text, platform), max_sentences)
    m = best.measure
    return Caption(
        platform=platform.name,
        text=best.text,
        length=m.length,
        limit=m.limit,
        hashtags=[h for h in context["hashtags"] if f"#{h}" in best.text],
        ok=m.ok,
        dropped=tuple(p for p in best.order if p in best.drop),
        sentences_kept=best.keep,
        bytes=m.bytes,
        max_bytes=m.max_bytes,
        template=name,
    )
