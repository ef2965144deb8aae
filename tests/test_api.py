"""The library entry point's promise (scraper.api): any str or bytes gives an Article or a
ScraperError; a wrong argument type is TypeError; a bad URL inside the page is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

import scraper
from scraper.errors import ContentError, EmptyDocument, InternalError, InvalidURL, ScraperError
from scraper.rules import RuleSet

PAGE = ("<html><head><title>Bridge reopens</title>{head}</head><body><article>"
        "<h1>Bridge reopens</h1><p>The old bridge over the river reopened on Monday after "
        "two years of repairs, the council said.</p>{body}</article></body></html>")

BROKEN_URLS = ["http://[::1/x", "http://[]/", "https://[x]/", "http://a.com:port/"]


@pytest.mark.parametrize("url", BROKEN_URLS)
def test_a_bad_url_argument_is_invalid_url(url: str) -> None:
    with pytest.raises(InvalidURL):
        scraper.extract(PAGE.format(head="", body=""), url=url)


def test_invalid_url_is_a_scraper_error() -> None:
    assert issubclass(InvalidURL, ScraperError)
    assert issubclass(InternalError, ScraperError)


@pytest.mark.parametrize("value", [None, 42, ["<p>x</p>"]])
def test_a_wrong_html_type_is_type_error(value: object) -> None:
    with pytest.raises(TypeError):
        scraper.extract(value)  # type: ignore[arg-type]


def test_a_wrong_url_type_is_type_error() -> None:
    with pytest.raises(TypeError):
        scraper.extract("<p>x</p>", url=b"https://example.com/")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", BROKEN_URLS)
@pytest.mark.parametrize("url", [None, "https://example.com/news/1"])
def test_bad_urls_inside_the_page_are_ignored(bad: str, url: str | None) -> None:
    head = (f'<link rel="canonical" href="{bad}"><meta property="og:url" content="{bad}">'
            f'<meta property="og:image" content="{bad}"><base href="{bad}">')
    body = (f'<p>See <a href="{bad}">the plan</a> and <a href="/ok">the map</a>.</p>'
            f'<img src="{bad}" alt="broken"><nav class="breadcrumb"><a href="{bad}">News</a>'
            '</nav>')
    article = scraper.extract(PAGE.format(head=head, body=body), url=url)
    assert article.title == "Bridge reopens"
    assert article.canonical_url is None
    assert article.image is None
    assert "reopened on Monday" in article.text
    assert all(block.src != bad for block in article.blocks)
    hrefs = [link.href for block in article.blocks for link in block.links or ()]
    assert bad not in hrefs


def test_a_str_with_lone_surrogates_extracts() -> None:
    article = scraper.extract(PAGE.format(head="", body="<p>odd \udcff byte here</p>"))
    assert "odd \ufffd byte here" in article.text


@pytest.mark.parametrize("html", [b"", "", "   ", "\n\t"])
def test_nothing_to_parse_is_empty_document(html: str | bytes) -> None:
    with pytest.raises(EmptyDocument):
        scraper.extract(html)


@pytest.mark.parametrize("html", [b"\x00\x00", "\x00", b"\x01\x02\x03"])
def test_only_control_bytes_is_a_content_error(html: str | bytes) -> None:
    with pytest.raises(ContentError):  # binary data (DecodeError), or nothing left (empty)
        scraper.extract(html)


def test_a_bug_in_a_stage_becomes_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("scraper.api.extract_page", broken)
    with pytest.raises(InternalError) as caught:
        scraper.extract("<p>x</p>")
    assert isinstance(caught.value.__cause__, RecursionError)


def test_a_site_rule_reading_a_bad_url_ignores_it(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text(
        'main = "article"\nimage = "img.lead"\nnext_page = "a.next"\n'
        '[match]\nhosts = ["example.com"]\n', encoding="utf-8")
    rules = RuleSet.load(tmp_path, shipped=False)
    body = '<img class="lead" src="http://[::1/x"><a class="next" href="http://[]/2">next</a>'
    article = scraper.extract(PAGE.format(head="", body=body), url="https://example.com/news/1",
                              settings=scraper.ExtractSettings(rules=rules))
    assert article.image is None and article.next_page is None
    assert "reopened on Monday" in article.text
