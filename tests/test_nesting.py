"""The caps before parsing (scraper.nesting): hostile depth flattened, attribute floods cut,
real pages as they are."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

import scraper
from scraper import nesting
from scraper.nesting import (
    MAX_ATTRIBUTES,
    MAX_DEPTH,
    MAX_TAGS,
    SCAN_ABOVE_TAGS,
    cap_attributes,
    cap_nesting,
)

MANY = SCAN_ABOVE_TAGS + 1000  # enough tags for the scan to run
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _depth(html: str) -> int:
    tree = LexborHTMLParser(html)
    deepest, stack = 0, [(tree.root, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.iter())
    return deepest


def test_small_pages_are_not_scanned() -> None:
    html = "<div>" * 5000 + "x" + "</div>" * 5000
    assert cap_nesting(html) is html


def test_many_shallow_tags_are_unchanged() -> None:
    page = "<article>" + "<p>Text, <a href='/x'>a link</a> <b>bold</b><br>more.</p>\n" * MANY
    assert cap_nesting(page) == page
    unclosed = "<ul>" + "<li>item <p>para" * MANY + "</ul>" + "<table>" + "<tr><td>a<td>b" * 10
    assert cap_nesting(unclosed) == unclosed


def test_deep_nesting_is_flattened_and_keeps_its_text() -> None:
    html = "<div>" * MANY + "deep text" + "</div>" * MANY
    capped = cap_nesting(html)
    assert capped.count("<div>") == MAX_DEPTH
    assert capped.count("</div>") == MAX_DEPTH
    assert "deep text" in LexborHTMLParser(capped).body.text()
    assert _depth(capped) <= MAX_DEPTH + 4  # html, body and the root around them


def test_tags_inside_comments_and_scripts_do_not_count() -> None:
    html = ("<div>" * 400 + "<script>" + "<div>" * MANY + "</script><!--" + "<div>" * MANY
            + "-->" + "<p>x</p>" * 2 + "</div>" * 400)
    assert cap_nesting(html) == html


def test_an_unclosed_comment_ends_the_scan() -> None:
    html = "<div>" * 10 + "<!--" + "<div>" * MANY
    assert cap_nesting(html) == html


def test_tags_past_the_budget_are_dropped_and_their_text_kept() -> None:
    head = "<article><p>" + "x<b></b>" * (MAX_TAGS // 2 - 1)
    tail = ("<i>tail</i> <!-- <b>note</b> --><script>var s = '<p>code</p>';</script>"
            "<style>p { color: red }</style>and <a href='/x'>more</a> text</p>")
    capped = cap_nesting(head + tail)
    assert capped.startswith(head)
    assert capped[len(head):] == "tail and more text"
    text = LexborHTMLParser(capped).body.text()
    assert text.endswith("xtail and more text")
    assert "code" not in text and "note" not in text


def test_the_tag_budget_leaves_the_largest_real_pages_alone() -> None:
    # 21,646 tags on the largest page of the benchmark sets; this is twice that.
    page = "<div class='post'><p>Text, <a href='/x'>a link</a>.</p></div>\n" * 7000
    assert cap_nesting(page) == page


def test_attributes_past_the_limit_are_dropped() -> None:
    many = " ".join(f'data-a{i}="<v> {i}"' for i in range(MAX_ATTRIBUTES + 500))
    bare = " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES + 500))
    for attrs in (many, bare):
        capped = cap_attributes(f"<p {attrs}>Text.</p><p class=x>Next.</p>")
        tree = LexborHTMLParser(capped)
        first, second = tree.css("p")
        assert len(first.attributes) == MAX_ATTRIBUTES
        assert first.text() == "Text." and second.attributes == {"class": "x"}


def test_space_class_is_exactly_backslash_s() -> None:
    # The attribute patterns spell ``\s`` out for speed; they must mean the same characters.
    spelled, category = re.compile(f"[{nesting._SPACE}]"), re.compile(r"\s")
    assert [code for code in range(sys.maxunicode + 1)
            if bool(spelled.match(chr(code))) != bool(category.match(chr(code)))] == []


def test_tags_over_the_limit_after_a_long_tag_are_cut_too() -> None:
    # The cut starts at the first tag of 128 attributes; one further on is cut all the same,
    # and the markup before it is kept as it was.
    long_tag = "<i " + " ".join(f"b{i}" for i in range(200)) + ">"
    flood = "<p " + " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES + 5)) + ">"
    html = f"<b>x</b>{long_tag}y{flood}z"
    expected = f"<b>x</b>{long_tag}y<p " + " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES))
    assert cap_attributes(html) == expected + ">z"


def test_ordinary_tags_keep_their_attributes() -> None:
    page = "".join((FIXTURES / name).read_text(errors="replace") for name in sorted(
        path.name for path in FIXTURES.glob("*.html")))
    assert cap_attributes(page) is page


def test_5mb_of_attributes_on_one_tag_extracts() -> None:
    attrs = " ".join(f'data-a{i}="{"v" * 40}"' for i in range(100_000))
    article = scraper.extract(f"<html><body><article><p {attrs}>One paragraph, kept.</p>")
    assert "One paragraph, kept." in article.text
