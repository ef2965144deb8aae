"""JSON-LD (schema.org in ``<script type="application/ld+json">``).

Handles ``@graph``, top-level arrays, several scripts, ``@id`` references (Yoast's graph points
from the Article to Person and Organization nodes), nested author/publisher/image objects,
``mainEntity``/``mainEntityOfPage`` and types written as lists or full IRIs.

Broken JSON is common: HTML comments or CDATA around it, raw control characters in strings,
trailing commas, two objects pasted into one script. Each is repaired once; a script that still
does not parse is skipped, so the other sources still fill the metadata.

The main node is the first article node (``ARTICLE_TYPES``), else the first other work
(``WORK_TYPES``: video, recipe...), else the first web-page node;
fields missing on an article node are taken from the page node (Yoast puts dates and language
there).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extractor.metadata.candidates import ORG_AUTHORS, Candidates

__all__ = ["ARTICLE_TYPES", "PAGE_TYPES", "WORK_TYPES", "read_jsonld"]

SOURCE = "json-ld"


def _lower_set(text: str) -> frozenset[str]:
    return frozenset(word.lower() for word in text.split())



#: Types whose node describes the page's main text.
ARTICLE_TYPES = _lower_set(
    """
    Article NewsArticle AnalysisNewsArticle AskPublicNewsArticle BackgroundNewsArticle
    OpinionNewsArticle ReportageNewsArticle ReviewNewsArticle BlogPosting LiveBlogPosting
    SocialMediaPosting DiscussionForumPosting TechArticle ScholarlyArticle MedicalScholarlyArticle
    Report SatiricalArticle AdvertiserContentArticle Review CriticReview
    """
)
#: Other works that can be a page's main content, used when no article node exists: a page
#: about an article often embeds a VideoObject for a clip that is not the article itself.
WORK_TYPES = _lower_set(
    """
    Recipe HowTo VideoObject PodcastEpisode Episode Chapter Book CreativeWork Thesis
    Legislation Course Event Product
    """
)
#: Types that describe the page itself rather than its text.
PAGE_TYPES = _lower_set(
    """
    WebPage ItemPage AboutPage ContactPage CollectionPage ProfilePage QAPage FAQPage
    SearchResultsPage MedicalWebPage RealEstateListing CheckoutPage
    """
)
_MAIN_TYPES = ARTICLE_TYPES | WORK_TYPES | PAGE_TYPES
_SITE_TYPES = frozenset({"website"})
_BREADCRUMB_TYPES = frozenset({"breadcrumblist"})
#: First crumbs that name the home page, not a section.
_HOME_CRUMBS = frozenset({"home", "homepage", "start", "startseite", "accueil", "inicio",
                          "トップ", "首页", "главная"})
BREADCRUMB_SOURCE = "json-ld-breadcrumb"
_ORG_TYPES = _lower_set(
    """
    Organization NewsMediaOrganization Corporation EducationalOrganization
    GovernmentOrganization LocalBusiness NGO OnlineBusiness Brand
    """
)

#: Scripts longer than this are data dumps (whole product catalogues), not page metadata;
#: parsing them would cost more than the rest of the extraction.
MAX_SCRIPT_CHARS = 1_000_000

#: Recursion bound when walking nested nodes; schema.org metadata is never deeper than this.
MAX_DEPTH = 8

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_WRAPPER = re.compile(r"^\s*(?:<!--|<!\[CDATA\[|//\s*<!\[CDATA\[)|(?:-->|\]\]>|//\s*\]\]>)\s*$")
#: ``_WRAPPER``'s opening half alone. Its closing half can only match a stripped script that
#: ends with ">", which JSON never does: other scripts skip the search for it, a scan of the
#: whole script that tries three closers at every character.
_WRAPPER_OPENING = re.compile(r"\s*(?:<!--|<!\[CDATA\[|//\s*<!\[CDATA\[)")


#: The JSON-LD scripts of a page.
JSONLD_SELECTOR = 'script[type*="ld+json" i]'


def read_jsonld(tree: LexborHTMLParser, scripts: list[LexborNode] | None = None) -> Candidates:
    """Candidates from all JSON-LD scripts of the page (``scripts``: the tree's matches of
    ``JSONLD_SELECTOR`` when the caller has them)."""
    found = Candidates()
    nodes: list[dict[str, Any]] = []
    for script in tree.css(JSONLD_SELECTOR) if scripts is None else scripts:
        text = script.text(deep=True)
        if text and len(text) <= MAX_SCRIPT_CHARS:
            for data in _parse(text):
                nodes.extend(_flatten(data))
    if not nodes:
        return found
    ids = _index_ids(nodes)
    main = _first_of(nodes, ARTICLE_TYPES, ids) or _first_of(nodes, WORK_TYPES, ids)
    page = _first_of(nodes, PAGE_TYPES, ids)
    order = [node for node in (main, page) if node is not None]
    if not order:
        _add_breadcrumb(found, nodes)
        return found
    head = order[0]
    found.add("page_type_hint", _types(head)[0] if _types(head) else None, SOURCE)
    title_keys = ("headline", "name", "alternativeHeadline") if main is not None else ("name",)
    for key in title_keys:
        found.add("title", _text(head.get(key)), SOURCE)
    for node in order:
        _add_people(found, node, ids)
        for key, field in (
            ("datePublished", "published"),
            ("dateCreated", "published"),
            ("uploadDate", "published"),
            ("dateModified", "modified"),
            ("description", "description"),
        ):
            found.add(field, _text(node.get(key)), SOURCE)
        found.add("language", _language(node.get("inLanguage")), SOURCE)
        found.add("image", _url_of(node.get("image"), ids) or _text(node.get("thumbnailUrl")),
                  SOURCE)
        found.add("canonical_url", _url_of(node.get("mainEntityOfPage"), ids), SOURCE)
        found.add("canonical_url", _text(node.get("url")), SOURCE)
        for section in _strings(node.get("articleSection")):
            found.add("section", section, SOURCE)
        for tag in _keywords(node.get("keywords")):
            found.add("tags", tag, SOURCE)
        publisher = _resolve(node.get("publisher"), ids)
        if isinstance(publisher, dict):
            found.add("site_name", _text(publisher.get("name")), SOURCE)
        part_of = _resolve(node.get("isPartOf"), ids)
        if isinstance(part_of, dict) and _has_type(part_of, _SITE_TYPES):
            found.add("site_name", _text(part_of.get("name")), SOURCE)
    site = _first_of(nodes, _SITE_TYPES, ids)
    if site is not None:
        found.add("site_name", _text(site.get("name")), SOURCE)
    _add_breadcrumb(found, nodes)
    return found


def _add_breadcrumb(found: Candidates, nodes: list[dict[str, Any]]) -> None:
    """The section a BreadcrumbList files the page under: the crumb before the page itself."""
    trail = next((node for node in nodes if _has_type(node, _BREADCRUMB_TYPES)), None)
    if trail is None or not isinstance(items := trail.get("itemListElement"), list):
        return
    names: list[str] = []
    for item in sorted((i for i in items if isinstance(i, dict)), key=_position):
        inner = item.get("item")
        name = _text(item.get("name")) or (_text(inner.get("name"))
                                            if isinstance(inner, dict) else None)
        if name and name.strip().casefold() not in _HOME_CRUMBS:
            names.append(name)
    if len(names) >= 2:
        found.add("section", names[-2], BREADCRUMB_SOURCE)


def _position(item: dict[str, Any]) -> int:
    try:
        return int(item.get("position", 0))
    except (TypeError, ValueError):
        return 0


def _parse(text: str) -> Iterator[Any]:
    """Every JSON value in one script, repairing the usual breakage once."""
    cleaned = text.strip()
    if cleaned.endswith(">"):
        cleaned = _WRAPPER.sub("", cleaned)
    elif opening := _WRAPPER_OPENING.match(cleaned):
        cleaned = cleaned[opening.end():]
    cleaned = _CONTROL.sub(" ", cleaned).strip()
    if not cleaned:
        return
    for attempt in (cleaned, _TRAILING_COMMA.sub(r"\1", cleaned)):
        values = list(_decode_all(attempt))
        if values:
            yield from values
            return


def _decode_all(text: str) -> Iterator[Any]:
    """Consecutive JSON values (``{...}{...}`` or ``{...};``), stopping at the first error."""
    decoder = json.JSONDecoder()
    index, end = 0, len(text)
    while index < end:
        while index < end and text[index] in " \t\r\n;,":
            index += 1
        if index >= end:
            return
        try:
            value, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            return
        yield value


def _flatten(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Top-level nodes: arrays and ``@graph`` unrolled; ``mainEntity`` articles lifted up."""
    if depth > MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)
        for key in ("mainEntity", "mainEntityOfPage", "hasPart"):
            inner = data.get(key)
            if isinstance(inner, dict) and _has_type(inner, _MAIN_TYPES):
                yield from _flatten(inner, depth + 1)


