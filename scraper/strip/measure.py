"""Cheap text measures shared by strip and extract: whitespace collapsing, visible length."""

from __future__ import annotations

__all__ = ["collapse", "visible_len"]


def collapse(text: str) -> str:
    """``text`` with every whitespace run turned into one space, stripped."""
    return " ".join(text.split())


def visible_len(text: str) -> int:
    """Length of ``text`` once whitespace runs count as one character."""
    if not text:
        return 0
    return len(collapse(text))
