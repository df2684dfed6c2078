"""What `storykit post` and `storykit posted` say: each line, from the typed records (the
CLI prints them)."""

from __future__ import annotations

from storykit.posting.choose import Choice
from storykit.posting.kit import PostKit
from storykit.posting.ledger import LedgerEntry, Sent
from storykit.posting.preview import KitPreview
from storykit.posting.publish import Result
from storykit.text.language import counted


def shown_time(stamp: str) -> str:
    """A time the ledger wrote, for people: '2026-12-07 12:17:48 UTC'."""
    return stamp.replace("T", " ").replace("Z", " UTC")


def sent_line(kit: PostKit, number: int, sent: Sent) -> str:
    """A post's address, as soon as the server has it (and its at:// URI on Bluesky)."""
    where = sent.url if sent.url == sent.id else f"{sent.url}  ({sent.id})"
    return f"{kit.platform} {kit.slug} {number}/{len(kit.posts)}: {where}"


def chosen_line(choice: Choice) -> str:
    """With --next: which story, and why; or why none."""
    if choice.slug is None:
        return f"storykit: nothing to post: {choice.why}"
    return f"storykit: next is '{choice.slug}': {choice.why}"


def result_line(result: Result) -> str:
    """What posting one kit did."""
    kit, posting = result.kit, result.posting
    first = posting.posts[0].url if posting.posts else "(no post)"
    if result.sent == 0:
        return (
            f"storykit: '{kit.slug}' went out on {kit.label} on "
            f"{shown_time(posting.last_time)} as {posting.account}: {first} "
            "(nothing sent; --again posts it anew)"
        )
    if result.resumed:
        return (
            f"storykit: finished the {kit.label} thread of '{kit.slug}': {result.sent} posts "
            f"sent now, {len(posting.posts) - result.sent} before; it starts at {first}"
        )
    return (
        f"storykit: posted '{kit.slug}' to {kit.label} as {posting.account}: "
        f"{counted(result.sent, 'post')}, at {first}"
    )


def preview_lines(kit: KitPreview) -> list[str]:
    """A kit in a dry run: what the ledger says, then each post as it would be sent."""
    plan, before = kit.plan, kit.before
    label, slug = plan.kit.label, plan.kit.slug
    if plan.done_before and before is not None:
        first = before.posts[0].url if before.posts else "no post"
        return [
            f"\n'{slug}' on {label}: went out on {shown_time(before.last_time)} as "
            f"{before.account} ({first}): nothing would be sent (--again posts it anew)"
        ]
    total = len(plan.kit.posts)
    shape = "one post" if total == 1 else f"a thread of {total}"
    done = f", finishing: {len(before.posts)} went out before" if plan.resumes and before else ""
    lines = [
        f"\n'{slug}' on {label}: {shape}{done}; language {kit.language.tag} "
        f"({kit.language.source}); images at most {kit.image_limit:,} bytes"
    ]
    for post in kit.posts:
        reply = f", replying to {post.reply_to}" if post.reply_to else ""
        lines += [f"── post {post.number} of {post.of}{reply} ──", post.text]
        for facet in post.facets:
            shown = facet.value if facet.kind == "link" else "#" + facet.value
            lines.append(f"  {facet.kind} {shown} at bytes {facet.start}-{facet.end}")
        for image in post.images:
            size = f"{image.sent_bytes:,} bytes"
            if image.sent_bytes != image.built_bytes:
                size = f"{image.built_bytes:,} bytes, re-encoded to {size} to fit"
            focus = f"; focus {image.focus[0]:g},{image.focus[1]:g}" if image.focus else ""
            lines.append(f"  image {image.name}: {image.width}x{image.height}, {size}{focus}")
            lines.append(f"    alt: {image.alt}")
    return lines


def posting_lines(posting: LedgerEntry) -> list[str]:
    """One posting as `storykit posted` lists it: when, what, where, as whom; each address."""
    state = "" if posting.finished else f"  UNFINISHED: {len(posting.posts)} of {posting.of} out"
    head = (
        f"{shown_time(posting.last_time)}  {posting.story}  {posting.platform}  "
        f"{posting.status}  {counted(posting.of, 'post')}  as {posting.account}{state}"
    )
    return [head, *(f"    {n}. {s.url}" for n, s in enumerate(posting.posts, start=1))]
