"""Applying a matched rule to a parsed page, before the general stripping runs: its drops,
keeps and containers into the tree, its fields into the metadata.

Order: ``drop`` first, so nothing a rule calls boilerplate leaks into a field (a heading's
anchor into the title); then the fields, from the rest of the page, before ``main`` removes the
header and the sidebars where bylines, dates and sections sit; then ``keep`` and ``main``. A
field selector that finds nothing leaves the field to the general extractor: a rule overrides
only what it names and finds.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extractor.metadata.authors import clean_author, merge_names
from scraper.extractor.metadata.dates import date_from_text, parse_date
from scraper.extractor.metadata.tags import clean_tags
from scraper.links import join_url, split_url
from scraper.models import Metadata
from scraper.rules.model import Rule

__all__ = ["apply_rule", "node_value"]

#: Attributes holding a node's value when it has one, by field kind: a date's machine form
#: (``<time datetime>``, ``<meta content>``), an image's or link's URL (lazy images keep the
#: real one in ``data-src``).
_DATE_ATTRS = ("datetime", "content", "data-time", "title")
_URL_ATTRS = ("content", "data-src", "src", "href")
_TEXT_ATTRS = ("content",)
#: Attributes the general stripping reads as hints that a block is boilerplate or hidden;
#: a ``keep`` node and its descendants lose them, so only the numbers can judge it.
_HINT_ATTRS = ("class", "id", "role", "hidden", "aria-hidden", "style", "itemprop")
_SPACE = re.compile(r"\s+")


def apply_rule(tree: LexborHTMLParser, rule: Rule, metadata: Metadata, base: str | None) -> None:
    """Reshape ``tree`` by ``rule`` and set the fields it names on ``metadata``."""
    for selector in rule.drop:
        for node in reversed(tree.css(selector)):
            node.decompose()
    source = f"rule:{rule.name}"
    for name, selectors in rule.fields.items():
        if name in rule.fill and getattr(metadata, name):
            continue
        value = _read_field(tree, name, selectors, base)
        if value:
            setattr(metadata, name, value)
            metadata.sources[name] = source
    # Containers are found before ``keep`` hides the classes their selectors may name.
    containers = _containers(tree, rule.main) if rule.main and tree.body is not None else []
    for selector in rule.keep:
        for node in tree.css(selector):
            _unhint(node)
    if containers and tree.body is not None:
        for node in containers:  # the rule says they are the article, whatever their names
            _unhint(node, deep=False)
        _isolate(containers, tree.body)


def node_value(node: LexborNode, attrs: tuple[str, ...]) -> str:
    """The first non-empty attribute of ``attrs``, else the node's text, whitespace collapsed."""
    for attr in attrs:
        if value := (node.attributes.get(attr) or "").strip():
            return value
    return _SPACE.sub(" ", node.text(separator=" ")).strip()


def _read_field(tree: LexborHTMLParser, name: str, selectors: tuple[str, ...],
                base: str | None) -> str | list[str] | None:
    for selector in selectors:
        nodes = tree.css(selector)
        if not nodes:
            continue
        if name == "authors":
            names: list[str] = []
            for node in nodes:
                names = merge_names(names, clean_author(node_value(node, _TEXT_ATTRS)))
            if names:
                return names
        elif name == "tags":
            if tags := clean_tags(node_value(node, _TEXT_ATTRS) for node in nodes):
                return tags
        elif name in ("published", "modified"):
            for node in nodes:
                raw = node_value(node, _DATE_ATTRS)
                if found := parse_date(raw) or date_from_text(raw):
                    return found
        elif name in ("image", "next_page"):
            for node in nodes:
                if found := _absolute(node_value(node, _URL_ATTRS), base):
                    return found
        elif text := node_value(nodes[0], _TEXT_ATTRS):
            return text
    return None


def _absolute(value: str, base: str | None) -> str | None:
    resolved = join_url(base, value)  # None for a URL urllib cannot parse (http://[::1/x)
    parts = split_url(resolved) if resolved is not None else None
    return resolved if parts and parts.scheme in ("http", "https") and parts.netloc else None


def _unhint(node: LexborNode, *, deep: bool = True) -> None:
    for current in (node, *node.css("*")) if deep else (node,):
        for attr in _HINT_ATTRS:
            if attr in current.attributes:
                del current.attrs[attr]


def _containers(tree: LexborHTMLParser, selectors: tuple[str, ...]) -> list[LexborNode]:
    """The first node each selector finds, in the rule's order; one inside another is
    already part of it."""
    found: list[LexborNode] = []
    for selector in selectors:
        node = tree.css_first(selector)
        if node is None or any(_contains(other, node) or _contains(node, other)
                               for other in found):
            continue
        found.append(node)
    return found


def _contains(outer: LexborNode, inner: LexborNode) -> bool:
    current: LexborNode | None = inner
    while current is not None:
        if current.mem_id == outer.mem_id:
            return True
        current = current.parent
    return False


def _isolate(containers: list[LexborNode], body: LexborNode) -> None:
    """Keep only ``containers``, then remove everything around them up to body.

    Several containers are poured, in order, into one new element where the first stood: left
    as siblings, the general algorithm would choose the one with the most prose and drop the
    rest (a standfirst beside the body). lexbor inserts copies, so the originals go.
    """
    keep = containers[0]
    if len(containers) > 1 and (blank := _wrapper()) is not None:
        keep.insert_before(blank)
        wrapper = keep.prev
        if wrapper is not None:
            for node in containers:
                for child in list(node.iter(include_text=True)):
                    wrapper.insert_child(child)
                node.decompose()
            keep = wrapper
    current = keep
    kept = current.mem_id
    while current.parent is not None and current.mem_id != body.mem_id:
        for child in [c for c in current.parent.iter(include_text=False) if c.mem_id != kept]:
            child.decompose()
        current = current.parent
        kept = current.mem_id


def _wrapper() -> LexborNode | None:
    """A bare ``<div>`` to hold a rule's containers (a node made by a parser of its own)."""
    return LexborHTMLParser("<div></div>").css_first("div")
