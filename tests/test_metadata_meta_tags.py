"""<meta> and <link> tags: OpenGraph, article:*, Dublin Core, citation_*, Parse.ly."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.extractor.metadata.meta_tags import read_link_tags, read_meta_tags

NEWS = """<html><head>
<meta property="og:title" content="Council approves budget">
<meta property="og:site_name" content="Example News">
<meta property="og:type" content="article">
<meta property="og:image" content="/img/budget.jpg">
<meta property="og:locale" content="en_GB">
<meta property="article:published_time" content="2023-03-01T09:00:00+00:00">
<meta property="article:modified_time" content="2023-03-01T11:30:00+00:00">
<meta property="article:author" content="https://www.facebook.com/annlee">
<meta property="article:section" content="Politics">
<meta property="article:tag" content="Budget">
<meta property="article:tag" content="Council">
<meta name="author" content="Ann Lee">
<meta name="keywords" content="budget, council, city">
<meta name="description" content="The council approved the budget.">
<link rel="canonical" href="https://news.example.com/budget">
</head><body></body></html>"""


def _first(found, field):
    return found[field][0] if found.get(field) else None


def test_news_site_og_and_article_meta() -> None:
    found = read_meta_tags(LexborHTMLParser(NEWS))
    assert _first(found, "title") == ("Council approves budget", "meta:og:title")
    assert _first(found, "published") == ("2023-03-01T09:00:00+00:00",
                                          "meta:article:published_time")
    assert _first(found, "modified")[0] == "2023-03-01T11:30:00+00:00"
    assert _first(found, "site_name") == ("Example News", "meta:og:site_name")
    assert _first(found, "section") == ("Politics", "meta:article:section")
    assert [v for v, s in found["tags"] if s == "meta:article:tag"] == ["Budget", "Council"]
    assert [v for v, s in found["tags"] if s == "meta:keywords"] == ["budget", "council", "city"]
    assert _first(found, "language") == ("en_GB", "meta:og:locale")
    assert _first(found, "page_type_hint") == ("article", "meta:og:type")
    assert _first(found, "image") == ("/img/budget.jpg", "meta:og:image")
    assert ("Ann Lee", "meta:author") in found["authors"]


def test_dublin_core_spellings_and_space_separated_properties() -> None:
    html = """<meta name="DC.title" content="Dublin title">
    <meta property="dc:creator twitter:site_name" content="Creator Name">
    <meta name="dcterms.date" content="2020-01-02">
    <meta property="og:description x:description" content="Shared">"""
    found = read_meta_tags(LexborHTMLParser(html))
    assert _first(found, "title") == ("Dublin title", "meta:dc.title")
    assert _first(found, "authors") == ("Creator Name", "meta:dc.creator")
    assert _first(found, "published") == ("2020-01-02", "meta:dc.date")
    assert _first(found, "description") == ("Shared", "meta:og:description")


def test_citation_authors_and_parsely() -> None:
    html = """<meta name="citation_author" content="Lee, Ann">
    <meta name="citation_author" content="Chu, Bo">
    <meta name="citation_publication_date" content="2019/07/04">
    <meta name="parsely-pub-date" content="2024-04-20T04:20:00.000Z">
    <meta name="parsely-page" content='{"title": "Parsely title", "section": "Tech"}'>"""
    found = read_meta_tags(LexborHTMLParser(html))
    assert [v for v, s in found["authors"] if s == "meta:citation_author"] == ["Lee, Ann",
                                                                               "Chu, Bo"]
    assert _first(found, "published") == ("2019/07/04", "meta:citation_publication_date")
    assert ("Parsely title", "meta:parsely-page") in found["title"]


def test_empty_content_is_ignored() -> None:
    found = read_meta_tags(LexborHTMLParser('<meta property="og:title" content="  ">'))
    assert not found.get("title")


def test_link_tags() -> None:
    found = read_link_tags(LexborHTMLParser(NEWS))
    assert _first(found, "canonical_url") == ("https://news.example.com/budget", "link:canonical")


def test_double_escaped_content_is_unescaped() -> None:
    html = """<meta property="article:tag" content="PG&amp;amp;E">
    <meta name="keywords" content="titan, &amp;quot;water&amp;quot;">"""
    found = read_meta_tags(LexborHTMLParser(html))
    assert found["tags"][0] == ("PG&E", "meta:article:tag")
    assert [value for value, _ in found["tags"][1:]] == ["titan", '"water"']
