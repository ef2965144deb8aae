"""Main-node selection: score containers by the prose beneath them, in the readability
tradition, and pick the best one (with the siblings that belong to it).

Works on the measures of ``scraper.strip.prose``: every carrier adds its score to its block
ancestors (less the further up), a container's score is then damped by its link density,
and the winner is refined (shared ancestor of near-equal candidates, climbing to a parent
that scores higher, siblings that belong to the article).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from functools import lru_cache

from selectolax.lexbor import LexborNode

from scraper.repair.tags import HEADING_TAGS
from scraper.strip.junk import CLASS_CACHE_SIZE, Junk, classify, classify_marked, layout_vocabulary
from scraper.strip.prose import Prose
from scraper.strip.selectors import attr_string
from scraper.strip.signals import is_consent_panel
from scraper.vocabulary import NEGATIVE_PATTERN, POSITIVE_PATTERN

__all__ = ["INNER_THREAD_MAX_OUTSIDE", "class_weight", "is_thread", "junk_ancestors",
           "negative_word", "select_main"]

#: A winner holding less than this share of the page's prose (what is left once boilerplate
#: is gone) is one part of a page in several parts (a thread's posts, a service page's
#: sections, a shop's cards): the whole cleaned page is the better choice. Chosen on the
#: wcxb-dev tune split and both article sets: news articles followed by a stream of teaser
#: summaries hold 30-40% of their page's prose, multi-part pages mostly under 20%; 0.3 gave
#: the tune split +0.029 F1 and no article page a loss (0.5: +0.035, Scrapinghub -0.007).
MIN_MAIN_SHARE = 0.3
#: An item list with more text than the winner is what the page is about (a job board with an
#: intro paragraph, a shop grid under a category blurb).
LIST_DOMINANCE = 1.0
#: A winner with this much prose is an article of its own...
ARTICLE_PROSE = 1500
#: ...and an item list beside it (related stories, a comment list) must hold this many times
#: its text to be what the page is about. With 1.0 for every winner, wcxb-dev tune gained
#: 0.022 F1 but Scrapinghub lost 0.007 and Mozilla 0.006; 3.0 above 1,500 prose characters
#: keeps both article sets and 0.020 of the gain.
ARTICLE_LIST_DOMINANCE = 3.0
#: How many ancestors a carrier's score reaches: beyond the great-great-grandparent a
#: container is page layout, not the article.
SCORE_LEVELS = 5
#: Class/id evidence: one matching word is worth this much (about five good paragraphs).
CLASS_WEIGHT = 25
#: A content class counts in full only on a container with this much prose: a title box
#: called "content-title" is not the article.
FULL_WEIGHT_PROSE = 250
#: A node holding more than this share of the page's prose is the article (or wraps it), even
#: if its class says "sidebar" (``has-sidebar`` layouts) or it is a <form> (ASP.NET pages).
JUNK_GUARD_SHARE = 0.5
#: Comments are the page (a forum thread) when the prose outside them is less than an
#: article's worth (a short article with a long thread keeps its comments apart)...
THREAD_MAX_OUTSIDE = 1000
#: ...and less than this share of the thread's own prose.
THREAD_OUTSIDE_SHARE = 0.25
#: Inside the main node the bar is a title's worth: a thread's opening post is marked like the
#: replies, while a short article above its comments is not (Scrapinghub has one of 600
#: characters above a long thread).
INNER_THREAD_MAX_OUTSIDE = 200
#: A class word whose blocks hold more than this share of the page's prose is layout
#: vocabulary, not boilerplate (the same share as the guard on a single block).
VOCABULARY_SHARE = JUNK_GUARD_SHARE
#: Boxes with less text than this are left alone before scoring: they cannot sway it.
MIN_JUNK_CHARS = 25
#: Galleries are removed whatever their size if this much prose is left outside them all (a
#: page made of carousels keeps them: wcxb-dev tune +0.0005, one page), unless one
#: holds the page's ``<h1>``: then the word names the way the block shows its pictures (a
#: shop theme's ``product--thumbnail_slider`` wraps the product's title and description), not
#: a box of captions beside the content.
MIN_OTHER_PROSE = 500
#: A gallery of text slides is content (a product's feature slides, a listing's home cards, a
#: landing page's quotes): it is hardly links (0.2-0.4 equal on wcxb-dev tune; related-product
#: and story-card carousels are 90% links)...
SLIDES_MAX_LINK_DENSITY = 0.3
#: ...and mostly running text rather than a picture's labels (0 and 0.5 equal on tune)...
SLIDES_MIN_PROSE_SHARE = 0.5
#: readability's rule: other candidates within this ratio of the best compete for a shared
#: ancestor, which then wins (an article split by ads into several containers).
ALTERNATIVE_RATIO = 0.75
#: How many such close candidates must share the ancestor.
MIN_ALTERNATIVES = 3
#: ...and the ancestor must not be more link text than this (then it is the page layout).
SHARED_MAX_LINK_DENSITY = 0.3
#: Widening: each character of non-prose text (menus, teasers, bylines) cancels this many
#: characters of prose.
NON_PROSE_PENALTY = 1.0
#: Widening: an ancestor must hold this much more net prose than the winner...
WIDEN_GAIN = 1.5
#: ...and not be more link text than this.
WIDEN_MAX_LINKS = 0.35
#: A sibling subtree with this much prose is a story of its own...
RIVAL_MIN_PROSE = 1000
#: ...when it also has this share of the winner's prose.
RIVAL_SHARE = 0.5
#: The main landmark replaces a winner holding less than this share of its text...
LANDMARK_SHARE = 0.7
#: ...unless the landmark is more link text than this. Both chosen on wcxb-dev's tune split
#: (0.4-0.6 and 0.3-0.5 tried: +0.0027 to +0.0037; 0.3 keeps Mozilla's set whole; later,
#: with sections' headers and closed panels kept, share 0.7 +0.0005 over 0.6, 0.8 and 0.95
#: no better with more pages down).
LANDMARK_MAX_LINKS = 0.3
#: A winner outside the page's one main landmark gives way to it when the landmark holds this
#: share of the winner's text (tune: 0.2 and 0.3 equal, +0.0012; 0.1 takes thin landmarks, 0.5
#: keeps footnotes that outweigh the product).
OUTSIDE_LANDMARK_SHARE = 0.3
#: A bigger block beside the winner with this much link text is a stream of teasers (other
#: stories), not another section of the page (sections carry a few links, teasers one each).
STREAM_MIN_LINKS = 0.15
#: A block between two kept siblings belongs to the article unless it is mostly links.
BETWEEN_MAX_LINK_DENSITY = 0.5
#: A figure sibling with more text than this is a box of its own, not the article's image.
MAX_FIGURE_CHARS = 300
#: Siblings of the winner are kept if their score reaches this share of its score...
SIBLING_SHARE = 0.2
#: ...and at least this absolute score (a lone caption next to a short article is not prose).
MIN_SIBLING_SCORE = 10.0
#: A sibling paragraph longer than this with few links is part of the article.
SIBLING_PARAGRAPH_CHARS = 80
#: Link density a long sibling paragraph may have.
SIBLING_MAX_LINK_DENSITY = 0.25
#: Prose a block before the page's item list needs to be its lead (a question, an intro):
#: two sentences. 80, 150 and 300 scored the same on wcxb-dev's tune split.
LEAD_MIN_PROSE = 150

_TAG_BASE = {
    "div": 5.0, "article": 8.0, "main": 5.0, "section": 3.0,
    "pre": 3.0, "td": 3.0, "blockquote": 3.0,
    "address": -3.0, "ol": -3.0, "ul": -3.0, "dl": -3.0, "dd": -3.0, "dt": -3.0, "li": -3.0,
    "form": -3.0, "h1": -5.0, "h2": -5.0, "h3": -5.0, "h4": -5.0, "h5": -5.0, "h6": -5.0,
    "th": -5.0,
}
_PARAGRAPH_TAGS = frozenset({"p", "pre", "li", "dd", "dt", "td", "th", "blockquote", "address",
                             "figcaption", "caption", "summary", "legend", "label", "font"})


def junk_ancestors(measured: Prose, landmarks: tuple[int, ...]) -> dict[int, Junk]:
    """Containers of text that are boilerplate by markup and do not hold most of the
    page's prose (menus and link boxes too: their links would weigh on the link density of
    the article container around them).

    Comment sections, consent and paywall boxes are judged first, against all the prose;
    page furniture then against the prose left outside them, so that a long comment thread
    cannot make the article look like a minor part of the page (page builders wrap the
    article in "widget" containers). ``landmarks``: the page's ``main_landmarks``."""
    root_id = measured.root_id
    judged: dict[int, Junk] = {}
    marks: dict[int, str] = {}
    for ident, chars in measured.chars.items():
        if chars >= MIN_JUNK_CHARS and ident != root_id:
            marked = classify_marked(measured.nodes[ident])
            if marked is not None:
                judged[ident], marks[ident] = marked
    limit = JUNK_GUARD_SHARE * measured.total
    # A consent panel holds most of the prose of a page whose posts are all comments or whose
    # article is thin; it is still the consent panel if it reads as one.
    consent = {ident for ident, kind in judged.items() if kind is Junk.CONSENT
               and measured.prose[ident] > limit
               and is_consent_panel(measured.nodes[ident].text())}
    if judged and measured.total:
        words = layout_vocabulary(
            ((measured.nodes[ident], kind, marks[ident]) for ident, kind in judged.items()
             if ident not in consent),
            lambda node: measured.prose.get(node.mem_id, 0), VOCABULARY_SHARE * measured.total)
        judged = {ident: kind for ident, kind in judged.items() if marks[ident] not in words
                  or ident in consent}
    if _is_thread(judged, measured, consent):
        judged = {ident: kind for ident, kind in judged.items() if kind is not Junk.COMMENTS}
    found: dict[int, Junk] = {
        ident: kind for ident, kind in judged.items()
        if kind not in (Junk.FURNITURE, Junk.GALLERY)
        and (measured.prose[ident] <= limit or ident in consent)}
    galleries: dict[int, Junk] = {
        ident: kind for ident, kind in judged.items()
        if kind is Junk.GALLERY and measured.nodes[ident].css_first("h1") is None}
    outer = _outermost(galleries, measured)
    left = measured.total - sum(measured.prose[i] for i in outer)
    if left >= MIN_OTHER_PROSE:
        slides = text_slides(outer, measured, left)
        memo: dict[int, int | None] = {}
        found.update((ident, kind) for ident, kind in galleries.items()
                     if measured.nearest_marked(ident, slides, memo) is None)
    outside = measured.total - sum(measured.prose[ident] for ident in _outermost(found, measured))
    limit = JUNK_GUARD_SHARE * outside
    # A layout class that reads as furniture ("fixed-sidebar" on the grid holding the page's
    # columns) cannot be furniture around the author's own ``<main>``: the prose guard alone
    # lets it go on a page with no prose (a link post's title, a product's name and price).
    around_main: set[int] = set()
    if any(kind is Junk.FURNITURE for kind in judged.values()):
        landmark = single_landmark(measured, landmarks)
        if landmark is not None:
            around_main.update(measured.ancestors(landmark))
    for ident, kind in judged.items():
        if kind is Junk.FURNITURE and measured.prose[ident] <= limit \
                and ident not in around_main:
            found[ident] = kind
    return found


