"""Library entry point for many URLs: ``crawl(urls) -> async iterator of CrawlResult``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from scraper.errors import (
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    NetworkError,
    NotHTML,
    ScraperError,
)
from scraper.models import Article, RawPage
from scraper.pipeline import extract_page
from scraper.settings import CrawlSettings

__all__ = ["CrawlResult", "crawl"]


@dataclass(slots=True)
class CrawlResult:
    """One input URL's outcome: an article, or the error that stopped it."""

    url: str
    article: Article | None = None
    error: ScraperError | None = None


async def crawl(urls: Iterable[str], settings: CrawlSettings | None = None
                ) -> AsyncIterator[CrawlResult]:
    """First version: sequential fetch and extract."""
    settings = settings or CrawlSettings()
    async with httpx.AsyncClient(follow_redirects=True, timeout=settings.timeout,
                                 headers={"user-agent": settings.user_agent}) as client:
        for url in urls:
            if not url.startswith(("http://", "https://")):
                yield CrawlResult(url, error=InvalidURL(f"not an http(s) URL: {url!r}"))
                continue
            try:
                response = await client.get(url)
                if response.status_code >= 400:
                    raise HTTPStatusError(f"HTTP {response.status_code}",
                                          status=response.status_code)
                ctype = response.headers.get("content-type", "")
                if "html" not in ctype:
                    raise NotHTML(f"content type {ctype!r} is not HTML")
                raw = RawPage(body=response.content, url=str(response.url), requested_url=url,
                              status=response.status_code, headers=dict(response.headers),
                              fetched_at=datetime.now(UTC).isoformat(timespec="seconds"))
                yield CrawlResult(url, article=extract_page(raw, settings.extract))
            except httpx.TimeoutException as exc:
                yield CrawlResult(url, error=FetchTimeout(str(exc) or "timed out"))
            except httpx.HTTPError as exc:
                yield CrawlResult(url, error=NetworkError(str(exc) or type(exc).__name__))
            except ScraperError as exc:
                yield CrawlResult(url, error=exc)
