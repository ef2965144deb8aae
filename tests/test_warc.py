"""WARC and ARC archives in: the reader (scraper.sources.warc) and ``scraper extract`` on them."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest

from scraper.errors import CorruptArchive, TooLarge
from scraper.sources.warc import WarcSkip, read_archive
from tests.cli_helpers import run_cli
from tests.warc_helpers import Response, news_page, write_warc

LEAD_TRAM = "Der Stadtrat hat am Dienstag beschlossen, die Straßenbahn in die nördlichen " \
    "Stadtteile zu verlängern, ein Vorhaben, über das seit mehr als zehn Jahren gestritten wird."
LEAD_BUDGET = "Der Haushalt für das kommende Jahr ist beschlossen: Mehr Geld fließt in Schulen " \
    "und Kitas, während die Ausgaben für Verwaltung und Repräsentation sinken sollen."


def lines(text: str | bytes) -> list[dict]:
    data = text.decode() if isinstance(text, bytes) else text
    return [json.loads(line) for line in data.splitlines() if line.strip()]


def site_archive(path: Path, gzip_records: bool = True) -> Path:
    """A small crawl: two articles (one in windows-1252 declared only by HTTP), an image,
    a redirect and a 404 page."""
    return write_warc(path, [
        Response("https://stadtkurier.example/lokal/tram",
                 news_page("Straßenbahn wird verlängert", LEAD_TRAM).encode(),
                 date="2024-05-01T10:00:00Z"),
        Response("https://stadtkurier.example/lokal/haushalt",
                 news_page("Haushalt beschlossen", LEAD_BUDGET).encode("cp1252"),
                 headers=[("Content-Type", "text/html; charset=windows-1252"),
                          ("Server", "nginx")]),
        Response("https://stadtkurier.example/img/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
                 headers=[("Content-Type", "image/png")]),
        Response("https://stadtkurier.example/alt", b"",
                 headers=[("Location", "https://stadtkurier.example/lokal/tram")],
                 status="301 Moved Permanently"),
        Response("https://stadtkurier.example/fehlt", b"<html><body>Not found</body></html>",
                 status="404 Not Found"),
    ], gzip=gzip_records)


def test_reader_yields_html_responses_with_uri_date_and_headers(tmp_path: Path) -> None:
    records = list(read_archive(site_archive(tmp_path / "site.warc.gz")))
    pages = [r.page for r in records if r.page is not None]
    assert [p.url for p in pages] == ["https://stadtkurier.example/lokal/tram",
                                      "https://stadtkurier.example/lokal/haushalt"]
    assert pages[0].fetched_at == "2024-05-01T10:00:00+00:00"
    assert pages[0].status == 200
    assert pages[1].headers["content-type"] == "text/html; charset=windows-1252"
    assert pages[1].headers["server"] == "nginx"
    skips = {r.url: r.skip for r in records if r.skip is not None}
    assert skips == {"https://stadtkurier.example/img/logo.png": WarcSkip.NOT_HTML,
                     "https://stadtkurier.example/alt": WarcSkip.STATUS,
                     "https://stadtkurier.example/fehlt": WarcSkip.STATUS}
    others = sorted(r.record_type for r in records if r.page is None and r.skip is None)
    assert others == ["metadata"] * 5 + ["request"] * 5 + ["warcinfo"]
    assert all(r.error is None for r in records)
    offsets = [r.offset for r in records]
    assert offsets == sorted(offsets) and offsets[0] == 0


def test_cli_extracts_an_archive_with_charset_from_http_and_counts_skips(tmp_path: Path) -> None:
    archive = site_archive(tmp_path / "site.warc.gz")
    out, skips = tmp_path / "out.jsonl", tmp_path / "skips.jsonl"
    result = run_cli("extract", str(archive), "-o", str(out), "--skips", str(skips),
                     "--no-progress")
    assert result.returncode == 0, result.stderr
    records = lines(out.read_text())
    assert [r["title"] for r in records] == ["Straßenbahn wird verlängert",
                                             "Haushalt beschlossen"]
    assert records[0]["url"] == "https://stadtkurier.example/lokal/tram"
    assert records[0]["fetched_at"] == "2024-05-01T10:00:00+00:00"
    assert records[0]["published"] is None  # the fetch date is not the publication date
    assert "fließt in Schulen" in records[1]["text"]  # windows-1252, from the HTTP header
    assert "Meistgelesen" not in records[0]["text"]
    kinds = sorted(line["error"]["kind"] for line in lines(skips.read_text()))
    assert kinds == ["warc_not_html", "warc_status", "warc_status"]
    summary = result.stderr.decode()
    assert "2 records, 0 errors, 3 skipped (warc_not_html 1, warc_status 2)" in summary
    assert "11 archive records that are not responses (metadata 5, request 5, warcinfo 1)" \
        in summary


def test_archive_and_files_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    site_archive(tmp_path / "in" / "a-crawl.warc.gz")
    (tmp_path / "in" / "b.html").write_text(news_page("Eine Datei", LEAD_BUDGET),
                                            encoding="utf-8")
    result = run_cli("extract", str(tmp_path / "in"), "--no-progress")
    assert result.returncode == 0, result.stderr
    assert [r["title"] for r in lines(result.stdout)] == [
        "Straßenbahn wird verlängert", "Haushalt beschlossen", "Eine Datei"]


@pytest.mark.parametrize("gzip_records", [True, False])
def test_truncated_archive_keeps_the_good_records_and_names_the_damage(
        tmp_path: Path, gzip_records: bool) -> None:
    whole = site_archive(tmp_path / "whole.warc", gzip_records)
    data = whole.read_bytes()
    records = list(read_archive(whole))
    haushalt = next(r for r in records if r.page and r.page.url.endswith("haushalt"))
    cut = tmp_path / ("cut.warc.gz" if gzip_records else "cut.warc")
    cut.write_bytes(data[:haushalt.offset + 200])  # inside the second article's record
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = run_cli("extract", str(cut), "-o", str(out), "--errors", str(errors),
                     "--no-progress")
    assert result.returncode == 1
    assert [r["title"] for r in lines(out.read_text())] == ["Straßenbahn wird verlängert"]
    [error] = lines(errors.read_text())
    assert error["url"] == str(cut)
    assert error["error"]["kind"] == "corrupt_archive"
    assert str(cut) in error["error"]["message"]
    assert f"byte {haushalt.offset}" in error["error"]["message"]
    assert b"Traceback" not in result.stderr


def test_broken_compression_mid_archive_is_reported_after_the_good_records(
        tmp_path: Path) -> None:
    whole = site_archive(tmp_path / "whole.warc.gz")
    records = list(read_archive(whole))
    haushalt = next(r for r in records if r.page and r.page.url.endswith("haushalt"))
    data = bytearray(whole.read_bytes())
    data[haushalt.offset + 40:haushalt.offset + 240] = b"\x00" * 200
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(bytes(data))
    read = list(read_archive(broken))
    assert [r.page.url for r in read if r.page] == ["https://stadtkurier.example/lokal/tram"]
    damage = read[-1].error
    assert isinstance(damage, CorruptArchive) and str(broken) in damage.message
    assert damage.offset < haushalt.offset + 240


def test_payload_encodings_are_undone_and_oversized_pages_refused(tmp_path: Path) -> None:
    page = news_page("Gepackt übertragen", LEAD_TRAM).encode()
    packed = gzip.compress(page)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(packed), packed)
    archive = write_warc(tmp_path / "wget.warc.gz", [
        Response("https://a.example/gzip", chunked, headers=[
            ("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked")]),
        Response("https://a.example/deflate", zlib.compress(page), headers=[
            ("Content-Type", "text/html"), ("Content-Encoding", "deflate")]),
        Response("https://a.example/decoded-by-writer", page, headers=[
            ("Content-Type", "text/html"), ("Content-Encoding", "gzip")]),
        Response("https://a.example/big", page * 3),
    ])
    records = [r for r in read_archive(archive, max_bytes=len(page) + 10)
               if r.record_type == "response"]
    assert [r.page.body for r in records[:3] if r.page] == [page, page, page]
    assert isinstance(records[3].error, TooLarge)


def arc_file(path: Path) -> Path:
    """An ARC v1 file, the Internet Archive's format before WARC, as its writers lay it out."""
    body = news_page("Aus dem Archiv", LEAD_TRAM).encode()
    http = (b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body
    version = b"1 0 Scraper Tests\nURL IP-address Archive-date Content-type Archive-length\n"
    header = b"filedesc://test.arc 0.0.0.0 20240501100000 text/plain %d\n" % len(version)
    record = (b"http://archiv.example/2001/tram.html 192.0.2.1 20010915083000 text/html "
              b"%d\n" % len(http)) + http
    path.write_bytes(gzip.compress(header + version + b"\n") + gzip.compress(record + b"\n"))
    return path


def test_arc_files_are_read_too(tmp_path: Path) -> None:
    archive = arc_file(tmp_path / "old.arc.gz")
    result = run_cli("extract", str(archive), "--no-progress")
    assert result.returncode == 0, result.stderr
    [record] = lines(result.stdout)
    assert record["url"] == "http://archiv.example/2001/tram.html"
    assert record["fetched_at"] == "2001-09-15T08:30:00+00:00"
    assert record["title"] == "Aus dem Archiv"


def test_missing_archive_is_an_input_error(tmp_path: Path) -> None:
    result = run_cli("extract", str(tmp_path / "nope.warc.gz"), "--no-progress")
    assert result.returncode == 1
    [error] = lines(result.stderr.decode().splitlines()[0])
    assert error["error"]["kind"] == "input" and "nope.warc.gz" in error["error"]["message"]


def test_a_cut_arc_file_keeps_what_came_before(tmp_path: Path) -> None:
    whole = arc_file(tmp_path / "old.arc.gz").read_bytes()
    cut = tmp_path / "cut.arc.gz"
    cut.write_bytes(whole[:len(whole) - 300])  # into the page's record
    records = list(read_archive(cut))
    assert [r.record_type for r in records[:-1]] == ["warcinfo"]
    damage = records[-1].error
    assert isinstance(damage, CorruptArchive) and str(cut) in damage.message


def test_a_file_that_is_no_archive_is_damage_from_byte_0(tmp_path: Path) -> None:
    fake = tmp_path / "page.warc.gz"
    fake.write_bytes(gzip.compress(news_page("Kein Archiv", LEAD_TRAM).encode()))
    result = run_cli("extract", str(fake), "--no-progress")
    assert result.returncode == 1
    [error] = lines(result.stderr.decode().splitlines()[0])
    assert error["error"]["kind"] == "corrupt_archive"
    assert "at byte 0: no record could be read" in error["error"]["message"]
