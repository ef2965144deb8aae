"""Which elements are boilerplate by their own markup (tag, role, class, id), and how to remove
many nodes safely."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from functools import lru_cache

from selectolax.lexbor import LexborNode

from scraper.strip.selectors import (
    COMMENT_PATTERN,
    CONSENT_PATTERN,
    GALLERY_PATTERN,
    JUNK_PATTERN,
    JUNK_ROLES,
    KEEP_PATTERN,
    PAYWALL_PATTERN,
    STRUCTURAL_TAGS,
    attr_string,
)

__all__ = ["Junk", "classify", "drop_nodes", "unique", "without_nested"]


class Junk(Enum):
    """Why an element is boilerplate."""

    COMMENTS = "comments"
    CONSENT = "consent"
    PAYWALL = "paywall"
    GALLERY = "gallery"
    FURNITURE = "furniture"


#: Distinct class/id strings whose verdict is remembered (a few thousand per site).
CLASS_CACHE_SIZE = 8192

#: Elements that are never judged by their class: the document itself.
_NEVER_JUNK = frozenset({"html", "body", "head"})


def classify(node: LexborNode) -> Junk | None:
    """``Junk`` kind of ``node`` judged from its own markup only (no text measure)."""
    tag = node.tag
    if tag in _NEVER_JUNK:
        return None
    if tag in STRUCTURAL_TAGS:
        return Junk.FURNITURE
    attributes = node.attributes
    if not attributes:
        return None
    role = attributes.get("role")
    if role and role.lower() in JUNK_ROLES:
        return Junk.FURNITURE
    cls = attributes.get("class")
    ident = attributes.get("id")
    if not cls and not ident:
        return None
    return _classify_words(cls, ident)


@lru_cache(maxsize=CLASS_CACHE_SIZE)
def _classify_words(cls: str | None, ident: str | None) -> Junk | None:
    """Class/id strings repeat across elements and pages (``row``, ``col-md-8``), so the
    verdict per string is cached; most strings match no pattern at all."""
    attrs = attr_string({"class": cls, "id": ident})
    if not attrs:
        return None
    if KEEP_PATTERN.search(attrs):
        return None
    if COMMENT_PATTERN.search(attrs):
        return Junk.COMMENTS
    if CONSENT_PATTERN.search(attrs):
        return Junk.CONSENT
    if PAYWALL_PATTERN.search(attrs):
        return Junk.PAYWALL
    if GALLERY_PATTERN.search(attrs):
        return Junk.GALLERY
    if JUNK_PATTERN.search(attrs):
        return Junk.FURNITURE
    return None


def unique(nodes: Iterable[LexborNode]) -> list[LexborNode]:
    """``nodes`` once each, in order: lexbor returns a node once per selector of a list that
    it matches."""
    return list({node.mem_id: node for node in nodes}.values())


def without_nested(nodes: Iterable[LexborNode]) -> list[LexborNode]:
    """``nodes`` minus duplicates and those inside another one of them, so each subtree is
    removed once (a node inside a decomposed subtree is freed memory and must not be touched).
    lexbor returns a node once per selector of a list that it matches, hence the duplicates."""
    unique = {node.mem_id: node for node in nodes}
    chosen: list[LexborNode] = []
    ids = set(unique)
    # Whether an element is or sits inside one of ``nodes``, for every element passed on the
    # way up: each is climbed once, not once per node below it (deeply nested pages).
    inside: dict[int, bool] = {}
    for node in unique.values():
        path = []
        parent = node.parent
        nested = False
        while parent is not None:
            ident = parent.mem_id
            if ident in ids:
                nested = True
                break
            known = inside.get(ident)
            if known is not None:
                nested = known
                break
            path.append(ident)
            parent = parent.parent
        for ident in path:
            inside[ident] = nested
        if not nested:
            chosen.append(node)
    return chosen


def drop_nodes(nodes: Iterable[LexborNode]) -> int:
    """Decompose ``nodes`` (nested ones once); returns how many subtrees went."""
    chosen = without_nested(nodes)
    for node in chosen:
        node.decompose()
    return len(chosen)
