"""Work over windows on several cores, with BLAS pinned to one thread.

Windows are independent, so the engine, the significance null and the consensus blocs run them
side by side in processes instead of letting BLAS spread one small product over many threads
(on a busy machine those threads thrash). :func:`map_shared` is the one pool they share: the
calling process computes too, taking items from the back while ``jobs - 1`` forked workers take
them from the front, so no core waits on a process that only collects results, and only the
workers' share of the results is pickled back.

>>> map_shared(abs, [-3, 1, -2], jobs=2)
[3, 1, 2]
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor

from threadpoolctl import threadpool_limits

from .errors import GraphmodelError


def usable_cores() -> int:
    """Cores this process may run on (its affinity where the platform tells it)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _run_chunk(function: Callable, chunk: list) -> list:
    # One threadpool_limits context per chunk: entering it inspects the loaded libraries.
    with threadpool_limits(1):
        return [function(item) for item in chunk]


class _Shared:
    """Yields ``(position, result)`` as items finish; the order depends on timing, the results
    do not. Has a length, so that a progress bar shows a total."""

    def __init__(self, function: Callable, items: list, jobs: int, chunk: int):
        self._function, self._items, self._jobs = function, items, jobs
        self._chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        chunks = self._chunks
        starts = list(itertools.accumulate((len(c) for c in chunks), initial=0))
        if self._jobs <= 1:
            with threadpool_limits(1):
                for position, item in enumerate(self._items):
                    yield position, self._function(item)
            return
        # fork shares the loaded modules and data with the workers (no re-import, no pickled
        # dataset); elsewhere the platform's default start method is used.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(max_workers=self._jobs - 1, mp_context=context) as pool:
            futures = [pool.submit(_run_chunk, self._function, chunk) for chunk in chunks]
            with threadpool_limits(1):
                for i in range(len(futures) - 1, -1, -1):
                    # A chunk no worker has started is cancelled and done here; the first one a
                    # worker has started means every earlier chunk is the workers' too.
                    if not futures[i].cancel():
                        break
                    for offset, item in enumerate(chunks[i]):
                        yield starts[i] + offset, self._function(item)
            for i, future in enumerate(futures):
                if not future.cancelled():
                    yield from zip(range(starts[i], starts[i + 1]), future.result())


def map_shared(
    function: Callable, items: Iterable, jobs: int = 1, *, chunk: int | None = None, progress: Callable | None = None
) -> list:
    """``[function(item) for item in items]`` over ``jobs`` processes (this one included), each
    with one BLAS/OpenMP thread. ``function`` must be picklable (a module-level function or a
    ``functools.partial`` of one). ``chunk``: items per hand-over (default: about eight per
    process, so a slow item does not leave a core idle at the end). ``progress`` wraps the
    iterator of finished items (e.g. ``tqdm``). The result does not depend on ``jobs``.
    """
    items = list(items)
    if int(jobs) < 1:
        raise GraphmodelError(f"jobs must be at least 1 (value: {jobs})")
    jobs = min(int(jobs), max(len(items), 1))
    chunk = chunk or max(1, -(-len(items) // (jobs * 8)))
    finished = _Shared(function, items, jobs, chunk)
    done = dict(progress(finished) if progress else finished)
    return [done[i] for i in range(len(items))]
