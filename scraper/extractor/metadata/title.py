"""Title: prefer a real headline; strip site names from ``<title>``.

Order: JSON-LD ``headline``, then the meta titles (og:title, twitter:title, dc.title, ...),
microdata ``headline``; these are written by the publisher for this purpose and kept as they
are, except that a segment naming the site ("Headline | Site") is cut. Without them, the
``<title>`` is used: when an ``<h1>`` appears in it, the ``<h1>`` text (the headline without the
site decoration); else the ``<title>`` with its site segment cut. A segment is a site segment
when it matches a known site name (og:site_name, publisher, host); failing that, the last
segment after a separator is cut when at least ``MIN_HEADLINE_WORDS`` words remain (else the
first, for "Site | Headline" titles, when ``MIN_PREFIX_CUT_WORDS`` remain).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from scraper.extractor.metadata.site import matches_site

__all__ = ["best_match", "document_title", "split_site", "title_from_document"]

#: Fewer words than this left after a cut means the cut took the headline, not the site name
#: (Readability's rule, which holds well on news and blog titles).
MIN_HEADLINE_WORDS = 3

#: "Site | Headline" is rarer than "Headline | Site": the first segment is cut as a site name
#: only when a clear headline of this many words remains ("Google - Site Reliability
#: Engineering" is one title, not a site and a headline).
MIN_PREFIX_CUT_WORDS = 5

#: A site name is a few words; a first segment this short before a much longer last segment
#: is "Site :: Headline" ("Harbor County Gazette :: Reservoir levels fall ...").
MAX_SITE_PREFIX_WORDS = 4

#: A first <h1> longer than this is a paragraph styled as a heading, not a headline.
MAX_H1_CHARS = 300

#: Separators between headline and site name. ":" is not one: it sits inside headlines far more
#: often than it announces a site.
_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»/\\~]|::)\s+")


def split_site(title: str, sites: list[str], *, guess: bool) -> tuple[str, str | None]:
    """``(headline, site segment or None)``; ``guess`` allows a cut without a known site name."""
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title, None
    seps = _SEPARATOR.findall(title)
    if sites and matches_site(parts[-1], sites):
        return title[: title.rfind(seps[-1])].strip(), parts[-1].strip()
    if sites and matches_site(parts[0], sites):
        return title[title.find(seps[0]) + len(seps[0]):].strip(), parts[0].strip()
    if not guess:
        return title, None
    tail = title[title.find(seps[0]) + len(seps[0]):].strip()
    if (len(parts) == 2 and len(parts[0].split()) <= MAX_SITE_PREFIX_WORDS
            and len(parts[1].split()) >= max(MIN_PREFIX_CUT_WORDS, 2 * len(parts[0].split()))):
        return tail, parts[0].strip()
    head = title[: title.rfind(seps[-1])].strip()
    if len(head.split()) >= MIN_HEADLINE_WORDS:
        return head, parts[-1].strip()
    if len(tail.split()) >= MIN_PREFIX_CUT_WORDS:
        return tail, parts[0].strip()
    return title, None


def best_match(candidates: list[tuple[str, str]], references: list[str]) -> tuple[str, str]:
    """The candidate sharing most words with the page's other titles (first on ties).

    JSON-LD ``headline`` and ``name`` sometimes differ (one is a tagline or a video's name);
    the one the ``<title>`` and og:title agree with is the page's title.
    """
    words = set(_squash(" ".join(references)).split())
    best, best_score = candidates[0], -1.0
    for value, source in candidates:
        tokens = _squash(value).split()
        score = sum(token in words for token in tokens) / len(tokens) if tokens else 0.0
        if score > best_score:
            best, best_score = (value, source), score
    return best


def document_title(tree: LexborHTMLParser) -> str:
    """The ``<title>`` text, whitespace collapsed ("" when missing)."""
    tag = tree.css_first("head title") or tree.css_first("title")
    return " ".join(tag.text(deep=True).split()) if tag is not None else ""


def title_from_document(tree: LexborHTMLParser, sites: list[str]) -> tuple[str | None, str,
                                                                          str | None]:
    """``(title, source, site segment)`` from ``<title>`` and ``<h1>``."""
    raw = document_title(tree)
    h1 = _headline_h1(tree)
    if raw:
        if h1 and h1 != raw and _squash(h1) in _squash(raw) and _plausible_h1(h1, raw, sites):
            _, segment = split_site(raw, sites, guess=True)
            return h1, "h1", segment
        title, segment = split_site(raw, sites, guess=True)
        return title, "title-tag", segment
    if h1:
        return h1, "h1", None
    return None, "", None


def _headline_h1(tree: LexborHTMLParser) -> str | None:
    body = tree.body
    if body is None:
        return None
    node = body.css_first("article h1, main h1, [role=main] h1") or body.css_first("h1")
    if node is None:
        return None
    text = " ".join(node.text(deep=True).split())
    return text if text and len(text) <= MAX_H1_CHARS else None


def _plausible_h1(h1: str, title: str, sites: list[str]) -> bool:
    """A logo or section name in an <h1> also appears in the <title>: the <h1> must be a whole
    segment of the title, or have the words of a headline, and must not be the site's name."""
    if sites and matches_site(h1, sites):
        return False
    segments = [_squash(part) for part in _SEPARATOR.split(title)]
    if len(segments) > 1 and _squash(h1) == segments[-1]:
        return False
    return _squash(h1) in segments or len(h1.split()) >= MIN_HEADLINE_WORDS


def _squash(text: str) -> str:
    return " ".join(text.casefold().split())
