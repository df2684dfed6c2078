"""The posting ledger, posted.yaml in the project: what went out where and when, written
after every post a server accepts, so nothing is ever posted twice."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from storykit.errors import Location, Problem, StorykitError
from storykit.fsutil import write_atomic

LEDGER_NAME = "posted.yaml"
HEADER = """\
# What `storykit post` published: each story, where, when, and the address of every post,
# in order. storykit adds to it after each post a server accepts, and reads it so that
# nothing goes out twice (`storykit posted` lists it). Keep it with your stories; it holds
# no passwords or tokens. A posting without `finished` stopped part way: `storykit post`
# finishes it. Remove an entry only to post that story there again.
"""


def now() -> str:
    """The time, as the ledger writes it: UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def when(stamp: str) -> dt.datetime:
    """A time the ledger wrote, as a datetime (UTC)."""
    return dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


@dataclass
class Sent:
    """One post a server accepted: its id (Bluesky: at:// URI; Mastodon: status id), its
    web address, and on Bluesky its content id (a reply names its parent by both)."""

    id: str
    url: str
    cid: str = ""


@dataclass
class Sending:
    """The post being sent when the ledger was last written: its number and the key that
    makes sending it again harmless (Bluesky: its record key; Mastodon: Idempotency-Key)."""

    post: int
    key: str


@dataclass
class LedgerEntry:
    """One story's kit sent to one platform: started, then each post as it is accepted."""

    story: str
    platform: str
    status: str  # the story's status when it went out
    kit: str  # the kit's digest
    account: str  # who posted it (a handle or @user@server: no secret)
    of: int  # how many posts the kit has
    started: str
    finished: str | None = None
    posts: list[Sent] = field(default_factory=list)
    sending: Sending | None = None

    @property
    def last_time(self) -> str:
        return self.finished or self.started


@dataclass
class Ledger:
    """Every posting, oldest first, as posted.yaml holds them."""

    path: Path
    postings: list[LedgerEntry] = field(default_factory=list)

    def last(self, story: str, platform: str) -> LedgerEntry | None:
        """The story's latest posting on *platform*, if it has one."""
        found = [p for p in self.postings if p.story == story and p.platform == platform]
        return found[-1] if found else None

    def save(self) -> None:
        """Write the whole ledger atomically and flush it to the disk: a post the server
        accepted is on record before anything else is sent."""
        data = [_posting_data(p) for p in self.postings]
        text = yaml.safe_dump({"postings": data}, sort_keys=False, allow_unicode=True, width=100)
        write_atomic(self.path, HEADER + text, durable=True)


# one posting as posted.yaml holds it: plain YAML, read back field by field (_posting)
PostingData = dict[str, Any]


def _posting_data(posting: LedgerEntry) -> PostingData:
    data = asdict(posting)
    for post in data["posts"]:
        if not post["cid"]:
            del post["cid"]
    for key in ("finished", "sending"):
        if data[key] is None:
            del data[key]
    return data


def load_ledger(root: Path) -> Ledger:
    """The project's ledger (empty when there is none yet). A ledger that cannot be read is
    an error: storykit never posts without knowing what went out before."""
    path = root / LEDGER_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Ledger(path)
    except OSError as err:
        raise _unreadable_ledger(path, err.strerror or str(err)) from None
    try:
        data = yaml.safe_load(text) or {}
        return Ledger(path, [_posting(p) for p in data.get("postings") or []])
    except (yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as err:
        raise _unreadable_ledger(path, str(err).split("\n", 1)[0]) from None


def _posting(data: PostingData) -> LedgerEntry:
    sending = data.get("sending")
    return LedgerEntry(
        story=str(data["story"]),
        platform=str(data["platform"]),
        status=str(data["status"]),
        kit=str(data["kit"]),
        account=str(data["account"]),
        of=int(data["of"]),
        started=str(data["started"]),
        finished=str(data["finished"]) if data.get("finished") else None,
        posts=[Sent(str(p["id"]), str(p["url"]), str(p.get("cid", ""))) for p in data["posts"]],
        sending=Sending(int(sending["post"]), str(sending["key"])) if sending else None,
    )


def _unreadable_ledger(path: Path, why: str) -> StorykitError:
    return StorykitError(
        Problem(
            Location.of(path),
            f"cannot read the posting ledger: {why}",
            "it records what went out, so storykit will not post without it: undo the "
            "last change to it (or restore it from your backup), then post again",
        )
    )


@contextlib.contextmanager
def posting_lock(root: Path) -> Iterator[None]:
    """Hold the project's posting lock (on its folder: no file is left behind), so that two
    `storykit post` runs cannot send the same story at once."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: one run at a time is the user's to keep
        yield
        return
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise StorykitError.at(
                root / LEDGER_NAME,
                "another 'storykit post' is running in this project",
                "wait for it to finish, then run this again",
            ) from None
        yield
    finally:
        os.close(fd)
