"""Cleaning inside the chosen main node: boilerplate by markup, then containers that look
"fishy" by their numbers (readability's conditional cleaning), then the title heading."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.deadline import check_deadline
from scraper.strip.junk import (
    Junk,
    classify_marked,
    layout_vocabulary,
    unique,
    without_nested,
)
from scraper.strip.measure import collapse, visible_len
from scraper.strip.prose import Prose
from scraper.strip.scoring import (
    CLASS_WEIGHT,
    INNER_THREAD_MAX_OUTSIDE,
    MIN_OTHER_PROSE,
    class_weight,
    is_thread,
    negative_word,
    text_slides,
)
from scraper.strip.selectors import INLINE_TAGS, attr_string
from scraper.vocabulary import PROMO_HEADING, ZOOM_WORDS

__all__ = ["clean_conditionally", "drop_title_headings", "is_data_table", "junk_inside"]

_JUNK_CANDIDATES = "[class], [id], [role], nav, aside, footer, header, form, menu"
_CONDITIONAL = "div, section, ul, ol, dl, table, aside, center"

#: Inside the main node, a container holding more than this share of its prose is the article
#: itself, whatever its class says.
INNER_GUARD_SHARE = 0.5
#: A box with a captioned figure and at most this much text is that figure.
MAX_FIGURE_CHARS = 300
#: ...whose caption is at least this share of its text (no byline or date beside it).
FIGURE_CAPTION_SHARE = 0.9
#: readability: ten commas mean running prose; such a container is never "fishy".
PROSE_COMMAS = 10
#: Link density above which a container without strong content evidence is a link list.
MAX_LINK_DENSITY = 0.2
#: ...unless it is a card: a linked title over a summary of this much running text, up to
#: this link density (wcxb-dev tune +0.0006, 7 pages better, 1 worse; density 0.4 the same,
#: 400 characters +0.0002; the density limit alone at 0.33 cost Scrapinghub and Mozilla).
CARD_PROSE = 200
CARD_MAX_LINK_DENSITY = 0.33
#: Link density above which even a container with a content class is a link list.
MAX_LINK_DENSITY_POSITIVE = 0.5
#: Text shorter than this (with links and no image) is a button row or a label.
MIN_CONTAINER_CHARS = 25
#: A box of pictures with few paragraphs is a gallery or a logo wall, unless it holds this
#: much running text and few links: customer quotes beside their avatars, feature boxes
#: beside their icons, written in divs (wcxb-dev tune: 100, 200 and 400 gave +0.0008,
#: +0.0007, +0.0006; two sentences' worth).
IMAGE_BOX_PROSE = 200
#: A box with at least this share of its text in <pre> is a code sample whatever its class
#: says (the rest is its language tab and "Copy" button; half, not tuned).
CODE_SAMPLE_SHARE = 0.5
#: Lists: link density above which a list is navigation (article lists of sources have
#: prose around the links).
MAX_LIST_LINK_DENSITY = 0.5
#: A promotion label ("More from Science") is a short line.
MAX_PROMO_LABEL_CHARS = 60
#: An item list with this many times more text than main's prose beside it is main's content:
#: the containers between the two are not judged. With less, the list is a stream beside an
#: article, which may go. (wcxb-dev tune: 3 and 4 give +0.0024 F1 over a floor of 200 prose
#: characters under which main was the list's, with no page worse; 8 loses a
#: shop page, 2.5 a running-shoe page; a news item of Scrapinghub followed by its site's
#: headline stream is at 2.4, which keeping lost 0.59; 4 for a margin from it.)
LIST_PAGE_RATIO = 4.0
#: Containers nested deeper than this under the main node are not judged: no article layout
#: nests so deep (the block walker takes such content flat), and judging each one searches
#: its whole subtree, which made a page of thousands of nested tables take minutes.
MAX_CLEAN_DEPTH = 150
#: A heading this similar to the page title is the title, already in the metadata.
TITLE_SIMILARITY = 0.8


def junk_inside(main: LexborNode, measured: Prose, kept: frozenset[int] = frozenset()
                ) -> tuple[list[LexborNode], list[LexborNode], set[str]]:
    """Boilerplate subtrees inside ``main`` by markup: (furniture, comment sections, the
    layout vocabulary that marked neither); nothing inside the ``kept`` blocks (the page's
    item list) is judged."""
    limit = INNER_GUARD_SHARE * measured.prose.get(main.mem_id, 0)
    text_limit = INNER_GUARD_SHARE * measured.chars.get(main.mem_id, 0)
    furniture: list[LexborNode] = []
    comments: list[LexborNode] = []
    marked = [(node, *mark) for node in unique(main.css(_JUNK_CANDIDATES))
              if node.mem_id != main.mem_id and (mark := classify_marked(node)) is not None]
    words = layout_vocabulary(marked, lambda node: measured.prose.get(node.mem_id, 0), limit) \
        if limit else set()
    memo: dict[int, int | None] = {}
    for node, kind, word in marked:
        if word in words or (kept and _within(node, kept, measured, memo)):
            continue
        prose = measured.prose.get(node.mem_id)
        if prose is None:  # an inline element: judged by its text
            if visible_len(node.text()) > text_limit or _in_code(node):
                continue
        elif limit and prose > limit:
            continue
        if kind is Junk.FURNITURE and _is_zoomable_image(node):
            continue
        (comments if kind is Junk.COMMENTS else furniture).append(node)
    comments = without_nested(comments)
    main_prose = measured.prose.get(main.mem_id, 0)
    furniture = _without_sole_galleries(furniture, marked, measured, main_prose)
    # The thread is every post marked as a comment, the long ones the guard above kept too (an
    # opening post longer than the replies put together).
    posts = without_nested(node for node, kind, word in marked
                           if kind is Junk.COMMENTS and word not in words)
    if comments and is_thread(sum(measured.prose.get(node.mem_id, 0) for node in posts),
                              main_prose, INNER_THREAD_MAX_OUTSIDE):
        # The main node is a thread whose every post is marked as a comment: the posts stay,
        # and their comment words say no more against a post than a layout word would.
        comments = []
        words |= {word for _, kind, word in marked if kind is Junk.COMMENTS}
    return without_nested(furniture), comments, words


#: Inline elements of code: a highlighter's "hljs-comment" span is a comment of the code.
_CODE_TAGS = frozenset({"pre", "code", "samp", "kbd"})


def _in_code(node: LexborNode) -> bool:
    """Whether inline ``node`` is part of a code sample (up to its enclosing block)."""
    parent = node.parent
    while parent is not None:
        tag = parent.tag
        if tag in _CODE_TAGS:
            return True
        if tag not in INLINE_TAGS:
            return False
        parent = parent.parent
    return False


def _without_sole_galleries(furniture: list[LexborNode],
                            marked: list[tuple[LexborNode, Junk, str]], measured: Prose,
                            main_prose: int) -> list[LexborNode]:
    """``furniture`` less its galleries when they are all there is (a shop's category page
    made of carousels, each one small beside the others, so the guard above lets each go,
    keeps them when less than ``MIN_OTHER_PROSE`` of main's prose is outside them all), and
    less the galleries of the page's own text slides otherwise (``text_slides``)."""
    ids = {node.mem_id for node in furniture}
    galleries = without_nested(node for node, kind, _ in marked
                               if kind is Junk.GALLERY and node.mem_id in ids)
    if not galleries:
        return furniture
    outside = main_prose - sum(measured.prose.get(node.mem_id, 0) for node in galleries)
    kept = {node.mem_id for node in galleries} if outside < MIN_OTHER_PROSE \
        else text_slides((node.mem_id for node in galleries), measured, outside)
    if not kept:
        return furniture
    memo: dict[int, int | None] = {}

    def in_kept(ident: int) -> bool:
        # A kept gallery keeps the blocks marked inside it (a slider's track of slides).
        return ident in kept or (
            ident in measured.chars and measured.nearest_marked(ident, kept, memo) is not None)

    return [node for node in furniture if not in_kept(node.mem_id)]


def _is_zoomable_image(node: LexborNode) -> bool:
    """A "modal" / "lightbox" link around an image opens it larger: it is the image."""
    attrs = attr_string(node.attributes)
    return bool(ZOOM_WORDS.search(attrs)) and node.css_first("img") is not None \
        and not node.text().strip()


def is_data_table(table: LexborNode) -> bool:
    # Header parts anywhere below count, a nested table's too: a layout table around a data
    # table is kept whole rather than judged by its numbers (the walker reads each table by
    # its own parts, ``strip.tables``).
    if (table.attributes.get("role") or "").lower() in ("presentation", "none"):
        return False
    if table.css_first("th, thead, caption, colgroup") is not None:
        return True
    return table.css_first("table, p, div") is None and len(table.css("tr")) > 1


#: Boilerplate words that say whether a box shows or what it holds (a responsive copy hidden
#: on this screen, a byline's metadata), not where it sits: never a page's layout word.
_NEVER_LAYOUT = frozenset({"hidden", "hid", "meta"})


def _layout_negatives(candidates: list[LexborNode], measured: Prose, limit: float) -> set[str]:
    """Boilerplate words of class names ("scroll" in "height-scrolling") that the containers
    of main bearing them hold more than ``limit`` of its prose with: a page builder's word for
    every section, which says nothing against any one of them."""
    groups: dict[str, list[LexborNode]] = {}
    for node in candidates:
        if (word := negative_word(node)) is not None and word not in _NEVER_LAYOUT:
            groups.setdefault(word, []).append(node)
    prose = measured.prose
    return {word for word, nodes in groups.items()
            if sum(prose.get(node.mem_id, 0) for node in nodes) > limit
            and sum(prose.get(node.mem_id, 0) for node in without_nested(nodes)) > limit}


def _fishy(node: LexborNode, measured: Prose, main_prose: int, vocabulary: set[str],
           layout: set[str]) -> bool:
    ident = node.mem_id
    if ident not in measured.chars:
        return False
    if main_prose and measured.prose.get(ident, 0) > INNER_GUARD_SHARE * main_prose:
        return False
    tag = node.tag
    if tag == "table" and is_data_table(node):
        # A data table's class names its look ("sortable sticky-header"), not its role.
        return False
    weight = class_weight(node)
    if weight < 0 and layout and negative_word(node) in layout:
        weight += CLASS_WEIGHT  # the page's layout word; its other words still count
    if weight < 0 and vocabulary and (mark := classify_marked(node)) is not None \
            and mark[1] in vocabulary:
        weight = 0.0  # the page's layout word ("widget" on every section) says nothing
    if weight < 0 and _is_code_sample(node, measured.chars.get(ident, 0)):
        # A code sample's frame is named for its look ("scroll-mt-2": Tailwind's scroll
        # margin), and the sample is the documentation (wcxb-dev tune: one page +0.06).
        return False
    if weight < 0:
        # A captioned figure's box ("captioned-image-container") is the article's image;
        # its caption is not body text anyway.
        return not _is_figure_box(node, measured.chars.get(ident, 0))
    chars = measured.chars[ident]
    if not chars:
        return node.css_first("img") is None
    density = measured.link_density(ident)
    if tag in ("ul", "ol", "dl"):
        return density > MAX_LIST_LINK_DENSITY and _after_promo_label(node)
    if measured.commas.get(ident, 0) >= PROSE_COMMAS:
        return False
    images = len(node.css("img"))
    if images > 1 and len(node.css("p")) / images < 0.5 \
            and node.css_first("figcaption") is None \
            and not (measured.prose.get(ident, 0) >= IMAGE_BOX_PROSE
                     and density <= MAX_LINK_DENSITY):
        return True
    if chars < MIN_CONTAINER_CHARS and density > 0 and images == 0:
        return True
    if weight < CLASS_WEIGHT and density > MAX_LINK_DENSITY and not (
            density <= CARD_MAX_LINK_DENSITY and measured.prose.get(ident, 0) >= CARD_PROSE):
        return True
    return weight >= CLASS_WEIGHT and density > MAX_LINK_DENSITY_POSITIVE


def _is_code_sample(node: LexborNode, chars: int) -> bool:
    """Whether ``CODE_SAMPLE_SHARE`` of ``node``'s ``chars`` are preformatted code: the box
    around a sample with its language tab and copy button."""
    code = sum(len(pre.text()) for pre in node.css("pre"))
    return code > 0 and code >= CODE_SAMPLE_SHARE * chars


def _after_promo_label(node: LexborNode) -> bool:
    """Whether a short "More:" / "Related" / "Read more" line introduces ``node``: a list of
    links under such a label is a promotion box; other link lists (sources, bug lists, "See
    also") are part of the text."""
    previous = node.prev
    while previous is not None and not previous.is_element_node:
        text = previous.text_content or ""
        if text.strip():
            return bool(PROMO_HEADING.match(text.strip()))
        previous = previous.prev
    if previous is None:
        parent = node.parent
        previous = parent.prev if parent is not None else None
        while previous is not None and not previous.is_element_node:
            previous = previous.prev
    if previous is None:
        return False
    text = " ".join(previous.text().split())
    return len(text) <= MAX_PROMO_LABEL_CHARS and bool(PROMO_HEADING.match(text))


def _is_figure_box(node: LexborNode, chars: int) -> bool:
    """A box holding one captioned figure and nothing else of substance."""
    if chars > MAX_FIGURE_CHARS:
        return False
    caption = node.css_first("figcaption")
    if caption is None:
        return False
    return len(" ".join(caption.text().split())) >= FIGURE_CAPTION_SHARE * chars


def _within(node: LexborNode, kept: frozenset[int], measured: Prose,
            memo: dict[int, int | None]) -> bool:
    """Whether ``node`` is one of ``kept`` or inside one. An inline element is not measured:
    its nearest measured ancestor answers for it."""
    current: LexborNode | None = node
    while current is not None and current.mem_id not in measured.parent and \
            current.mem_id not in kept:
        current = current.parent
    return current is not None and \
        measured.nearest_marked(current.mem_id, kept, memo) is not None


def clean_conditionally(main: LexborNode, measured: Prose, kept: frozenset[int] = frozenset(),
                        vocabulary: set[str] | None = None) -> None:
    """Remove containers inside ``main`` whose numbers say boilerplate, innermost first.

    At most ``INNER_GUARD_SHARE`` of main's prose may go this way: many small "fishy"
    siblings that together are the article (cards, one div per paragraph) stay."""
    main_prose = measured.prose.get(main.mem_id, 0)
    budget = INNER_GUARD_SHARE * main_prose
    deepest = measured.depth.get(main.mem_id, 0) + MAX_CLEAN_DEPTH
    memo: dict[int, int | None] = {}
    # On a listing, a container of the item list would go with the list: link-dense and
    # prose-free as a listing is, it passes every test below.
    around = {ancestor for ident in kept for ancestor in measured.ancestors(ident)
              if measured.chars.get(ident, 0)
              >= LIST_PAGE_RATIO * (main_prose - measured.prose.get(ident, 0))}
    candidates = main.css(_CONDITIONAL)
    layout = _layout_negatives(candidates, measured, budget)
    for node in reversed(candidates):
        check_deadline()
        if measured.depth.get(node.mem_id, 0) > deepest or node.mem_id in around:
            continue
        if kept and _within(node, kept, measured, memo):
            continue
        if _fishy(node, measured, main_prose, vocabulary or set(), layout):
            prose = measured.prose.get(node.mem_id, 0)
            if prose > budget:
                continue
            budget -= prose
            measured.remove(node.mem_id)
            node.decompose()


def _similar(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return (shorter in longer and len(shorter) >= TITLE_SIMILARITY * len(longer)) \
        or (len(shorter) > 20 and longer.startswith(shorter))


def drop_title_headings(main: LexborNode, titles: list[str]) -> None:
    """Remove headings that repeat the page title: it is metadata, not body text."""
    titles = [collapse(t) for t in titles if t]
    if not titles:
        return
    for heading in main.css("h1, h2"):
        text = collapse(heading.text())
        if any(_similar(text, title) for title in titles):
            heading.decompose()
