"""URL checks and normalisation."""

from __future__ import annotations

import pytest

from scraper.errors import InvalidURL
from scraper.fetcher.urls import checked_url, host_of, normalize_url, origin_of, url_key


@pytest.mark.parametrize("a,b", [
    ("HTTP://Example.COM/a", "http://example.com/a"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com/a#section", "http://example.com/a"),
    ("http://example.com/a?utm_source=x&utm_medium=y&id=3", "http://example.com/a?id=3"),
    ("http://example.com/a?fbclid=1&gclid=2", "http://example.com/a"),
    ("http://example.com/a?b=2&a=1", "http://example.com/a?a=1&b=2"),
    ("http://example.com", "http://example.com/"),
])
def test_same_page_same_key(a: str, b: str) -> None:
    assert normalize_url(a) == normalize_url(b)
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize("a,b", [
    ("http://example.com/a", "https://example.com/a"),
    ("http://example.com/a", "http://example.com:8080/a"),
    ("http://example.com/a?id=1", "http://example.com/a?id=2"),
    ("http://example.com/A", "http://example.com/a"),
])
def test_different_pages_different_keys(a: str, b: str) -> None:
    assert url_key(a) != url_key(b)


@pytest.mark.parametrize("bad", ["ftp://example.com/f", "mailto:a@b.c", "javascript:x()",
                                 "example.com/page", "http://", "http:// bad host/",
                                 "http://example.com:99999/", "not a url"])
def test_invalid_urls(bad: str) -> None:
    with pytest.raises(InvalidURL):
        checked_url(bad)


def test_checked_url_drops_fragment_and_escapes() -> None:
    assert checked_url(" http://example.com/a b#x ") == "http://example.com/a%20b"


def test_host_and_origin() -> None:
    assert host_of("http://Example.com:80/x") == "example.com"
    assert host_of("http://example.com:8080/x") == "example.com:8080"
    assert origin_of("https://user@Example.com:8443/x?y") == "https://example.com:8443"