def main_landmarks(measured: Prose) -> tuple[int, ...]:
    """The page's ``<main>`` and ``role=main`` elements, found once for ``single_landmark``
    (each query of the tree is a walk of it)."""
    root = measured.nodes[measured.root_id]
    # dict.fromkeys: lexbor returns a node once per selector of the list that it matches.
    return tuple(dict.fromkeys(node.mem_id for node in root.css('main, [role="main" i]')))


def single_landmark(measured: Prose, landmarks: tuple[int, ...]) -> int | None:
    """The page's one ``<main>`` landmark among ``landmarks`` (``main_landmarks``) still in
    place, if it has text. A page with several marks none (one per story of a stream)."""
    left = [ident for ident in landmarks
            if measured.chars.get(ident) and not measured.is_removed(ident)]
    return left[0] if len(left) == 1 else None


def text_slides(galleries: Iterable[int], measured: Prose, outside: int) -> set[int]:
    """The ``galleries`` that show the page's own text in slides (``SLIDES_...``), as long as
    none holds more prose than the ``outside`` prose beside them all: a slideshow outweighing
    its article is the captions of another story (fifty pictures under a news report)."""
    return {ident for ident in galleries
            if measured.link_density(ident) <= SLIDES_MAX_LINK_DENSITY
            and (prose := measured.prose.get(ident, 0))
            >= SLIDES_MIN_PROSE_SHARE * measured.chars.get(ident, 0)
            and prose <= outside}


