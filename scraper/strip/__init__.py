"""Strip stage: drop boilerplate from the tree and find the main content node.

    signals   what walls and overlays the untouched page shows (for the verdict)
    junk tags scripts, styles, embeds, form controls: gone
    hidden    hidden elements (hidden, aria-hidden, display:none, hidden classes): gone,
              but for one holding nearly all of the page's text (shown once its script runs)
    prose     one walk measuring every block: own text, links, prose carriers
    junk      containers of prose that are boilerplate by markup (comments, related, ...)
    main      the best-scoring container, with the siblings that belong to it
    clean     boilerplate inside main: by markup, then by numbers; the title heading

The tree is modified in place (metadata has already been read from it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.settings import ExtractSettings
from scraper.strip.clean import (
    clean_conditionally,
    drop_title_headings,
    is_data_table,
    junk_inside,
)
from scraper.strip.hidden import hidden_nodes
from scraper.strip.junk import Junk, classify_marked, drop_nodes, unique, without_nested
from scraper.strip.prose import Carrier, Prose, measure_prose
from scraper.strip.repeated import item_list
from scraper.strip.scoring import junk_ancestors, main_landmarks, select_main
from scraper.strip.selectors import INLINE_TAGS, JUNK_TAGS, attr_string
from scraper.strip.signals import (
    PRODUCT_LD_GROUP,
    Signals,
    challenge_markup,
    collect_signals,
    is_consent_text,
    text_signals,
)
from scraper.vocabulary import PANEL_PATTERN, REVIEWS_PATTERN

__all__ = ["Stripped", "strip"]

#: Wall phrases are only looked for when the main text is shorter than this: a page with
#: more article text than a teaser (the verdict's longest is 1,500 characters) is an article
#: whatever prompts surround it, and the phrase scan is one of the costliest steps of strip.
WALL_TEXT_LIMIT = 2500

#: A hidden element holding more than this share of the body's text is the page itself, hidden
#: until a script reveals it. The hidden pages of wcxb-dev hide 95-100% of their text;
#: Mozilla's hidden overlays and render targets hold 50-75%.
REVEALED_PAGE_SHARE = 0.8
#: A hidden block with this much prose (running text in paragraphs, not labels) is content
#: waiting for a click (a closed tab, drawer or modal of details). Dropping every hidden block
#: cost wcxb-dev 0.008 F1 on tune and 0.009 on validate against keeping them all; keeping
#: them all cost Scrapinghub 0.006 and Mozilla 0.013 (hidden copies of the article, lone
#: hidden paragraphs, a hidden news stream): the conditions below keep what wcxb gains
#: (tune +0.006, validate +0.012) at no cost on the other two sets.
HIDDEN_CONTENT_PROSE = 200
#: A closed tab or accordion panel (``_is_panel``) needs only a sentence: an FAQ answer or a
#: feature's blurb is short (wcxb-dev tune: 100 gave +0.0002, 50 +0.0003, one page worse).
HIDDEN_PANEL_PROSE = 50
#: ...unless it is link-heavy: tab and drawer texts carry few links, hidden menus, teaser
#: streams and mega-menus with blurbs many (0.2, 0.3 and 0.5 tried on tune: equal there;
#: above 0.2 a hidden news stream of Mozilla's set is kept).
HIDDEN_CONTENT_LINK_SHARE = 0.2
#: ...and it is a container of paragraphs: a lone hidden paragraph is text taken out.
HIDDEN_CONTENT_CARRIERS = 2
#: A hidden data table this many rows long is content too (3 and 5 equal on wcxb-dev tune:
#: +0.0003, a shop's closed specifications tab; one closed cookie table is a wall's).
SPEC_TABLE_ROWS = 3
#: The start of a hidden block's longest paragraph, this long, found again in the page's text
#: (whitespace runs joined) means the block is a copy of text shown elsewhere.
COPY_SAMPLE = 80
#: ...checked on its longest paragraphs, this many: a copy repeats at least half of their text.
COPY_SAMPLES = 3

#: A review section may hold up to this share of a product page's prose: reviews often outrun
#: the description (wcxb-dev tune: 0.5, the guard of other junk, kept reviews longer than the
#: description, +0.0007 F1; 0.8 and no limit gave +0.0014, no page worse, the three sets).
REVIEWS_GUARD_SHARE = 0.8

#: All junk tags in one query: ``strip_tags`` walks the whole tree once per tag name.
#: ``<noscript>`` is judged apart (``_drop_noscripts``).
_JUNK_TAGS_SELECTOR = ", ".join(tag for tag in JUNK_TAGS if tag != "noscript")
#: ...and ``<noscript>``, in the same query: ``collect_signals`` reads the untouched tree's
#: scripts, noscripts and password fields from its matches, and ``_drop_noscripts`` the
#: noscripts left, so one walk of lexbor serves the three (each walk costs about 1% of a
#: page's time, whatever it looks for).
_JUNK_AND_NOSCRIPT_SELECTOR = f"{_JUNK_TAGS_SELECTOR}, noscript"
#: A ``<noscript>`` holding blocks of its own is a server-rendered page for clients without
#: scripts (forum engines render a whole thread there), not a pixel or a notice.
_NOSCRIPT_BLOCKS = "p, div, article, main, section, header, footer, ul, ol, table, h1, h2, h3"

#: Linked headlines: the teasers of a listing page (counted after boilerplate removal).
_TEASER_SELECTOR = "h2 a[href], h3 a[href], h4 a[href], a[href] h2, a[href] h3, a[href] h4"

#: The "leave a reply" form of a comment section: no reader wrote that.
_COMMENT_FORM = re.compile(r"respond|comment-?form|reply-?form|leave-?a-?(?:comment|reply)|"
                           r"comment-?notes|add-?comment|post-?comment")
#: A challenge interstitial ("Just a moment...") shows at most this much text.
CHALLENGE_MAX_CHARS = 1000
#: Once a wall's text is set aside, what is left is the article if it has this much prose
#: (a paragraph or two): less is the page's furniture around the wall.
WALL_RESCUE_PROSE = 200


@dataclass(slots=True)
class Stripped:
    """The main content node (None when nothing article-like is left) and what strip saw."""

    main: LexborNode | None
    comments: LexborNode | None = None
    signals: Signals = field(default_factory=Signals)


def strip(tree: LexborHTMLParser, settings: ExtractSettings) -> Stripped:
    """Remove boilerplate from ``tree`` and return its main content node."""
    body = tree.body
    if body is None:
        return Stripped(main=None)
    titles = _titles(tree)
    junk_tags = tree.css(_JUNK_AND_NOSCRIPT_SELECTOR)
    signals = collect_signals(tree, junk_tags)
    _drop_junk_tags(tree, junk_tags)
    text = body.text()
    signals.challenge_markup = challenge_markup(tree, len(text))
    hidden = hidden_nodes(body) if settings.heuristics.hidden else []
    # Hidden inline elements (screen-reader labels, icon text) go before the walk, which
    # measures blocks only; hidden blocks are judged by what the walk finds in them.
    drop_nodes(node for node in hidden if node.tag in INLINE_TAGS)

    measured = measure_prose(body)
    _remove(measured, _hidden_junk([n for n in hidden if n.tag not in INLINE_TAGS], measured,
                                   text))
    signals.body_chars = measured.chars.get(measured.root_id, 0)
    landmarks = main_landmarks(measured)
    junk = junk_ancestors(measured, landmarks)
    if PRODUCT_LD_GROUP in signals.ld_groups:
        junk.update(_product_reviews(measured, junk))
    consent = [i for i, k in junk.items() if k is Junk.CONSENT]
    paywall = [i for i, k in junk.items() if k is Junk.PAYWALL]
    signals.consent_nodes, signals.paywall_nodes = len(consent), len(paywall)
    signals.consent_prose = max((measured.prose.get(i, 0) for i in consent), default=0)
    signals.paywall_prose = max((measured.prose.get(i, 0) for i in paywall), default=0)
    comments = None
    if settings.comments:
        comments = _keep_comments(
            tree, [measured.nodes[i] for i, k in junk.items() if k is Junk.COMMENTS], measured)
    _remove(measured, [measured.nodes[i] for i in junk])
    teasers = len(unique(body.css(_TEASER_SELECTOR)))
    signals.teasers = teasers

    main, comments = _main(tree, measured, settings, signals, titles, comments, landmarks)
    main_chars = signals.main_chars
    if main_chars >= WALL_TEXT_LIMIT:
        return Stripped(main=main, comments=comments, signals=signals)
    phrases = text_signals(text)
    signals.js_phrase, signals.consent_phrases = phrases.js_phrase, phrases.consent_phrases
    signals.paywall_phrases, signals.login_phrases = phrases.paywall_phrases, phrases.login_phrases
    if not _is_wall_text(main, main_chars, signals):
        return Stripped(main=main, comments=comments, signals=signals)
    # The chosen text is a consent form or a challenge: the article may still be on the
    # page beside it (a banner whose class names say nothing). Only when nothing is left
    # does the wall stand in for the content.
    if main.mem_id == body.mem_id:
        return Stripped(main=None, comments=comments, signals=signals)
    _remove(measured, [main])
    if measured.total < WALL_RESCUE_PROSE:
        return Stripped(main=None, comments=comments, signals=signals)
    main, comments = _main(tree, measured, settings, signals, titles, comments, landmarks)
    return Stripped(main=main, comments=comments, signals=signals)


def _product_reviews(measured: Prose, junk: dict[int, Junk]) -> dict[int, Junk]:
    """The customer-review sections of a product page, as comments: on wcxb-dev's product
    pages the reviews are not the page's content (the description and specifications are),
    and they can be longer than both. Not a section that holds nearly all of the page's prose
    (a wrapper round the product and its reviews)."""
    limit = REVIEWS_GUARD_SHARE * measured.total
    found: dict[int, Junk] = {}
    for ident, node in measured.nodes.items():
        if ident in junk or ident == measured.root_id or measured.prose.get(ident, 0) > limit:
            continue
        attributes = node.attributes
        if attributes and REVIEWS_PATTERN.search(attr_string(attributes)):
            found[ident] = Junk.COMMENTS
    return found


def _main(tree: LexborHTMLParser, measured: Prose, settings: ExtractSettings,
          signals: Signals, titles: list[str], comments: LexborNode | None,
          landmarks: tuple[int, ...]) -> tuple[LexborNode, LexborNode | None]:
    """Choose the main node among what is left of the page, and clean inside it."""
    body = measured.nodes[measured.root_id]
    # No prose at all (a one-line page, an image gallery): the body is all there is.
    found = item_list(measured) if settings.heuristics.item_list else None
    items = found.ident if found is not None else None
    signals.list_items = found.items if found is not None else 0
    signals.list_chars = found.chars if found is not None else 0
    main = select_main(measured, items, landmarks) or body
    kept = _inside(items, main, measured)
    signals.main_teasers = _main_teasers(main, body, signals.teasers)
    signals.main_link_pct = round(100 * measured.link_density(main.mem_id))
    signals.longest_carrier = max(
        (c.chars for c in measured.carriers if not measured.is_removed(c.ident)), default=0)
    furniture, inner_comments, vocabulary = junk_inside(main, measured, kept)
    if settings.comments and comments is None:
        comments = _keep_comments(tree, inner_comments, measured)
    _remove(measured, [*furniture, *inner_comments])
    clean_conditionally(main, measured, kept, vocabulary)
    drop_title_headings(main, titles)
    signals.main_chars = measured.chars.get(main.mem_id, 0)
    return main, comments


def _inside(items: int | None, main: LexborNode, measured: Prose) -> frozenset[int]:
    """The item list, when it is part of the main node: its items are the content, so
    cleaning inside main leaves them alone (each card is link-dense by nature)."""
    if items is None or measured.is_removed(items):
        return frozenset()
    if items != main.mem_id and main.mem_id not in measured.ancestors(items):
        return frozenset()
    return frozenset({items})


def _hidden_junk(hidden: list[LexborNode], measured: Prose, text: str) -> list[LexborNode]:
    """The hidden blocks that go. Kept: one holding most of the page (a page hidden until its
    script has run), and a hidden container of prose that is not a copy of text shown
    elsewhere: a closed tab or drawer of product details, a size guide, a deferred product
    block. Menus, carousels and teaser boxes hidden the same way hold links and labels; a
    lone hidden paragraph is text the author took out; a hidden copy of the article (the
    other layout of a responsive page) would say it twice; a closed cookie-settings or
    subscription dialog is a wall's second page."""
    body_chars = measured.chars.get(measured.root_id, 0)
    drop = []
    page_text: str | None = None  # whitespace runs joined, made for the first candidate
    hidden_text: str | None = None  # every hidden block's, made for the first closed panel
    for node in hidden:
        ident = node.mem_id
        if measured.chars.get(ident, 0) > REVEALED_PAGE_SHARE * body_chars:
            continue
        if measured.link_density(ident) > HIDDEN_CONTENT_LINK_SHARE:
            drop.append(node)
            continue
        if (table := _specifications(node)) is not None:
            page_text = page_text or " ".join(text.split())
            if page_text.count(_sample(table)) <= 1 and not _holds_a_wall(node):
                continue
        panel = _is_panel(node)
        if measured.prose.get(ident, 0) >= (HIDDEN_PANEL_PROSE if panel else HIDDEN_CONTENT_PROSE):
            inside = [carrier for carrier in measured.carriers
                      if carrier.ident == ident or ident in measured.ancestors(carrier.ident)]
            if inside and (len(inside) >= HIDDEN_CONTENT_CARRIERS or panel):
                page_text = page_text or " ".join(text.split())
                if panel and hidden_text is None:
                    hidden_text = " | ".join(" ".join(hidden_node.text(deep=True).split())
                                             for hidden_node in without_nested(hidden))
                if not _is_copy(node, inside, measured, page_text, hidden_text if panel else None) \
                        and not _holds_a_wall(node):
                    continue
        drop.append(node)
    return drop


