"""Extraction off the event loop: a process pool sized to the cores.

Extraction is CPU-bound Python; threads would serialise on the GIL while the loop needs the
CPU to keep fetching, so pages go to worker processes. Workers are forked before the first
request (no threads to copy into them yet), ignore Ctrl-C (the parent decides how to stop) and
exit when the parent dies, even by ``kill -9``. A crashed worker costs the pages it held
(kind ``internal``) and the pool is rebuilt.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scraper.deadline import EXTRACT_DEADLINE_S, extraction_deadline
from scraper.errors import ScraperError
from scraper.models import Article, RawPage
from scraper.pipeline import extract_page
from scraper.settings import ExtractSettings

__all__ = ["Extracted", "ExtractionPool"]

#: How often a worker checks that its parent is still alive.
ORPHAN_CHECK_S = 0.5

#: (article, None, None) or (None, error kind, message).
Extracted = tuple[Article | None, str | None, str | None]


def _worker_init(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)  # the fd inherited from the parent's event loop is not ours

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def extract_one(raw: RawPage, settings: ExtractSettings,
                deadline: float = EXTRACT_DEADLINE_S) -> Extracted:
    """Worker body: never raises, so one bad page cannot take down the pool's queue, and
    gives up on a page after ``deadline`` seconds."""
    try:
        with extraction_deadline(deadline):
            return extract_page(raw, settings), None, None
    except ScraperError as exc:
        return None, exc.kind, exc.message
    except Exception as exc:  # a bug costs this page, reported as such, not the run
        return None, "internal", f"{type(exc).__name__}: {exc}"


def _noop() -> int:
    return os.getpid()


class ExtractionPool:
    """``await pool.extract(raw)`` runs ``extract_page`` in a worker process."""

    def __init__(self, settings: ExtractSettings, workers: int) -> None:
        self._settings = settings
        self._workers = workers or os.cpu_count() or 1
        self._pool = self._start()

    @property
    def workers(self) -> int:
        return self._workers

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_init, initargs=(os.getpid(),))
        # Fork every worker now, before the HTTP client starts threads that fork would copy.
        for future in [pool.submit(_noop) for _ in range(self._workers)]:
            future.result()
        return pool

    async def extract(self, raw: RawPage) -> Extracted:
        pool = self._pool
        try:
            return await asyncio.get_running_loop().run_in_executor(
                pool, extract_one, raw, self._settings)
        except BrokenProcessPool:
            if pool is self._pool:
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._start()
            return None, "internal", "extraction worker crashed on this page"

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