def _is_thread(judged: dict[int, Junk], measured: Prose, consent: set[int]) -> bool:
    """Whether the "comments" are the page: a forum thread or Q&A page marks every post as a
    comment, and next to them there is no article, only the thread's title and furniture (and
    the ``consent`` panels, whatever their length)."""
    comments: dict[int, Junk] = {
        ident: kind for ident, kind in judged.items() if kind is Junk.COMMENTS}
    if not comments:
        return False
    thread = sum(measured.prose[ident] for ident in _outermost(comments, measured))
    panels = sum(measured.prose[ident]
                 for ident in _outermost(dict.fromkeys(consent, Junk.CONSENT), measured))
    return is_thread(thread, measured.total - panels)


def is_thread(thread: int, total: int, max_outside: int = THREAD_MAX_OUTSIDE) -> bool:
    """Whether comment sections of ``thread`` prose characters, out of ``total``, are the
    content: next to them there is less than ``max_outside`` (and a small share) of prose."""
    outside = total - thread
    return outside < max_outside and outside < THREAD_OUTSIDE_SHARE * thread


def _outermost(idents: dict[int, Junk], measured: Prose) -> list[int]:
    memo: dict[int, int | None] = {}
    return [ident for ident in idents
            if measured.nearest_marked(measured.parent.get(ident), idents.keys(), memo) is None]