def _specifications(node: LexborNode) -> LexborNode | None:
    """The data table of hidden ``node``, if it holds one of ``SPEC_TABLE_ROWS`` rows or more:
    the closed "Specifications" tab of a product page, whose cells are labels and values
    rather than prose."""
    for table in node.css("table"):
        if len(table.css("tr")) >= SPEC_TABLE_ROWS and is_data_table(table):
            return table
    return None


#: Roles of a tab's or an accordion's panel, which a click on its tab or heading opens.
_PANEL_ROLES = frozenset({"tabpanel", "region"})


def _is_panel(node: LexborNode) -> bool:
    """Whether hidden ``node`` is the closed panel of a tab list or an accordion: it has a
    panel's role or is labelled by its trigger (ARIA's authoring pattern for both), so its one
    paragraph is content a click shows, not text the author took out (wcxb-dev tune: class
    words as well as ARIA +0.001, 14 pages better, none worse)."""
    attributes = node.attributes
    role = (attributes.get("role") or "").lower()
    if role in _PANEL_ROLES or bool(attributes.get("aria-labelledby")):
        return True
    # ...or its class says so: most accordions are built without ARIA.
    return (bool(attributes.get("class") or attributes.get("id"))
            and PANEL_PATTERN.search(attr_string(attributes)) is not None)


