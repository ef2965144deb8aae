"""Cheap text measures shared by strip and extract: whitespace collapsing, visible length."""

from __future__ import annotations

import re

__all__ = ["LONG_TEXT", "collapse", "visible_len"]

#: Above this many characters whitespace is collapsed a slice at a time (each slice ending on
#: whitespace, so the result is the same): ``str.split`` holds every word of its input as an
#: object at once, and a 20 MB line of text is three million words, about 200 MB. (A regex
#: substitution is no better: it gathers its pieces in a list too.) No ordinary page has a
#: text run this long; slicing a 1 MB one costs about 1 ms.
LONG_TEXT = 1 << 20
_SPACE = re.compile(r"\s")


def collapse(text: str) -> str:
    """``text`` with every whitespace run turned into one space, stripped."""
    if len(text) <= LONG_TEXT:
        return " ".join(text.split())
    pieces: list[str] = []
    start = 0
    while start < len(text):
        space = _SPACE.search(text, start + LONG_TEXT)
        end = space.start() if space is not None else len(text)
        if piece := " ".join(text[start:end].split()):
            pieces.append(piece)
        start = end
    return " ".join(pieces)

def visible_len(text: str) -> int:
    """Length of ``text`` once whitespace runs count as one character."""
    if not text:
        return 0
    return len(collapse(text))
