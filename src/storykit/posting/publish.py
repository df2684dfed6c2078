"""Sending a kit, exactly once: each post put on record before it is sent and after the
server accepts it, so a run stopped anywhere finishes its thread without a post twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from storykit.errors import Problem, StorykitError
from storykit.posting.kit import KitPost, PostKit
from storykit.posting.ledger import Ledger, LedgerEntry, Sending, Sent, now
from storykit.posting.problems import Progress, Refused, failure


class Poster(Protocol):
    """A signed-in account on one platform (bluesky.BlueskyPoster, mastodon.MastodonPoster)."""

    platform: str
    image_limit: int

    def sign_in(self) -> str: ...

    def new_key(self, story: str, number: int, kit: str, round: int) -> str: ...

    def already_sent(self, key: str) -> Sent | None: ...

    def send(self, post: KitPost, thread: list[Sent], key: str) -> Sent: ...

    def close(self) -> None: ...


T = TypeVar("T")
OnSent = Callable[[PostKit, int, Sent], None]  # the kit, the post's number, where it went


@dataclass(frozen=True)
class Result:
    """What posting one kit did: the posting on record, and how many posts this run sent
    (0: it had gone out before, and *posting* says when and where)."""

    kit: PostKit
    posting: LedgerEntry
    sent: int
    resumed: bool = False  # it finished a posting an earlier run had begun


@dataclass(frozen=True)
class SendPlan:
    """What posting a kit will do, decided from the ledger before anything is sent."""

    kit: PostKit
    posting: LedgerEntry | None  # an unfinished posting to finish, or the one already out
    to_send: tuple[KitPost, ...]

    @property
    def resumes(self) -> bool:
        return self.posting is not None and self.posting.finished is None

    @property
    def done_before(self) -> bool:
        return not self.to_send


def plan(ledger: Ledger, kit: PostKit, again: bool) -> SendPlan:
    """What to send of *kit*: a posting stopped part way is finished (from the post after
    its last); a story posted there before with the same status is not sent again unless
    *again*; anything else is sent whole (with *again*, also a kit that changed since its
    thread stopped part way). A changed story's status (adopted since it went
    out as available) is news: its kit goes out, the happy tail."""
    last = ledger.last(kit.slug, kit.platform)
    if last is not None and last.finished is None and (last.kit == kit.digest or not again):
        if last.kit != kit.digest:
            raise StorykitError.at(
                kit.manifest,
                f"the {kit.label} kit of '{kit.slug}' changed since its thread began going "
                f"out ({len(last.posts)} of {last.of} posts are out)",
                "undo the change to the story to finish that thread as it began, or post the "
                "new kit as a new thread with --again (the posts already out stay)",
            )
        return SendPlan(kit, last, kit.posts[len(last.posts) :])
    if last is not None and last.status == kit.status and not again:
        return SendPlan(kit, last, ())
    return SendPlan(kit, None, kit.posts)


def send(ledger: Ledger, step: SendPlan, poster: Poster, account: str, on_sent: OnSent) -> Result:
    """Send what *step* plans, with the ledger written before each post (with the key that
    makes sending it again harmless) and after the server accepts it."""
    kit, posting, resumes = step.kit, step.posting, step.resumes
    if posting is None:
        posting = LedgerEntry(
            kit.slug, kit.platform, kit.status, kit.digest, account, len(kit.posts), now()
        )
        ledger.postings.append(posting)
    round = sum(1 for p in ledger.postings if (p.story, p.platform) == (kit.slug, kit.platform))
    for post in step.to_send:
        accepted = _send_one(ledger, posting, poster, post, kit, round)
        on_sent(kit, post.number, accepted)
    return Result(kit, posting, len(step.to_send), resumes)


def _send_one(
    ledger: Ledger, posting: LedgerEntry, poster: Poster, post: KitPost, kit: PostKit, round: int
) -> Sent:
    """One post: its key on record, then sent (or found sent by a run that stopped), then
    on record as accepted."""
    already = None
    if posting.sending is not None and posting.sending.post == post.number:
        key = posting.sending.key
        already = _attempt(lambda: poster.already_sent(key), kit, posting, post)
    else:
        key = poster.new_key(kit.slug, post.number, kit.digest, round)
        posting.sending = Sending(post.number, key)
        ledger.save()
    accepted = already or _attempt(
        lambda: poster.send(post, posting.posts, key), kit, posting, post
    )
    posting.posts.append(accepted)
    posting.sending = None
    if len(posting.posts) == posting.of:
        posting.finished = now()
    ledger.save()
    return accepted


def _attempt(call: Callable[[], T], kit: PostKit, posting: LedgerEntry, post: KitPost) -> T:
    try:
        return call()
    except Refused as err:
        raise StorykitError(failure(err, progress(kit, len(posting.posts), post.number))) from None


def progress(kit: PostKit, sent: int, post: int | None = None) -> Progress:
    return Progress(kit.platform, kit.label, kit.slug, kit.manifest, sent, len(kit.posts), post)


def sign_in(poster: Poster, kit: PostKit) -> tuple[str | None, Problem | None]:
    """The account's name, or the problem signing in was."""
    try:
        return poster.sign_in(), None
    except Refused as err:
        return None, failure(err, progress(kit, 0))
