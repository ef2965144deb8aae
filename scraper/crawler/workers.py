"""Extraction off the caller's thread: processes sized to the cores.

Extraction is CPU-bound Python; threads would serialise on the GIL, so pages go to worker
processes, and every path runs the same function there (``scraper.pipeline.extract_outcome``):

- ``ExtractionPool``: the crawl's, awaited from its event loop (``await pool.extract(raw)``).
- ``ordered_map``: ``scraper extract``'s, over files or archive records, synchronous, results
  in input order.

Workers are forked before the first request or task (no threads to copy into them yet),
ignore Ctrl-C (the parent decides how to stop) and exit when the parent dies, even by
``kill -9``. A crashed worker costs the pages it held (an ``InternalError``) and the pool is
rebuilt. Outcomes come back as they are (``Outcome``: the article or the error instance,
pickled), so a failure's kind is its class on both sides of the process boundary.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar, cast

from scraper.deadline import EXTRACT_DEADLINE_S
from scraper.errors import InternalError
from scraper.extractor.models import load_models
from scraper.models import RawPage
from scraper.pipeline import Outcome, extract_outcome
from scraper.settings import ExtractSettings

__all__ = ["CRASHED", "ExtractionPool", "default_jobs", "ordered_map"]

#: How often a worker checks that its parent is still alive.
ORPHAN_CHECK_S = 0.5

#: Tasks in flight per worker in ``ordered_map``: enough that a worker never waits for the
#: parent (which reads inputs and writes results between collecting), few enough that the
#: pages held, and the results waiting behind a slow page for their turn, stay a few MB.
WINDOW_PER_JOB = 32

#: Tasks sent to a worker at once in ``ordered_map``. One task a trip cost the parent 0.6 ms
#: of pool bookkeeping a page (its feeder and result threads contend with it for the GIL).
#: ``bench/parallel.py``, 1,500 pages, 2 jobs against 1: x1.58 one at a time, x1.66 in
#: batches of 4 (16 in flight a worker), x1.73-1.74 in batches of 8 (32 in flight); larger
#: batches hold more pages in memory and delay the results behind a batch's slowest page.
BATCH_ITEMS = 8

#: The error message of a page whose worker process died on it.
CRASHED = "extraction worker crashed on this page"

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """One worker per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _worker_init(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)  # the fd inherited from the parent's event loop is not ours

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _noop() -> int:
    return os.getpid()


def _start_pool(workers: int) -> ProcessPoolExecutor:
    # What the pipeline loads on first use is loaded here, and frozen out of the collector's
    # reach (its passes would write to every object and unshare the pages), so the forked
    # workers share one copy instead of each loading its own.
    load_models()
    gc.freeze()
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_init, initargs=(os.getpid(),))
    # Fork every worker now, before the caller starts threads that fork would copy.
    for future in [pool.submit(_noop) for _ in range(workers)]:
        future.result()
    return pool


