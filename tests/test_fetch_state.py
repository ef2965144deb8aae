"""The SQLite state: schema version, pages, runs, and the crash window of a written line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from scraper.crawler.state import SCHEMA_VERSION, CrawlState, DoneEntry, PageRecord
from scraper.errors import ConfigError


def test_schema_is_versioned(tmp_path: Path) -> None:
    CrawlState(tmp_path / "s.sqlite").close()
    db = sqlite3.connect(tmp_path / "s.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "s.sqlite")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(ConfigError, match="newer"):
        CrawlState(tmp_path / "s.sqlite")


def test_garbage_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "s.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConfigError):
        CrawlState(tmp_path / "s.sqlite")


def test_pages_are_remembered(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "s.sqlite")
    state.start_run("input")
    record = PageRecord("http://e.com/a", '"e1"', "Mon, 01 Jan 2024 00:00:00 GMT", "abc", "t")
    state.mark_done(DoneEntry(0, 11, 12, record))
    state.close()
    assert CrawlState(tmp_path / "s.sqlite").page("http://e.com/a") == record


def test_unfinished_run_resumes_only_for_the_same_input(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    state = CrawlState(path)
    assert state.start_run("input-a") is False
    state.mark_done(DoneEntry(3, 33))
    state.close()
    state = CrawlState(path)
    assert state.start_run("input-a") is True
    assert state.is_done(3) and not state.is_done(4)
    assert list(state.done_keys()) == [(33, None)]
    state.finish_run()
    assert state.start_run("input-a") is False  # a finished run is not resumed
    assert not state.is_done(3)
    state.mark_done(DoneEntry(5, 55))
    assert state.start_run("input-b") is False  # another input abandons it
    assert not state.is_done(5)


def _crash_after_pending(path: Path, out: Path, written: bytes) -> None:
    """Simulate a kill after ``before_write`` committed and ``written`` reached the file."""
    state = CrawlState(path)
    state.start_run("in")
    out.write_bytes(b'{"n":0}\n')
    state.before_write(DoneEntry(0, 100), str(out), 0)
    state.before_write(DoneEntry(1, 101), str(out), out.stat().st_size)
    with out.open("ab") as handle:
        handle.write(written)
    state._db.close()  # no flush: the process "died" here


def test_line_written_before_the_kill_counts_as_done(tmp_path: Path) -> None:
    path, out = tmp_path / "s.sqlite", tmp_path / "out.jsonl"
    _crash_after_pending(path, out, b'{"n":1}\n')
    state = CrawlState(path)
    assert state.start_run("in") is True
    assert state.is_done(0) and state.is_done(1)


def test_partial_line_is_cut_and_redone(tmp_path: Path) -> None:
    path, out = tmp_path / "s.sqlite", tmp_path / "out.jsonl"
    _crash_after_pending(path, out, b'{"n":1, "te')
    state = CrawlState(path)
    assert state.start_run("in") is True
    assert state.is_done(0) and not state.is_done(1)
    assert out.read_bytes() == b'{"n":0}\n'


def test_line_not_yet_written_is_redone(tmp_path: Path) -> None:
    path, out = tmp_path / "s.sqlite", tmp_path / "out.jsonl"
    _crash_after_pending(path, out, b"")
    state = CrawlState(path)
    state.start_run("in")
    assert state.is_done(0) and not state.is_done(1)
