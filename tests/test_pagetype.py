"""The page-type classifier: its features, its shipped model, and pages whose kind is plain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.extractor.pagetype import FEATURES, classify_page, page_features, text_words, word_key
from scraper.models import Block, BlockType, Metadata, PageType, RawPage
from scraper.pipeline import extract_page
from scraper.strip.signals import Signals

MODEL = Path(__file__).resolve().parents[1] / "scraper" / "extractor" / "pagetype.json"


def _record(html: str, url: str):  # type: ignore[no-untyped-def]
    return extract_page(RawPage(body=html.encode(), url=url))


def test_the_shipped_model_reads_the_features_in_order() -> None:
    data = json.loads(MODEL.read_text("utf-8"))
    assert tuple(data["features"]) == FEATURES
    assert len(data["weights"]) == len(data["classes"]) == len(data["bias"])
    assert all(len(row) == len(FEATURES) for row in data["weights"])
    assert len(data["word_weights"]) == len(data["classes"])
    assert all(len(row) == len(data["words"]) for row in data["word_weights"])
    assert set(data["classes"]) <= {kind.value for kind in PageType}


def test_features_cover_every_name_and_read_the_url() -> None:
    blocks = [Block(BlockType.PARAGRAPH, text="A paragraph of text. " * 10),
              Block(BlockType.CODE, text="pip install scraper")]
    features = page_features("https://docs.example.org/en/latest/api/client.html",
                             Metadata(), blocks,
                             Signals(body_chars=400, ld_groups=frozenset({"docs"})))
    words = {name for name in features if name not in FEATURES}
    assert set(features) - words == set(FEATURES)
    vocabulary = json.loads(MODEL.read_text("utf-8"))["words"]
    assert words == {word_key(vocabulary.index(word)) for word in set(text_words(blocks))
                     if word in vocabulary}
    assert features["url_docs"] == 1.0 and features["url_product"] == 0.0
    assert features["ld_docs"] == 1.0 and features["code"] > 0
    assert features["url_depth"] == 4.0


POSTS = [
    "I have been running the agent on three servers since the last upgrade and two of them "
    "crash every few hours with a segmentation fault in the collector plugin.",
    "Same here on Debian 12. Downgrading to the previous release fixed it for me, so it looks "
    "like a regression in the plugin loader rather than in your configuration.",
    "Thanks, that worked. I will keep the old version pinned until the fix is released and "
    "report back here if the crashes come back after the next upgrade.",
    "The fix is merged and will be in the next nightly build. Please try it and let us know "
    "whether the crash is gone on all three machines, with the logs if it is not.",
]


def test_a_thread_of_posts_is_a_forum() -> None:
    posts = "".join(
        f'<div class="topic-post"><div class="names"><a href="/u/user{i}">user{i}</a></div>'
        f'<div class="post-date">Mar {i + 2}, 2025</div><div class="cooked"><p>{text}</p></div>'
        f'<div class="post-controls"><span>{i + 3} Likes</span><a href="#">Reply</a>'
        f'<a href="#">Quote</a></div></div>' for i, text in enumerate(POSTS * 2))
    html = f"""<html><head><title>Multiple agents crashing - Community</title>
    <script type="application/ld+json">{{"@context":"https://schema.org",
    "@type":"DiscussionForumPosting","headline":"Multiple agents crashing"}}</script></head>
    <body><header><a href="/">Community</a></header><main><h1>Multiple agents crashing</h1>
    {posts}</main></body></html>"""
    record = _record(html, "https://community.example.org/t/multiple-agents-crashing/7798")
    assert record.page_type is PageType.FORUM


def test_a_shop_page_with_offers_and_a_cart_is_a_product() -> None:
    html = """<html><head><title>Trail Pack 40L - Outfitters</title>
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"Product",
    "name":"Trail Pack 40L","offers":{"@type":"Offer","price":"89.00","priceCurrency":"USD"}}
    </script></head><body><main><div class="product"><h1>Trail Pack 40L</h1>
    <div class="price">$89.00</div><p>Sale price $79.00. Free shipping on orders over $50.</p>
    <form><button>Add to cart</button></form>
    <div class="description"><p>A 40 litre pack for long days on the trail, with a padded hip
    belt, a rain cover in the lid and side pockets that take a one litre bottle.</p>
    <ul><li>Weight: 1.2 kg</li><li>Volume: 40 L</li><li>Fabric: 210D ripstop nylon</li></ul>
    <p>In stock. Quantity: 1. SKU TP-40-BLU.</p></div></div></main></body></html>"""
    record = _record(html, "https://shop.example.com/products/trail-pack-40l")
    assert record.page_type is PageType.PRODUCT


def test_api_reference_with_code_is_documentation() -> None:
    html = """<html><head><title>Client reference - tidepool 2.1 documentation</title></head>
    <body><div class="wy-nav-side"><a href="/">tidepool</a></div><div role="main"
    class="document"><h1>Client</h1><p>The client sends requests and keeps connections open
    between them, so that many requests to one host reuse a single connection.</p>
    <pre><code>client = tidepool.Client(timeout=5)\nresponse = client.get(url)</code></pre>
    <h2>Parameters</h2><p>timeout: seconds to wait for the server before the request fails
    with a Timeout error; None waits forever, which is rarely what you want.</p>
    <pre><code>client = tidepool.Client(retries=3)</code></pre>
    <h2>Retries</h2><p>Failed requests are retried with exponential backoff, waiting a little
    longer each time, up to the number of retries given when the client was made.</p>
    </div></body></html>"""
    record = _record(html, "https://tidepool.readthedocs.io/en/latest/api/client.html")
    assert record.page_type is PageType.DOCUMENTATION


def test_a_news_story_is_an_article() -> None:
    story = "".join(f"<p>{text}</p>" for text in POSTS)
    html = f"""<html><head><title>Council approves bridge rebuild</title>
    <script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
    "headline":"Council approves bridge rebuild","datePublished":"2025-03-14"}}</script>
    </head><body><article><h1>Council approves bridge rebuild</h1><p class="byline">By Dana
    Whitfield</p>{story}{story}</article></body></html>"""
    record = _record(html, "https://ledger.example.com/news/2025/03/14/council-approves-bridge")
    assert record.page_type is PageType.ARTICLE


@pytest.mark.parametrize("kind", list(PageType))
def test_every_type_is_in_the_record_schema(kind: PageType) -> None:
    schema = json.loads((MODEL.parents[1] / "article.schema.json").read_text("utf-8"))
    assert kind.value in schema["properties"]["page_type"]["enum"]


def test_classify_page_gives_a_page_type() -> None:
    features = dict.fromkeys(FEATURES, 0.0)
    assert isinstance(classify_page(features), PageType)


def _story_with_discussion(kind: str, url: str) -> str:
    replies = "".join(
        f'<li class="comment" id="comment-{i}"><div class="comment-meta"><a href="/u/user{i}">'
        f'user{i}</a> <time>Mar {i + 2}, 2025</time></div><div class="comment-body"><p>{text}'
        f'</p></div></li>' for i, text in enumerate(POSTS))
    return f"""<html><head><title>Multiple agents crashing - Community</title>
    <script type="application/ld+json">{{"@context":"https://schema.org",
    "@type":"{kind}","headline":"Multiple agents crashing"}}</script></head>
    <body><header><a href="/">Community</a></header><main><h1>Multiple agents crashing</h1>
    <div class="topic-body"><p>{POSTS[0]} The logs are attached below for both servers.</p>
    <p>{POSTS[1]}</p></div><section id="comments" class="comments-area"><h2>4 replies</h2>
    <ol class="comment-list">{replies}</ol></section></main></body></html>"""


def test_a_forum_threads_replies_marked_as_comments_are_its_text() -> None:
    url = "https://community.example.org/t/multiple-agents-crashing/7798"
    record = _record(_story_with_discussion("DiscussionForumPosting", url), url)
    assert record.page_type is PageType.FORUM
    assert POSTS[3] in record.text and record.comments is None


def test_an_articles_comments_stay_out_of_its_text() -> None:
    url = "https://ledger.example.com/news/2025/03/14/multiple-agents-crashing"
    record = _record(_story_with_discussion("NewsArticle", url), url)
    assert record.page_type is PageType.ARTICLE
    assert POSTS[3] not in record.text