def _index_ids(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``@id -> node`` over every node with content (bare ``{"@id": ...}`` references excluded)."""
    ids: dict[str, dict[str, Any]] = {}
    stack: list[tuple[Any, int]] = [(node, 0) for node in nodes]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(value, dict):
            node_id = value.get("@id")
            if isinstance(node_id, str) and len(value) > 1:
                ids.setdefault(node_id, value)
            stack.extend((child, depth + 1) for child in value.values()
                         if isinstance(child, dict | list))
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value if isinstance(child, dict | list))
    return ids


def _types(node: dict[str, Any]) -> list[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return [value.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()
            for value in values if isinstance(value, str)]


def _has_type(node: dict[str, Any], wanted: frozenset[str]) -> bool:
    return any(kind in wanted for kind in _types(node))


def _first_of(nodes: list[dict[str, Any]], wanted: frozenset[str],
              ids: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    for node in nodes:
        if _has_type(node, wanted):
            return node
    return None


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    """Follow a bare ``{"@id": ...}`` reference to its node; one level of list unwrapped."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        return ids.get(str(value["@id"]), value)
    return value


def _add_people(found: Candidates, node: dict[str, Any], ids: dict[str, dict[str, Any]]) -> None:
    for key in ("author", "creator"):
        raw = node.get(key)
        people = raw if isinstance(raw, list) else [raw]
        for person in people:
            person = _resolve(person, ids)
            if isinstance(person, str):
                found.add_raw("authors", _unescape(person), SOURCE)
            elif isinstance(person, dict):
                name = _person_name(person)
                if name is None:
                    continue
                field = ORG_AUTHORS if _has_type(person, _ORG_TYPES) else "authors"
                found.add_raw(field, name, SOURCE)


def _person_name(person: dict[str, Any]) -> str | None:
    name = _text(person.get("name"))
    if name:
        return name
    given, family = _text(person.get("givenName")), _text(person.get("familyName"))
    if given or family:
        return " ".join(part for part in (given, family) if part)
    return None


def _text(value: Any) -> str | None:
    """A plain string out of a string, a one-item list, or a ``{"@value": ...}`` object."""
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str | dict)), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, str):
        return _unescape(value)
    return None


def _unescape(value: str) -> str:
    """JSON-LD text is often HTML-escaped once more by the CMS ("Bike &amp; Style")."""
    return html.unescape(value) if "&" in value else value


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [_unescape(value)]
    if isinstance(value, list):
        return [_unescape(item) for item in value if isinstance(item, str)]
    return []


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part for part in value.split(",") if part.strip()]
    return _strings(value)


def _language(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    return _text(value)


def _url_of(value: Any, ids: dict[str, dict[str, Any]]) -> str | None:
    """The URL of an image or page value: a string, an object with url/@id, or a list of them."""
    value = _resolve(value, ids)
    if isinstance(value, list):
        value = value[0] if value else None
        value = _resolve(value, ids)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("url", "contentUrl", "@id"):
            if isinstance(found := value.get(key), str):
                return found
    return None
