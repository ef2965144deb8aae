"""WARC and ARC archives in: the HTML responses they hold, as pages to extract, streamed.

    for record in read_archive("crawl.warc.gz"):
        record.page     # a RawPage (an HTML response), or None
        record.skip     # why a response is not extracted (WarcSkip), or None
        record.error    # a record that cannot be used (too large, bad encoding), or the
                        # CorruptArchive damage that ended the reading (always the last item)

Each record is read and handed over on its own: a multi-GB archive costs one record's memory
(an HTML body is capped at ``max_bytes``; other bodies are stepped over unread). A response's
page carries the record's target URI as its URL, ``WARC-Date`` as ``fetched_at`` (when it was
fetched, not when it was published), the HTTP status and the HTTP headers, whose
``Content-Type`` charset the decode stage weighs first, as for a live fetch.

Readers, chosen by measurement (``bench/warc_read.py``, the bench pages as 3,000 response
records, best of 3, same run): FastWARC reads a record-gzipped WARC at 139 MB/s (4,079 pages/s)
against warcio's 50 MB/s (1,460 pages/s), an uncompressed one at 3,247 against 1,658 MB/s,
so WARC files are read with FastWARC. It cannot read ARC, the older format of the Internet
Archive's early crawls, so ARC files (``.arc``, ``.arc.gz``) are read with warcio, which also
writes the archives (``scraper.archive``). Both are well under extraction's cost (about 60
pages/s a core), which is what bounds a run.

Damage: both libraries stop quietly at a cut-short file, yielding its last record cut short or
nothing of it, so every record is checked against its declared ``Content-Length`` after its
block is read, a record missing a mandatory header (``_MANDATORY``) is taken as cut short or
garbage, and bytes left unread after the last record are damage too; a broken gzip member
raises in the reader. Either way, the records before the damage have been yielded, and
a ``CorruptArchive`` naming the file and the byte offset (in the file as stored) ends the
iteration.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from fastwarc.stream_io import ChunkedReader
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from scraper.errors import CorruptArchive, DecodeError, InputError, ScraperError, TooLarge
from scraper.models import RawPage
from scraper.settings import DEFAULT_MAX_BYTES

__all__ = ["ARCHIVE_SUFFIXES", "ArchiveRecord", "WarcSkip", "is_archive", "read_archive"]

#: File names read as archives, not as HTML files.
WARC_SUFFIXES = (".warc", ".warc.gz")
ARC_SUFFIXES = (".arc", ".arc.gz")
ARCHIVE_SUFFIXES = WARC_SUFFIXES + ARC_SUFFIXES

#: The headers WARC 1.0 and 1.1 require of every record: one missing is a record cut short
#: in its headers (the readers yield what they got) or garbage.
_MANDATORY = ("WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type")

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP = frozenset({"gzip", "x-gzip"})
_IDENTITY = frozenset({"", "identity"})


class WarcSkip(StrEnum):
    """Why a response record is not extracted (a skip: it is no failure)."""

    NOT_HTML = "warc_not_html"  # an image, PDF, script, robots.txt...
    STATUS = "warc_status"  # not a 2xx: a redirect, an error page, a 304


@dataclass(frozen=True, slots=True)
class ArchiveRecord:
    """One record of an archive, and what it is for a run (at most one of ``page``, ``skip``,
    ``error`` is set; none for records that are no response: request, metadata, ...)."""

    offset: int
    record_type: str
    url: str | None = None
    page: RawPage | None = None
    skip: WarcSkip | None = None
    message: str = ""
    error: ScraperError | None = None


def is_archive(path: str) -> bool:
    """Whether ``path`` is named as a WARC or ARC archive."""
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def read_archive(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[ArchiveRecord]:
    """Every record of the WARC or ARC file at ``path``, in order; see the module doc.

    ``InputError`` (before any record) when the file cannot be opened.
    """
    name = str(path)
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc
    with handle:
        if name.lower().endswith(ARC_SUFFIXES):
            yield from _read_arc(handle, name, max_bytes)
        else:
            yield from _read_warc(handle, name, max_bytes)


# -- WARC, with FastWARC ---------------------------------------------------------------------


def _read_warc(handle: BinaryIO, name: str, max_bytes: int) -> Iterator[ArchiveRecord]:
    records = iter(ArchiveIterator(handle, parse_http=True, auto_decode="none"))
    last: int | None = None
    while True:
        try:
            record = next(records)
        except StopIteration:
            if (end := _end_of_records(handle, last)) is not None:
                yield _damage(name, end, f"unreadable data from byte {end} on (cut short, or "
                              "not a WARC record)")
            return
        except OSError as exc:
            yield _damage(name, last or 0, f"{exc} {_after(last)}")
            return
        last = record.stream_pos
        if any(record.headers.get(name) is None for name in _MANDATORY):
            yield _damage(name, last, f"a garbled record at byte {last}")
            return
        entry = _warc_entry(record, max_bytes, name)
        yield entry
        if isinstance(entry.error, CorruptArchive):
            return


def _end_of_records(handle: BinaryIO, last: int | None) -> int | None:
    """Where the bytes the reader left unread start, when it stopped before the end of the
    file (both readers end quietly on a record cut short in its headers); None at the end.

    The last record is stepped over again from its offset: one gzip member, or its header
    block and ``Content-Length`` bytes of block and the two CRLFs after it.
    """
    size = handle.seek(0, io.SEEK_END)
    start = last or 0
    handle.seek(start)
    head = handle.read(2)
    if last is None:
        return 0 if head.strip() else None  # no record at all: damage from the start
    handle.seek(start)
    if head == b"\x1f\x8b":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        while not inflater.eof and (chunk := handle.read(1 << 16)):
            inflater.decompress(chunk, 1 << 16)
            while inflater.unconsumed_tail and not inflater.eof:
                inflater.decompress(inflater.unconsumed_tail, 1 << 16)
        end = handle.tell() - len(inflater.unused_data)
    else:
        header = handle.read(32 << 10)
        stop = header.find(b"\r\n\r\n")
        length = re.search(rb"(?im)^content-length:\s*(\d+)", header[:stop])
        if stop < 0 or length is None:
            return start
        end = start + stop + 4 + int(length.group(1)) + 4
    handle.seek(min(end, size))
    return None if end >= size or not handle.read(1 << 16).strip() else end


def _warc_entry(record: WarcRecord, max_bytes: int, name: str) -> ArchiveRecord:
    offset = record.stream_pos
    kind = _record_type(record.record_type)
    url = record.headers.get("WARC-Target-URI")
    base = ArchiveRecord(offset, kind, url)
    http = record.http_headers if record.is_http else None
    if record.record_type != WarcRecordType.response or http is None:
        return _checked(record, base, name)
    status = http.status_code or 0
    headers = {key.lower(): value for key, value in http.items()}
    if not 200 <= status < 300:
        skipped = replace(base, skip=WarcSkip.STATUS, message=f"HTTP {status}")
        return _checked(record, skipped, name)
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    if media and media not in _HTML_TYPES:
        return _checked(record, replace(base, skip=WarcSkip.NOT_HTML,
                                      message=f"content type {media}"), name)
    body = record.reader.read(max_bytes + 1)
    checked = _checked(record, base, name)
    if checked is not base:
        return checked
    return _page_entry(base, body, headers, status, record.headers.get("WARC-Date"), media,
                       max_bytes)


def _checked(record: WarcRecord, entry: ArchiveRecord, name: str) -> ArchiveRecord:
    """``entry`` if the record's block is whole, else the damage at its offset."""
    record.reader.consume()
    if record.reader.tell() < record.content_length:
        return _damage(name, record.stream_pos,
                       f"the record at byte {record.stream_pos} is cut short "
                       f"({record.reader.tell()} of {record.content_length} bytes)")
    return entry


