"""Card rendering in worker processes: batches go out in order and come back in the same order."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .cards import CardRequest, CardResult, render_cards
from .errors import Problem, StorykitError

WebJob = tuple[str, Path, int]  # output path, source photo, long edge
WebPhoto = tuple[str, bytes, int, int]  # output path, JPEG bytes, width, height
Outcome = tuple[list[CardResult], list[WebPhoto]] | list[Problem]
Done = Callable[[Outcome], None]


def render_batch(requests: Sequence[CardRequest], webs: Sequence[WebJob] = ()) -> Outcome:
    """One story's cards and web-size photos; user problems come back as data."""
    from .site import web_photo

    try:
        cards = render_cards(requests) if requests else []
        photos = [(key, *web_photo(path, edge)) for key, path, edge in webs]
    except StorykitError as err:
        return err.problems  # exceptions with our signature do not pickle well
    return cards, photos


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
    """

    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or default_jobs())
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[tuple[Future[Outcome], Done]] = deque()

    def submit(self, requests: Sequence[CardRequest], webs: Sequence[WebJob], done: Done) -> None:
        if self.jobs == 1:
            done(render_batch(requests, webs))
            return
        if self.pool is None:
            method = "fork" if threading.active_count() == 1 else "spawn"
            self.pool = ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context(method)
            )
        self.pending.append((self.pool.submit(render_batch, list(requests), list(webs)), done))
        while len(self.pending) > 2 * self.jobs:
            self._complete_oldest()

    def _complete_oldest(self) -> None:
        future, done = self.pending.popleft()
        done(future.result())

    def finish(self) -> None:
        """Wait for every batch and handle it; shut the workers down."""
        try:
            while self.pending:
                self._complete_oldest()
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
                self.pool = None
