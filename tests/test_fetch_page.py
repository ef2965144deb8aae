"""``scraper.fetch(url)``: one page, synchronously, on the crawler's fetcher."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import scraper
from scraper.errors import HTTPStatusError, InvalidURL
from tests.faultserver import FaultServer, running_server

FAST = scraper.CrawlSettings(timeout=2, retries=0)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running_server() as srv:
        yield srv


def test_fetch_returns_the_article(server: FaultServer) -> None:
    article = scraper.fetch(server.url("/article/one"), FAST)
    assert article.title == "Article one"
    assert article.url == server.url("/article/one")
    assert article.to_markdown().startswith("---\ntitle: Article one\n")


def test_fetch_raises_the_recorded_error(server: FaultServer) -> None:
    with pytest.raises(HTTPStatusError) as info:
        scraper.fetch(server.url("/status/404"), FAST)
    assert info.value.kind == "http_status"
    with pytest.raises(InvalidURL):
        scraper.fetch("not a url", FAST)


def test_fetch_obeys_robots_txt(server: FaultServer) -> None:
    server.robots = (200, "User-agent: *\nDisallow: /article/private\n")
    with pytest.raises(scraper.ScraperError) as info:
        scraper.fetch(server.url("/article/private"), FAST)
    assert info.value.kind == "robots"


def test_fetch_works_inside_a_running_event_loop(server: FaultServer) -> None:
    async def cell() -> str | None:  # what a notebook cell is
        return scraper.fetch(server.url("/article/nb"), FAST).title

    assert asyncio.run(cell()) == "Article nb"


def test_fetch_returns_the_page_even_when_the_state_says_unchanged(server: FaultServer,
                                                                   tmp_path: Path) -> None:
    settings = replace(FAST, state=tmp_path / "state.sqlite")
    first = scraper.fetch(server.url("/etag/1"), settings)
    again = scraper.fetch(server.url("/etag/1"), settings)
    assert again.text == first.text and again.title
