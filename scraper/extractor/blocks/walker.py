"""The walk from a main node to blocks, in document order.

Inline content (text, links, emphasis, unknown inline elements) accumulates into a paragraph
buffer; every block-level element flushes it. Structural elements become their own block
types: headings, lists, data tables (layout tables are walked through like divs), quotes,
code (whitespace kept), images with their captions.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from scraper.deadline import check_deadline
from scraper.links import join_url
from scraper.models import Block, BlockType, Link
from scraper.repair.tags import HEADING_LEVELS
from scraper.strip.measure import collapse
from scraper.strip.selectors import INLINE_TAGS, SKIP_TAGS
from scraper.strip.tables import has_header_cells, has_part, own_cells, own_rows, row_cells

__all__ = ["OWN_BLOCKS", "Walker"]

_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|brush|highlight-source)[-:]([\w+#.-]+)", re.I)
#: An image declared this many pixels wide or high, or fewer, is a tracking pixel or a spacer,
#: not a picture of the page (beacons are 1x1; the smallest real icons are 12 px and up).
MAX_PIXEL_SIZE = 2
_LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "data-url", "data-srcset", "srcset")
#: Stands for a <br> (or a block edge in quotes) while text is gathered: source newlines are
#: plain whitespace, only these become line breaks. A private-use character, never in pages'
#: text in practice and not whitespace for ``str.split``.
_BREAK = "\ue000"
_BLANK_LINES = re.compile(_BREAK + r"\s*" + _BREAK + r"[\s" + _BREAK + "]*")

OWN_BLOCKS = frozenset({*HEADING_LEVELS, "ul", "ol", "table", "blockquote", "pre", "figure", "p"})

#: Nesting deeper than this is not an article layout but a broken or hostile page; below it
#: text is taken flat (lexbor's own walk), which also keeps Python's recursion limit safe.
MAX_WALK_DEPTH = 150

_HEADER_PARTS = frozenset({"thead"})

#: A table with a single column, or whose cells hold paragraphs and divs, is page layout.
MIN_DATA_COLUMNS = 2

#: A ``<figure>`` with this much text besides its caption is a card (a product tile, a
#: teaser: image, title, price, blurb), walked like a div; an image's figure holds a credit
#: or a "toggle caption" button at most, which Scrapinghub's pages run up to 60 characters.
#: Walking the longer ones moved 4 wcxb-dev tune pages, all up (a product grid of cards
#: came out empty), and no Scrapinghub or Mozilla page.
FIGURE_CARD_CHARS = 60


class Walker:
    """State of one walk: the blocks so far and the paragraph being gathered."""

    def __init__(self, base_url: str | None, links: bool) -> None:
        self.base_url = base_url
        self.want_links = links
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.links: list[Link] = []
        self.images: list[Block] = []

    # -- inline content -------------------------------------------------------------------

    def walk(self, node: LexborNode, depth: int = 0) -> None:
        check_deadline()
        if depth > MAX_WALK_DEPTH:
            self.parts.append(" " + node.text(separator=" ") + " ")
            return
        depth += 1
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                text = child.text_content
                if text:
                    self.parts.append(text)
            elif tag in SKIP_TAGS or tag is None:
                continue
            elif tag == "br":
                self.parts.append(_BREAK)
            elif tag == "a":
                self.anchor(child, depth)
            elif tag in ("img", "amp-img"):
                self.image(child, None)
            elif tag in INLINE_TAGS:
                self.walk(child, depth)
            else:
                self.flush()
                self.block(child, tag, depth)
                self.flush()

    def anchor(self, node: LexborNode, depth: int) -> None:
        start = len(self.parts)
        self.walk(node, depth)
        if not self.want_links:
            return
        href = node.attributes.get("href")
        if not href or href.startswith(("javascript:", "#")):
            return
        text = collapse("".join(self.parts[start:]))
        if text and (resolved := self.resolve(href)) is not None:
            self.links.append(Link(text=text, href=resolved))

    def resolve(self, url: str) -> str | None:
        """``url`` made absolute; ``None`` for one that cannot be parsed (it is dropped)."""
        return join_url(self.base_url, url)

    def flush(self) -> None:
        """Turn the gathered inline content into paragraph blocks (blank lines split)."""
        if self.parts:
            raw = "".join(self.parts)
            self.parts = []
            for chunk in _BLANK_LINES.split(raw):
                text = _clean_lines(chunk)
                if text:
                    self.blocks.append(Block(BlockType.PARAGRAPH, text=text,
                                             links=self._links_in(text)))
            self.links = []
        if self.images:
            self.blocks.extend(self.images)
            self.images = []

    def _links_in(self, text: str) -> list[Link] | None:
        if not self.links:
            return None
        found = [link for link in self.links if link.text in text]
        return found or None

    # -- block elements ---------------------------------------------------------------------

    def block(self, node: LexborNode, tag: str, depth: int = 0) -> None:
        if tag in HEADING_LEVELS:
            text = _inline_text(node)
            if text:
                self.blocks.append(Block(BlockType.HEADING, text=text, level=HEADING_LEVELS[tag]))
        elif tag in ("ul", "ol"):
            self.list_block(node, tag == "ol", depth)
        elif tag == "table":
            self.table(node, depth)
        elif tag == "blockquote":
            self.quote(node)
        elif tag == "pre":
            self.code(node)
        elif tag == "figure":
            self.figure(node, depth)
        elif tag == "hr":
            return
        else:
            self.walk(node, depth)

    def list_block(self, node: LexborNode, ordered: bool, depth: int) -> None:
        if depth > MAX_WALK_DEPTH:
            self.walk(node, depth)
            return
        items: list[str] = []
        sublists: list[Block | None] = []
        links: list[Link] = []
        for child in node.iter():
            if child.tag == "li":
                text = _inline_text(child)
                if text:
                    own, sublist = _nested_list(child, text, depth)
                    items.append(own)
                    sublists.append(sublist)
                    links.extend(self._anchors(child))
                for img in child.css("img"):
                    self.image(img, None)
            elif child.tag in ("ul", "ol"):
                self.list_block(child, child.tag == "ol", depth + 1)
        if items:
            nested = sublists if any(sub is not None for sub in sublists) else None
            self.blocks.append(Block(BlockType.LIST, items=items, ordered=ordered,
                                     links=links or None, sublists=nested))
        self.flush()

    def _anchors(self, node: LexborNode) -> list[Link]:
        if not self.want_links:
            return []
        out = []
        for a in node.css("a[href]"):
            href = a.attributes.get("href")
            if not href or href.startswith(("javascript:", "#")):
                continue
            text = collapse(a.text())
            if text and (resolved := self.resolve(href)) is not None:
                out.append(Link(text=text, href=resolved))
        return out

    def table(self, node: LexborNode, depth: int) -> None:
        rows = _data_rows(node)
        if rows is None:
            for cell in own_cells(node):
                self.flush()
                self.walk(cell, depth + 1)
                self.flush()
            return
        if rows:
            header = has_part(node, _HEADER_PARTS) or has_header_cells(node)
            caption = next((child for child in node.iter() if child.tag == "caption"), None)
            if caption is not None and (text := _inline_text(caption)):
                self.blocks.append(Block(BlockType.PARAGRAPH, text=text))
            self.blocks.append(Block(BlockType.TABLE, rows=rows, header=header,
                                     links=self._anchors(node) or None))

    def quote(self, node: LexborNode) -> None:
        text = _inline_text(node, separator=_BREAK)
        if text:
            self.blocks.append(Block(BlockType.QUOTE, text=text,
                                     links=self._anchors(node) or None))

    def code(self, node: LexborNode) -> None:
        parts: list[str] = []
        _raw_text(node, parts)
        text = "".join(parts).strip("\n")
        if not text.strip():
            return
        self.blocks.append(Block(BlockType.CODE, text=text, language=_language(node)))

    def figure(self, node: LexborNode, depth: int) -> None:
        caption_node = node.css_first("figcaption")
        caption = _inline_text(caption_node) if caption_node is not None else ""
        if len(collapse(node.text())) - len(caption) >= FIGURE_CARD_CHARS:
            self.walk(node, depth)
            return
        images = node.css("img, amp-img")
        for child in node.iter():
            if child.tag in ("table", "pre", "blockquote", "ul", "ol", "p") and \
                    child.css_first("img, amp-img") is None:
                self.block(child, child.tag, depth + 1)
        if not images:
            return  # a video or embed that is gone: its caption alone is not body text
        for index, img in enumerate(images):
            self.image(img, caption if index == 0 and caption else None)
        self.flush()

    def image(self, node: LexborNode, caption: str | None) -> None:
        if _is_pixel(node):
            return
        src = _image_src(node)
        if src is None or (resolved := self.resolve(src)) is None:
            return
        alt = node.attributes.get("alt")
        self.images.append(Block(BlockType.IMAGE, src=resolved,
                                 alt=collapse(alt) if alt else None, caption=caption or None))


def _nested_list(item: LexborNode, text: str, depth: int) -> tuple[str, Block | None]:
    """An item that ends in a nested list: its own text and that list, for ``sublists``;
    ``text`` (the item's whole text) and None for any other item. The nested list is kept
    only when ``text`` is the own text followed by the nested items' texts, so the list's
    ``plain_text`` (and ``Article.text``) reads exactly as with the items run together."""
    last = None
    for child in item.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            if (child.text_content or "").strip():
                last = child
        elif tag is not None and tag not in SKIP_TAGS:
            last = child
    if last is None or last.tag not in ("ul", "ol") or depth >= MAX_WALK_DEPTH:
        return text, None
    sublist = _list_of(last, depth + 1)
    if sublist is None:
        return text, None
    tail = " ".join(sublist.item_texts())
    if text == tail:
        return "", sublist
    if text.endswith(" " + tail):
        return text[:-len(tail) - 1], sublist
    return text, None


def _list_of(node: LexborNode, depth: int) -> Block | None:
    """A nested list as a block of its own (its items' texts, their nested lists)."""
    items: list[str] = []
    sublists: list[Block | None] = []
    for child in node.iter():
        if child.tag == "li" and (text := _inline_text(child)):
            own, sublist = _nested_list(child, text, depth)
            items.append(own)
            sublists.append(sublist)
    if not items:
        return None
    return Block(BlockType.LIST, items=items, ordered=node.tag == "ol",
                 sublists=sublists if any(sub is not None for sub in sublists) else None)


def _clean_lines(text: str) -> str:
    """Collapse whitespace inside each line; the break marks (from <br>) become newlines."""
    if _BREAK not in text:
        return collapse(text)
    lines = (collapse(line) for line in text.split(_BREAK))
    return "\n".join(line for line in lines if line)


def _inline_text(node: LexborNode, separator: str = " ") -> str:
    """Visible text of ``node``, block children separated (so words never run together)."""
    parts: list[str] = []
    _gather(node, parts, separator)
    if separator == _BREAK:
        return _clean_lines("".join(parts))
    return collapse("".join(parts))


def _gather(node: LexborNode, parts: list[str], separator: str, depth: int = 0) -> None:
    if depth > MAX_WALK_DEPTH:
        parts.append(separator + node.text(separator=" ") + separator)
        return
    depth += 1
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            text = child.text_content
            if text:
                parts.append(text)
        elif tag in SKIP_TAGS or tag is None:
            continue
        elif tag == "br":
            parts.append(separator if separator == _BREAK else " ")
        elif tag in INLINE_TAGS:
            _gather(child, parts, separator, depth)
        else:
            parts.append(separator)
            _gather(child, parts, separator, depth)
            parts.append(separator)


def _raw_text(node: LexborNode, parts: list[str], depth: int = 0) -> None:
    if depth > MAX_WALK_DEPTH:
        parts.append(node.text())
        return
    depth += 1
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            text = child.text_content
            if text:
                parts.append(text)
        elif tag == "br":
            parts.append("\n")
        elif tag not in SKIP_TAGS and tag is not None:
            _raw_text(child, parts, depth)
            if tag in ("div", "p", "li") and parts and not parts[-1].endswith("\n"):
                parts.append("\n")


def _language(node: LexborNode) -> str | None:
    for candidate in (node, node.css_first("code")):
        if candidate is None:
            continue
        attrs = candidate.attributes
        for value in (attrs.get("class"), attrs.get("data-lang"), attrs.get("data-language")):
            if not value:
                continue
            match = _LANGUAGE.search(value)
            if match:
                return match.group(1).lower()
            if value in (attrs.get("data-lang"), attrs.get("data-language")):
                return value.strip().lower() or None
    return None


def _data_rows(table: LexborNode) -> list[list[str]] | None:
    """Rows of cell texts if ``table`` holds data; None if it is page layout."""
    role = (table.attributes.get("role") or "").lower()
    if role in ("presentation", "none"):
        return None
    # Header cells make it data whatever its cells hold; those of a table nested in one of its
    # cells say nothing of it (a layout table around a data table).
    header = has_header_cells(table)
    if not header and table.css_first(
            "table, p, div, h1, h2, h3, ul, ol, pre, blockquote") is not None:
        return None
    rows: list[list[str]] = []
    width = 0
    for row in own_rows(table):
        cells = [_inline_text(cell) for cell in row_cells(row)]
        if any(cells):
            rows.append(cells)
            width = max(width, len(cells))
    if width < MIN_DATA_COLUMNS and not header:
        return None
    return rows


def _is_pixel(node: LexborNode) -> bool:
    attrs = node.attributes
    for name in ("width", "height"):
        value = (attrs.get(name) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) <= MAX_PIXEL_SIZE:
            return True
    return False


def _image_src(node: LexborNode) -> str | None:
    attrs = node.attributes
    src = (attrs.get("src") or "").strip()
    if not src or src.startswith("data:"):
        src = ""
        for name in _LAZY_SRC:
            value = (attrs.get(name) or "").strip()
            if value and not value.startswith("data:"):
                src = value.split(",")[0].split()[0] if "srcset" in name else value
                break
    return src or None
