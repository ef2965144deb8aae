"""``--follow``: discovering a small site by its links, on a real HTTP server on 127.0.0.1.

The site: a WordPress-like front page whose nav links a section and the about page, with two
articles, a members-only page robots.txt disallows, a PDF, a nofollow login link, and links
off the site (Twitter, WordPress.org, and the same server under another name, ``localhost``);
the section pages lead one level further per page.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import scraper
from scraper.crawler.follow import registrable_domain, url_rank
from scraper.crawler.library import CrawlResult
from tests.cli_helpers import ROOT
from tests.sitefiles import SiteServer, article_page, serving

A = "/2024/06/council-approves-ferry-budget/"
B = "/2024/06/bridge-repairs-start-monday/"
C = "/2024/05/library-wing-opens-to-readers/"
D = "/2024/04/market-hall-roof-is-fixed-at-last/"
E = "/2023/11/flood-defences-tested-in-storm/"


def _li(links: list[tuple[str, str]]) -> str:
    return "<ul class=\"related\">" + "".join(
        f'<li><a href="{href}">{text}</a></li>' for href, text in links) + "</ul>"


def build_site(srv: SiteServer) -> None:
    b = srv.base
    other = b.replace("127.0.0.1", "localhost")
    srv.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    srv.add("/", article_page(b, "/", "Front page", links=_li([
        (A, "Council approves ferry budget"), (f"{b}{B}#comments", "Bridge repairs"),
        ("/private/members-only/", "Members"), ("/files/annual-report-2023.pdf", "Report"),
        (f"{other}/2024/06/mirror-of-the-front-page/", "Mirror"),
        ("mailto:desk@gazette.example", "Write to us"),
    ]) + '<p><a rel="nofollow" href="/login/?redirect_to=%2F">Log in</a></p>'))
    srv.add("/category/news/", article_page(b, "/category/news/", "News", links=_li([
        (C, "Library wing opens"), ("/category/news/page/2/", "Older posts")])))
    srv.add("/category/news/page/2/", article_page(b, "/category/news/page/2/", "News 2",
                                                   links=_li([(D, "Market hall roof")])))
    srv.add("/about/", article_page(b, "/about/", "About us", links=_li([
        ("/about/team/", "Our team")])))
    srv.add("/about/team/", article_page(b, "/about/team/", "Our team"))
    srv.add(A, article_page(b, A, "Council approves ferry budget", links=_li([(B, "Bridge")])))
    srv.add(B, article_page(b, B, "Bridge repairs start Monday", links=_li([
        (E, "Flood defences")])))
    for path, title in ((C, "Library wing opens"), (D, "Market hall roof"),
                        (E, "Flood defences tested")):
        srv.add(path, article_page(b, path, title))
    srv.add("/private/members-only/", article_page(b, "/private/members-only/", "Members"))


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with serving() as srv:
        build_site(srv)
        yield srv


def crawl_all(urls: list[str], settings: scraper.CrawlSettings) -> list[CrawlResult]:
    async def run() -> list[CrawlResult]:
        return [r async for r in scraper.crawl(urls, settings)]
    return asyncio.run(run())


def outcome(results: list[CrawlResult], base: str) -> dict[str, str]:
    counts = Counter(r.url for r in results)
    assert all(n == 1 for n in counts.values()), counts  # each discovered URL exactly once
    return {r.url.replace(base, ""): "record" if r.article else str(r.kind) for r in results}


def settings(**changes: object) -> scraper.CrawlSettings:
    return scraper.CrawlSettings(workers=1, timeout=5, retries=0, concurrency=1, per_host=1,
                                 follow=True, **changes)  # type: ignore[arg-type]


def test_follow_discovers_the_site_within_its_domain_and_depth(site: SiteServer) -> None:
    b = site.base
    got = outcome(crawl_all([f"{b}/"], settings(max_depth=2)), b)
    other = b.replace("127.0.0.1", "localhost")
    assert got == {
        "/": "record", A: "record", B: "record", "/category/news/": "record",
        "/about/": "record",                                   # depth 1
        C: "record", E: "record", "/category/news/page/2/": "record",
        "/about/team/": "record",                              # depth 2
        "/private/members-only/": "robots",
        "/files/annual-report-2023.pdf": "filtered_url",
        f"{other}/2024/06/mirror-of-the-front-page/": "out_of_scope",
        "https://twitter.com/riversidegazette": "out_of_scope",
        "https://wordpress.org/": "out_of_scope",
    }
    # D is three links away: never discovered, never requested; nor was anything off-site,
    # the nofollow login link, or the PDF.
    assert site.hits[D] == 0 and site.hits["/login/"] == 0
    assert site.hits["/files/annual-report-2023.pdf"] == 0
    pages = [p for p, _ in site.requests if p != "/robots.txt"]
    assert len(pages) == len(set(pages)) == 9  # each page fetched once
    # Breadth first, articles first within a depth.
    assert pages[:5] == ["/", A, B, "/about/", "/category/news/"]
    assert set(pages[5:]) == {C, E, "/category/news/page/2/", "/about/team/"}
    assert pages.index(E) < pages.index("/about/team/") < \
        pages.index("/category/news/page/2/")


def test_max_pages_spends_the_budget_on_articles_first(site: SiteServer) -> None:
    b = site.base
    got = outcome(crawl_all([f"{b}/"], settings(max_pages=3)), b)
    assert {p for p, kind in got.items() if kind == "record"} == {"/", A, B}
    budget = {p for p, kind in got.items() if kind == "max_pages"}
    assert {"/about/", "/category/news/", E} <= budget
    assert site.hits["/about/"] == 0 and site.hits[E] == 0


def test_include_and_exclude_filter_discovered_urls_not_seeds(site: SiteServer) -> None:
    b = site.base
    got = outcome(crawl_all([f"{b}/"], settings(max_depth=1, include=(r"/20\d\d/",),
                                                exclude=(r"/bridge-",))), b)
    assert got["/"] == "record" and got[A] == "record"
    assert got[B] == got["/about/"] == got["/category/news/"] == "filtered_url"


def test_same_host_and_registrable_domains() -> None:
    assert registrable_domain("news.bbc.co.uk") == "bbc.co.uk"
    assert registrable_domain("www.BBC.co.uk.") == "bbc.co.uk"
    assert registrable_domain("alice.github.io") == "alice.github.io"  # a private suffix
    assert registrable_domain("127.0.0.1") == "127.0.0.1"
    assert [url_rank(u) for u in (f"https://x.example{A}", "https://x.example/about/",
                                  "https://x.example/tag/ferries/",
                                  "https://x.example/news/story/1234567")] == [0, 1, 2, 0]


def lines(path: Path) -> list[dict[str, object]]:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    assert not text or text.endswith("\n"), "a partial line"
    return [json.loads(line) for line in text.splitlines()]


def test_cli_follow_resumes_after_sigterm_and_a_nightly_rerun_fetches_only_news(
        site: SiteServer, tmp_path: Path) -> None:
    b = site.base
    out, err, skips = tmp_path / "out.jsonl", tmp_path / "err.jsonl", tmp_path / "skips.jsonl"
    args = [sys.executable, "-m", "scraper", "crawl", f"{b}/", "--follow", "--max-depth", "3",
            "--state", str(tmp_path / "state.db"), "-o", str(out), "--errors", str(err),
            "--skips", str(skips), "--summary", str(tmp_path / "summary.json"),
            "--delay", "0.3", "--per-host", "1", "--timeout", "5", "--retries", "0",
            "--jobs", "1", "--no-progress"]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while len(lines(out)) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 143, stderr
    first = len(lines(out))
    assert 3 <= first < 10

    resumed = subprocess.run(args, cwd=ROOT, capture_output=True, timeout=60, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert b"resuming the interrupted run" in resumed.stderr
    seen = Counter(str(r["url"]) for r in lines(out)) + \
        Counter(str(e["url"]) for e in lines(err) + lines(skips))
    assert all(n == 1 for n in seen.values()), seen
    assert {str(r["url"]) for r in lines(out)} == {f"{b}{p}" for p in (
        "/", A, B, C, D, E, "/about/", "/about/team/", "/category/news/",
        "/category/news/page/2/")}
    fetched = Counter(p for p, _ in site.requests if p != "/robots.txt")
    assert all(n == 1 for n in fetched.values()), fetched  # nothing fetched twice
    data = json.loads((tmp_path / "summary.json").read_text())
    assert data["completed"] and data["resumed_already_done"] >= first

    # The next night: one new article on the front page. Unchanged pages answer 304.
    site.add("/", article_page(b, "/", "Front page", links=_li([
        ("/2024/06/night-ferry-service-returns/", "Night ferry"), (A, "Council")])))
    site.add("/2024/06/night-ferry-service-returns/", article_page(
        b, "/2024/06/night-ferry-service-returns/", "Night ferry service returns"))
    before = len(lines(out))
    nightly = subprocess.run(args, cwd=ROOT, capture_output=True, timeout=60, check=False)
    assert nightly.returncode == 0, nightly.stderr
    new = [str(r["url"]) for r in lines(out)][before:]
    # The front page changed only in its related links: fetched (its links followed), but
    # its text is the same, an 'unchanged' skip; the new article is the one record.
    assert new == [f"{b}/2024/06/night-ferry-service-returns/"]
    data = json.loads((tmp_path / "summary.json").read_text())
    assert data["unchanged"] >= 5 and data["written"] == 1, (data, lines(skips)[-12:])
    assert site.hits["/"] == 2 and site.hits[A] == 2  # A: a conditional request, 304


def test_cli_follow_after_kill_9_resumes_with_every_url_exactly_once(
        site: SiteServer, tmp_path: Path) -> None:
    b = site.base
    out, err, skips = tmp_path / "out.jsonl", tmp_path / "err.jsonl", tmp_path / "skips.jsonl"
    args = [sys.executable, "-m", "scraper", "crawl", f"{b}/", "--follow",
            "--state", str(tmp_path / "state.db"), "-o", str(out), "--errors", str(err),
            "--skips", str(skips), "--delay", "0.25", "--per-host", "1", "--timeout", "5",
            "--retries", "0", "--jobs", "1", "--no-progress", "-q"]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while len(lines(out)) < 4 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.kill()
    proc.wait(timeout=10)
    killed_at = len(lines(out))
    assert 4 <= killed_at < 10
    resumed = subprocess.run(args, cwd=ROOT, capture_output=True, timeout=60, check=False)
    assert resumed.returncode == 0, resumed.stderr
    seen = Counter(str(r["url"]) for r in lines(out)) + \
        Counter(str(e["url"]) for e in lines(err) + lines(skips))
    assert all(n == 1 for n in seen.values()), seen
    # 10 pages, the robots-disallowed one, the PDF, and three links off the site.
    assert len(seen) == 15
    assert {str(r["url"]) for r in lines(out)} == {f"{b}{p}" for p in (
        "/", A, B, C, D, E, "/about/", "/about/team/", "/category/news/",
        "/category/news/page/2/")}
