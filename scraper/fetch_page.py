"""Library entry point for one URL: ``fetch(url) -> Article``, synchronous.

For scripts and notebooks: the same fetcher, politeness and defaults as ``crawl`` (robots.txt,
retries, timeouts, size limits, wall detection), one page, no event loop to manage.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from scraper.crawl import CrawlResult, crawl
from scraper.errors import InternalError, ScraperError
from scraper.models import Article
from scraper.settings import CrawlSettings

__all__ = ["fetch"]

#: One page needs one extraction process, not one per core.
ONE_PAGE_WORKERS = 1


class Skipped(ScraperError):
    """The page was not written again: the state file says it is unchanged."""

    kind = "skipped"


def fetch(url: str, settings: CrawlSettings | None = None) -> Article:
    """Fetch one page and extract its article.

    Raises the ``ScraperError`` the crawl recorded for it (``InvalidURL``, a timeout, an
    HTTP status, ``blocked`` for a wall, ``robots`` when robots.txt disallows the URL, ...),
    or one of kind ``skipped`` when ``settings.state`` says the page is unchanged.

        >>> import scraper
        >>> article = scraper.fetch("https://example.com/news/1")
    """
    settings = replace(settings or CrawlSettings(), workers=ONE_PAGE_WORKERS)
    result = _run(_first(url, settings))
    if result.article is not None:
        return result.article
    if result.error is not None:
        raise result.error
    if result.skip is not None:
        raise Skipped(f"{result.skip.value}: {result.message}", url=url)
    raise InternalError(result.message, url=url)  # the one failure without an error object


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
