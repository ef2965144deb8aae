"""Parse stage: text -> selectolax (lexbor) tree, with the guards a hostile page needs."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from scraper.errors import EmptyDocument
from scraper.nesting import cap_attributes, cap_nesting

__all__ = ["Tree", "parse"]

Tree = LexborHTMLParser

#: ``<iframe ... />``: the slash closes nothing in HTML, and an iframe's content is raw text up
#: to ``</iframe>``, so the rest of the page became one text node. Browsers never show it,
#: because the tag sits in a ``<noscript>`` (Tag Manager's snippet written as JSX) which they
#: do not parse with scripts on; lexbor parses it.
_SELF_CLOSED_IFRAME = re.compile(r"(<iframe\b[^<>]*?)\s*/>", re.IGNORECASE)


def parse(html: str, utf8: bytes | None = None) -> LexborHTMLParser:
    """Parse ``html`` into a lexbor tree.

    ``utf8``: ``html`` encoded as UTF-8, when the caller holds those very bytes (the body of a
    UTF-8 page that the earlier stages left as it was, ``scraper.decode.utf8_source``). lexbor
    parses UTF-8 bytes, so it is handed them as they are instead of a fresh encoding of the
    whole page (about 3% of a page's instructions); text that the guards below change is
    encoded as usual.

    NUL characters are dropped first: lexbor turns them into U+FFFD inside text and some peers
    crash on them outright; they never carry meaning in HTML. Elements nested deeper than
    ``scraper.nesting.MAX_DEPTH`` (512, as in browsers) are flattened: lexbor's parse costs
    quadratic time in the nesting depth, in one C call no deadline can interrupt; so it does
    in the attributes of one tag, kept to ``MAX_ATTRIBUTES`` (1,000). A self-closed
    ``<iframe/>`` is closed, lest it take the rest of the page for its text.
    """
    # Searched in the bytes when there are any: a byte search runs at memory speed, a character
    # search of a page with non-Latin-1 characters does not (2 µs against 47 on a news page).
    if (b"\x00" in utf8) if utf8 is not None else ("\x00" in html):
        html = html.replace("\x00", "")
        utf8 = None
    if not html or html.isspace():  # ``not html.strip()`` without copying the page
        raise EmptyDocument("document is empty")
    if (b"<iframe" in utf8) if utf8 is not None else ("<iframe" in html):
        closed, count = _SELF_CLOSED_IFRAME.subn(r"\1></iframe>", html)
        if count:
            html, utf8 = closed, None
    capped = cap_attributes(cap_nesting(html, utf8))
    tree = LexborHTMLParser(utf8 if utf8 is not None and capped is html else capped)
    if tree.body is None and tree.head is None:
        raise EmptyDocument("document has no HTML content")
    return tree
