"""Visible bylines and datelines: what a reader sees under the headline.

Authors, in this order of selectors (first that yields a name wins):
``[rel~=author]`` links, then elements whose class or id says byline, then author; the text
must be short (a byline, not a bio) and the element must not sit in comments, related-article
lists, sidebars or the site footer. Last, the post's meta line (``post-meta``, ``entry-meta``)
gives the parts shaped like a person's name (source ``meta-line``).

Dates: ``<time pubdate>``, then ``<time datetime>`` inside ``<article>``/``<main>``, then the
first ``<time datetime>`` outside boilerplate, then a date phrase in a short dateline or byline
element ("March 25, 2015"). Modified dates come from ``<time>`` elements whose class says
updated/modified.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract.metadata.authors import MAX_BYLINE_CHARS, clean_author, looks_like_byline
from scraper.extract.metadata.candidates import Candidates
from scraper.extract.metadata.dates import date_from_text

__all__ = ["in_boilerplate", "read_bylines", "read_datelines"]

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
#: Class/id words of containers whose names are not the article's author; matched as whole
#: words of a class token ("comment-list", "related_posts"), so "vcard" or "hentry" do not hit.
_BOILERPLATE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:comments?|related|sidebar|recommend\w*|promo|popular|"
    r"trending|newsletter|more|teaser|follow\w*|recirc\w*)(?=$|[\s_-])"
    # A sidebar widget is a class of its own ("widget", "widget_recent_entries"); page builders'
    # "elementor-widget" wraps every block of the article too.
    r"|(?:^|\s)widgets?(?:-area|_[\w-]+)?(?=$|\s)",
    re.IGNORECASE,
)
#: ``[class*=author]`` also hits "authority" and "authorize"; the class must say author.
#: A footer is the site's footer only outside the article: themes put "Posted by" in the
#: article's own ``<footer class="entry-footer">``.
_FOOTER_WORD = re.compile(r"(?:^|[\s_-])footer(?=$|[\s_-])", re.IGNORECASE)
_AUTHOR_CLASS = re.compile(r"author(?!i)", re.IGNORECASE)
_MODIFIED_WORDS = re.compile(r"updat|modif|revis", re.IGNORECASE)


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
            if selector == _AUTHOR_SELECTORS[-1] and not _AUTHOR_CLASS.search(_class_id(node)):
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
        field = "modified" if _MODIFIED_WORDS.search(_class_id(node)) else "published"
        if "pubdate" in node.attributes:
            found["published"].insert(0, (node.attributes["datetime"] or "", "time"))
        else:
            found.add(field, node.attributes.get("datetime"), "time")
    in_article = next((node for node in times if _in_article(node)), None)
    if in_article is not None and not in_boilerplate(in_article):
        found["published"].insert(0, (in_article.attributes.get("datetime") or "", "time"))
    for selector in _DATELINE_SELECTORS:
        for node in body.css(selector)[:MAX_NODES_PER_SELECTOR]:
            text = node.text(deep=True)
            if not text or len(text) > 4 * MAX_BYLINE_CHARS or in_boilerplate(node):
                continue
            if (day := date_from_text(" ".join(text.split()))) is not None:
                field = "modified" if _MODIFIED_WORDS.search(text[:40]) else "published"
                if not any(source == "dateline" for _, source in found.get(field, ())):
                    found.add(field, day, "dateline")
    return found


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
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}"


def in_boilerplate(node: LexborNode) -> bool:
    """Inside comments, related lists, sidebars, navigation, forms, or the site's footer."""
    current: LexborNode | None = node
    footer = False
    for _ in range(MAX_ANCESTOR_DEPTH):
        if current is None or current.tag in ("body", "html"):
            return footer
        class_id = _class_id(current)
        if current.tag in _BOILERPLATE_TAGS or _BOILERPLATE_WORDS.search(class_id):
            return True
        footer = footer or current.tag == "footer" or bool(_FOOTER_WORD.search(class_id))
        if current.tag in ("article", "main"):
            return False
        current = current.parent
    return footer
