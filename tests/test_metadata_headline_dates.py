"""Dates printed next to the headline, the modified-date fallback, and date keys by shape."""

from __future__ import annotations

from datetime import UTC, datetime

from selectolax.lexbor import LexborHTMLParser

from scraper.extractor.metadata import extract_metadata
from scraper.extractor.metadata.byline import read_datelines, read_headline_dates
from scraper.extractor.metadata.dates import dates_in_text
from scraper.extractor.metadata.meta_tags import read_meta_tags
from scraper.parse import parse

NOW = datetime(2026, 1, 1, tzinfo=UTC)

#: A Webflow-style post header: the date is a bare <div> under the <h1>, no <time>, no class
#: that says date.
WEBFLOW = """<html><head><title>Kitchen sinks in the cloud | Kouzina</title></head><body>
<div class="navbar"><a href="/">Home</a><a href="/blog">Blog</a></div>
<div class="hero"><div class="breadcrumb"><a href="/blog">Blog</a></div>
<h1 class="heading">Kitchen sinks in the cloud</h1>
<div class="text-200 bold color-neutral-800">October 3, 2024</div></div>
<div class="rich-text"><p>Everything but the kitchen sink: a term for systems that do too much,
written on March 1, 2020 by somebody else.</p></div>
<div class="related"><h3>More posts</h3><div class="card">December 1, 2025</div></div>
</body></html>"""


def test_bare_date_under_the_headline() -> None:
    found = read_headline_dates(LexborHTMLParser(WEBFLOW), "Kitchen sinks in the cloud")
    assert found["published"] == [("2024-10-03", "headline-date")]
    meta = extract_metadata(parse(WEBFLOW), "https://www.example.com/blog/kitchen-sink")
    assert meta.published == "2024-10-03"
    assert meta.sources["published"] == "headline-date"


def test_meta_line_with_published_and_updated() -> None:
    html = """<body><header><h1>How to use gym equipment</h1>
    <p><b>Sweat</b> <span>August 16, 2019</span> <span>- Updated July 9, 2025</span></p>
    </header><p>Body.</p></body>"""
    found = read_headline_dates(LexborHTMLParser(html), "How to use gym equipment")
    assert found["published"] == [("2019-08-16", "headline-date")]
    assert found["modified"] == [("2025-07-09", "headline-date")]


def test_headline_is_the_h1_that_is_the_title_not_the_logo() -> None:
    html = """<body><header><h1 class="logo">Daily Planet</h1><p>Since 12 May 1998</p></header>
    <main><h1>Storm closes the harbour</h1><p>By Lois Lane - Mar 27, 2024</p></main></body>"""
    found = read_headline_dates(LexborHTMLParser(html), "Storm closes the harbour")
    assert found["published"] == [("2024-03-27", "headline-date")]


def test_kicker_before_the_headline_and_h2_headline() -> None:
    html = """<body><div class="hero"><h3><span>blog | </span> February 01, 2022</h3>
    <h2 class="title">Seven ways to eat more plants</h2></div><p>Body.</p></body>"""
    found = read_headline_dates(LexborHTMLParser(html), "Seven ways to eat more plants")
    assert found["published"] == [("2022-02-01", "headline-date")]


def test_scripts_after_the_headline_are_not_read() -> None:
    html = """<body><h1>Post</h1><script>var built = "January 2, 2020";</script>
    <p>Plain text with no date at all.</p></body>"""
    assert not read_headline_dates(LexborHTMLParser(html), "Post").get("published")


def test_headline_date_in_a_page_without_headline() -> None:
    assert not read_headline_dates(LexborHTMLParser("<body><p>May 4, 2021</p></body>"), None)


