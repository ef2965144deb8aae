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
