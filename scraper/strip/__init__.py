"""Strip stage: drop boilerplate from the tree and find the main content node."""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.settings import ExtractSettings

__all__ = ["Stripped", "strip"]

_JUNK = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg"


@dataclass(slots=True)
class Stripped:
    """The main content node (None when nothing article-like is left) and what strip saw."""

    main: LexborNode | None
    comments: LexborNode | None = None
    signals: dict[str, int] = field(default_factory=dict)


def strip(tree: LexborHTMLParser, settings: ExtractSettings) -> Stripped:
    """First version: remove obvious junk elements, keep <article>, <main> or <body>."""
    for node in tree.css(_JUNK):
        node.decompose()
    main = tree.css_first("article") or tree.css_first("main") or tree.body
    return Stripped(main=main)
