"""Visible bylines and datelines: what a reader sees under the headline.

Authors, in this order of selectors (first that yields a name wins):
``[rel~=author]`` links, then elements whose class or id says byline, then author; the text
must be short (a byline, not a bio) and the element must not sit in comments, related-article
lists, sidebars or the site footer. Last, the post's meta line (``post-meta``, ``entry-meta``)
gives the parts shaped like a person's name (source ``meta-line``).

Dates: ``<time pubdate>``, then ``<time datetime>`` inside ``<article>``/``<main>``, then the
first ``<time datetime>`` outside boilerplate, then a date phrase in a short dateline or byline
element ("March 25, 2015"). Modified dates come from ``<time>`` elements whose class says
updated/modified, and from date phrases after "Updated"/"Last modified".

``read_headline_dates`` reads the text just after (and just before) the headline ``<h1>`` for
date phrases: the dateline of pages that mark it up with nothing a selector can find.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extractor.metadata.authors import MAX_BYLINE_CHARS, clean_author, looks_like_byline
from scraper.extractor.metadata.candidates import Candidates
from scraper.extractor.metadata.dates import LABEL_CHARS, dates_in_text
from scraper.vocabulary import (
    ARTICLE_BOILERPLATE_WORDS,
    AUTHOR_CLASS,
    BYLINE_BOILERPLATE_WORDS,
    FOOTER_WORD,
    MODIFIED_WORDS,
)

__all__ = ["in_boilerplate", "read_bylines", "read_datelines", "read_headline_dates"]

#: Nodes tried per selector; the byline is near the top, later matches are comment authors and
#: related-article cards.
MAX_NODES_PER_SELECTOR = 20

#: Levels of ancestors checked for boilerplate containers; deeper nesting than this is the page
#: frame (body, wrappers), which says nothing about the node.
MAX_ANCESTOR_DEPTH = 12

_AUTHOR_SELECTORS = (
    '[rel~="author"]',
    '[class*="byline" i], [id*="byline" i]',
    '[class*="author" i], [id*="author" i], [class*="writtenby" i]',
)
#: Last resort: the meta line under a headline ("August 19, 2024 · 7 min · Jonas Brandt"), where
#: only parts shaped like a person's name (capitalised words) are taken.
_META_LINE_SELECTOR = (
    '[class*="post-meta" i], [class*="entry-meta" i], [class*="article-meta" i], '
    '[class*="post-info" i]'
)
_PERSON_NAME = re.compile(r"^(?:[A-ZÀ-ÞĀ-Ž][\w'’.-]*\s+){1,3}[A-ZÀ-ÞĀ-Ž][\w'’.-]*$")
_DATELINE_SELECTORS = (
    '[class*="dateline" i], [class*="publish" i], [class*="posted" i], [class*="timestamp" i], '
    '[class*="date" i], [class*="byline" i]',
)
_BOILERPLATE_TAGS = frozenset({"aside", "nav", "form"})
_ARTICLE_TAGS = frozenset({"article", "main"})

#: Text read after the headline for its date: the meta line under a headline ("By Ann Lee - Mar
#: 27, 2024 · 6 min read", "Written by ... Last updated on: October 1, 2025") fits in a few
#: hundred characters; further on, dates belong to the body or to teasers. On wcxb-dev tune,
#: 200 found 4 fewer right dates than 400, and 800 none more but 3 more on dateless pages.
HEADLINE_AFTER_CHARS = 400

#: Text read before the headline: the kicker above it ("News · 23.07.2025") is short. Reading
#: none found 7 fewer right dates on wcxb-dev tune.
HEADLINE_BEFORE_CHARS = 150

#: A date phrase counts only in a text node this short: "Published on Oct 21, 2025 at 5:00 PM
#: PST" fits; a longer node is a sentence that mentions a date ("My story begins on Friday,
#: November 7, 2025, when..."). 40 to 100 scored the same on wcxb-dev tune.
MAX_DATE_NODE_CHARS = 60

#: More date phrases than this after the headline are a list of dated items (a listing, a
#: schedule, an archive), not one page's dateline, which has a published and an updated date
#: (1 lost 5 right dates on wcxb-dev tune, as pages print both).
MAX_HEADLINE_DATES = 2

#: ``<h1>`` elements looked at to find the one that is the headline (a logo or a site title in
#: the header can come first).
MAX_HEADLINES = 5

#: Subtrees whose text is not shown.
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "select"})


def read_bylines(tree: LexborHTMLParser) -> Candidates:
    """Author candidates from the first visible byline that holds a name."""
    found = Candidates()
    body = tree.body
    if body is None:
        return found
    for selector in _AUTHOR_SELECTORS:
        for node in body.css(selector)[:MAX_NODES_PER_SELECTOR]:
            # Text nodes joined by a space: "Jeff Foust<br>Monday" must not glue into one word.
            text = node.text(deep=True, separator=" ")
            if not text:
                continue
            if selector == _AUTHOR_SELECTORS[-1] and not AUTHOR_CLASS.search(_class_id(node)):
                continue
            if in_boilerplate(node) or not looks_like_byline(text) or not clean_author(text):
                continue
            found.add_raw("authors", text, "byline")
            return found
    for node in body.css(_META_LINE_SELECTOR)[:MAX_NODES_PER_SELECTOR]:
        text = node.text(deep=True, separator=" ")
        if not text or in_boilerplate(node) or not looks_like_byline(text):
            continue
        names = [name for name in clean_author(text) if _PERSON_NAME.match(name)]
        if names:
            found.add_raw("authors", "\n".join(names), "meta-line")
            return found
    return found


def read_datelines(tree: LexborHTMLParser) -> Candidates:
    """Published/modified candidates from ``<time>`` elements and dateline text."""
    found = Candidates()
    body = tree.body
    if body is None:
        return found
    times = body.css("time[datetime]")
    for node in times:
        if in_boilerplate(node):
            continue
        field = "modified" if MODIFIED_WORDS.search(_class_id(node)) else "published"
        attrs = node.attributes  # built afresh by each read: read once
        if "pubdate" in attrs:
            found["published"].insert(0, (attrs["datetime"] or "", "time"))
        else:
            found.add(field, attrs.get("datetime"), "time")
    in_article = next((node for node in times if _in_article(node)), None)
    if in_article is not None and not in_boilerplate(in_article):
        found["published"].insert(0, (in_article.attributes.get("datetime") or "", "time"))
    for selector in _DATELINE_SELECTORS:
        for node in body.css(selector)[:MAX_NODES_PER_SELECTOR]:
            text = node.text(deep=True)
            if not text or len(text) > 4 * MAX_BYLINE_CHARS or in_boilerplate(node):
                continue
            for field, day in dates_in_text(" ".join(text.split()))[:1]:
                if not any(source == "dateline" for _, source in found.get(field, ())):
                    found.add(field, day, "dateline")
    return found


def read_headline_dates(tree: LexborHTMLParser, title: str | None) -> Candidates:
    """Dates printed next to the headline: the page's own dateline, whatever its markup.

    Many pages print their date as bare text under the ``<h1>`` (``<p>April 8, 2024</p>``,
    "By Ann Lee - Mar 27, 2024") with no ``<time>`` or date class to find it by. The headline is
    the ``<h1>`` whose text is the title (else the first one outside boilerplate); the text
    nodes just after it (then just before it) are searched for date phrases, labelled published
    or modified by the words in front of them ("Updated", "Last modified"). A date counts only
    in a short text node (a date inside a sentence is the article's subject, not its date),
    and none counts when the text after the headline holds more than ``MAX_HEADLINE_DATES``
    of them (a listing's or a schedule's dated items). The first of each kind is kept.
    """
    found = Candidates()
    headline = _headline(tree, title)
    if headline is None:
        return found
    for pieces in (_texts_after(headline, HEADLINE_AFTER_CHARS),
                   _texts_before(headline, HEADLINE_BEFORE_CHARS)):
        dated: list[tuple[str, str]] = []
        context = ""
        for piece in pieces:
            if len(piece) <= MAX_DATE_NODE_CHARS:
                label = context[-LABEL_CHARS:]
                dated += dates_in_text(f"{label} {piece}", start=len(label) + 1)
            context = f"{context} {piece}"
        if len(dated) > MAX_HEADLINE_DATES:
            continue
        for field, day in dated:
            if not found.get(field):
                found.add(field, day, "headline-date")
    return found


def _headline(tree: LexborHTMLParser, title: str | None) -> LexborNode | None:
    body = tree.body
    if body is None:
        return None
    wanted = " ".join((title or "").split()).casefold()
    first: LexborNode | None = None
    for node in body.css("h1")[:MAX_HEADLINES]:
        text = " ".join(node.text(deep=True, separator=" ").split()).casefold()
        if not text or in_boilerplate(node):
            continue
        if wanted and (text == wanted or wanted in text or text in wanted):
            return node
        first = first or node
    if first is None and wanted:
        # No <h1>: some themes set the headline in an <h2>; only one that is the title counts.
        for node in body.css("h2")[:MAX_HEADLINES]:
            text = " ".join(node.text(deep=True, separator=" ").split()).casefold()
            if text and (text == wanted or text in wanted) and not in_boilerplate(node):
                return node
    return first


def _texts(node: LexborNode) -> Iterator[str]:
    """The visible text nodes of ``node``'s subtree, whitespace collapsed, empty ones dropped;
    lazily, so that reading the start of a long article body stops early."""
    if node.tag in _HIDDEN_TAGS:
        return
    for item in node.traverse(include_text=True):
        if item.tag != "-text":
            continue
        parent = item.parent
        if parent is not None and parent.tag in _HIDDEN_TAGS:
            continue
        if text := " ".join((item.text_content or "").split()):
            yield text


def _texts_after(node: LexborNode, limit: int) -> list[str]:
    """Text nodes following ``node`` in the page, about ``limit`` characters of them."""
    pieces: list[str] = []
    size = 0
    current: LexborNode | None = node
    while current is not None and size < limit:
        while current is not None and current.next is None:
            current = current.parent
        if current is None or current.tag in ("body", "html"):
            break
        current = current.next
        if current is None:
            break
        for piece in _texts(current):
            pieces.append(piece)
            size += len(piece) + 1
            if size >= limit:
                break
    return pieces


def _texts_before(node: LexborNode, limit: int) -> list[str]:
    """Text nodes just before ``node`` (its kicker), about ``limit`` characters of them, read
    within its own container and the container's parent only."""
    pieces: list[str] = []
    size = 0
    current: LexborNode | None = node
    for _ in range(2):
        sibling = current.prev if current is not None else None
        while sibling is not None and size < limit:
            for piece in reversed(list(_texts(sibling))):
                pieces.insert(0, piece)
                size += len(piece) + 1
                if size >= limit:
                    break
            sibling = sibling.prev
        current = current.parent if current is not None else None
        if current is None or current.tag in ("body", "html"):
            break
    return pieces


def _in_article(node: LexborNode) -> bool:
    """Whether ``node`` sits inside an <article> or <main> (what "article time" selects); found
    from the <time> elements already at hand, so the body is not walked a second time."""
    current = node.parent
    while current is not None:
        if current.tag in _ARTICLE_TAGS:
            return True
        current = current.parent
    return False


def _class_id(node: LexborNode) -> str:
    """The node's class and id; utility classes with an arbitrary value or a variant
    (Tailwind's ``mr-[--sidebar-width]``, ``lg:max-2xl:mr-4``) are left out: they name a
    style, not what the element is."""
    attrs = node.attributes
    classes = attrs.get("class") or ""
    if "[" in classes or ":" in classes:
        classes = " ".join(token for token in classes.split()
                           if "[" not in token and ":" not in token)
    return f"{classes} {attrs.get('id') or ''}"


#: The boilerplate tests below run on the class and id of every ancestor of every byline, date
#: and topic link looked at, and a page (a site) names its boxes with the same few strings over
#: and over: each test keeps its answers for the last strings seen instead of searching again
#: (an unanchored word search costs about 2 µs a string). A page has a few hundred distinct
#: class strings at most.
CLASS_VERDICTS_KEPT = 2048


def _says(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """Whether ``pattern`` occurs in a string, answers kept (``CLASS_VERDICTS_KEPT``)."""
    return lru_cache(maxsize=CLASS_VERDICTS_KEPT)(lambda text: pattern.search(text) is not None)


_article_boilerplate = _says(ARTICLE_BOILERPLATE_WORDS)
_byline_boilerplate = _says(BYLINE_BOILERPLATE_WORDS)
_footer = _says(FOOTER_WORD)


def in_boilerplate(node: LexborNode) -> bool:
    """Inside comments, related lists, sidebars, navigation, forms, or the site's footer."""
    current: LexborNode | None = node
    footer = False
    for _ in range(MAX_ANCESTOR_DEPTH):
        if current is None:
            return footer
        tag = current.tag  # read once: each read is a call into the parser
        if tag in ("body", "html"):
            return footer
        class_id = _class_id(current)
        if tag in _ARTICLE_TAGS:
            # An <article> is a comment or a teaser card when its class says so; other words
            # name what the article is ("newsletter-post"), not a box beside it.
            return _article_boilerplate(class_id)
        if tag in _BOILERPLATE_TAGS or _byline_boilerplate(class_id):
            return True
        footer = footer or tag == "footer" or _footer(class_id)
        current = current.parent
    return footer
