"""Sitemaps and feeds as crawl inputs, served by a real HTTP server on 127.0.0.1: the library
(``scraper.crawl(sitemaps=, feeds=)``) and the CLI as a subprocess."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import scraper
from scraper.crawler.library import CrawlResult
from scraper.sources.warc import read_archive
from tests.cli_helpers import run_cli
from tests.sitefiles import (
    BILLION_LAUGHS,
    SiteServer,
    article_page,
    atom_blogger,
    news_sitemap,
    rss_wordpress,
    serving,
    sitemap_index,
    urlset,
)

FAST = scraper.CrawlSettings(workers=1, timeout=5, retries=0)
CLI_FAST = ["--timeout", "5", "--retries", "0", "--jobs", "1", "--no-progress"]

POSTS = ["/2024/06/council-approves-ferry-budget/", "/2024/06/bridge-repairs-start-monday/",
         "/2024/05/library-wing-opens-to-readers/", "/2019/01/an-old-story-about-floods/"]


@pytest.fixture
def site() -> Iterator[SiteServer]:
    """A news site: robots.txt naming a sitemap index; the index lists a gzipped post
    sitemap, a text sitemap, a news sitemap and an old sitemap; pages state no date."""
    with serving() as srv:
        b = srv.base
        srv.add("/robots.txt", f"User-agent: *\nDisallow: /private/\n\nSitemap: {b}/"
                "sitemap_index.xml\n".encode(), "text/plain")
        srv.add("/sitemap_index.xml", sitemap_index([
            (f"{b}/post-sitemap.xml.gz", "2024-06-04T09:12:44+00:00"),
            (f"{b}/page-sitemap.txt", None),
            (f"{b}/news-sitemap.xml", "2024-06-04T09:12:44+00:00"),
            (f"{b}/post-sitemap-2019.xml", "2019-02-01T00:00:00+00:00")]),
            "application/xml; charset=UTF-8")
        srv.add_gzip("/post-sitemap.xml.gz", urlset([
            (f"{b}{POSTS[0]}", "2024-06-04T09:12:44+00:00"),
            (f"{b}{POSTS[1]}", "2024-06-03T17:40:02+00:00"),
            (f"{b}{POSTS[3]}", "2019-01-10T08:00:00+00:00")]))
        srv.add("/page-sitemap.txt", f"{b}/about/\n{b}/private/staff-list/\n".encode(),
                "text/plain; charset=utf-8")
        srv.add("/news-sitemap.xml", news_sitemap([
            (f"{b}{POSTS[2]}", "2024-05-30T07:15:00+02:00", "Library wing opens")]),
            "text/xml")
        srv.add("/post-sitemap-2019.xml", urlset([(f"{b}/2019/02/never-fetched/", None)]),
                "application/xml")
        for path in [*POSTS, "/about/", "/private/staff-list/"]:
            srv.add(path, article_page(b, path, path.strip("/").rsplit("/", 1)[-1]
                                       .replace("-", " ").capitalize()))
        srv.add("/2024/06/with-its-own-date/", article_page(
            b, "/2024/06/with-its-own-date/", "With its own date",
            date="2024-06-02T06:00:00+00:00", author="Jane Roe"))
        yield srv


def crawl_all(urls: list[str], settings: scraper.CrawlSettings, **sources: list[str]
              ) -> list[CrawlResult]:
    async def run() -> list[CrawlResult]:
        return [r async for r in scraper.crawl(urls, settings, **sources)]
    return asyncio.run(run())


def by_url(results: list[CrawlResult]) -> dict[str, CrawlResult]:
    counts = Counter(r.url for r in results)
    assert all(n == 1 for n in counts.values()), counts  # each URL exactly once
    return {r.url: r for r in results}


def test_sitemap_auto_walks_the_index_gzip_text_and_news_sitemaps(site: SiteServer) -> None:
    b = site.base
    settings = scraper.CrawlSettings(workers=1, timeout=5, retries=0, since="2024-01-01")
    results = by_url(crawl_all([f"{b}/about/"], settings, sitemaps=["auto"]))
    written = {url for url, r in results.items() if r.article is not None}
    assert written == {f"{b}{POSTS[0]}", f"{b}{POSTS[1]}", f"{b}{POSTS[2]}", f"{b}/about/"}
    skips = {url: r.kind for url, r in results.items() if r.skip is not None}
    assert skips == {f"{b}{POSTS[3]}": "filtered_since",
                     f"{b}/post-sitemap-2019.xml": "filtered_since",
                     f"{b}/private/staff-list/": "robots"}
    assert not [r for r in results.values() if r.failed]
    # The old sitemap and the old post were never requested: --since works before fetching.
    assert site.hits["/post-sitemap-2019.xml"] == 0 and site.hits[POSTS[3]] == 0
    assert site.hits["/about/"] == 1  # given and listed: one page, one fetch


def test_sitemap_dates_are_fallbacks_named_in_sources(site: SiteServer) -> None:
    b = site.base
    results = by_url(crawl_all([], FAST, sitemaps=[f"{b}/sitemap_index.xml"]))
    news = results[f"{b}{POSTS[2]}"].article
    assert news is not None
    assert news.published == "2024-05-30T07:15:00+02:00"
    assert news.sources["published"] == "sitemap:news:publication_date"
    post = results[f"{b}{POSTS[0]}"].article
    assert post is not None
    assert (post.published, post.modified) == ("2024-06-04T09:12:44+00:00",) * 2
    assert post.sources["published"] == "sitemap:lastmod (modified)"
    assert post.sources["modified"] == "sitemap:lastmod"
    about = results[f"{b}/about/"].article
    assert about is not None and about.published is None and "published" not in about.sources


def test_feeds_give_dates_and_authors_only_where_the_page_has_none(site: SiteServer) -> None:
    b = site.base
    site.add("/feed/", rss_wordpress(b, [
        ("/2024/06/with-its-own-date/", "With its own date", "Wed, 05 Jun 2024 10:00:00 +0000",
         "Feed Author"),
        (POSTS[0], "Council approves", "Tue, 04 Jun 2024 09:12:44 +0200", "Maria Lopez")]),
        "application/rss+xml; charset=UTF-8")
    site.add("/feeds/posts/default", atom_blogger(b, [
        (POSTS[1], "Bridge repairs", "2024-06-03T08:00:00.001-07:00", "Ann Field")]),
        "application/atom+xml; charset=UTF-8")
    results = by_url(crawl_all([], FAST, feeds=[f"{b}/feed/", f"{b}/feeds/posts/default"]))
    assert len(results) == 3 and all(r.article is not None for r in results.values())
    own = results[f"{b}/2024/06/with-its-own-date/"].article
    assert own is not None
    assert own.published == "2024-06-02T06:00:00+00:00" and own.authors == ["Jane Roe"]
    assert not own.sources["published"].startswith("feed") and \
        not own.sources["authors"].startswith("feed")
    rss = results[f"{b}{POSTS[0]}"].article
    assert rss is not None
    assert (rss.published, rss.authors) == ("2024-06-04T09:12:44+02:00", ["Maria Lopez"])
    assert (rss.sources["published"], rss.sources["authors"]) == ("feed:published",
                                                                  "feed:author")
    atom = results[f"{b}{POSTS[1]}"].article
    assert atom is not None and atom.authors == ["Ann Field"]
    assert atom.published is not None and atom.published.startswith("2024-06-03T08:00:00")


def test_xml_bombs_are_errors_naming_the_source_and_cost_nothing(site: SiteServer) -> None:
    b = site.base
    site.add("/evil-sitemap.xml", BILLION_LAUGHS, "application/xml")
    site.add("/evil.rss", BILLION_LAUGHS.replace(b"urlset", b"rss"), "application/rss+xml")
    started = time.perf_counter()
    results = by_url(crawl_all([], FAST, sitemaps=[f"{b}/evil-sitemap.xml"],
                               feeds=[f"{b}/evil.rss"]))
    assert time.perf_counter() - started < 30
    sitemap, feed = results[f"{b}/evil-sitemap.xml"], results[f"{b}/evil.rss"]
    assert (sitemap.kind, feed.kind) == ("sitemap", "feed")
    assert sitemap.message.startswith(f"unsafe_xml: {b}/evil-sitemap.xml declares the entity")
    assert feed.message.startswith(f"unsafe_xml: {b}/evil.rss declares the entity")
    assert isinstance(sitemap.error, scraper.errors.SitemapError)
    assert len(results) == 2


def test_malformed_and_missing_sources_keep_the_good_entries(site: SiteServer) -> None:
    b = site.base
    good = urlset([(f"{b}{POSTS[0]}", None), (f"{b}{POSTS[1]}", None)])
    site.add("/broken-sitemap.xml", good[:good.index(b"</urlset>")] +
             b"\t<url>\n\t\t<loc>" + b.encode() + b"/2024/06/cut-off-here", "application/xml")
    results = by_url(crawl_all([], FAST, sitemaps=[f"{b}/broken-sitemap.xml",
                                                   f"{b}/missing-sitemap.xml"]))
    assert {u for u, r in results.items() if r.article} == {f"{b}{POSTS[0]}",
                                                            f"{b}{POSTS[1]}"}
    broken, missing = results[f"{b}/broken-sitemap.xml"], results[f"{b}/missing-sitemap.xml"]
    assert broken.kind == "sitemap" and broken.message.startswith("malformed_xml: ")
    assert "is not well-formed XML at line" in broken.message
    assert (missing.kind, missing.message) == ("sitemap", "http_status: HTTP 404 Not Found")
    assert len(results) == 4


def lines(path: Path) -> list[dict[str, object]]:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    assert not text or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_cli_sitemap_and_feed_files_summary_and_nightly_rerun(site: SiteServer,
                                                            tmp_path: Path) -> None:
    b = site.base
    site.add("/feed/", rss_wordpress(b, [(POSTS[2], "Library", "Thu, 30 May 2024 07:15:00 "
                                          "+0200", "Tom Reyes")]), "application/rss+xml")
    out, err, skips, summary = (tmp_path / n for n in ("out.jsonl", "err.jsonl",
                                                         "skips.jsonl", "summary.json"))
    args = ["crawl", "--sitemap", f"{b}/sitemap_index.xml", "--feed", f"{b}/feed/",
            "--feed", f"{b}/missing-feed/", "--since", "2024-01-01", "-o", str(out),
            "--errors", str(err), "--skips", str(skips), "--summary", str(summary),
            "--state", str(tmp_path / "state.db"), *CLI_FAST]
    proc = run_cli(*args)
    assert proc.returncode == 1, proc.stderr  # the missing feed is a failure
    records = {r["url"]: r for r in lines(out)}
    assert set(records) == {f"{b}{p}" for p in POSTS[:3]} | {f"{b}/about/"}
    # Listed by the feed and by the news sitemap: the first found gives its hints, and the
    # feed (given) is read before the index's children.
    assert records[f"{b}{POSTS[2]}"]["sources"]["published"] == "feed:published"
    assert [(e["url"], e["error"]["kind"]) for e in lines(err)] == [
        (f"{b}/missing-feed/", "feed")]
    assert sorted(s["error"]["kind"] for s in lines(skips)) == [
        "filtered_since", "filtered_since", "robots"]
    data = json.loads(summary.read_text())
    assert (data["written"], data["robots"], data["failed"]) == (4, 1, 1)
    assert data["filtered"] == {"filtered_since": 2}
    assert data["sources_read"] == 5  # the index, three children, the feed
    assert "5 sitemaps/feeds read" in proc.stderr.decode()

    # The nightly rerun: a new post in the sitemap; the others' lastmod is not after the
    # last fetch, so they are not even requested.
    site.add_gzip("/post-sitemap.xml.gz", urlset([
        (f"{b}{POSTS[0]}", "2024-06-04T09:12:44+00:00"),
        (f"{b}{POSTS[1]}", "2024-06-03T17:40:02+00:00"),
        (f"{b}/2024/06/new-ferry-timetable-published/", "2024-06-05T06:00:00+00:00")]))
    site.add("/2024/06/new-ferry-timetable-published/", article_page(
        b, "/2024/06/new-ferry-timetable-published/", "New ferry timetable"))
    before = Counter(site.hits)
    proc = run_cli(*args)
    assert proc.returncode == 1, proc.stderr
    new = [r["url"] for r in lines(out)][len(records):]
    assert new == [f"{b}/2024/06/new-ferry-timetable-published/"]
    assert site.hits[POSTS[0]] == before[POSTS[0]] and site.hits[POSTS[1]] == before[POSTS[1]]
    data = json.loads(summary.read_text())
    assert data["written"] == 1 and data["unchanged"] >= 2


def test_cli_usage_errors_are_one_line(tmp_path: Path) -> None:
    for args, message in [
        (["--sitemap", "auto"], "--sitemap auto reads the robots.txt"),
        (["--sitemap", "http://127.0.0.1:9/s.xml", "--since", "last week"],
         "--since 'last week' is not a date"),
        (["--feed", "http://127.0.0.1:9/f", "--include", "(unclosed"],
         "--include '(unclosed' is not a regular expression"),
        (["--follow", "http://127.0.0.1:9/", "--max-pages", "0"],
         "--max-pages must be at least 1"),
        (["http://127.0.0.1:9/", "--since", "2024-01-01"],
         "--since applies to discovered URLs: add --sitemap or --feed"),
        (["http://127.0.0.1:9/", "--max-depth", "2"],
         "--max-depth applies to discovered URLs: add --follow"),
        (["http://127.0.0.1:9/", "--exclude", "/tag/"],
         "--include/--exclude applies to discovered URLs: add --sitemap, --feed or --follow"),
    ]:
        proc = run_cli("crawl", *args, *CLI_FAST)
        stderr = proc.stderr.decode()
        assert proc.returncode == 2, stderr
        assert message in stderr and "Traceback" not in stderr
        assert len(stderr.strip().splitlines()) == 1


def test_auto_without_sitemap_lines_is_a_sitemap_error_and_max_pages_caps_a_sitemap(
        site: SiteServer) -> None:
    b = site.base
    site.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    got = by_url(crawl_all([f"{b}/about/"], FAST, sitemaps=["auto"]))
    robots = got[f"{b}/robots.txt"]
    assert (robots.kind, robots.message) == (
        "sitemap", f"{b}/robots.txt lists no Sitemap: line (--sitemap auto)")
    assert got[f"{b}/about/"].article is not None and len(got) == 2

    capped = scraper.CrawlSettings(workers=1, timeout=5, retries=0, max_pages=2)
    results = by_url(crawl_all([], capped, sitemaps=[f"{b}/post-sitemap.xml.gz"]))
    assert sum(r.article is not None for r in results.values()) == 2
    assert [r.kind for r in results.values() if r.article is None] == ["max_pages"]


def test_an_archived_crawl_keeps_the_sitemaps_it_read(site: SiteServer, tmp_path: Path) -> None:
    b = site.base
    archive = tmp_path / "site.warc.gz"
    settings = scraper.CrawlSettings(workers=1, timeout=5, retries=0, since="2024-01-01",
                                     archive=archive)
    crawl_all([], settings, sitemaps=[f"{b}/sitemap_index.xml"])
    responses = {r.url for r in read_archive(archive) if r.record_type == "response"}
    assert {f"{b}/sitemap_index.xml", f"{b}/post-sitemap.xml.gz", f"{b}/news-sitemap.xml",
            f"{b}{POSTS[0]}"} <= responses
    assert f"{b}/post-sitemap-2019.xml" not in responses  # filtered by --since, never fetched
