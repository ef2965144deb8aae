"""Cheap text measures shared by strip and extract: whitespace collapsing, visible length."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["LONG_TEXT", "collapse", "long_text_slices", "visible_len"]

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
    return " ".join(piece for part in long_text_slices(text) if (piece := " ".join(part.split())))


def long_text_slices(text: str) -> Iterator[str]:
    """``text`` in slices of about ``LONG_TEXT`` characters, each ending on whitespace (or the
    end), so that no word is cut in two and per-word work can go a slice at a time."""
    start = 0
    while start < len(text):
        space = _SPACE.search(text, start + LONG_TEXT)
        end = space.start() if space is not None else len(text)
        yield text[start:end]
        start = end

def visible_len(text: str) -> int:
    """Length of ``text`` once whitespace runs count as one character."""
    if not text:
        return 0
    return len(collapse(text))
