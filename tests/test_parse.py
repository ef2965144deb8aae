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
