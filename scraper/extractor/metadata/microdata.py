"""Microdata (``itemprop``): headline, author, dates, publisher, language, section, keywords.

One pass over ``[itemprop]`` elements. A property's value is its ``content``, ``datetime`` or
``href``-less text, as the microdata spec reads them; an ``author``/``publisher`` that is an
item itself is named by its inner ``itemprop=name``. Properties that belong to a comment or a
review inside the page (their nearest item is a Comment) are skipped: they describe someone
else's text.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extractor.metadata.authors import looks_like_byline
from scraper.extractor.metadata.candidates import ORG_AUTHORS, Candidates

__all__ = ["read_microdata"]

SOURCE = "microdata"

_FIELDS = {
    "headline": "title",
    "datepublished": "published",
    "datecreated": "published",
    "datemodified": "modified",
    "inlanguage": "language",
    "articlesection": "section",
    "keywords": "tags",
    "description": "description",
}
_PEOPLE = ("author", "creator")

#: Item types whose properties describe someone else's text inside the page.
_FOREIGN_ITEMS = ("comment", "usercomments", "answer", "question")

#: How far up to look for the enclosing item; microdata items nest a few levels at most.
MAX_SCOPE_DEPTH = 25


def read_microdata(tree: LexborHTMLParser) -> Candidates:
    """Candidates from the page's microdata."""
    found = Candidates()
    for node in tree.css("[itemprop]"):
        attrs = node.attributes  # built afresh by each read: read once
        props = (attrs.get("itemprop") or "").lower().split()
        for prop in props:
            if prop in _FIELDS:
                if _in_foreign_item(node):
                    break
                value = _value(node)
                if prop == "keywords" and value:
                    for tag in value.split(","):
                        found.add("tags", tag, SOURCE)
                else:
                    found.add(_FIELDS[prop], value, SOURCE)
            elif prop in _PEOPLE:
                if _in_foreign_item(node):
                    break
                name = _item_name(node)
                if name:
                    field = ORG_AUTHORS if _is_org(node) else "authors"
                    found.add_raw(field, name, SOURCE)
            elif prop == "publisher" and "itemscope" in attrs:
                found.add("site_name", _item_name(node), SOURCE)
    return found


def _value(node: LexborNode) -> str | None:
    attrs = node.attributes
    for key in ("content", "datetime"):
        if attrs.get(key):
            return attrs[key]
    if node.tag == "abbr" and attrs.get("title"):
        # <abbr itemprop=datePublished title="2019-05-01T14:30:00+02:00">14:30</abbr> (Blogger,
        # microformats): the title is the value, the text only its short display.
        return attrs["title"]
    if node.tag == "data" and attrs.get("value"):
        return attrs["value"]
    if node.tag in ("meta", "link"):
        return None
    return node.text(deep=True)


def _item_name(node: LexborNode) -> str | None:
    """An item's name: its inner ``itemprop=name`` (or given + family name), else its text."""
    if "itemscope" not in node.attributes:
        value = _value(node)
        return value if value is None or looks_like_byline(value) else None
    name = node.css_first('[itemprop~="name"]')
    if name is not None:
        return _value(name)
    parts = [_value(part) or "" for part in node.css('[itemprop~="givenName"], '
                                                      '[itemprop~="familyName"]')]
    if any(parts):
        return " ".join(parts)
    if node.css_first("[itemprop]") is not None:
        return None
    text = node.text(deep=True, separator=" ")
    return text if looks_like_byline(text) else None


def _is_org(node: LexborNode) -> bool:
    return "organization" in (node.attributes.get("itemtype") or "").lower()


def _in_foreign_item(node: LexborNode) -> bool:
    parent = node.parent
    for _ in range(MAX_SCOPE_DEPTH):
        if parent is None:
            return False
        attrs = parent.attributes
        if "itemscope" in attrs:
            item_type = (attrs.get("itemtype") or "").lower()
            return item_type.rstrip("/").rsplit("/", 1)[-1] in _FOREIGN_ITEMS
        parent = parent.parent
    return False
