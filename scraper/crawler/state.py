"""Incremental and resumable crawls: an SQLite file remembering pages and runs.

Schema (version in ``PRAGMA user_version``; a newer file is refused, an older one migrated):

    pages(url PRIMARY KEY, etag, last_modified, content_hash, fetched_at)
        per normalised URL: validators for conditional requests, the last content hash
    runs(id PRIMARY KEY, fingerprint, started_at, finished_at, pending)
        one row per invocation; an unfinished run with the same input is resumed
    done(run, idx, key, canon)
        input lines (by position) that already have their output or errors line
    frontier(run, idx, key, kind, url, depth, ...)   (v2)
        a discovering run's URLs and sources (``scraper.crawler.frontier``); ``idx`` is the
        index ``done`` refers to

The crash window. A line is written, then its ``done`` row committed; a kill between the two
would redo (and duplicate) the line on resume. So before writing a line we commit it as
``pending`` with the file and byte offset where it will start. On resume a pending line whose
complete text is in the file at that offset is counted done; a partial one is cut off (the file
is truncated back to the offset) and the page is fetched again. Whatever the kill timing, every
input line ends up exactly once in the output or errors file.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from scraper.crawler.frontier import FRONTIER_SCHEMA
from scraper.errors import ConfigError

__all__ = ["SCHEMA_VERSION", "CrawlState", "DoneEntry", "PageRecord"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    fetched_at TEXT
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    pending TEXT
);
CREATE TABLE IF NOT EXISTS done (
    run INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    key INTEGER NOT NULL,
    canon INTEGER,
    PRIMARY KEY (run, idx)
) WITHOUT ROWID;
"""


