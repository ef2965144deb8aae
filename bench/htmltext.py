"""Plain text of an HTML fragment, for truths (Mozilla ``expected.html``) and HTML-only peers.

Text nodes are joined as written (so ``a<b>b</b>c`` stays one word ``abc``); every block-level
element and ``<br>`` starts a new line; ``script``, ``style``, ``template``, ``noscript`` and
comments give no text; whitespace runs collapse to one space inside a line. It is the text a
reader sees, which is what the ``\\w+`` shingle metric needs: only word boundaries matter.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["html_to_text"]

_SKIP = frozenset({"script", "style", "template", "noscript", "head", "title", "-comment"})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_SPACES_RE = re.compile(r"[ \t\r\f\v\u00a0]+")
_NEWLINES_RE = re.compile(r"\s*\n\s*")


def html_to_text(html: str) -> str:
    """The visible text of ``html``, one line per block."""
    root = LexborHTMLParser(html).body
    if root is None:
        return ""
    parts: list[str] = []
    stack: list[tuple[LexborNode, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag or ""
        if not entering:
            parts.append("\n")
            continue
        if tag == "-text":
            parts.append(node.text_content or "")
            continue
        if tag in _SKIP:
            continue
        if tag in _BLOCK:
            parts.append("\n")
            stack.append((node, False))
        children = list(node.iter(include_text=True))
        stack.extend((child, True) for child in reversed(children))
    text = _SPACES_RE.sub(" ", "".join(parts))
    return _NEWLINES_RE.sub("\n", text).strip()
