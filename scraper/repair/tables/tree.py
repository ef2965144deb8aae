"""The bracket tree: eaten tags each left one bracket, so brackets and surviving table tags
nest as the table did. Read as a tree, a zone gives its grid exactly, whatever the share of
tags eaten, and tables nested in cells come back nested."""

from __future__ import annotations

from dataclasses import dataclass, field

from scraper.repair.tables.grid import Cell, Gap, Grid, table_html
from scraper.repair.tables.tokens import CELL_TAGS, MARK, Token
from scraper.repair.tags import TABLE_TAGS

__all__ = ["read_tree", "tree_end"]


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

    def feed(self, token: Token) -> bool:
        raw = self.html[token.start:token.end]
        if token.kind == "tag" and token.name in TABLE_TAGS:
            self._tag(token.name, token.closing, raw)
        elif token.kind == "text":
            last = 0
            for mark in MARK.finditer(raw):
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
            if name in CELL_TAGS and stack[-1].name in CELL_TAGS:
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


def read_tree(tokens: list[Token], html: str) -> list[Grid | str] | None:
    """The zone read as a bracket tree (``_TreeBuilder``): nodes in a table are sections,
    rows or a caption, nodes in a row cells, nodes in a cell nested tables; an eaten tag's
    role follows from where it sits. The page's own tags keep their attributes.

    None when the brackets do not balance or the tree is not a table's shape (text between
    rows, a bracket per row rather than per tag as in pasted debris): the bracket grammar of
    ``_cells`` reads those."""
    builder = _TreeBuilder(html)
    if not all(builder.feed(token) for token in tokens) or not builder.balanced:
        return None
    pieces: list[Grid | str] = []
    for item in builder.root.items:
        if isinstance(item, str):
            pieces.append(item)  # page text before or after the table
        elif (grid := _tree_table(item)) is not None:
            pieces.append(grid)
        else:
            return None
    return pieces if any(isinstance(piece, Grid) for piece in pieces) else None


def tree_end(tokens: list[Token], html: str, start: int, end: int, last: int) -> int | None:
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


def _tree_table(node: _Node) -> Grid | None:
    if node.name not in ("", "table"):
        return None  # the zone starts inside a table: rows with no table around them
    grid = Grid(node.opener or "<table>", [], tree=True)
    return grid if _tree_rows(node, grid, section="") else None


def _tree_rows(node: _Node, grid: Grid, *, section: str) -> bool:
    """Collect the rows of a table (``section`` "") or of one of its sections into ``grid``.
    The cells of a head section whose tags were eaten were ``<th>``."""
    if any(isinstance(item, str) and item.strip() for item in node.items):
        return False  # text between rows is not where the tree says it is
    roles = [(item, item.name or _eaten_role(item, section=section))
             for item in node.items if isinstance(item, _Node)]
    sections = [item for item, role in roles if role in ("thead", "tbody", "tfoot")]
    for item, name in roles:
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
            row: list[Cell] = []
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


def _eaten_role(node: _Node, *, section: str) -> str:
    """What an eaten tag was, from where it sits: in a section, a row; in a table, a node of
    nothing but text its caption (``_tree_rows`` accepts one, before any row), a node of cells
    (their tags, or text straight inside them) a row, anything else a section."""
    children = node.nodes()
    if not children and not node.has_content():
        return "empty"
    if section:
        return "tr"
    if not children:
        return "caption"
    if any(child.name in ("td", "th") or child.has_content() or not child.nodes()
           for child in children):
        return "tr"
    return "tbody"


def _tree_cell(node: _Node) -> Cell | None:
    """A cell: its text and tags as written, and the tables nested in it written out."""
    parts: list[str] = []
    for item in node.items:
        if isinstance(item, str):
            parts.append(item)
        elif (grid := _tree_table(item)) is not None:
            parts.append(table_html(grid))
        else:
            return None
    return Cell(Gap(th=node.name == "th", td=node.name == "td"), parts, opener=node.opener)