def test_only_an_updated_date_is_the_pages_date() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Article", "headline": "Best tax software",
     "dateModified": "2025-07-09 11:50:26"}</script></head>
    <body><h1>Best tax software</h1><p>Text.</p></body></html>"""
    meta = extract_metadata(parse(html), "https://www.example.com/resources/best-tax-software/")
    assert meta.published is not None and meta.published.startswith("2025-07-09")
    assert meta.sources["published"] == "json-ld (modified)"
    assert meta.modified == meta.published


def test_updated_date_does_not_replace_a_published_one() -> None:
    html = """<body><h1>Guide</h1><p>Last updated on: October 1, 2025</p>
    <p>Published <time datetime="2023-05-02">May 2, 2023</time></p></body>"""
    meta = extract_metadata(parse(html), None)
    assert meta.published == "2023-05-02"
    assert meta.modified == "2025-10-01"


def test_dates_in_text_labels() -> None:
    text = "By Ann Lee · Aug 16, 2019 - Updated July 9, 2025 · 6 min read"
    assert dates_in_text(text, now=NOW) == [("published", "2019-08-16"),
                                            ("modified", "2025-07-09")]
    assert dates_in_text("Last updated on: 23.07.2025", now=NOW) == [("modified", "2025-07-23")]
    assert dates_in_text("September 1st, 2023 By Emily Norwood", now=NOW) == [
        ("published", "2023-09-01")]
    assert dates_in_text("6 min read", now=NOW) == []
    assert dates_in_text("Receive free accessories. Sale ends 03/31/2025", now=NOW) == []


def test_sentence_and_listing_dates_are_not_the_pages_date() -> None:
    prose = """<body><h1>Discord</h1><p>My story begins on Friday, November 7, 2025, when Discord
    announced a brand new update to their developer documentation platform.</p></body>"""
    assert not read_headline_dates(LexborHTMLParser(prose), "Discord").get("published")
    listing = """<body><h1>New submissions</h1><ul><li>Fri, 6 Mar 2025</li>
    <li>Thu, 5 Mar 2025</li><li>Wed, 4 Mar 2025</li></ul></body>"""
    assert not read_headline_dates(LexborHTMLParser(listing), "New submissions")


def test_meta_date_keys_recognised_by_their_shape() -> None:
    html = """<head><meta name="published-date" content="2021-02-16">
    <meta name="modified-date" content="2024-07-30">
    <meta name="ms.date" content="2025-02-23T00:00:00Z">
    <meta name="event-date" content="2030-01-01">
    <meta name="expiry_date" content="2030-01-01"></head>"""
    found = read_meta_tags(LexborHTMLParser(html))
    assert found["published"] == [("2021-02-16", "meta:published-date"),
                                  ("2025-02-23T00:00:00Z", "meta:ms.date")]
    assert found["modified"] == [("2024-07-30", "meta:modified-date")]


def test_known_meta_date_key_comes_before_a_shaped_one() -> None:
    html = """<head><meta name="w-published-date" content="2025-05-27T06:03:43Z">
    <meta property="article:published_time" content="2025-05-20T08:00:00Z"></head>"""
    found = read_meta_tags(LexborHTMLParser(html))
    assert found["published"][0] == ("2025-05-20T08:00:00Z", "meta:article:published_time")


def test_utility_classes_with_arbitrary_values_are_not_boilerplate() -> None:
    html = """<body><div class="w-full lg:mr-[--sidebar-container-width]">
    <div class="mb-10"><h1>Providers</h1><p><time datetime="2025-10-21">Oct 21, 2025</time></p>
    </div></div>
    <aside class="sidebar"><time datetime="2020-01-01">Old</time></aside></body>"""
    found = read_datelines(LexborHTMLParser(html))
    assert found["published"][0] == ("2025-10-21", "time")
    assert ("2020-01-01", "time") not in found["published"]


def test_abbr_title_is_the_microdata_date_and_a_bare_time_is_no_date() -> None:
    html = """<body><div itemscope itemtype="http://schema.org/BlogPosting">
    <h3 itemprop="name">Spring walk</h3><span class="post-timestamp">at
    <abbr class="published" itemprop="datePublished" title="2019-05-01T14:30:00+02:00">14:30</abbr>
    </span></div></body>"""
    meta = extract_metadata(parse(html), None)
    assert meta.published == "2019-05-01T14:30:00+02:00"
    bare = """<body><div itemscope itemtype="http://schema.org/BlogPosting">
    <span itemprop="datePublished">14:30</span></div></body>"""
    assert extract_metadata(parse(bare), None).published is None


def test_newsletter_post_article_is_not_boilerplate_but_a_comment_article_is() -> None:
    html = """<body><div class="main"><article class="newsletter-post post">
    <div class="post-header"><h1 class="post-title">Weekly notes</h1>
    <div class="meta-EgzBVA">Dec 04, 2025</div></div><p>Body.</p></article>
    <article class="comment-body"><h1>Reply</h1><time datetime="2025-12-05">Dec 5</time></article>
    </div></body>"""
    tree = LexborHTMLParser(html)
    assert read_headline_dates(tree, "Weekly notes")["published"] == [("2025-12-04",
                                                                        "headline-date")]
    assert not read_datelines(tree).get("published")


def test_forum_post_date_with_dashes_and_member_join_date_skipped() -> None:
    html = """<body><h1>Thread: Which host?</h1><div class="postdetails">
    <span>Joined: Mar 3, 2019</span><span>11-29-2024, 09:03 AM</span> #1 HOSTLAR</div></body>"""
    found = read_headline_dates(LexborHTMLParser(html), "Which host?")
    assert found["published"] == [("2024-11-29T09:03:00", "headline-date")]
