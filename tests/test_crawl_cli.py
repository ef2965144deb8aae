"""``scraper crawl`` as a real subprocess: exit codes, files, signals, kill -9 and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scraper.cli import app
from tests.cli_helpers import ROOT, run_cli
from tests.faultserver import FaultServer, running_server

FAST = ["--timeout", "1", "--retries", "0", "--jobs", "1", "--no-progress"]


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running_server() as srv:
        yield srv


def lines(path: Path) -> list[dict[str, object]]:
    """Every line of a JSONL file, each required to be whole, valid JSON."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    assert not text or text.endswith("\n"), "last line is not whole"
    return [json.loads(line) for line in text.splitlines()]


def accounted(out: Path, err: Path) -> Counter[str]:
    """How many times each input URL appears across output and errors."""
    seen: Counter[str] = Counter()
    for record in lines(out):
        seen[str(record["requested_url"])] += 1
    for record in lines(err):
        seen[str(record["url"])] += 1
    return seen


def test_success_and_skips_exit_0_records_on_stdout_errors_on_stderr(
        server: FaultServer) -> None:
    server.robots = (200, "User-agent: *\nDisallow: /article/private\n")
    proc = run_cli("crawl", server.url("/article/one"), server.url("/article/two"),
                   server.url("/article/private"), server.url("/article/one#dup"), *FAST)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert {r["title"] for r in records} == {"Article one", "Article two"}
    errors = [json.loads(line) for line in proc.stderr.decode().splitlines()
              if line.startswith("{")]
    assert sorted(e["error"]["kind"] for e in errors) == ["duplicate", "robots"]
    assert b"2 written" in proc.stderr


