"""The bracket grammar: reading debris whose brackets do not nest (a bracket per row, as in
pasted debris, or a bracket lost) into cells and rows, from the marks between texts:

- any bracket, a table-cell tag (real or spaced, ``< / td >``) or a paragraph break ends a cell;
- a row tag (real or spaced ``< / tr >``) ends a row; so do two bare closing (or opening)
  brackets in a row (``</td></tr>`` -> ``<<``) when the zone shows such pairs at all, otherwise
  (row tags eaten whole, as in pasted debris) a bracket followed by a line break does.

When at least ``MIN_CLEAR_ROWS`` rows share one width of ``MIN_COLUMNS`` or more cells the zone
becomes a real ``<table>`` (``grid``): a lone cell above the grid is its caption, the first row
is its header when its cells came from ``<th>`` (or, when no cell tag survived, when it is
short labels), and row headers keep their ``<th>``. Otherwise the zone's texts become
paragraphs and the brackets are dropped. Tables nested in a layout table's cells are read one
by one (``nested_starts``)."""

from __future__ import annotations

import re

from scraper.repair.tables.grid import Cell, Gap, Grid, write
from scraper.repair.tables.tokens import (
    CELL_TAGS,
    MARK,
    ROW_TAGS,
    SEPARATOR_TAGS,
    Token,
    cell_text,
    whole_cell,
)
from scraper.repair.tables.tree import read_tree
from scraper.repair.tags import TABLE_TAGS

__all__ = ["nested_starts", "rebuild_one"]

_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def rebuild_one(tokens: list[Token], html: str) -> str:
    pieces = read_tree(tokens, html)
    if pieces is None:
        cells = _cells(tokens, html)
        opener = next((html[t.start:t.end] for t in tokens
                       if t.kind == "tag" and t.name == "table" and not t.closing), "<table>")
        pieces = [Grid(opener, _rows(cells))] if cells else []
    return write(pieces)


def nested_starts(tokens: list[Token], html: str) -> list[int]:
    """Where a table nested in a cell of the zone's (layout) table begins: a real ``<table>``
    after the first token, or a real cell opened straight into opening brackets (its
    ``<table>``/``<tr>`` eaten) followed by more table tags. A flat table never opens a tag
    right after a cell opens; merging the tables of a layout table's cells into one grid
    would mix their rows."""
    starts: list[int] = []
    for index in range(1, len(tokens)):
        token = tokens[index]
        if token.kind == "tag" and token.name == "table" and not token.closing:
            if not starts or starts[-1] != index - 1:
                starts.append(index)
            continue
        previous = tokens[index - 1]
        if (token.kind == "text" and previous.kind == "tag" and previous.name in ("td", "th")
                and not previous.closing and _only_opens(html[token.start:token.end])
                and index + 1 < len(tokens) and tokens[index + 1].kind == "tag"
                and tokens[index + 1].name in TABLE_TAGS):
            starts.append(index)
    return starts


def _only_opens(text: str) -> bool:
    """Nothing but opening brackets (``>``), at least one."""
    stripped = text.replace("&gt;", ">").split()
    return bool(stripped) and all(set(part) == {">"} for part in stripped)


def _cells(tokens: list[Token], html: str) -> list[Cell]:
    """Read the zone's content and markers into cells, each with the gap before it."""
    reader = _Reader()
    in_real_cell = False
    for index, token in enumerate(tokens):
        raw = html[token.start:token.end]
        if token.kind == "tag":
            if token.name in CELL_TAGS:
                in_real_cell = not token.closing
                reader.mark(token.closing, anonymous=False, cell=token.name)
            elif token.name in ROW_TAGS:
                in_real_cell = False
                reader.gap.row = True
                reader.current = None
            elif token.name in SEPARATOR_TAGS:
                reader.gap.weak = True
            elif reader.current is not None or not raw.startswith("</"):
                reader.content(raw)
            continue
        last = 0
        if in_real_cell and not (reading := cell_text(
                raw, in_zone=True, alone=whole_cell(tokens, index))).scan:
            if reading.lead:
                reader.mark(False, anonymous=True)
            reader.text(reading.inner)
            if reading.trail:
                reader.mark(True, anonymous=True)
            continue
        for mark in MARK.finditer(raw):
            reader.text(raw[last:mark.start()])
            last = mark.end()
            if not mark.group("named"):
                reader.mark(bool(mark.group("close")), anonymous=True)
            elif (name := mark.group("nname").lower()) in ROW_TAGS:
                reader.gap.row = True
                reader.current = None
            else:
                reader.mark(bool(mark.group("nclose")), anonymous=False, cell=name)
        reader.text(raw[last:])
    _mark_rows(reader.cells)
    return reader.cells


class _Reader:
    """Accumulates cells; markers and separators between contents go into ``gap``."""

    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.gap = Gap()
        self.current: Cell | None = None

    def content(self, fragment: str) -> None:
        if self.current is None or self.gap.any():
            self.current = Cell(self.gap)
            self.cells.append(self.current)
            self.gap = Gap()
        self.current.parts.append(fragment)

    def mark(self, closing: bool, *, anonymous: bool, cell: str = "") -> None:
        _count(self.gap, closing, anonymous=anonymous)
        self.gap.th = self.gap.th or (cell == "th" and not closing)
        self.gap.td = self.gap.td or (cell == "td" and not closing)
        self.current = None

    def text(self, fragment: str) -> None:
        """Feed one text between markers: a blank line inside it also ends a cell."""
        for number, piece in enumerate(_BLANK_LINE.split(fragment)):
            if number:
                self.gap.newline = self.gap.weak = True
            stripped = piece.strip()
            if "\n" in piece[:len(piece) - len(piece.lstrip())]:
                self.gap.newline = True
            if stripped:
                self.content(piece)


def _count(gap: Gap, closing: bool, *, anonymous: bool) -> None:
    if closing:
        gap.closes += 1
        gap.anonymous_closes += anonymous
    else:
        gap.opens += 1
        gap.anonymous_opens += anonymous


def _mark_rows(cells: list[Cell]) -> None:
    """Decide which gaps end a row (see the module docstring) and record it in ``gap.row``."""
    paired = any(cell.gap.anonymous_closes >= 2 or cell.gap.anonymous_opens >= 2
                 for cell in cells[1:])
    for cell in cells[1:]:
        gap = cell.gap
        if paired:
            gap.row = gap.row or gap.closes >= 2 or gap.opens >= 2
        else:
            gap.row = gap.row or (gap.newline and (gap.anonymous_closes + gap.anonymous_opens) > 0)


def _rows(cells: list[Cell]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for cell in cells:
        if not rows or cell.gap.row:
            rows.append([])
        rows[-1].append(cell)
    return [row for row in rows if row]
