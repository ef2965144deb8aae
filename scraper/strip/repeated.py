"""Repeated sibling structure: the item list of a listing, a shop's product grid, a job board.

Prose scoring finds running text; a listing has little, since every item is a linked title
with a line or two of details. What marks it instead is repetition: one container whose
children share a shape (same tag, same class words), each holding some text. The container
whose repeated children hold the most text is the page's item list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from selectolax.lexbor import LexborNode

from scraper.strip.junk import CLASS_CACHE_SIZE, Junk, classify
from scraper.strip.prose import Prose

__all__ = ["ItemList", "item_list"]

#: Fewer siblings than this are a layout (two columns, three feature boxes), not a list.
MIN_ITEMS = 5
#: The repeated children together hold at least this much text (a few dozen short titles).
MIN_LIST_CHARS = 400
#: ...and at least this share of their container's text: a list with a big block beside it
#: is that block's page.
MIN_GROUP_SHARE = 0.6
#: Two groups of like children, the second as many as the first give or take this, under one
#: parent are one list whose items take two rows each (the last item may lack its second).
PAIRED_ROWS_SLACK = 1
#: Siblings alike by their first class word only are a list when this share of them holds a
#: heading, a card's title: without the condition an article's own blocks ("td_block_wrap
#: ...") and share buttons made lists, whose items cleaning then spares (goldens; wcxb-dev
#: tune +0.0006 with it, +0.0012 without).
HEADED_SHARE = 0.8
_HEADINGS = "h1, h2, h3, h4, h5, h6"
#: A run of these is an article's running text, not a list of items.
_RUNNING_TEXT = frozenset({"p", "br", "blockquote", "pre"})
#: Digits and hashes in class names differ from item to item (``post-123``, ``css-1x2y3``).
_VARYING = re.compile(r"[0-9]")


def _shape(node: LexborNode) -> tuple[str, str]:
    return node.tag or "", _class_words(node.attributes.get("class") or "")


def _component(node: LexborNode) -> tuple[str, str]:
    """The looser shape: the tag and the first class word, which names the component
    (``post``, ``card``, ``product-tile``); the words after it are its modifiers and
    taxonomy (WordPress's ``category-*`` and ``tag-*`` differ from post to post)."""
    return node.tag or "", _first_word(node.attributes.get("class") or "")


@lru_cache(maxsize=CLASS_CACHE_SIZE)
def _first_word(cls: str) -> str:
    return next((word for word in cls.split() if not _VARYING.search(word)), "")


@lru_cache(maxsize=CLASS_CACHE_SIZE)
def _class_words(cls: str) -> str:
    """A class string without its item-specific words; class strings repeat, so cached."""
    return " ".join(sorted(word for word in cls.split() if not _VARYING.search(word)))


@dataclass(slots=True, frozen=True)
class ItemList:
    """The page's item list: its container (``mem_id``), how many items, their text."""

    ident: int
    items: int
    chars: int


def item_list(measured: Prose) -> ItemList | None:
    """The block whose children are the page's repeated items; None when no container has
    ``MIN_ITEMS`` like children holding ``MIN_LIST_CHARS`` of text. Children are alike when
    tag and class words agree; when no list is found so, when tag and first class word do
    and the items are cards (``_cards``): a category page's posts, each classed by its
    categories. The looser shape tried first cost Scrapinghub 0.005 (teaser streams beside
    articles)."""
    return _item_list(measured, _shape) or _item_list(measured, _component, loose=True)


def _cards(members: list[int], nodes: dict[int, LexborNode]) -> bool:
    """Whether items alike by their first class word only are cards: titled by a heading
    (``HEADED_SHARE`` of them), and not reader comments ("comment even", "comment odd")."""
    if classify(nodes[members[0]]) is Junk.COMMENTS:
        return False
    headed = sum(1 for member in members if nodes[member].css_first(_HEADINGS) is not None)
    return headed >= HEADED_SHARE * len(members)


def _item_list(measured: Prose, shape_of: Callable[[LexborNode], tuple[str, str]],
               loose: bool = False) -> ItemList | None:
    chars = measured.chars
    # Most blocks have a child or two: count first, and gather children only under the
    # blocks that have enough of them and enough text to be a list.
    # Counter's C loop counts every block of the page (keys in first-seen order, as a dict's).
    counts = Counter(parent for ident, parent in measured.parent.items() if chars[ident] > 0)
    children: dict[int, list[int]] = {
        parent: [] for parent, count in counts.items()
        if count >= MIN_ITEMS and chars.get(parent, 0) >= MIN_LIST_CHARS}
    if not children:
        return None
    for ident, parent in measured.parent.items():
        kids = children.get(parent)
        if kids is not None and chars[ident] > 0:
            kids.append(ident)
    best: ItemList | None = None
    nodes = measured.nodes
    for parent, kids in children.items():
        if len(kids) < MIN_ITEMS or measured.is_removed(parent):
            continue
        groups: dict[tuple[str, str], list[int]] = {}
        for kid in kids:
            groups.setdefault(shape_of(nodes[kid]), []).append(kid)
        ranked = sorted(groups.items(), key=lambda group: len(group[1]), reverse=True)
        shape, members = ranked[0]
        if len(members) < MIN_ITEMS or shape[0] in _RUNNING_TEXT:
            continue
        if loose and not _cards(members, nodes):
            continue
        items = len(members)
        if len(ranked) > 1 and ranked[1][0][0] == shape[0] \
                and abs(len(ranked[1][1]) - items) <= PAIRED_ROWS_SLACK \
                and classify(nodes[members[0]]) is not Junk.COMMENTS:
            # Items in two rows of their own, as many of each: a title row, then a row of
            # details (points, age, comments), as link aggregators and forum indexes lay out.
            # Not reader comments whose classes alternate "even" and "odd": they are no list
            # of the page's items.
            members = members + ranked[1][1]
        total = sum(chars.get(kid, 0) for kid in members)
        if total < MIN_LIST_CHARS or total < MIN_GROUP_SHARE * chars.get(parent, 0):
            continue
        if best is None or total > best.chars:
            best = ItemList(parent, items, total)
    return best
