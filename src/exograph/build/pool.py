"""The build's worker pool: `map` over forked processes that share the parent's state for free.

Workers are forked, so they read the parsed records, the cache and the shapes without pickling them;
where fork is not available (macOS, Windows) the work runs in this process.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import sys
from typing import Any, Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNKS_PER_WORKER = 2  # a couple of chunks each, so one slow chunk does not leave a core idle

# True inside a worker: work mapped there must not start a pool of its own.
_IN_WORKER = False
# The state a forked worker reads: set in the parent just before the pool starts.
_SHARED: dict[str, Any] = {}


def worker_count(n_tasks: int, requested: int | None = None) -> int:
    """How many processes to use: `requested`, else EXOGRAPH_WORKERS, else the CPU count; at most one
    per task."""
    wanted = requested or int(os.environ.get("EXOGRAPH_WORKERS", "0") or 0) or (os.cpu_count() or 1)
    return max(1, min(wanted, n_tasks))


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def in_worker() -> bool:
    return _IN_WORKER


def chunks(n: int, count: int) -> list[range]:
    """`count` contiguous, near-equal ranges covering 0..n."""
    size = max(1, math.ceil(n / max(1, count)))
    return [range(start, min(start + size, n)) for start in range(0, n, size)]


def shared_state() -> dict[str, Any]:
    return _SHARED


def _mark_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True


def fork_map(function: Callable[[T], R], tasks: Sequence[T], shared: dict[str, Any], workers: int) -> Iterator[R]:
    """`map(function, tasks)` over forked processes that see `shared` (read via shared_state()),
    results in task order. With one worker, or without fork, it runs here, in this process."""
    _SHARED.clear()
    _SHARED.update(shared)
    if workers <= 1 or not can_fork() or len(tasks) <= 1:
        yield from map(function, tasks)
        return
    # Objects alive now (parsed records: millions at 10,000 studies) move out of the collector's reach:
    # otherwise every full collection in a worker walks them all (time grows faster than the data)
    # and touches their pages, un-sharing the memory fork shares.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_mark_worker) as pool:
            yield from pool.imap(function, tasks)
    finally:
        gc.unfreeze()


def pooled_chunks(function: Callable[[range], list[R]], n: int, shared: dict[str, Any],
                  workers: int | None = None) -> list[R]:
    """`function` over contiguous chunks of 0..n in the pool, the chunks' results joined in order."""
    count = worker_count(n, workers)
    tasks = chunks(n, count * CHUNKS_PER_WORKER)
    return [item for done in fork_map(function, tasks, shared, count) for item in done]
