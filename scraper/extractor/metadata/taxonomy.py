"""Visible tags and section: the topic links and breadcrumbs a reader sees around the article.

Tags (``tag-links``): links in an element whose class names tags (``post-tags``, ``c-tags``,
``tags-links``), ``rel=tag`` links and links to ``/tag/<slug>`` or ``/tags/<slug>`` pages;
category links are left to the section.

Section: the first category link (``rel=category`` or ``/category/<slug>``, source
``category-link``), else the last breadcrumb link that is not the home page
(``breadcrumb``): breadcrumbs marked as such by class, aria-label or microdata, or an unmarked
line of links separated by ">" that starts with the home link.

Links in navigation menus, sidebars, footers, related-article lists and comments are skipped:
there they list the whole site's topics, not this article's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extractor.metadata.byline import in_boilerplate
from scraper.extractor.metadata.candidates import Candidates
from scraper.links import url_host
from scraper.vocabulary import HOME_WORDS, MENU_WORDS

__all__ = ["read_visible_section", "read_visible_tags"]

#: Answers of the menu-class test kept (it runs on every ancestor of every topic link, and a
#: page repeats a few hundred class strings at most), as for ``byline.in_boilerplate``.
MENU_VERDICTS_KEPT = 2048

#: Tag links looked at; an article has a handful, a tag cloud hundreds.
MAX_TAG_LINKS = 60

#: Longer link text is a headline or a sentence, not a topic name.
MAX_TOPIC_CHARS = 60

#: Home links checked for an unmarked breadcrumb around them; the trail is near the top.
MAX_HOME_LINKS = 5
#: A breadcrumb is a few links on one short line; more is a menu.
MAX_TRAIL_LINKS = 6
MAX_TRAIL_CHARS = 200
_TRAIL_SEPARATOR = re.compile(r"\S\s*[>›»]\s*\S")

#: Elements whose class names a tag list; links anywhere inside one are tag candidates.
_TAG_BOXES = '[class*="tags" i], [class*="tag-list" i]'
#: Links that are tag candidates by themselves.
_TAG_LINKS_ALONE = 'a[rel~="tag"], a[href*="/tag/"], a[href*="/tags/"]'
_TAG_LINKS = (
    '[class*="tags" i] a[href], [class*="tag-list" i] a[href], ' + _TAG_LINKS_ALONE
)
_CATEGORY_LINKS = 'a[rel~="category"], a[href*="/category/"], a[href*="/categories/"]'
_BREADCRUMBS = (
    '[class*="breadcrumb" i], [aria-label*="breadcrumb" i], [itemtype*="BreadcrumbList"]'
)
#: A tag link must lead to a tag page, not to the index of all tags ("/tags/").
_TAG_HREF = re.compile(r"/tags?/[^/?#]+", re.IGNORECASE)
_CATEGORY_HREF = re.compile(r"/categor(?:y|ies)/", re.IGNORECASE)


def read_visible_tags(tree: LexborHTMLParser) -> Candidates:
    """Tag candidates from the article's visible topic links."""
    found = Candidates()
    body = tree.body
    if body is None:
        return found
    for link in _unique(body.css(_tag_links_selector(tree)))[:MAX_TAG_LINKS]:
        attrs = link.attributes  # built afresh by each read: read once
        href = attrs.get("href") or ""
        rel = (attrs.get("rel") or "").lower().split()
        if "category" in rel or _CATEGORY_HREF.search(href):
            continue
        in_tags_box = _in_tags_box(link)
        if not in_tags_box and "tag" not in rel and not _TAG_HREF.search(href):
            continue
        text = _topic(link)
        if text and not _skipped(link):
            found.add("tags", text, "tag-links")
    return found


def _tag_links_selector(tree: LexborHTMLParser) -> str:
    """The tag-link query, without its tag-box part on the (most) pages that have no tag box:
    matching "link inside a box" checks every link's ancestors and costs several times a
    plain pass. The box test runs on the whole document, as the descendant selector does."""
    return _TAG_LINKS if tree.css_first(_TAG_BOXES) is not None else _TAG_LINKS_ALONE


