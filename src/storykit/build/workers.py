"""Card rendering in worker processes: batches go out in order and come back in the same order."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from storykit.cards import CardRequest, CardResult, PhotoCopy
from storykit.errors import StorykitError
from storykit.reels.job import ReelJob, ReelMade

Batch = tuple[list[CardRequest], list[PhotoCopy], set[str], list[ReelJob]]


@dataclass(frozen=True)
class Rendered:
    """What a batch made: its cards, then its web-size photos, each in the order asked for,
    then its reels."""

    cards: list[CardResult]
    photos: list[CardResult]
    reels: list[ReelMade] = field(default_factory=list)


Done = Callable[[Future[Rendered]], None]  # its .result() is the batch, or raises its error


def render_batch(
    requests: Sequence[CardRequest],
    copies: Sequence[PhotoCopy] = (),
    make: Collection[str] | None = None,
    reels: Sequence[ReelJob] = (),
) -> Rendered:
    """One story's cards and web-size photos (those in *make*), then its reels, framed on
    the animals the cards found. Problems are raised as a StorykitError, which crosses
    back from a worker process as it is."""
    from storykit.cards.engine import render_cards  # in the worker: the main process never draws

    made = render_cards(requests, copies, make)
    cards = sum(1 for r in requests if make is None or r.key in make)
    return Rendered(made[:cards], made[cards:], [_reel(job, made) for job in reels])


def _reel(job: ReelJob, made: Sequence[CardResult]) -> ReelMade:
    """One reel, its photos framed by what the batch's cards found, and the photos none of
    them searched (their cards were current) searched now."""
    from dataclasses import replace

    from storykit.reels.job import make_reel, unsearched

    found = {Path(photo): subjects for r in made for photo, subjects in r.detected.items()}
    more = {}
    for path in unsearched(job, found):
        from storykit.cards.detect import find_animals
        from storykit.cards.photo import decode, probe

        more[path] = find_animals(decode(probe(path), 1.0).image)
    reel = make_reel(job, {**found, **more})
    return replace(reel, detected={str(p): s for p, s in more.items()})


def rendered_here(batch: Batch) -> Future[Rendered]:
    """A batch rendered in this process, as a worker's would come back: done, with the
    batch or the error it raised."""
    here: Future[Rendered] = Future()
    try:
        here.set_result(render_batch(*batch))
    except StorykitError as err:  # handed on as it is: .result() raises it
        here.set_exception(err)
    return here


def _start_worker(parent: int) -> None:
    """A worker's start: follow the build that started it, hand large blocks back to the
    system, and load the card renderer."""
    _follow_parent(parent)
    _return_large_blocks()
    import storykit.cards.engine  # noqa: F401  (now, not when the first batch is waiting)


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept fixed


def _return_large_blocks() -> None:
    """In a worker (a process of storykit's own): every allocation of 128 KB or more gets
    its own mapping, returned to the system when freed. glibc otherwise raises that
    threshold to the largest block freed so far, after which a decoded photo's or the
    detector's buffers stay in the heap between photos. Measured: a worker that has found
    the animals in a photo holds about 50 MB less (bench/RESULTS.md). Not glibc: nothing."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    except (OSError, AttributeError):  # not glibc (musl, macOS): its own policy stays
        pass


def _follow_parent(parent: int) -> None:
    """In a worker: exit once the build that started it is gone. A build killed outright
    (SIGKILL) cannot stop its workers, and they would otherwise wait for work forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="storykit-follow-parent", daemon=True).start()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class CardQueue:
    """Renders batches of cards, in worker processes when jobs > 1.

    Each batch is one story's cards, rendered by one render_cards call whatever the number
    of workers, so the bytes never depend on --jobs. Completions are handled in submission
    order in the calling process, and at most 2 x jobs batches are in flight (bounded memory).
    Each batch's *done* is called with its finished future: .result() is what was made, or
    raises the StorykitError the batch raised (in a worker or here) as it is.
    At the end, this process renders the batches no worker has started yet itself, rather
    than wait idle for the workers to get to them.
    """

    def __init__(self, jobs: int | None = None, batches: int | None = None):
        self.jobs = max(1, jobs or default_jobs())
        # no more workers than batches to come, if that is known (one story edited: one)
        self.workers = self.jobs if batches is None else max(1, min(self.jobs, batches))
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[tuple[Future[Rendered], Done, Batch]] = deque()

    def submit(
        self,
        requests: Sequence[CardRequest],
        copies: Sequence[PhotoCopy],
        make: Collection[str],
        done: Done,
        reels: Sequence[ReelJob] = (),
    ) -> None:
        batch: Batch = (list(requests), list(copies), set(make), list(reels))
        if self.jobs == 1:
            done(rendered_here(batch))
            return
        self.pending.append((self._pool().submit(render_batch, *batch), done, batch))
        while len(self.pending) > 2 * self.workers:
            self._complete_oldest()

    def start(self) -> None:
        """Start the workers now (with jobs > 1), before the caller loads the rest of the
        build: they load the card renderer on cores that would otherwise sit idle."""
        if self.jobs > 1:
            self._pool().submit(int)  # the workers start with the first task

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            method = "fork" if threading.active_count() == 1 else "spawn"
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context(method),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return self.pool

    def _complete_oldest(self) -> None:
        future, done, _ = self.pending.popleft()
        future.exception()  # wait for it
        done(future)

    def _take_back(self) -> None:
        """Render here, newest first, each batch still waiting for a worker (one it has not
        started can be cancelled): with nothing left to submit, this process would idle."""
        for i in range(len(self.pending) - 1, -1, -1):
            future, done, batch = self.pending[i]
            if future.cancel():
                self.pending[i] = (rendered_here(batch), done, batch)

    def finish(self) -> None:
        """Wait for every batch and handle it; shut the workers down."""
        try:
            self._take_back()
            while self.pending:
                self._complete_oldest()
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
                self.pool = None
