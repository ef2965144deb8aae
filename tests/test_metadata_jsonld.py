"""JSON-LD: graphs, references, nested objects and broken scripts."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.extractor.metadata.candidates import ORG_AUTHORS
from scraper.extractor.metadata.jsonld import read_jsonld

YOAST = """<html><head><script type="application/ld+json" class="yoast-schema-graph">
{"@context":"https://schema.org","@graph":[
 {"@type":"Article","@id":"https://blog.example.org/tram/#article",
  "isPartOf":{"@id":"https://blog.example.org/tram/"},
  "author":{"name":"Jane Doe","@id":"https://blog.example.org/#/schema/person/1"},
  "headline":"Tram line extended to the north","datePublished":"2024-05-17T08:30:00+02:00",
  "dateModified":"2024-05-18T10:00:00+02:00","publisher":{"@id":"https://blog.example.org/#org"},
  "image":{"@id":"https://blog.example.org/tram/#primaryimage"},
  "keywords":["Transport","City council"],"articleSection":["Local news"],"inLanguage":"en-US"},
 {"@type":"WebPage","@id":"https://blog.example.org/tram/","url":"https://blog.example.org/tram/",
  "name":"Tram line extended to the north - Example Blog",
  "isPartOf":{"@id":"https://blog.example.org/#website"},"inLanguage":"en-US"},
 {"@type":"ImageObject","@id":"https://blog.example.org/tram/#primaryimage",
  "url":"https://blog.example.org/wp-content/uploads/tram.jpg"},
 {"@type":"WebSite","@id":"https://blog.example.org/#website","name":"Example Blog"},
 {"@type":"Organization","@id":"https://blog.example.org/#org","name":"Example Media Ltd"},
 {"@type":"Person","@id":"https://blog.example.org/#/schema/person/1","name":"Jane Doe"}
]}</script></head><body></body></html>"""


def _values(found, field):
    return [value for value, _ in found.get(field, [])]


def test_yoast_graph_with_references() -> None:
    found = read_jsonld(LexborHTMLParser(YOAST))
    assert _values(found, "title")[0] == "Tram line extended to the north"
    assert _values(found, "authors") == ["Jane Doe"]
    assert _values(found, "published")[0] == "2024-05-17T08:30:00+02:00"
    assert _values(found, "modified")[0] == "2024-05-18T10:00:00+02:00"
    assert _values(found, "site_name")[0] == "Example Media Ltd"
    assert "Example Blog" in _values(found, "site_name")
    assert _values(found, "image")[0] == "https://blog.example.org/wp-content/uploads/tram.jpg"
    assert _values(found, "tags") == ["Transport", "City council"]
    assert _values(found, "section") == ["Local news"]
    assert _values(found, "language")[0] == "en-US"
    assert _values(found, "page_type_hint") == ["article"]
    assert {source for _, source in found["title"]} == {"json-ld"}


def test_news_article_array_with_several_authors_and_org() -> None:
    html = """<script type="application/ld+json">[
      {"@context":"http://schema.org","@type":"BreadcrumbList","itemListElement":[]},
      {"@context":"http://schema.org","@type":["NewsArticle"],
       "headline":"Council approves budget",
       "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chu"},
                 {"@type":"Organization","name":"Example Wire"}],
       "mainEntityOfPage":{"@type":"WebPage","@id":"https://news.example.com/budget"},
       "publisher":{"@type":"NewsMediaOrganization","name":"Example News"},
       "datePublished":"2023-03-01T09:00:00Z"}]</script>"""
    found = read_jsonld(LexborHTMLParser(html))
    assert _values(found, "authors") == ["Ann Lee", "Bo Chu"]
    assert _values(found, ORG_AUTHORS) == ["Example Wire"]
    assert _values(found, "canonical_url")[0] == "https://news.example.com/budget"
    assert _values(found, "page_type_hint") == ["newsarticle"]


def test_article_preferred_over_embedded_video() -> None:
    html = """<script type="application/ld+json">{"@type":"VideoObject",
      "name":"Clip of something else","uploadDate":"2024-01-01"}</script>
      <script type="application/ld+json">{"@context":{"@vocab":"http://schema.org/"},
      "@type":"NewsArticle","headline":"The real article"}</script>"""
    found = read_jsonld(LexborHTMLParser(html))
    assert _values(found, "title")[0] == "The real article"


def test_broken_scripts_are_repaired_or_skipped() -> None:
    html = """<script type="application/ld+json"><!--
      {"@type": "BlogPosting", "headline": "Trailing commas",
       "author": {"@type": "Person", "name": "Jane Doe",},
       "description": "line one
    line two",}
    --></script>
    <script type="application/ld+json">{"@type": "Article", "headline": </script>"""
    found = read_jsonld(LexborHTMLParser(html))
    assert _values(found, "title") == ["Trailing commas"]
    assert _values(found, "authors") == ["Jane Doe"]
    assert _values(found, "description") == ["line one line two"]


def test_escaped_text_and_given_family_names() -> None:
    html = """<script type="application/ld+json">{"@type":"Article",
      "headline":"Bike &amp; Style &#8211; reviewed",
      "author":{"@type":"Person","givenName":"Ann","familyName":"Lee"}}</script>"""
    found = read_jsonld(LexborHTMLParser(html))
    assert _values(found, "title") == ["Bike & Style – reviewed"]
    assert _values(found, "authors") == ["Ann Lee"]


def test_no_jsonld() -> None:
    assert not read_jsonld(LexborHTMLParser("<p>plain</p>"))


def test_odd_shapes_do_not_crash() -> None:
    html = """<script type="application/ld+json">{"@graph": {"@type": 5}}</script>
    <script type="application/ld+json">[1, "two", null, {"@type": "Article",
      "headline": {"@value": "Valued headline"}, "author": [3, null, {"name": ["Ann Lee"]}],
      "keywords": {"a": 1}, "image": [{"@type": "ImageObject"}],
      "publisher": "Just a string", "inLanguage": {"@type": "Language", "name": "English"},
      "datePublished": 20240101, "mainEntityOfPage": [], "articleSection": 7}]</script>
    <script type="application/ld+json"></script>
    <script type="application/ld+json">null</script>"""
    found = read_jsonld(LexborHTMLParser(html))
    assert _values(found, "title") == ["Valued headline"]
    assert _values(found, "authors") == ["Ann Lee"]
    assert _values(found, "language") == ["English"]
    assert not found.get("published")