def _holds_a_wall(node: LexborNode) -> bool:
    """Whether a consent or paywall box is in ``node``: the dialog is the cookie settings or
    the subscription offer a click opens, not the page's content."""
    for inner in node.traverse():
        marked = classify_marked(inner) if inner.attributes else None
        if marked is not None and marked[0] in (Junk.CONSENT, Junk.PAYWALL):
            return True
    return False


def _is_copy(node: LexborNode, inside: list[Carrier], measured: Prose, page_text: str,
             hidden_text: str | None = None) -> bool:
    """Whether at least half of the text of the longest paragraphs of hidden ``node`` is
    repeated outside it: a hidden copy of the article, or a teaser of it, repeats its
    paragraphs, while language tabs of a tutorial share some instructions and differ in the
    rest. For a closed panel, given ``hidden_text`` (that of every hidden block), only a
    repeat in the text shown counts: the other tabs of a tutorial in several languages are
    closed panels too, and repeat its steps word for word (wcxb-dev tune: one page +0.12;
    for every hidden block, a page of two hidden responsive copies lost as much)."""
    longest = sorted(inside, key=lambda carrier: carrier.chars, reverse=True)[:COPY_SAMPLES]
    unseen = hidden_text if hidden_text is not None else " ".join(node.text(deep=True).split())
    copied = 0
    for carrier in longest:
        sample = _sample(measured.nodes[carrier.ident])
        if page_text.count(sample) > unseen.count(sample):  # repeated where it is seen
            copied += carrier.chars
    return 2 * copied >= sum(carrier.chars for carrier in longest)