def read_visible_section(tree: LexborHTMLParser) -> Candidates:
    """Section candidates: category links, then breadcrumbs."""
    found = Candidates()
    body = tree.body
    if body is None:
        return found
    for link in _unique(body.css(_CATEGORY_LINKS))[:MAX_TAG_LINKS]:
        if (text := _topic(link)) and not _skipped(link):
            found.add("section", text, "category-link")
            break
    trails = body.css(_BREADCRUMBS)[:3] + _text_trails(body)
    site_host = _site_host(tree)
    for trail in trails:
        names = [_topic(link) for link in trail.css("a[href]")
                 if not _off_site(link.attributes.get("href") or "", site_host)]
        names = [name for name in names if name and name.casefold() not in HOME_WORDS]
        if names:
            found.add("section", names[-1], "breadcrumb")
            break
    return found


def _site_host(tree: LexborHTMLParser) -> str | None:
    canonical = tree.css_first('link[rel="canonical"], meta[property="og:url"]')
    if canonical is None:
        return None
    url = canonical.attributes.get("href") or canonical.attributes.get("content") or ""
    return url_host(url)


def _off_site(href: str, site_host: str | None) -> bool:
    """A trail step leads somewhere on the site; a link to another host ("Edit on GitHub",
    a partner site) sitting in the breadcrumb bar is not a section."""
    host = url_host(href) if href.startswith(("http://", "https://", "//")) else None
    return host is not None and site_host is not None and host.removeprefix("www.") != \
        site_host.removeprefix("www.")


def _text_trails(body: LexborNode) -> list[LexborNode]:
    """Unmarked breadcrumbs: "Home > News > Environment", found from their home link."""
    trails = []
    for home in body.css('a[href="/"]')[:MAX_HOME_LINKS]:
        parent = home.parent
        if parent is None or parent.tag in ("body", "nav", "header"):
            continue
        links = parent.css("a[href]")
        text = " ".join(parent.text(deep=True, separator=" ").split())
        if (2 <= len(links) <= MAX_TRAIL_LINKS and len(text) <= MAX_TRAIL_CHARS
                and _TRAIL_SEPARATOR.search(text)):
            trails.append(parent)
    return trails


def _unique(nodes: list[LexborNode]) -> list[LexborNode]:
    """Lexbor returns a node once per selector of a list that matches it; keep the first."""
    seen: set[int] = set()
    unique = []
    for node in nodes:
        if node.mem_id not in seen:
            seen.add(node.mem_id)
            unique.append(node)
    return unique


def _topic(link: LexborNode) -> str | None:
    text = " ".join(link.text(deep=True, separator=" ").split()).lstrip("#").strip()
    if not text or len(text) > MAX_TOPIC_CHARS:
        return None
    return text


def _in_tags_box(link: LexborNode) -> bool:
    parent = link.parent
    for _ in range(3):
        if parent is None:
            return False
        if "tags" in (parent.attributes.get("class") or "").lower():
            return True
        parent = parent.parent
    return False


def _skipped(link: LexborNode) -> bool:
    """In a menu or site header, or in boilerplate (see ``byline.in_boilerplate``)."""
    if in_boilerplate(link):
        return True
    current = link.parent
    for _ in range(8):
        if current is None:
            return False
        tag = current.tag  # each read of a tag or a parent is a call into the parser
        if tag in ("body", "article", "main"):
            return False
        parent = current.parent
        if tag in ("nav", "header") and parent is not None and parent.tag == "body":
            return True
        if tag == "nav" or _menu_class(current.attributes.get("class") or ""):
            return True
        current = parent
    return False


@lru_cache(maxsize=MENU_VERDICTS_KEPT)
def _menu_class(classes: str) -> bool:
    return MENU_WORDS.search(classes) is not None
