"""Handing memory back to the system: glibc's allocator, in storykit's own processes."""

from __future__ import annotations

import ctypes
from functools import lru_cache

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept fixed


def return_large_blocks() -> None:
    """In a worker (a process of storykit's own): every allocation of 128 KB or more gets
    its own mapping, returned to the system when freed. glibc otherwise raises that
    threshold to the largest block freed so far, after which a decoded photo's or the
    detector's buffers stay in the heap between photos. Measured: a worker that has found
    the animals in a photo holds about 50 MB less (bench/RESULTS.md). Not glibc: nothing."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def give_back_memory() -> None:
    """Hand the free pages of this process's heap back to the system (glibc's malloc_trim),
    after a story whose drawing was heavy: its cards, print photos and pages were large
    blocks, freed, that glibc would otherwise keep (37 MB in the 1,000-story bench, while
    the workers encode reels). Changes no setting. Not glibc: nothing."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@lru_cache(maxsize=1)
def _glibc() -> ctypes.CDLL | None:
    """The C library, where it is glibc (musl and macOS have neither call: their own
    policy stays)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None
