"""Library entry point for one URL: ``fetch(url) -> Article``, synchronous.

For scripts and notebooks: the same fetcher, politeness and defaults as ``crawl`` (robots.txt,
retries, timeouts, size limits, wall detection), one page, no event loop to manage.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from scraper.crawler.library import CrawlResult, crawl
from scraper.errors import InternalError
from scraper.models import Article
from scraper.settings import CrawlSettings

__all__ = ["fetch"]

#: One page needs one extraction process, not one per core.
ONE_PAGE_WORKERS = 1


def fetch(url: str, settings: CrawlSettings | None = None) -> Article:
    """Fetch one page and extract its article.

    Raises the ``ScraperError`` the crawl recorded for it (``InvalidURL``, a timeout, an
    HTTP status, ``blocked`` for a wall, ``robots`` when robots.txt disallows the URL, ...).
    The page is always returned, even when a ``settings.state`` file says it is unchanged
    (``force``): asking for one page means wanting it.

        >>> import scraper
        >>> article = scraper.fetch("https://example.com/news/1")
    """
    settings = replace(settings or CrawlSettings(), workers=ONE_PAGE_WORKERS, force=True)
    result = _run(_first(url, settings))
    if result.article is not None:
        return result.article
    if result.error is not None:
        raise result.error
    # Internal failures carry no error object; a skip other than robots (which has one)
    # cannot happen to a single forced URL.
    raise InternalError(f"{result.kind}: {result.message}", url=url)


async def _first(url: str, settings: CrawlSettings) -> CrawlResult:
    async for result in crawl([url], settings):
        return result
    raise AssertionError("crawl yields one result per URL")


def _run(coro: object) -> CrawlResult:
    """Run ``coro`` to completion, also from code already inside an event loop (a Jupyter
    cell), where ``asyncio.run`` refuses: then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)  # type: ignore[arg-type]
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()  # type: ignore[arg-type]
