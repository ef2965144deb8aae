"""Archive sink: every page a crawl fetches, as standard WARC records, to re-extract later.

    writer = ArchiveWriter("crawl.warc.gz", user_agent)   # appends (a resumed crawl continues)
    writer.write(page)                                     # a request and a response record
    writer.close()

``scraper extract crawl.warc.gz`` then gives the same records without fetching again (after an
upgrade or a rule fix). Each fetched page becomes a ``request`` record (the GET and the
headers the crawler sends) and a ``response`` record (``WARC-Concurrent-To`` the request,
``WARC-Date`` the fetch time) holding the HTTP status line, the response headers and the body
as the pages were extracted: decoded, so ``Content-Encoding`` and ``Transfer-Encoding`` are
kept as ``X-Crawler-Content-Encoding`` / ``X-Crawler-Transfer-Encoding`` and
``Content-Length`` is the stored body's (Common Crawl's convention). Pages are the ones the
crawler reads a body of: 2xx HTML responses (the fetcher refuses other types, and error
statuses, before their bodies are read); a 304 answer has nothing to store.

Written with warcio's ``WARCWriter``: it computes the block and payload digests and puts each
record in its own gzip member (what the WARC standard's annex recommends and every reader,
ours included, expects). FastWARC, the faster reader, can write records too, but only from
raw bytes its caller lays out, HTTP headers included; warcio builds them from structured
headers, and it is already a dependency for ARC files.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper._version import __version__
from scraper.errors import ConfigError
from scraper.fetcher.client import Fetched, request_headers
from scraper.settings import CrawlSettings

__all__ = ["ArchiveWriter"]

#: Response headers that describe the bytes on the wire, not the decoded body stored: kept
#: under another name so a reader does not decode the body twice.
_WIRE_HEADERS = {"content-encoding": "X-Crawler-Content-Encoding",
                 "transfer-encoding": "X-Crawler-Transfer-Encoding",
                 "content-length": "X-Crawler-Content-Length"}


class ArchiveWriter:
    """Appends the pages of a crawl to a WARC file (gzip per record for ``.gz``)."""

    def __init__(self, path: str | Path, settings: CrawlSettings) -> None:
        self.path = Path(path)
        try:
            self._fh: BinaryIO = self.path.open("ab")
        except OSError as exc:
            raise ConfigError(f"cannot write --archive {path}: {exc.strerror or exc}") from exc
        self._writer = WARCWriter(self._fh, gzip=self.path.name.lower().endswith(".gz"))
        self._request_headers = request_headers(settings)
        self.count = 0
        info = self._writer.create_warcinfo_record(self.path.name, {
            "software": f"scraper/{__version__}",
            "format": "WARC File Format 1.0",
            "http-header-user-agent": settings.user_agent,
        })
        self._writer.write_record(info)
        self._fh.flush()

    def write(self, page: Fetched) -> None:
        """The request and response records of one fetched page, flushed whole."""
        if page.not_modified:
            return
        date = _warc_date(page.fetched_at)
        parts = urlsplit(page.url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        request = StatusAndHeaders(
            f"GET {target} HTTP/1.1",
            [("Host", parts.netloc), *((name.title(), value)
                                       for name, value in self._request_headers.items())],
            protocol="HTTP/1.1", is_http_request=True)
        request_record = self._writer.create_warc_record(
            page.url, "request", payload=io.BytesIO(b""), http_headers=request,
            warc_headers_dict={"WARC-Date": date})
        headers = [(_WIRE_HEADERS.get(name, name.title()), value)
                   for name, value in page.headers.items()]
        headers.append(("Content-Length", str(len(page.body))))
        response = StatusAndHeaders(f"{page.status} {_reason(page.status)}", headers,
                                    protocol="HTTP/1.1")
        response_record = self._writer.create_warc_record(
            page.url, "response", payload=io.BytesIO(page.body), http_headers=response,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": request_record.rec_headers.get_header("WARC-Record-ID"),
            })
        self._writer.write_record(request_record)
        self._writer.write_record(response_record)
        self._fh.flush()
        self.count += 1

    def close(self) -> None:
        self._fh.close()


def _warc_date(fetched_at: str) -> str:
    """The fetch time as WARC-Date wants it (``2024-05-01T10:00:00Z``)."""
    try:
        when = datetime.fromisoformat(fetched_at)
    except ValueError:
        when = datetime.now(UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