def class_weight(node: LexborNode) -> float:
    """+/- ``CLASS_WEIGHT`` for content / boilerplate words in class and id."""
    attributes = node.attributes
    return _words_weight(attributes.get("class"), attributes.get("id"))


def negative_word(node: LexborNode) -> str | None:
    """The boilerplate word of ``node``'s class or id that makes its weight negative."""
    attributes = node.attributes
    return _negative_word(attributes.get("class"), attributes.get("id"))


@lru_cache(maxsize=CLASS_CACHE_SIZE)
def _negative_word(cls: str | None, ident: str | None) -> str | None:
    attrs = attr_string({"class": cls, "id": ident})
    match = NEGATIVE_PATTERN.search(attrs) if attrs else None
    return match.group(0) if match is not None else None


@lru_cache(maxsize=CLASS_CACHE_SIZE)
def _words_weight(cls: str | None, ident: str | None) -> float:
    """Class/id strings repeat across containers and pages, so the weight per string pair is
    cached (the two pattern searches were a hot spot of main-node scoring)."""
    attrs = attr_string({"class": cls, "id": ident})
    if not attrs:
        return 0.0
    weight = 0.0
    if NEGATIVE_PATTERN.search(attrs):
        weight -= CLASS_WEIGHT
    if POSITIVE_PATTERN.search(attrs):
        weight += CLASS_WEIGHT
    return weight


def _scores(measured: Prose) -> dict[int, float]:
    scores: dict[int, float] = {}
    parent = measured.parent
    nodes = measured.nodes
    for carrier in measured.carriers:
        if measured.is_removed(carrier.ident):
            continue
        # A paragraph scores its container; a container's own loose text (div + <br>)
        # scores the container itself, as if that text were wrapped in a <p>.
        ident = parent.get(carrier.ident) \
            if nodes[carrier.ident].tag in _PARAGRAPH_TAGS else carrier.ident
        level = 0
        while ident is not None and level < SCORE_LEVELS:
            if ident not in scores:
                node = nodes[ident]
                weight = class_weight(node)
                if weight > 0:
                    weight *= min(1.0, measured.prose.get(ident, 0) / FULL_WEIGHT_PROSE)
                scores[ident] = _TAG_BASE.get(node.tag or "", 0.0) + weight
            divider = 1 if level == 0 else (2 if level == 1 else level * 3)
            scores[ident] += carrier.score / divider
            ident = parent.get(ident)
            level += 1
    return scores