class ExtractionPool:
    """``await pool.extract(raw)`` runs ``extract_outcome`` in a worker process."""

    def __init__(self, settings: ExtractSettings, workers: int) -> None:
        self._settings = settings
        self._workers = workers or default_jobs()
        self._pool = _start_pool(self._workers)

    @property
    def workers(self) -> int:
        return self._workers

    async def extract(self, raw: RawPage, links: bool = False) -> Outcome:
        """The page's outcome; with ``links``, its links too (a crawl following them)."""
        pool = self._pool
        try:
            return await asyncio.get_running_loop().run_in_executor(
                pool, extract_outcome, raw, self._settings, EXTRACT_DEADLINE_S, links)
        except BrokenProcessPool:
            if pool is self._pool:
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = _start_pool(self._workers)
            return Outcome(error=InternalError(CRASHED, url=raw.url))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def ordered_map(func: Callable[[T], R], items: Iterable[T], jobs: int,
                crashed: Callable[[T], R],
                ready: Callable[[T], R | None] | None = None) -> Generator[R, None, None]:
    """``func`` over ``items`` in ``jobs`` worker processes (in this process for 1), results
    in input order.

    ``items`` is consumed lazily and at most ``jobs * WINDOW_PER_JOB`` of them are in flight
    (a bounded queue each way, and a bounded reordering buffer: a slow item holds back only
    the window behind it), so an input of any size runs in constant memory. Items travel in
    batches of ``BATCH_ITEMS``. ``func`` must not raise; ``crashed(item)`` is the result of an
    item whose worker died, after which the pool is rebuilt and the rest goes on.
    ``ready(item)``, when not None, is the item's result known already: it takes its place in
    the order without a trip to a worker.
    """
    if jobs <= 1:
        for item in items:
            known = ready(item) if ready is not None else None
            yield func(item) if known is None else known
        return
    pool = _start_pool(jobs)
    window: deque[_Slot[T, R]] = deque()
    batch: _Batch[T, R] = _Batch()
    try:
        for item in items:
            known = ready(item) if ready is not None else None
            if known is None:
                window.append(_Slot(item, batch, len(batch.items)))
                batch.items.append(item)
                if len(batch.items) >= BATCH_ITEMS:
                    batch.submit(pool, func)
                    batch = _Batch()
            else:
                window.append(_Slot(item, known=known))
            if len(window) >= jobs * WINDOW_PER_JOB:
                result, pool = _collect(func, window, pool, jobs, crashed)
                yield result
        while window:
            result, pool = _collect(func, window, pool, jobs, crashed)
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_batch(func: Callable[[T], R], items: list[T]) -> list[R]:
    return [func(item) for item in items]


class _Batch(Generic[T, R]):
    """Items sent to a worker together (one pickling, one wake-up each way, not one per
    item); ``future`` is None until it is sent."""

    __slots__ = ("future", "items")

    def __init__(self) -> None:
        self.items: list[T] = []
        self.future: Future[list[R]] | None = None

    def submit(self, pool: ProcessPoolExecutor, func: Callable[[T], R]) -> None:
        self.future = pool.submit(_run_batch, func, self.items)

    def failed(self) -> bool:
        """Lost with a broken pool: cancelled, or failed, or still waiting on it."""
        future = self.future
        return future is not None and (not future.done() or future.cancelled()
                                       or future.exception() is not None)


class _Slot(Generic[T, R]):
    """One item's place in the output order: its batch and index there, or its result."""

    __slots__ = ("batch", "index", "item", "known")

    def __init__(self, item: T, batch: _Batch[T, R] | None = None, index: int = 0,
                 known: R | None = None) -> None:
        self.item, self.batch, self.index, self.known = item, batch, index, known


def _collect(func: Callable[[T], R], window: deque[_Slot[T, R]],
             pool: ProcessPoolExecutor, jobs: int,
             crashed: Callable[[T], R]) -> tuple[R, ProcessPoolExecutor]:
    """The result of the window's first item. When the pool has broken, every batch in it
    failed with it, whichever item killed it: the first item is run again alone in a new pool
    (it is the culprit if that one breaks too), then the others still without a result are
    sent again, so a crash costs only the item that caused it."""
    slot = window.popleft()
    batch = slot.batch
    if batch is None:
        return cast(R, slot.known), pool  # a known result, never None for such a slot
    if batch.future is None:  # the last, partial batch: send it now
        batch.submit(pool, func)
    assert batch.future is not None
    try:
        return batch.future.result()[slot.index], pool
    except BrokenProcessPool:
        pass
    pool.shutdown(wait=False, cancel_futures=True)
    pool = _start_pool(jobs)
    try:
        result = pool.submit(func, slot.item).result()
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        pool = _start_pool(jobs)
        result = crashed(slot.item)
    _resend(func, window, pool)
    return result, pool


def _resend(func: Callable[[T], R], window: deque[_Slot[T, R]],
            pool: ProcessPoolExecutor) -> None:
    """Send again, in new batches, the items of the window whose batch the broken pool lost
    (an item whose batch came back whole keeps its result)."""
    again: dict[int, _Batch[T, R]] = {}
    for slot in window:
        old = slot.batch
        if old is None or not old.failed():
            continue
        new = again.setdefault(id(old), _Batch())
        slot.batch, slot.index = new, len(new.items)
        new.items.append(slot.item)
    for new in again.values():
        new.submit(pool, func)
