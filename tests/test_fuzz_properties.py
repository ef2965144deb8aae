"""Property tests (hypothesis) of the library's promise on bad input: ``scraper.extract`` on
generated HTML, random bytes and mutated fixture pages returns an Article or raises a
ScraperError that is not a bug (``InternalError``), with or without the shipped site rules,
and no text field of the record holds a
control character but newline and tab; the repair pass alone never raises.

Examples are bounded so the suite stays fast; under CI (``CI`` set) the examples are
derandomized, so a run is reproducible. The coverage-guided fuzzer is fuzz/fuzz_extract.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scraper
from scraper.errors import InternalError, ScraperError
from scraper.models import Repairs
from scraper.repair import repair_markup, repair_text
from scraper.rules import RuleSet

FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures").glob("*.html"))
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
URL_FIELDS = frozenset({"url", "requested_url", "canonical_url", "image", "src", "href"})

BOUNDED = settings(max_examples=200, deadline=None, derandomize=bool(os.environ.get("CI")),
                   database=None, suppress_health_check=[HealthCheck.too_slow,
                                                         HealthCheck.data_too_large])
#: Fixture pages are 20-130 KB: each example costs tens of milliseconds.
FEW = settings(BOUNDED, max_examples=60)

# -- a small grammar of HTML, hostile where pages are ---------------------------------------

URLS = st.sampled_from([
    "/a", "https://example.com/x", "http://[::1/x", "http://[]/", "https://[x]/", "//[", "#",
    "javascript:void(0)", "data:image/png;base64,AAAA", "http://a.com:port/", " ", "\x07/b",
    "http://user:pw@example.com/", "https://example.com/\x00",
])
CLASSES = st.sampled_from(["", "content", "article-body", "nav", "menu", "share", "comments",
                           "related", "footer", "sidebar", "post", "entry-content", "ad"])
TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=None), max_size=40) | \
    st.sampled_from(["&amp;amp;", "&lt;b&gt;bold&lt;/b&gt;", "&lt;tr&gt;&lt;td&gt;x", "&#7;",
                     "&#x9f;", "Ã©tÃ©", "\x07bell", "\u200b", "< / td >", "<<tr>>", "\ufeff",
                     "By Jane Doe", "2024-01-02", "\r\n", "\x0c", "word, " * 12])
BLOCK_TAGS = st.sampled_from(["div", "p", "section", "article", "main", "nav", "aside",
                              "footer", "header", "table", "tr", "td", "th", "ul", "ol", "li",
                              "h1", "h2", "h3", "blockquote", "pre", "code", "figure",
                              "figcaption", "span", "b", "i", "a", "form", "noscript",
                              "template", "svg", "math", "select", "button", "dl", "dd"])
STRAY = st.sampled_from(["<", ">", "</td>", "</table>", "<tr>", "<br>", "</p>", "<!--",
                         "-->", "<![CDATA[", "<script>", "</script>", "<style>", "<img src=x",
                         '<meta charset="utf-16">', '<base href="http://[::1/">', "\x00"])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def build(draw: st.DrawFn) -> str:
        tag = draw(BLOCK_TAGS)
        attrs = f' class="{draw(CLASSES)}"'
        if tag == "a" or draw(st.booleans()):
            attrs += f' href="{draw(URLS)}"'
        inner = "".join(draw(st.lists(children, max_size=4)))
        closed = draw(st.integers(0, 9)) > 0  # one in ten left open
        return f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if closed else "")
    return build()


NODES = st.recursive(
    TEXT | STRAY | URLS.map(lambda url: f'<img src="{url}" alt="a\x01lt">'),
    _element, max_leaves=30)
HEAD = st.lists(st.sampled_from([
    "<title>Storm\x07 warning</title>", '<link rel="canonical" href="http://[::1/x">',
    '<meta property="og:url" content="http://[]/">', '<meta property="og:image" content="//[">',
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"H\\u0007",'
    '"author":{"name":"A\\u001bB"},"datePublished":"2024-13-45"}</script>',
    '<script type="application/ld+json">{"@graph": [[[[{}]]]], "author": null}</script>',
    '<meta name="author" content="\x08Jane">', '<html lang="\x07en">',
    '<meta http-equiv="content-type" content="text/html; charset=x-bogus">',
    # Fingerprints of the shipped site rules, so their selectors meet this input too.
    *(f'<meta name="generator" content="{name}">' for name in (
        "blogger", "discourse", "drupal", "ghost", "mediawiki", "mkdocs-material",
        "wordpress")),
    '<link rel="stylesheet" href="/wp-content/themes/jnews/style.css">',
    '<link rel="stylesheet" href="_static/pygments.css">',
]), max_size=4).map("".join)
SHIPPED_RULES = RuleSet.load()
PAGES = st.builds(lambda head, body: f"<html><head>{head}</head><body>{body}</body></html>",
                  HEAD, st.lists(NODES, max_size=6).map("".join))


def _strings(value: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [pair for name, item in value.items() for pair in _strings(item, name)]
    if isinstance(value, list):
        return [pair for item in value for pair in _strings(item, key)]
    return []


def assert_contract(html: str | bytes, repair: bool = True, rules: bool = False) -> None:
    settings = scraper.ExtractSettings(repair=repair,
                                       rules=SHIPPED_RULES if rules else RuleSet())
    try:
        article = scraper.extract(html, url="https://example.com/news/1", settings=settings)
    except InternalError as exc:  # a bug: show the original
        raise AssertionError(f"bug: {exc.message}") from exc.__cause__
    except ScraperError:
        return
    dirty = [(key, text) for key, text in _strings(article.to_dict())
             if key not in URL_FIELDS and CONTROL.search(text)]
    assert dirty == []


@BOUNDED
@given(PAGES, st.booleans(), st.booleans())
def test_generated_html(html: str, repair: bool, rules: bool) -> None:
    assert_contract(html, repair, rules)


@BOUNDED
@given(PAGES)
def test_generated_html_as_bytes(html: str) -> None:
    assert_contract(html.encode("utf-8", errors="surrogatepass"))


@BOUNDED
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    assert_contract(data)


@BOUNDED
@given(st.binary(max_size=2048))
def test_random_bytes_after_a_doctype(data: bytes) -> None:
    assert_contract(b"<!doctype html><html><body><p>" + data)


@BOUNDED
@given(st.text(max_size=2048))
def test_random_text(text: str) -> None:
    assert_contract(text)


@st.composite
def mutated_fixture(draw: st.DrawFn) -> bytes:
    """A fixture page with random edits: bytes inserted, spans cut or copied, tags and
    entities dropped in."""
    data = bytearray(draw(st.sampled_from(FIXTURES)).read_bytes())
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == 1:
            data[at:at + draw(st.integers(1, 2000))] = b""
        elif kind == 2:
            start = draw(st.integers(0, len(data)))
            data[at:at] = data[start:start + draw(st.integers(1, 2000))]
        else:
            data[at:at] = draw(STRAY | URLS.map(lambda url: f'<a href="{url}">x</a>')).encode()
    return bytes(data)


@FEW
@given(mutated_fixture(), st.booleans())
def test_mutated_fixtures(data: bytes, rules: bool) -> None:
    assert_contract(data, rules=rules)


@BOUNDED
@given(st.one_of(PAGES, st.text(max_size=2048)))
def test_the_repair_pass_alone(text: str) -> None:
    repairs = Repairs()
    repaired = repair_markup(text, repairs)
    repair_text(repaired, repairs)
    repair_text(text, repairs, literal=True)
