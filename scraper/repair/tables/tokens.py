"""The lexical layer of table-debris repair: the document as tokens (tags, texts, the rest),
each text read for bracket marks, and the tag sets a debris zone may span."""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass

from scraper.repair.context import END_OF_LITERAL
from scraper.repair.tags import LITERAL_TAGS, TABLE_TAGS, TAG_REST

__all__ = [
    "CELL_MAX_WORDS",
    "CELL_TAGS",
    "MARK",
    "PARAGRAPH_PROSE_WORDS",
    "ROW_TAGS",
    "SEPARATOR_TAGS",
    "CellText",
    "Token",
    "cell_text",
    "ends_cell",
    "tokenize",
    "whole_cell",
]

#: A text longer than this is prose and bounds a zone. Cells can hold a synopsis of a few
#: sentences (film lists, timelines); a zone is also trimmed to its bracket-bearing texts, so a
#: long paragraph only joins when debris stands on both sides of it.
CELL_MAX_WORDS = 150

#: A real ``<p>`` of more words than this, without a bracket, is prose: a zone stops there.
PARAGRAPH_PROSE_WORDS = 25

_TOKEN = re.compile(
    r"(?P<comment><!--[\s\S]*?(?:-->|\Z)|<![^>]*>|<\?[^>]*>)"
    rf"|(?P<tag><(?P<close>/?)(?P<name>[a-zA-Z][^\s/>]*){TAG_REST})"
)

_TABLE_NAMES = "|".join(sorted(TABLE_TAGS, key=len, reverse=True))

