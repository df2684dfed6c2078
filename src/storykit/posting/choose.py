"""Which story `storykit post --next` sends: a thread left unfinished, then a happy tail,
then the available story posted least recently on that platform (never posted first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from storykit.posting.ledger import Ledger, LedgerEntry, when

HAPPY = "adopted"  # a story posted before that reached this status is told again, once
WAITING = "available"


@dataclass(frozen=True)
class Choice:
    """The story to post next (None: none is due) and why, in words."""

    slug: str | None
    why: str


def choose_next(
    statuses: Mapping[str, str],
    ledger: Ledger,
    platform: str,
    label: str,
    min_days: int,
    today: dt.datetime,
) -> Choice:
    """The next story to post on *platform*, from every built story's status (*statuses*,
    by slug, in the project's order) and the ledger."""
    postings: dict[str, list[LedgerEntry]] = {}
    for posting in ledger.postings:
        if posting.platform == platform and posting.story in statuses:
            postings.setdefault(posting.story, []).append(posting)
    for slug, done in postings.items():
        if done[-1].finished is None:
            return Choice(slug, f"its thread on {label} stopped part way: finishing it")
    tails = [
        (done[-1].last_time, slug)
        for slug, done in postings.items()
        if statuses[slug] == HAPPY and all(p.status != HAPPY for p in done)
    ]
    if tails:
        slug = min(tails)[1]
        first = postings[slug][0]
        return Choice(
            slug,
            f"adopted since it went out as {first.status} on {first.started[:10]}: its happy tail",
        )
    waiting = [slug for slug, status in statuses.items() if status == WAITING]
    never = [slug for slug in waiting if slug not in postings]
    if never:
        return Choice(never[0], f"never posted on {label}")
    if not waiting:
        return Choice(None, f"no story is {WAITING}, and no happy tail is waiting for {label}")
    latest = sorted((postings[slug][-1].last_time, slug) for slug in waiting)
    stamp, slug = latest[0]
    last = when(stamp)
    due = last + dt.timedelta(days=min_days)
    if due > today:
        return Choice(
            None,
            f"every {WAITING} story went out on {label} in the last {min_days} days "
            f"(posting.min_days); the next one due is '{slug}', on {due:%Y-%m-%d}",
        )
    return Choice(slug, f"posted on {label} least recently, on {stamp[:10]}")
