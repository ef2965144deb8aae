"""One walk over the tree that measures where the prose is.

Every block-level element gets its subtree's visible characters, link characters and
*prose* characters (the text of its carriers). A *carrier* is a block whose own inline text
(text not inside a nested block: ``<div><span>text</span></div>`` owns "text") is long
enough and not mostly links; it is the unit readability calls a paragraph, found whatever
tag the site uses. Inline elements are transparent: their text belongs to the enclosing
block. Unknown (custom) elements count as blocks.

The walk is iterative (deeply nested documents exist) and runs once; removals afterwards
keep the totals right through ``Prose.remove``.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborNode

from scraper.deadline import check_deadline
from scraper.repair.tags import HEADING_TAGS
from scraper.strip.selectors import INLINE_TAGS, SKIP_TAGS

__all__ = ["Carrier", "Prose", "measure_prose"]

#: Shorter own text is a label, a button or a date, not prose (readability uses the same 25).
MIN_CARRIER_CHARS = 25
#: A block whose own text is more than half link text is navigation, not prose.
MAX_CARRIER_LINK_SHARE = 0.5
#: A carrier scores one point per this many characters...
CHARS_PER_POINT = 100
#: ...up to this many, so one huge block cannot outvote twenty paragraphs.
MAX_LENGTH_POINTS = 3

#: A text this long that is a JSON object or array (state a script left in the page for
#: itself) is data, not prose: its commas would make it the best paragraph of the page. Any
#: shorter and a bracketed aside ("[Updated: ...]") could look like one.
MIN_DATA_CHARS = 200

_EXTRA_COMMAS = ("\u060c", "\u3001", "\uff0c", "\ufe50")


#: Not a ``mem_id`` (those are addresses): a block ``nearest_marked`` has not climbed yet.
_UNSEEN = -1


@dataclass(slots=True)
class Carrier:
    """A block of running text: its id, own characters and readability-style score."""

    ident: int
    chars: int
    score: float


@dataclass(slots=True)
class Prose:
    """Measures of every block element under the walked root, by ``mem_id``."""

    root_id: int
    nodes: dict[int, LexborNode] = field(default_factory=dict)
    parent: dict[int, int] = field(default_factory=dict)
    chars: dict[int, int] = field(default_factory=dict)
    links: dict[int, int] = field(default_factory=dict)
    prose: dict[int, int] = field(default_factory=dict)
    commas: dict[int, int] = field(default_factory=dict)
    #: How many elements deep under the root each block sits.
    depth: dict[int, int] = field(default_factory=dict)
    carriers: list[Carrier] = field(default_factory=list)
    removed: set[int] = field(default_factory=set)
    # ``is_removed`` answers, valid until the next removal.
    _removed_memo: dict[int, int | None] = field(default_factory=dict, repr=False)

    @property
    def total(self) -> int:
        """Prose characters of the whole walked tree."""
        return self.prose.get(self.root_id, 0)

    def ancestors(self, ident: int) -> list[int]:
        """Block ancestors of ``ident``, nearest first, up to the root."""
        out = []
        parent = self.parent.get(ident)
        while parent is not None:
            out.append(parent)
            parent = self.parent.get(parent)
        return out

    def is_removed(self, ident: int) -> bool:
        """Whether ``ident`` or one of its ancestors was removed."""
        if not self.removed:
            return False
        return self.nearest_marked(ident, self.removed, self._removed_memo) is not None

    def nearest_marked(self, ident: int | None, marks: AbstractSet[int],
                       memo: dict[int, int | None]) -> int | None:
        """``ident`` or its nearest ancestor that is in ``marks``; None when there is none.
        ``memo`` keeps the answer for every block passed on the way up: asked of every block
        of a deeply nested page (one whose tags never close), climbing each one to the root
        would cost depth times blocks; with the memo each block is climbed once."""
        path = []
        found: int | None = None
        while ident is not None:
            if ident in marks:
                found = ident
                break
            known = memo.get(ident, _UNSEEN)
            if known != _UNSEEN:
                found = known
                break
            path.append(ident)
            ident = self.parent.get(ident)
        for passed in path:
            memo[passed] = found
        return found

    def link_density(self, ident: int) -> float:
        chars = self.chars.get(ident, 0)
        return min(1.0, self.links.get(ident, 0) / chars) if chars else 1.0

    def remove(self, ident: int) -> None:
        """Take ``ident``'s subtree out of its ancestors' totals (the caller decomposes it)."""
        if ident in self.removed:
            return
        totals = self._totals(ident)
        for ancestor in self.ancestors(ident):
            self._take(ancestor, totals)
        self.removed.add(ident)
        self._removed_memo.clear()

    def remove_all(self, idents: Iterable[int]) -> None:
        """``remove`` for many blocks, none inside another. Each ancestor's totals change once,
        deepest first, not once per removed block below it: a share bar on every level of a
        page whose tags never close made that depth times blocks (8,000 levels: a minute)."""
        owed: dict[int, list[int]] = {}  # block -> totals to take off it
        deepest_first: list[tuple[int, int]] = []
        for ident in idents:
            if ident in self.removed:
                continue
            self.removed.add(ident)
            self._owe(owed, deepest_first, ident, self._totals(ident))
        while deepest_first:
            ident = heapq.heappop(deepest_first)[1]
            totals = owed.pop(ident)
            self._take(ident, totals)
            self._owe(owed, deepest_first, ident, totals)
        self._removed_memo.clear()

    def _totals(self, ident: int) -> list[int]:
        return [self.chars.get(ident, 0), self.links.get(ident, 0), self.prose.get(ident, 0),
                self.commas.get(ident, 0)]

    def _take(self, ident: int, totals: list[int]) -> None:
        chars, links, prose, commas = totals
        self.chars[ident] -= chars
        self.links[ident] -= links
        self.prose[ident] -= prose
        self.commas[ident] -= commas

    def _owe(self, owed: dict[int, list[int]], deepest_first: list[tuple[int, int]],
             ident: int, totals: list[int]) -> None:
        """Add ``totals`` to what ``ident``'s parent is owed."""
        parent = self.parent.get(ident)
        if parent is None:
            return
        debt = owed.get(parent)
        if debt is None:
            owed[parent] = list(totals)
            heapq.heappush(deepest_first, (-self.depth.get(parent, 0), parent))
        else:
            for index, value in enumerate(totals):
                debt[index] += value


