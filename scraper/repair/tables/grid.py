"""Writing a table read back from debris: rows of cells become a ``<table>``, with its
caption, header row and row headers where the evidence shows them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["HEADER_MAX_WORDS", "KEY_VALUE_COLUMNS", "MIN_CLEAR_ROWS", "MIN_COLUMNS", "Cell", "Gap",
           "Grid", "table_html", "write"]

#: Column labels are a few words; a longer first-row cell is data.
HEADER_MAX_WORDS = 6

#: Key/value tables (infoboxes) have a label column and a value column.
KEY_VALUE_COLUMNS = 2

#: Two rows of equal width are the least that shows a grid rather than stray brackets.
MIN_CLEAR_ROWS = 2

#: A table has at least two columns; one column of ``>x<`` is a list of debris, not a table.
MIN_COLUMNS = 2

_TAGS = re.compile(r"<[^>]*>")

_FIGURE = re.compile(r"[\s.,:%/+\-−–$€£]*\d[\d\s.,:%/+\-−–$€£]*")

@dataclass(slots=True)
class Gap:
    closes: int = 0
    opens: int = 0
    anonymous_closes: int = 0
    anonymous_opens: int = 0
    row: bool = False
    newline: bool = False
    weak: bool = False
    th: bool = False  # the cell after this gap was opened by a real or spaced <th>
    td: bool = False  # ... by a real or spaced <td>

    def any(self) -> bool:
        return bool(self.closes or self.opens or self.row or self.weak)


@dataclass(slots=True)
class Cell:
    gap: Gap
    parts: list[str] = field(default_factory=list)
    opener: str = ""  # the page's own cell tag, attributes and all, when it survived

    def html(self) -> str:
        return " ".join("".join(self.parts).split())


@dataclass(slots=True)
class Grid:
    """A table read back from a zone: its opening tag (the page's own when it survived, so
    its class and id still speak to the boilerplate stripper) and its rows."""

    opener: str
    rows: list[list[Cell]]
    #: Read from the bracket tree, which is exact: the grid is not second-guessed (no
    #: minimum of clear rows, no caption guessed from a one-cell first row).
    tree: bool = False
    caption: Cell | None = None


def write(pieces: list[Grid | str]) -> str:
    return "".join(table_html(piece) if isinstance(piece, Grid) else piece
                   for piece in pieces)


def table_html(grid: Grid) -> str:
    rows = grid.rows
    widths = Counter(len(row) for row in rows if len(row) >= MIN_COLUMNS)
    if not grid.tree and (not widths or widths.most_common(1)[0][1] < MIN_CLEAR_ROWS):
        return "".join(f"<p>{text}</p>" for row in rows for cell in row
                       if (text := cell.html()))
    parts = [grid.opener]
    body = rows
    if grid.caption is not None:
        parts.append(f"<caption>{grid.caption.html()}</caption>")
    elif not grid.tree and len(rows[0]) == 1 < widths.most_common(1)[0][0]:
        # A lone cell above a wider grid is the table's title: its caption.
        parts.append(f"<caption>{rows[0][0].html()}</caption>")
        body = rows = rows[1:]
    if rows and _is_header(rows):
        parts.append(_row_html(rows[0], "th", head=True))
        body = rows[1:]
    parts.append("<tbody>")
    if _is_key_value(rows, body):
        for row in body:
            row[0].gap.th = len(row) == KEY_VALUE_COLUMNS
    parts.extend(_row_html(row, "td") for row in body if any(cell.html() for cell in row))
    parts.append("</tbody></table>")
    return "".join(parts)


def _is_header(rows: list[list[Cell]]) -> bool:
    """A first row opened by ``<th>`` where its tags survived (never by ``<td>``) is the
    header; when no cell tag survived at all, a first row of short labels (no figures) is."""
    first = rows[0]
    if any(cell.gap.th for cell in first):
        return not any(cell.gap.td for cell in first)
    if any(cell.gap.th or cell.gap.td for row in rows for cell in row) or len(rows) < 2:
        return False
    texts = [_TAGS.sub("", cell.html()) for cell in first]
    return all(text and len(text.split()) <= HEADER_MAX_WORDS and not _FIGURE.fullmatch(text)
               for text in texts)


def _is_key_value(rows: list[list[Cell]], body: list[list[Cell]]) -> bool:
    """A two-column table of short labels and values (an infobox) whose cell tags were all
    eaten: its labels were row headers (``<th>``), which tells the table holds data even when
    its values hold lists."""
    if any(cell.gap.th or cell.gap.td for row in rows for cell in row):
        return False
    pairs = [row for row in body if len(row) == KEY_VALUE_COLUMNS]
    if len(pairs) < MIN_CLEAR_ROWS or len(pairs) < len(body) / 2:
        return False
    labels = [_TAGS.sub("", row[0].html()) for row in pairs]
    return all(label and len(label.split()) <= HEADER_MAX_WORDS
               and not _FIGURE.fullmatch(label) for label in labels)


def _row_html(row: list[Cell], tag: str, *, head: bool = False) -> str:
    # A row header (``<th>`` leading a body row, as in infoboxes) keeps its tag where it survived.
    # A surviving cell tag set ``gap.th``/``gap.td`` and is written back as it was.
    cells = "".join(
        f"{cell.opener or f'<{name}>'}{cell.html()}</{name}>"
        for cell in row
        for name in ("th" if cell.gap.th else "td" if cell.gap.td else tag,)
    )
    return f"<thead><tr>{cells}</tr></thead>" if head else f"<tr>{cells}</tr>"