def select_main(measured: Prose, items: int | None,
                landmarks: tuple[int, ...]) -> LexborNode | None:
    """The container that best holds the article, or None when the page has no prose.
    ``items`` is the page's item list (``strip.repeated``): when it holds more text than the
    winner, the page is a listing and the main node is what holds both. ``landmarks``: the
    page's ``main_landmarks``."""
    scores = _scores(measured)
    if not scores:
        # No prose at all: the item list, else the author's main landmark (a link post's
        # title, a product's name and price), else nothing and the caller takes the body.
        if items is None:
            landmark = single_landmark(measured, landmarks)
            return measured.nodes[landmark] if landmark is not None else None
        return measured.nodes[items]
    final = {ident: score * (1.0 - measured.link_density(ident))
             for ident, score in scores.items()}
    best = max(final, key=final.__getitem__)
    if best == measured.root_id:
        return measured.nodes[best]
    best = _shared_ancestor(best, final, measured)
    best = _climb(best, final, measured)
    best = _widen(best, measured)
    dominance = LIST_DOMINANCE if measured.prose.get(best, 0) < ARTICLE_PROSE \
        else ARTICLE_LIST_DOMINANCE
    if items is not None and measured.chars.get(items, 0) \
            > dominance * measured.chars.get(best, 0):
        top = _common_ancestor(best, items, measured)
        if top == measured.root_id:
            return measured.nodes[top]
        return _with_siblings(top, final, measured, lead=True)
    if measured.prose.get(best, 0) < MIN_MAIN_SHARE * measured.total:
        return measured.nodes[measured.root_id]
    best = _outside_landmark(best, measured, landmarks)
    best = _landmark(best, measured)
    return _with_siblings(best, final, measured, lead=best == items)


def _outside_landmark(best: int, measured: Prose, landmarks: tuple[int, ...]) -> int:
    """The page's one ``<main>`` landmark (or ``role=main``) when the winner lies outside it
    and the landmark holds a fair share of the winner's text: the author's main content
    beats the densest prose elsewhere (a product page's legal footnotes, an FAQ grid in the
    footer). A page with several landmarks marks nothing (one per story of a stream)."""
    landmark = single_landmark(measured, landmarks)
    if landmark is None:
        return best
    if landmark == best or landmark in measured.ancestors(best) \
            or best in measured.ancestors(landmark):
        return best
    if measured.chars.get(landmark, 0) >= OUTSIDE_LANDMARK_SHARE * measured.chars.get(best, 0) \
            and measured.link_density(landmark) <= LANDMARK_MAX_LINKS:
        return landmark
    return best


def _landmark(best: int, measured: Prose) -> int:
    """The page's ``<main>`` landmark (or ``role=main``) around ``best`` when ``best`` is only
    a part of it: landing, service and product pages are a run of sections (a hero, features,
    a call to action, an FAQ) of which prose scoring picks the wordiest, while the author
    marked the whole run as the page's main content. Not when the landmark is mostly links
    (a portal's whole page), nor when beside ``best`` in it stands a bigger stream of teasers
    (other stories under one ``role=main``)."""
    path = [best]
    for ident in measured.ancestors(best):
        node = measured.nodes[ident]
        if node.tag == "main" or (node.attributes.get("role") or "").lower() == "main":
            if measured.chars.get(best, 0) < LANDMARK_SHARE * measured.chars.get(ident, 0) \
                    and measured.link_density(ident) <= LANDMARK_MAX_LINKS \
                    and not _stream_beside(path, ident, measured):
                return ident
            return best
        path.append(ident)
    return best


def _stream_beside(path: list[int], top: int, measured: Prose) -> bool:
    """Whether a block beside ``path`` (``best`` up to, not including, ``top``) holds more
    prose than ``best`` and the links of a teaser stream."""
    on_path = set(path)
    parents = on_path | {top}
    prose = measured.prose
    floor = max(RIVAL_MIN_PROSE, prose.get(path[0], 0))
    return any(parent in parents and ident not in on_path and prose.get(ident, 0) >= floor
               and not measured.is_removed(ident)
               and measured.link_density(ident) >= STREAM_MIN_LINKS
               for ident, parent in measured.parent.items())


