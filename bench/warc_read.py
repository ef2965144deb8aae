"""WARC reading speed: warcio against FastWARC on the same archive, in one run.

Builds a WARC from the bench pages under /tmp (gzip per record, as Common Crawl ships them,
and uncompressed), then reads it with each library the way ``scraper.sources.warc`` needs:
every record's type, target URI and date, and for HTML responses the HTTP status, headers
and whole body. Prints MB/s and records/s, best of ``--repeat`` passes.

    python bench/warc_read.py --records 5000 --repeat 3
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.warc_corpus import build_warc


def read_warcio(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh, arc2warc=True):
            uri = record.rec_headers.get_header("WARC-Target-URI")
            date = record.rec_headers.get_header("WARC-Date")
            if record.rec_type == "response" and record.http_headers is not None:
                ctype = record.http_headers.get_header("Content-Type") or ""
                if "html" in ctype:
                    body = record.content_stream().read()
                    headers = dict(record.http_headers.headers)
                    n += bool(uri and date and body and headers)
    return n


def read_fastwarc(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh, parse_http=True, auto_decode="all"):
            uri = record.headers.get("WARC-Target-URI")
            date = record.headers.get("WARC-Date")
            if record.record_type == WarcRecordType.response and record.is_http:
                ctype = record.http_headers.get("Content-Type") or ""
                if "html" in ctype:
                    body = record.reader.read()
                    headers = dict(record.http_headers.items())
                    n += bool(uri and date and body and headers)
    return n


READERS: dict[str, Callable[[Path], int]] = {"warcio": read_warcio, "fastwarc": read_fastwarc}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scraper-warc-bench-") as tmp:
        for gz in (True, False):
            path = build_warc(Path(tmp) / f"bench.warc{'.gz' if gz else ''}", args.records,
                              gzip_records=gz)
            size = path.stat().st_size / 1e6
            print(f"{path.name}: {args.records} HTML responses, {size:.1f} MB")
            for name, reader in READERS.items():
                best = float("inf")
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    count = reader(path)
                    best = min(best, time.perf_counter() - started)
                assert count == args.records, (name, count)
                print(f"  {name:9} {best:6.2f} s  {size / best:7.1f} MB/s  "
                      f"{count / best:8.0f} pages/s")


if __name__ == "__main__":
    main()
