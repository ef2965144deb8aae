"""``<meta>`` and ``<link>`` tags: OpenGraph, Twitter cards, article:*, Dublin Core, Highwire
``citation_*``, Parse.ly, Sailthru and the plain HTML names.

One pass over the ``<meta>`` elements builds ``key -> contents``; keys are lower-cased, a
``property`` holding several space-separated keys counts for each, and the Dublin Core spellings
(``DC.title``, ``dc:title``, ``dcterms.title``) fold into ``dc.title``. Each field then reads its
keys in the order of ``FIELD_KEYS``: OpenGraph and article:* first, then Twitter, Dublin Core,
citation_*, the vendor tags and the plain HTML names; for authors Dublin Core's ``creator``
comes before the plain ``author`` name (it is set on purpose, ``author`` is often a CMS default
such as the account that uploaded the page). The source name is ``meta:<key>``.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extractor.metadata.candidates import Candidates

__all__ = ["FIELD_KEYS", "read_link_tags", "read_meta_tags"]

#: Per field, the meta keys that carry it, most trusted first.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": (
        "og:title", "twitter:title", "dc.title", "citation_title", "parsely-title",
        "sailthru.title", "title", "headline",
    ),
    "authors": (
        "dc.creator", "author", "article:author", "og:article:author", "book:author",
        "citation_author", "parsely-author", "sailthru.author", "byl", "byline",
        "author_name", "article.author",
    ),
    "published": (
        "article:published_time", "og:article:published_time", "article:published",
        "og:published_time", "published_time", "datepublished", "citation_publication_date",
        "citation_date", "citation_online_date", "dc.date.issued", "dc.issued", "dc.date",
        "dc.created", "dc.date.created", "parsely-pub-date", "sailthru.date", "article.published",
        "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "pub_date",
        "originalpublicationdate", "article_date_original", "og:pubdate", "date",
        "displaydate", "cxenseparse:recs:publishtime",
    ),
    "modified": (
        "article:modified_time", "og:article:modified_time", "og:updated_time",
        "article:modified", "modified_time", "datemodified", "dc.modified",
        "dc.date.modified", "article.updated", "lastmod", "last-modified", "updated_time",
    ),
    "site_name": (
        "og:site_name", "application-name", "apple-mobile-web-app-title", "dc.publisher",
        "citation_publisher", "citation_journal_title", "publisher",
    ),
    "section": (
        "article:section", "og:article:section", "parsely-section", "article.section",
        "section", "category",
    ),
    "tags": (
        "article:tag", "og:article:tag", "news_keywords", "keywords", "parsely-tags",
        "sailthru.tags", "dc.subject",
    ),
    "language": ("content-language", "dc.language", "language", "og:locale"),
    "description": (
        "og:description", "twitter:description", "description", "dc.description",
        "sailthru.description",
    ),
    "image": (
        "og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src",
        "parsely-image-url", "sailthru.image.full", "thumbnail",
    ),
    "canonical_url": ("og:url", "parsely-link", "twitter:url"),
    "page_type_hint": ("og:type",),
}

#: Keys whose content is a comma-separated list.
_LIST_KEYS = frozenset({"news_keywords", "keywords", "parsely-tags", "sailthru.tags",
                        "dc.subject"})

#: Parse.ly's older single tag: a JSON object with the same fields.
_PARSELY_PAGE = "parsely-page"
_PARSELY_FIELDS = (("title", "title"), ("author", "authors"), ("authors", "authors"),
                   ("pub_date", "published"), ("section", "section"), ("tags", "tags"),
                   ("link", "canonical_url"), ("image_url", "image"))

#: Twitter card label/data pairs; sites use the first two, the card shows at most four.
_MAX_TWITTER_LABELS = 4
_AUTHOR_LABEL = re.compile(r"written by|author|verfasst|auteur|autor", re.IGNORECASE)
_SECTION_LABEL = re.compile(r"filed under|categor|section|rubri", re.IGNORECASE)

_DC = re.compile(r"^(?:dc|dcterms?)[.:]")

#: Date keys outside the known vocabulary, recognised by how they end: "published-date",
#: "w-published-date", "post:publish_time", "modified-date". Only keys naming a publication or a
#: change followed by date/time match (a bare "...date" names event or expiry dates too), and a
#: vendor's own plain date ("ms.date": one namespace, then "date"). They come after every known
#: key.
_PUBLISHED_KEY = re.compile(r"(?:^|[.:_-])(?:published|publish|publication|pub|posted|created)"
                            r"[._-]?(?:date|time|at|on)$|^[a-z]+[.:]date$")
_MODIFIED_KEY = re.compile(r"(?:^|[.:_-])(?:modified|updated|last[._-]?modified)"
                           r"[._-]?(?:date|time|at|on)$")
#: How every key the two patterns match ends (keys hold no newline for ``$`` to stop
#: before): a suffix test first spares most keys of a page both searches.
_DATE_KEY_ENDINGS = ("date", "time", "at", "on")


def read_meta_tags(tree: LexborHTMLParser, metas: list[LexborNode] | None = None) -> Candidates:
    """Candidates from the ``<meta>`` elements (``itemprop`` metas belong to microdata);
    ``metas``: the tree's ``meta[content]`` when the caller has them."""
    contents: dict[str, list[str]] = {}
    for node in tree.css("meta[content]") if metas is None else metas:
        attrs = node.attributes
        content = attrs.get("content")
        keys = attrs.get("property") or attrs.get("name") or attrs.get("http-equiv")
        if not content or not keys or not content.strip():
            continue
        for key in keys.lower().split():
            if key.startswith("dc"):  # the only keys ``_DC`` can match; most are not
                key = _DC.sub("dc.", key)
            contents.setdefault(key, []).append(content)
    found = Candidates()
    for field, field_keys in FIELD_KEYS.items():
        for key in field_keys:
            for content in contents.get(key, ()):
                _add(found, field, key, content)
    for pattern, field in ((_PUBLISHED_KEY, "published"), (_MODIFIED_KEY, "modified")):
        known = set(FIELD_KEYS[field])
        for key, values in contents.items():
            if key.endswith(_DATE_KEY_ENDINGS) and key not in known and pattern.search(key):
                for content in values:
                    _add(found, field, key, content)
    if _PARSELY_PAGE in contents:
        _add_parsely_page(found, contents[_PARSELY_PAGE][0])
    _add_twitter_labels(found, contents)
    return found


