"""The private-address guard (scraper.fetcher.guard): the decision on many addresses as a pure
function, and end to end against servers on 127.0.0.1 (no traffic anywhere else): literal
private hosts refused before any request, names resolved by a stub resolver refused before
connecting, redirects checked on every hop, the checked address the one connected to."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

import scraper
from scraper.errors import InvalidURL, PrivateAddress, ScraperError
from scraper.fetcher.client import Fetched, Fetcher
from scraper.fetcher.guard import AddressGuard, is_public_address
from scraper.fetcher.urls import checked_url, normalize_url, redact_url
from scraper.settings import CrawlSettings
from tests.cli_helpers import run_cli
from tests.faultserver import FaultServer, running_server

REFUSED = [
    "127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
    "169.254.169.254",  # cloud metadata (AWS, GCP, Azure)
    "169.254.0.1", "100.64.0.1", "100.100.100.200",  # shared (CGN) space; Alibaba metadata
    "0.0.0.0", "0.1.2.3", "255.255.255.255", "224.0.0.1", "239.255.255.250", "240.0.0.1",
    "192.0.2.1", "198.18.0.1", "198.51.100.1", "203.0.113.1",
    "::1", "::", "fd00::1", "fd00:ec2::254", "fc00::1", "fe80::1", "fec0::1", "ff02::1",
    "ff05::1:3", "2001:db8::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
    "64:ff9b::a00:1", "2002:a00:1::1", "2002:7f00:1::1", "2001::1",
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001::1",
          "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"]

FAST = CrawlSettings(timeout=1.0, connect_timeout=0.5, read_timeout=0.5, retries=0,
                     retry_backoff=0.05, workers=1, block_private=True)


@pytest.mark.parametrize("address", REFUSED)
def test_refused_addresses(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


def test_an_allowlist_lets_chosen_networks_through() -> None:
    guard = AddressGuard(["127.0.0.1/32", "fd00:1::/64"])
    assert guard.allows(ipaddress.ip_address("127.0.0.1"))
    assert guard.allows(ipaddress.ip_address("fd00:1::5"))
    assert not guard.allows(ipaddress.ip_address("127.0.0.2"))
    assert not guard.allows(ipaddress.ip_address("10.0.0.1"))


def test_a_name_with_one_private_address_is_refused() -> None:
    async def mixed(host: str, port: int) -> Sequence[str]:
        return ["8.8.8.8", "10.0.0.1"]
    with pytest.raises(PrivateAddress):
        asyncio.run(AddressGuard(resolver=mixed).resolve("mixed.test", 80))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://x/"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(InvalidURL):
        checked_url(url)


def test_credentials_are_redacted() -> None:
    assert redact_url("http://user:secret@example.com/a") == "http://***@example.com/a"
    assert redact_url("https://example.com/a?x=1") == "https://example.com/a?x=1"


# -- end to end, on 127.0.0.1 only ---------------------------------------------------------

@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running_server() as srv:
        yield srv


class Resolutions:
    """A stub resolver: fixed answers per name, and a record of what was asked."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> Sequence[str]:
        self.asked.append(host)
        return self.answers[host]


def fetch(url: str, settings: CrawlSettings) -> Fetched:
    async def go() -> Fetched:
        fetcher = Fetcher(settings)
        try:
            return await fetcher.fetch(checked_url(url))
        finally:
            await fetcher.aclose()
    return asyncio.run(go())


def fetch_error(url: str, settings: CrawlSettings) -> ScraperError:
    with pytest.raises(ScraperError) as info:
        fetch(url, settings)
    return info.value


def test_a_crawl_of_a_loopback_url_is_refused_before_any_request(server: FaultServer) -> None:
    async def go() -> list[scraper.CrawlResult]:
        return [result async for result in scraper.crawl([server.url("/article/a")], FAST)]
    results = asyncio.run(go())
    assert [result.kind for result in results] == ["private_address"]
    assert server.log == []  # not even robots.txt


def test_without_the_guard_the_same_crawl_fetches(server: FaultServer) -> None:
    async def go() -> list[scraper.CrawlResult]:
        return [result async for result in
                scraper.crawl([server.url("/article/a")], replace(FAST, block_private=False))]
    assert asyncio.run(go())[0].article is not None


def test_a_name_resolving_to_a_private_address_is_refused_before_connecting() -> None:
    resolver = Resolutions({"intranet.test": ["10.0.0.1"]})
    settings = replace(FAST, resolver=resolver, ignore_robots=True)
    error = fetch_error("http://intranet.test/admin", settings)
    assert isinstance(error, PrivateAddress) and "10.0.0.1" in error.message
    assert resolver.asked == ["intranet.test"]


