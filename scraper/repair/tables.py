"""Half-eaten tables: tags that lost their names (``<td>`` -> ``>``, ``</td>`` -> ``<``) or their
brackets, leaving lines of lone ``<``/``>`` and ``>cell< >cell<`` runs as visible text.

Counted in ``Repairs`` as ``table_debris`` (one per table rebuilt or debris zone cleaned).

A *debris zone* is a stretch of the document made only of texts of cell size, table tags and a
few inline tags (a real paragraph of prose bounds it), trimmed to its bracket-bearing texts.
Outside real tables it needs ``MIN_ANONYMOUS_MARKS`` bare brackets and either
``MIN_GLUED_CELLS`` brackets glued to their text (``>January 2024<``) or ``MIN_BARE_PIECES``
lines of nothing but brackets; ``a <> b and c < 3`` has neither. Inside a real table any bare
bracket outside the cells is debris (text never sits there), and the zone grows to the whole
table, which is rebuilt; a table eaten whole inside one cell of an intact layout table is
rebuilt on its own. Inside intact real cells ``<`` and ``>`` are content unless glued to the
cell's edge. The zone's bracket grammar is read back into cells and rows:

- any bracket, a table-cell tag (real or spaced, ``< / td >``) or a paragraph break ends a cell;
- a row tag (real or spaced ``< / tr >``) ends a row; so do two bare closing (or opening)
  brackets in a row (``</td></tr>`` -> ``<<``) when the zone shows such pairs at all, otherwise
  (row tags eaten whole, as in pasted debris) a bracket followed by a line break does.

When at least ``MIN_CLEAR_ROWS`` rows share one width of ``MIN_COLUMNS`` or more cells the zone
becomes a real ``<table>``: a lone cell above the grid is its caption, the first row is its
header when its cells came from ``<th>`` (or, when no cell tag survived, when it is short
labels), and row headers keep their ``<th>``. Otherwise the zone's texts become paragraphs and
the brackets are dropped.

A lightly damaged table (its real cell tags clearly outnumber the brackets), or the head of one
whose rows go on past the zone, is not re-gridded: its real tags stay and only the eaten ones
are put back (``_patch``). Tables nested in a layout table's cells are rebuilt one by one.
"""

from __future__ import annotations

import html as _html
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from scraper.models import Repairs
from scraper.repair.context import END_OF_LITERAL, Hints, TextPositions, find_hints, splice
from scraper.repair.tags import LITERAL_TAGS, TABLE_TAGS

__all__ = ["has_table_debris", "repair_tables"]

#: A text longer than this is prose and bounds a zone. Cells can hold a synopsis of a few
#: sentences (film lists, timelines); a zone is also trimmed to its bracket-bearing texts, so a
#: long paragraph only joins when debris stands on both sides of it.
CELL_MAX_WORDS = 150

#: A real ``<p>`` of more words than this, without a bracket, is prose: a zone stops there.
PARAGRAPH_PROSE_WORDS = 25

#: ``a < b > c`` has two bare brackets; four outside real cells is no longer arithmetic.
MIN_ANONYMOUS_MARKS = 4

#: Debris shows cells glued to their brackets (``>January 2024<``) or texts that are nothing
#: but brackets; ``a <> b and c < 3`` (SQL, arithmetic) shows neither.
MIN_GLUED_CELLS = 2
MIN_BARE_PIECES = 3

#: A table keeps its real tags and only gets its eaten ones back (``_patch``) when its real
#: cell tags outnumber the bare brackets this many times: the page's own grid is then the best
#: evidence. With more damage the brackets' grammar is read instead (a few surviving tags
#: would otherwise split rows the brackets show).
LIGHT_DAMAGE_RATIO = 2

#: Column labels are a few words; a longer first-row cell is data.
HEADER_MAX_WORDS = 6

#: Key/value tables (infoboxes) have a label column and a value column.
KEY_VALUE_COLUMNS = 2

#: Two rows of equal width are the least that shows a grid rather than stray brackets.
MIN_CLEAR_ROWS = 2

#: A table has at least two columns; one column of ``>x<`` is a list of debris, not a table.
MIN_COLUMNS = 2

#: Only text can look like debris: a bare ``<`` before a space, bracket or line end, or a
#: bare escaped ``&lt;`` the same way.
_DEBRIS_AFTER_ANGLE = frozenset(" \t\r\n<>")
_DEBRIS_AFTER_ENTITY = re.compile(r"&lt;(?:\s|&[lg]t;)")

