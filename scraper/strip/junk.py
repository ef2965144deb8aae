"""Which elements are boilerplate by their own markup (tag, role, class, id), and how to remove
many nodes safely."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from functools import lru_cache

from selectolax.lexbor import LexborNode

from scraper.strip.selectors import JUNK_ROLES, STRUCTURAL_TAGS, attr_string
from scraper.vocabulary import (
    COMMENT_PATTERN,
    CONSENT_PATTERN,
    GALLERY_PATTERN,
    JUNK_PATTERN,
    KEEP_PATTERN,
    PAYWALL_PATTERN,
    PLACEMENT_PATTERN,
)

__all__ = ["Junk", "classify", "classify_marked", "drop_nodes", "layout_vocabulary", "unique",
           "without_nested"]


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
#: The page's own main landmark: its class names the layout around it ("hasSidebar"), not
#: what it is (only a junk role can mark it).
_CONTENT_TAGS = frozenset({"main"})
#: A ``<header>`` whose ``<article>`` stands among this many sibling articles is a teaser's
#: headline and blurb in a stream of them (a topic page, a blog's front page), not the
#: page's header; one article's own header (title, byline) goes as before. Three: two
#: articles side by side are a story and its sequel as often as a stream.
STREAM_ARTICLES = 3
#: Sibling sections that make a run of them (landing and service pages). Two: on Scrapinghub
#: and Mozilla a news article's header sits in a lone section (its hero), and counting those
#: cost two Scrapinghub pages 0.03 each.
SECTION_RUN = 2


def classify(node: LexborNode) -> Junk | None:
    """``Junk`` kind of ``node`` judged from its own markup only (no text measure)."""
    marked = classify_marked(node)
    return marked[0] if marked is not None else None


def classify_marked(node: LexborNode) -> tuple[Junk, str] | None:
    """``classify`` with the mark that decided it: the tag (``<nav>``), the role
    (``role=navigation``) or the class/id word (``widget``). Strip weighs a class word by how
    much of the page it marks: a page builder's vocabulary ("elementor-widget", "cmp-container")
    wraps every section of the page, so the word cannot mean boilerplate there."""
    tag = node.tag
    if tag in _NEVER_JUNK:
        return None
    if tag in STRUCTURAL_TAGS:
        if tag == "header" and (_heads_a_stream_article(node) or _heads_a_section(node)
                                or _is_section_heading(node)):
            return None
        return Junk.FURNITURE, f"<{tag}>"
    if tag == "blockquote" and _quotes_a_post(node):
        return Junk.FURNITURE, "<blockquote><cite>"
    attributes = node.attributes
    if not attributes:
        return None
    role = attributes.get("role")
    if role and role.lower() in JUNK_ROLES:
        return Junk.FURNITURE, f"role={role.lower()}"
    if tag in _CONTENT_TAGS:
        return None
    cls = attributes.get("class")
    ident = attributes.get("id")
    if not cls and not ident:
        return None
    return _classify_words(cls, ident)


#: What a page's or an article's header holds and a section's heading never does: menus,
#: forms, the page's headline.
_PAGE_HEADER_PARTS = "nav, ul, ol, form, h1"
_SUBHEADINGS = "h2, h3, h4, h5, h6"
#: A section's header says something: a subheading and a line under it (30 and 60 equal on
#: wcxb-dev's tune split but for one page that 30 gains; the length of a short sentence).
SECTION_HEADER_MIN_CHARS = 30
#: ...and is not a row of links (0.3 and 0.5 equal on tune).
SECTION_HEADER_LINK_SHARE = 0.3


def _is_section_heading(node: LexborNode) -> bool:
    """Whether ``<header>`` ``node`` is the heading and intro of a section of the content (a
    landing page's "Edit your videos like a pro" over its paragraph): it holds a subheading
    and a line of text, and none of what a page's header holds."""
    if node.css_first(_PAGE_HEADER_PARTS) is not None or node.css_first(_SUBHEADINGS) is None:
        return False
    chars = len(node.text(strip=True))
    links = sum(len(link.text(strip=True)) for link in node.css("a"))
    return chars >= SECTION_HEADER_MIN_CHARS and links <= SECTION_HEADER_LINK_SHARE * chars


#: Wrappers a forum engine puts between a quote and its "X wrote:" line.
_QUOTE_WRAPPERS = frozenset({"div", "span", "p"})


def _quotes_a_post(node: LexborNode) -> bool:
    """Whether ``<blockquote>`` ``node`` opens with a ``<cite>``: a forum reply quoting an
    earlier post ("bonesly wrote: ..."), which the thread already holds. An article's quote
    names its source after the words, if at all."""
    for inner in node.traverse(include_text=True):
        tag = inner.tag
        if inner.mem_id == node.mem_id or (
                tag == "-text" and not (inner.text_content or "").strip()):
            continue
        if tag == "cite":
            return True
        if tag not in _QUOTE_WRAPPERS:
            return False
    return False


def _heads_a_section(node: LexborNode) -> bool:
    """A ``<header>`` of a ``<section>`` in a run of sections is that section's heading and
    intro (landing and service pages are such runs), not the page's header. A lone section
    is often a news page's article hero, whose header is its kicker and byline."""
    return _heads_one_of(node, "section", SECTION_RUN)


def _heads_a_stream_article(node: LexborNode) -> bool:
    return _heads_one_of(node, "article", STREAM_ARTICLES)


def _heads_one_of(node: LexborNode, tag: str, run: int) -> bool:
    """Whether ``node``'s parent is a ``tag`` with at least ``run`` ``tag`` siblings, itself
    counted."""
    parent = node.parent
    if parent is None or parent.tag != tag or parent.parent is None:
        return False
    count = 0
    for child in parent.parent.iter():
        if child.tag == tag:
            count += 1
            if count >= run:
                return True
    return False


#: The class/id patterns in the order they are tried: the first that matches decides.
_WORD_KINDS = (
    (COMMENT_PATTERN, Junk.COMMENTS),
    (CONSENT_PATTERN, Junk.CONSENT),
    (PAYWALL_PATTERN, Junk.PAYWALL),
    (GALLERY_PATTERN, Junk.GALLERY),
    (JUNK_PATTERN, Junk.FURNITURE),
)


@lru_cache(maxsize=CLASS_CACHE_SIZE)
def _classify_words(cls: str | None, ident: str | None) -> tuple[Junk, str] | None:
    """Class/id strings repeat across elements and pages (``row``, ``col-md-8``), so the
    verdict per string is cached; most strings match no pattern at all."""
    attrs = attr_string({"class": cls, "id": ident})
    if not attrs:
        return None
    if KEEP_PATTERN.search(attrs):
        return None
    for pattern, kind in _WORD_KINDS:
        match = pattern.search(attrs)
        if match is not None:
            return kind, match.group(0)
    return None


#: The kinds whose class words a page's layout may reuse for everything. Comment words are
#: not among them (a long thread is still comments however much of the page it fills), nor
#: are gallery words (captions of other pictures whatever their length).
VOCABULARY_KINDS = frozenset({Junk.FURNITURE, Junk.CONSENT})
#: ...and only when they hold this much prose: on a page with almost no running text, a menu
#: that holds most of it is still a menu (a few good paragraphs' worth).
VOCABULARY_MIN_PROSE = 500
#: A word naming a place in the layout ("content-nav-section") needs an article's worth: the
#: footer of a thin shop page holds most of its little prose and is still the footer.
PLACEMENT_MIN_PROSE = 1500


def layout_vocabulary(marked: Iterable[tuple[LexborNode, Junk, str]],
                      prose: Callable[[LexborNode], int], limit: float) -> set[str]:
    """Class words whose outermost blocks hold more than ``limit`` prose between them: the
    site's layout vocabulary (page builders call every section a "widget", Adobe's components
    are all "cmp-...", a guide's chapters are "toc-para"), not a sign of boilerplate. Tags and
    roles never are: ``<nav>`` means navigation whatever the page does with it. Words that
    name a place in the page (footer, menu, sidebar) need more prose to count."""
    groups: dict[str, list[LexborNode]] = {}
    for node, kind, mark in marked:
        if kind in VOCABULARY_KINDS and not mark.startswith(("<", "role=")):
            groups.setdefault(mark, []).append(node)
    words = set()
    for word, nodes in groups.items():
        floor = max(limit, PLACEMENT_MIN_PROSE if PLACEMENT_PATTERN.fullmatch(word)
                    else VOCABULARY_MIN_PROSE)
        # Nested blocks count their prose twice in the plain sum, so a group under the floor
        # even so is out without the costlier search for its outermost blocks.
        if sum(prose(node) for node in nodes) > floor \
                and sum(prose(node) for node in without_nested(nodes)) > floor:
            words.add(word)
    return words


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
