"""Sitemaps and feeds read from their bytes: formats, dates, damage, hostile XML."""

from __future__ import annotations

import gzip
import resource
import time
import tracemalloc

import pytest

from scraper.errors import MalformedXML, TooLarge, UnsafeXML
from scraper.sources.dates import parse_source_date
from scraper.sources.feed import parse_feed
from scraper.sources.sitemap import MAX_SITEMAP_BYTES, SitemapEntry, parse_sitemap
from scraper.sources.xmlsafe import check_prolog
from tests.sitefiles import (
    BILLION_LAUGHS,
    atom_blogger,
    atom_github,
    news_sitemap,
    rss_wordpress,
    sitemap_index,
    urlset,
)

BASE = "https://gazette.example"

XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       b'<rss version="2.0"><channel><title>&xxe;</title><item><link>https://a.example/1'
       b'</link></item></channel></rss>')

#: One entity of 10 KB used 10,000 times: 100 MB if expanded, with no nesting at all (the
#: declarations feedparser itself would let through).
QUADRATIC = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "' + b"x" * 10_000 + b'">]>\n'
             b'<rss version="2.0"><channel><item><title>' + b"&a;" * 10_000 +
             b"</title><link>https://a.example/1</link></item></channel></rss>")


def test_urlset_keeps_loc_and_lastmod_and_ignores_image_locs() -> None:
    body = urlset([(f"{BASE}/2024/05/council-budget/", "2024-05-01T09:30:00+00:00"),
                   (f"{BASE}/2024/05/bridge-repairs/", None)])
    sitemap = parse_sitemap(body, f"{BASE}/post-sitemap.xml")
    assert sitemap.kind == "urlset" and sitemap.error is None
    assert sitemap.entries == [
        SitemapEntry(f"{BASE}/2024/05/council-budget/", "2024-05-01T09:30:00+00:00"),
        SitemapEntry(f"{BASE}/2024/05/bridge-repairs/")]


def test_sitemap_index_lists_children_gzipped_or_not() -> None:
    body = sitemap_index([(f"{BASE}/post-sitemap.xml.gz", "2024-06-01T10:00:00+00:00"),
                          (f"{BASE}/page-sitemap.txt", None)])
    for data in (body, gzip.compress(body)):
        sitemap = parse_sitemap(data, f"{BASE}/sitemap_index.xml")
        assert sitemap.kind == "index" and not sitemap.entries and sitemap.error is None
        assert [c.url for c in sitemap.children] == [f"{BASE}/post-sitemap.xml.gz",
                                                     f"{BASE}/page-sitemap.txt"]
        assert sitemap.children[0].lastmod == "2024-06-01T10:00:00+00:00"


def test_news_sitemap_keeps_publication_date_and_title() -> None:
    body = news_sitemap([(f"{BASE}/a", "2024-06-03T07:15:00+02:00", "Flood warning lifted")])
    (entry,) = parse_sitemap(body, f"{BASE}/news-sitemap.xml").entries
    assert (entry.published, entry.title) == ("2024-06-03T07:15:00+02:00",
                                              "Flood warning lifted")


def test_text_sitemap_one_url_a_line_with_bom_and_blank_lines() -> None:
    body = f"\ufeff{BASE}/a\r\n\r\n{BASE}/b\n  {BASE}/c  \n".encode()
    sitemap = parse_sitemap(body, f"{BASE}/sitemap.txt")
    assert sitemap.kind == "text"
    assert [e.url for e in sitemap.entries] == [f"{BASE}/a", f"{BASE}/b", f"{BASE}/c"]


def test_malformed_sitemap_keeps_every_entry_before_the_damage() -> None:
    body = urlset([(f"{BASE}/p/{n}", None) for n in range(50)])
    cut = body.index(b"/p/37<")
    damaged = body[:cut] + b"/p/37</loc><lastmod>2024</url>\n<url><loc>" + body[cut:]
    sitemap = parse_sitemap(damaged, f"{BASE}/post-sitemap.xml")
    assert [e.url for e in sitemap.entries] == [f"{BASE}/p/{n}" for n in range(37)]
    assert isinstance(sitemap.error, MalformedXML)
    assert f"{BASE}/post-sitemap.xml is not well-formed XML at line" in sitemap.error.message
    assert "mismatched tag" in sitemap.error.message


