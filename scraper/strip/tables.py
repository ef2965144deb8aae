"""A table's own parts: its rows, cells and header, not those of the tables nested in its cells.

The parser puts every row in a row group (or the table itself) and every cell in a row, so
they are read from there. Searching the subtree instead finds the nested tables' parts too
(a layout table around a data table looked like data), and costs the subtree's size per
table: a page of thousands of nested tables took minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet

from selectolax.lexbor import LexborNode

__all__ = ["has_header_cells", "has_part", "own_cells", "own_rows", "row_cells"]

_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
_CELLS = frozenset({"td", "th"})


def own_rows(table: LexborNode) -> Iterator[LexborNode]:
    """The rows of ``table`` itself, in document order."""
    for child in table.iter():
        if child.tag == "tr":
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from (row for row in child.iter() if row.tag == "tr")


def row_cells(row: LexborNode) -> Iterator[LexborNode]:
    """The cells of one row, in document order."""
    return (cell for cell in row.iter() if cell.tag in _CELLS)


def own_cells(table: LexborNode) -> Iterator[LexborNode]:
    """The cells of ``table`` itself, in document order."""
    for row in own_rows(table):
        yield from row_cells(row)


def has_header_cells(table: LexborNode) -> bool:
    """Whether a row of ``table`` itself has a ``<th>``."""
    return any(cell.tag == "th" for cell in own_cells(table))


def has_part(table: LexborNode, names: AbstractSet[str]) -> bool:
    """Whether ``table`` itself has a ``<caption>``, ``<thead>``, ... named in ``names``."""
    return any(child.tag in names for child in table.iter())