def _sample(node: LexborNode) -> str:
    return " ".join(node.text(deep=True).split())[:COPY_SAMPLE]


def _is_wall_text(main: LexborNode, main_chars: int, signals: Signals) -> bool:
    """Whether the main text is a consent form or a bot challenge rather than an article."""
    if signals.challenge_title and (signals.challenge_markup or signals.challenge_scripts
                                    or signals.body_chars < CHALLENGE_MAX_CHARS):
        return True
    phrases = text_signals(main.text()).consent_phrases
    signals.main_consent_phrases = phrases
    return is_consent_text(phrases, main_chars)


def _main_teasers(main: LexborNode, body: LexborNode, body_teasers: int) -> int:
    """Teasers under ``main``. The tree has not changed since the body was counted, so the
    query is repeated only when its answer can differ (main is a part of a body with teasers).
    """
    if not body_teasers or main.mem_id == body.mem_id:
        return body_teasers
    return len(unique(main.css(_TEASER_SELECTOR)))


def _drop_junk_tags(tree: LexborHTMLParser, found: list[LexborNode]) -> None:
    """Remove every junk element with its subtree; ``found`` holds the tree's matches of
    ``_JUNK_AND_NOSCRIPT_SELECTOR``. Last first: matches come in document order, so a nested
    match goes before its ancestor and no freed node is touched.
    """
    junk = [node for node in found if node.tag != "noscript"]
    junk_ids = {node.mem_id for node in junk}
    # The noscripts a query after the removal would find: those outside every junk subtree,
    # told apart now (a node inside a decomposed subtree is freed memory).
    noscripts = [node for node in found
                 if node.tag == "noscript" and not _has_ancestor_in(node, junk_ids)]
    for node in reversed(junk):
        node.decompose()
    _drop_noscripts(tree, noscripts)


