"""Library entry point for many URLs: ``crawl(urls) -> async iterator of CrawlResult``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable

from scraper.archive import ArchiveWriter
from scraper.crawler.engine import Crawler, CrawlResult, Skip
from scraper.crawler.state import CrawlState
from scraper.settings import CrawlSettings

__all__ = ["CrawlResult", "Skip", "crawl"]

#: The run identity of library crawls in a state file: a library caller resumes by calling
#: ``crawl`` again with the same URLs and state file.
LIBRARY_FINGERPRINT = "library"


async def crawl(urls: Iterable[str], settings: CrawlSettings | None = None
                ) -> AsyncIterator[CrawlResult]:
    """Fetch and extract many pages concurrently; yield one ``CrawlResult`` per URL as pages
    complete (not in input order).

    Each result has an ``article``, or a ``skip`` (``unchanged``, ``duplicate``, ``robots``),
    or an ``error`` with its ``kind`` and ``message``. ``urls`` is consumed lazily, so a
    generator over a huge file is fine. With ``settings.state`` set, requests are conditional
    on the last run and an interrupted crawl resumes where it stopped when called again with
    the same URLs (a result counts as done once the loop body has processed it). With
    ``settings.archive`` set, every fetched page is also added to that WARC file.

        import asyncio, scraper

        async def main() -> None:
            settings = scraper.CrawlSettings(concurrency=8, timeout=20)
            async for result in scraper.crawl(["https://example.com/news/1"], settings):
                if result.article is not None:
                    print(result.article.title)
                else:
                    print(result.url, result.kind, result.message)

        asyncio.run(main())
    """
    settings = settings or CrawlSettings()
    state = CrawlState(settings.state) if settings.state is not None else None
    archive = ArchiveWriter(settings.archive, settings) if settings.archive is not None else None
    try:
        if state is not None:
            state.start_run(LIBRARY_FINGERPRINT)
        async with Crawler(settings, state, archive.write if archive else None) as crawler:
            async for result in crawler.run(urls):
                yield result
                if state is not None and result.entry is not None:
                    state.mark_done(result.entry)
            if state is not None and crawler.completed:
                state.finish_run()
    finally:
        if state is not None:
            state.close()
        if archive is not None:
            archive.close()
