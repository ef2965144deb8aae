"""``scraper crawl`` end to end on the golden fixtures served by a real HTTP server, mixed with a
404, a hanging page and a non-HTML response: every URL is accounted for exactly once, and a
fetched fixture gives the same article as the golden record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli
from tests.faultserver import FaultServer, running_server
from tests.golden import FIXTURES, golden_names


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with running_server() as srv:
        srv.robots = (404, "")
        yield srv


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_crawl_fixtures_with_faults(server: FaultServer, tmp_path: Path) -> None:
    pages = {server.url(f"/fixtures/{name}.html"): name for name in golden_names()}
    faults = {server.url("/status/404"): "http_status", server.url("/hang"): "timeout",
              server.url("/type/application/pdf"): "not_html", "ftp://example.org/x": "invalid_url"}
    urls = tmp_path / "urls.txt"
    urls.write_text("# fixtures and faults\n\n" + "\n".join([*pages, *faults]) + "\n")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = run_cli("crawl", "-i", str(urls), "-o", str(out), "--errors", str(errors),
                     "--timeout", "2", "--retries", "0", "--concurrency", "8", "--per-host", "8",
                     "--no-progress", timeout=120)
    assert result.returncode == 1, result.stderr  # completed, with failures
    records, failures = read(out), read(errors)
    seen = [r["requested_url"] for r in records] + [e["url"] for e in failures]
    assert sorted(seen) == sorted([*pages, *faults])  # every URL exactly once
    kinds = {e["url"]: e["error"]["kind"] for e in failures}
    # The two reconstructions of the seed page share one canonical URL: the second is a skip.
    duplicates = [url for url, kind in kinds.items() if kind == "duplicate"]
    assert [pages[url].removesuffix("-alt") for url in duplicates] == ["capital-cities-envoy"]
    # Walls (consent, paywall, login, bot challenge, JS shell) are errors of kind "blocked".
    walls = {url for url, name in pages.items()
             if json.loads((FIXTURES / f"{name}.json").read_text())["blocked"]}
    assert len(walls) >= 4
    assert {url: kind for url, kind in kinds.items() if kind != "duplicate"} == {
        **faults, **dict.fromkeys(walls, "blocked")}
    for record in records:
        golden = json.loads((FIXTURES / f"{pages[record['requested_url']]}.json").read_text())
        # published is left out: some pages only date themselves through their URL.
        for field in ("title", "authors", "text", "page_type", "blocked"):
            assert record[field] == golden[field], (record["requested_url"], field)
        assert record["status"] == 200 and record["fetched_at"]
