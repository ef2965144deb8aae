"""The records passed between stages.

    RawPage  --decode-->  str  --repair-->  str  --parse-->  tree
    tree  --strip/extract-->  Content (blocks) + Metadata  -->  Article  --serialize-->  JSON line

Only ``Article`` (and the ``Block`` list it holds) is part of the public record; the other
records are stage interfaces.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "Article",
    "Block",
    "BlockType",
    "Blocked",
    "Link",
    "Metadata",
    "PageType",
    "RawPage",
    "Repairs",
]


class BlockType(StrEnum):
    """The kinds of structural block an article is made of."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST = "list"
    TABLE = "table"
    QUOTE = "quote"
    CODE = "code"
    IMAGE = "image"


class PageType(StrEnum):
    """What a page is, judged from its URL, structured data and structure."""

    ARTICLE = "article"
    FORUM = "forum"
    PRODUCT = "product"
    COLLECTION = "collection"
    LISTING = "listing"
    DOCUMENTATION = "documentation"
    SERVICE = "service"
    OTHER = "other"


class Blocked(StrEnum):
    """What kind of wall stands where the article should be."""

    CONSENT_WALL = "consent_wall"
    PAYWALL = "paywall"
    LOGIN_WALL = "login_wall"
    BOT_CHALLENGE = "bot_challenge"
    JS_REQUIRED = "js_required"


class Repairs(Counter[str]):
    """What the repair pass changed, by kind (``mangled_tags``, ``mojibake``, ...)."""


@dataclass(slots=True)
class RawPage:
    """What the fetch stage (or a local file) hands to decoding."""

    body: bytes
    url: str | None = None
    requested_url: str | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str | None = None


@dataclass(slots=True, frozen=True)
class Link:
    """An anchor inside a block, its href resolved against the page URL."""

    text: str
    href: str


@dataclass(slots=True)
class Block:
    """One structural unit of the article body.

    Which fields are set depends on ``type``:
    heading (text, level), paragraph/quote (text), code (text, language),
    list (items, ordered, sublists), table (rows, header), image (src, alt, caption).
    ``links`` is set on text blocks that contain anchors.
    """

    type: BlockType
    text: str = ""
    level: int | None = None
    ordered: bool | None = None
    items: list[str] | None = None
    rows: list[list[str]] | None = None
    header: bool | None = None
    src: str | None = None
    alt: str | None = None
    caption: str | None = None
    language: str | None = None
    links: list[Link] | None = None
    #: A list's nested lists, one entry per item (None for an item without one), set only
    #: when some item has one; that item's text in ``items`` is then its own text.
    sublists: list[Block | None] | None = None

    def plain_text(self) -> str:
        """The block as plain text, as it appears in ``Article.text``."""
        if self.type is BlockType.LIST and self.items is not None:
            return "\n".join(f"- {item}" for item in self.item_texts())
        if self.type is BlockType.TABLE and self.rows is not None:
            return "\n".join(" | ".join(row) for row in self.rows)
        if self.type is BlockType.IMAGE:
            # Captions and credits are not body text (they stay in ``caption``); counting
            # them cost 0.004 F1 on the Scrapinghub set, whose truth leaves them out.
            return ""
        return self.text

    def item_texts(self) -> list[str]:
        """A list's items with the items of the list nested in each run in after its own
        text, as ``Article.text`` shows them (one line an item of the outer list)."""
        items = self.items or []
        if not self.sublists:
            return list(items)
        out = []
        for item, sub in zip(items, self.sublists, strict=False):
            tail = " ".join(sub.item_texts()) if sub is not None else ""
            out.append(f"{item} {tail}" if item and tail else item or tail)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; fields that do not apply to this block type are left out."""
        out: dict[str, Any] = {"type": self.type.value}
        for name in ("text", "level", "ordered", "items", "rows", "header", "src", "alt",
                     "caption", "language"):
            value = getattr(self, name)
            if value is None or (name == "text" and self.type in _NO_TEXT_TYPES):
                continue
            out[name] = value
        if self.sublists:
            out["sublists"] = [sub.to_dict() if sub is not None else None
                               for sub in self.sublists]
        if self.links:
            out["links"] = [{"text": link.text, "href": link.href} for link in self.links]
        return out


_NO_TEXT_TYPES = frozenset({BlockType.LIST, BlockType.TABLE, BlockType.IMAGE})


@dataclass(slots=True)
class Metadata:
    """Everything known about a page besides its body, with where each value came from."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    description: str | None = None
    image: str | None = None
    canonical_url: str | None = None
    page_type_hint: str | None = None
    #: The next page of a multi-page article; only a site rule's ``next_page`` sets it.
    next_page: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Article:
    """The record scraper produces for one page: one JSON object a line."""

    url: str | None = None
    requested_url: str | None = None
    canonical_url: str | None = None
    status: int | None = None
    fetched_at: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    description: str | None = None
    image: str | None = None
    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    word_count: int = 0
    content_hash: str | None = None
    page_type: PageType = PageType.ARTICLE
    blocked: Blocked | None = None
    #: 0-1 confidence that ``text`` is the page's main content, all of it and only it: route
    #: pages below 0.5 to a fallback or a person (see bench/README.md for how well it ranks).
    extraction_quality: float = 0.0
    sources: dict[str, str] = field(default_factory=dict)
    repairs: dict[str, int] = field(default_factory=dict)
    comments: list[Block] | None = None
    extractor_version: str = ""
    #: Set only by a site rule's ``next_page``, and written only when set: records of pages
    #: without one keep their shape.
    next_page: str | None = None
    #: The pages joined into this record, the first page's URL first: set only by a crawl
    #: that followed ``next_page`` (``scraper.crawler.pages``), and written only when set.
    pages: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready dict, keys in the documented order."""
        out: dict[str, Any] = {}
        for name in _ARTICLE_FIELDS:
            value = getattr(self, name)
            if name in _WRITTEN_WHEN_SET and value is None:
                continue
            if name in ("blocks", "comments") and value is not None:
                value = [block.to_dict() for block in value]
            elif isinstance(value, StrEnum):
                value = value.value
            elif isinstance(value, (list, dict)):
                value = type(value)(value)
            out[name] = value
        return out

    # Renderers live in the last stage (scraper.render), imported when called so that the
    # records never depend on it at load time.

    def to_markdown(self) -> str:
        """The article as Markdown: YAML front matter, then CommonMark with GFM tables."""
        from scraper.render import to_markdown

        return to_markdown(self)

    def to_text(self) -> str:
        """The article as plain text, title first, ordered lists numbered."""
        from scraper.render import to_text

        return to_text(self)

    def to_html(self) -> str:
        """The article as a sanitized, standalone HTML5 document."""
        from scraper.render import to_html

        return to_html(self)


_ARTICLE_FIELDS = tuple(Article.__dataclass_fields__)
_WRITTEN_WHEN_SET = frozenset({"next_page", "pages"})
