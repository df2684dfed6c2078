"""Captions: render each platform's template, then fit it to the limit by the platform's rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from storykit.outputs.context import PlatformContext, markdown_plain
from storykit.text.counting import Measure, measure
from storykit.text.hashtags import extract
from storykit.text.platforms import Platform
from storykit.text.sentences import count_sentences

if TYPE_CHECKING:
    from storykit.outputs.jinja import Templates

DEFAULT_DROP_ORDER = ("tags", "facts", "quotes", "extra_highlights", "sentences", "highlights")
SENTENCES = "sentences"  # the drop-order step that trims the story (summary, then body)
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


@dataclass(frozen=True)
class _Setting:
    """What a rendering leaves out: parts dropped, sentences kept, hashtags kept (None: all)."""

    drop: frozenset[str] = frozenset()
    keep: int | None = None
    tags: int | None = None


def steps_of(order: tuple[str, ...]) -> tuple[str, ...]:
    """The fitting steps for a template's drop order: "tags" (before "sentences" when not
    named: story text wins over hashtags) and "sentences" (last when not named) included."""
    steps = list(order)
    if TAGS not in steps:
        steps.insert(steps.index(SENTENCES) if SENTENCES in steps else len(steps), TAGS)
    if SENTENCES not in steps:
        steps.append(SENTENCES)
    return tuple(steps)


def fit_caption(
    render: Render, measure_text: Callable[[str], Measure], max_sentences: int, max_tags: int
) -> Attempt:
    """Find the fullest caption that fits, in O(log n) renderings.

    *render(drop, keep, tags)* returns the text and the template's declared drop order. The
    steps of that order (see steps_of) leave out more and more: a part's name drops that
    part; "tags" keeps fewer and fewer hashtags, the last one first, down to none;
    "sentences" trims the story from its end, one sentence at a time, down to the first
    one. Laid end to end the steps make one sequence of ever shorter captions, and a binary
    search finds the first that fits. Then every step taken before that one is undone as far
    as the caption still fits, the most important (latest in the order) first: a dropped
    part that fits next to the trimmed story is put back. The last attempt is returned
    whether it fits or not; the caller reports one that does not.
    """
    cache: dict[_Setting, Attempt] = {}
    order: tuple[str, ...] = ()

    def attempt(setting: _Setting) -> Attempt:
        nonlocal order
        if setting not in cache:
            text, order = render(setting.drop, setting.keep, setting.tags)
            cache[setting] = Attempt(
                setting.drop, setting.keep, setting.tags, text, measure_text(text), order
            )
        return cache[setting]

    full = attempt(_Setting())
    if full.measure.ok:
        return full
    steps = steps_of(order)

    def levels(step: str) -> int:
        """How many settings a step goes through: a part 1, tags one per tag, sentences n-1."""
        if step == TAGS:
            return max_tags
        if step == SENTENCES:
            return max(max_sentences - 1, 0)
        return 1

    def setting_at(index: int) -> tuple[_Setting, int]:
        """The setting *index* settings into the sequence, and the step it is in."""
        drop: set[str] = set()
        keep: int | None = None
        tags: int | None = None
        for position, step in enumerate(steps):
            n = min(index, levels(step))
            index -= n
            if n:
                if step == TAGS:
                    tags = max_tags - n
                elif step == SENTENCES:
                    keep = max_sentences - n
                else:
                    drop.add(step)
            if index == 0:
                return _Setting(frozenset(drop), keep, tags), position
        return _Setting(frozenset(drop), keep, tags), len(steps) - 1

    total = sum(levels(step) for step in steps)
    low, high = 1, total  # the first setting that fits is in low..high, if any fits
    if not attempt(setting_at(total)[0]).measure.ok:
        return attempt(setting_at(total)[0])
    while low < high:
        middle = (low + high) // 2
        if attempt(setting_at(middle)[0]).measure.ok:
            high = middle
        else:
            low = middle + 1
    setting, landed = setting_at(low)
    for step in reversed(steps[:landed]):
        setting = _put_back(step, setting, attempt, max_sentences, max_tags)
    best = attempt(setting)
    if best.keep is not None and best.keep >= max_sentences:
        best = replace(best, keep=None)  # every sentence was put back
    return best


def _put_back(
    step: str,
    setting: _Setting,
    attempt: Callable[[_Setting], Attempt],
    max_sentences: int,
    max_tags: int,
) -> _Setting:
    """*setting* with *step* undone as far as the caption still fits (binary search)."""
    if step == TAGS and setting.tags is not None:
        restore = [replace(setting, tags=n) for n in range(setting.tags, max_tags + 1)]
    elif step == SENTENCES and setting.keep is not None:
        restore = [replace(setting, keep=n) for n in range(setting.keep, max_sentences + 1)]
    elif step in setting.drop:
        restore = [setting, replace(setting, drop=setting.drop - {step})]
    else:
        return setting
    # restore[0] fits; find the last that does
    low, high = 0, len(restore) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if attempt(restore[middle]).measure.ok:
            low = middle
        else:
            high = middle - 1
    return restore[low]


def render_caption(templates: Templates, platform: Platform, context: PlatformContext) -> Caption:
    """Render and fit *platform*'s caption for the story in *context*."""
    name = f"captions/{platform.name}.txt"
    story = context["story"]
    body = markdown_plain(story.body) if story.body else ""
    max_sentences = max(count_sentences(story.summary) + count_sentences(body), 1)

    tags = list(context["hashtags"])

    def render(
        drop: frozenset[str], keep: int | None, n: int | None
    ) -> tuple[str, tuple[str, ...]]:
        ctx = {**context, "drop": drop, "keep": keep, "hashtags": tags[:n]}
        text, order = templates.render_module(name, ctx)
        return text.rstrip("\n"), tuple(order or DEFAULT_DROP_ORDER)

    best = fit_caption(render, lambda text: measure(text, platform), max_sentences, len(tags))
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
    context: PlatformContext,
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
