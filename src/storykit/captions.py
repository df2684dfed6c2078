"""Captions: render each platform's template, then fit it to the limit by the platform's rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .counting import Measure, measure
from .hashtags import extract
from .platforms import Platform
from .templates import Templates, count_sentences

DEFAULT_DROP_ORDER = ("facts", "quotes", "extra_highlights", "body", "highlights")
SENTENCES = "sentences"  # the drop-order step that shortens the summary and story
TAGS = "tags"  # the drop-order step that keeps fewer hashtags


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
    """One rendering of a caption: parts dropped, sentences kept, hashtags kept (None: all)."""

    drop: frozenset[str]
    keep: int | None
    tags: int | None
    text: str
    measure: Measure
    order: tuple[str, ...] = ()


Render = Callable[[frozenset[str], int | None, int | None], tuple[str, tuple[str, ...]]]


def fit(
    render: Render, measure_text: Callable[[str], Measure], max_sentences: int, max_tags: int
) -> Attempt:
    """Find the fullest caption that fits.

    *render(drop, keep, tags)* returns the text and the template's declared drop order. The
    steps of that order are taken one by one until the caption fits: a part's name drops that
    part; "sentences" keeps fewer and fewer sentences of the summary and story, down to one
    (last when the order does not name it); "tags" keeps fewer and fewer hashtags, the last
    one first, down to none. The last attempt is returned whether it fits or not; the caller
    reports one that does not.
    """
    state: dict[str, Any] = {"drop": frozenset(), "keep": None, "tags": None}
    text, order = render(state["drop"], None, None)
    attempt = Attempt(state["drop"], None, None, text, measure_text(text), order)

    def attempt_with(**change: Any) -> Attempt:
        state.update(change)
        text, _ = render(state["drop"], state["keep"], state["tags"])
        return Attempt(state["drop"], state["keep"], state["tags"], text, measure_text(text), order)

    steps = order if SENTENCES in order else (*order, SENTENCES)
    for step in steps:
        if attempt.measure.ok:
            return attempt
        if step == SENTENCES:
            counts: range | list[int] = range(max_sentences - 1, 0, -1)
            key = "keep"
        elif step == TAGS:
            counts, key = range(max_tags - 1, -1, -1), "tags"
        else:
            counts, key = [0], "drop"
        for n in counts:
            attempt = attempt_with(**{key: state["drop"] | {step} if key == "drop" else n})
            if attempt.measure.ok:
                return attempt
    return attempt


def render_caption(templates: Templates, platform: Platform, context: dict[str, Any]) -> Caption:
    """Render and fit *platform*'s caption for the story in *context*."""
    name = f"captions/{platform.name}.txt"
    story = context["story"]
    max_sentences = max(count_sentences(story.summary), count_sentences(story.body or ""), 1)

    tags = list(context["hashtags"])

    def render(
        drop: frozenset[str], keep: int | None, n: int | None
    ) -> tuple[str, tuple[str, ...]]:
        ctx = {**context, "drop": drop, "keep": keep, "hashtags": tags[:n]}
        text, order = templates.render_module(name, ctx)
        return text.rstrip("\n"), tuple(order or DEFAULT_DROP_ORDER)

    best = fit(render, lambda text: measure(text, platform), max_sentences, len(tags))
    m = best.measure
    used = [tag for tag, _, _ in extract(best.text)]
    dropped = tuple(p for p in best.order if p in best.drop)
    return Caption(
        platform=platform.name,
        text=best.text,
        length=m.length,
        limit=m.limit,
        hashtags=used,
        ok=m.ok,
        dropped=dropped,
        sentences_kept=best.keep,
        bytes=m.bytes,
        max_bytes=m.max_bytes,
        template=name,
        notes=caption_notes(context, platform, best, used, dropped),
    )


def caption_notes(
    context: dict[str, Any],
    platform: Platform,
    best: Attempt,
    used: list[str],
    dropped: tuple[str, ...],
) -> list[str]:
    """What a volunteer should know before pasting: what was left out, what to do by hand."""
    notes = []
    seen = {u.lower() for u in used}
    left_out = [h for h in context.get("all_hashtags", []) if h.lower() not in seen]
    if left_out:
        notes.append(f"{len(left_out)} hashtag(s) left out: " + " ".join("#" + h for h in left_out))
    if dropped:
        notes.append("left out to fit: " + ", ".join(dropped))
    if best.keep:
        notes.append(f"summary and story cut to {best.keep} sentence(s) to fit")
    if context.get("link") and context["link"] in best.text and not platform.links_clickable:
        notes.append(
            f"links are not clickable on {platform.label}: put {context['link']} in your bio"
        )
    return notes