_TOKEN = re.compile(
    r"(?P<comment><!--[\s\S]*?(?:-->|\Z)|<![^>]*>|<\?[^>]*>)"
    r"""|(?P<tag><(?P<close>/?)(?P<name>[a-zA-Z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>)"""
)
_TABLE_NAMES = "|".join(sorted(TABLE_TAGS, key=len, reverse=True))
_MARK = re.compile(
    rf"(?P<named>(?:<|&lt;)\s*(?P<nclose>/?)\s*(?P<nname>{_TABLE_NAMES})\b[^<>&]*?(?:>|&gt;))"
    r"|(?P<foreign>(?:<|&lt;)\s*/?\s*[a-zA-Z][a-zA-Z0-9]*\b[^<>]*?(?:>|&gt;))"
    r"|(?P<close><|&lt;|&\#0*60;)"
    r"|(?P<open>>|&gt;|&\#0*62;)",
    re.I,
)
_NAMED_MARK = re.compile(rf"(?:<|&lt;)\s*/?\s*(?:{_TABLE_NAMES})\s*(?:>|&gt;)", re.I)
_GLUED_CELL = re.compile(r"(?:>|&gt;)(?=[^\s<>&])[^<>]{0,300}?(?<=[^\s<>;])(?:<|&lt;)", re.I)
_BARE = re.compile(r"(?:\s|<|>|&lt;|&gt;)*(?:<|>|&lt;|&gt;)(?:\s|<|>|&lt;|&gt;)*", re.I)
# ``12<>13``, ``Pos<\n  >Player``: a cell boundary inside one real cell (the texts glued to
# the brackets); ``<>`` alone or ``a <> b`` is an operator.
_GLUED_PAIR = re.compile(r"(?<=[^\s<>;])(?:<|&lt;)\s*(?:>|&gt;)(?=[^\s<>&])", re.I)
_ANY_PAIR = re.compile(r"(?:<|&lt;)\s*(?:>|&gt;)", re.I)
_LEADING_RUN = re.compile(r"(?:(?:>|&gt;|<|&lt;)\s*)+", re.I)
_TRAILING_RUN = re.compile(r"(?:\s*(?:>|&gt;|<|&lt;))+\Z", re.I)
_TAGS = re.compile(r"<[^>]*>")
_FIGURE = re.compile(r"[\s.,:%/+\-−–$€£]*\d[\d\s.,:%/+\-−–$€£]*")
_LEADING_OPEN = re.compile(r"(?:>|&gt;)(?=\S)", re.I)
_TRAILING_CLOSE = re.compile(r"(?<=\S)(?:<|&lt;)\Z", re.I)
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
#: Tags that may sit inside a debris zone: table structure, line/paragraph separators, and
#: content that stays inside a cell: inline formatting, media, and lists (infobox cells hold
#: lists of links, a flag image, an anthem's audio player; none must cut the table it sits in
#: into two zones).
_SEPARATOR_TAGS = frozenset({"br", "p", "div"})
_INLINE_TAGS = frozenset({"a", "b", "strong", "em", "i", "span", "small", "sup", "sub", "u",
                          "abbr", "time", "mark", "code", "s", "strike", "del", "ins", "q",
                          "cite", "dfn", "var", "font", "nobr", "big", "tt", "bdi", "bdo",
                          "wbr", "data", "img", "ul", "ol", "li", "dl", "dt", "dd", "audio",
                          "video", "source", "track", "picture", "map", "area", "hr"})
_ROW_TAGS = frozenset({"tr", "thead", "tbody", "tfoot", "table"})
_CELL_TAGS = frozenset({"td", "th", "caption"})
_CELL_NAME = {"td": "td", "th": "th"}


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    kind: str  # "tag" | "text" | "other"
    name: str = ""
    closing: bool = False
    anonymous: int = 0
    named: bool = False
    includable: bool = True
    glued: int = 0  # ``>cell<``: brackets glued to the text they enclose
    bare: int = 0  # lines of nothing but brackets: ``<``, ``< >``


@dataclass(slots=True)
class _Gap:
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
class _Cell:
    gap: _Gap
    parts: list[str] = field(default_factory=list)
    opener: str = ""  # the page's own cell tag, attributes and all, when it survived

    def html(self) -> str:
        return " ".join("".join(self.parts).split())


