"""Library entry point for many URLs: ``crawl(urls) -> async iterator of CrawlResult``."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterable

from scraper.archive import ArchiveWriter
from scraper.crawler.engine import Crawler, CrawlResult, Skip
from scraper.crawler.frontier import Discovery
from scraper.crawler.state import CrawlState
from scraper.settings import CrawlSettings

__all__ = ["CrawlResult", "Skip", "crawl"]

#: The run identity of library crawls in a state file: a library caller resumes by calling
#: ``crawl`` again with the same URLs and state file.
LIBRARY_FINGERPRINT = "library"


async def crawl(urls: Iterable[str] = (), settings: CrawlSettings | None = None, *,
                sitemaps: Iterable[str] = (), feeds: Iterable[str] = ()
                ) -> AsyncIterator[CrawlResult]:
    """Fetch and extract many pages concurrently; yield one ``CrawlResult`` per URL as pages
    complete (not in input order).

    Besides ``urls``, pages come from ``sitemaps`` (sitemap, sitemap index, gzipped or text
    sitemap URLs; ``"auto"`` reads the ``Sitemap:`` lines of each URL's host's robots.txt),
    ``feeds`` (RSS or Atom URLs) and, with ``settings.follow``, the links of the pages
    fetched. Every URL so discovered gets its result too (a skip such as ``out_of_scope``,
    ``filtered_since``, ``max_pages`` when it is not fetched), and so does a sitemap or feed
    that fails (kind ``sitemap`` or ``feed``); a page lacking a date or an author gets its
    sitemap's or feed's, named in ``article.sources``.

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
    discovery = Discovery(tuple(sitemaps), tuple(feeds))
    discovering = bool(discovery.sitemaps or discovery.feeds or settings.follow
                       or settings.max_pages is not None)
    state = CrawlState(settings.state) if settings.state is not None else None
    archive = ArchiveWriter(settings.archive, settings) if settings.archive is not None else None
    try:
        if state is not None:
            state.start_run(_fingerprint(discovery, settings) if discovering
                            else LIBRARY_FINGERPRINT)
        async with Crawler(settings, state, archive.write if archive else None) as crawler:
            async for result in crawler.run(urls, discovery if discovering else None):
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


def _fingerprint(discovery: Discovery, settings: CrawlSettings) -> str:
    """A discovering run resumes only with the same sources and follow options."""
    text = repr((discovery.sitemaps, discovery.feeds, settings.follow, settings.max_pages,
                 settings.max_depth, settings.include, settings.exclude, settings.since,
                 settings.same_host))
    return f"{LIBRARY_FINGERPRINT} discovery:{hashlib.sha256(text.encode()).hexdigest()[:16]}"
