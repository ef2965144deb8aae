"""Visible bylines and datelines."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.extractor.metadata.byline import read_bylines, read_datelines

BLOG = """<html><body>
<nav><a rel="author" href="/team">Our authors</a></nav>
<article><header><h1>Notes from the allotment</h1>
<p class="post-byline">By <a href="/u/ann">Ann Lee</a> and <a href="/u/bo">Bo Chu</a></p>
<p class="post-meta"><time datetime="2021-09-03T18:20:00+02:00">3 Sept 2021</time>
<span class="updated-date"><time class="updated" datetime="2021-09-05">5 Sept</time></span></p>
</header><p>Text of the post.</p>
<div class="author-bio">Ann Lee grows vegetables and writes about it every week for this blog and
for two local newspapers, and has done so since the turn of the century.</div>
</article>
<aside class="sidebar"><div class="byline">Zed Sidebar</div>
<time datetime="2024-01-01">Recent</time></aside>
<ol class="comment-list"><li><cite class="comment-author">Spammy Commenter</cite></li></ol>
</body></html>"""


def test_byline_names_from_article_not_nav_sidebar_or_comments() -> None:
    found = read_bylines(LexborHTMLParser(BLOG))
    assert len(found["authors"]) == 1
    raw, source = found["authors"][0]
    assert source == "byline"
    assert "Ann Lee" in raw and "Bo Chu" in raw


def test_rel_author_link() -> None:
    html = """<div class="entry-meta"><address class="vcard">
      <a rel="author" href="/author/mike/">Mike Conley</a></address></div>"""
    assert read_bylines(LexborHTMLParser(html))["authors"] == [("Mike Conley", "byline")]


def test_authority_class_is_not_an_author() -> None:
    html = '<div class="authority-control">Authority control</div>'
    assert not read_bylines(LexborHTMLParser(html)).get("authors")


def test_time_elements_in_article() -> None:
    found = read_datelines(LexborHTMLParser(BLOG))
    assert found["published"][0] == ("2021-09-03T18:20:00+02:00", "time")
    assert ("2021-09-05", "time") in found["modified"]
    assert all(value != "2024-01-01" for value, _ in found["published"])


def test_dateline_text() -> None:
    html = """<div class="article-header"><span class="dateline">Posted March 25, 2015</span>
    </div>"""
    assert read_datelines(LexborHTMLParser(html))["published"] == [("2015-03-25", "dateline")]


def test_byline_in_the_articles_own_footer_but_not_the_sites() -> None:
    html = """<body><article><h1>Post</h1><p>Text.</p>
    <footer class="entry-footer"><span class="byline">Posted by
    <span class="author vcard"><a href="/u/ann">Ann Lee</a></span></span></footer></article>
    <footer id="site-footer"><span class="author">Theme Author</span></footer></body>"""
    assert read_bylines(LexborHTMLParser(html))["authors"][0][0].split() == [
        "Posted", "by", "Ann", "Lee"]
    site_only = """<body><div id="page"><p>Text.</p></div>
    <div class="site-footer"><span class="author">Theme Author</span></div></body>"""
    assert not read_bylines(LexborHTMLParser(site_only)).get("authors")


def test_meta_line_gives_person_shaped_names_only() -> None:
    html = """<article><h1>Rebuilding my home server</h1><div class="post-meta">
    <time datetime="2024-08-19">August 19, 2024</time>&nbsp;·&nbsp;7 min&nbsp;·&nbsp;1412 words
    &nbsp;·&nbsp;Jonas Brandt</div><p>Text.</p></article>"""
    assert read_bylines(LexborHTMLParser(html))["authors"] == [("Jonas Brandt", "meta-line")]
    no_name = """<article><div class="entry-meta">7 min read · updated weekly</div></article>"""
    assert not read_bylines(LexborHTMLParser(no_name)).get("authors")
