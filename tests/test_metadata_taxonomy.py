"""Visible tags, category links and breadcrumbs."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.extractor.metadata.taxonomy import read_visible_section, read_visible_tags

PAGE = """<body><nav class="main-menu"><ul>
<li class="menu-item"><a href="https://example.org/category/local-news/">Local News</a></li>
<li class="menu-item"><a href="https://example.org/tag/elections/">Elections</a></li></ul></nav>
<article><div class="entry-categories"><a href="https://example.org/category/schools/"
 rel="category tag">Schools</a></div><h1>New school opens</h1><p>Text.</p>
<div class="c-tags"><span>Topics:</span> <a href="/thema/bildung">Education</a>
<a href="/thema/neubau">New buildings</a></div>
<span class="tags-links"><a href="https://example.org/tag/eastbank/" rel="tag">#Eastbank</a></span>
</article>
<aside class="widget widget_tag_cloud"><a href="https://example.org/tag/weather/">weather</a></aside>
</body>"""


def test_visible_tags_from_tag_boxes_and_rel_tag() -> None:
    found = read_visible_tags(LexborHTMLParser(PAGE))
    assert [value for value, _ in found["tags"]] == ["Education", "New buildings", "Eastbank"]
    assert {source for _, source in found["tags"]} == {"tag-links"}


def test_section_from_category_link_not_menu() -> None:
    found = read_visible_section(LexborHTMLParser(PAGE))
    assert found["section"][0] == ("Schools", "category-link")


def test_section_from_breadcrumbs() -> None:
    marked = """<ol class="breadcrumb"><li><a href="/">トップ</a></li>
    <li><a href="/local">地域</a></li><li>記事</li></ol>"""
    assert read_visible_section(LexborHTMLParser(marked))["section"] == [("地域", "breadcrumb")]
    unmarked = """<div><span class="small"><a href="/">Home</a> &gt; <a href="/news/">News</a>
    &gt; <a href="/news/environment/">Environment</a></span></div>"""
    assert read_visible_section(LexborHTMLParser(unmarked))["section"] == [
        ("Environment", "breadcrumb")]


def test_breadcrumb_link_to_another_host_is_not_a_section() -> None:
    docs = """<html><head><link rel="canonical" href="https://docs.example.dev/guide/retries/">
    </head><body><ul class="wy-breadcrumbs"><li><a href="../.." aria-label="Docs"></a></li>
    <li class="breadcrumb-item">User guide</li><li class="wy-breadcrumbs-aside">
    <a href="https://github.com/example/repo/edit/main/docs/retries.md">Edit on GitHub</a>
    </li></ul></body></html>"""
    assert not read_visible_section(LexborHTMLParser(docs))


def test_nothing_visible() -> None:
    assert not read_visible_tags(LexborHTMLParser("<p>Plain</p>"))
    assert not read_visible_section(LexborHTMLParser("<p>Plain</p>"))
