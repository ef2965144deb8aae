"""robots.txt: fetched once per origin (scheme, host, port), parsed by protego, cached.

What an answer means (RFC 9309, with one deliberate difference):

- 2xx: the rules apply; ``Crawl-delay`` for our user agent feeds the per-host delay.
- 4xx (404, 403, 401, ...): "unavailable", everything is allowed.
- 5xx and 429: "unreachable", everything is disallowed for ``UNREACHABLE_TTL_S``, then asked
  again.
- A network error or timeout on robots.txt itself: allowed, unlike the RFC. The page fetch that
  follows then fails with the real network error, which a batch run must report as a failure;
  a dead host silently counted as a robots skip would hide it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

import httpx
from protego import Protego

from scraper.errors import RobotsDisallowed, ScraperError
from scraper.fetcher.body import read_limited
from scraper.fetcher.urls import origin_of

__all__ = ["RobotsCache"]

log = logging.getLogger(__name__)

#: RFC 9309 asks crawlers to parse at least 500 KiB; anything past that is ignored.
MAX_ROBOTS_BYTES = 500 * 1024

#: How long a 5xx robots.txt blocks a host before we ask again: long enough not to hammer a
#: failing server, short enough for a long-running batch to recover.
UNREACHABLE_TTL_S = 600.0

#: Successful answers are reused this long (RFC 9309 suggests at most 24 hours).
CACHE_TTL_S = 24 * 3600.0

#: A robots.txt that does not answer within this is treated as missing, so a slow robots.txt
#: cannot eat a page's whole deadline.
ROBOTS_TIMEOUT_S = 10.0


@dataclass(slots=True, frozen=True)
class _Rules:
    parser: Protego | None
    disallow_all: bool
    reason: str
    expires: float


class RobotsCache:
    """Answers "may we fetch this URL?" per origin, fetching each robots.txt once."""

    def __init__(self, client: httpx.AsyncClient, user_agent: str, timeout: float) -> None:
        self._client = client
        self._agent = user_agent
        self._timeout = min(timeout, ROBOTS_TIMEOUT_S)
        self._rules: dict[str, _Rules] = {}
        self._inflight: dict[str, asyncio.Future[_Rules]] = {}

    async def check(self, url: str) -> None:
        """Raise ``RobotsDisallowed`` when robots.txt forbids ``url`` to our user agent."""
        rules = await self._get(origin_of(url))
        if rules.disallow_all:
            raise RobotsDisallowed(f"robots.txt {rules.reason}: host disallowed for now", url=url)
        if rules.parser is not None and not rules.parser.can_fetch(url, self._agent):
            raise RobotsDisallowed("disallowed by robots.txt", url=url)

    async def sitemaps(self, url: str) -> list[str] | None:
        """The ``Sitemap:`` URLs of the robots.txt of ``url``'s origin (fetched if need
        be); None when there is no robots.txt to read (missing, unreachable)."""
        rules = await self._get(origin_of(url))
        if rules.parser is None:
            return None
        return list(rules.parser.sitemaps)

    def crawl_delay(self, url: str) -> float | None:
        """The ``Crawl-delay`` for our user agent on the URL's origin, once fetched."""
        rules = self._rules.get(origin_of(url))
        if rules is None or rules.parser is None:
            return None
        return rules.parser.crawl_delay(self._agent)

    async def _get(self, origin: str) -> _Rules:
        rules = self._rules.get(origin)
        if rules is not None and rules.expires > time.monotonic():
            return rules
        pending = self._inflight.get(origin)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[_Rules] = asyncio.get_running_loop().create_future()
        self._inflight[origin] = future
        try:
            rules = await self._fetch(origin)
            self._rules[origin] = rules
            future.set_result(rules)
            return rules
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved here so an unawaited future does not warn
            raise
        finally:
            del self._inflight[origin]

    async def _fetch(self, origin: str) -> _Rules:
        url = f"{origin}/robots.txt"
        now = time.monotonic()
        try:
            async with asyncio.timeout(self._timeout):
                async with self._client.stream("GET", url, follow_redirects=True) as response:
                    status = response.status_code
                    if status >= 500 or status == 429:
                        log.info("robots.txt %s: HTTP %d, host disallowed", url, status)
                        return _Rules(None, True, f"unreachable (HTTP {status})",
                                      now + UNREACHABLE_TTL_S)
                    if status >= 400:
                        return _Rules(None, False, "missing", now + CACHE_TTL_S)
                    body = await read_limited(response, MAX_ROBOTS_BYTES, url)
        except (httpx.HTTPError, TimeoutError, ScraperError) as exc:
            log.info("robots.txt %s not fetched (%s): allowing all", url, exc)
            return _Rules(None, False, "not fetched", now + UNREACHABLE_TTL_S)
        text = body.decode("utf-8", errors="replace")
        return _Rules(Protego.parse(text), False, "parsed", now + CACHE_TTL_S)