def test_the_checked_address_is_the_one_connected_to(server: FaultServer) -> None:
    port = server.server_address[1]
    resolver = Resolutions({"news.test": ["127.0.0.1"]})
    settings = replace(FAST, resolver=resolver, allow_networks=("127.0.0.1/32",))
    page = fetch(f"http://news.test:{port}/article/a", settings)
    assert page.status == 200 and b"Article a" in page.body
    assert [entry[1]["host"] for entry in server.log] == [f"news.test:{port}"] * 2  # + robots
    assert resolver.asked


def test_an_allowlisted_loopback_crawl_is_written(server: FaultServer) -> None:
    settings = replace(FAST, allow_networks=("127.0.0.1/32",))

    async def go() -> list[scraper.CrawlResult]:
        return [result async for result in scraper.crawl([server.url("/article/a")], settings)]
    assert asyncio.run(go())[0].article is not None


class _RedirectHandler(BaseHTTPRequestHandler):
    location: ClassVar[str] = ""
    seen: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self.seen.append(self.path)
        if self.path == "/robots.txt":
            self.send_response(404)
            self.send_header("content-length", "0")
            self.end_headers()
            return
        self.send_response(302)
        self.send_header("location", self.location)
        self.send_header("content-length", "0")
        self.end_headers()


@pytest.fixture
def redirector() -> Iterator[tuple[ThreadingHTTPServer, type[_RedirectHandler]]]:
    handler = type("Handler", (_RedirectHandler,), {"seen": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield httpd, handler
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("target", ["http://intranet.test/secret", "http://10.0.0.1/secret",
                                    "http://[::ffff:169.254.169.254]/latest/meta-data/",
                                    "http://admin:hunter2@127.0.0.2/"])
def test_a_redirect_to_a_private_host_is_refused(
        redirector: tuple[ThreadingHTTPServer, type[_RedirectHandler]], target: str) -> None:
    httpd, handler = redirector
    handler.location = target
    resolver = Resolutions({"intranet.test": ["10.0.0.1"]})
    settings = replace(FAST, resolver=resolver, allow_networks=("127.0.0.1/32",))
    error = fetch_error(f"http://127.0.0.1:{httpd.server_address[1]}/start", settings)
    assert isinstance(error, PrivateAddress)
    assert "hunter2" not in error.message
    assert handler.seen == ["/robots.txt", "/start"]


def test_the_guarded_transport_still_uses_httpx_pool() -> None:
    # The guard swaps the connection pool httpx builds (it takes no network backend); if a
    # later httpx stops reading ``_pool``, this fails instead of the guard silently not acting.
    assert "_pool" in vars(httpx.AsyncHTTPTransport())


def test_an_ipv6_literal_with_a_dotted_part_is_a_url() -> None:
    # w3lib's safe_url_string raised ValueError on it (a redirect target crashed the fetch).
    assert checked_url("http://[::ffff:169.254.169.254]/x#f") == "http://[::ffff:169.254.169.254]/x"
    assert normalize_url("http://[::FFFF:169.254.169.254]:80/x") == "http://[::ffff:a9fe:a9fe]/x"
    assert normalize_url("http://[::1]:8080/x") == "http://[::1]:8080/x"


def test_credentials_in_urls_are_not_logged(server: FaultServer,
                                            caplog: pytest.LogCaptureFixture) -> None:
    url = server.url("/article/a").replace("http://", "http://admin:hunter2@")
    settings = replace(FAST, block_private=False)

    async def go() -> list[scraper.CrawlResult]:
        return [result async for result in scraper.crawl([url], settings)]
    with caplog.at_level("DEBUG", logger="scraper"):
        asyncio.run(go())
    assert "fetched" in caplog.text
    assert "hunter2" not in caplog.text


def test_the_crawl_command_takes_block_private(server: FaultServer, tmp_path: Path) -> None:
    errors = tmp_path / "errors.jsonl"
    done = run_cli("crawl", "--block-private", "-q", "--no-progress", "--errors", str(errors),
                   server.url("/article/a"))
    assert done.returncode == 1, done.stderr
    assert json.loads(errors.read_text())["error"]["kind"] == "private_address"
    assert server.log == []


def test_a_refused_redirect_does_not_show_its_credentials(
        redirector: tuple[ThreadingHTTPServer, type[_RedirectHandler]]) -> None:
    httpd, handler = redirector
    handler.location = "ftp://admin:hunter2@example.com/file"
    settings = replace(FAST, block_private=False)
    error = fetch_error(f"http://127.0.0.1:{httpd.server_address[1]}/start", settings)
    assert error.kind == "redirect" and "hunter2" not in error.message
