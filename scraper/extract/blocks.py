"""Main content node -> ordered list of ``Block``.

One walk in document order. Inline content (text, links, emphasis, unknown elements)
accumulates into a paragraph buffer; every block-level element flushes it. Structural
elements become their own block types: headings, lists, data tables (layout tables are
walked through like divs), quotes, code (whitespace kept), images with their captions.
A final pass drops boilerplate lines and trims the edges (bylines, share prompts, "Related").
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from scraper.models import Block, BlockType, Link
from scraper.settings import ExtractSettings
from scraper.strip.measure import collapse
from scraper.strip.selectors import INLINE_TAGS, SKIP_TAGS

__all__ = ["extract_blocks"]

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|brush|highlight-source)[-:]([\w+#.-]+)", re.I)
_LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "data-url", "data-srcset", "srcset")
#: Stands for a <br> (or a block edge in quotes) while text is gathered: source newlines are
#: plain whitespace, only these become line breaks. A private-use character, never in pages'
#: text in practice and not whitespace for ``str.split``.
_BREAK = "\ue000"
_BLANK_LINES = re.compile(_BREAK + r"\s*" + _BREAK + r"[\s" + _BREAK + "]*")

_OWN_BLOCKS = frozenset({*_HEADINGS, "ul", "ol", "table", "blockquote", "pre", "figure", "p"})

#: Nesting deeper than this is not an article layout but a broken or hostile page; below it
#: text is taken flat (lexbor's own walk), which also keeps Python's recursion limit safe.
MAX_WALK_DEPTH = 150

#: A table with a single column, or whose cells hold paragraphs and divs, is page layout.
MIN_DATA_COLUMNS = 2


class _Walker:
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
        if text:
            self.links.append(Link(text=text, href=self.resolve(href)))

    def resolve(self, url: str) -> str:
        url = url.strip()
        if url.startswith(("https://", "http://")):
            return url  # already absolute: urljoin would only cost time
        if self.base_url:
            try:
                return urljoin(self.base_url, url)
            except ValueError:
                return url
        return url

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
        if tag in _HEADINGS:
            text = _inline_text(node)
            if text:
                self.blocks.append(Block(BlockType.HEADING, text=text, level=_HEADINGS[tag]))
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
        links: list[Link] = []
        for child in node.iter():
            if child.tag == "li":
                text = _inline_text(child)
                if text:
                    items.append(text)
                    links.extend(self._anchors(child))
                for img in child.css("img"):
                    self.image(img, None)
            elif child.tag in ("ul", "ol"):
                self.list_block(child, child.tag == "ol", depth + 1)
        if items:
            self.blocks.append(Block(BlockType.LIST, items=items, ordered=ordered,
                                     links=links or None))
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
            if text:
                out.append(Link(text=text, href=self.resolve(href)))
        return out

    def table(self, node: LexborNode, depth: int) -> None:
        rows = _data_rows(node)
        if rows is None:
            for cell in node.css("td, th"):
                if _owner_table(cell) == node.mem_id:
                    self.flush()
                    self.walk(cell, depth + 1)
                    self.flush()
            return
        if rows:
            header = node.css_first("thead, th") is not None
            caption = node.css_first("caption")
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
        src = _image_src(node)
        if src is None:
            return
        alt = node.attributes.get("alt")
        self.images.append(Block(BlockType.IMAGE, src=self.resolve(src),
                                 alt=collapse(alt) if alt else None, caption=caption or None))


def _clean_lines(text: str) -> str:
    """Collapse whitespace inside each line; the break marks (from <br>) become newlines."""
    if _BREAK not in text:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split(_BREAK))
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


def _owner_table(cell: LexborNode) -> int | None:
    parent = cell.parent
    while parent is not None:
        if parent.tag == "table":
            return parent.mem_id
        parent = parent.parent
    return None


def _data_rows(table: LexborNode) -> list[list[str]] | None:
    """Rows of cell texts if ``table`` holds data; None if it is page layout."""
    role = (table.attributes.get("role") or "").lower()
    if role in ("presentation", "none"):
        return None
    if table.css_first("table, p, div, h1, h2, h3, ul, ol, pre, blockquote") is not None \
            and table.css_first("th") is None:
        return None
    table_id = table.mem_id
    rows: list[list[str]] = []
    width = 0
    for row in table.css("tr"):
        if _owner_table(row) != table_id:
            continue
        cells = [_inline_text(cell) for cell in row.iter() if cell.tag in ("td", "th")]
        if any(cells):
            rows.append(cells)
            width = max(width, len(cells))
    if width < MIN_DATA_COLUMNS and table.css_first("th") is None:
        return None
    return rows


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


# -- trimming ---------------------------------------------------------------------------------

#: Lines that are page furniture wherever they stand.
_FURNITURE_LINE = re.compile(
    r"^(?:advertisement|advertising|sponsored|ad|story continues below(?: advertisement)?|"
    r"continue reading(?: below| the main story)?|share(?: this)?(?: article| story| post)?|"
    r"share on \w+|tweet|email|print|related(?: articles| stories| posts| content)?|"
    r"read more|more:|see also|you may also like|recommended(?: for you)?|"
    r"click to (?:share|email|print)[^\n]*|sign up[^\n]{0,60}|subscribe[^\n]{0,60}|"
    r"follow us[^\n]{0,40}|comments?|leave a (?:comment|reply)|skip to [^\n]{0,30}|"
    r"back to top|loading\W*|image|photo|video|getty images|"
    r"this (?:article|story) (?:is|was) (?:more than|over) [^\n]{0,40} old\.?)$",
    re.I,
)
#: Short lines at the edges that are bylines, datelines or credits, not the story.
_EDGE_LINE = re.compile(
    r"^(?:by |posted |published |updated |last updated |written by |words by |photos? by |"
    r"image:|photo:|credit:|source:|tags?:|filed under|categories:|topics:|"
    r"©|\(c\)|copyright |all rights reserved)",
    re.I,
)
#: A line opening with one of these labels and made mostly of links promotes other pages.
_PROMO_WORDS = (
    r"(?:related(?: stories| articles| coverage| content| posts)?|more|read more|read also|"
    r"also read|see also|see more|don.?t miss|must read|read next|recommended|"
    r"you may also like|further reading|more from [^:]{1,40}|more on [^:]{1,40}|watch|listen)"
)
_PROMO_START = re.compile(_PROMO_WORDS + r"\s*[:|\u2014\u2013-]", re.I)
#: A promotion label standing alone on its line ("DON'T MISS"); the link lines after it go.
_PROMO_LABEL = re.compile(_PROMO_WORDS + r"\W*$", re.I)
#: Share of such a line's text that is link text.
PROMO_LINK_SHARE = 0.5
#: Only short blocks are judged as furniture; a long paragraph that starts with "By" is prose.
MAX_FURNITURE_CHARS = 100
#: Edge blocks: a block whose text is mostly links and shorter than this is navigation.
MAX_EDGE_LINK_CHARS = 120
#: A trailing capitalised paragraph this short without sentence punctuation is the label of a
#: removed box ("MORE ENVIRONMENT NEWS"), not the story's last line.
MAX_LABEL_CHARS = 60
_SENTENCE_END = (".", "!", "?", "\"", "”", ")", "。", "…", "'", "’")
#: Link-text share above which a short edge block is navigation.
EDGE_LINK_SHARE = 0.6


def _is_promo(block: Block) -> bool:
    """"Related: <link>" / "More: <link>, <link>": a promotion line inside the story."""
    if block.type not in (BlockType.PARAGRAPH, BlockType.LIST) or not block.links:
        return False
    text = block.plain_text().lstrip("- ")
    if not _PROMO_START.match(text):
        return False
    linked = sum(len(link.text) for link in block.links)
    return linked >= PROMO_LINK_SHARE * len(text)


def _is_furniture(block: Block) -> bool:
    if _is_promo(block):
        return True
    if block.type not in (BlockType.PARAGRAPH, BlockType.HEADING):
        return False
    text = block.text
    return len(text) <= MAX_FURNITURE_CHARS and bool(_FURNITURE_LINE.match(text.strip(" :.")))


def _is_edge_junk(block: Block) -> bool:
    if block.type is BlockType.IMAGE:
        return False
    text = block.plain_text()
    if not text:
        return True
    if len(text) > MAX_FURNITURE_CHARS and block.type is not BlockType.LIST:
        return False
    if block.type in (BlockType.PARAGRAPH, BlockType.HEADING) and _EDGE_LINE.match(text):
        return True
    if block.links and len(text) <= MAX_EDGE_LINK_CHARS:
        linked = sum(len(link.text) for link in block.links)
        return linked >= EDGE_LINK_SHARE * len(text)
    return False


def _is_label(block: Block) -> bool:
    """A heading, or a short capitalised line without sentence punctuation: the title of a
    box whose content was removed."""
    if block.type is BlockType.HEADING:
        return True
    if block.type is not BlockType.PARAGRAPH:
        return False
    text = block.text.strip()
    return len(text) <= MAX_LABEL_CHARS and text.isupper() and not text.endswith(_SENTENCE_END)


def _linky(block: Block) -> bool:
    text = block.plain_text()
    if not text or not block.links:
        return False
    return sum(len(link.text) for link in block.links) >= PROMO_LINK_SHARE * len(text)


def _without_promos(blocks: list[Block]) -> list[Block]:
    """Drop furniture lines, and promotion labels with the link lines that follow them."""
    kept: list[Block] = []
    after_label = False
    for block in blocks:
        if after_label and _linky(block):
            continue
        after_label = block.type in (BlockType.PARAGRAPH, BlockType.HEADING) \
            and bool(_PROMO_LABEL.match(block.text.strip()))
        if after_label or _is_furniture(block):
            continue
        kept.append(block)
    return kept


def _trim(blocks: list[Block]) -> list[Block]:
    kept = _without_promos(blocks)
    start, end = 0, len(kept)
    while start < end and _is_edge_junk(kept[start]):
        start += 1
    while end > start + 1 and (_is_edge_junk(kept[end - 1]) or _is_label(kept[end - 1])):
        end -= 1
    return kept[start:end]


def extract_blocks(main: LexborNode | None, base_url: str | None,
                   settings: ExtractSettings) -> list[Block]:
    """The blocks of ``main`` in document order, boilerplate lines and edges trimmed."""
    if main is None:
        return []
    walker = _Walker(base_url, settings.links)
    if main.tag in _OWN_BLOCKS:
        walker.block(main, main.tag)
    else:
        walker.walk(main)
    walker.flush()
    return _trim(walker.blocks)
