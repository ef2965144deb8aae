"""The accuracy harness end to end on a tiny hand-made benchmark folder (our extractor only)."""

from __future__ import annotations

import gzip
import json
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy import NetworkGuard, _unmatched_runs, main

ARTICLE = " ".join(
    f"Sentence number {n} of the river report tells how the water rose over the old bridge."
    for n in range(1, 13)
)
PAGE = f"""<!doctype html><html lang="en-GB"><head><title>River report</title>
<meta property="og:site_name" content="Valley News"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>River report</h1><p>{ARTICLE}</p></article>
<footer>Copyright Valley News. All rights reserved.</footer></body></html>"""


@pytest.fixture
def bench_dir(tmp_path: Path) -> Path:
    html = tmp_path / "scrapinghub" / "html"
    html.mkdir(parents=True)
    (html / "p1.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "scrapinghub" / "ground-truth.json").write_text(json.dumps(
        {"p1": {"articleBody": ARTICLE, "url": "https://news.example/river"}}))
    page = tmp_path / "mozilla" / "pages" / "river"
    page.mkdir(parents=True)
    (page / "source.html").write_text(PAGE)
    (page / "expected.html").write_text(f"<div><p>{ARTICLE}</p></div>")
    (page / "expected-metadata.json").write_text(json.dumps({
        "title": "River report", "byline": None, "publishedTime": None, "lang": "en",
        "siteName": "Valley News"}))
    return tmp_path


def test_main_scores_our_extractor_on_both_sets(bench_dir: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run.json"
    assert main(["--bench-dir", str(bench_dir), "--only", "scraper", "--worst", "1",
                 "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "## scrapinghub (1 pages)" in printed and "## mozilla (1 pages)" in printed
    report = json.loads(out.read_text())
    for set_name in ("scrapinghub", "mozilla"):
        (row,) = report["sets"][set_name]["extractors"]
        assert row["extractor"] == "scraper" and row["crashes"] == 0
        assert row["recall"] > 0.9  # the article paragraph is found
        assert row["pages_per_second"] > 0
    metadata = report["sets"]["mozilla"]["extractors"][0]["metadata"]
    assert metadata["language"] == {"accuracy": 1.0, "hits": 1, "pages": 1}
    assert metadata["authors"]["pages"] == 0  # a null byline is not judged
    assert report["sets"]["mozilla"]["worst"][0]["id"] == "river"


def test_compare_reports_changes(bench_dir: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run.json"
    main(["--bench-dir", str(bench_dir), "--set", "mozilla", "--only", "scraper",
          "--json", str(out)])
    main(["--bench-dir", str(bench_dir), "--set", "mozilla", "--only", "scraper",
          "--compare", str(out)])
    assert "Changes on mozilla since the --compare run:" in capsys.readouterr().out


def test_unknown_extractor_is_refused(bench_dir: Path) -> None:
    assert main(["--bench-dir", str(bench_dir), "--only", "nope"]) == 2


def test_unmatched_runs_show_missed_passages() -> None:
    truth = "one two three four five six seven eight nine ten"
    ours = "one two three four five"
    (missed,) = _unmatched_runs(truth, ours)
    assert missed == "(5 words) six seven eight nine ten"
    assert _unmatched_runs(ours, truth) == []
    assert _unmatched_runs("a b c d a b c d", "a b c d") == ["(4 words) a b c d"]


def test_network_guard_refuses_remote_hosts_only() -> None:
    with NetworkGuard() as guard:
        guard.current = "peer"
        with pytest.raises(OSError, match="refused"):
            socket.getaddrinfo("example.com", 80)
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        client = socket.socket()
        client.connect(server.getsockname())  # loopback stays allowed
        client.close()
        server.close()
    assert guard.attempts == {"peer": 1}
    assert socket.getaddrinfo.__module__ == "socket"  # restored on exit
