"""End-to-end tests of ``scraper extract``, run as a real subprocess."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Example News</title></head><body>
<nav class="main-menu"><ul><li><a href="/">Home</a></li>
<li><a href="/world">World</a></li></ul></nav>
<article><h1>{title}</h1>
<p>The council voted on Tuesday to extend the tram line to the northern districts, a project
that has been debated for more than a decade and that residents say is long overdue.</p>
<p>Construction is expected to begin next spring, with the first trams running by 2028 if the
national government confirms its share of the funding in the autumn budget.</p>
</article><footer>© Example News</footer></body></html>"""


def write_page(path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title), encoding="utf-8")
    return path


def lines(data: bytes | str) -> list[dict]:
    text = data.decode() if isinstance(data, bytes) else data
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_directory_recursive_with_gzip(tmp_path: Path) -> None:
    write_page(tmp_path / "site" / "a.html", "Tram line extended")
    write_page(tmp_path / "site" / "deep" / "b.htm", "Budget approved")
    gz = tmp_path / "site" / "c.html.gz"
    gz.write_bytes(gzip.compress(PAGE.format(title="Gzipped page").encode()))
    (tmp_path / "site" / "notes.txt").write_text("not a page")
    result = run_cli("extract", str(tmp_path / "site"), "--no-progress")
    assert result.returncode == 0, result.stderr
    records = lines(result.stdout)
    assert sorted(r["title"] for r in records) == ["Budget approved", "Gzipped page",
                                                   "Tram line extended"]
    for record in records:
        assert "tram line" in record["text"].lower() or "construction" in record["text"].lower()
        assert "Home" not in record["text"]


def test_missing_file_is_an_error_line_and_nothing_is_lost(tmp_path: Path) -> None:
    good = write_page(tmp_path / "good.html", "Good page")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = run_cli("extract", str(good), str(tmp_path / "missing.html"), "-o", str(out),
                     "--errors", str(errors), "--no-progress")
    assert result.returncode == 1
    assert [r["title"] for r in lines(out.read_text())] == ["Good page"]
    [error] = lines(errors.read_text())
    assert error["url"].endswith("missing.html")
    assert error["error"]["kind"] == "input"
    assert "no such file" in error["error"]["message"]


def test_directory_without_html_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "readme.txt").write_text("hello")
    result = run_cli("extract", str(tmp_path / "docs"))
    assert result.returncode == 2
    message = result.stderr.decode()
    assert "no HTML files" in message and "Traceback" not in message
    assert len(message.strip().splitlines()) == 1
    assert result.stdout == b""


def test_non_html_and_empty_files_are_reported_by_kind(tmp_path: Path) -> None:
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"   \n")
    errors = tmp_path / "errors.jsonl"
    result = run_cli("extract", str(binary), str(empty), "--errors", str(errors),
                     "--no-progress")
    assert result.returncode == 1
    kinds = {Path(r["url"]).name: r["error"]["kind"] for r in lines(errors.read_text())}
    assert kinds == {"image.html": "not_html", "empty.html": "empty"}


def test_stdin_with_url_resolves_links() -> None:
    page = (b'<html><body><article><p>Read the <a href="/report.pdf">full report</a> '
            b'published by the ministry this morning, which runs to ninety pages and '
            b'covers every region of the country in detail.</p></article></body></html>')
    result = run_cli("extract", "-", "--url", "https://news.example.org/a/b.html",
                     stdin=page)
    assert result.returncode == 0, result.stderr
    [record] = lines(result.stdout)
    assert record["url"] == "https://news.example.org/a/b.html"
    assert "full report" in record["text"]


def test_parallel_jobs_give_the_same_records_in_order(tmp_path: Path) -> None:
    for i in range(6):
        write_page(tmp_path / f"p{i}.html", f"Story number {i}")
    serial = run_cli("extract", str(tmp_path), "--no-progress")
    parallel = run_cli("extract", str(tmp_path), "--jobs", "2", "--no-progress")
    assert serial.returncode == parallel.returncode == 0
    assert lines(serial.stdout) == lines(parallel.stdout)
    assert [r["title"] for r in lines(serial.stdout)] == [f"Story number {i}" for i in range(6)]


def test_url_with_several_inputs_is_a_usage_error(tmp_path: Path) -> None:
    a = write_page(tmp_path / "a.html", "A")
    b = write_page(tmp_path / "b.html", "B")
    result = run_cli("extract", str(a), str(b), "--url", "https://x.example/")
    assert result.returncode == 2
    assert "--url" in result.stderr.decode()


def test_installed_console_script_runs(tmp_path: Path) -> None:
    script = shutil.which("scraper", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("console script not installed in this environment")
    page = write_page(tmp_path / "a.html", "Console script")
    result = subprocess.run([script, "extract", str(page)], capture_output=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert lines(result.stdout)[0]["title"] == "Console script"
