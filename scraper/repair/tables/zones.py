"""Where table debris is: zones of tokens to rebuild, each whole tables or a stretch of
pasted debris, never prose (see the package docstring)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from scraper.repair.tables.echo import MIN_ECHOES, count_echoes
from scraper.repair.tables.tokens import (
    CELL_TAGS,
    MARK,
    ROW_TAGS,
    Token,
    cell_text,
    ends_cell,
    whole_cell,
)
from scraper.repair.tables.tree import tree_end
from scraper.repair.tags import TABLE_TAGS

__all__ = [
    "MIN_ANONYMOUS_MARKS",
    "MIN_BARE_PIECES",
    "MIN_GLUED_CELLS",
    "find_zones",
    "inside_table",
    "rows_continue",
]

#: ``a < b > c`` has two bare brackets; four outside real cells is no longer arithmetic.
MIN_ANONYMOUS_MARKS = 4

#: Debris shows cells glued to their brackets (``>January 2024<``) or texts that are nothing
#: but brackets; ``a <> b and c < 3`` (SQL, arithmetic) shows neither.
MIN_GLUED_CELLS = 2

MIN_BARE_PIECES = 3


def find_zones(tokens: list[Token], html: str) -> list[tuple[int, int]]:
    """Index ranges of tokens to rebuild, in document order, not overlapping."""
    zones: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        if not tokens[index].includable:
            index += 1
            continue
        stretch_end = index
        while stretch_end + 1 < len(tokens) and tokens[stretch_end + 1].includable:
            stretch_end += 1
        zones.extend(_zone_in_stretch(tokens, index, stretch_end, html))
        index = stretch_end + 1
    return zones


def _zone_in_stretch(tokens: list[Token], first: int, last: int,
                     html: str) -> list[tuple[int, int]]:
    marked = [i for i in range(first, last + 1)
              if tokens[i].kind == "text" and (tokens[i].anonymous or tokens[i].named)]
    if not marked:
        return []
    inner = _tables_inside_cells(tokens, marked, first, html)
    if inner:
        return inner
    in_tables = [index for index in marked if _in_real_table(tokens, index, first, last, html)]
    if not in_tables:
        # Between real tables (the photo tables of a story) brackets are prose's own, like
        # Korean titles written ``<숨바꼭질>``: only clear debris counts there.
        span = tokens[marked[0]:marked[-1] + 1]
        marks = _bare_marks_outside_cells(span, html)
        return [(marked[0], marked[-1])] if _clear_debris(span, marks) else []
    # Brackets of prose between two tables part them (a marked text outside tables lies
    # between, so their ranks among the marked texts are not consecutive): each table is a
    # zone of its own.
    rank = {index: order for order, index in enumerate(marked)}
    zones: list[tuple[int, int]] = []
    for group in _runs(in_tables, lambda previous, index: rank[index] - rank[previous] > 1):
        zone = _table_zone(tokens, group[0], group[-1], first, last, html)
        if zone is None:
            continue
        if zones and zone[0] <= zones[-1][1]:  # widened into the same real table
            zone = (zones[-1][0], max(zone[1], zones[-1][1]))
            zones.pop()
        zones.append(zone)
    return zones


def _runs(indexes: list[int], parted: Callable[[int, int], bool]) -> list[list[int]]:
    """``indexes`` (not empty) cut into runs wherever ``parted(previous, index)`` says so."""
    runs = [[indexes[0]]]
    for previous, index in itertools.pairwise(indexes):
        if parted(previous, index):
            runs.append([index])
        else:
            runs[-1].append(index)
    return runs


def _table_zone(tokens: list[Token], start: int, end: int, first: int, last: int,
                html: str) -> tuple[int, int] | None:
    # Debris inside (or next to) a real table: take the whole real table.
    start, end = _widen_to_tables(tokens, start, end, first, last)
    zone = tokens[start:end + 1]
    marks = _bare_marks_outside_cells(zone, html)
    if any(token.kind == "tag" and token.name in TABLE_TAGS for token in zone):
        # Inside a real table, text outside the cells is never content: one mark is enough;
        # brackets glued to the table's own tags (echoes) count when they are a pattern.
        if not marks and count_echoes(zone, html) < MIN_ECHOES:
            return None
        closed_at = tree_end(tokens, html, start, end, last)
        return (start, closed_at if closed_at is not None
                else _balance_end(tokens, start, end, last, html))
    return (start, end) if _clear_debris(zone, marks) else None


def _in_real_table(tokens: list[Token], index: int, first: int, last: int, html: str) -> bool:
    """Does a bracket of the marked text ``tokens[index]`` stand in a real table of its
    stretch? A table is open at a point when the table tag before it is not ``</table>``, or
    the one after it is not ``<table>`` (its opener eaten). Table tags spaced into the text
    (``< table >``, ``< td >``) count where they stand."""
    before = _nearest_table_tag(tokens, range(index - 1, first - 1, -1), html, last_one=True)
    inside = before is not None and before != ("table", True)
    waiting = False  # brackets seen outside a table, unless a ``</table>`` follows them
    token = tokens[index]
    for mark in MARK.finditer(html, token.start, token.end):
        if mark.group("named"):
            name, closing = mark.group("nname").lower(), bool(mark.group("nclose"))
            if name != "table" or (closing and (inside or waiting)):
                return True
            inside = not closing
        elif not mark.group("foreign"):
            if inside:
                return True
            waiting = True
    if not waiting:
        return False
    after = _nearest_table_tag(tokens, range(index + 1, last + 1), html, last_one=False)
    return after is not None and after != ("table", False)


def _nearest_table_tag(tokens: list[Token], indexes: range, html: str,
                       last_one: bool) -> tuple[str, bool] | None:
    """Name and closing flag of the first table tag, real or spaced into a text, met walking
    ``indexes`` (``last_one``: walking backwards, so a text's last mark is the nearest)."""
    for i in indexes:
        token = tokens[i]
        if token.kind == "tag" and token.name in TABLE_TAGS:
            return token.name, token.closing
        if token.kind == "text" and token.named:
            named = [(m.group("nname").lower(), bool(m.group("nclose")))
                     for m in MARK.finditer(html, token.start, token.end) if m.group("named")]
            if named:
                return named[-1] if last_one else named[0]
    return None


def inside_table(tokens: list[Token], index: int) -> bool:
    """Does ``tokens[index]`` sit inside a real table? The nearest real table tag before it
    tells (counting openers and closers would not: eaten ``</table>`` tags leave them
    unbalanced)."""
    for token in reversed(tokens[:index]):
        if token.kind == "tag" and token.name in TABLE_TAGS:
            return not (token.name == "table" and token.closing)
    return False


def rows_continue(tokens: list[Token], first: int, last: int) -> bool:
    """Real rows in a zone without a real ``<table>`` tag, and more real rows right after it:
    the zone is the head of a table whose opener was eaten and which goes on past the zone."""
    zone = tokens[first:last + 1]
    if any(t.kind == "tag" and t.name == "table" for t in zone):
        return False
    if not any(t.kind == "tag" and t.name == "tr" and not t.closing for t in zone):
        return False
    for token in tokens[last + 1:]:
        if token.kind == "tag" and token.name in TABLE_TAGS:
            return token.name in ("tr", "td", "th") and not token.closing
    return False


def _balance_end(tokens: list[Token], start: int, end: int, last: int, html: str) -> int:
    """The zone is replaced by balanced markup, so the real tags it consumes must balance too:
    a real ``<table>`` it opens (a layout table around the damaged ones) takes the run of real
    closing table tags right after the zone up to its ``</table>``. A ``</td>`` left behind
    would close the cell of a table around the zone (the page layout)."""
    depth = 0
    for token in tokens[start:end + 1]:
        if token.kind == "tag" and token.name == "table":
            depth += -1 if token.closing else 1
    index = end
    while depth > 0 and index + 1 <= last:
        token = tokens[index + 1]
        if token.kind == "text" and html[token.start:token.end].strip():
            break
        if token.kind == "tag" and not (token.closing and token.name in TABLE_TAGS):
            break
        index += 1
        if token.kind == "tag" and token.name == "table":
            depth -= 1
            end = index
    return end


def _clear_debris(zone: list[Token], marks: int) -> bool:
    glued = sum(token.glued for token in zone)
    bare = sum(token.bare for token in zone)
    return marks >= MIN_ANONYMOUS_MARKS and (glued >= MIN_GLUED_CELLS or bare >= MIN_BARE_PIECES)


def _tables_inside_cells(tokens: list[Token], marked: list[int], first: int,
                         html: str) -> list[tuple[int, int]]:
    """A whole table eaten inside one cell of an intact (layout) table: rebuild the inner one
    and leave the outer alone. Marked texts are grouped by the real table tags between them;
    every group must sit in a real cell and show clear debris on its own."""
    groups = _runs(marked, lambda previous, index: any(
        token.kind == "tag" and token.name in TABLE_TAGS for token in tokens[previous + 1:index]))
    zones: list[tuple[int, int]] = []
    for group in groups:
        opener = next((tokens[i] for i in range(group[0] - 1, first - 1, -1)
                       if tokens[i].kind == "tag" and tokens[i].name in TABLE_TAGS), None)
        if opener is None or opener.closing or opener.name not in ("td", "th"):
            return []
        zone = tokens[group[0]:group[-1] + 1]
        marks = sum(token.anonymous for token in zone if token.kind == "text")
        if not _clear_debris(zone, marks):
            return []
        zones.append((group[0], group[-1]))
    return zones


def _widen_to_tables(tokens: list[Token], start: int, end: int, first: int,
                     last: int) -> tuple[int, int]:
    """Grow ``start..end`` to whole real tables: the open ``<table>`` before, its close after."""
    open_tables: list[int] = []
    for index in range(first, end + 1):
        token = tokens[index]
        if token.kind == "tag" and token.name == "table":
            if not token.closing:
                open_tables.append(index)
            elif open_tables:
                open_tables.pop()
        if index == start - 1 and open_tables:
            start = open_tables[0]
    if not open_tables:
        # The opener was eaten but the real ``</table>`` after the debris survived: the rows
        # up to it belong to the same table.
        for index in range(end + 1, last + 1):
            token = tokens[index]
            if token.kind == "tag" and token.name == "table":
                return (start, index) if token.closing else (start, end)
        return start, end
    if open_tables:
        depth = len(open_tables)
        for index in range(end + 1, last + 1):
            token = tokens[index]
            if token.kind == "tag" and token.name == "table":
                depth += -1 if token.closing else 1
                if depth == 0:
                    return start, index
    return start, end


def _bare_marks_outside_cells(tokens: list[Token], html: str) -> int:
    """Bare brackets where no text belongs (outside cells), or glued to a cell's edge. Cells
    are opened and closed by real tags and by spaced ones in the text (``< td >``)."""
    count = 0
    in_cell = False
    for index, token in enumerate(tokens):
        if token.kind == "tag" and token.name in CELL_TAGS | ROW_TAGS:
            in_cell = token.name in CELL_TAGS and not token.closing
        elif token.kind == "text" and token.named:
            for mark in MARK.finditer(html, token.start, token.end):
                if mark.group("named"):
                    in_cell = (mark.group("nname").lower() in CELL_TAGS
                               and not mark.group("nclose"))
                elif not in_cell and not mark.group("foreign"):
                    count += 1
        elif token.kind == "text" and token.anonymous:
            text = html[token.start:token.end]
            count += (cell_text(text, alone=whole_cell(tokens, index),
                                ends_cell=ends_cell(tokens, index)).marks if in_cell
                      else token.anonymous)
    return count
