"""Parse stage: text -> selectolax (lexbor) tree, with the guards a hostile page needs."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.errors import EmptyDocument
from scraper.nesting import cap_attributes, cap_nesting

__all__ = ["Tree", "parse"]

Tree = LexborHTMLParser


def parse(html: str) -> LexborHTMLParser:
    """Parse ``html`` into a lexbor tree.

    NUL characters are dropped first: lexbor turns them into U+FFFD inside text and some peers
    crash on them outright; they never carry meaning in HTML. Elements nested deeper than
    ``scraper.nesting.MAX_DEPTH`` (512, as in browsers) are flattened: lexbor's parse costs
    quadratic time in the nesting depth, in one C call no deadline can interrupt; so it does
    in the attributes of one tag, kept to ``MAX_ATTRIBUTES`` (1,000).
    """
    if "\x00" in html:
        html = html.replace("\x00", "")
    if not html.strip():
        raise EmptyDocument("document is empty")
    tree = LexborHTMLParser(cap_attributes(cap_nesting(html)))
    if tree.body is None and tree.head is None:
        raise EmptyDocument("document has no HTML content")
    return tree
