"""One page fetch: streaming GET with limits, redirects by hand, robots on every hop.

``Fetcher.fetch(url)`` returns a ``Fetched`` page (or a 304 answer) or raises one of the
``FetchError`` kinds. Limits, in the order they bite:

- connect and read timeouts (httpx), and a total deadline per attempt (``asyncio.timeout``)
  over every hop, so a server dripping a byte a second cannot hold a slot;
- redirects followed by hand up to ``max_redirects``, loops detected, non-http(s) refused,
  robots.txt checked for every target; one ``<meta http-equiv=refresh>`` to another page
  followed like a redirect;
- the content type, checked from the headers before the body is read: only HTML/XHTML, or no
  type at all when the first bytes look like markup;
- ``max_bytes``, checked against Content-Length, the raw stream and the inflated body.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

try:
    import sniffio  # noqa: F401
except ImportError:
    # httpcore tries `import sniffio` on every request to detect the async library; a failed
    # import is not cached, so each try rescans sys.path (about a third of our per-request CPU
    # in profiles). Record the absence once; httpcore then falls back to asyncio at once.
    sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]

from scraper.errors import (
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    NetworkError,
    NotHTML,
    RedirectError,
    TooLarge,
)
from scraper.fetcher.body import ACCEPT_ENCODING, read_limited
from scraper.fetcher.guard import AddressGuard, GuardedBackend
from scraper.fetcher.retry import parse_retry_after
from scraper.fetcher.robots import RobotsCache
from scraper.fetcher.urls import checked_url, normalize_url, redact_url
from scraper.settings import CrawlSettings

__all__ = ["Fetched", "Fetcher", "Validators", "request_headers"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = ("text/html", "application/xhtml+xml")

#: The largest sitemap or feed read (``document=False``) when ``max_bytes`` is smaller: the
#: sitemap protocol allows 50 MiB uncompressed, and a page limit should not cut sitemaps.
SOURCE_MAX_BYTES = 50 * 1024 * 1024

#: Where a meta refresh must appear to count: browsers honour it in <head>, which real pages
#: keep well inside this.
META_REFRESH_SCAN_BYTES = 16 * 1024
#: A refresh later than this is a periodic reload of a live page, not a redirect.
META_REFRESH_MAX_DELAY_S = 30.0
_META_REFRESH = re.compile(
    rb"<meta\s[^>]*http-equiv\s*=\s*[\"']?refresh[\"']?[^>]*>", re.IGNORECASE)
_CONTENT_ATTR = re.compile(rb"content\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)
_REFRESH_VALUE = re.compile(r"^\s*(\d+(?:\.\d*)?)?\s*[;,]?\s*(?:url\s*=\s*)?[\"']?([^\"']*)",
                            re.IGNORECASE)


@dataclass(slots=True, frozen=True)
class Validators:
    """What the previous fetch of a URL told us, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class Fetched:
    """A successful fetch: the final URL's body, or ``not_modified`` for a 304."""

    requested_url: str
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    fetched_at: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def validators(self) -> Validators:
        return Validators(self.headers.get("etag"), self.headers.get("last-modified"))


#: Connections per client pool. httpcore scans every pooled connection (a syscall each) on
#: every request start and end, so one pool of 32 connections costs twice the CPU per request
#: of small pools; the crawl's connections are spread over several small clients instead.
CONNECTIONS_PER_CLIENT = 4


def request_headers(settings: CrawlSettings) -> dict[str, str]:
    """The headers every page request sends (lower-case names), the user's ``-H`` last."""
    headers = {"user-agent": settings.user_agent, "accept-encoding": ACCEPT_ENCODING,
               "accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}
    headers.update({name.lower(): value for name, value in settings.headers})
    return headers


def build_client(settings: CrawlSettings, connections: int,
                 guard: AddressGuard | None = None) -> httpx.AsyncClient:
    """A client: timeouts, pool size, headers; proxies from the environment, unless the
    private-address guard is on (a proxy would resolve names out of its sight)."""
    headers = request_headers(settings)
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout,
                            pool=settings.timeout)
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    if guard is None:
        return httpx.AsyncClient(headers=headers, timeout=timeout, limits=limits,
                                 follow_redirects=False, trust_env=True)
    return httpx.AsyncClient(headers=headers, timeout=timeout, follow_redirects=False,
                             trust_env=False, transport=_guarded_transport(limits, guard))


def _guarded_transport(limits: httpx.Limits, guard: AddressGuard) -> httpx.AsyncHTTPTransport:
    """httpx's transport over a connection pool whose network backend is the guard's.

    httpx takes no network backend, so the pool it built is replaced by the same one over
    ``GuardedBackend`` (httpcore's public API); the transport maps requests and errors as
    usual. tests/test_fetch_guard.py fails if a later httpx stops using ``_pool``.
    """
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(guard))
    return transport


