"""The drawing workers: a story's cards, web photos, reels and print photos drawn in worker
processes.

A story sends its drawing as one Batch and gets a Ticket; the project's build takes each
ticket back, in the order sent, when it finishes that story. The pool is started and shut
down in one place (`Workers` is a context manager, entered once per build).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing.synchronize import Lock as Gate  # the lock the workers share
from pathlib import Path
from types import TracebackType

from storykit.builder.heap import return_large_blocks
from storykit.cards.batch import CardRequest, CardResult, PhotoCopy
from storykit.cards.subjects import Subject
from storykit.reels.job import ReelJob, ReelMade


@dataclass(frozen=True)
class Batch:
    """One story's drawing: its cards and web photos (those in *make*; every one is named,
    for each decode is made at the scale all of them need, so bytes never depend on what
    else is made), then its reels, framed on the animals the cards find; then *apart*:
    groups of requests drawn apart from the cards, each group by its own call from decodes
    of its own (a print output's photos, larger than any card's: sharing the cards' decodes
    would change every card's bytes), each photo framed on the animals the cards find."""

    cards: tuple[CardRequest, ...] = ()
    copies: tuple[PhotoCopy, ...] = ()
    make: frozenset[str] = frozenset()
    reels: tuple[ReelJob, ...] = ()
    apart: tuple[tuple[CardRequest, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.make and not self.reels and not self.apart

    @property
    def heavy(self) -> bool:
        """Whether it decodes photos or encodes a reel (a worker then holds a few hundred
        MB): such batches are drawn one at a time across the workers."""
        return bool(
            self.reels
            or self.apart
            or any(q.photos for q in self.cards if q.key in self.make)
            or any(c.key in self.make for c in self.copies)
        )


@dataclass(frozen=True)
class Drawn:
    """What a batch made: its cards and web photos by key, its reels, and what it drew
    apart, by key."""

    made: dict[str, CardResult] = field(default_factory=dict)
    reels: tuple[ReelMade, ...] = ()
    apart: dict[str, CardResult] = field(default_factory=dict)


def draw(batch: Batch, gate: Gate | None = None) -> Drawn:
    """Draw one batch (in a worker, or here). A heavy batch is drawn holding *gate*, the
    lock the build's workers share (when there are several), so no two are drawn at once.
    Problems are raised as a StorykitError, which crosses back from a worker as it is."""
    if gate is None or not batch.heavy:
        return _draw(batch)
    with gate:
        try:
            return _draw(batch, lean=True)
        finally:
            _let_detector_go()


def _draw(batch: Batch, lean: bool = False) -> Drawn:
    """The batch drawn; *lean*: the detector let go once the cards are made (not held
    while the reels are encoded)."""
    from storykit.cards.engine import render_cards  # in the workers: the build never draws

    made = render_cards(batch.cards, batch.copies, batch.make)
    if lean and batch.reels:
        _let_detector_go()
    found = {Path(photo): subjects for r in made for photo, subjects in r.detected.items()}
    reels = tuple(_make_reel(job, found) for job in batch.reels)
    apart = [r for group in batch.apart for r in render_cards([framed(q, found) for q in group])]
    return Drawn({r.key: r for r in made}, reels, {r.key: r for r in apart})


def framed(request: CardRequest, found: Mapping[Path, tuple[Subject, ...]]) -> CardRequest:
    """*request* with the animals the batch's cards found in its photos, where it does not
    know them yet: framed as the cards are, and no photo searched twice."""
    photos = tuple(
        replace(ps, subjects=found[Path(ps.path)])
        if ps.subjects is None and Path(ps.path) in found
        else ps
        for ps in request.photos
    )
    return replace(request, photos=photos)


def _make_reel(job: ReelJob, found: Mapping[Path, tuple[Subject, ...]]) -> ReelMade:
    """One reel, its photos framed by the animals the batch's cards *found*, and the photos
    none of them searched (their cards were current) searched now."""
    from storykit.reels.job import make_reel, unsearched

    more = {}
    for path in unsearched(job, found):
        from storykit.cards.detect import find_animals
        from storykit.cards.photo import decode, probe

        more[path] = find_animals(decode(probe(path), 1.0))
    reel = make_reel(job, {**found, **more})
    return replace(reel, detected={str(p): s for p, s in more.items()})


def _let_detector_go() -> None:
    """Let the detector go, where it was loaded (not loading OpenCV to do so)."""
    detect = sys.modules.get("storykit.cards.detect")
    if detect is not None:
        detect.let_go()


@dataclass
class Ticket:
    """A batch sent: its future in a worker, or (one job) the batch to draw when taken."""

    batch: Batch
    future: Future[Drawn] | None = None


_gate: Gate | None = None  # in a worker process: the build's gate, from its initializer


def _start_worker(parent: int, gate: Gate) -> None:
    """A worker's start: follow the build that started it, keep the gate its heavy batches
    are drawn under, hand large blocks back to the system, and load the card renderer."""
    global _gate
    _gate = gate
    _follow_parent(parent)
    return_large_blocks()
    import storykit.cards.engine  # noqa: F401  (now, not when the first batch is waiting)


def _draw_in_worker(batch: Batch) -> Drawn:
    return draw(batch, _gate)


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


class Workers:
    """Draws batches: with N jobs, in N - 1 worker processes and here (with one job, all of
    them here, each when its ticket is taken).

    This process is one of the jobs: it renders every story's words, pages and print, and
    draws each light batch no worker has started when its ticket is taken (it would
    otherwise only wait). A heavy batch (photos decoded, a reel encoded) waits for its
    worker, and heavy batches are drawn one at a time, under a lock the workers share: two
    1080x1920 reels encoded at once were the build's peak of memory. A worker for every
    core would only compete with this process for the cores and hold memory of its own:
    on two cores, one worker beside this process gives the same wall time and a peak 56 MB
    lower (bench/RESULTS.md). Each batch is drawn by one call whatever the number of
    workers, so the bytes never depend on --jobs. *window* is how many stories may wait for
    their drawing at once (two per job: bounded memory).
    """

    def __init__(self, jobs: int | None = None, batches: int | None = None):
        self.jobs = max(1, jobs or default_jobs())
        # this process is one of the jobs; no more workers than batches to come, if that is
        # known (one story edited: one)
        helpers = max(1, self.jobs - 1)
        self.workers = helpers if batches is None else max(1, min(helpers, batches))
        self.window = 0 if self.jobs == 1 else 2 * self.jobs
        self.pool: ProcessPoolExecutor | None = None
        self.gate: Gate | None = None

    def __enter__(self) -> Workers:
        """Start the workers now (with several jobs), before the build loads the rest: they
        load the card renderer on cores that would otherwise sit idle."""
        if self.jobs > 1:
            self._pool().submit(int)  # the workers start with the first task
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def send(self, batch: Batch) -> Ticket:
        if self.jobs == 1:
            return Ticket(batch)
        return Ticket(batch, self._pool().submit(_draw_in_worker, batch))

    def take(self, ticket: Ticket) -> Drawn:
        """The batch drawn (waiting for its worker, or, a light batch no worker has started,
        drawing it here); raises the StorykitError the drawing raised."""
        if ticket.future is None or (not ticket.batch.heavy and ticket.future.cancel()):
            return draw(ticket.batch)
        return ticket.future.result()

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            method = "fork" if threading.active_count() == 1 else "spawn"
            context = multiprocessing.get_context(method)
            self.gate = context.Lock()
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(os.getpid(), self.gate),
            )
        return self.pool
