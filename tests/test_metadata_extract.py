"""extract_metadata: every source merged in order of trust, with provenance."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.extractor.metadata import extract_metadata
from scraper.parse import parse

WORDPRESS = """<!DOCTYPE html><html lang="en-US"><head>
<title>Tram line extended to the north - Example Blog</title>
<meta property="og:title" content="Tram line extended to the north">
<meta property="og:site_name" content="Example Blog">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-05-17T06:30:00+00:00">
<meta name="author" content="wpadmin">
<link rel="canonical" href="/2024/05/17/tram/">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"Article","@id":"https://blog.example.org/2024/05/17/tram/#article",
  "author":{"@id":"https://blog.example.org/#/schema/person/1"},
  "headline":"Tram line extended to the north","datePublished":"2024-05-17T06:30:00+00:00",
  "dateModified":"2024-05-18T10:00:00+02:00","publisher":{"@id":"https://blog.example.org/#org"},
  "keywords":["Transport"],"inLanguage":"en-US"},
 {"@type":"Organization","@id":"https://blog.example.org/#org","name":"Example Blog"},
 {"@type":"Person","@id":"https://blog.example.org/#/schema/person/1","name":"Jane Doe"}]}
</script></head><body><article><h1>Tram line extended to the north</h1>
<p class="byline">By Someone Else</p><p>Text.</p></article></body></html>"""
URL = "https://blog.example.org/2024/05/17/tram/"


def test_wordpress_page_json_ld_first() -> None:
    meta = extract_metadata(parse(WORDPRESS), URL)
    assert meta.title == "Tram line extended to the north"
    assert meta.authors == ["Jane Doe"]
    assert meta.published == "2024-05-17T06:30:00+00:00"
    assert meta.modified == "2024-05-18T10:00:00+02:00"
    assert meta.site_name == "Example Blog"
    assert meta.language == "en-US"
    assert meta.tags == ["Transport"]
    assert meta.canonical_url == URL
    assert meta.page_type_hint == "article"
    assert meta.sources == {
        "title": "json-ld", "authors": "json-ld", "published": "json-ld",
        "modified": "json-ld", "site_name": "json-ld", "language": "html-lang",
        "tags": "json-ld", "canonical_url": "link:canonical", "page_type_hint": "json-ld",
    }


def test_tree_is_not_modified() -> None:
    tree = parse(WORDPRESS)
    before = tree.html
    extract_metadata(tree, URL)
    assert tree.html == before


def test_broken_json_ld_falls_back_to_other_sources() -> None:
    html = """<html><head><title>Council approves budget | Example News</title>
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Cut off</script>
    <meta property="og:title" content="Council approves budget">
    <meta property="article:published_time" content="2023-03-01T09:00:00-05:00">
    <meta property="og:site_name" content="Example News">
    </head><body><article><h1>Council approves budget</h1>
    <div class="byline">By Ann Lee and Bo Chu, Staff Writers</div></article></body></html>"""
    meta = extract_metadata(parse(html), "https://news.example.com/budget")
    assert meta.title == "Council approves budget"
    assert meta.sources["title"] == "meta:og:title"
    assert meta.authors == ["Ann Lee", "Bo Chu"]
    assert meta.sources["authors"] == "byline"
    assert meta.published == "2023-03-01T09:00:00-05:00"


def test_blog_with_only_visible_byline_and_time() -> None:
    html = """<html><head><title>Notes from the allotment | Ann's Garden</title></head><body>
    <header><div class="site-title">Ann's Garden</div></header>
    <article><h1>Notes from the allotment</h1>
    <p class="entry-meta">Posted by <a rel="author" href="/about">Ann Lee</a> on
    <time datetime="2021-09-03">3 September 2021</time></p><p>Text.</p></article></body></html>"""
    meta = extract_metadata(parse(html), "https://anns.example.net/notes")
    assert meta.title == "Notes from the allotment"
    assert meta.sources["title"] == "h1"
    assert meta.site_name == "Ann's Garden"
    assert meta.sources["site_name"] == "title-suffix"
    assert meta.authors == ["Ann Lee"]
    assert meta.published == "2021-09-03"
    assert meta.sources["published"] == "time"


def test_url_date_is_the_last_resort() -> None:
    html = "<html><head><title>Short note</title></head><body><p>Hi.</p></body></html>"
    meta = extract_metadata(parse(html), "https://example.com/2019/11/18/short-note/")
    assert meta.published == "2019-11-18"
    assert meta.sources["published"] == "url"
    assert meta.site_name == "example.com"
    assert meta.sources["site_name"] == "host"


def test_future_and_stray_dates_rejected() -> None:
    html = """<html><head><meta property="article:published_time" content="2999-01-01">
    <meta name="date" content="1970-01-01"><meta name="pubdate" content="2020-02-02">
    </head><body></body></html>"""
    meta = extract_metadata(parse(html), None)
    assert meta.published == "2020-02-02"
    assert meta.sources["published"] == "meta:pubdate"


def test_modified_before_published_is_dropped() -> None:
    html = """<meta property="article:published_time" content="2020-02-02T10:00:00+00:00">
    <meta property="article:modified_time" content="2020-02-01T10:00:00+00:00"><p>x</p>"""
    meta = extract_metadata(parse(html), None)
    assert meta.published == "2020-02-02T10:00:00+00:00"
    assert meta.modified is None


def test_utc_json_ld_date_takes_the_pages_own_offset() -> None:
    html = """<script type="application/ld+json">{"@type":"NewsArticle","headline":"H",
    "datePublished":"2017-02-24T01:18:13Z"}</script>
    <meta property="article:published_time" content="2017-02-23T17:18:13-08:00"><p>x</p>"""
    meta = extract_metadata(parse(html), None)
    assert meta.published == "2017-02-23T17:18:13-08:00"


def test_organisation_author_only_without_a_person() -> None:
    html = """<script type="application/ld+json">{"@type":"Article","headline":"H",
    "author":{"@type":"Organization","name":"Contributors to Example projects"}}</script>
    <p>x</p>"""
    assert extract_metadata(parse(html), None).authors == ["Contributors to Example projects"]
    html_with_person = html.replace("<p>x</p>", '<p class="byline">By Ann Lee</p>')
    assert extract_metadata(parse(html_with_person), None).authors == ["Ann Lee"]


def test_site_name_is_not_a_person_when_a_person_is_known() -> None:
    html = """<meta property="og:site_name" content="Example News">
    <meta name="author" content="Example News"><p class="byline">By Ann Lee</p>"""
    meta = extract_metadata(parse(html), None)
    assert meta.authors == ["Ann Lee"]


def test_language_fallbacks_and_absolute_urls() -> None:
    html = """<html><head><meta http-equiv="content-language" content="pt-br">
    <base href="https://cdn.example.com/a/"><meta property="og:image" content="img/lead.jpg">
    </head><body></body></html>"""
    meta = extract_metadata(parse(html), "https://example.com/story")
    assert meta.language == "pt-BR"
    assert meta.sources["language"] == "meta:content-language"
    assert meta.image == "https://cdn.example.com/a/img/lead.jpg"
    no_base = extract_metadata(LexborHTMLParser('<meta property="og:image" content="/x.jpg">'),
                               None)
    assert no_base.image is None


def test_empty_page() -> None:
    meta = extract_metadata(LexborHTMLParser("<html><body></body></html>"), None)
    assert meta.title is None and meta.authors == [] and meta.sources == {}