class Fetcher:
    """Fetches pages for a crawl; owns the HTTP clients and the robots.txt cache."""

    def __init__(self, settings: CrawlSettings) -> None:
        self._settings = settings
        self._guard = AddressGuard(settings.allow_networks, settings.resolver) \
            if settings.block_private else None
        shards = max(1, -(-settings.concurrency // CONNECTIONS_PER_CLIENT))
        # One spare connection per pool for robots.txt fetches made alongside pages.
        self._clients = [build_client(settings, CONNECTIONS_PER_CLIENT + 1, self._guard)
                         for _ in range(shards)]
        self._turn = 0
        self.robots = RobotsCache(self._clients[0], settings.user_agent, settings.timeout)

    @property
    def client(self) -> httpx.AsyncClient:
        """The next client in turn (requests are spread evenly over the small pools)."""
        self._turn = (self._turn + 1) % len(self._clients)
        return self._clients[self._turn]

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()

    async def fetch(self, url: str, validators: Validators | None = None,
                    on_request: Callable[[], None] | None = None, *,
                    document: bool = True) -> Fetched:
        """Fetch ``url`` (already ``checked_url``) within the total deadline. ``on_request`` is
        called once, as the page's own request goes out (after robots.txt). With
        ``document=False`` any content type is read (a sitemap, a feed) and no meta refresh
        is followed."""
        try:
            async with asyncio.timeout(self._settings.timeout):
                return await self._follow(url, validators, on_request, document)
        except TimeoutError:
            raise FetchTimeout(f"no complete answer within {self._settings.timeout:g}s",
                               url=url) from None

    async def _follow(self, url: str, validators: Validators | None,
                      on_request: Callable[[], None] | None, document: bool = True) -> Fetched:
        seen: set[str] = set()  # filled on the first redirect: most pages have none
        current = url
        refreshed = False
        hops = 0
        while True:
            if self._guard is not None:  # a literal private IP is refused before robots.txt
                self._guard.check_url(current, urlsplit(current).hostname)
            if not self._settings.ignore_robots:
                await self.robots.check(current)
            if hops == 0 and on_request is not None:
                on_request()
            page = await self._get(current, url, validators if hops == 0 else None, document)
            if isinstance(page, str):  # a redirect's Location
                current = self._next_hop(url, current, page, seen)
                hops += 1
                if hops > self._settings.max_redirects:
                    raise RedirectError(f"more than {self._settings.max_redirects} redirects",
                                        url=url) from None
                continue
            target = None if refreshed or page.not_modified or not document \
                else _meta_refresh(page)
            if target is None:
                return page
            refreshed = True
            try:
                current = self._next_hop(url, page.url, target, seen)
            except RedirectError:
                return page  # a refresh to itself or back is a reload, not a redirect
            hops += 1

    def _next_hop(self, url: str, current: str, location: str, seen: set[str]) -> str:
        target = urljoin(current, location.strip())
        try:
            target = checked_url(target)
        except InvalidURL:
            raise RedirectError(f"redirect to a refused URL: {redact_url(target)!r}",
                                url=url) from None
        if not seen:
            seen.add(normalize_url(url))
        key = normalize_url(target)
        if key in seen:
            raise RedirectError(f"redirect loop at {redact_url(target)}", url=url)
        seen.add(key)
        return target

    async def _get(self, url: str, requested: str, validators: Validators | None,
                   document: bool = True) -> Fetched | str:
        """One hop: the page, or the Location it redirects to."""
        headers: dict[str, str] = {}
        if validators is not None:
            if validators.etag:
                headers["if-none-match"] = validators.etag
            if validators.last_modified:
                headers["if-modified-since"] = validators.last_modified
        try:
            async with self.client.stream("GET", url, headers=headers) as response:
                return await self._read(response, url, requested, document)
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"{type(exc).__name__}: {exc}".rstrip(": "), url=url) from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise InvalidURL(str(exc), url=url) from None
        except httpx.HTTPError as exc:
            raise NetworkError(f"{type(exc).__name__}: {exc}".rstrip(": "), url=url) from None

    async def _read(self, response: httpx.Response, url: str, requested: str,
                    document: bool = True) -> Fetched | str:
        status = response.status_code
        headers = {name.lower(): value for name, value in response.headers.items()}
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if status in _REDIRECTS and "location" in headers:
            return headers["location"]
        if status == 304:
            return Fetched(requested, url, status, headers, b"", now)
        if not 200 <= status < 300:
            raise HTTPStatusError(f"HTTP {status} {response.reason_phrase}".rstrip(), url=url,
                                  status=status,
                                  retry_after=parse_retry_after(headers.get("retry-after")))
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if document and ctype and ctype not in _HTML_TYPES:
            raise NotHTML(f"content type {ctype!r} is not HTML", url=url)
        length = headers.get("content-length", "")
        limit = self._settings.max_bytes if document else \
            max(self._settings.max_bytes, SOURCE_MAX_BYTES)
        if length.isdigit() and int(length) > limit:
            raise TooLarge(f"Content-Length {length} exceeds {limit} bytes", url=url)
        body = await read_limited(response, limit, url)
        if document and not ctype and not body[:1024].lstrip().startswith(b"<"):
            raise NotHTML("no content type and the body does not look like HTML", url=url)
        return Fetched(requested, str(response.url), status, headers, body, now)


def _meta_refresh(page: Fetched) -> str | None:
    """The target of a prompt ``<meta http-equiv=refresh>``, if the page has one."""
    tag = _META_REFRESH.search(page.body, 0, META_REFRESH_SCAN_BYTES)
    if tag is None:
        return None
    content = _CONTENT_ATTR.search(tag.group(0))
    if content is None:
        return None
    raw = next(group for group in content.groups() if group is not None)
    value = html.unescape(raw.decode("ascii", errors="replace"))
    match = _REFRESH_VALUE.match(value)
    if match is None or not match.group(2).strip():
        return None
    delay = float(match.group(1) or 0)
    return match.group(2).strip() if delay <= META_REFRESH_MAX_DELAY_S else None