def test_failures_exit_1_and_every_line_accounted(server: FaultServer, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("# a comment\n\n" + "\n".join([
        server.url("/article/ok"), "not-a-url", server.url("/status/404"),
        server.url("/type/application/pdf"), server.url("/article/ok?utm_source=x"),
        server.url("/redirect/loop/a")]) + "\n")
    out, err, summary = tmp_path / "out.jsonl", tmp_path / "err.jsonl", tmp_path / "sum.json"
    proc = run_cli("crawl", "-i", str(urls), "-o", str(out), "--errors", str(err),
                   "--summary", str(summary), *FAST)
    assert proc.returncode == 1, proc.stderr
    kinds = {str(r["url"]).split("/")[-1]: r["error"]["kind"] for r in lines(err)}  # type: ignore[index]
    assert kinds == {"not-a-url": "invalid_url", "404": "http_status", "pdf": "not_html",
                     "ok?utm_source=x": "duplicate", "a": "redirect"}
    assert len(lines(out)) == 1
    data = json.loads(summary.read_text())
    assert data["written"] == 1 and data["duplicates"] == 1 and data["failed"] == 4
    assert data["errors_by_kind"]["http_status"] == 1 and data["exit_code"] == 1


@pytest.mark.parametrize("args,message", [
    ([], "no URLs"),
    (["-i", "/nonexistent/urls.txt"], "not found"),
    (["http://x.org/", "--concurrency", "0"], "--concurrency"),
    (["http://x.org/", "--per-host", "0"], "--per-host"),
    (["http://x.org/", "--header", "no colon"], "--header"),
    (["http://x.org/", "--timeout", "-1"], "--timeout"),
    (["http://x.org/", "-o", "same.jsonl", "--errors", "same.jsonl"], "different files"),
])
def test_usage_errors_exit_2_one_line(args: list[str], message: str) -> None:
    # In-process (typer's runner) to keep the suite fast; the subprocess case is below.
    result = CliRunner().invoke(app, ["crawl", *args])
    assert result.exit_code == 2
    stderr = result.stderr
    assert message in stderr and len(stderr.strip().splitlines()) == 1
    assert "Traceback" not in stderr


def test_usage_error_in_a_real_process_has_no_traceback() -> None:
    proc = run_cli("crawl", "http://x.org/", "--retries", "-1")
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == "scraper: error: --retries cannot be negative"


def test_bad_state_file_exits_2(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    state.write_bytes(b"garbage" * 1000)
    proc = run_cli("crawl", "http://x.org/", "--state", str(state))
    assert proc.returncode == 2 and b"state file" in proc.stderr
    assert b"Traceback" not in proc.stderr


def invoke(*args: str) -> int:
    """The command in-process (typer's runner): same code path, no interpreter start-up."""
    return CliRunner().invoke(app, list(args)).exit_code


def test_overwrite_by_default_append_on_request_or_with_state(server: FaultServer,
                                                             tmp_path: Path) -> None:
    out, state = tmp_path / "out.jsonl", tmp_path / "s.sqlite"
    out.write_text('{"from": "an earlier run"}\n')
    assert invoke("crawl", server.url("/article/a"), "-o", str(out), *FAST) == 0
    assert len(lines(out)) == 1
    assert invoke("crawl", server.url("/article/b"), "-o", str(out), "--append", *FAST) == 0
    assert len(lines(out)) == 2
    result = CliRunner().invoke(app, ["crawl", server.url("/article/c"), "-o", str(out),
                                      "--state", str(state), *FAST])
    assert result.exit_code == 0 and len(lines(out)) == 3
    assert f"appended to {out}" in result.stderr


def test_formats_directory_output_skips_file_and_filters(server: FaultServer,
                                                         tmp_path: Path) -> None:
    server.robots = (200, "User-agent: *\nDisallow: /article/private\n")
    urls = [server.url("/article/one"), server.url("/article/two"),
            server.url("/article/private"), server.url("/article/one#dup"),
            server.url("/status/404")]
    out, err, skips = tmp_path / "pages", tmp_path / "e.jsonl", tmp_path / "s.jsonl"
    proc = run_cli("crawl", *urls, "-o", f"{out}/", "--format", "markdown", "--errors",
                   str(err), "--skips", str(skips), *FAST)
    assert proc.returncode == 1, proc.stderr  # the 404
    files = sorted(out.iterdir())
    assert len(files) == 2 and all(f.suffix == ".md" for f in files)
    assert {f.read_text().split("\n")[1] for f in files} == {"title: Article one",
                                                              "title: Article two"}
    assert [e["error"]["kind"] for e in lines(err)] == ["http_status"]  # type: ignore[index]
    assert sorted(e["error"]["kind"] for e in lines(skips)) == [  # type: ignore[index]
        "duplicate", "robots"]
    # A filter turns every page away: each is a skip of the filter's kind, none is lost.
    proc = run_cli("crawl", *urls[:2], "-o", str(tmp_path / "o.jsonl"), "--skips",
                   str(skips), "--min-words", "100000", *FAST)
    assert proc.returncode == 0, proc.stderr
    assert [e["error"]["kind"] for e in lines(skips)] == ["filtered_min_words"] * 2  # type: ignore[index]
    assert lines(tmp_path / "o.jsonl") == []
    assert b"2 filtered (filtered_min_words 2)" in proc.stderr


def test_second_run_with_state_is_unchanged(server: FaultServer, tmp_path: Path) -> None:
    out, err, state = tmp_path / "o.jsonl", tmp_path / "e.jsonl", tmp_path / "s.sqlite"
    summary = tmp_path / "summary.json"
    args = ["crawl", server.url("/etag/5"), "-o", str(out), "--errors", str(err),
            "--state", str(state), "--summary", str(summary), *FAST]
    assert invoke(*args) == 0
    assert invoke(*args) == 0
    assert len(lines(out)) == 1
    assert [e["error"]["kind"] for e in lines(err)] == ["unchanged"]  # type: ignore[index]
    assert json.loads(summary.read_text())["unchanged"] == 1
    assert server.requests_for("/etag/5")[1][1]["if-none-match"] == '"v-5"'


def test_input_is_streamed_from_stdin(server: FaultServer) -> None:
    """The first record comes out while stdin is still open: input is not read to the end
    first (so a 100,000-line file is never loaded at once)."""
    with subprocess.Popen([sys.executable, "-m", "scraper", "crawl", "-i", "-", *FAST],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, cwd=ROOT) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write((server.url("/article/streamed") + "\n").encode())
            proc.stdin.flush()
            first = json.loads(proc.stdout.readline())
            assert first["title"] == "Article streamed"
            assert proc.poll() is None
            proc.stdin.close()
            assert proc.wait(timeout=20) == 0
        finally:
            if proc.poll() is None:
                proc.kill()


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "scraper", "crawl", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)


def _wait_for_lines(path: Path, n: int, proc: subprocess.Popen[bytes],
                    limit: float = 20) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        assert proc.poll() is None, "crawl ended before it could be interrupted"
        time.sleep(0.02)
    raise AssertionError("no progress")


def _input(server: FaultServer, tmp_path: Path, n: int) -> tuple[Path, list[str]]:
    urls = []
    for i in range(n):
        if i % 10 == 3:
            urls.append(server.url(f"/status/404?i={i}"))
        elif i % 10 == 7:
            urls.append(server.url(f"/slow/{i - 1}?wait=0.05"))  # duplicate of line i-1's page?
        else:
            urls.append(server.url(f"/slow/{i}?wait=0.05"))
    urls.append("not a url")
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(urls) + "\n")
    return path, urls


