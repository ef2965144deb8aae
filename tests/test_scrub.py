"""No C0/C1 control character in any text field of a record but newline and tab
(scraper.scrub, the sweep after every stage)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import scraper
from scraper.models import Block, BlockType, Link, Metadata, Repairs
from scraper.scrub import scrub_controls, scrub_text

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

LD = json.dumps({"@type": "NewsArticle", "headline": "Storm\u0007 warning",
                 "author": {"@type": "Person", "name": "Ada\u001b Lovelace"},
                 "keywords": ["wea\u0001ther"]})
PAGE = (f'<html><head><title>Storm\x07 warning</title><script type="application/ld+json">{LD}'
        '</script><meta name="description" content="Rain &#7;and wind\x1b"></head><body>'
        "<article><h1>Storm\x07 warning</h1><p>Heavy rain\x07 and \x1b[31mwind&#x1;"
        " are expected \x85tonight across the region, forecasters said on Monday.</p>"
        "<p>See <a href='/map\x07x'>the\x08 map</a> for the areas at risk of flooding.</p>"
        "<pre><code>let x = 1;\x0c\x07 // bell\n\tindented</code></pre>"
        "<ul><li>one\x02</li><li>two</li></ul><table><tr><th>a\x03</th><th>b</th></tr>"
        "<tr><td>1\x04</td><td>2</td></tr></table>"
        "<figure><img src='/i.jpg' alt='a\x05lt'><figcaption>cap\x06tion</figcaption></figure>"
        "</article></body></html>")


def _strings(value: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [pair for name, item in value.items() for pair in _strings(item, name)]
    if isinstance(value, list):
        return [pair for item in value for pair in _strings(item, key)]
    return []


@pytest.mark.parametrize("repair", [True, False])
@pytest.mark.parametrize("as_bytes", [True, False])
def test_no_control_characters_in_any_field(repair: bool, as_bytes: bool) -> None:
    html = PAGE.encode("utf-8") if as_bytes else PAGE
    article = scraper.extract(html, url="https://example.com/news/1",
                              settings=scraper.ExtractSettings(repair=repair))
    record = article.to_dict()
    dirty = [(key, text) for key, text in _strings(record) if CONTROL.search(text)]
    assert dirty == []
    assert article.title == "Storm warning"
    assert "Heavy rain and" in article.text
    code = next(block for block in article.blocks if block.type is BlockType.CODE)
    assert "\n\tindented" in code.text  # newline and tab stay
    assert record["repairs"].get("control_chars", 0) > 0


def test_urls_keep_their_control_characters_percent_encoded() -> None:
    block = Block(BlockType.PARAGRAPH, text="x", links=[Link(text="a\x07", href="/p\x07q")])
    repairs = Repairs()
    scrub_controls(Metadata(image="https://e.com/\x01.jpg"), [block], repairs)
    assert block.links == [Link(text="a", href="/p%07q")]


def test_clean_text_is_returned_as_is() -> None:
    text = "Plain text,\n\twith a tab and curly “quotes”."
    repairs = Repairs()
    assert scrub_text(text, repairs) is text
    assert not repairs


def test_a_source_label_made_from_the_pages_own_key_is_clean() -> None:
    """Found by atheris: a meta property with control characters in its name became part of
    the record's ``sources`` label for the date it gave."""
    page = ('<html><head><meta property="articl\x01\x19e:modified_time" '
            'content="2024-03-05T10:00:00Z"><title>Tide tables</title></head><body><article>'
            "<h1>Tide tables</h1><p>The tide tables for the coming month are out, with the "
            "spring tides on the fourth and the nineteenth, and the neaps between them.</p>"
            "</article></body></html>")
    record = scraper.extract(page).to_dict()
    assert record["sources"], "the page gives at least its title"
    for key, text in _strings(record):
        assert not CONTROL.search(text), (key, text)


def test_feed_authors_filled_in_after_extraction_are_clean() -> None:
    """A feed's author reaches the record after the extraction's own sweep."""
    from scraper.crawler.fallbacks import apply_hints
    from scraper.crawler.frontier import Hints

    article = scraper.extract("<html><body><article><h1>Tides</h1><p>The spring tides come on "
                              "the fourth and the nineteenth of the month.</p></article>"
                              "</body></html>")
    assert not article.authors
    apply_hints(article, Hints(authors=("Ada\x1b Lovelace", "\x07"), authors_from="feed:author"))
    assert article.authors == ["Ada Lovelace"]
    assert article.sources["authors"] == "feed:author"
