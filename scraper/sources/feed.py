"""Feeds: RSS 0.9x, 1.0 (RDF), 2.0 and Atom, read by feedparser.

``parse_feed(body, url)`` -> the feed's entries: each item's link, and its date and authors,
which the crawl uses as fallbacks for a page that states none itself.

feedparser and hostile XML: it strips a document's ``<!ENTITY>`` declarations but keeps those
whose value holds no reference, and those still expand (a quadratic blow-up: one long entity
used a million times). So the bytes are first checked by ``xmlsafe.check_prolog``, which
refuses any entity declaration before feedparser sees the document; its SAX parser then
runs with external entities off (its default), and it is handed a stream, never a string: a
string that happens to be a path or a URL would be opened or fetched by feedparser itself.
A feed broken half-way is read on by feedparser's tolerant parser; the damage is reported
with the entries read kept.
"""

from __future__ import annotations

import io
import re
import time
import xml.sax
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser

from scraper.errors import InputError, MalformedXML, ScraperError, UnsafeXML
from scraper.sources.xmlsafe import check_prolog

__all__ = ["Feed", "FeedEntry", "looks_like_feed", "parse_feed"]

#: Items read from one feed. Feeds carry the latest 10-100 items; a few thousand is an
#: archive feed, and past this it is a trap.
MAX_FEED_ENTRIES = 50_000

#: The root elements of RSS (0.9x, 2.0), RSS 1.0 (RDF) and Atom, near the top of the head.
_FEED_ROOT = re.compile(rb"<(?:rss|rdf:RDF|feed)[\s>]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """An item's link, with its dates as the feed wrote them and its authors."""

    url: str
    published: str | None = None
    modified: str | None = None
    authors: tuple[str, ...] = ()
    title: str | None = None


@dataclass(slots=True)
class Feed:
    """A feed read: ``kind`` is feedparser's version (``rss20``, ``atom10``...), ``error``
    the damage met, if any (the entries read are kept)."""

    kind: str
    entries: list[FeedEntry] = field(default_factory=list)
    error: ScraperError | None = None


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes of an XML document open an RSS, RDF or Atom root."""
    return _FEED_ROOT.search(head) is not None


def parse_feed(body: bytes, url: str, content_type: str = "") -> Feed:
    """Read a feed fetched from ``url`` (relative links resolve against it)."""
    try:
        check_prolog(body, url)
    except UnsafeXML as exc:
        return Feed("unknown", error=exc)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed: Any = feedparser.parse(io.BytesIO(body), response_headers=headers,
                                   sanitize_html=False, resolve_relative_uris=False)
    feed = Feed(parsed.get("version") or "unknown")
    without_link = 0
    for item in parsed.entries:
        link = _link(item)
        if link is None:
            without_link += 1
            continue
        if len(feed.entries) >= MAX_FEED_ENTRIES:
            feed.error = InputError(f"{url} has more than {MAX_FEED_ENTRIES:,} items; the "
                                    "rest are left out", url=url)
            break
        feed.entries.append(FeedEntry(
            link, _date(item, "published") or _date(item, "created"), _date(item, "updated"),
            _authors(item), (item.get("title") or "").strip() or None))
    if feed.error is None:
        feed.error = _damage(parsed, url, feed, without_link)
    return feed


def _damage(parsed: Any, url: str, feed: Feed, without_link: int) -> ScraperError | None:
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(exc, xml.sax.SAXParseException):
        return MalformedXML(
            f"{url} is not well-formed XML at line {exc.getLineNumber()}, column "
            f"{exc.getColumnNumber()}: {exc.getMessage()}; {len(feed.entries)} items read "
            "by the tolerant parser", url=url)
    if not parsed.get("version") and not feed.entries:
        return InputError(f"{url} is not an RSS or Atom feed", url=url)
    if without_link and not feed.entries:
        return InputError(f"{url}: none of its {without_link} items has a link", url=url)
    return None


def _link(item: Any) -> str | None:
    """The item's page: its link (Atom: rel=alternate), else an id that is a URL (RSS
    ``<guid isPermaLink>``, Atom ids written as URLs)."""
    for candidate in (item.get("link"), item.get("id")):
        if isinstance(candidate, str) and candidate.strip().startswith(("http://",
                                                                         "https://")):
            return candidate.strip()
    return None


def _date(item: Any, name: str) -> str | None:
    """The date as written (it keeps its offset); from the parsed UTC value when feedparser
    could read it but the text is in a shape only it knows."""
    # dict.get: feedparser's own get maps a missing "updated" to "published" (with a
    # warning); each field is read as the feed wrote it.
    text = dict.get(item, name)
    parsed = dict.get(item, f"{name}_parsed")
    if isinstance(text, str) and text.strip():
        return text.strip()
    if isinstance(parsed, time.struct_time):
        return datetime(*parsed[:6], tzinfo=UTC).isoformat()
    return None


def _authors(item: Any) -> tuple[str, ...]:
    names: list[str] = []
    for author in item.get("authors") or ():
        name = (author.get("name") or "").strip() if isinstance(author, dict) else ""
        if name and name not in names:
            names.append(name)
    if not names and isinstance(item.get("author"), str) and item["author"].strip():
        names.append(item["author"].strip())
    return tuple(names)
