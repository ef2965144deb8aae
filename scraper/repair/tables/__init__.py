"""Half-eaten tables: tags that lost their names (``<td>`` -> ``>``, ``</td>`` -> ``<``) or their
brackets, leaving lines of lone ``<``/``>`` and ``>cell< >cell<`` runs as visible text.

Counted in ``Repairs`` as ``table_debris`` (one per table rebuilt or debris zone cleaned).

The data flow, one module each: ``tokens`` (the document as tags and texts, texts read for
bracket marks) -> ``zones`` (where debris is) -> a reader per zone -> ``grid`` (a table
written from rows of cells).

A *debris zone* is a stretch of the document made only of texts of cell size, table tags and
tags that live in cells (a real paragraph of prose bounds it), trimmed to its bracket-bearing
texts. Outside real tables it needs ``MIN_ANONYMOUS_MARKS`` bare brackets and either
``MIN_GLUED_CELLS`` brackets glued to their text (``>January 2024<``) or ``MIN_BARE_PIECES``
lines of nothing but brackets; ``a <> b and c < 3`` has neither. Inside a real table any bare
bracket outside the cells is debris (text never sits there), and the zone grows to whole
tables, up to where every table it opened is closed again; there, two brackets glued to the
table's own tags (``<td>>``, ``<</td>``: echoes) are enough. Inside intact real cells ``<`` and
``>`` are content unless glued to the cell's edge. Four readers, tried in this order:

1. ``tree``: when the zone's brackets and surviving table tags nest (each eaten tag left one
   bracket), the zone is read as a tree: exact at any share of tags eaten, nested tables
   included, and the page's surviving tags keep their attributes (a ``class`` still speaks
   to the boilerplate stripper).
2. ``echo``: when the brackets do not nest as they stand, the same tree once the brackets
   glued to the zone's real table tags are dropped (a table written with its brackets doubled,
   ``<<td>>x<</td>>``, or with the doubled one left on one side, ``<td>>x<</td>``); failing
   that, a zone of whole real tables whose every text lies in a real cell keeps its tags and
   loses the bare brackets between its rows (debris a browser fosters out before the table).
3. ``patch``: a lightly damaged table (its real cell tags clearly outnumber the brackets), or
   the head of one whose rows go on past the zone, keeps its real tags and gets only the eaten
   ones back.
4. ``grammar``: anything else (pasted debris with one bracket per row, a bracket lost) is read
   by a bracket grammar into cells and rows; with too few rows of one width to show a grid,
   its texts become paragraphs and the brackets are dropped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from scraper.models import Repairs
from scraper.repair.context import Hints, TextPositions, find_hints, splice
from scraper.repair.tables.echo import drop_echoes, echo_after, echo_before, read_intact
from scraper.repair.tables.grammar import nested_starts, rebuild_one
from scraper.repair.tables.grid import write
from scraper.repair.tables.patch import patch as patch_table
from scraper.repair.tables.tokens import CELL_TAGS, Token, tokenize
from scraper.repair.tables.tree import read_tree
from scraper.repair.tables.zones import (
    MIN_ANONYMOUS_MARKS,
    find_zones,
    inside_table,
    rows_continue,
)

__all__ = ["has_table_debris", "repair_tables"]

#: A table keeps its real tags and only gets its eaten ones back (``patch``) when its real
#: cell tags outnumber the bare brackets this many times: the page's own grid is then the best
#: evidence. With more damage the brackets' grammar is read instead (a few surviving tags
#: would otherwise split rows the brackets show).
LIGHT_DAMAGE_RATIO = 2

#: Only text can look like debris: a bare ``<`` before a space, bracket or line end, or a
#: bare escaped ``&lt;`` the same way or glued to a table tag (``&lt;</td>``, an echo).
_DEBRIS_AFTER_ANGLE = frozenset(" \t\r\n<>")

_DEBRIS_AFTER_ENTITY = re.compile(r"&lt;(?:\s|&[lg]t;|</?[tT])")

#: How far from a bracket in text a table tag (real or spaced) may stand for the bracket to be
#: a lost table tag: a cell's text lies between them (a synopsis of a few sentences at most).
TABLE_TAG_REACH = 1500
_TABLE_TAG_NEAR = re.compile(r"<\s*/?\s*(?:t[dhr]|table|tbody|thead|tfoot|caption)\b", re.I)


def has_table_debris(html: str, hints: Hints | None = None,
                     positions: TextPositions | None = None) -> bool:
    """The cheap precheck: could ``html`` hold table debris in its text at all? A bracket in
    text counts when a table tag stands near it, or when there are ``MIN_ANONYMOUS_MARKS`` of
    them (pasted debris, its table tags all gone); ``&lt;&lt;quoted&gt;&gt;`` in a story is
    neither, and tokenizing a large page for it would cost more than its extraction."""
    hints = hints if hints is not None else find_hints(html)
    if hints.truncated:
        return True
    positions = positions or TextPositions(html)
    for found, start in enumerate(_text_hints(html, hints, positions), 1):
        if found >= MIN_ANONYMOUS_MARKS or _TABLE_TAG_NEAR.search(
                html, max(0, start - TABLE_TAG_REACH), start + TABLE_TAG_REACH):
            return True
    return False


def _text_hints(html: str, hints: Hints, positions: TextPositions) -> Iterator[int]:
    for start in hints.angle:
        if html[start + 1:start + 2] in _DEBRIS_AFTER_ANGLE and positions.in_text(start):
            yield start
    for start in hints.entity:
        if _DEBRIS_AFTER_ENTITY.match(html, start) and positions.in_text(start):
            yield start
    for start in hints.opener:
        if positions.in_text(start):
            yield start


def repair_tables(html: str, repairs: Repairs, hints: Hints | None = None,
                  positions: TextPositions | None = None) -> str:
    """Rebuild half-eaten tables and drop bracket debris (see the module docstring)."""
    if not has_table_debris(html, hints, positions):
        return html
    tokens = tokenize(html)
    zones = find_zones(tokens, html)
    if not zones:
        return html
    repairs["table_debris"] += len(zones)
    edits = []
    for first, last_index in zones:
        start, end = tokens[first].start, tokens[last_index].end
        rebuilt, echoed = _rebuild(tokens[first:last_index + 1], html,
                                   inside=inside_table(tokens, first),
                                   continues=rows_continue(tokens, first, last_index))
        if echoed:  # the echoes of the zone's first and last tags lie just outside it
            start -= echo_before(html, start) if tokens[first].kind == "tag" else 0
            end += echo_after(html, end) if tokens[last_index].kind == "tag" else 0
        edits.append((start, end, rebuilt))
    return splice(html, edits)


def _rebuild(tokens: list[Token], html: str, *, inside: bool = False,
             continues: bool = False) -> tuple[str, bool]:
    """Rebuild the zone's tables: from the bracket tree when it is one (``read_tree``), then
    as echo brackets or debris around intact cells (``echo``), else each table of the zone on
    its own (see ``nested_starts``). True with it when echoes were dropped."""
    pieces = read_tree(tokens, html)
    if pieces is not None:
        return write(pieces), False
    zone = html[tokens[0].start:tokens[-1].end]
    unechoed = drop_echoes(zone)
    if unechoed != zone:
        pieces = read_tree(tokenize(unechoed), unechoed)
        if pieces is not None:
            return write(pieces), True
    if (intact := read_intact(unechoed)) is not None:
        return intact, unechoed != zone
    return _rebuild_damaged(tokens, html, inside=inside, continues=continues), False


def _rebuild_damaged(tokens: list[Token], html: str, *, inside: bool,
                     continues: bool) -> str:
    nested = nested_starts(tokens, html)
    real = sum(token.kind == "tag" and token.name in CELL_TAGS for token in tokens)
    eaten = sum(token.anonymous for token in tokens if token.kind == "text")
    if not nested and (continues or real > LIGHT_DAMAGE_RATIO * eaten):
        # A table going on past the zone cannot be re-gridded from its head alone.
        return patch_table(tokens, html, inside=inside, continues=continues)
    starts = [0, *nested, len(tokens)]
    return "".join(rebuild_one(tokens[a:b], html) for a, b in itertools.pairwise(starts)
                   if a < b)
