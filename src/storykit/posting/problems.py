"""What a server said when posting failed, as a problem a volunteer can act on."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from storykit.errors import Location, Problem
from storykit.posting.credentials import NEEDED
from storykit.posting.ledger import LEDGER_NAME

T = TypeVar("T")
Kind = Literal["signin", "scope", "refused", "network", "ratelimit", "server"]
ADDRESS = {"bluesky": "STORYKIT_BLUESKY_SERVICE", "mastodon": "STORYKIT_MASTODON_URL"}
MAX_WAIT = 120.0  # seconds: a rate limit asking for longer stops the run, saying when to retry
TRIES = 4  # sends of one request when a server asks to wait


class Refused(Exception):
    """A server did not take a request: what kind of failure, its own words (with no
    secret in them), and for a rate limit how many seconds it asked to wait."""

    def __init__(self, kind: Kind, detail: str, wait: float | None = None):
        super().__init__(kind, detail, wait)
        self.kind, self.detail, self.wait = kind, detail, wait


def transport_failure(err: BaseException) -> str:
    """Why a request got no answer, in a few words ("[Errno 111] Connection refused"), from
    an HTTP library's exception and what caused it."""
    texts = [str(e) for e in (err, err.__cause__, err.__context__) if e is not None]
    for text in texts:
        found = re.search(r"\[Errno -?\d+\][^'\")]*", text)
        if found:
            return found.group(0).strip()
    for e in (err.__cause__, err.__context__):
        if e is not None and str(e):
            return str(e)[:120]
    return "no answer"


def patiently(call: Callable[[], T], sleep: Callable[[float], None] = time.sleep) -> T:
    """*call*, again after the wait a server asks for when it limits the rate (up to TRIES
    sends, each wait at most MAX_WAIT); any other refusal at once."""
    for attempt in range(1, TRIES + 1):
        try:
            return call()
        except Refused as err:
            wait = err.wait if err.wait is not None else 5.0 * attempt
            if err.kind != "ratelimit" or attempt == TRIES or wait > MAX_WAIT:
                said = wait if err.kind == "ratelimit" else None
                raise Refused(err.kind, err.detail, said) from None
            sleep(wait)
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Progress:
    """Where a posting stood when it failed, to say what is out and what to do."""

    platform: str  # "bluesky", "mastodon"
    label: str  # "Bluesky"
    slug: str
    manifest: Path  # the kit's post.json: where the problem is shown
    sent: int  # posts out (and on record)
    of: int
    post: int | None = None  # the post being sent, if one was


def failure(err: Refused, at: Progress) -> Problem:
    """The problem to show for *err*, met while posting as *at* says."""
    message, hint = _words(err, at)
    return Problem(Location.of(at.manifest), message, f"{hint}; {_standing(at)}")


def _words(err: Refused, at: Progress) -> tuple[str, str]:
    label, detail = at.label, err.detail
    variables = [n for n in NEEDED if n.startswith(f"STORYKIT_{at.platform.upper()}_")]
    if err.kind == "signin":
        how = NEEDED[variables[-1]][1]
        return (
            f"{label} did not accept the sign-in ({detail})",
            f"check {' and '.join(variables)}: {how}",
        )
    if err.kind == "scope":
        return (
            f"{label} did not allow the post ({detail})",
            f"the token lacks a permission: {NEEDED[variables[-1]][1]}",
        )
    if err.kind == "network":
        return (
            f"could not reach {label} ({detail})",
            f"check the internet connection and {ADDRESS[at.platform]}, then run the same "
            "command again",
        )
    if err.kind == "ratelimit":
        wait = err.wait or 0
        return (
            f"{label} limits how fast it takes posts and asks to wait {_duration(wait)} ({detail})",
            f"run the same command again in {_duration(wait)}",
        )
    number = f"post {at.post} of {at.of}" if at.post else "the post"
    if err.kind == "server":
        return (
            f"{label} failed to take {number} of '{at.slug}' ({detail})",
            "the trouble is on the server's side: run the same command again later",
        )
    return (
        f"{label} refused {number} of '{at.slug}': {detail}",
        "change what it objects to in the story, then run the same command again",
    )


def _standing(at: Progress) -> str:
    if at.sent == 0:
        return "nothing was posted"
    return (
        f"{at.sent} of {at.of} posts went out and are recorded in {LEDGER_NAME}: the thread "
        "goes on from there, nothing is posted twice"
    )


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    return f"{round(seconds / 60)} min"
