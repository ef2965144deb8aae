"""Metadata: title, authors, dates, site, language, tags... from every source a page offers.

``extract_metadata`` reads the full parsed tree (before boilerplate stripping) and never changes
it. Each source module returns candidates; for every field the first candidate, in order of
trust, that survives cleaning is kept, and ``Metadata.sources[field]`` says where it came from.

Order of trust (most trusted first), with the source names written to ``sources``:

1. JSON-LD (``json-ld``): the article node (NewsArticle, BlogPosting, ...), else another work
   (VideoObject, Recipe...), then the WebPage node, through ``@graph``, arrays and ``@id``
   references. When its ``headline`` and ``name`` differ, the one sharing most words with the
   ``<title>`` and og:title wins.
2. OpenGraph / article:* / Twitter ``<meta>`` (``meta:og:title``,
   ``meta:article:published_time``).
3. Other ``<meta>``: Dublin Core, citation_*, parsely-*, sailthru.*, author, pubdate...
   (``meta:<key>``; Twitter's "Written by"/"Filed under" label pairs are
   ``meta:twitter:data``); ``<link rel=canonical>`` / ``rel=image_src`` (``link:canonical``,
   ``link:image_src``).
4. Microdata (``microdata``): itemprop headline/author/datePublished/publisher.
5. Visible page: ``<h1>`` (``h1``), ``<title>`` (``title-tag``), bylines (``byline``, then
   person-shaped names in the post's meta line, ``meta-line``), ``<time datetime>``
   (``time``), date phrases in datelines (``dateline``) and in the text just around the
   headline ``<h1>`` (``headline-date``), tag links (``tag-links``), category
   links and breadcrumbs for the section (``category-link``, ``breadcrumb``; JSON-LD
   BreadcrumbList is ``json-ld-breadcrumb``). Each is read only when the structured sources
   left its field empty.
6. The URL: dates in its path (``url``), the host as site name (``host``).

Exceptions to that order, each because the later source is the more precise one:

- ``canonical_url``: ``<link rel=canonical>`` first, then og:url, then JSON-LD.
- ``site_name``: og:site_name first (it names the site; JSON-LD ``publisher`` names whoever
  published the article, a wire service on syndicated copy), except when the JSON-LD name is
  the same name better written ("detroitnews" / "The Detroit News", "Libération.fr" /
  "Libération") or og:site_name is a URL or @handle; then JSON-LD publisher / WebSite, other
  meta (application-name...), microdata, the site segment cut from ``<title>``
  (``title-suffix``), the host (``host``).
- ``language``: ``<html lang>`` (``html-lang``) first, then content-language / dc.language /
  og:locale meta, then JSON-LD ``inLanguage``, microdata. Tags are kept as declared, in BCP 47
  case (``en-US``); detection from the text is ``language.detect_language``, for the caller.
- ``tags``: declared tags (JSON-LD keywords, article:tag, parsely/sailthru tags, microdata),
  then visible tag links, and only then the SEO ``keywords``/``news_keywords`` metas.
- ``published``: a UTC value is replaced by the same instant written with the page's own
  offset when another source offers it (the printed calendar date is the local one). A page
  that gives only a modified date gets it as ``published`` too (source ``<source> (modified)``).
- Meta date keys outside the known vocabulary count when their name says publication or
  change plus date/time ("published-date", "w-published-date", "ms.date"), after the known ones.

Titles from meta (og:title...) are kept verbatim: the publisher wrote them for sharing, brand
included. A JSON-LD ``headline`` names the article only, so a segment naming the site (SEO
plugins append it) is cut, as it is from ``<title>`` ("Headline | Site"), see ``title``.

Authors are persons. An Organization author (JSON-LD or microdata) is used only when no person
is known, and so is a "person" whose name is the site's name. Dates that are in the future,
before 1995 or unparseable are skipped for the next candidate; ``modified`` earlier than
``published`` is dropped (the published date is the more often checked of the two). Image and
canonical URLs are resolved against ``<base href>`` / the page URL and dropped when they cannot
be made absolute.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extractor.metadata.authors import clean_author, merge_names
from scraper.extractor.metadata.byline import read_bylines, read_datelines, read_headline_dates
from scraper.extractor.metadata.candidates import ORG_AUTHORS, Candidates
from scraper.extractor.metadata.dates import date_from_url, is_before, parse_date, same_instant
from scraper.extractor.metadata.jsonld import JSONLD_SELECTOR, read_jsonld
from scraper.extractor.metadata.language import normalize_language
from scraper.extractor.metadata.meta_tags import read_link_tags, read_meta_tags
from scraper.extractor.metadata.microdata import read_microdata
from scraper.extractor.metadata.site import (
    MAX_SITE_CHARS,
    choose_site_name,
    host_label,
    host_name,
    matches_site,
)
from scraper.extractor.metadata.tags import clean_tags
from scraper.extractor.metadata.taxonomy import read_visible_section, read_visible_tags
from scraper.extractor.metadata.title import (
    best_match,
    document_title,
    split_site,
    title_from_document,
)
from scraper.links import join_url, split_url
from scraper.models import Metadata

__all__ = ["extract_metadata"]

#: A title segment longer than this (in words) is part of the headline or a slogan, not the
#: site's name ("Example News", "The Daily Planet Online" fit).
MAX_SITE_WORDS = 4

_Pick = tuple[str, str]

#: A separator then the decoration, as it follows the headline in a <title>.
_DECORATION = re.compile(r"^(?:[|\-–—·•»:~｜]|::)\s*(.+)$")

#: Meta keys that hold search-engine keywords rather than the article's own tags.
_SEO_KEYWORD_SOURCES = frozenset({"meta:keywords", "meta:news_keywords", "meta:dc.subject"})


def extract_metadata(tree: LexborHTMLParser, url: str | None) -> Metadata:
    """Everything the page says about itself; does not modify ``tree``."""
    found = _by_tag(tree.css(_DECLARATIONS))
    jsonld = read_jsonld(tree, found.get("script", []))
    meta = read_meta_tags(tree, found.get("meta", []))
    micro = read_microdata(tree)
    structured = (jsonld, meta, micro)
    out = Metadata()
    bases = found.get("base")
    base = _base_url(bases[0] if bases else None, url)

    site = _site_name(meta, jsonld, micro)
    sites = [name for name in (site[0] if site else None, host_label(url)) if name]

    title = _title(structured, tree, sites)
    if title is not None:
        _set(out, "title", title[:2])
        segment = title[2] or _title_decoration(document_title(tree), title[0])
        if (site is None and segment is not None and len(segment) <= MAX_SITE_CHARS
                and len(segment.split()) <= MAX_SITE_WORDS):
            site = (segment.removeprefix("www."), "title-suffix")
    if site is None and (host := host_name(url)):
        site = (host, "host")
    _set(out, "site_name", site)
    site_names = [site[0]] if site else []

    _set_authors(out, structured, lambda: read_bylines(tree), site_names)
    _set_dates(out, structured, lambda: _visible_dates(tree, out.title), url)
    _set(out, "language", _language(tree, structured))
    _set(out, "description", _first(structured, "description", _plain))
    _set_section(out, structured, lambda: read_visible_section(tree))
    _set(out, "image", _first(structured, "image", lambda value: _absolute(value, base)))
    links = read_link_tags(tree, found.get("link", []))
    _set(out, "canonical_url", _first((links, meta, jsonld), "canonical_url",
                                      lambda value: _absolute(value, base)))
    _set(out, "page_type_hint", _first(structured, "page_type_hint", lambda v: v.lower()))
    _set_tags(out, structured, lambda: read_visible_tags(tree))
    return out


def _set(out: Metadata, field: str, pick: _Pick | None) -> None:
    if pick is not None:
        setattr(out, field, pick[0])
        out.sources[field] = pick[1]


def _entries(sources: tuple[Candidates, ...], field: str) -> Iterator[tuple[str, str]]:
    for source in sources:
        yield from source.get(field, ())


def _first(sources: tuple[Candidates, ...], field: str,
           clean: Callable[[str], str | None]) -> _Pick | None:
    for value, source in _entries(sources, field):
        if (cleaned := clean(value)) is not None:
            return cleaned, source
    return None


def _plain(value: str) -> str | None:
    return value or None


def _title(structured: tuple[Candidates, ...], tree: LexborHTMLParser,
           sites: list[str]) -> tuple[str, str, str | None] | None:
    jsonld, meta, micro = structured
    if jsonld.get("title"):
        reference = [value for value, _ in meta.get("title", [])] + [document_title(tree)]
        value, source = best_match(jsonld["title"], reference)
        headline, segment = split_site(value, sites, guess=False)
        return headline, source, segment
    for value, source in _entries((meta, micro), "title"):
        return value, source, None
    title, source, segment = title_from_document(tree, sites)
    return (title, source, segment) if title else None


def _title_decoration(document: str, title: str) -> str | None:
    """What ``<title>`` adds to the chosen title: "Headline | Site" -> "Site"."""
    if not document or document == title or not document.startswith(title):
        return None
    rest = document[len(title):].strip()
    match = _DECORATION.match(rest)
    return match.group(1).strip() if match else None


def _site_name(meta: Candidates, jsonld: Candidates, micro: Candidates) -> _Pick | None:
    entries = meta.get("site_name", [])
    og = [(value, source) for value, source in entries if source == "meta:og:site_name"]
    rest = [(value, source) for value, source in entries if source != "meta:og:site_name"]
    return choose_site_name(og, jsonld.get("site_name", []), rest + micro.get("site_name", []))


def _set_authors(out: Metadata, structured: tuple[Candidates, ...],
                 bylines: Callable[[], Candidates], sites: list[str]) -> None:
    """The first source (and meta key) that yields a person wins; see the module docstring.

    Visible bylines are read only when no structured source names a person: they cost a few
    selector queries and are the least reliable.
    """
    fallback: _Pick | None = None
    for sources in (structured, None):
        for source_name, raws in _groups(sources or (bylines(),), "authors"):
            names: list[str] = []
            for raw in raws:
                names = merge_names(names, clean_author(raw))
            people = [name for name in names if not (sites and matches_site(name, sites))]
            if people:
                out.authors, out.sources["authors"] = people, source_name
                return
            if names and fallback is None:
                fallback = (names[0], source_name)
    for source_name, raws in _groups(structured, ORG_AUTHORS):
        names = []
        for raw in raws:
            names = merge_names(names, clean_author(raw))
        if names:
            out.authors, out.sources["authors"] = names, source_name
            return
    if fallback is not None:
        out.authors, out.sources["authors"] = [fallback[0]], fallback[1]


def _groups(sources: tuple[Candidates, ...], field: str) -> Iterator[tuple[str, list[str]]]:
    """Consecutive values from the same source, e.g. all ``citation_author`` metas together."""
    current: str | None = None
    values: list[str] = []
    for value, source in _entries(sources, field):
        if source != current and values:
            yield current or "", values
            values = []
        current = source
        values.append(value)
    if values:
        yield current or "", values


def _visible_dates(tree: LexborHTMLParser, title: str | None) -> Candidates:
    """``<time>`` elements and dateline elements found by class, then the dates printed next
    to the headline (for pages whose date has no markup to find it by)."""
    lines = read_datelines(tree)
    near = read_headline_dates(tree, title)
    merged = Candidates()
    for field in ("published", "modified"):
        entries = lines.get(field, [])
        merged[field] = entries + near.get(field, [])
    return merged


def _set_dates(out: Metadata, structured: tuple[Candidates, ...],
               datelines: Callable[[], Candidates], url: str | None) -> None:
    """Structured dates first; ``<time>`` and dateline text only when no published date was
    declared (they cost selector queries), the URL next.

    A page that states only when it was last updated ("Updated on July 9, 2025", a lone
    ``dateModified``) gets that date as ``published`` too: it is the one date the page gives
    itself, and readers (and WCXB's annotators) take it as the page's date. The source is then
    the modified date's, suffixed ``(modified)``.
    """
    published = _first(structured, "published", parse_date)
    modified = _first(structured, "modified", parse_date)
    if published is None:
        visible = datelines()
        published = _first((visible,), "published", parse_date)
        modified = modified or _first((visible,), "modified", parse_date)
    published = _with_local_offset(published, structured, "published")
    modified = _with_local_offset(modified, structured, "modified")
    if published is None and (from_url := date_from_url(url)) is not None:
        published = (from_url, "url")
    if published is None and modified is not None:
        published = (modified[0], f"{modified[1]} (modified)")
    if published is not None and modified is not None and is_before(modified[0], published[0]):
        modified = None
    _set(out, "published", published)
    _set(out, "modified", modified)


def _with_local_offset(pick: _Pick | None, sources: tuple[Candidates, ...],
                       field: str) -> _Pick | None:
    """A UTC value replaced by the same instant written in the page's own offset, if offered.

    Sites often serialise JSON-LD in UTC and their meta tags in local time; the local form
    keeps the calendar date the publisher printed.
    """
    if pick is None or not pick[0].endswith("+00:00"):
        return pick
    for value, source in _entries(sources, field):
        parsed = parse_date(value)
        if parsed and not parsed.endswith("+00:00") and same_instant(parsed, pick[0]):
            return parsed, source
    return pick


def _language(tree: LexborHTMLParser, structured: tuple[Candidates, ...]) -> _Pick | None:
    html = tree.css_first("html")
    attrs = html.attributes if html is not None else {}
    if lang := normalize_language(attrs.get("lang")):
        return lang, "html-lang"
    if lang := normalize_language(attrs.get("xml:lang")):
        return lang, "html-lang"
    return _first(structured[1:] + structured[:1], "language", normalize_language)


def _set_tags(out: Metadata, structured: tuple[Candidates, ...],
              visible: Callable[[], Candidates]) -> None:
    """Declared tags (JSON-LD keywords, article:tag, parsely/sailthru tags, microdata) first,
    then the tag links a reader sees, and only then the SEO ``keywords`` metas."""
    jsonld, meta, micro = structured
    declared = Candidates()
    seo = Candidates()
    for value, source in meta.get("tags", []):
        (seo if source in _SEO_KEYWORD_SOURCES else declared)["tags"].append((value, source))
    for group in ((jsonld, declared, micro), None, (seo,)):
        for source_name, values in _groups(group or (visible(),), "tags"):
            if tags := clean_tags(values):
                out.tags, out.sources["tags"] = tags, source_name
                return


def _set_section(out: Metadata, structured: tuple[Candidates, ...],
                 visible: Callable[[], Candidates]) -> None:
    """Declared sections, JSON-LD breadcrumbs, then visible category links and breadcrumbs; a
    "section" equal to the title is the page's own crumb, not a section."""
    def ok(value: str) -> str | None:
        return value if value.casefold() != (out.title or "").casefold() else None

    pick = _first(structured, "section", ok) or _first((visible(),), "section", ok)
    _set(out, "section", pick)


#: What the readers of the page's declarations query, in one walk of lexbor (each css() call
#: walks the whole tree, 1-2% of a page's time whatever it looks for). Each selector names
#: its own tag, so a match's tag tells whose it is.
_DECLARATIONS = f"{JSONLD_SELECTOR}, meta[content], link[rel][href], base[href]"


def _by_tag(nodes: list[LexborNode]) -> dict[str, list[LexborNode]]:
    """``nodes`` by tag, each list in document order."""
    found: dict[str, list[LexborNode]] = {}
    for node in nodes:
        found.setdefault(node.tag or "", []).append(node)
    return found


def _base_url(base: LexborNode | None, url: str | None) -> str | None:
    """``url`` resolved against the page's first ``<base href>``."""
    href = base.attributes.get("href") if base is not None else None
    if href:
        return join_url(url, href) or url
    return url


def _absolute(value: str, base: str | None) -> str | None:
    """``value`` resolved against the page; ``None`` when it cannot be made absolute."""
    resolved = join_url(base, value)
    parts = split_url(resolved) if resolved is not None else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return resolved