def has_table_debris(html: str, hints: Hints | None = None,
                     positions: TextPositions | None = None) -> bool:
    """The cheap precheck: could ``html`` hold table debris in its text at all?"""
    hints = hints if hints is not None else find_hints(html)
    if hints.truncated:
        return True
    positions = positions or TextPositions(html)
    for start in hints.angle:
        if html[start + 1:start + 2] in _DEBRIS_AFTER_ANGLE and positions.in_text(start):
            return True
    for start in hints.entity:
        if _DEBRIS_AFTER_ENTITY.match(html, start) and positions.in_text(start):
            return True
    return any(positions.in_text(start) for start in hints.opener)


def repair_tables(html: str, repairs: Repairs, hints: Hints | None = None,
                  positions: TextPositions | None = None) -> str:
    """Rebuild half-eaten tables and drop bracket debris (see the module docstring)."""
    if not has_table_debris(html, hints, positions):
        return html
    tokens = _tokenize(html)
    zones = _zones(tokens, html)
    if not zones:
        return html
    repairs["table_debris"] += len(zones)
    return splice(html, [(tokens[first].start, tokens[last_index].end,
                          _rebuild(tokens[first:last_index + 1], html,
                                   inside=_inside_table(tokens, first),
                                   continues=_rows_continue(tokens, first, last_index)))
                         for first, last_index in zones])


def _inside_table(tokens: list[_Token], index: int) -> bool:
    """Does ``tokens[index]`` sit inside a real table? The nearest real table tag before it
    tells (counting openers and closers would not: eaten ``</table>`` tags leave them
    unbalanced)."""
    for token in reversed(tokens[:index]):
        if token.kind == "tag" and token.name in TABLE_TAGS:
            return not (token.name == "table" and token.closing)
    return False


def _rows_continue(tokens: list[_Token], first: int, last: int) -> bool:
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


