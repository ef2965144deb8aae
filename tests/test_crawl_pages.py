"""Multi-page articles in a crawl: the shipped XenForo rule's ``next_page`` followed and the
pages joined into one record, on a real HTTP server on 127.0.0.1.

The pages are the XenForo fixture (``fixtures/rules/xenforo-thread.html``, a XenForo 2.2
thread as the platform serves it) with each page's opening post and pagination links
(``<link rel="next">`` in the head, ``pageNav-jump--next`` in the page navigation) set to
those of its page; the last page has neither, as XenForo writes it.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

import scraper
from scraper.crawler.library import CrawlResult
from scraper.crawler.pages import COMPLETE, MAX_ARTICLE_PAGES
from scraper.rules import RuleSet
from tests.cli_helpers import ROOT, run_cli
from tests.sitefiles import SiteServer, serving
from tests.test_schema import SCHEMA

FIXTURE = (ROOT / "fixtures" / "rules" / "xenforo-thread.html").read_text(encoding="utf-8")
THREAD = "/threads/lathe-headstock-bearings-preload-by-feel-or-by-numbers.20931/"
_OPENING = re.compile(r'(<div class="bbWrapper">)I have the headstock.*?had blued\.(</div>)',
                      re.DOTALL)
_NEXT = re.compile(r'\s*<link rel="next" href="[^"]*" />|<a href="[^"]*" '
                   r'class="pageNav-jump pageNav-jump--next">Next</a>')
REPLY = "Rolling drag is the one to trust"  # the second post of every page, never the record's


def path_of(n: int) -> str:
    return THREAD if n == 1 else f"{THREAD}page-{n}"


def post_of(n: int) -> str:
    return (f"Page {n} opening post: I measured end float at {n * 3} tenths with the dial "
            f"indicator on the spindle nose, then set the rolling drag on the cord to "
            f"{n + 1} pounds and ran it in for twenty minutes.")


def thread_page(n: int, next_n: int | None) -> bytes:
    """Page ``n`` of the thread, its next-page links leading to page ``next_n`` (none for
    None)."""
    html = _OPENING.sub(lambda m: m[1] + post_of(n) + m[2], FIXTURE, count=1)
    assert post_of(n) in html
    if next_n is None:
        html = _NEXT.sub("", html)
        assert "rel=\"next\"" not in html and "pageNav-jump--next" not in html
    else:
        html = html.replace(f"{THREAD}page-2", path_of(next_n))
    return html.encode()


def add_thread(srv: SiteServer, links: dict[int, int | None]) -> None:
    for n, next_n in links.items():
        srv.add(path_of(n), thread_page(n, next_n))


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with serving() as srv:
        srv.add("/robots.txt", b"User-agent: *\nDisallow: /members/\n", "text/plain")
        yield srv


def settings(**overrides: object) -> scraper.CrawlSettings:
    extract = scraper.ExtractSettings(rules=RuleSet.load())
    base: dict[str, object] = {"timeout": 5.0, "retries": 0, "retry_backoff": 0.02,
                               "workers": 1, "extract": extract}
    base.update(overrides)
    return scraper.CrawlSettings(**base)  # type: ignore[arg-type]


def crawl_one(url: str, crawl_settings: scraper.CrawlSettings) -> CrawlResult:
    async def run() -> list[CrawlResult]:
        return [r async for r in scraper.crawl([url], crawl_settings)]
    results = asyncio.run(run())
    assert len(results) == 1, results  # one input URL, one result, whatever the chain did
    return results[0]


def order_of(text: str, pages: range) -> list[int]:
    return [text.index(post_of(n)) for n in pages]


def test_three_pages_are_joined_into_one_record_in_order(site: SiteServer) -> None:
    add_thread(site, {1: 2, 2: 3, 3: None})
    result = crawl_one(site.base + THREAD, settings())
    article = result.article
    assert article is not None, result.message
    assert article.url == site.base + THREAD
    assert article.pages == [site.base + path_of(n) for n in (1, 2, 3)]
    assert article.sources["pages"] == COMPLETE
    assert article.next_page is None  # nothing named and left out
    positions = order_of(article.text, range(1, 4))
    assert positions == sorted(positions)
    assert [b.text for b in article.blocks if b.text.startswith("Page ")] == \
        [post_of(n) for n in (1, 2, 3)]
    assert REPLY not in article.text  # the rule's record is each page's opening post
    assert article.word_count == scraper.pipeline.word_count(article.text)
    assert article.title == "Lathe headstock bearings: preload by feel or by numbers?"
    assert [site.hits[path_of(n)] for n in (1, 2, 3)] == [1, 1, 1]
    record = article.to_dict()
    assert record["pages"] == article.pages and "next_page" not in record


def test_without_rules_the_next_page_is_not_followed(site: SiteServer) -> None:
    add_thread(site, {1: 2, 2: None})
    result = crawl_one(site.base + THREAD, settings(extract=scraper.ExtractSettings()))
    assert result.article is not None and result.article.pages is None
    assert site.hits[path_of(2)] == 0


def test_a_loop_back_to_page_one_stops_the_chain(site: SiteServer) -> None:
    add_thread(site, {1: 2, 2: 1})
    article = crawl_one(site.base + THREAD, settings()).article
    assert article is not None
    assert article.pages == [site.base + path_of(1), site.base + path_of(2)]
    assert "a loop" in article.sources["pages"]
    assert article.next_page == site.base + path_of(1)
    assert order_of(article.text, range(1, 3)) == sorted(order_of(article.text, range(1, 3)))
    assert site.hits[path_of(1)] == 1 and site.hits[path_of(2)] == 1


def test_a_long_chain_stops_at_the_page_limit(site: SiteServer) -> None:
    last = MAX_ARTICLE_PAGES + 3
    add_thread(site, {n: n + 1 for n in range(1, last)} | {last: None})
    article = crawl_one(site.base + THREAD, settings()).article
    assert article is not None and article.pages is not None
    assert len(article.pages) == MAX_ARTICLE_PAGES
    assert f"limit of {MAX_ARTICLE_PAGES} pages" in article.sources["pages"]
    assert article.next_page == site.base + path_of(MAX_ARTICLE_PAGES + 1)
    assert post_of(MAX_ARTICLE_PAGES) in article.text
    assert post_of(MAX_ARTICLE_PAGES + 1) not in article.text
    assert sum(site.hits[path_of(n)] for n in range(1, last + 1)) == MAX_ARTICLE_PAGES


def test_a_failing_page_keeps_the_pages_before_it_and_says_why(site: SiteServer) -> None:
    add_thread(site, {1: 2, 2: 3})
    site.add(path_of(3), b"<html><body><h1>Internal Server Error</h1></body></html>",
             status=500)
    result = crawl_one(site.base + THREAD, settings(retries=2))
    article = result.article
    assert article is not None, result.message
    assert article.pages == [site.base + path_of(1), site.base + path_of(2)]
    stop = article.sources["pages"]
    assert "failed: http_status" in stop and "500" in stop and "after 2 retries" in stop
    assert article.next_page == site.base + path_of(3)  # named, not joined
    assert post_of(2) in article.text
    assert site.hits[path_of(3)] == 3  # the first request and its two retries


def test_a_next_page_on_another_host_is_not_fetched(site: SiteServer) -> None:
    add_thread(site, {1: 2})
    other = site.base.replace("127.0.0.1", "localhost")
    site.files[path_of(1)].body = site.files[path_of(1)].body.replace(
        f'href="{path_of(2)}"'.encode(), f'href="{other}{path_of(2)}"'.encode())
    article = crawl_one(site.base + THREAD, settings()).article
    assert article is not None
    assert article.pages == [site.base + path_of(1)]
    assert "on another host" in article.sources["pages"]
    assert site.hits[path_of(2)] == 0


def test_cli_crawl_writes_one_joined_line_and_a_rerun_is_unchanged(
        site: SiteServer, tmp_path: Path) -> None:
    add_thread(site, {1: 2, 2: 3, 3: None})
    urls = tmp_path / "urls.txt"
    urls.write_text(site.base + THREAD + "\n")
    out, err, state = tmp_path / "out.jsonl", tmp_path / "errors.jsonl", tmp_path / "s.db"
    args = ["crawl", "-i", str(urls), "-o", str(out), "--errors", str(err), "--state",
            str(state), "--rules", "shipped", "--no-progress", "-q"]
    proc = run_cli(*args)
    assert proc.returncode == 0, proc.stderr.decode()
    lines = out.read_text().splitlines()
    assert len(lines) == 1 and not err.read_text().strip()
    record = json.loads(lines[0])
    jsonschema.validate(record, SCHEMA)
    assert record["url"] == site.base + THREAD
    assert record["pages"] == [site.base + path_of(n) for n in (1, 2, 3)]
    assert order_of(record["text"], range(1, 4)) == sorted(order_of(record["text"], range(1, 4)))
    # A rerun (a state file appends): the first page answers 304, so the input URL is one
    # unchanged skip and the chain is not fetched again.
    proc = run_cli(*args)
    assert proc.returncode == 0, proc.stderr.decode()
    assert out.read_text().splitlines() == lines
    skips = [json.loads(line) for line in err.read_text().splitlines()]
    assert [s["error"]["kind"] for s in skips] == ["unchanged"]
    assert [site.hits[path_of(n)] for n in (1, 2, 3)] == [2, 1, 1]
