"""URLs read from a page (scraper.links): parsed and joined without ever raising."""

import pytest

from scraper.links import join_url, split_url, url_host

#: What pages hold and ``urllib.parse`` raises on.
BROKEN = [
    "http://[::1/x",        # unbalanced bracket: "Invalid IPv6 URL"
    "http://[]/",           # "'' does not appear to be an IPv4 or IPv6 address"
    "http://[x]/",
    "https://[::1]:port/",  # a port that is not a number
    "http://example.com:99999999/",
]


@pytest.mark.parametrize("url", BROKEN)
def test_broken_urls_are_none(url: str) -> None:
    assert split_url(url) is None
    assert url_host(url) is None
    assert join_url("https://example.com/a", url) is None
    assert join_url(None, url) is None


@pytest.mark.parametrize("base", BROKEN)
def test_a_broken_base_fails_only_relative_links(base: str) -> None:
    assert join_url(base, "/x") is None
    assert join_url(base, "https://example.com/x") == "https://example.com/x"


def test_good_urls_resolve() -> None:
    assert join_url("https://example.com/a/b", " ../c ") == "https://example.com/c"
    assert join_url(None, "/relative") == "/relative"
    assert join_url("https://example.com/", "http://[::1]:8080/x") == "http://[::1]:8080/x"
    assert url_host("https://WWW.Example.com:8080/x") == "www.example.com"
    assert url_host("/no/host") is None