def _common_ancestor(first: int, second: int, measured: Prose) -> int:
    chain = {first, *measured.ancestors(first)}
    for ident in (second, *measured.ancestors(second)):
        if ident in chain:
            return ident
    return measured.root_id


def _shared_ancestor(best: int, final: dict[int, float], measured: Prose) -> int:
    """readability: when several near-equal candidates sit under one ancestor of the best,
    the article is that ancestor (paragraph runs split by ads or pull quotes)."""
    threshold = final[best] * ALTERNATIVE_RATIO
    alternatives = [ident for ident, score in final.items()
                    if ident != best and score >= threshold]
    if len(alternatives) < MIN_ALTERNATIVES:
        return best
    chain = measured.ancestors(best)
    under = _alternatives_under(chain, alternatives, measured)
    for ident, count in zip(chain, under, strict=True):
        if ident == measured.root_id:
            break
        if count >= MIN_ALTERNATIVES:
            if measured.link_density(ident) > SHARED_MAX_LINK_DENSITY:
                return best  # the common ancestor is the page layout, menus included
            return ident
    return best


def _alternatives_under(chain: list[int], alternatives: list[int],
                        measured: Prose) -> list[int]:
    """For each block of ``chain`` (the best's ancestors, nearest first), how many
    ``alternatives`` sit below it. Each alternative climbs only to the chain (memoized), not
    to the root: a page of thousands of nested containers made this cost depth squared."""
    on_chain = {ident: index for index, ident in enumerate(chain)}
    memo: dict[int, int | None] = {}
    firsts = [0] * (len(chain) + 1)  # alternatives by the chain index they first meet
    for ident in alternatives:
        meet = measured.nearest_marked(measured.parent.get(ident), on_chain.keys(), memo)
        firsts[len(chain) if meet is None else on_chain[meet]] += 1
    return list(itertools.accumulate(firsts[:len(chain)]))


def _climb(best: int, final: dict[int, float], measured: Prose) -> int:
    """Go up while the parent scores higher (it holds more of the article), and past parents
    that wrap nothing but the winner."""
    root_id = measured.root_id
    last = final.get(best, 0.0)
    threshold = last / 3
    current = best
    for ident in measured.ancestors(best):
        if ident == root_id or _has_story_rival(ident, current, measured):
            break
        current = ident
        score = final.get(ident)
        if score is None:
            continue
        if score < threshold:
            break
        if score > last:
            best = ident
            break
        last = score
    while True:
        parent = measured.parent.get(best)
        if parent is None or parent == root_id:
            return best
        if sum(1 for _ in measured.nodes[parent].iter()) != 1:
            return best
        best = parent


def _net_prose(ident: int, measured: Prose) -> float:
    prose = measured.prose.get(ident, 0)
    return prose - NON_PROSE_PENALTY * (measured.chars.get(ident, 0) - prose)


def _widen(best: int, measured: Prose) -> int:
    """Go up to the ancestor holding the most prose net of other text: an article whose
    paragraphs each sit in their own wrapper scores low per wrapper, but their common
    ancestor holds all the prose and little else. Widening stops below an ancestor that
    holds a rival: a sibling subtree with as much prose as an article of its own (the next
    story of an endless-scroll page)."""
    chosen, chosen_net = best, _net_prose(best, measured)
    current = best
    for ident in measured.ancestors(best):
        if ident == measured.root_id or _has_rival(ident, current, measured):
            break
        net = _net_prose(ident, measured)
        if net > chosen_net * WIDEN_GAIN and measured.link_density(ident) <= WIDEN_MAX_LINKS:
            chosen, chosen_net = ident, net
        current = ident
    return chosen


def _has_rival(parent: int, current: int, measured: Prose) -> bool:
    floor = max(RIVAL_MIN_PROSE, RIVAL_SHARE * measured.prose.get(current, 0))
    prose = measured.prose
    return any(prose.get(child.mem_id, 0) >= floor
               for child in measured.nodes[parent].iter() if child.mem_id != current)


def _is_story(ident: int, measured: Prose, floor: float) -> bool:
    """A subtree that is a story of its own: much prose under its own <article> or <h1>."""
    if measured.prose.get(ident, 0) < floor:
        return False
    node = measured.nodes.get(ident)
    return node is not None and (node.tag == "article" or node.css_first("h1") is not None)