def _has_ancestor_in(node: LexborNode, idents: set[int]) -> bool:
    if not idents:
        return False
    parent = node.parent
    while parent is not None:
        if parent.mem_id in idents:
            return True
        parent = parent.parent
    return False


def _drop_noscripts(tree: LexborHTMLParser, noscripts: list[LexborNode]) -> None:
    """``<noscript>`` goes, unless the page is an app shell whose content is all in there:
    when the text of the noscript blocks outweighs the rest of the body, they are the page
    (unwrapped, so strip judges their parts like any other markup). ``noscripts``: the tree's
    ``<noscript>`` elements, in document order."""
    if not noscripts:
        return
    body = tree.body
    rendered = {node.mem_id: node for node in noscripts
                if node.css_first(_NOSCRIPT_BLOCKS) is not None}
    inside = sum(len(node.text(strip=True)) for node in rendered.values())
    is_page = body is not None and inside > 0 and inside > len(body.text(strip=True)) - inside
    for node in reversed(noscripts):
        if is_page and node.mem_id in rendered:
            node.unwrap()
        else:
            node.decompose()


def _titles(tree: LexborHTMLParser) -> list[str]:
    titles: list[str] = []
    head = tree.head
    if head is None:
        return titles
    node = head.css_first("title")
    if node is not None:
        titles.append(node.text())
    for meta in head.css('meta[property="og:title"], meta[name="twitter:title"]'):
        if content := meta.attributes.get("content"):
            titles.append(content)
    return titles


def _remove(measured: Prose, nodes: list[LexborNode]) -> None:
    """Decompose ``nodes`` (nested ones once, detached comments not at all)."""
    chosen = without_nested([n for n in nodes if not measured.is_removed(n.mem_id)])
    measured.remove_all(node.mem_id for node in chosen)
    for node in chosen:
        node.decompose()


def _keep_comments(tree: LexborHTMLParser, nodes: list[LexborNode],
                   measured: Prose) -> LexborNode | None:
    """Move the comment sections out of the tree into a detached holder, in document order;
    they count as removed from then on. All of them, not the biggest: a thread whose every
    reply is marked as a comment of its own has no one section (wcxb-dev tune +0.001: three
    threads whole, two Q&A pages whose truth stops at the first answers worse)."""
    nodes = [n for n in nodes if not measured.is_removed(n.mem_id)
             and measured.prose.get(n.mem_id, 0) > 0
             and not _COMMENT_FORM.search(attr_string(n.attributes))]
    if not nodes:
        return None
    holder = tree.create_node("div")
    # Document order (the walk's: siblings before their parent's end), outermost only.
    for node in without_nested(nodes):
        measured.remove(node.mem_id)
        holder.insert_child(node, move=True)
    return holder
