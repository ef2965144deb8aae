"""Cheap text measures shared by strip and extract: whitespace collapsing, visible length."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

__all__ = ["COMMA_PATTERN", "collapse", "link_chars", "visible_len"]

#: Commas of Latin, CJK and Arabic scripts: a comma marks running prose, not a menu.
COMMA_PATTERN = re.compile("[,\u060c\u3001\uff0c\ufe50\ufe51]")


def collapse(text: str) -> str:
    """``text`` with every whitespace run turned into one space, stripped."""
    return " ".join(text.split())


def visible_len(text: str) -> int:
    """Length of ``text`` once whitespace runs count as one character."""
    if not text:
        return 0
    return len(collapse(text))


def link_chars(node: LexborNode) -> int:
    """Visible characters inside the anchors of ``node``."""
    return sum(visible_len(a.text()) for a in node.css("a"))
