"""Archive out: ``scraper crawl --archive`` writes WARC, ``scraper extract`` re-extracts it
without fetching, to the same records."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

import scraper
from scraper.settings import CrawlSettings
from scraper.sources.warc import read_archive
from tests.cli_helpers import run_cli
from tests.faultserver import FaultServer, running_server

#: Real-looking pages of the golden set: a windows-1252 review, a Japanese and a Russian
#: news page, a documentation page, a liveblog.
PAGES = ["kettlevalley-cp1252-review", "minato-shimbun-ja", "volga-vestnik-ru",
         "tidepool-docs-retries", "valleypost-liveblog-election", "riverside-ledger-bridge"]

FAST = ["--timeout", "5", "--retries", "0", "--jobs", "1", "--no-progress"]

#: What a re-extraction must give back as the crawl wrote it.
SAME = ("url", "canonical_url", "status", "fetched_at", "title", "authors", "published",
        "language", "text", "blocks", "content_hash", "page_type", "extraction_quality")


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running_server() as srv:
        yield srv


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_crawl_archive_then_extract_gives_the_same_records(server: FaultServer,
                                                           tmp_path: Path) -> None:
    urls = [server.url(f"/fixtures/{name}.html") for name in PAGES]
    urls += [server.url("/redirect/chain/2"), server.url("/status/404")]
    crawled, archive = tmp_path / "crawled.jsonl", tmp_path / "site.warc.gz"
    proc = run_cli("crawl", *urls, "-o", str(crawled), "--errors", str(tmp_path / "e.jsonl"),
                   "--archive", str(archive), *FAST)
    assert proc.returncode == 1, proc.stderr  # the 404
    assert "7 pages archived" in proc.stderr.decode()
    requests = len(server.log)

    out = tmp_path / "re.jsonl"
    proc = run_cli("extract", str(archive), "-o", str(out), "--no-progress")
    assert proc.returncode == 0, proc.stderr
    assert len(server.log) == requests  # nothing fetched again
    before = {r["url"]: r for r in lines(crawled)}
    after = {r["url"]: r for r in lines(out)}
    assert len(before) == 7 and before.keys() == after.keys()
    for url, record in before.items():
        assert {k: record[k] for k in SAME} == {k: after[url][k] for k in SAME}, url
    assert "8 archive records that are not responses (request 7, warcinfo 1)" in \
        proc.stderr.decode()


def test_the_archive_is_standard_warc_for_other_readers(server: FaultServer,
                                                        tmp_path: Path) -> None:
    archive = tmp_path / "a.warc.gz"

    async def crawl() -> list[str]:
        settings = CrawlSettings(archive=archive, workers=1, retries=0,
                                 user_agent="scraper-tests/1.0 (+https://example.org/bot)")
        return [r.url async for r in scraper.crawl(
            [server.url("/fixtures/minato-shimbun-ja.html")], settings)]

    assert len(asyncio.run(crawl())) == 1
    with archive.open("rb") as fh:
        records = list((r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
                       for r in ArchiveIterator(fh))
    assert [r[0] for r in records] == ["warcinfo", "request", "response"]
    _, request_headers, request_http, _ = records[1]
    _, response_headers, response_http, body = records[2]
    assert response_headers.get_header("WARC-Concurrent-To") == \
        request_headers.get_header("WARC-Record-ID")
    assert request_http.get_header("User-Agent") == "scraper-tests/1.0 (+https://example.org/bot)"
    assert (request_http.protocol, request_http.statusline.split()[0]) == \
        ("GET", "/fixtures/minato-shimbun-ja.html")
    assert response_http.get_statuscode() == "200"
    assert response_http.get_header("Content-Length") == str(len(body))
    assert body == (Path(__file__).parent.parent / "fixtures" / "minato-shimbun-ja.html") \
        .read_bytes()
    assert response_headers.get_header("WARC-Payload-Digest", "").startswith("sha1:")


def test_rerun_overwrites_and_state_appends(server: FaultServer, tmp_path: Path) -> None:
    archive = tmp_path / "a.warc"
    url = server.url("/fixtures/tidepool-docs-retries.html")
    for _ in range(2):
        proc = run_cli("crawl", url, "--archive", str(archive), "-o", str(tmp_path / "o"),
                       *FAST)
        assert proc.returncode == 0, proc.stderr
    assert sum(r.page is not None for r in read_archive(archive)) == 1
    state = tmp_path / "s.sqlite"
    for other in ("/article/one", "/article/two"):
        proc = run_cli("crawl", server.url(other), "--archive", str(archive), "--state",
                       str(state), "-o", str(tmp_path / "o.jsonl"), *FAST)
        assert proc.returncode == 0, proc.stderr
    assert sum(r.page is not None for r in read_archive(archive)) == 3


def test_an_archive_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_cli("crawl", "http://127.0.0.1:9/", "--archive", str(tmp_path / "no" / "a.warc"),
                   *FAST)
    assert proc.returncode == 2
    assert "--archive" in proc.stderr.decode() and b"Traceback" not in proc.stderr
