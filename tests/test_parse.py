import pytest

from scraper.errors import EmptyDocument
from scraper.parse import parse


def test_nul_bytes_are_dropped() -> None:
    tree = parse("<html><body><p>a\x00b</p></body></html>")
    node = tree.css_first("p")
    assert node is not None and node.text() == "ab"


@pytest.mark.parametrize("html", ["", "   \n\t "])
def test_empty_document_is_a_typed_error(html: str) -> None:
    with pytest.raises(EmptyDocument):
        parse(html)


def test_fragment_gets_a_body() -> None:
    tree = parse("<p>just a fragment</p>")
    assert tree.body is not None
    assert "just a fragment" in tree.body.text()


def test_utf8_bytes_parse_as_their_text() -> None:
    html = "<html><body><p>Café – naïve</p></body></html>"
    assert parse(html, html.encode()).html == parse(html).html


def test_utf8_bytes_are_not_used_for_text_the_guards_changed() -> None:
    # The NUL is dropped from the text; the bytes still hold it and must not be parsed.
    html = "<p>a\x00b</p>"
    node = parse(html, html.encode()).css_first("p")
    assert node is not None and node.text() == "ab"


def test_a_self_closed_iframe_does_not_swallow_the_page() -> None:
    html = ('<html><body><noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-'
            'N644GXSK" height="0" width="0" style="display: none; visibility: hidden;" />'
            '</noscript><main><h1>Your fastest path to production</h1><p>Intuitive '
            'infrastructure to scale any app.</p></main></body></html>')
    for utf8 in (None, html.encode()):
        tree = parse(html, utf8)
        assert tree.css_first("main h1") is not None
        assert "fastest path" in tree.css_first("main").text()