@dataclass(slots=True, frozen=True)
class PageRecord:
    """What we remember about one page between runs."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    fetched_at: str | None = None


@dataclass(slots=True, frozen=True)
class DoneEntry:
    """An input line whose outcome has been (or is being) written."""

    index: int
    key: int
    canon: int | None = None
    page: PageRecord | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CrawlState:
    """The state file of ``--state``; used from one thread (the crawl's event loop)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a commit survives the process being killed (not a power cut), at
            # a fraction of FULL's cost; we commit once per written line.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.Error as exc:
            raise ConfigError(f"state file {path} is not usable: {exc}") from None
        self.run_id = 0
        self.resumed = False
        self._pending: tuple[DoneEntry, str | None, int] | None = None

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ConfigError(f"state file {self.path} has schema v{version}, newer than this "
                              f"scraper (v{SCHEMA_VERSION}); upgrade scraper")
        if version < SCHEMA_VERSION:
            # Every table is CREATE IF NOT EXISTS: an older file gains the new ones.
            self._db.executescript("BEGIN;" + _SCHEMA + FRONTIER_SCHEMA +
                                   f"PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")

    # -- pages ---------------------------------------------------------------------------

    def page(self, url: str) -> PageRecord | None:
        """What the last run stored for a normalised URL."""
        row = self._db.execute("SELECT url, etag, last_modified, content_hash, fetched_at "
                               "FROM pages WHERE url = ?", (url,)).fetchone()
        return PageRecord(*row) if row else None

    # -- runs ----------------------------------------------------------------------------

    def start_run(self, fingerprint: str, *, fresh: bool = False) -> bool:
        """Resume the unfinished run of the same input, or start a new one (always new when
        ``fresh``). Returns True when resuming."""
        row = self._db.execute("SELECT id, fingerprint, pending FROM runs "
                               "WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1").fetchone()
        if row is not None and row[1] == fingerprint and not fresh:
            self.run_id, self.resumed = row[0], True
            if row[2]:
                self._reconcile(json.loads(row[2]))
            return True
        with self._txn():
            if row is not None:
                self._db.execute("UPDATE runs SET finished_at = 'abandoned' WHERE id = ?",
                                 (row[0],))
                self._db.execute("DELETE FROM done WHERE run = ?", (row[0],))
                self._db.execute("DELETE FROM frontier WHERE run = ?", (row[0],))
            self.run_id = self._db.execute(
                "INSERT INTO runs (fingerprint, started_at) VALUES (?, ?)",
                (fingerprint, _now())).lastrowid or 0
        self.resumed = False
        return False

    def is_done(self, index: int) -> bool:
        return self._db.execute("SELECT 1 FROM done WHERE run = ? AND idx = ?",
                                (self.run_id, index)).fetchone() is not None

    def done_keys(self) -> Iterator[tuple[int, int | None]]:
        """(input key, canonical key) of every line already done in this run."""
        yield from self._db.execute("SELECT key, canon FROM done WHERE run = ?",
                                    (self.run_id,))

    def before_write(self, entry: DoneEntry, path: str | None, offset: int) -> None:
        """Commit ``entry`` as pending before its line is written at ``offset`` of ``path``
        (None: a stream we cannot reread). The previous pending line, whose write finished
        before this call, is committed as done in the same transaction."""
        with self._txn():
            if self._pending is not None:
                self._insert_done(self._pending[0])
            self._db.execute("UPDATE runs SET pending = ? WHERE id = ?",
                             (json.dumps({"entry": _entry_to_json(entry), "path": path,
                                          "offset": offset}), self.run_id))
        self._pending = (entry, path, offset)

    def mark_done(self, entry: DoneEntry) -> None:
        """Commit ``entry`` as done right away (the library's path: no file to reconcile)."""
        with self._txn():
            self._settle_pending()
            self._insert_done(entry)

    def flush(self) -> None:
        """Commit the last pending line as done (its write has returned)."""
        if self._pending is not None:
            with self._txn():
                self._settle_pending()

    def finish_run(self) -> None:
        """The whole input was processed: the run is complete and its line marks (and its
        frontier) go."""
        with self._txn():
            self._settle_pending()
            self._db.execute("UPDATE runs SET finished_at = ? WHERE id = ?",
                             (_now(), self.run_id))
            self._db.execute("DELETE FROM done WHERE run = ?", (self.run_id,))
            self._db.execute("DELETE FROM frontier WHERE run = ?", (self.run_id,))

    @property
    def connection(self) -> sqlite3.Connection:
        """The file's connection, for the frontier kept beside the run's marks."""
        return self._db

    def close(self) -> None:
        self._db.close()

    # -- internals -----------------------------------------------------------------------

    def _settle_pending(self) -> None:
        if self._pending is not None:
            self._insert_done(self._pending[0])
            self._pending = None
        self._db.execute("UPDATE runs SET pending = NULL WHERE id = ?", (self.run_id,))

    def _insert_done(self, entry: DoneEntry) -> None:
        self._db.execute("INSERT OR REPLACE INTO done (run, idx, key, canon) VALUES (?,?,?,?)",
                         (self.run_id, entry.index, entry.key, entry.canon))
        if entry.page is not None:
            page = entry.page
            self._db.execute(
                "INSERT OR REPLACE INTO pages (url, etag, last_modified, content_hash, "
                "fetched_at) VALUES (?,?,?,?,?)",
                (page.url, page.etag, page.last_modified, page.content_hash, page.fetched_at))

    def _reconcile(self, pending: dict[str, object]) -> None:
        """Decide whether the line pending at the crash made it to its file."""
        entry = _entry_from_json(pending["entry"])  # type: ignore[arg-type]
        path, offset = pending["path"], int(pending["offset"])  # type: ignore[call-overload]
        written = isinstance(path, str) and _line_at(Path(path), offset)
        with self._txn():
            if written:
                self._insert_done(entry)
            self._db.execute("UPDATE runs SET pending = NULL WHERE id = ?", (self.run_id,))
        log.info("resume: line %d %s", entry.index,
                 "was written before the stop" if written else "will be redone")

    @contextmanager
    def _txn(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")


def _line_at(path: Path, offset: int) -> bool:
    """True when a complete line starts at ``offset`` of ``path``; a partial tail there (a
    kill in mid-write) is truncated away so the file holds only whole lines."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    if size <= offset:
        return False
    with path.open("rb+") as handle:
        handle.seek(offset)
        data = handle.read()
        end = data.find(b"\n")
        if end >= 0:
            try:
                json.loads(data[:end])
                return True
            except ValueError:
                pass
        log.warning("resume: cutting a partial line off %s at byte %d", path, offset)
        handle.truncate(offset)
        os.fsync(handle.fileno())
    return False


def _entry_to_json(entry: DoneEntry) -> dict[str, object]:
    return asdict(entry)


def _entry_from_json(data: dict[str, object]) -> DoneEntry:
    page = data.get("page")
    return DoneEntry(index=int(data["index"]), key=int(data["key"]),  # type: ignore[call-overload]
                     canon=data.get("canon"),  # type: ignore[arg-type]
                     page=PageRecord(**page) if isinstance(page, dict) else None)
