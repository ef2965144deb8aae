"""Microdata: itemprop values, nested author items, comments skipped."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.extractor.metadata.candidates import ORG_AUTHORS
from scraper.extractor.metadata.microdata import read_microdata

PAGE = """<article itemscope itemtype="https://schema.org/BlogPosting">
<h1 itemprop="headline">Growing tomatoes on a balcony</h1>
<span itemprop="author" itemscope itemtype="https://schema.org/Person">
  by <a href="/about"><span itemprop="name">Ann Lee</span></a></span>
<time itemprop="datePublished" datetime="2022-06-10T07:00:00+01:00">10 June</time>
<meta itemprop="dateModified" content="2022-06-11">
<div itemprop="publisher" itemscope itemtype="https://schema.org/Organization">
  <meta itemprop="name" content="Balcony Gardens"></div>
<p>Text.</p>
<div itemprop="comment" itemscope itemtype="https://schema.org/Comment">
  <span itemprop="author">Spammy Commenter</span>
  <time itemprop="datePublished" datetime="2023-01-01">later</time></div>
</article>"""


def test_blog_posting_microdata() -> None:
    found = read_microdata(LexborHTMLParser(PAGE))
    assert found["title"] == [("Growing tomatoes on a balcony", "microdata")]
    assert [value for value, _ in found["authors"]] == ["Ann Lee"]
    assert [value for value, _ in found["published"]] == ["2022-06-10T07:00:00+01:00"]
    assert [value for value, _ in found["modified"]] == ["2022-06-11"]
    assert [value for value, _ in found["site_name"]] == ["Balcony Gardens"]


def test_organization_author() -> None:
    html = """<div itemprop="author" itemscope itemtype="http://schema.org/Organization">
      <span itemprop="name">Example Wire</span></div>"""
    found = read_microdata(LexborHTMLParser(html))
    assert [value for value, _ in found[ORG_AUTHORS]] == ["Example Wire"]
    assert not found.get("authors")