def _has_story_rival(parent: int, current: int, measured: Prose) -> bool:
    floor = max(RIVAL_MIN_PROSE, RIVAL_SHARE * measured.prose.get(current, 0))
    return any(_is_story(child.mem_id, measured, floor)
               for child in measured.nodes[parent].iter() if child.mem_id != current)


def _with_siblings(best: int, final: dict[int, float], measured: Prose,
                   lead: bool = False) -> LexborNode:
    """Keep siblings of the winner that belong to the article; when any does, the parent
    (with the other siblings removed) becomes the main node. With ``lead`` (the winner is
    the page's item list) the prose blocks before it are kept too: a thread's opening post
    beside the list of answers, a category's introduction above its cards."""
    top = measured.nodes[best]
    parent_id = measured.parent.get(best)
    if parent_id is None or parent_id == measured.root_id:
        return top
    parent = measured.nodes[parent_id]
    if top.parent is None or top.parent.mem_id != parent_id:
        # The nearest measured ancestor is not the element's own parent (an unmeasured
        # element such as ``<amp-img>`` sits between, in broken markup): no siblings to weigh.
        return top
    top_score = final.get(best, 0.0)
    threshold = max(MIN_SIBLING_SCORE, top_score * SIBLING_SHARE)
    rival_floor = max(RIVAL_MIN_PROSE, RIVAL_SHARE * measured.prose.get(best, 0))
    top_class = top.attributes.get("class") or ""
    children = list(parent.iter())
    keep: list[bool] = []
    before = True
    for child in children:
        ident = child.mem_id
        if ident == best:
            keep.append(True)
            before = False
            continue
        if lead and before and measured.prose.get(ident, 0) >= LEAD_MIN_PROSE \
                and measured.link_density(ident) <= SIBLING_MAX_LINK_DENSITY \
                and not measured.is_removed(ident):
            keep.append(True)
            continue
        if _is_story(ident, measured, rival_floor):
            keep.append(False)
            continue
        bonus = top_score * SIBLING_SHARE \
            if top_class and (child.attributes.get("class") or "") == top_class else 0.0
        score = final.get(ident)
        if score is not None and score + bonus >= threshold:
            keep.append(True)
            continue
        keep.append(_is_prose_paragraph(ident, measured))
    kept = [i for i, flag in enumerate(keep) if flag]
    # The lead figure right before the article text belongs to it.
    first = kept[0]
    while first > 0 and _is_figure(children[first - 1], measured):
        first -= 1
        keep[first] = True
    if sum(keep) == 1:
        return top
    # Headings, figures and short paragraphs between kept siblings belong to the article.
    for index in range(first, kept[-1] + 1):
        if not keep[index] and (_belongs_between(children[index], measured)
                                or _is_figure(children[index], measured)):
            keep[index] = True
    for child, flag in zip(children, keep, strict=True):
        if not flag:
            measured.remove(child.mem_id)
            child.decompose()
    return parent


def _is_prose_paragraph(ident: int, measured: Prose) -> bool:
    node = measured.nodes.get(ident)
    if node is None or node.tag != "p":
        return False
    chars = measured.chars.get(ident, 0)
    if not chars:
        return False
    density = measured.link_density(ident)
    if chars > SIBLING_PARAGRAPH_CHARS:
        return density < SIBLING_MAX_LINK_DENSITY
    return density == 0 and node.text().rstrip().endswith((".", "!", "?", "\u3002", "\u201d"))


def _is_figure(node: LexborNode, measured: Prose) -> bool:
    """An image with at most a caption's worth of text."""
    if node.tag not in ("figure", "picture", "img", "amp-img") \
            and node.css_first("figure") is None:
        return False
    return measured.chars.get(node.mem_id, 0) <= MAX_FIGURE_CHARS \
        and node.css_first("img, amp-img") is not None


def _belongs_between(node: LexborNode, measured: Prose) -> bool:
    if classify(node) is not None:
        return False
    if node.tag in HEADING_TAGS:
        return True
    ident = node.mem_id
    return measured.chars.get(ident, 0) > 0 \
        and measured.link_density(ident) < BETWEEN_MAX_LINK_DENSITY
