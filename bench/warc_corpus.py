"""Build a WARC archive from the bench pages, for the WARC and parallel benchmarks.

Each bench page becomes a request and a response record (``http://bench.example/<set>/<id>``,
``text/html``: the pages declare their charsets themselves), the way a crawler writes
them; every ``NON_HTML_EVERY``-th page is followed by an image response and a metadata
record, which an extraction run must skip. Pages repeat (with a new URL each time) until
``records`` response records are written. Archives are built under /tmp, never in the repo.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

__all__ = ["BENCH_DIR", "bench_pages", "build_warc"]

BENCH_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"

#: One image and one metadata record after every this many pages: Common Crawl's WARCs hold
#: mostly HTML responses with a few others, which the reader must step over.
NON_HTML_EVERY = 10

_PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


def bench_pages(bench_dir: Path = BENCH_DIR) -> list[tuple[str, bytes]]:
    """(name, HTML bytes) of the Scrapinghub and Mozilla bench pages, in a stable order."""
    pages: list[tuple[str, bytes]] = []
    for path in sorted((bench_dir / "scrapinghub" / "html").glob("*.html.gz")):
        pages.append((f"scrapinghub/{path.name[:16]}", gzip.decompress(path.read_bytes())))
    for path in sorted((bench_dir / "mozilla" / "pages").glob("*/source.html")):
        pages.append((f"mozilla/{path.parent.name}", path.read_bytes()))
    if not pages:
        raise SystemExit(f"no bench pages under {bench_dir} (see bench/README.md)")
    return pages


def _records(pages: list[tuple[str, bytes]], records: int) -> Iterator[tuple[str, bytes, int]]:
    for n in range(records):
        name, body = pages[n % len(pages)]
        yield f"http://bench.example/{name}?copy={n // len(pages)}", body, n


def build_warc(path: Path, records: int, pages: list[tuple[str, bytes]] | None = None,
               gzip_records: bool = True) -> Path:
    """Write ``records`` HTML response records (plus their requests and the skippable
    records) to ``path``; returns it."""
    pages = pages or bench_pages()
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip_records)
        for url, body, n in _records(pages, records):
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "bench.example"),
                                                          ("User-Agent", "scraper-bench")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), http_headers=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                                  ("Content-Length", str(len(body)))],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers))
            if n % NON_HTML_EVERY == NON_HTML_EVERY - 1:
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")],
                                         protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"http://bench.example/img/{n}.png", "response", payload=io.BytesIO(_PNG),
                    http_headers=image))
                writer.write_record(writer.create_warc_record(
                    url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                    warc_content_type="application/warc-fields"))
    return path