def _is_data(text: str) -> bool:
    """Whether stripped ``text`` is serialised data: bracketed at both ends, with quoted keys."""
    return (text[0] in "{[" and text[-1] in "}]" and '":' in text[:MIN_DATA_CHARS])


def _commas(text: str) -> int:
    commas = text.count(",")
    if not text.isascii():
        # ``map`` over the bound method, not a generator: this runs for every link and every
        # non-ASCII text node, and a generator's frame cost more than the four counts.
        commas += sum(map(text.count, _EXTRA_COMMAS))
    return commas


# What the walk does with a child, by its ``tag``; any other tag is a block (custom elements
# included). One dict lookup instead of a chain of set tests: this runs for every node.
_TEXT, _SKIPPED, _LINK, _INLINE, _BLOCK = range(5)
_KINDS: dict[str | None, int] = {
    **dict.fromkeys(INLINE_TAGS, _INLINE),
    "a": _LINK,
    **dict.fromkeys(SKIP_TAGS, _SKIPPED),
    None: _SKIPPED,  # a node that is neither element, text nor comment
    "-text": _TEXT,
}


def measure_prose(root: LexborNode) -> Prose:
    """Walk ``root`` once and measure every block element under it."""
    root_id = root.mem_id
    measured = Prose(root_id=root_id)
    nodes, parents = measured.nodes, measured.parent
    chars_of, links_of, prose_of = measured.chars, measured.links, measured.prose
    commas_of, depths = measured.commas, measured.depth
    carriers = measured.carriers
    kind_of = _KINDS.get
    nodes[root_id] = root
    # accumulator per open block: own chars, own link chars, own commas,
    # subtree chars, subtree link chars, subtree prose, subtree commas
    root_acc = [0, 0, 0, 0, 0, 0, 0]
    # frames: children iterator, block id, block tag (None for inline frames), acc
    stack: list[tuple[Any, ...]] = [
        (root.iter(include_text=True, skip_empty=True), root_id, root.tag, root_acc)]
    while stack:
        children, block_id, block_tag, acc = stack[-1]
        for child in children:
            tag = child.tag
            kind = kind_of(tag, _BLOCK)
            if kind == _TEXT:
                text = child.text_content
                if text:
                    stripped = text.strip()
                    chars = len(stripped)
                    if chars >= MIN_DATA_CHARS and _is_data(stripped):
                        acc[3] += chars  # seen, but nobody's prose
                    elif chars:
                        acc[0] += chars
                        # inlined _commas: this branch runs for every text node of the page
                        acc[2] += text.count(",") if text.isascii() else _commas(text)
            elif kind == _SKIPPED:
                continue
            elif kind == _LINK:
                # A link's text is link text whatever it wraps (a teaser card's blocks
                # included), so lexbor's own walk measures it.
                text = child.text()
                chars = len(" ".join(text.split()))
                if chars:
                    acc[0] += chars
                    acc[1] += chars
                    acc[2] += text.count(",") if text.isascii() else _commas(text)
            elif kind == _INLINE:
                check_deadline()  # once per element: 200,000 nested ones take seconds here
                stack.append((child.iter(include_text=True, skip_empty=True), block_id, None,
                              acc))
                break
            else:
                check_deadline()
                ident = child.mem_id
                nodes[ident] = child
                parents[ident] = block_id
                depths[ident] = len(stack)
                stack.append((child.iter(include_text=True, skip_empty=True), ident, tag,
                              [0, 0, 0, 0, 0, 0, 0]))
                break
        else:  # every child seen: the frame is done
            stack.pop()
            if block_tag is None:
                continue
            own, own_links, commas, sub_chars, sub_links, sub_prose, sub_commas = acc
            if own >= MIN_CARRIER_CHARS and block_tag not in HEADING_TAGS \
                    and own_links <= MAX_CARRIER_LINK_SHARE * own:
                score = 1.0 + commas + min(own // CHARS_PER_POINT, MAX_LENGTH_POINTS)
                carriers.append(Carrier(block_id, own, score))
                sub_prose += own
            total_chars = own + sub_chars
            total_links = own_links + sub_links
            chars_of[block_id] = total_chars
            links_of[block_id] = total_links
            prose_of[block_id] = sub_prose
            commas_of[block_id] = commas + sub_commas
            if stack:
                parent_acc = stack[-1][3]
                parent_acc[3] += total_chars
                parent_acc[4] += total_links
                parent_acc[5] += sub_prose
                parent_acc[6] += commas + sub_commas
    return measured
