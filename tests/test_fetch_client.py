"""Fetcher against a real faulty server on 127.0.0.1: every limit and fault, one test each."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from scraper.errors import (
    FetchTimeout,
    HTTPStatusError,
    NetworkError,
    NotHTML,
    RedirectError,
    RobotsDisallowed,
    ScraperError,
    TooLarge,
)
from scraper.fetcher.client import Fetched, Fetcher, Validators
from scraper.settings import CrawlSettings
from tests.faultserver import FaultServer, running_server

FAST = CrawlSettings(timeout=0.6, connect_timeout=0.3, read_timeout=0.3, retries=0,
                     max_bytes=1_000_000)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running_server() as srv:
        yield srv


def fetch(url: str, settings: CrawlSettings = FAST,
          validators: Validators | None = None) -> Fetched:
    async def go() -> Fetched:
        fetcher = Fetcher(settings)
        try:
            return await fetcher.fetch(url, validators)
        finally:
            await fetcher.aclose()
    return asyncio.run(go())


def fetch_error(url: str, settings: CrawlSettings = FAST) -> ScraperError:
    with pytest.raises(ScraperError) as info:
        fetch(url, settings)
    return info.value


def test_article_is_fetched_with_headers(server: FaultServer) -> None:
    page = fetch(server.url("/article/a"))
    assert page.status == 200 and b"Article a" in page.body
    assert page.headers["content-type"].startswith("text/html")


def test_default_user_agent_and_custom_headers_are_sent(server: FaultServer) -> None:
    fetch(server.url("/article/ua"), replace(FAST, headers=(("X-Test", "yes"),)))
    headers = server.requests_for("/article/ua")[0][1]
    assert headers["user-agent"].startswith("scraper/") and "http" in headers["user-agent"]
    assert headers["x-test"] == "yes"


def test_dripping_server_hits_the_total_deadline(server: FaultServer) -> None:
    # One byte every 0.2 s never trips the 0.5 s read timeout: only the total deadline can.
    start = time.monotonic()
    error = fetch_error(server.url("/drip?n=100&every=0.2"))
    assert isinstance(error, FetchTimeout)
    assert time.monotonic() - start < 2.0


def test_hanging_server_times_out(server: FaultServer) -> None:
    start = time.monotonic()
    assert isinstance(fetch_error(server.url("/hang")), FetchTimeout)
    assert time.monotonic() - start < 2.0


def test_huge_body_stops_at_max_bytes(server: FaultServer) -> None:
    start = time.monotonic()
    error = fetch_error(server.url("/huge?n=50000000"))
    assert isinstance(error, TooLarge)
    assert time.monotonic() - start < 2.0


def test_content_length_over_limit_is_refused_before_reading(server: FaultServer) -> None:
    error = fetch_error(server.url("/article/big?size=50000"), replace(FAST, max_bytes=10_000))
    assert isinstance(error, TooLarge) and "Content-Length" in error.message


def test_gzip_bomb_stops_at_the_decoded_limit(server: FaultServer) -> None:
    # ~20 KB on the wire, 20 MB inflated: the limit must apply to the inflated size.
    error = fetch_error(server.url("/gzipbomb?n=20000000"))
    assert isinstance(error, TooLarge) and "decoded" in error.message


@pytest.mark.parametrize("ctype", ["application/pdf", "image/png", "application/json",
                                   "text/plain"])
def test_non_html_is_refused_without_reading_the_body(server: FaultServer, ctype: str) -> None:
    error = fetch_error(server.url(f"/type/{ctype}"), replace(FAST, max_bytes=100_000))
    # The 2 MB body is over max_bytes: NotHTML (not TooLarge) proves it was never read.
    assert isinstance(error, NotHTML)


def test_xhtml_is_accepted(server: FaultServer) -> None:
    # /type/ serves a non-HTML body, but the type check itself must pass for XHTML.
    page = fetch(server.url("/type/application/xhtml+xml"), replace(FAST, max_bytes=3_000_000))
    assert page.status == 200


def test_truncated_body_is_a_network_error(server: FaultServer) -> None:
    assert isinstance(fetch_error(server.url("/truncated")), NetworkError)


def test_http_error_status(server: FaultServer) -> None:
    error = fetch_error(server.url("/status/404"))
    assert isinstance(error, HTTPStatusError) and error.status == 404


def test_retry_after_is_parsed_from_a_429(server: FaultServer) -> None:
    error = fetch_error(server.url("/ratelimit/p?after=7"))
    assert isinstance(error, HTTPStatusError) and error.status == 429
    assert error.retry_after == 7


def test_redirect_chain_is_followed_and_final_url_kept(server: FaultServer) -> None:
    page = fetch(server.url("/redirect/chain/3"))
    assert page.url.endswith("/article/chain-end")
    assert page.requested_url.endswith("/redirect/chain/3")


def test_too_many_redirects(server: FaultServer) -> None:
    error = fetch_error(server.url("/redirect/chain/5"), replace(FAST, max_redirects=3))
    assert isinstance(error, RedirectError) and "more than 3" in error.message


def test_redirect_loop_is_detected(server: FaultServer) -> None:
    error = fetch_error(server.url("/redirect/loop/a"))
    assert isinstance(error, RedirectError) and "loop" in error.message
    assert len(server.requests_for("/redirect/loop/a")) == 1


def test_redirect_to_another_scheme_is_refused(server: FaultServer) -> None:
    assert isinstance(fetch_error(server.url("/redirect/scheme")), RedirectError)


def test_meta_refresh_is_followed_once(server: FaultServer) -> None:
    page = fetch(server.url("/refresh/target"))
    assert page.url.endswith("/article/target") and b"Article target" in page.body


def test_conditional_request_gets_304(server: FaultServer) -> None:
    first = fetch(server.url("/etag/7"))
    second = fetch(server.url("/etag/7"), validators=first.validators)
    assert second.not_modified
    assert server.requests_for("/etag/7")[1][1]["if-none-match"] == '"v-7"'


def test_robots_disallow_is_obeyed(server: FaultServer) -> None:
    server.robots = (200, "User-agent: *\nDisallow: /article/private\n")
    assert isinstance(fetch_error(server.url("/article/private")), RobotsDisallowed)
    assert not server.requests_for("/article/private")
    assert fetch(server.url("/article/public")).status == 200


def test_ignore_robots(server: FaultServer) -> None:
    server.robots = (200, "User-agent: *\nDisallow: /\n")
    assert fetch(server.url("/article/x"), replace(FAST, ignore_robots=True)).status == 200
    assert not server.requests_for("/robots.txt")


def test_robots_5xx_disallows_the_host(server: FaultServer) -> None:
    server.robots = (503, "")
    error = fetch_error(server.url("/article/x"))
    assert isinstance(error, RobotsDisallowed) and "503" in error.message
    assert not server.requests_for("/article/x")


def test_robots_4xx_allows_everything(server: FaultServer) -> None:
    server.robots = (403, "")
    assert fetch(server.url("/article/x")).status == 200


def test_robots_is_fetched_once_per_host(server: FaultServer) -> None:
    server.robots = (200, "User-agent: *\nDisallow: /private\n")

    async def go() -> None:
        fetcher = Fetcher(FAST)
        try:
            await asyncio.gather(*(fetcher.fetch(server.url(f"/article/{i}"))
                                   for i in range(10)))
        finally:
            await fetcher.aclose()
    asyncio.run(go())
    assert len(server.requests_for("/robots.txt")) == 1


def test_robots_applies_to_redirect_targets(server: FaultServer) -> None:
    server.robots = (200, "User-agent: *\nDisallow: /article/secret\n")
    assert isinstance(fetch_error(server.url("/redirect/to/secret")), RobotsDisallowed)


def test_connection_refused_is_a_network_error() -> None:
    with running_server() as srv:
        url = srv.url("/article/gone")
    assert isinstance(fetch_error(url), NetworkError)
