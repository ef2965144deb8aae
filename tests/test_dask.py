"""scraper.dask on a real ``dask.distributed.LocalCluster`` of 2 worker processes: the same
records, errors and skips as the single-process CLI, partition by partition."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")

import scraper.dask as sd  # noqa: E402 (only once dask is known to be there)
from scraper.settings import CrawlSettings  # noqa: E402
from tests.cli_helpers import run_cli  # noqa: E402
from tests.faultserver import running_server  # noqa: E402
from tests.test_warc import LEAD_BUDGET, LEAD_TRAM, site_archive  # noqa: E402
from tests.warc_helpers import Response, news_page, write_warc  # noqa: E402


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as dask_client:
        yield dask_client


def read_parts(directory: Path) -> list[dict]:
    return [json.loads(line) for part in sorted(directory.glob("part-*.jsonl"))
            for line in part.read_text(encoding="utf-8").splitlines()]


def cli_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_warcs_on_a_cluster_equal_the_single_process_run(client: object,
                                                         tmp_path: Path) -> None:
    first = site_archive(tmp_path / "a.warc.gz")
    second = write_warc(tmp_path / "b.warc.gz", [
        Response(f"https://stadtkurier.example/lokal/{i}",
                 news_page(f"Meldung {i}", LEAD_TRAM if i % 2 else LEAD_BUDGET).encode())
        for i in range(6)])
    cut = tmp_path / "c.warc.gz"
    cut.write_bytes(first.read_bytes()[:1500])  # damaged: an error of kind corrupt_archive
    out, errors, skips = tmp_path / "o.jsonl", tmp_path / "e.jsonl", tmp_path / "s.jsonl"
    proc = run_cli("extract", str(first), str(second), str(cut), "-o", str(out), "--errors",
                   str(errors), "--skips", str(skips), "--jobs", "1", "--no-progress")
    assert proc.returncode == 1, proc.stderr

    bag = sd.from_warcs([first, second, cut])
    assert bag.npartitions == 3
    counts = sd.write_jsonl(bag, tmp_path / "dask")
    assert read_parts(tmp_path / "dask" / "records") == cli_lines(out)
    assert read_parts(tmp_path / "dask" / "errors") == cli_lines(errors)
    assert read_parts(tmp_path / "dask" / "skips") == cli_lines(skips)
    assert counts["record"] == 8 and counts["error"] == 1
    assert [e["error"]["kind"] for e in cli_lines(errors)] == ["corrupt_archive"]


def test_html_files_on_a_cluster(client: object, tmp_path: Path) -> None:
    paths = []
    for i in range(5):
        path = tmp_path / f"p{i}.html"
        path.write_text(news_page(f"Datei {i}", LEAD_BUDGET), encoding="utf-8")
        paths.append(path)
    missing = tmp_path / "fehlt.html"
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    proc = run_cli("extract", *map(str, paths), str(missing), "-o", str(out), "--errors",
                   str(errors), "--jobs", "1", "--no-progress")
    assert proc.returncode == 1
    bag = sd.from_files([*paths, missing], partition_size=2)
    assert bag.npartitions == 3
    sd.write_jsonl(bag, tmp_path / "dask")
    assert read_parts(tmp_path / "dask" / "records") == cli_lines(out)
    assert read_parts(tmp_path / "dask" / "errors") == cli_lines(errors)


def test_urls_on_a_cluster_have_the_crawl_kinds(client: object, tmp_path: Path) -> None:
    with running_server() as server:
        server.robots = (200, "User-agent: *\nDisallow: /article/private\n")
        urls = [server.url(f"/article/{name}") for name in ("one", "two", "private")]
        urls += [server.url("/status/404"), "not a url", server.url("/article/three")]
        bag = sd.from_urls(urls, CrawlSettings(retries=0, timeout=5), partition_size=4)
        counts = sd.write_jsonl(bag, tmp_path / "dask")
    records = read_parts(tmp_path / "dask" / "records")
    assert [r["title"] for r in records] == ["Article one", "Article two", "Article three"]
    errors = read_parts(tmp_path / "dask" / "errors")
    assert [(e["url"], e["error"]["kind"]) for e in errors] == [
        (urls[3], "http_status"), ("not a url", "invalid_url")]
    [skip] = read_parts(tmp_path / "dask" / "skips")
    assert skip["error"]["kind"] == "robots" and skip["url"] == urls[2]
    assert counts == {"record": 3, "error": 2, "robots": 1}
