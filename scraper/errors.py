"""The one exception tree of scraper.

Every failure a user can meet is one of these, and each carries a ``kind``: the short,
stable string written to the errors file (``{"url": ..., "error": {"kind": ..., "message": ...}}``).

    ScraperError
    ├── ConfigError                 bad options or settings (CLI exit code 2)
    ├── InputError                  kind "input": an input that cannot be read at all
    │   ├── InvalidURL              kind "invalid_url": not an http(s) URL
    │   ├── CorruptArchive          kind "corrupt_archive": a WARC/ARC file damaged (truncated,
    │   │                           bad compression, garbled record) at a byte offset
    │   ├── UnsafeXML               kind "unsafe_xml": an XML document declaring entities
    │   │                           (billion laughs, external entities): refused, not expanded
    │   ├── MalformedXML            kind "malformed_xml": XML broken at some point
    │   └── SourceError             a URL source failed, whole or in part (what went wrong
    │       │                       is the message's first word: "http_status: HTTP 404")
    │       ├── SitemapError        kind "sitemap": a sitemap, sitemap index, or the
    │       │                       robots.txt of ``--sitemap auto``
    │       └── FeedError           kind "feed": an RSS or Atom feed
    ├── FetchError                  kind "fetch": the page could not be fetched (the base of
    │                               the kinds below; raised as itself by none of scraper's code)
    │   ├── FetchTimeout            kind "timeout": connect, read or total deadline
    │   ├── HTTPStatusError         kind "http_status": a non-2xx final status
    │   ├── NotHTML                 kind "not_html": content type is not HTML/XHTML
    │   ├── TooLarge                kind "too_large": body (raw or decoded) over the limit
    │   ├── RedirectError           kind "redirect": too many redirects or a loop
    │   ├── RobotsDisallowed        kind "robots": robots.txt forbids the URL (a skip)
    │   ├── PrivateAddress          kind "private_address": the host is a private address
    │   │                           (opt-in guard, ``CrawlSettings(block_private=True)``)
    │   └── NetworkError            kind "network": DNS, connection reset, TLS, ...
    ├── ContentError                the page was fetched but holds no usable article
    │   ├── EmptyDocument           kind "empty": nothing (or only whitespace) to parse
    │   ├── DecodeError             kind "decode": bytes that no charset explains
    │   ├── BlockedPage             kind "blocked": a consent/pay/login wall or bot challenge
    │   └── ExtractionTimeout       kind "extract_timeout": the per-page deadline (a batch
    │                               run's 60 s, or ``ExtractSettings(timeout=...)``)
    └── InternalError               kind "internal": a bug met on this page (the original
                                    exception is chained as ``__cause__``)

Every kind is its class's own: no two classes share one, so a kind names exactly one cause
(``network`` is a connection that failed, never any other fetch failure), and a failure that
crosses a process boundary travels as the exception itself (it pickles with its fields), not
as a string to be turned back into a class.

``scraper.extract()`` on any ``str`` or ``bytes`` returns an ``Article`` or raises one of
these (``TypeError`` for an argument of the wrong type). A bad URL *inside* a page (a broken
canonical, link or image) is ignored, never an error.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "BlockedPage",
    "ConfigError",
    "ContentError",
    "CorruptArchive",
    "DecodeError",
    "EmptyDocument",
    "ExtractionTimeout",
    "FeedError",
    "FetchError",
    "FetchTimeout",
    "HTTPStatusError",
    "InputError",
    "InternalError",
    "InvalidURL",
    "MalformedXML",
    "NetworkError",
    "NotHTML",
    "PrivateAddress",
    "RedirectError",
    "RobotsDisallowed",
    "ScraperError",
    "SitemapError",
    "SourceError",
    "TooLarge",
    "UnsafeXML",
]


class ScraperError(Exception):
    """Base class of every error scraper raises on purpose."""

    kind: ClassVar[str] = "error"

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url

    def to_dict(self) -> dict[str, str]:
        """The ``error`` object of an errors-file line."""
        return {"kind": self.kind, "message": self.message}


class ConfigError(ScraperError):
    """Invalid options, settings or rules; the run cannot start."""

    kind = "config"


class InputError(ScraperError):
    """An input (file, URL line, stdin) that cannot be read at all."""

    kind = "input"


class InvalidURL(InputError):
    """Not an absolute http(s) URL."""

    kind = "invalid_url"


class UnsafeXML(InputError):
    """An XML document (sitemap, feed) that declares entities: a billion-laughs or
    external-entity document is refused at the declaration, never expanded or fetched."""

    kind = "unsafe_xml"


class MalformedXML(InputError):
    """XML that stops being well-formed at some point (the entries before it are kept)."""

    kind = "malformed_xml"


class SourceError(InputError):
    """A source of URLs (sitemap, feed) that could not be read, or only in part; the message
    starts with the underlying kind (``timeout: ...``, ``unsafe_xml: ...``)."""

    kind = "source"


class SitemapError(SourceError):
    """A sitemap, sitemap index, or the robots.txt ``--sitemap auto`` reads."""

    kind = "sitemap"


class FeedError(SourceError):
    """An RSS or Atom feed."""

    kind = "feed"


class CorruptArchive(InputError):
    """A WARC or ARC archive is damaged: cut short, its compression broken, or a record that
    does not parse. The records before the damage are kept; the message names the file and
    the byte offset (in the file as stored) of the record where the damage starts."""

    kind = "corrupt_archive"

    def __init__(self, message: str, *, url: str | None = None, offset: int = 0) -> None:
        super().__init__(message, url=url)
        self.offset = offset


class FetchError(ScraperError):
    """The page could not be fetched (the base of every fetch failure's kind)."""

    kind = "fetch"


class FetchTimeout(FetchError):
    """Connect, read or total per-page deadline exceeded."""

    kind = "timeout"


class HTTPStatusError(FetchError):
    """The final response had a non-success status."""

    kind = "http_status"

    def __init__(self, message: str, *, url: str | None = None, status: int = 0,
                 retry_after: float | None = None) -> None:
        super().__init__(message, url=url)
        self.status = status
        #: Seconds the server asked us to wait (``Retry-After``), when it said so.
        self.retry_after = retry_after


class NotHTML(FetchError):
    """The response is not HTML or XHTML."""

    kind = "not_html"


class TooLarge(FetchError):
    """The body, raw or decoded, exceeds the size limit."""

    kind = "too_large"


class RedirectError(FetchError):
    """Too many redirects, a redirect loop, or a redirect to a refused scheme."""

    kind = "redirect"


class RobotsDisallowed(FetchError):
    """robots.txt forbids this URL for our user agent."""

    kind = "robots"


class PrivateAddress(FetchError):
    """The URL's host (or a redirect's) resolves to a loopback, private, link-local,
    multicast, reserved or cloud-metadata address, and the private-address guard is on."""

    kind = "private_address"


class NetworkError(FetchError):
    """Connection refused or reset, DNS failure, TLS error, truncated body."""

    kind = "network"


class ContentError(ScraperError):
    """The document was read but holds no usable article."""

    kind = "content"


class EmptyDocument(ContentError):
    """Nothing but whitespace to parse."""

    kind = "empty"


class DecodeError(ContentError):
    """Bytes that no candidate charset decodes."""

    kind = "decode"


class BlockedPage(ContentError):
    """What came back is a wall (consent, paywall, login, bot challenge), not the article."""

    kind = "blocked"


class ExtractionTimeout(ContentError):
    """Extracting one page took longer than its deadline: the batch run's per-page one, or
    ``ExtractSettings(timeout=...)`` (a hostile or pathological document built to be slow)."""

    kind = "extract_timeout"


class InternalError(ScraperError):
    """A bug in scraper met on this page (recursion too deep, memory exhausted, a parser or
    stage raising what it should not); the original exception is the ``__cause__``."""

    kind = "internal"