def test_sigint_exits_130_with_whole_lines(server: FaultServer, tmp_path: Path) -> None:
    urls_file, urls = _input(server, tmp_path, 40)
    out, err = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    proc = _start(["-i", str(urls_file), "-o", str(out), "--errors", str(err),
                   "--concurrency", "2", *FAST])
    _wait_for_lines(out, 3, proc)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=20) == 130
    assert b"Traceback" not in proc.communicate()[1]
    assert 3 <= sum(accounted(out, err).values()) < len(urls)


def test_sigterm_exits_143_and_resumes(server: FaultServer, tmp_path: Path) -> None:
    sig, code = signal.SIGTERM, 143
    urls_file, urls = _input(server, tmp_path, 60)
    out, err, state = tmp_path / "o.jsonl", tmp_path / "e.jsonl", tmp_path / "s.sqlite"
    args = ["-i", str(urls_file), "-o", str(out), "--errors", str(err), "--state", str(state),
            "--concurrency", "2", *FAST]
    proc = _start(args)
    _wait_for_lines(out, 5, proc)
    proc.send_signal(sig)
    assert proc.wait(timeout=20) == code
    assert b"Traceback" not in proc.communicate()[1]
    first = accounted(out, err)  # also checks that every line is whole JSON
    assert 5 <= sum(first.values()) < len(urls)
    assert run_cli(*["crawl", *args]).returncode == 1  # the 404s
    assert accounted(out, err) == Counter(urls)


def test_kill_9_and_resume_loses_and_duplicates_nothing(server: FaultServer,
                                                        tmp_path: Path) -> None:
    urls_file, urls = _input(server, tmp_path, 50)
    out, err, state = tmp_path / "o.jsonl", tmp_path / "e.jsonl", tmp_path / "s.sqlite"
    args = ["-i", str(urls_file), "-o", str(out), "--errors", str(err), "--state", str(state),
            "--concurrency", "3", *FAST]
    for kill_after in (5, 20):
        with _start(args) as proc:
            _wait_for_lines(out, kill_after, proc)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        lines(out), lines(err)  # whole lines only
    with _start(args) as proc:
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 1, stderr
    assert accounted(out, err) == Counter(urls)
    written = [r["requested_url"] for r in lines(out)]
    assert len(written) == len(set(written))


def test_sigterm_while_pages_hang_cancels_after_grace(server: FaultServer,
                                                       tmp_path: Path) -> None:
    """Pages in flight that never finish cannot hold the exit forever."""
    out = tmp_path / "o.jsonl"
    proc = _start([server.url("/article/first"), server.url("/hang"), "-o", str(out),
                   "--timeout", "30", "--workers", "1", "--no-progress", "--retries", "0"])
    # (--workers: the old name of --jobs, still accepted)
    _wait_for_lines(out, 1, proc)
    start = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 143
    assert time.monotonic() - start < 6
    assert len(lines(out)) == 1
    if os.name == "posix":
        assert b"Traceback" not in proc.communicate()[1]