def read_link_tags(tree: LexborHTMLParser, links: list[LexborNode] | None = None) -> Candidates:
    """Candidates from ``<link rel=canonical>`` and ``<link rel=image_src>``; ``links``: the
    tree's ``link[rel][href]`` when the caller has them."""
    found = Candidates()
    for node in tree.css("link[rel][href]") if links is None else links:
        attrs = node.attributes  # built afresh by each read: read once
        rel = (attrs.get("rel") or "").lower().split()
        href = attrs.get("href")
        if "canonical" in rel:
            found.add("canonical_url", href, "link:canonical")
        elif "image_src" in rel:
            found.add("image", href, "link:image_src")
    return found


def _add(found: Candidates, field: str, key: str, content: str) -> None:
    source = f"meta:{key}"
    if "&" in content:
        # The parser decoded the attribute once; CMSs that escape twice leave "&amp;" behind.
        content = html.unescape(content)
    if field == "authors":
        found.add_raw(field, content, source)
    elif field == "tags" and key in _LIST_KEYS:
        for part in content.split(","):
            found.add(field, part, source)
    else:
        found.add(field, content, source)


def _add_twitter_labels(found: Candidates, contents: dict[str, list[str]]) -> None:
    """Twitter's label/data pairs: Yoast and Ghost write "Written by" and "Filed under" there."""
    for index in range(1, _MAX_TWITTER_LABELS + 1):
        labels = contents.get(f"twitter:label{index}")
        data = contents.get(f"twitter:data{index}")
        if not labels or not data:
            continue
        if _AUTHOR_LABEL.search(labels[0]):
            _add(found, "authors", "twitter:data", data[0])
        elif _SECTION_LABEL.search(labels[0]):
            _add(found, "section", "twitter:data", data[0].split(",")[0])


def _add_parsely_page(found: Candidates, content: str) -> None:
    try:
        data: Any = json.loads(content)
    except json.JSONDecodeError:
        return
    if not isinstance(data, dict):
        return
    for key, field in _PARSELY_FIELDS:
        value = data.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                _add(found, field, _PARSELY_PAGE, item)
