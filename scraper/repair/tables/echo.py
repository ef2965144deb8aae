"""Two more damage shapes of a table whose own tags survived, read when the brackets as they
stand do not nest as eaten tags (``tree``):

- **echo brackets**: a tag written with its brackets doubled, ``<<td>>cell<</td>>``, or with
  the doubled bracket left on one side only, ``<td>>cell<</td>`` (a template that bracketed
  tags it had already written; a filter that then ate one side). A browser shows the inner
  ones as the cell's ``>cell<`` and moves the outer ones out of the table, before it. A bracket
  glued to a real table tag is read as an echo of that tag only here: read as eaten tags
  first, ``<tr>>Date</th>`` is a ``<th>`` that lost its name.
- **foster-parented debris**: bare brackets between the rows of a table whose cells are all
  there (text never sits outside a cell, so a browser moves it before the table). When every
  text of the zone lies in a real cell once the echoes are gone, the brackets outside cells are
  dropped and the page's table is kept as it is (``read_intact``).
"""

from __future__ import annotations

import re

from scraper.repair.tables.tokens import CELL_TAGS, MARK, ROW_TAGS, Token, tokenize, whole_cell
from scraper.repair.tags import TABLE_TAGS

__all__ = ["MIN_ECHOES", "count_echoes", "drop_echoes", "echo_after", "echo_before",
           "read_intact"]

#: One bracket glued to a cell tag can be a page's own (``<td>&gt;<a>More</a>``); two in one
#: table are the pattern of a pipeline that doubled them.
MIN_ECHOES = 2

_NAMES = "|".join(sorted(TABLE_TAGS, key=len, reverse=True))
_BRACKET = r"(?:<|>|&lt;|&gt;)"
_ECHO_BEFORE = re.compile(rf"(?:<|&lt;)(?=</?(?:{_NAMES})\b[^<>]*>)", re.I)
_ECHO_AFTER = re.compile(rf"(</?(?:{_NAMES})\b[^<>]*>)(?:>|&gt;)", re.I)
_ONLY_BRACKETS = re.compile(rf"\s*{_BRACKET}(?:\s*{_BRACKET})*\s*", re.I)
_CLOSE_BEFORE = re.compile(r"(?:<|&lt;)\Z", re.I)
_OPEN_AFTER = re.compile(r"(?:>|&gt;)", re.I)
_LEADING_ECHO = re.compile(r"(?:>|&gt;)", re.I)
_TRAILING_ECHO = re.compile(r"(?:<|&lt;)\Z", re.I)


def count_echoes(tokens: list[Token], html: str) -> int:
    """Brackets glued to real table tags: ``>`` or ``&gt;`` right after one, ``<`` or ``&lt;``
    right before one. A cell of nothing but brackets is content (``<td>></td>``, an operator
    table)."""
    count = 0
    for index, token in enumerate(tokens):
        if token.kind != "text" or (whole_cell(tokens, index) and _ONLY_BRACKETS.fullmatch(
                html, token.start, token.end)):
            continue
        if index and _is_table_tag(tokens[index - 1]) and _LEADING_ECHO.match(
                html, token.start, token.end):
            count += 1
        if index + 1 < len(tokens) and _is_table_tag(tokens[index + 1]) and \
                _TRAILING_ECHO.search(html, token.start, token.end):
            count += 1
    return count


def _is_table_tag(token: Token) -> bool:
    return token.kind == "tag" and token.name in TABLE_TAGS


def drop_echoes(zone: str) -> str:
    """``zone`` without the brackets glued to its real table tags."""
    return _ECHO_AFTER.sub(r"\1", _ECHO_BEFORE.sub("", zone))


def echo_before(html: str, start: int) -> int:
    """How many characters before ``start`` (a table tag) are its glued echo bracket."""
    match = _CLOSE_BEFORE.search(html, max(0, start - 4), start)
    return start - match.start() if match else 0


def echo_after(html: str, end: int) -> int:
    """How many characters from ``end`` (just after a table tag) are its glued echo bracket."""
    match = _OPEN_AFTER.match(html, end)
    return match.end() - end if match else 0


def read_intact(zone: str) -> str | None:
    """``zone`` with the bare brackets outside its cells dropped, when it is whole real tables
    (their own ``<table>`` and ``</table>`` there: an eaten opener leaves brackets that are
    tags) and every other text lies in a real cell; None otherwise."""
    tokens = tokenize(zone)
    tables = [token for token in tokens if token.kind == "tag" and token.name == "table"]
    if not tables or tables[0].closing or not tables[-1].closing:
        return None
    kept: list[str] = []
    in_cell = False
    cells = 0
    for token in tokens:
        raw = zone[token.start:token.end]
        if token.kind == "tag" and token.name in CELL_TAGS | ROW_TAGS:
            in_cell = token.name in CELL_TAGS and not token.closing
            cells += in_cell
        elif token.kind == "text" and not in_cell:
            if _ONLY_BRACKETS.fullmatch(raw):
                kept.append(raw[:len(raw) - len(raw.lstrip())])  # the line break stays
                continue
            if raw.strip():
                return None
        elif token.kind == "text" and token.named:
            for mark in MARK.finditer(raw):
                if mark.group("named") and mark.group("nclose"):
                    in_cell = False  # ``December 2023< / td >``: the cell ends there
        kept.append(raw)
    return "".join(kept) if cells else None
