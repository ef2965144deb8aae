"""Sitemaps: XML ``<urlset>``, ``<sitemapindex>``, gzipped either way, and text sitemaps.

``parse_sitemap(body, url)`` reads one fetched sitemap into its page entries (``<loc>``,
``<lastmod>``, and a Google News ``<news:publication_date>`` and ``<news:title>``) or, for an
index, its child sitemaps; the crawl engine fetches the children (recursion bounded by
``MAX_SITEMAP_DEPTH`` and ``MAX_SITEMAPS``). An RSS or Atom document given as a sitemap
(search engines accept them) is read as the feed it is.

Why not ultimate-sitemap-parser: it fetches by itself (its own HTTP client, outside our
robots.txt, politeness, size limits and private-address guard) and builds the whole tree of
sitemaps and pages before handing any of it over. Here the engine's fetcher gets the bytes,
and the XML walk is a few lines over a hardened streaming parser (``xmlsafe``: defusedxml's
entity policy on expat): an entity declaration is refused at once, a gzipped sitemap is
inflated as it is parsed under ``MAX_SITEMAP_BYTES``, memory holds one ``<url>`` element at a
time plus the entries kept (at most ``MAX_ENTRIES``), and the damage in a broken sitemap is an
error that keeps every entry before it.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field
from typing import IO
from xml.etree.ElementTree import Element

from scraper.errors import InputError, MalformedXML, ScraperError, TooLarge
from scraper.sources.feed import looks_like_feed, parse_feed
from scraper.sources.xmlsafe import iter_children, local_name

__all__ = [
    "MAX_ENTRIES",
    "MAX_SITEMAPS",
    "MAX_SITEMAP_BYTES",
    "MAX_SITEMAP_DEPTH",
    "Sitemap",
    "SitemapEntry",
    "parse_sitemap",
]

#: The sitemap protocol's own limits for one file: 50,000 URLs and 50 MiB uncompressed.
#: Past them the rest of the file is left out and the sitemap reported as damaged.
MAX_ENTRIES = 50_000
MAX_SITEMAP_BYTES = 50 * 1024 * 1024

#: Index levels followed below a given sitemap. The protocol forbids an index listing
#: indexes; large sites do it anyway one level deep (a yearly index of monthly ones), so 3
#: covers them with a margin, and a cycle of indexes stops here (besides being deduplicated).
MAX_SITEMAP_DEPTH = 3

#: Sitemap files read in one run. A large news site lists a few thousand (one a day for a
#: decade is 3,650); more is a trap or a mistake, and each is a request to the same host.
MAX_SITEMAPS = 10_000

_GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """A page (or, in an index, a child sitemap) with the dates and title given for it."""

    url: str
    lastmod: str | None = None
    #: ``<news:publication_date>`` of a Google News sitemap.
    published: str | None = None
    #: ``<news:title>``.
    title: str | None = None


@dataclass(slots=True)
class Sitemap:
    """One sitemap read: its page ``entries``, or an index's ``children``; ``error`` is the
    damage met, if any (everything read before it is kept)."""

    kind: str
    entries: list[SitemapEntry] = field(default_factory=list)
    children: list[SitemapEntry] = field(default_factory=list)
    error: ScraperError | None = None


class _Inflating(io.RawIOBase):
    """The sitemap's bytes, gunzipped on the fly when they are a gzip file (a ``.xml.gz``,
    whatever the headers say), raising ``TooLarge`` past ``MAX_SITEMAP_BYTES``: a gzip bomb
    stops at the limit instead of being inflated whole. A truncated or corrupt gzip ends the
    stream where the damage starts (``damage`` says so), so the parser keeps what came
    before it."""

    def __init__(self, body: bytes, source: str) -> None:
        self._body, self._source = body, source
        self._pos = 0
        self._left = MAX_SITEMAP_BYTES
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS) if body[:2] == _GZIP_MAGIC else None
        self._pending = b""
        self.damage: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._next(len(buffer))
        self._left -= len(data)
        if self._left < 0:
            raise TooLarge(f"{self._source} is larger than {MAX_SITEMAP_BYTES} bytes "
                           "uncompressed (the sitemap protocol's limit)", url=self._source)
        buffer[:len(data)] = data
        return len(data)

    def _next(self, size: int) -> bytes:
        if self._z is None:
            data = self._body[self._pos:self._pos + size]
            self._pos += len(data)
            return data
        while True:
            if self._pending:
                data, self._pending = self._pending[:size], self._pending[size:]
                return data
            if self._z.eof or self.damage:
                return b""
            chunk = self._z.unconsumed_tail or self._body[self._pos:self._pos + READ_CHUNK]
            if not self._z.unconsumed_tail:
                self._pos += len(chunk)
            if not chunk:
                self.damage = "the gzip stream is truncated"
                return b""
            try:
                self._pending = self._z.decompress(chunk, max(size, READ_CHUNK))
            except zlib.error as exc:
                self.damage = f"corrupt gzip ({exc})"
                return b""


#: Compressed bytes inflated per step.
READ_CHUNK = 64 * 1024


def parse_sitemap(body: bytes, url: str) -> Sitemap:
    """Read one sitemap (XML, gzipped XML, text, or a feed) fetched from ``url``."""
    raw = _Inflating(body, url)
    stream = io.BufferedReader(raw)
    head = stream.peek(1024)[:1024]
    start = head.removeprefix(_BOM).lstrip()
    if not start.startswith(b"<"):
        sitemap = _text_sitemap(stream, url)
    elif looks_like_feed(head):
        try:
            feed = parse_feed(stream.read(), url)
        except TooLarge as exc:
            return Sitemap("feed", error=exc)
        sitemap = Sitemap(f"feed:{feed.kind}", [
            SitemapEntry(e.url, e.modified, e.published, e.title) for e in feed.entries],
            error=feed.error)
    else:
        sitemap = _xml_sitemap(stream, url)
    if raw.damage is not None:
        # The gzip damage is the cause of whatever the parser said about the end.
        sitemap.error = MalformedXML(f"{url}: {raw.damage}; the {len(sitemap.entries)} "
                                     "entries before it are kept", url=url)
    return sitemap


def _xml_sitemap(stream: IO[bytes], url: str) -> Sitemap:
    sitemap = Sitemap("urlset")
    try:
        for root, name, elem in iter_children(stream, url):
            if root == "sitemapindex":
                sitemap.kind = "index"
            elif root != "urlset":
                raise MalformedXML(f"{url}: the root element <{root}> is not <urlset> or "
                                   "<sitemapindex>", url=url)
            if name not in ("url", "sitemap"):
                continue  # extensions at the top level (xhtml:link, comments...) are not pages
            entry = _entry(elem)
            if entry is None:
                continue
            kept = sitemap.children if root == "sitemapindex" else sitemap.entries
            if len(kept) >= MAX_ENTRIES:
                raise InputError(f"{url} lists more than {MAX_ENTRIES:,} entries (the "
                                 "sitemap protocol's limit); the rest are left out", url=url)
            kept.append(entry)
    except ScraperError as exc:
        sitemap.error = exc
    return sitemap


def _entry(elem: Element) -> SitemapEntry | None:
    """``<url>``/``<sitemap>`` -> its entry; None without a ``<loc>``. Only direct children
    count for ``<loc>`` and ``<lastmod>``: an ``<image:image>`` has a ``<loc>`` of its own."""
    loc = lastmod = published = title = None
    for child in elem:
        name = local_name(child.tag)
        text = (child.text or "").strip()
        if name == "loc" and loc is None and text:
            loc = text
        elif name == "lastmod" and text:
            lastmod = text
        elif name == "news":
            for part in child:
                value = (part.text or "").strip()
                if local_name(part.tag) == "publication_date" and value:
                    published = value
                elif local_name(part.tag) == "title" and value:
                    title = value
    return SitemapEntry(loc, lastmod, published, title) if loc else None


def _text_sitemap(stream: IO[bytes], url: str) -> Sitemap:
    """One URL a line (UTF-8), as the protocol's text format; blank lines are not entries."""
    sitemap = Sitemap("text")
    try:
        for raw in io.TextIOWrapper(stream, encoding="utf-8", errors="replace"):
            line = raw.strip().lstrip("\ufeff")
            if not line or line.startswith("#"):
                continue
            if len(sitemap.entries) >= MAX_ENTRIES:
                raise InputError(f"{url} lists more than {MAX_ENTRIES:,} URLs (the sitemap "
                                 "protocol's limit); the rest are left out", url=url)
            sitemap.entries.append(SitemapEntry(line))
    except ScraperError as exc:
        sitemap.error = exc
    return sitemap
