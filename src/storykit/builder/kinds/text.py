"""The text kinds: the adoption blurb (Markdown and HTML) and a caption per platform."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storykit.builder.job import StoryJob
from storykit.builder.kinds.base import Made, Phase, Shown, StoryKind
from storykit.builder.plan import Output, StoryPlan
from storykit.errors import Location, Problem
from storykit.outputs.captions import Caption, render_caption
from storykit.outputs.context import platform_context
from storykit.outputs.entries import BlurbEntry, CaptionEntry
from storykit.text.hashtags import dedupe_and_cap, normalise_tag


@dataclass(frozen=True)
class BlurbOutput(Output):
    template: str  # blurb.md or blurb.html


class BlurbKind(StoryKind[BlurbOutput]):
    """The adoption blurb, for adoption pages: Markdown, and a sanitised HTML fragment."""

    name = "blurb"
    phase = Phase.TEXT

    def plan(self, plan: StoryPlan) -> Sequence[BlurbOutput]:
        return [BlurbOutput("blurb.md", "blurb.md"), BlurbOutput("blurb.html", "blurb.html")]

    def render(self, job: StoryJob, out: BlurbOutput, shown: Shown) -> Made:
        data = job.session.templates.render(out.template, job.context).encode()
        return Made(data, BlurbEntry(path=out.path, kind="blurb"))


@dataclass(frozen=True)
class CaptionOutput(Output):
    platform: str


@dataclass
class CaptionMade(Made):
    """A caption made, with the fitted caption itself (check and `storykit captions` show it)."""

    caption: Caption | None = None


class CaptionKind(StoryKind[CaptionOutput]):
    """A caption per platform, fitted to its limit by its own count (captions/<platform>.txt)."""

    name = "caption"
    phase = Phase.TEXT

    def plan(self, plan: StoryPlan) -> Sequence[CaptionOutput]:
        return [CaptionOutput(f"captions/{name}.txt", name) for name in plan.names]

    def render(self, job: StoryJob, out: CaptionOutput, shown: Shown) -> CaptionMade:
        platform = job.platforms[out.platform]
        context = platform_context(job.context, platform, job.tags)
        caption = render_caption(job.session.templates, platform, context)
        entry = CaptionEntry(
            path=out.path,
            kind="caption",
            platform=caption.platform,
            length=caption.length,
            limit=caption.limit,
            hashtags=caption.hashtags,
            dropped=list(caption.dropped),
        )
        data = (caption.text + "\n").encode()
        return CaptionMade(data, entry, caption_problems(job, caption), caption=caption)


def caption_problems(job: StoryJob, caption: Caption) -> list[Problem]:
    """A caption's warnings: the story's own hashtags left out by the platform's cap, and a
    caption that cannot be made to fit (an error naming both counts)."""
    platform = job.platforms[caption.platform]
    loaded = job.loaded
    problems = []
    own = {normalise_tag(h).lower() for h in job.story.hashtags}
    # the tags the cap allows (those left out to fit are in the caption's notes)
    used = {u.lower() for u in dedupe_and_cap(job.tags, platform.hashtag_cap)}
    own_cut = [h for h in dedupe_and_cap(job.tags, None) if h.lower() in own - used]
    if own_cut and (platform.hashtag_cap or 0) > 1:
        problems.append(
            Problem(
                loaded.doc.locate(("hashtags",)) if loaded.doc else Location.of(loaded.path),
                "the story has more hashtags of its own than some platforms take, so their "
                "captions leave out the last ones",
                "put the most important hashtags first in the story's list",
                "warning",
                (f"{platform.label}: {platform.hashtag_cap}",),
                "platform",
            )
        )
    if not caption.ok:
        over = f"{caption.length} of {caption.limit}"
        if caption.max_bytes and caption.bytes and caption.bytes > caption.max_bytes:
            over += f" ({caption.bytes} of {caption.max_bytes} bytes)"
        problems.append(
            Problem(
                Location.of(loaded.path),
                f"the {platform.label} caption of '{loaded.slug}' cannot be made to fit: "
                f"{over} even with every optional part left out",
                "shorten the headline, summary or call to action, or raise the limit "
                f"for {platform.name} in storykit.yaml",
            )
        )
    return problems
