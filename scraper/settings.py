"""Settings: small frozen value objects, built once (defaults < site rule < CLI flag) and passed
down; no stage reads global state.

    settings = ExtractSettings(comments=True)
    article = scraper.extract(html, url=url, settings=settings)
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from scraper._version import __version__
from scraper.errors import ConfigError
from scraper.heuristics import Heuristics
from scraper.rules import RuleSet

__all__ = ["DEFAULT_USER_AGENT", "CrawlSettings", "ExtractSettings", "since_datetime"]

#: ``await resolver(host, port)`` -> the addresses ``host`` resolves to (the guard's DNS).
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

#: Honest by default: who we are and where to read about us, so site owners can reach us.
DEFAULT_USER_AGENT = f"scraper/{__version__} (+https://github.com/scraper-dev/scraper)"

#: Pages above this are not articles worth holding in memory; 10 MiB covers the heaviest
#: real news pages (inline SVG, JSON state blobs) with room to spare.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractSettings:
    """How a page is turned into an article.

    - ``comments``: keep reader comments, in the record's separate ``comments`` field.
    - ``repair``: run the repair pass (mangled tags, table debris, mojibake).
    - ``rules``: site rules (``RuleSet.load()``: the shipped ones, plus any directories given);
      empty by default, and benchmarks run so.
    - ``links``: attach resolved links to text blocks.
    - ``timeout``: seconds one ``scraper.extract`` call may take, in any thread, before it
      raises ``ExtractionTimeout``; ``None`` (the default) for no deadline. Batch runs give
      each page ``EXTRACT_DEADLINE_S`` (60 s) on their own.
    - ``heuristics``: which general heuristics run (``scraper.heuristics``); all by default,
      and a matching site rule's ``[heuristics]`` table turns some off for its page.
    """

    comments: bool = False
    repair: bool = True
    rules: RuleSet = field(default_factory=RuleSet)
    links: bool = True
    timeout: float | None = None
    heuristics: Heuristics = field(default_factory=Heuristics)

    def __post_init__(self) -> None:
        _validate([(self.timeout is None or self.timeout > 0, "timeout must be positive")])


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlSettings:
    """How pages are fetched.

    Timeouts are in seconds; ``timeout`` is the total per-page deadline, ``connect_timeout`` and
    ``read_timeout`` bound each phase so a dripping server cannot hold a slot.
    ``state`` is the SQLite file of incremental/resumable runs; ``force`` refetches and rewrites
    pages even when the state says they are unchanged.
    ``block_private`` refuses hosts that resolve to loopback, private, link-local (cloud
    metadata), multicast or reserved addresses, on every hop (``scraper.fetcher.guard``);
    ``allow_networks`` lets chosen networks through it (``("10.1.0.0/16",)``), and
    ``resolver`` replaces the system's DNS for it (``async (host, port) -> [addresses]``).
    ``archive`` is a WARC file (``.warc.gz``: gzipped per record) that ``scraper.crawl`` adds
    every fetched page to, as request and response records (``scraper.archive``), for
    ``scraper extract`` to re-extract without fetching.

    Discovery (``scraper.crawl(..., sitemaps=, feeds=)`` and these): ``follow`` follows the
    links of fetched pages within the seeds' sites (same registrable domain; the same host with
    ``same_host``; see ``scraper.crawler.follow``), at most ``max_depth`` links
    away from a seed (None: no limit); ``max_pages`` caps the pages a run fetches (None: no
    cap). ``include``/``exclude`` are regexes a discovered URL must / must not match;
    ``since`` (an ISO date) drops sitemap and feed entries dated before it.
    """

    concurrency: int = 16
    per_host: int = 2
    delay: float = 0.0
    timeout: float = 30.0
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    retries: int = 2
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 10
    user_agent: str = DEFAULT_USER_AGENT
    headers: tuple[tuple[str, str], ...] = ()
    ignore_robots: bool = False
    state: Path | None = None
    force: bool = False
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    #: Extraction worker processes; 0 means one per CPU core.
    workers: int = 0
    #: First retry waits about this many seconds, doubling per attempt (with jitter).
    retry_backoff: float = 0.5
    block_private: bool = False
    allow_networks: tuple[str, ...] = ()
    resolver: Resolver | None = field(default=None, compare=False, repr=False)
    archive: Path | None = None
    follow: bool = False
    same_host: bool = False
    max_pages: int | None = None
    max_depth: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    since: str | None = None

    def __post_init__(self) -> None:
        # concurrency=0 would never fetch, a negative delay or retry count means nothing:
        # refused here, so the library and the CLI (which reports the option) agree.
        _validate([
            (self.concurrency >= 1, "concurrency must be at least 1"),
            (self.per_host >= 1, "per_host must be at least 1"),
            (self.delay >= 0, "delay cannot be negative"),
            (self.timeout > 0, "timeout must be positive"),
            (self.connect_timeout > 0, "connect_timeout must be positive"),
            (self.read_timeout > 0, "read_timeout must be positive"),
            (self.retries >= 0, "retries cannot be negative"),
            (self.max_bytes > 0, "max_bytes must be positive"),
            (self.max_redirects >= 0, "max_redirects cannot be negative"),
            (self.workers >= 0, "workers cannot be negative"),
            (self.retry_backoff >= 0, "retry_backoff cannot be negative"),
            (bool(self.user_agent.strip()), "user_agent cannot be empty"),
            (self.max_pages is None or self.max_pages >= 1, "max_pages must be at least 1"),
            (self.max_depth is None or self.max_depth >= 0, "max_depth cannot be negative"),
        ])
        for name in ("include", "exclude"):
            for pattern in getattr(self, name):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ConfigError(f"{name} {pattern!r} is not a regular expression: "
                                      f"{exc}") from None
        if self.since is not None and since_datetime(self.since) is None:
            raise ConfigError(f"since {self.since!r} is not a date (use 2024-05-01 or "
                              "2024-05-01T12:00:00+00:00)")


def since_datetime(value: str) -> datetime | None:
    """``since`` as an aware datetime (UTC when it gives no offset); None when no ISO date."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _validate(checks: Iterable[tuple[bool, str]]) -> None:
    """Raise ``ConfigError`` with the first failed check's message, which starts with the
    field's name."""
    for ok, message in checks:
        if not ok:
            raise ConfigError(message)