def _record_type(value: WarcRecordType) -> str:
    for member in (WarcRecordType.response, WarcRecordType.request, WarcRecordType.warcinfo,
                   WarcRecordType.metadata, WarcRecordType.resource, WarcRecordType.revisit,
                   WarcRecordType.conversion, WarcRecordType.continuation):
        if value == member:
            return str(member).rsplit(".", 1)[-1]
    return "unknown"


# -- ARC, with warcio ------------------------------------------------------------------------


def _read_arc(handle: BinaryIO, name: str, max_bytes: int) -> Iterator[ArchiveRecord]:
    from warcio.archiveiterator import ArchiveIterator as WarcioIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = WarcioIterator(handle, arc2warc=True)
    stream = iter(records)
    last: int | None = None
    while True:
        try:
            record = next(stream)
        except StopIteration:
            return
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield _damage(name, last or 0, f"{str(exc)[:200]} {_after(last)}")
            return
        kind = record.rec_type or "unknown"
        url = record.rec_headers.get_header("WARC-Target-URI")
        http = record.http_headers
        body = b""
        status, headers, media, skip = 0, {}, "", None
        if kind == "response" and http is not None:
            status = int(http.get_statuscode() or 0)
            headers = {key.lower(): value for key, value in http.headers}
            media = headers.get("content-type", "").split(";")[0].strip().lower()
            if not 200 <= status < 300:
                skip = (WarcSkip.STATUS, f"HTTP {status}")
            elif media and media not in _HTML_TYPES:
                skip = (WarcSkip.NOT_HTML, f"content type {media}")
            else:
                body = _read_up_to(record.raw_stream, max_bytes + 1)
        while record.raw_stream.read(1 << 16):
            pass
        cut = record.raw_stream.limit > 0
        # Only now: warcio reads the record to its end to tell where it started.
        last = records.get_record_offset()
        if cut:
            yield _damage(name, last, f"the record at byte {last} is cut short")
            return
        entry = ArchiveRecord(last, kind, url)
        if skip is not None:
            entry = replace(entry, skip=skip[0], message=skip[1])
        elif body:
            entry = _page_entry(entry, body, headers, status,
                                record.rec_headers.get_header("WARC-Date"), media, max_bytes)
        yield entry


