"""Post kits: for each platform, posts/<platform>/ with everything for one post, in order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from storykit.builder.job import StoryJob
from storykit.builder.kinds.base import Made, Phase, Shown, StoryKind
from storykit.builder.plan import Output, StoryPlan
from storykit.outputs import kits, site
from storykit.outputs.context import platform_context
from storykit.outputs.entries import KitEntry
from storykit.outputs.kits import (
    FoldData,
    KitPlan,
    PostData,
    PostMediaData,
    ReelData,
    cover_name,
    plan_kit,
)
from storykit.text.platforms import KIT_RULES, Platform
from storykit.text.threads import split_thread


@dataclass(frozen=True)
class KitOutput(Output):
    kit: KitPlan  # what it posts, in which order, under which names


class KitKind(StoryKind[KitOutput]):
    """A platform's post kit: post.json, with its caption, media (links to the story's
    cards, in posting order), thread and zip beside it."""

    name = "kit"
    phase = Phase.SHOWN

    def plan(self, plan: StoryPlan) -> Sequence[KitOutput]:
        outputs = []
        cover = cover_name(plan.story, plan.stems)
        for name in plan.names:
            size = plan.kit_sizes[name]
            posted = size or ""
            cards = [plan.card(stem, posted) for stem in plan.stems]
            kit = plan_kit(
                name,
                size,
                photos=list(zip(plan.stems, cards, strict=True)),
                cover=plan.card(cover, posted),
                closing=plan.card("closing", posted),
            )
            outputs.append(KitOutput(kit.manifest, kit))
        return outputs

    def render(self, job: StoryJob, out: KitOutput, shown: Shown) -> Made:
        plan = out.kit
        platform = job.platforms[plan.platform]
        caption = shown.read(f"captions/{plan.platform}.txt").decode().rstrip("\n")
        files: dict[str, bytes] = {plan.caption: (caption + "\n").encode()}
        media, links = media_of(plan, platform, shown, files)
        thread = thread_of(job, plan.platform) if KIT_RULES[plan.platform].threads else []
        if thread:
            files[plan.thread] = ("\n\n---\n\n".join(thread) + "\n").encode()
        folded = kits.fold(caption, platform)
        post = PostData(
            platform=plan.platform,
            caption=caption,
            media=media,
            thread=thread,
            fold=FoldData(at=folded.at, unit=folded.unit, hook_fits=folded.hook_fits),
        )
        zipped = reel_of(post, plan, shown)
        data = (json.dumps(post, ensure_ascii=False, indent=2) + "\n").encode()
        if job.session.project.config.site.makes_zips:  # the kit as one download
            folder = plan.folder + "/"
            members = [(p.removeprefix(folder), d) for p, d in files.items()]
            files[plan.zip] = site.cards_zip([*members, *zipped, (kits.MANIFEST, data)])
        entry = KitEntry(
            path=out.path,
            kind="kit",
            platform=plan.platform,
            caption=plan.caption,
            media=[plan.media_path(item) for item in plan.media],
            cards=[item.card for item in plan.media],
            thread=plan.thread if thread else None,
            zip=plan.zip if plan.zip in files else None,
            written={p: len(d) for p, d in sorted(files.items())},
        )
        if plan.left_out:
            entry["left_out"] = list(plan.left_out)
        problems = job.fold_problems(caption, platform.name)
        return Made(
            data,
            entry,
            problems,
            files={p: d for p, d in files.items() if p not in links},
            links=links,
        )


def media_of(
    plan: KitPlan, platform: Platform, shown: Shown, files: dict[str, bytes]
) -> tuple[list[PostMediaData], dict[str, str]]:
    """The kit's images as post.json lists them, each a link to its card (its bytes put in
    *files*, for the kit's zip and its size), in posting order."""
    cards = {e["path"]: e for e in shown.entries("card")}
    media: list[PostMediaData] = []
    links: dict[str, str] = {}
    for item in plan.media:
        card = cards[item.card]
        assert card["kind"] == "card"
        path = plan.media_path(item)
        files[path] = shown.read(item.card)
        links[path] = item.card
        media.append(
            PostMediaData(
                path=item.name,
                type=item.type,
                alt=kits.fit_alt(card["alt"], platform),
                width=card["width"],
                height=card["height"],
            )
        )
    return media, links


def reel_of(post: PostData, plan: KitPlan, shown: Shown) -> list[tuple[str, bytes]]:
    """The platform's reel in *post* (a post of its own, with the same caption), and its
    files for the kit's zip."""
    folder = plan.folder + "/"
    zipped: list[tuple[str, bytes]] = []
    for reel in shown.entries("reel"):
        if reel["kind"] != "reel" or reel["platform"] != plan.platform:
            continue
        post["reel"] = ReelData(
            path=reel["path"].removeprefix(folder),
            cover=reel["cover"].removeprefix(folder),
            type="video",
            width=reel["width"],
            height=reel["height"],
            seconds=reel["seconds"],
            sound=reel["audio"],
        )
        zipped += [
            (reel["path"].removeprefix(folder), shown.read(reel["path"])),
            (reel["cover"].removeprefix(folder), shown.data(reel["cover"])),
        ]
    return zipped


def thread_of(job: StoryJob, name: str) -> list[str]:
    """The story as a thread for one platform (posts/thread.txt, its call to action
    posts/thread_end.txt kept for the last post, the hashtags once): [] when it fits in
    one post."""
    platform = job.platforms[name]
    base = platform_context(job.context, platform, job.tags)
    context = {**base, "drop": frozenset(), "keep": None, "short": False}
    templates = job.session.templates
    story = templates.render("posts/thread.txt", context)
    closing = templates.render("posts/thread_end.txt", context)
    tags = " ".join("#" + t for t in base["hashtags"])
    posts = split_thread(story, platform, closing=closing, tags=tags)
    return posts if len(posts) > 1 else []