def _tokenize(html: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while (match := _TOKEN.search(html, pos)) is not None:
        if match.start() > pos:
            tokens.append(_text_token(html, pos, match.start()))
        pos = match.end()
        if match.group("comment"):
            tokens.append(_Token(match.start(), pos, "other", includable=False))
            continue
        name = match.group("name").lower()
        closing = bool(match.group("close"))
        if not closing and name in LITERAL_TAGS and name not in _INLINE_TAGS:
            end = END_OF_LITERAL[name].search(html, pos)
            pos = len(html) if end is None else end.end()
            tokens.append(_Token(match.start(), pos, "other", name=name, includable=False))
            continue
        includable = name in TABLE_TAGS or name in _SEPARATOR_TAGS or name in _INLINE_TAGS
        tokens.append(_Token(match.start(), pos, "tag", name, closing, includable=includable))
    if pos < len(html):
        tokens.append(_text_token(html, pos, len(html)))
    _bound_at_paragraphs(tokens, html)
    return tokens


def _bound_at_paragraphs(tokens: list[_Token], html: str) -> None:
    """A real paragraph of prose is article text, never a cell: it bounds any zone."""
    paragraph: list[_Token] = []
    inside = False
    for token in tokens:
        if token.kind == "tag" and token.name == "p":
            if inside and not token.closing:
                paragraph = []
            elif inside:
                words = sum(len(html[t.start:t.end].split()) for t in paragraph)
                if words > PARAGRAPH_PROSE_WORDS and not any(t.anonymous for t in paragraph):
                    for text in paragraph:
                        text.includable = False
            inside, paragraph = not token.closing, []
        elif inside and token.kind == "text":
            paragraph.append(token)


def _text_token(html: str, start: int, end: int) -> _Token:
    token = _Token(start, end, "text")
    text = html[start:end]
    if "<" not in text and ">" not in text and "&" not in text:
        token.includable = len(text.split()) <= CELL_MAX_WORDS
        return token
    longest = 0
    last = 0
    for mark in _MARK.finditer(text):
        if mark.group("foreign"):
            token.includable = False  # a mangled non-table tag: the markup repair's business
            return token
        longest = max(longest, len(text[last:mark.start()].split()))
        last = mark.end()
        if mark.group("named"):
            token.named = True
        else:
            token.anonymous += 1
    longest = max(longest, len(text[last:].split()))
    token.includable = longest <= CELL_MAX_WORDS
    token.glued = len(_GLUED_CELL.findall(text))
    token.bare = sum(1 for line in text.split("\n")
                     if line.strip() and _BARE.fullmatch(line.strip()))
    return token


def _zones(tokens: list[_Token], html: str) -> list[tuple[int, int]]:
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


def _zone_in_stretch(tokens: list[_Token], first: int, last: int,
                     html: str) -> list[tuple[int, int]]:
    marked = [i for i in range(first, last + 1)
              if tokens[i].kind == "text" and (tokens[i].anonymous or tokens[i].named)]
    if not marked:
        return []
    inner = _tables_inside_cells(tokens, marked, first, html)
    if inner:
        return inner
    start, end = marked[0], marked[-1]
    # Debris inside (or next to) a real table: take the whole real table.
    start, end = _widen_to_tables(tokens, start, end, first, last)
    zone = tokens[start:end + 1]
    marks = _bare_marks_outside_cells(zone, html)
    if any(token.kind == "tag" and token.name in TABLE_TAGS for token in zone):
        # Inside a real table, text outside the cells is never content: one mark is enough.
        if not marks:
            return []
        tree_end = _tree_end(tokens, html, start, end, last)
        return [(start, tree_end if tree_end is not None
                 else _balance_end(tokens, start, end, last, html))]
    return [(start, end)] if _clear_debris(zone, marks) else []


def _balance_end(tokens: list[_Token], start: int, end: int, last: int, html: str) -> int:
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


def _clear_debris(zone: list[_Token], marks: int) -> bool:
    glued = sum(token.glued for token in zone)
    bare = sum(token.bare for token in zone)
    return marks >= MIN_ANONYMOUS_MARKS and (glued >= MIN_GLUED_CELLS or bare >= MIN_BARE_PIECES)


def _tables_inside_cells(tokens: list[_Token], marked: list[int], first: int,
                         html: str) -> list[tuple[int, int]]:
    """A whole table eaten inside one cell of an intact (layout) table: rebuild the inner one
    and leave the outer alone. Marked texts are grouped by the real table tags between them;
    every group must sit in a real cell and show clear debris on its own."""
    groups: list[list[int]] = [[marked[0]]]
    for previous, index in itertools.pairwise(marked):
        between = tokens[previous + 1:index]
        if any(token.kind == "tag" and token.name in TABLE_TAGS for token in between):
            groups.append([index])
        else:
            groups[-1].append(index)
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


def _widen_to_tables(tokens: list[_Token], start: int, end: int, first: int,
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


def _bare_marks_outside_cells(tokens: list[_Token], html: str) -> int:
    count = 0
    in_cell = False
    for token in tokens:
        if token.kind == "tag" and token.name in _CELL_TAGS | _ROW_TAGS:
            in_cell = token.name in _CELL_TAGS and not token.closing
        elif token.kind == "text" and token.anonymous:
            text = html[token.start:token.end]
            count += _cell_text(text).marks if in_cell else token.anonymous
    return count


@dataclass(slots=True)
class _CellText:
    """A text inside an intact real cell, read for debris (see ``_cell_text``)."""

    marks: int
    scan: bool  # a ``< >`` pair: read it like debris outside cells
    lead: bool = False
    inner: str = ""
    trail: bool = False


def _cell_text(text: str, *, in_zone: bool = False, alone: bool = True) -> _CellText:
    """Inside an intact real cell ``<`` and ``>`` are content (``a < b``); only a bracket
    glued to the cell's edge (``12<``, ``>Ann``) or a glued ``<>`` pair is debris.

    ``in_zone``: reading a table already shown to be damaged, where any ``< >`` pair is a
    lost cell boundary and any run of brackets at a cell's edge is debris. There a text of
    nothing but brackets is content only when it is the whole cell (``<td><</td>``, an
    operator table; ``alone``); after the cell's content (``<th>Monarch</div> <``) it is the
    cell's eaten closer."""
    pairs = len((_ANY_PAIR if in_zone else _GLUED_PAIR).findall(text))
    named = _NAMED_MARK.search(text)
    if pairs or named:
        return _CellText(2 * pairs + bool(named), scan=True)
    stripped = text.strip()
    lead = (_LEADING_RUN if in_zone else _LEADING_OPEN).match(stripped)
    trail = (_TRAILING_RUN if in_zone else _TRAILING_CLOSE).search(stripped)
    inner = stripped[lead.end() if lead else 0:trail.start() if trail else len(stripped)]
    if not inner.strip():
        if in_zone and not alone:
            return _CellText(len(_MARK.findall(text)), scan=True)
        lead = trail = None
        inner = text
    else:
        # The space around the text parts it from the cell's links (``on <a>New York</a>``).
        inner = text[:len(text) - len(text.lstrip())] + inner + text[len(text.rstrip()):]
    return _CellText(bool(lead) + bool(trail), scan=False, lead=bool(lead),
                     inner=_html.escape(_html.unescape(inner), quote=False), trail=bool(trail))


def _rebuild(tokens: list[_Token], html: str, *, inside: bool = False,
             continues: bool = False) -> str:
    """Rebuild the zone's tables: from the bracket tree when it is one (``_tree``), else
    each table of the zone on its own (see ``_nested_starts``)."""
    pieces = _tree(tokens, html)
    if pieces is not None:
        return _write(pieces)
    nested = _nested_starts(tokens, html)
    real = sum(token.kind == "tag" and token.name in _CELL_TAGS for token in tokens)
    eaten = sum(token.anonymous for token in tokens if token.kind == "text")
    if not nested and (continues or real > LIGHT_DAMAGE_RATIO * eaten):
        # A table going on past the zone cannot be re-gridded from its head alone.
        return _patch(tokens, html, inside=inside, continues=continues)
    starts = [0, *nested, len(tokens)]
    return "".join(_rebuild_one(tokens[a:b], html) for a, b in itertools.pairwise(starts)
                   if a < b)


class _Patcher:
    """Writes a table whose real cell tags partly survived: real tags stay, each eaten tag is
    put back only where the parser could not guess it (a cell opener before content, a row
    break), so rows and cells the page still marks are never re-gridded."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.cell = ""  # the open cell's tag name, "" when none is open
        self.row_cells = ""  # the name of the last cell opened in this row
        self.closes = 0  # cell/row closers (real or eaten) since the last content
        self.opens = 0
        self.real_row = False  # a real ``<tr>`` since the last content
        self.next_name = "td"

    def tag(self, raw: str, name: str, closing: bool) -> None:
        if name in _CELL_TAGS:
            self._count(closing)
            if not closing:
                self._row_break()
                self.row_cells = name
            self.cell = "" if closing else name
        elif name in _ROW_TAGS:
            self._count(closing)
            self.cell = ""
            if name == "tr" and not closing:
                self.real_row = True
                self.row_cells = ""
        elif self.cell == "" and not closing:
            self._open()
        self.out.append(raw)

    def _count(self, closing: bool) -> None:
        if closing:
            self.closes += 1
        else:
            self.opens += 1

    def _row_break(self) -> None:
        """Two closers or two openers between contents are a row end (``</td></tr>``)."""
        if not self.real_row and (self.closes >= 2 or self.opens >= 2):
            self.out.append("<tr>")
            self.row_cells = ""
        self.closes = self.opens = 0
        self.real_row = False

    def _open(self) -> None:
        self._row_break()
        name = self.next_name
        self.out.append(f"<{name}>")
        self.cell = self.row_cells = name

    def mark(self, closing: bool) -> None:
        self._count(closing)
        if self.cell:
            self.out.append(f"</{self.cell}>")
            self.cell = ""

    def text(self, fragment: str) -> None:
        if not fragment.strip():
            self.out.append(fragment)
            return
        if not self.cell:
            self._open()
        self.out.append(fragment)


def _patch(tokens: list[_Token], html: str, *, inside: bool, continues: bool = False) -> str:
    """``inside``: the zone starts within a real table it does not hold the opener of (the
    table's other rows bound the zone): its tags are patched in place."""
    patcher = _Patcher()
    opener = next((html[t.start:t.end] for t in tokens
                   if t.kind == "tag" and t.name == "table" and not t.closing), None)
    closed = any(t.kind == "tag" and t.name == "table" and t.closing for t in tokens)
    if opener is not None or not inside:
        patcher.out.append(opener or "<table>")
    close = closed or (opener is None and not inside and not continues)
    for index, token in enumerate(tokens):
        raw = html[token.start:token.end]
        if token.kind == "tag":
            if token.name != "table":
                if token.name in _CELL_TAGS and not token.closing:
                    patcher.next_name = token.name
                patcher.tag(raw, token.name, token.closing)
            continue
        if token.kind != "text":
            patcher.out.append(raw)
            continue
        patcher.next_name = _next_cell_name(tokens, index, patcher.row_cells or "td")
        if patcher.cell and not (cell_text := _cell_text(
                raw, in_zone=True, alone=_whole_cell(tokens, index))).scan:
            if cell_text.lead:
                patcher.mark(False)
            patcher.text(cell_text.inner)
            if cell_text.trail:
                patcher.mark(True)
            continue
        last = 0
        for mark in _MARK.finditer(raw):
            patcher.text(raw[last:mark.start()])
            last = mark.end()
            if not mark.group("named"):
                patcher.mark(bool(mark.group("close")))
            else:
                name = mark.group("nname").lower()
                closing = bool(mark.group("nclose"))
                if name != "table":
                    patcher.tag(f"</{name}>" if closing else f"<{name}>", name, closing)
        patcher.text(raw[last:])
    if patcher.cell and close:
        patcher.out.append(f"</{patcher.cell}>")
    if close:
        patcher.out.append("</table>")
    return "".join(patcher.out)


def _whole_cell(tokens: list[_Token], index: int) -> bool:
    """Is ``tokens[index]`` the whole content of a real cell (its opener before, closer after)?"""
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    return (before is not None and before.kind == "tag" and before.name in _CELL_TAGS
            and not before.closing and after is not None and after.kind == "tag"
            and after.name in _CELL_TAGS and after.closing)


def _next_cell_name(tokens: list[_Token], index: int, default: str) -> str:
    """The cell an eaten opener began: the name of the next real cell closer, when no real
    cell opens first (``>Player</th>`` was a ``<th>``)."""
    for token in tokens[index + 1:]:
        if token.kind == "tag" and token.name in _CELL_TAGS:
            return token.name if token.closing else default
        if token.kind == "tag" and token.name in _ROW_TAGS:
            break
    return default


def _nested_starts(tokens: list[_Token], html: str) -> list[int]:
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


def _rebuild_one(tokens: list[_Token], html: str) -> str:
    pieces = _tree(tokens, html)
    if pieces is None:
        cells = _cells(tokens, html)
        opener = next((html[t.start:t.end] for t in tokens
                       if t.kind == "tag" and t.name == "table" and not t.closing), "<table>")
        pieces = [_Grid(opener, _rows(cells))] if cells else []
    return _write(pieces)


def _write(pieces: list[_Grid | str]) -> str:
    return "".join(_table_html(piece) if isinstance(piece, _Grid) else piece
                   for piece in pieces)


@dataclass(slots=True)
class _Grid:
    """A table read back from a zone: its opening tag (the page's own when it survived, so
    its class and id still speak to the boilerplate stripper) and its rows."""

    opener: str
    rows: list[list[_Cell]]
    #: Read from the bracket tree, which is exact: the grid is not second-guessed (no
    #: minimum of clear rows, no caption guessed from a one-cell first row).
    tree: bool = False
    caption: _Cell | None = None


def _table_html(grid: _Grid) -> str:
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


@dataclass(slots=True)
class _Node:
    """An element of the bracket tree: ``name`` is "" when its tag was eaten, ``opener`` the
    page's own opening tag when it survived."""

    name: str
    opener: str = ""
    items: list[str | _Node] = field(default_factory=list)

    def nodes(self) -> list[_Node]:
        return [item for item in self.items if isinstance(item, _Node)]

    def has_content(self) -> bool:
        return any(isinstance(item, str) and item.strip() for item in self.items)


class _TreeBuilder:
    """Reads tokens into a bracket tree: every eaten tag left one bracket (``>`` for an
    opener, ``<`` for a closer), so brackets and surviving table tags nest as the table did,
    whatever the share of tags eaten."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.root = _Node("")
        self.stack = [self.root]
        self.failed = False

    @property
    def balanced(self) -> bool:
        return len(self.stack) == 1 and not self.failed

    def feed(self, token: _Token) -> bool:
        raw = self.html[token.start:token.end]
        if token.kind == "tag" and token.name in TABLE_TAGS:
            self._tag(token.name, token.closing, raw)
        elif token.kind == "text":
            last = 0
            for mark in _MARK.finditer(raw):
                self._content(raw[last:mark.start()])
                last = mark.end()
                if mark.group("named"):
                    name = mark.group("nname").lower()
                    self._tag(name, bool(mark.group("nclose")), f"<{name}>")
                elif mark.group("foreign"):
                    self._content(mark.group(0))
                else:
                    self._tag("", bool(mark.group("close")), "")
            self._content(raw[last:])
        else:
            self._content(raw)
        return not self.failed

    def _tag(self, name: str, closing: bool, raw: str) -> None:
        if name in ("col", "colgroup"):
            return  # column styling: no content, and ``<col>`` has no end tag
        stack = self.stack
        if not closing:
            if name in _CELL_TAGS and stack[-1].name in _CELL_TAGS:
                stack.pop()  # ``<td>a<td>b``: a cell opener closes the open cell
            node = _Node(name, raw if name else "")
            stack[-1].items.append(node)
            stack.append(node)
        elif len(stack) == 1:
            self.failed = True
        elif not name or stack[-1].name in ("", name):
            node = stack.pop()
            node.name = node.name or name  # ``>Date</th>``: the closer names the eaten opener
        else:
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].name == name:  # ``</tr>`` closes a cell left open
                    del stack[depth:]
                    return
            self.failed = True

    def _content(self, fragment: str) -> None:
        if fragment:
            self.stack[-1].items.append(fragment)


def _tree(tokens: list[_Token], html: str) -> list[_Grid | str] | None:
    """The zone read as a bracket tree (``_TreeBuilder``): nodes in a table are sections,
    rows or a caption, nodes in a row cells, nodes in a cell nested tables; an eaten tag's
    role follows from where it sits. The page's own tags keep their attributes.

    None when the brackets do not balance or the tree is not a table's shape (text between
    rows, a bracket per row rather than per tag as in pasted debris): the bracket grammar of
    ``_cells`` reads those."""
    builder = _TreeBuilder(html)
    if not all(builder.feed(token) for token in tokens) or not builder.balanced:
        return None
    pieces: list[_Grid | str] = []
    for item in builder.root.items:
        if isinstance(item, str):
            pieces.append(item)  # page text before or after the table
        elif (grid := _tree_table(item)) is not None:
            pieces.append(grid)
        else:
            return None
    return pieces if any(isinstance(piece, _Grid) for piece in pieces) else None


def _tree_end(tokens: list[_Token], html: str, start: int, end: int, last: int) -> int | None:
    """The first index from ``end`` on (up to ``last``) where the zone from ``start`` closes
    every table it opened: a zone that stops inside a real table (its closers come after the
    last bracket) must take the rest of it, or those closers would close the page's own
    layout cells."""
    builder = _TreeBuilder(html)
    for index in range(start, last + 1):
        if not builder.feed(tokens[index]):
            return None
        if index >= end and builder.balanced:
            return index
    return None


def _tree_table(node: _Node) -> _Grid | None:
    if node.name not in ("", "table"):
        return None  # the zone starts inside a table: rows with no table around them
    grid = _Grid(node.opener or "<table>", [], tree=True)
    return grid if _tree_rows(node, grid, section="") else None


def _tree_rows(node: _Node, grid: _Grid, *, section: str) -> bool:
    """Collect the rows of a table (``section`` "") or of one of its sections into ``grid``.
    The cells of a head section whose tags were eaten were ``<th>``."""
    sections = [item for item in node.items if isinstance(item, _Node)
                and (item.name in ("thead", "tbody", "tfoot")
                     or (not item.name and _eaten_role(item, grid, section=section) == "tbody"))]
    for item in node.items:
        if isinstance(item, str):
            if item.strip():
                return False  # text between rows is not where the tree says it is
            continue
        name = item.name or _eaten_role(item, grid, section=section)
        if name == "tbody" and not item.name and len(sections) > 1 and item is sections[0]:
            name = "thead"  # an eaten section before the body is the table's head
        if name == "caption":
            if grid.caption is not None or grid.rows:
                return False
            caption = _tree_cell(item)
            if caption is None:
                return False
            grid.caption = caption
        elif name == "tr":
            row: list[_Cell] = []
            for sub in item.items:
                if isinstance(sub, str):
                    if sub.strip():
                        return False
                    continue
                cell = _tree_cell(sub) if sub.name in ("", "td", "th") else None
                if cell is None:
                    return False
                cell.gap.th = cell.gap.th or (section == "thead" and not sub.name)
                row.append(cell)
            if row:
                grid.rows.append(row)
        elif name in ("tbody", "thead", "tfoot") and not section:
            if not _tree_rows(item, grid, section=name):
                return False
        elif name != "empty":
            return False
    return True


def _eaten_role(node: _Node, grid: _Grid, *, section: str) -> str:
    """What an eaten tag was, from where it sits: in a section, a row; in a table, the first
    node of nothing but text is its caption, a node of cells (their tags, or text straight
    inside them) a row, anything else a section."""
    children = node.nodes()
    if not children and not node.has_content():
        return "empty"
    if section:
        return "tr"
    if not children:
        return "caption" if grid.caption is None and not grid.rows else "none"
    if any(child.name in ("td", "th") or child.has_content() or not child.nodes()
           for child in children):
        return "tr"
    return "tbody"


def _tree_cell(node: _Node) -> _Cell | None:
    """A cell: its text and tags as written, and the tables nested in it written out."""
    parts: list[str] = []
    for item in node.items:
        if isinstance(item, str):
            parts.append(item)
        elif (grid := _tree_table(item)) is not None:
            parts.append(_table_html(grid))
        else:
            return None
    return _Cell(_Gap(th=node.name == "th", td=node.name == "td"), parts, opener=node.opener)


def _is_header(rows: list[list[_Cell]]) -> bool:
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


def _is_key_value(rows: list[list[_Cell]], body: list[list[_Cell]]) -> bool:
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


def _row_html(row: list[_Cell], tag: str, *, head: bool = False) -> str:
    # A row header (``<th>`` leading a body row, as in infoboxes) keeps its tag where it survived.
    cells = "".join(
        f"{cell.opener or f'<{name}>'}{cell.html()}</{name}>"
        for cell in row
        for name in (_CELL_NAME.get(cell.opener[1:3].lower(), "th" if cell.gap.th else tag),)
    )
    return f"<thead><tr>{cells}</tr></thead>" if head else f"<tr>{cells}</tr>"


def _cells(tokens: list[_Token], html: str) -> list[_Cell]:
    """Read the zone's content and markers into cells, each with the gap before it."""
    reader = _Reader()
    in_real_cell = False
    for index, token in enumerate(tokens):
        raw = html[token.start:token.end]
        if token.kind == "tag":
            if token.name in _CELL_TAGS:
                in_real_cell = not token.closing
                reader.mark(token.closing, anonymous=False, cell=token.name)
            elif token.name in _ROW_TAGS:
                in_real_cell = False
                reader.gap.row = True
                reader.current = None
            elif token.name in _SEPARATOR_TAGS:
                reader.gap.weak = True
            elif reader.current is not None or not raw.startswith("</"):
                reader.content(raw)
            continue
        last = 0
        if in_real_cell and not (cell_text := _cell_text(
                raw, in_zone=True, alone=_whole_cell(tokens, index))).scan:
            if cell_text.lead:
                reader.mark(False, anonymous=True)
            reader.text(cell_text.inner)
            if cell_text.trail:
                reader.mark(True, anonymous=True)
            continue
        for mark in _MARK.finditer(raw):
            reader.text(raw[last:mark.start()])
            last = mark.end()
            if not mark.group("named"):
                reader.mark(bool(mark.group("close")), anonymous=True)
            elif (name := mark.group("nname").lower()) in _ROW_TAGS:
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
        self.cells: list[_Cell] = []
        self.gap = _Gap()
        self.current: _Cell | None = None

    def content(self, fragment: str) -> None:
        if self.current is None or self.gap.any():
            self.current = _Cell(self.gap)
            self.cells.append(self.current)
            self.gap = _Gap()
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


def _count(gap: _Gap, closing: bool, *, anonymous: bool) -> None:
    if closing:
        gap.closes += 1
        gap.anonymous_closes += anonymous
    else:
        gap.opens += 1
        gap.anonymous_opens += anonymous


def _mark_rows(cells: list[_Cell]) -> None:
    """Decide which gaps end a row (see the module docstring) and record it in ``gap.row``."""
    paired = any(cell.gap.anonymous_closes >= 2 or cell.gap.anonymous_opens >= 2
                 for cell in cells[1:])
    for cell in cells[1:]:
        gap = cell.gap
        if paired:
            gap.row = gap.row or gap.closes >= 2 or gap.opens >= 2
        else:
            gap.row = gap.row or (gap.newline and (gap.anonymous_closes + gap.anonymous_opens) > 0)


def _rows(cells: list[_Cell]) -> list[list[_Cell]]:
    rows: list[list[_Cell]] = []
    for cell in cells:
        if not rows or cell.gap.row:
            rows.append([])
        rows[-1].append(cell)
    return [row for row in rows if row]