def _read_up_to(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes: warcio's readers hand out one buffer's worth a call."""
    parts: list[bytes] = []
    while size > 0 and (chunk := stream.read(min(size, 1 << 16))):
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


# -- both ------------------------------------------------------------------------------------


def _page_entry(base: ArchiveRecord, body: bytes, headers: dict[str, str], status: int,
                warc_date: str | None, media: str, max_bytes: int) -> ArchiveRecord:
    if len(body) > max_bytes:
        return replace(base, error=TooLarge(f"body exceeds {max_bytes} bytes", url=base.url))
    try:
        body = _decoded(body, headers, max_bytes)
    except ScraperError as exc:
        exc.url = base.url
        return replace(base, error=exc)
    if not media and body.lstrip()[:1] != b"<":
        return replace(base, skip=WarcSkip.NOT_HTML, message="no content type, and not markup")
    page = RawPage(body=body, url=base.url, requested_url=base.url, status=status,
                   headers=headers, fetched_at=_iso_date(warc_date))
    return replace(base, page=page)


def _decoded(body: bytes, headers: dict[str, str], max_bytes: int) -> bytes:
    """The payload as the page's bytes: transfer and content encodings undone (wget and
    other crawlers store the bytes as received; Common Crawl stores them decoded)."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = ChunkedReader(io.BytesIO(body)).read(max_bytes + 1)
    for encoding in reversed(headers.get("content-encoding", "").lower().split(",")):
        encoding = encoding.strip()
        if encoding in _IDENTITY:
            continue
        if encoding not in _GZIP and encoding != "deflate":
            raise DecodeError(f"unsupported content-encoding {encoding!r}")
        if encoding in _GZIP and not body.startswith(b"\x1f\x8b"):
            continue  # decoded by the writer, which left the header as the server sent it
        body = _inflate(body, encoding, max_bytes)
    return body


def _inflate(body: bytes, encoding: str, max_bytes: int) -> bytes:
    # 32 + MAX_WBITS: zlib detects a gzip or zlib header by itself; raw deflate without one
    # is what some servers send as "deflate".
    for wbits in (32 + zlib.MAX_WBITS, -zlib.MAX_WBITS):
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(body, max_bytes + 1)
        except zlib.error as exc:
            if encoding == "deflate" and wbits > 0:
                continue
            raise DecodeError(f"corrupt {encoding} body: {exc}") from None
        if len(out) > max_bytes:
            raise TooLarge(f"decoded body exceeds {max_bytes} bytes")
        if not inflater.eof:
            raise DecodeError(f"{encoding} body cut short")
        return out
    raise DecodeError(f"corrupt {encoding} body")


def _iso_date(value: str | None) -> str | None:
    """``WARC-Date`` (``2024-05-01T10:00:00Z``, or ARC's ``20240501100000``) in the form the
    crawler writes ``fetched_at``; None when absent or unreadable."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value) if "-" in value else \
            datetime.strptime(value[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


def _after(last: int | None) -> str:
    """Where damage met by the reader lies: after the last good record, or from the start."""
    if last is None:
        return "at byte 0: no record could be read (not a WARC/ARC file, or damaged from the start)"
    return f"after the record at byte {last}"


def _damage(name: str, offset: int, detail: str) -> ArchiveRecord:
    error = CorruptArchive(f"corrupt archive {name}: {detail}", url=name, offset=offset)
    return ArchiveRecord(offset, "damage", error=error)
