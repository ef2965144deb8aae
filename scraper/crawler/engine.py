"""The crawl engine: input URLs in, ``CrawlResult`` out, as pages complete.

    input lines --reader thread--> admit (check, dedupe) --> HostScheduler (per-host queues)
        --dispatch (global + per-host limits)--> fetch task --> extraction pool --> results

Work in memory is bounded whatever the input size: at most ``BUFFERED_JOBS`` URLs wait in the
host queues (input is read only as they drain), ``concurrency`` pages are being fetched, and a
few per extraction worker wait for a worker. Duplicates are caught twice: on input (same
normalised URL as an earlier line) and after the fetch (final or canonical URL already
written). Retries go back to their host's queue with a due time, so a backing-off page holds
no slot.

A discovering run (sitemaps, feeds, ``follow``) reads its input into the SQLite frontier
(``frontier.py``) instead, and the dispatch loop takes from there: sources are fetched through
the same host queues (the same politeness), read in a thread (``discovery.py``), and add
their entries; a followed page's links (read by the worker from the page's one parse) are
judged (``follow.py``) and added. Every row ends as exactly one result, or, for a source read
whole, as nothing but its entries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from scraper.crawler.discovery import EntryRules, read_entries
from scraper.crawler.fallbacks import apply_hints
from scraper.crawler.follow import LinkPolicy, url_rank
from scraper.crawler.frontier import (
    AUTO_SITEMAPS,
    Discovery,
    Frontier,
    Hints,
    Item,
    ItemKind,
    NewItem,
)
from scraper.crawler.pages import join_pages
from scraper.crawler.skips import Skip
from scraper.crawler.state import CrawlState, DoneEntry, PageRecord
from scraper.crawler.workers import ExtractionPool
from scraper.errors import (
    FeedError,
    HTTPStatusError,
    InternalError,
    ScraperError,
    SitemapError,
    SourceError,
)
from scraper.fetcher.client import Fetched, Fetcher, Validators
from scraper.fetcher.politeness import HostScheduler
from scraper.fetcher.retry import retry_delay, should_retry
from scraper.fetcher.urls import (
    checked_url,
    host_of,
    key_of_normalized,
    normalize_url,
    origin_of,
    redact_url,
)
from scraper.models import Article, RawPage
from scraper.serialize import error_record
from scraper.settings import CrawlSettings, since_datetime
from scraper.sources.dates import parse_source_date
from scraper.sources.sitemap import MAX_SITEMAPS

__all__ = ["CrawlResult", "Crawler", "Discovery", "Skip"]

log = logging.getLogger(__name__)

#: URLs waiting in host queues: enough to interleave hundreds of hosts, small enough that a
#: 10-million-line input costs a few megabytes.
BUFFERED_JOBS = 2000

#: Input lines read per trip to the reader thread.
INPUT_BATCH = 256

#: Fetched pages allowed to wait for each extraction worker: keeps workers busy while
#: bounding the bodies held in memory.
EXTRACT_BACKLOG_PER_WORKER = 4

#: Results waiting for the consumer before the crawl pauses.
RESULT_QUEUE = 256

#: Frontier rows held in the host queues per concurrent fetch in a discovering run: enough
#: that no slot waits, few enough that the frontier's order (breadth first, articles first)
#: is the order of the fetches and a link found later still overtakes the rows queued.
FRONTIER_BUFFER_PER_FETCH = 2


@dataclass(slots=True)
class CrawlResult:
    """One input URL's outcome: an ``article``, a ``skip``, or an ``error``.

    ``kind`` and ``message`` are what the errors file gets (``invalid_url``, ``timeout``,
    ..., ``internal`` for a bug, or the skip kind); both are None/empty with an article.
    """

    url: str
    article: Article | None = None
    error: ScraperError | None = None
    skip: Skip | None = None
    kind: str | None = None
    message: str = ""
    index: int = -1
    host: str = ""
    entry: DoneEntry | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.article is not None

    @property
    def failed(self) -> bool:
        """A real failure (not a skip): what makes the CLI exit 1."""
        return self.article is None and self.skip is None

    def error_record(self) -> dict[str, Any]:
        """The errors-file line for a failure or skip."""
        return error_record(self.url, self.kind or "error", self.message)


@dataclass(slots=True)
class _Job:
    index: int
    url: str
    target: str
    norm: str
    key: int
    host: str
    attempts: int = 0
    kind: ItemKind = ItemKind.PAGE
    depth: int = 0
    hints: Hints | None = None


_END = object()


@dataclass(slots=True, frozen=True)
class _Eof:
    """End of input, or the exception that ended it."""

    error: BaseException | None


def _failure(job: _Job | None, url: str, index: int, kind: str, message: str,
             error: ScraperError | None = None, skip: Skip | None = None,
             key: int = 0) -> CrawlResult:
    return CrawlResult(url=url, error=error, skip=skip, kind=kind, message=message,
                       index=index, host=job.host if job else "",
                       entry=DoneEntry(index, job.key if job else key))


class _Reader:
    """Reads input lines in a daemon thread, so a slow stdin never blocks fetching and a
    blocked read never keeps the process alive at exit. Lines are handed over one by one (a
    URL typed into a pipe is crawled at once) through a bounded queue (read-ahead is capped);
    the loop is woken only when it is waiting for input."""

    def __init__(self, lines: Iterable[str], loop: asyncio.AbstractEventLoop) -> None:
        self._queue: queue.Queue[tuple[int, str] | _Eof] = queue.Queue(maxsize=INPUT_BATCH * 4)
        self._loop = loop
        self._lines = lines
        self._ready = asyncio.Event()
        self._lock = threading.Lock()
        self._waiting = False
        self._eof: _Eof | None = None
        threading.Thread(target=self._run, daemon=True, name="scraper-input").start()

    def _run(self) -> None:
        try:
            for item in enumerate(self._lines):
                self._put(item)
            self._put(_Eof(None))
        except BaseException as exc:  # handed to the loop, re-raised there
            self._put(_Eof(exc))

    def _put(self, item: tuple[int, str] | _Eof) -> None:
        self._queue.put(item)
        with self._lock:
            if not self._waiting:
                return
            self._waiting = False
        with contextlib.suppress(RuntimeError):  # the loop is gone: the crawl is over
            self._loop.call_soon_threadsafe(self._ready.set)

    async def next_batch(self) -> list[tuple[int, str]] | None:
        """Up to ``INPUT_BATCH`` lines, waiting only if none is available; None at the end."""
        while True:
            if self._eof is not None:
                if self._eof.error is not None:
                    raise self._eof.error
                return None
            batch: list[tuple[int, str]] = []
            while len(batch) < INPUT_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if isinstance(item, _Eof):
                    self._eof = item  # the lines before it are delivered first
                    break
                batch.append(item)
            if batch:
                return batch
            with self._lock:
                wait = self._eof is None and self._queue.empty()
                if wait:
                    self._waiting = True
                    self._ready.clear()
            if wait:
                await self._ready.wait()


class Crawler:
    """Runs one crawl; use as ``async with Crawler(settings, state) as c: async for r in
    c.run(urls)``. ``stop()`` stops taking input and lets fetches in flight finish."""

    def __init__(self, settings: CrawlSettings, state: CrawlState | None = None,
                 archive: Callable[[Fetched], None] | None = None) -> None:
        self.settings = settings
        self.state = state
        self._archive = archive  # called with every page, sitemap and feed fetched
        self.fetched = 0
        #: Sitemaps, feeds and robots.txt files read whole or in part.
        self.sources_read = 0
        self.resumed_skips = 0
        self.completed = False
        self._stopping = False
        self._sched: HostScheduler[_Job] = HostScheduler(settings.per_host, self._delay_for)
        self._crawl_delays: dict[str, float] = {}
        self._seen: set[int] = set()
        self._written: set[int] = set()
        self._fetching = 0
        self._live = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._pool: ExtractionPool | None = None
        self._fetcher: Fetcher | None = None
        self._wake = asyncio.Event()
        self._results: asyncio.Queue[object] = asyncio.Queue(maxsize=RESULT_QUEUE)
        self._crash: BaseException | None = None
        self._frontier: Frontier | None = None
        self._policy = LinkPolicy(())
        self._since = since_datetime(settings.since) if settings.since else None

    async def __aenter__(self) -> Crawler:
        self._pool = ExtractionPool(self.settings.extract, self.settings.workers)
        self._fetcher = Fetcher(self.settings)
        self._live_limit = self.settings.concurrency + \
            EXTRACT_BACKLOG_PER_WORKER * self._pool.workers
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.cancel()
        if self._frontier is not None:
            self._frontier.close()
        if self._fetcher is not None:
            await self._fetcher.aclose()
        if self._pool is not None:
            self._pool.close()

    def stop(self) -> None:
        """Take no more input; pages in flight finish and are reported."""
        self._stopping = True
        self._wake.set()

    async def cancel(self) -> None:
        """Abandon the pages in flight (they are fetched again by a resumed run)."""
        self.stop()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def run(self, urls: Iterable[str],
                  discovery: Discovery | None = None) -> AsyncIterator[CrawlResult]:
        """Results in completion order, one per input line (lines already done in a resumed
        run are skipped silently and counted in ``resumed_skips``). With ``discovery`` (or
        ``settings.follow``) the run discovers more URLs, each of which gets its result too,
        and a source (sitemap, feed) gets one when it failed, whole or in part."""
        if self.state is not None and self.state.resumed:
            for key, canon in self.state.done_keys():
                self._seen.add(key)
                if canon is not None:
                    self._written.add(canon)
        if discovery is None and (self.settings.follow or self.settings.max_pages is not None):
            discovery = Discovery()  # the frontier follows links and counts the page budget
        dispatcher = asyncio.create_task(self._dispatch_guarded(urls, discovery))
        try:
            while (item := await self._results.get()) is not _END:
                assert isinstance(item, CrawlResult)
                yield item
            await dispatcher
            if self._crash is not None:
                raise self._crash
        finally:
            if not dispatcher.done():
                dispatcher.cancel()
                await asyncio.gather(dispatcher, return_exceptions=True)

    # -- dispatch ------------------------------------------------------------------------

    async def _dispatch_guarded(self, urls: Iterable[str],
                                discovery: Discovery | None) -> None:
        try:
            if discovery is None:
                await self._dispatch(urls)
            else:
                await self._dispatch_frontier(urls, discovery)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:
            self._crash = exc
            self.stop()
            await self.cancel()
        await self._results.put(_END)

    async def _dispatch(self, urls: Iterable[str]) -> None:
        reader = _Reader(urls, asyncio.get_running_loop())
        batch: list[tuple[int, str]] = []
        exhausted = False
        read: asyncio.Task[list[tuple[int, str]] | None] | None = None
        try:
            while True:
                self._wake.clear()
                while not self._stopping and self._sched.pending < BUFFERED_JOBS:
                    if not batch:
                        if exhausted:
                            break
                        read = read or asyncio.create_task(reader.next_batch())
                        if not read.done():
                            break  # never wait for input while pages are ready to start
                        got, read = read.result(), None
                        if got is None:
                            exhausted = True
                            break
                        batch = got[::-1]
                    index, line = batch.pop()
                    await self._admit(index, line)
                now = time.monotonic()
                self._start_ready(now)
                if self._stopping:
                    self._sched.drop_pending()
                    if self._live == 0:
                        return
                elif exhausted and not batch and not self._sched.pending and self._live == 0:
                    self.completed = True
                    return
                await self._wait(now, read if self._sched.pending < BUFFERED_JOBS else None)
        finally:
            if read is not None:
                read.cancel()

    async def _dispatch_frontier(self, urls: Iterable[str], discovery: Discovery) -> None:
        state = self.state
        frontier = self._frontier = Frontier(
            state.connection if state is not None else None,
            state.run_id if state is not None else 0, self.settings.max_pages)
        if state is not None and state.resumed and frontier.loaded:
            self.resumed_skips = frontier.resume()
        else:
            await self._load(urls, discovery, frontier)
        self._policy = LinkPolicy(frontier.seeds(), self.settings.include,
                                  self.settings.exclude, self.settings.same_host)
        buffered = FRONTIER_BUFFER_PER_FETCH * self.settings.concurrency
        while True:
            self._wake.clear()
            # Rows that resolve at once (skips) take no room: take until the queues are full
            # or the frontier has nothing queued.
            while not self._stopping and (room := buffered - self._sched.pending) > 0:
                taken = frontier.take(room)
                if not taken:
                    break
                for item in taken:
                    await self._admit_item(item)
            now = time.monotonic()
            self._start_ready(now)
            if self._stopping:
                self._sched.drop_pending()
                if self._live == 0:
                    return
            elif not self._sched.pending and self._live == 0 and not frontier.has_queued():
                self.completed = True
                return
            await self._wait(now, None)

    async def _load(self, urls: Iterable[str], discovery: Discovery,
                    frontier: Frontier) -> None:
        """The run's input into the frontier, in one transaction: URL lines (read by the
        reader thread), then sitemaps (``auto``: each input origin's robots.txt), feeds."""
        reader = _Reader(urls, asyncio.get_running_loop())
        origins: dict[str, None] = {}
        with frontier.bulk():
            while (batch := await reader.next_batch()) is not None:
                frontier.add(NewItem(ItemKind.PAGE, line, rank=url_rank(line), given=True)
                             for _, line in batch)
                if AUTO_SITEMAPS in discovery.sitemaps:
                    for _, line in batch:
                        with contextlib.suppress(ScraperError):
                            origins.setdefault(origin_of(checked_url(line)))
            sources = [NewItem(ItemKind.ROBOTS, f"{origin}/robots.txt") for origin in origins]
            sources += [NewItem(ItemKind.SITEMAP, url) for url in discovery.sitemaps
                        if url != AUTO_SITEMAPS]
            sources += [NewItem(ItemKind.FEED, url) for url in discovery.feeds]
            frontier.add(sources)

    async def _admit_item(self, item: Item) -> None:
        """A frontier row to its result (a skip row, a bad URL) or to its host's queue."""
        if item.skip is not None:
            message = f"{item.message} (found in {item.via})" if item.via else item.message
            await self._results.put(_failure(None, item.url, item.index, item.skip.value,
                                             message, skip=item.skip, key=item.key))
            return
        try:
            target = checked_url(item.url)
        except ScraperError as exc:
            result = _failure(None, item.url, item.index, exc.kind, exc.message, exc,
                              key=item.key)
            await self._results.put(_as_source_failure(item.kind, result))
            return
        if item.kind is ItemKind.PAGE and item.key in self._written:
            await self._results.put(_failure(
                None, item.url, item.index, Skip.DUPLICATE.value,
                "same page as one already written (its final or canonical URL)",
                skip=Skip.DUPLICATE, key=item.key))
            return
        host = host_of(target)
        self._sched.add(host, _Job(item.index, item.url, target, normalize_url(target),
                                   item.key, host, kind=item.kind, depth=item.depth,
                                   hints=item.hints))

    async def _wait(self, now: float, read: asyncio.Task[Any] | None) -> None:
        """Until a page finishes, a host's delay runs out, or input arrives."""
        due = self._sched.next_due(now)
        woken = asyncio.create_task(self._wake.wait())
        waiters: set[asyncio.Future[Any]] = {woken}
        if read is not None and not self._stopping:
            waiters.add(read)
        try:
            await asyncio.wait(waiters, timeout=None if due is None else max(0.0, due - now),
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            woken.cancel()

    def _start_ready(self, now: float) -> None:
        while self._fetching < self.settings.concurrency and self._live < self._live_limit:
            picked = self._sched.pop_ready(now)
            if picked is None:
                return
            self._fetching += 1
            self._live += 1
            task = asyncio.create_task(self._run_job(picked[1]))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _admit(self, index: int, line: str) -> None:
        if self.state is not None and self.state.resumed and self.state.is_done(index):
            self.resumed_skips += 1
            return
        try:
            target = checked_url(line)
        except ScraperError as exc:
            await self._results.put(_failure(None, line, index, exc.kind, exc.message, exc))
            return
        norm = normalize_url(target)
        key = key_of_normalized(norm)
        if key in self._seen or key in self._written:
            await self._results.put(_failure(
                None, line, index, Skip.DUPLICATE.value,
                "same page as an earlier URL of this run (after normalisation)",
                skip=Skip.DUPLICATE, key=key))
            return
        self._seen.add(key)
        host = host_of(target)
        self._sched.add(host, _Job(index, line, target, norm, key, host))

    def _delay_for(self, host: str) -> float:
        return max(self.settings.delay, self._crawl_delays.get(host, 0.0))

    # -- one page ------------------------------------------------------------------------

    async def _run_job(self, job: _Job) -> None:
        fetching = True
        sent = False

        def on_request() -> None:
            nonlocal sent
            sent = True
            self._note_crawl_delay(job)  # robots.txt is read by now: its delay counts already
            if self._sched.sent(job.host, time.monotonic()):
                self._wake.set()  # the host's delay now runs on the clock

        def release() -> None:
            nonlocal fetching
            if fetching:
                fetching = False
                self._fetching -= 1
                self._sched.finished(job.host, sent=sent)
                self._wake.set()

        try:
            result = await self._process(job, release, on_request)
            release()
            if result is not None:
                await self._results.put(result)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug costs this page, reported as "internal", not the run
            log.exception("internal error on %s", redact_url(job.url))
            release()
            message = f"{type(exc).__name__}: {exc}"
            await self._results.put(_failure(job, job.url, job.index, InternalError.kind, message,
                                             InternalError(message, url=job.url)))
        finally:
            release()
            self._live -= 1
            self._wake.set()

    def _note_crawl_delay(self, job: _Job) -> None:
        assert self._fetcher is not None
        delay = self._fetcher.robots.crawl_delay(job.target)
        if delay:
            self._crawl_delays[job.host] = delay

    async def _process(self, job: _Job, release: Callable[[], None],
                       on_request: Callable[[], None]) -> CrawlResult | None:
        assert self._fetcher is not None and self._pool is not None
        if job.kind is not ItemKind.PAGE:
            return await self._read_source(job, release, on_request)
        norm = job.norm
        previous = self.state.page(norm) if self.state is not None else None
        validators = None
        if previous is not None and not self.settings.force:
            validators = Validators(previous.etag, previous.last_modified)
            listed = _listed_unchanged(job.hints, previous)
            if listed:
                self._follow_remembered(job)
                return self._skip(job, Skip.UNCHANGED, listed, previous)
        try:
            page = await self._fetcher.fetch(job.target, validators, on_request)
        except ScraperError as exc:
            release()
            return self._retry_or_fail(job, exc)
        finally:
            self._note_crawl_delay(job)
        release()
        self.fetched += 1
        if self._archive is not None:
            self._archive(page)
        log.debug("fetched %s -> %s (%d, %d bytes)", redact_url(job.url), redact_url(page.url),
                  page.status, len(page.body))
        if page.not_modified:
            self._follow_remembered(job)
            return self._skip(job, Skip.UNCHANGED, "HTTP 304 Not Modified",
                              _page_record(norm, page, previous))
        raw = RawPage(body=page.body, url=page.url, requested_url=job.url, status=page.status,
                      headers=page.headers, fetched_at=page.fetched_at)
        following = self._following(job)
        outcome = await self._pool.extract(raw, links=following)
        if outcome.article is None:  # a failure, or a wall: never passed off as the article
            error = outcome.error or InternalError("no outcome", url=job.url)
            return _failure(job, job.url, job.index, error.kind, error.message, error)
        article = outcome.article
        apply_hints(article, job.hints)
        if following:
            self._add_links(job, list(outcome.links))
        if article.next_page is not None:
            article = await join_pages(article, lambda url: self._next_page(job, url))
        record = _page_record(norm, page, previous, article.content_hash)
        if (previous is not None and not self.settings.force and article.content_hash
                and previous.content_hash == article.content_hash):
            return self._skip(job, Skip.UNCHANGED, "content hash unchanged since last run",
                              record)
        canon, keys = _page_keys(job, page.url, article.canonical_url)
        if self._written & keys:
            return self._skip(job, Skip.DUPLICATE,
                              f"final or canonical URL already written ({page.url})", record)
        self._written |= keys
        return CrawlResult(url=job.url, article=article, index=job.index, host=job.host,
                           entry=DoneEntry(job.index, job.key, canon,
                                           record if self.state is not None else None))

    async def _next_page(self, job: _Job, url: str) -> Article:
        """A next page of ``job``'s article, fetched and extracted as the first was: after the
        host's delay, retried as a page is, archived; raises ``ScraperError`` when it fails."""
        assert self._fetcher is not None and self._pool is not None
        attempt = 0
        while True:
            wait = self._sched.reserve(job.host, time.monotonic()) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                page = await self._fetcher.fetch(url)
                break
            except ScraperError as exc:
                retry_after = exc.retry_after if isinstance(exc, HTTPStatusError) else None
                delay = retry_delay(attempt, self.settings.retry_backoff, retry_after) \
                    if should_retry(exc) and attempt < self.settings.retries \
                    and not self._stopping else None
                if delay is None:
                    if attempt:
                        exc.message += f" (after {attempt} retries)"
                    raise
                attempt += 1
                await asyncio.sleep(delay)
        self.fetched += 1
        if self._archive is not None:
            self._archive(page)
        raw = RawPage(body=page.body, url=page.url, requested_url=url, status=page.status,
                      headers=page.headers, fetched_at=page.fetched_at)
        outcome = await self._pool.extract(raw)
        if outcome.article is None:
            raise outcome.error or InternalError("no outcome", url=url)
        return outcome.article

    def _following(self, job: _Job) -> bool:
        """Whether this page's links are followed (a following run, not yet at the depth
        limit)."""
        return self._frontier is not None and self.settings.follow and (
            self.settings.max_depth is None or job.depth < self.settings.max_depth)

    def _add_links(self, job: _Job, links: list[str], remember: bool = True) -> None:
        assert self._frontier is not None
        items = []
        kept = []
        for link in links:
            refusal = self._policy.check_link(link)
            if refusal is None:
                kept.append(link)
            items.append(NewItem(ItemKind.PAGE, link, job.depth + 1, url_rank(link),
                                 via=job.url, skip=refusal.skip if refusal else None,
                                 message=refusal.message if refusal else ""))
        added = self._frontier.add(items)
        if remember and self.state is not None:
            self._frontier.remember_links(job.norm, kept)
        log.debug("%s: %d links, %d new", redact_url(job.url), len(links), added)

    def _follow_remembered(self, job: _Job) -> None:
        """An unchanged page's links, as the run that fetched it read them."""
        if self._frontier is not None and self._following(job):
            self._add_links(job, self._frontier.remembered_links(job.norm), remember=False)

    async def _read_source(self, job: _Job, release: Callable[[], None],
                           on_request: Callable[[], None]) -> CrawlResult | None:
        """Fetch and read a sitemap, feed or robots.txt; its entries go to the frontier with
        the source marked read, in one transaction. A result only when it failed."""
        assert self._fetcher is not None and self._frontier is not None
        if job.kind is ItemKind.ROBOTS:
            listed = await self._fetcher.robots.sitemaps(job.target)
            release()
            self.sources_read += 1
            self._frontier.add((NewItem(ItemKind.SITEMAP, url, via=job.url)
                                for url in listed or ()), read=job.index)
            if listed:
                return None
            why = "lists no Sitemap: line" if listed is not None else "could not be read"
            return _as_source_failure(job.kind, _failure(
                job, job.url, job.index, "sitemap", f"{job.url} {why} (--sitemap auto)"))
        try:
            page = await self._fetcher.fetch(job.target, None, on_request, document=False)
        except ScraperError as exc:
            release()
            result = self._retry_or_fail(job, exc)
            return None if result is None else _as_source_failure(job.kind, result)
        release()
        self.sources_read += 1
        if self._archive is not None:
            # A sitemap or feed is a fetched response too: re-reading the archive later sees
            # what the crawl was given to follow (``scraper extract`` skips it as not HTML).
            self._archive(page)
        rules = EntryRules(self._policy, self._since,
                           MAX_SITEMAPS - self._frontier.count(ItemKind.SITEMAP))
        items, error = await asyncio.to_thread(
            read_entries, job.kind, page.body, page.url, job.depth, rules,
            page.headers.get("content-type", ""))
        self._frontier.add(items, read=job.index)
        log.debug("%s: %d entries", redact_url(job.url), len(items))
        if error is None:
            return None
        return _as_source_failure(job.kind, _failure(job, job.url, job.index, error.kind,
                                                     error.message, error))

    def _retry_or_fail(self, job: _Job, exc: ScraperError) -> CrawlResult | None:
        if should_retry(exc) and job.attempts < self.settings.retries and not self._stopping:
            retry_after = exc.retry_after if isinstance(exc, HTTPStatusError) else None
            delay = retry_delay(job.attempts, self.settings.retry_backoff, retry_after)
            if delay is not None:
                job.attempts += 1
                log.debug("retry %d of %s in %.2fs: %s", job.attempts, redact_url(job.url), delay,
                          exc)
                self._sched.retry(job.host, job, time.monotonic() + delay,
                                  whole_host=retry_after is not None)
                return None
            exc.message += " (Retry-After beyond the cap, not retried)"
        if job.attempts:
            exc.message += f" (after {job.attempts} retries)"
        skip = Skip.ROBOTS if exc.kind == Skip.ROBOTS.value else None
        return _failure(job, job.url, job.index, exc.kind, exc.message, exc, skip)

    def _skip(self, job: _Job, skip: Skip, message: str, record: PageRecord) -> CrawlResult:
        result = _failure(job, job.url, job.index, skip.value, message, skip=skip)
        result.entry = DoneEntry(job.index, job.key, None,
                                 record if self.state is not None else None)
        return result


def _page_keys(job: _Job, final_url: str, canonical: str | None) -> tuple[int, set[int]]:
    """Keys of the final and canonical URLs (the canonical one first when valid)."""
    keys = {job.key if final_url == job.target else key_of_normalized(normalize_url(final_url))}
    if canonical and canonical != final_url:
        try:
            canon = key_of_normalized(normalize_url(checked_url(canonical)))
        except ScraperError:
            return next(iter(keys)), keys
        keys.add(canon)
        return canon, keys
    return next(iter(keys)), keys


def _page_record(norm: str, page: Fetched, previous: PageRecord | None,
                 content_hash: str | None = None) -> PageRecord:
    """What to remember: new validators when the server sent them, else the old ones."""
    etag = page.headers.get("etag") or (previous.etag if previous else None)
    modified = page.headers.get("last-modified") or (previous.last_modified if previous else None)
    if content_hash is None and previous is not None:
        content_hash = previous.content_hash
    return PageRecord(norm, etag, modified, content_hash, page.fetched_at)


def _as_source_failure(kind: ItemKind, result: CrawlResult) -> CrawlResult:
    """A failed source's result under the source's own kind (``sitemap``, ``feed``), its
    message led by what went wrong (``http_status: HTTP 404 Not Found``); pages and skips
    pass as they are."""
    if kind is ItemKind.PAGE or result.skip is not None:
        return result
    cls: type[SourceError] = FeedError if kind is ItemKind.FEED else SitemapError
    message = result.message if result.kind == cls.kind else \
        f"{result.kind}: {result.message}"
    result.kind, result.message = cls.kind, message
    result.error = cls(message, url=result.url)
    return result


def _listed_unchanged(hints: Hints | None, previous: PageRecord) -> str:
    """Why a page need not be fetched again: its sitemap or feed date is not after the last
    fetch (empty when there is no such date, or it is later)."""
    if hints is None or previous.fetched_at is None:
        return ""
    text = hints.modified or hints.published
    listed = parse_source_date(text)
    fetched = parse_source_date(previous.fetched_at)
    if listed is None or fetched is None or listed > fetched:
        return ""
    source = hints.modified_from if hints.modified else hints.published_from
    return f"{source} {text} is not after the last fetch ({previous.fetched_at})"
