"""Patching a lightly damaged table: its real tags stay, and only the eaten ones are put
back where the parser could not guess them."""

from __future__ import annotations

from scraper.repair.tables.tokens import CELL_TAGS, MARK, ROW_TAGS, Token, cell_text, whole_cell

__all__ = ["patch"]

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
        if name in CELL_TAGS:
            self._count(closing)
            if not closing:
                self._row_break()
                self.row_cells = name
            self.cell = "" if closing else name
        elif name in ROW_TAGS:
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


def patch(tokens: list[Token], html: str, *, inside: bool, continues: bool = False) -> str:
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
                if token.name in CELL_TAGS and not token.closing:
                    patcher.next_name = token.name
                patcher.tag(raw, token.name, token.closing)
            continue
        if token.kind != "text":
            patcher.out.append(raw)
            continue
        patcher.next_name = _next_cell_name(tokens, index, patcher.row_cells or "td")
        if patcher.cell and not (reading := cell_text(
                raw, in_zone=True, alone=whole_cell(tokens, index))).scan:
            if reading.lead:
                patcher.mark(False)
            patcher.text(reading.inner)
            if reading.trail:
                patcher.mark(True)
            continue
        last = 0
        for mark in MARK.finditer(raw):
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


def _next_cell_name(tokens: list[Token], index: int, default: str) -> str:
    """The cell an eaten opener began: the name of the next real cell closer, when no real
    cell opens first (``>Player</th>`` was a ``<th>``)."""
    for token in tokens[index + 1:]:
        if token.kind == "tag" and token.name in CELL_TAGS:
            return token.name if token.closing else default
        if token.kind == "tag" and token.name in ROW_TAGS:
            break
    return default