def test_truncated_gzip_sitemap_keeps_the_entries_inflated_before_the_cut() -> None:
    body = gzip.compress(urlset([(f"{BASE}/p/{n}", None) for n in range(5000)]))
    sitemap = parse_sitemap(body[:len(body) // 2], f"{BASE}/post-sitemap.xml.gz")
    assert 1000 < len(sitemap.entries) < 5000
    assert [e.url for e in sitemap.entries] == [f"{BASE}/p/{n}"
                                                for n in range(len(sitemap.entries))]
    assert isinstance(sitemap.error, MalformedXML)
    assert "gzip stream is truncated" in sitemap.error.message


def test_gzip_bomb_sitemap_stops_at_the_protocol_limit() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (MAX_SITEMAP_BYTES + 1024))
    assert len(bomb) < 100_000
    sitemap = parse_sitemap(bomb, f"{BASE}/bomb.xml.gz")
    assert isinstance(sitemap.error, TooLarge)
    assert "bomb.xml.gz is larger than 52428800 bytes" in sitemap.error.message


def test_wrong_root_is_named() -> None:
    sitemap = parse_sitemap(b"<html><body><p>Not found</p></body></html>", f"{BASE}/s.xml")
    assert isinstance(sitemap.error, MalformedXML) and "<html>" in sitemap.error.message


@pytest.mark.parametrize("document", [BILLION_LAUGHS, XXE, QUADRATIC],
                         ids=["billion-laughs", "xxe", "quadratic"])
def test_entity_documents_are_refused_fast_in_little_memory(document: bytes) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    sitemap = parse_sitemap(document, f"{BASE}/evil.xml")
    feed = parse_feed(document, f"{BASE}/evil.rss")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    for error in (sitemap.error, feed.error):
        assert isinstance(error, UnsafeXML), error
        assert "entity declarations are refused" in error.message
    assert f"{BASE}/evil.xml declares the entity" in str(sitemap.error)
    assert f"{BASE}/evil.rss declares the entity" in str(feed.error)
    assert not sitemap.entries and not feed.entries
    # Expanding would take gigabytes and minutes; refusing takes the prolog's bytes. The
    # bounds are loose on purpose: this asserts "not expanded", the figures are in the
    # report (about 0.3 ms and 30 KB).
    assert elapsed < 2.0
    assert peak < 5 * 1024 * 1024
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2 * 1024 * 1024  # KiB


def test_plain_doctype_is_not_an_entity_declaration() -> None:
    rss091 = (b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD '
              b'RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
              b'<rss version="0.91"><channel><title>Old</title><link>https://old.example/'
              b'</link><item><title>Hello</title><link>https://old.example/hello.html</link>'
              b'</item></channel></rss>')
    check_prolog(rss091, "x")
    feed = parse_feed(rss091, "https://old.example/rss.xml")
    assert feed.error is None and feed.kind.startswith("rss091")
    assert [e.url for e in feed.entries] == ["https://old.example/hello.html"]


def test_wordpress_rss_items_with_dc_creator_and_dates() -> None:
    body = rss_wordpress(BASE, [
        ("/2024/06/ferry-timetable/", "Ferry timetable changes", "Tue, 04 Jun 2024 09:12:44 "
         "+0000", "Maria Lopez"),
        ("/2024/06/market-returns/", "Market returns", "Mon, 03 Jun 2024 17:40:02 +0200",
         "Tom Reyes")])
    feed = parse_feed(body, f"{BASE}/feed/")
    assert feed.kind == "rss20" and feed.error is None
    first, second = feed.entries
    assert first.url == f"{BASE}/2024/06/ferry-timetable/"
    assert first.authors == ("Maria Lopez",)
    assert first.published == "Tue, 04 Jun 2024 09:12:44 +0000" and first.modified is None
    assert second.authors == ("Tom Reyes",) and second.title == "Market returns"


def test_rss_1_0_rdf_items() -> None:
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://slash.example/"><title>Slash</title><link>https://slash.example/</link>
<items><rdf:Seq><rdf:li rdf:resource="https://slash.example/story/1"/></rdf:Seq></items></channel>
<item rdf:about="https://slash.example/story/1"><title>Story</title>
<link>https://slash.example/story/1</link><dc:creator>timothy</dc:creator>
<dc:date>2024-06-01T12:00:00+00:00</dc:date></item></rdf:RDF>"""
    feed = parse_feed(body, "https://slash.example/index.rss")
    assert feed.kind == "rss10" and feed.error is None
    (entry,) = feed.entries
    assert (entry.url, entry.authors) == ("https://slash.example/story/1", ("timothy",))
    # dc:date is feedparser's "updated": a page with none of its own gets it as its date.
    assert parse_source_date(entry.modified) == parse_source_date("2024-06-01T12:00:00Z")


def test_atom_feeds_from_github_and_blogger_use_the_alternate_link() -> None:
    github = parse_feed(atom_github(BASE, [("v2.1.0", "2024-06-01T10:00:00Z", "octocat")]),
                        f"{BASE}/releases.atom")
    assert github.kind == "atom10"
    assert [(e.url, e.authors) for e in github.entries] == [
        (f"{BASE}/releases/tag/v2.1.0", ("octocat",))]
    blogger = parse_feed(atom_blogger(BASE, [
        ("/2024/06/heron-count.html", "Heron count", "2024-06-02T08:00:00.001-07:00",
         "Ann Field")]), f"{BASE}/feeds/posts/default")
    (entry,) = blogger.entries
    assert entry.url == f"{BASE}/2024/06/heron-count.html"
    assert entry.published == "2024-06-02T08:00:00.001-07:00"
    assert entry.authors == ("Ann Field",)


def test_feed_broken_half_way_keeps_the_items_before() -> None:
    body = rss_wordpress(BASE, [(f"/p/{n}/", f"Post {n}", "Tue, 04 Jun 2024 09:12:44 +0000",
                                 "Maria Lopez") for n in range(6)])
    cut = body.index(b"<item>", body.index(b"/p/3/"))
    feed = parse_feed(body[:cut] + b"<item><title>Broken & <b>", f"{BASE}/feed/")
    assert [e.url for e in feed.entries][:4] == [f"{BASE}/p/{n}/" for n in range(4)]
    assert isinstance(feed.error, MalformedXML)
    assert f"{BASE}/feed/ is not well-formed XML at line" in feed.error.message


def test_a_web_page_is_not_a_feed() -> None:
    feed = parse_feed(b"<!DOCTYPE html><html><body><p>Hello</p></body></html>",
                      f"{BASE}/news/")
    assert not feed.entries and feed.error is not None
    assert "is not an RSS or Atom feed" in feed.error.message or \
        "not well-formed" in feed.error.message


def test_feed_given_as_a_sitemap_is_read_as_a_feed() -> None:
    sitemap = parse_sitemap(atom_github(BASE, [("v1", "2024-06-01T10:00:00Z", "octocat")]),
                            f"{BASE}/releases.atom")
    assert sitemap.kind == "feed:atom10"
    assert [(e.url, e.lastmod) for e in sitemap.entries] == [
        (f"{BASE}/releases/tag/v1", "2024-06-01T10:00:00Z")]


def test_source_dates() -> None:
    assert parse_source_date("2024-05-01").isoformat() == "2024-05-01T00:00:00+00:00"
    assert parse_source_date("Tue, 04 Jun 2024 09:12:44 +0200").isoformat() == \
        "2024-06-04T09:12:44+02:00"
    assert parse_source_date("not a date") is None and parse_source_date("") is None