MARK = re.compile(
    rf"(?P<named>(?:<|&lt;)\s*(?P<nclose>/?)\s*(?P<nname>{_TABLE_NAMES})\b[^<>&]*?(?:>|&gt;))"
    # A tag of another element ends before the next bracket, real or escaped: a text full of
    # ``&lt;a x=`` that never close would otherwise be read to its end from each of them.
    r"|(?P<foreign>(?:<|&lt;)\s*/?\s*[a-zA-Z][a-zA-Z0-9]*\b(?:[^<>&]|&(?![lg]t;))*?(?:>|&gt;))"
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

_ONLY_BRACKETS = re.compile(r"(?:[<>]|&[lg]t;)(?:\s*(?:[<>]|&[lg]t;))*", re.I)
_LEADING_RUN = re.compile(r"(?:(?:>|&gt;|<|&lt;)\s*)+", re.I)

_TRAILING_RUN = re.compile(r"(?:\s*(?:>|&gt;|<|&lt;))+\Z", re.I)

_LEADING_OPEN = re.compile(r"(?:>|&gt;)(?=\S)", re.I)

_TRAILING_CLOSE = re.compile(r"(?<=\S)(?:<|&lt;)\Z", re.I)

#: Tags that may sit inside a debris zone: table structure, line/paragraph separators, and
#: content that stays inside a cell: inline formatting, media, and lists (infobox cells hold
#: lists of links, a flag image, an anthem's audio player; none must cut the table it sits in
#: into two zones).
SEPARATOR_TAGS = frozenset({"br", "p", "div"})

_INLINE_TAGS = frozenset({"a", "b", "strong", "em", "i", "span", "small", "sup", "sub", "u",
                          "abbr", "time", "mark", "code", "s", "strike", "del", "ins", "q",
                          "cite", "dfn", "var", "font", "nobr", "big", "tt", "bdi", "bdo",
                          "wbr", "data", "img", "ul", "ol", "li", "dl", "dt", "dd", "audio",
                          "video", "source", "track", "picture", "map", "area", "hr"})

ROW_TAGS = frozenset({"tr", "thead", "tbody", "tfoot", "table"})

CELL_TAGS = frozenset({"td", "th", "caption"})


@dataclass(slots=True)
class Token:
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


def tokenize(html: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while (match := _TOKEN.search(html, pos)) is not None:
        if match.start() > pos:
            tokens.append(_text_token(html, pos, match.start()))
        pos = match.end()
        if match.group("comment"):
            tokens.append(Token(match.start(), pos, "other", includable=False))
            continue
        name = match.group("name").lower()
        closing = bool(match.group("close"))
        if not closing and name in LITERAL_TAGS and name not in _INLINE_TAGS:
            end = END_OF_LITERAL[name].search(html, pos)
            pos = len(html) if end is None else end.end()
            tokens.append(Token(match.start(), pos, "other", name=name, includable=False))
            continue
        includable = name in TABLE_TAGS or name in SEPARATOR_TAGS or name in _INLINE_TAGS
        tokens.append(Token(match.start(), pos, "tag", name, closing, includable=includable))
    if pos < len(html):
        tokens.append(_text_token(html, pos, len(html)))
    _bound_at_paragraphs(tokens, html)
    return tokens


def _bound_at_paragraphs(tokens: list[Token], html: str) -> None:
    """A real paragraph of prose is article text, never a cell: it bounds any zone."""
    paragraph: list[Token] = []
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


def _text_token(html: str, start: int, end: int) -> Token:
    token = Token(start, end, "text")
    text = html[start:end]
    if "<" not in text and ">" not in text and "&" not in text:
        token.includable = len(text.split()) <= CELL_MAX_WORDS
        return token
    longest = 0
    last = 0
    for mark in MARK.finditer(text):
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


@dataclass(slots=True)
class CellText:
    """A text inside an intact real cell, read for debris (see ``cell_text``)."""

    marks: int
    scan: bool  # a ``< >`` pair: read it like debris outside cells
    lead: bool = False
    inner: str = ""
    trail: bool = False


def cell_text(text: str, *, in_zone: bool = False, alone: bool = True,
              ends_cell: bool = False) -> CellText:
    """Inside an intact real cell ``<`` and ``>`` are content (``a < b``); only a bracket
    glued to the cell's edge (``12<``, ``>Ann``) or a glued ``<>`` pair is debris.

    ``in_zone``: reading a table already shown to be damaged, where any ``< >`` pair is a
    lost cell boundary and any run of brackets at a cell's edge is debris.

    A text of nothing but brackets is content when it is the whole cell (``<td>>></td>``, an
    operator table; ``alone``). After the cell's content it is the cell's eaten closer when
    a table tag follows it (``<th>Monarch</div> < <td>``; ``ends_cell``) or the table is known
    to be damaged; between content it is content (``Home</a> &gt; <a>News``, a breadcrumb)."""
    if alone and _ONLY_BRACKETS.fullmatch(text.strip()):
        return CellText(0, scan=False, inner=_html.escape(_html.unescape(text), quote=False))
    pairs = len((_ANY_PAIR if in_zone else _GLUED_PAIR).findall(text))
    named = _NAMED_MARK.search(text)
    if pairs or named:
        return CellText(2 * pairs + bool(named), scan=True)
    stripped = text.strip()
    lead = (_LEADING_RUN if in_zone else _LEADING_OPEN).match(stripped)
    trail = (_TRAILING_RUN if in_zone else _TRAILING_CLOSE).search(stripped)
    inner = stripped[lead.end() if lead else 0:trail.start() if trail else len(stripped)]
    if not inner.strip():
        if in_zone or ends_cell:
            return CellText(len(MARK.findall(text)), scan=True)
        lead = trail = None
        inner = text
    else:
        # The space around the text parts it from the cell's links (``on <a>New York</a>``).
        inner = text[:len(text) - len(text.lstrip())] + inner + text[len(text.rstrip()):]
    return CellText(bool(lead) + bool(trail), scan=False, lead=bool(lead),
                     inner=_html.escape(_html.unescape(inner), quote=False), trail=bool(trail))


def ends_cell(tokens: list[Token], index: int) -> bool:
    """Is ``tokens[index]`` followed by a real table tag (where a cell's closer would be)?"""
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    return after is not None and after.kind == "tag" and after.name in TABLE_TAGS


def whole_cell(tokens: list[Token], index: int) -> bool:
    """Is ``tokens[index]`` the whole content of a real cell (its opener before, closer after)?"""
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    return (before is not None and before.kind == "tag" and before.name in CELL_TAGS
            and not before.closing and after is not None and after.kind == "tag"
            and after.name in CELL_TAGS and after.closing)
