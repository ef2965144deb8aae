"""The frontier of a discovering crawl (``--sitemap``, ``--feed``, ``--follow``): every URL
the run knows of, in SQLite, with what is left to do.

One row per discovered URL and per source (a sitemap, a feed, a robots.txt read for its
``Sitemap:`` lines), numbered in the order they were found: that number is the row's index in
the state's ``done`` table, so the crash-safe write protocol of ``CrawlState`` covers
discovered URLs as it covers input lines. A URL is one row however often it is found (the
key is its normalised form's, as for input lines); a row found to be refused (out of scope,
filtered, a duplicate input line) carries its skip and resolves to that skip line when taken.

    status 0  queued          1  taken (handed to the engine)     2  source read

With ``--state`` the rows live in the state file, so an interrupted crawl resumes with its
frontier: rows taken but never written are queued again, sources already read are not read
again. Without one they live in a private temporary SQLite file (``sqlite3.connect("")``),
so a large sitemap costs disk, not memory. A completed run deletes its rows; the next run
(a nightly rerun) rebuilds its frontier from its sources, and the pages table makes its
requests conditional. A followed page's links are kept across runs (``page_links``, the
in-scope ones, compressed): a page answering 304 Not Modified has no body to read them from,
and without them a nightly rerun would not reach the pages below an unchanged one.

``take`` hands rows out sources first (their entries are what the run is about), then pages
breadth-first (by depth), article-like URLs first within a depth (``follow.url_rank``), and
enforces the page budget (``max_pages``): a page row taken past it becomes a ``max_pages``
skip.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from enum import StrEnum

from scraper.crawler.skips import Skip
from scraper.fetcher.urls import key_of_normalized, normalize_url

__all__ = ["AUTO_SITEMAPS", "FRONTIER_SCHEMA", "Discovery", "Frontier", "Hints", "Item",
           "ItemKind", "NewItem", "item_key"]

#: The ``sitemaps`` value that reads the ``Sitemap:`` lines of each given host's robots.txt.
AUTO_SITEMAPS = "auto"

FRONTIER_SCHEMA = """
CREATE TABLE IF NOT EXISTS frontier (
    run INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    key INTEGER NOT NULL,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    depth INTEGER NOT NULL,
    prio INTEGER NOT NULL,
    rank INTEGER NOT NULL,
    status INTEGER NOT NULL DEFAULT 0,
    hints TEXT,
    via TEXT,
    skip TEXT,
    message TEXT,
    PRIMARY KEY (run, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS page_links (
    url TEXT PRIMARY KEY,
    links BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS frontier_key ON frontier (run, key) WHERE kind != 'dup';
CREATE INDEX IF NOT EXISTS frontier_next ON frontier (run, status, prio, depth, rank, idx);
"""

_QUEUED, _TAKEN, _READ = 0, 1, 2


class ItemKind(StrEnum):
    """What a frontier row is."""

    PAGE = "page"
    SITEMAP = "sitemap"
    FEED = "feed"
    #: A host's robots.txt, read for its ``Sitemap:`` lines (``--sitemap auto``).
    ROBOTS = "robots"
    #: An input line naming a page an earlier line named: a ``duplicate`` skip.
    DUPLICATE = "dup"


#: Order of ``take``: rows that are only a skip line first (no request), then the sources,
#: then pages.
_PRIO = {ItemKind.DUPLICATE: 0, ItemKind.ROBOTS: 1, ItemKind.SITEMAP: 1, ItemKind.FEED: 1,
         ItemKind.PAGE: 2}


@dataclass(frozen=True, slots=True)
class Hints:
    """What a sitemap or feed said about a page: fallbacks for the metadata it lacks, each
    with the name written to the record's ``sources`` (``sitemap:lastmod``, ``feed:author``)."""

    published: str | None = None
    published_from: str = ""
    modified: str | None = None
    modified_from: str = ""
    authors: tuple[str, ...] = ()
    authors_from: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Hints:
        data = json.loads(text)
        data["authors"] = tuple(data.get("authors") or ())
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Discovery:
    """Where a run finds URLs besides its URL list: sitemap URLs (``"auto"``: those each
    given host's robots.txt lists) and feed URLs."""

    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NewItem:
    """A row to add; ``skip``/``message`` when it is refused already."""

    kind: ItemKind
    url: str
    depth: int = 0
    rank: int = 1
    hints: Hints | None = None
    via: str | None = None
    skip: Skip | None = None
    message: str = ""
    #: A URL the user gave: found again, it is a ``duplicate`` skip of its own (every input
    #: line is accounted for), where a discovered URL found again is the same row.
    given: bool = False


@dataclass(frozen=True, slots=True)
class Item:
    """A row taken: what the engine fetches, reads, or reports as a skip."""

    index: int
    key: int
    kind: ItemKind
    url: str
    depth: int
    hints: Hints | None
    via: str | None
    skip: Skip | None
    message: str


def item_key(kind: ItemKind, url: str) -> int:
    """Pages share the input lines' keys (the normalised URL's); a source is keyed apart, so
    a sitemap's URL listed as a page is still fetched as one."""
    try:
        norm = normalize_url(url)
    except ValueError:
        norm = url.strip()
    if kind in (ItemKind.PAGE, ItemKind.DUPLICATE):
        return key_of_normalized(norm)
    return key_of_normalized(f"{kind.value} {norm}")


class Frontier:
    """The rows of one run, in ``db`` (the state file's connection, or a private temporary
    database when ``db`` is None); used from the crawl's event loop thread only."""

    def __init__(self, db: sqlite3.Connection | None = None, run: int = 0,
                 max_pages: int | None = None) -> None:
        self._own = db is None
        self._db = db if db is not None else sqlite3.connect("", isolation_level=None)
        if self._own:
            self._db.execute("PRAGMA journal_mode=OFF")  # a scratch file: nothing to recover
        self._db.executescript(FRONTIER_SCHEMA)
        self._run = run
        self._max_pages = max_pages
        row = self._db.execute("SELECT COALESCE(MAX(idx) + 1, 0), COUNT(*) FROM frontier "
                               "WHERE run = ?", (run,)).fetchone()
        self._next, self.loaded = int(row[0]), bool(row[1])
        self._budget_used = 0
        self._bulk = False

    def close(self) -> None:
        if self._own:
            self._db.close()

    # -- adding --------------------------------------------------------------------------

    def add(self, items: Iterable[NewItem], *, read: int | None = None) -> int:
        """Add rows (a URL already known is left as it is); ``read`` marks that source row
        read in the same transaction, so a crash never leaves a source read without its
        entries, or the reverse. Returns how many rows were new."""
        added = 0
        with self._txn():
            for item in items:
                key = item_key(item.kind, item.url)
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO frontier (run, idx, key, kind, url, depth, prio, "
                    "rank, hints, via, skip, message) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (self._run, self._next, key, item.kind.value, item.url, item.depth,
                     0 if item.skip is not None else _PRIO[item.kind], item.rank,
                     item.hints.to_json() if item.hints is not None else None, item.via,
                     item.skip.value if item.skip is not None else None, item.message))
                if not cursor.rowcount and item.given:
                    cursor = self._db.execute(
                        "INSERT INTO frontier (run, idx, key, kind, url, depth, prio, rank, "
                        "skip, message) VALUES (?,?,?,?,?,0,0,0,?,?)",
                        (self._run, self._next, key, ItemKind.DUPLICATE.value, item.url,
                         Skip.DUPLICATE.value,
                         "same page as an earlier URL of this run (after normalisation)"))
                if cursor.rowcount:
                    self._next += 1
                    added += 1
            if read is not None:
                self._db.execute("UPDATE frontier SET status = ? WHERE run = ? AND idx = ?",
                                 (_READ, self._run, read))
        self.loaded = self.loaded or added > 0
        return added

    def knows(self, kind: ItemKind, url: str) -> bool:
        return self._db.execute("SELECT 1 FROM frontier WHERE run = ? AND key = ? AND "
                                "kind != 'dup'", (self._run, item_key(kind, url))
                                ).fetchone() is not None

    def count(self, kind: ItemKind) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM frontier WHERE run = ? AND kind = ?",
                                    (self._run, kind.value)).fetchone()[0])

    def remember_links(self, page: str, links: list[str]) -> None:
        """Keep the links of the page whose normalised URL is ``page`` for a later run."""
        data = zlib.compress("\n".join(links).encode("utf-8"))
        with self._txn():
            self._db.execute("INSERT OR REPLACE INTO page_links (url, links) VALUES (?, ?)",
                             (page, data))

    def remembered_links(self, page: str) -> list[str]:
        """The links ``remember_links`` kept for ``page`` (none if never kept)."""
        row = self._db.execute("SELECT links FROM page_links WHERE url = ?",
                               (page,)).fetchone()
        if row is None:
            return []
        text = zlib.decompress(row[0]).decode("utf-8")
        return text.split("\n") if text else []

    # -- taking --------------------------------------------------------------------------

    def resume(self) -> int:
        """After a restart: rows taken but not done (no line in the state's ``done``
        table) are queued again. Returns how many rows were done before."""
        with self._txn():
            self._db.execute(
                "UPDATE frontier SET status = ? WHERE run = ? AND status = ? AND idx NOT IN "
                "(SELECT idx FROM done WHERE run = ?)", (_QUEUED, self._run, _TAKEN, self._run))
        done = self._db.execute("SELECT COUNT(*) FROM done WHERE run = ?",
                                (self._run,)).fetchone()[0]
        return int(done)

    def take(self, limit: int) -> list[Item]:
        """Up to ``limit`` queued rows, in order, marked taken; page rows past the page
        budget come back as ``max_pages`` skips."""
        if self._max_pages is not None and not self._budget_used:
            self._budget_used = self._pages_taken()
        rows = self._db.execute(
            "SELECT idx, key, kind, url, depth, hints, via, skip, message FROM frontier "
            "WHERE run = ? AND status = ? ORDER BY prio, depth, rank, idx LIMIT ?",
            (self._run, _QUEUED, limit)).fetchall()
        items: list[Item] = []
        with self._txn():
            for idx, key, kind, url, depth, hints, via, skip, message in rows:
                item_kind = ItemKind(kind)
                if item_kind is ItemKind.PAGE and skip is None and self._max_pages is not None:
                    if self._budget_used >= self._max_pages:
                        skip = Skip.MAX_PAGES.value
                        message = (f"the run's --max-pages budget of {self._max_pages} pages "
                                   "was spent before this one")
                        self._db.execute("UPDATE frontier SET skip = ?, message = ? WHERE "
                                         "run = ? AND idx = ?", (skip, message, self._run, idx))
                    else:
                        self._budget_used += 1
                self._db.execute("UPDATE frontier SET status = ? WHERE run = ? AND idx = ?",
                                 (_TAKEN, self._run, idx))
                items.append(Item(idx, key, item_kind, url, depth,
                                  Hints.from_json(hints) if hints else None, via,
                                  Skip(skip) if skip else None, message or ""))
        return items

    def has_queued(self) -> bool:
        return self._db.execute("SELECT 1 FROM frontier WHERE run = ? AND status = ? LIMIT 1",
                                (self._run, _QUEUED)).fetchone() is not None

    def seeds(self) -> list[str]:
        """The URLs the run was given (found in no other row): they define its sites."""
        return [row[0] for row in self._db.execute(
            "SELECT url FROM frontier WHERE run = ? AND via IS NULL AND skip IS NULL AND kind "
            "!= 'dup' ORDER BY idx", (self._run,))]

    def _pages_taken(self) -> int:
        return int(self._db.execute(
            "SELECT COUNT(*) FROM frontier WHERE run = ? AND kind = 'page' AND status != ? "
            "AND skip IS NULL", (self._run, _QUEUED)).fetchone()[0])

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """One transaction for many ``add`` calls (loading the input: all of it or none)."""
        with self._txn():
            self._bulk = True
            try:
                yield
            finally:
                self._bulk = False

    @contextmanager
    def _txn(self) -> Iterator[None]:
        if self._bulk:
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
