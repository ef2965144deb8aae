"""A cluster through Dask: WARC files, HTML files or URL lists -> a Dask bag of results ->
JSONL partitions (records, errors, skips), with the extraction ``scraper extract`` runs.

Needs the optional extra: ``pip install 'scraper[dask]'`` (dask[bag] and distributed).

    from dask.distributed import Client
    import scraper.dask as sd

    client = Client("tcp://scheduler:8786")                 # or LocalCluster(), dask-jobqueue
    bag = sd.from_warcs(["s3-mirror/CC-MAIN-...-00000.warc.gz", ...])   # one partition each
    summary = sd.write_jsonl(bag, "out/")                   # out/records/part-00000.jsonl ...

Every item of a bag is a ``scraper.batch.Result``: an article, an error (the same kinds as
the CLI's errors file: ``corrupt_archive``, ``blocked``, ``http_status``, ...), a skip
(``warc_not_html``, ``robots``, ...) or, for an archive's requests and metadata, ``other``.
``write_jsonl`` writes partition ``i`` as ``records/part-i.jsonl``, ``errors/part-i.jsonl`` and
``skips/part-i.jsonl``, each result in its input order, so the partitions read in order are
what one ``scraper extract`` (or ``crawl``) run writes. A partition is streamed: an archive
is read a record at a time, and its results are written as they come, never held whole.

Each task runs ``scraper.batch.run_task`` (WARC records, files) or fetches its URLs with the
crawler's fetcher (robots.txt, limits, retries, per-host concurrency and delay within the
partition; partition a URL list by host to keep politeness across partitions) and extracts
them with ``scraper.pipeline.extract_outcome``, in the Dask worker's own process: give
workers one thread each (``--nthreads 1``) and as many processes as cores.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

try:
    import dask.bag as db
    from dask.highlevelgraph import HighLevelGraph
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("scraper.dask needs the dask extra: pip install 'scraper[dask]'") from exc

from scraper.batch import ERROR, OTHER, RECORD, Result, Task, archive_tasks, run_task
from scraper.errors import RobotsDisallowed, ScraperError
from scraper.fetcher.client import Fetcher
from scraper.fetcher.retry import retry_delay, should_retry
from scraper.fetcher.urls import checked_url, host_of
from scraper.models import RawPage
from scraper.pipeline import Outcome, extract_outcome
from scraper.serialize import to_json_line
from scraper.settings import CrawlSettings, ExtractSettings

__all__ = ["from_files", "from_urls", "from_warcs", "write_jsonl"]

#: HTML files or URLs per partition by default: a few minutes of one core's work (about 60
#: pages/s), long enough to dwarf a task's overhead, short enough to balance a cluster.
ITEMS_PER_PARTITION = 10_000

#: URLs fetched before the batch is extracted, per concurrent fetch: keeps the fetcher busy
#: while bounding the bodies held (16 slots x 4 x a 100 KB page: about 6 MB).
FETCH_BATCH_PER_SLOT = 4

#: Skip kinds of fetched URLs (as ``scraper crawl`` reports them).
_SKIP_ERRORS = (RobotsDisallowed,)


def from_warcs(paths: Sequence[str | Path],
               settings: ExtractSettings | None = None) -> db.Bag:
    """A bag of the results of every record of the WARC/ARC files, one partition a file."""
    files = [str(path) for path in paths]
    bag = db.from_sequence(files, npartitions=max(1, len(files)))
    return bag.map_partitions(_warc_partition, settings or ExtractSettings())


def from_files(paths: Sequence[str | Path], settings: ExtractSettings | None = None,
               partition_size: int = ITEMS_PER_PARTITION) -> db.Bag:
    """A bag of the results of HTML files (paths every worker can read)."""
    files = [str(path) for path in paths]
    bag = db.from_sequence(files, partition_size=max(1, partition_size))
    return bag.map_partitions(_file_partition, settings or ExtractSettings())


def from_urls(urls: Sequence[str], settings: CrawlSettings | None = None,
              partition_size: int = ITEMS_PER_PARTITION) -> db.Bag:
    """A bag of the results of fetching and extracting ``urls``, in their order."""
    bag = db.from_sequence(list(urls), partition_size=max(1, partition_size))
    return bag.map_partitions(_url_partition, settings or CrawlSettings())


def write_jsonl(bag: db.Bag, directory: str | Path) -> dict[str, int]:
    """Compute ``bag`` and write its partitions as JSONL under ``directory`` (``records/``,
    ``errors/``, ``skips/``: ``part-00000.jsonl`` and on, one a partition, each line whole);
    returns the counts by kind (``record``, ``error``, each skip kind, ``other``)."""
    root = str(directory)
    for part in ("records", "errors", "skips"):
        Path(root, part).mkdir(parents=True, exist_ok=True)
    # One task per partition over the bag's own key, as Bag.to_textfiles builds it: the
    # writer is fused into the task that produces the partition and takes its results as
    # they come (a partition is never held whole, nor shipped between workers).
    name = f"scraper-jsonl-{uuid.uuid4().hex}"
    tasks: dict[Any, Any] = {(name, i): (_write_partition, (bag.name, i), i, root)
                             for i in range(bag.npartitions)}
    # Any: dask's DaskCollection protocol wants a staticmethod Bag does not declare as one.
    graph = HighLevelGraph.from_collections(name, tasks, dependencies=[cast(Any, bag)])
    counts: Counter[str] = Counter()
    for partial in db.Bag(graph, name, bag.npartitions).compute():
        counts.update(partial)
    return dict(counts)


# -- partitions (run on the workers) ---------------------------------------------------------


def _warc_partition(paths: Iterable[str], settings: ExtractSettings) -> Iterator[Result]:
    for path in paths:
        for task in archive_tasks(path):
            yield run_task(task, settings)


def _file_partition(paths: Iterable[str], settings: ExtractSettings) -> Iterator[Result]:
    for path in paths:
        yield run_task(Task(path, path), settings)


def _url_partition(urls: Iterable[str], settings: CrawlSettings) -> Iterator[Result]:
    """Fetched a batch at a time (``concurrency`` x ``FETCH_BATCH_PER_SLOT`` pages held at
    most), each batch extracted in order before the next is fetched; one fetcher (its
    connections, its robots.txt cache) for the whole partition."""
    batch_size = settings.concurrency * FETCH_BATCH_PER_SLOT
    with asyncio.Runner() as runner:
        fetcher = runner.run(_open_fetcher(settings))
        try:
            pending = iter(urls)
            while batch := list(itertools.islice(pending, batch_size)):
                for url, fetched in runner.run(_fetch_all(fetcher, batch, settings)):
                    if isinstance(fetched, RawPage):
                        yield Result(url, extract_outcome(fetched, settings.extract))
                    elif isinstance(fetched, _SKIP_ERRORS):
                        yield Result(url, skip=(fetched.kind, fetched.message))
                    else:
                        yield Result(url, Outcome(error=fetched))
        finally:
            runner.run(fetcher.aclose())


async def _open_fetcher(settings: CrawlSettings) -> Fetcher:
    return Fetcher(settings)  # its clients belong to the loop they are made in


def _write_partition(results: Iterable[Result], number: int,
                     root: str) -> list[Counter[str]]:
    name = f"part-{number:05d}.jsonl"
    counts: Counter[str] = Counter()
    with Path(root, "records", name).open("w", encoding="utf-8") as records, \
            Path(root, "errors", name).open("w", encoding="utf-8") as errors, \
            Path(root, "skips", name).open("w", encoding="utf-8") as skips:
        for result in results:
            kind = result.kind
            counts[kind] += 1
            if kind == RECORD:
                assert result.outcome is not None and result.outcome.article is not None
                records.write(to_json_line(result.outcome.article))
            elif kind != OTHER:
                line = to_json_line(result.error_line() or {})
                (errors if kind == ERROR else skips).write(line)
    return [counts]


# -- fetching one partition's URLs -----------------------------------------------------------


async def _fetch_all(fetcher: Fetcher, urls: list[str], settings: CrawlSettings
                     ) -> list[tuple[str, RawPage | ScraperError]]:
    """Every URL fetched (concurrently within ``settings``' limits), in input order."""
    limit = asyncio.Semaphore(settings.concurrency)
    hosts: dict[str, asyncio.Semaphore] = {}
    last_start: dict[str, float] = {}

    async def one(url: str) -> tuple[str, RawPage | ScraperError]:
        try:
            target = checked_url(url)
        except ScraperError as exc:
            return url, exc
        host = host_of(target)
        per_host = hosts.setdefault(host, asyncio.Semaphore(settings.per_host))
        attempt = 0
        async with limit, per_host:
            while True:
                wait = last_start.get(host, -settings.delay) + settings.delay - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                last_start[host] = time.monotonic()
                try:
                    page = await fetcher.fetch(target)
                except ScraperError as exc:
                    delay = retry_delay(attempt, settings.retry_backoff, None) \
                        if should_retry(exc) and attempt < settings.retries else None
                    if delay is None:
                        return url, exc
                    attempt += 1
                    await asyncio.sleep(delay)
                    continue
                return url, RawPage(body=page.body, url=page.url, requested_url=url,
                                    status=page.status, headers=page.headers,
                                    fetched_at=page.fetched_at)

    return list(await asyncio.gather(*(one(url) for url in urls)))
