"""Extractor adapters: ours and the peers, each turned into one ``Extraction`` per page.

Every adapter has one timed call (the body extraction, as its project recommends it) and may
have an untimed metadata call when the peer keeps metadata apart (trafilatura). Ours receives
the page's bytes, the peers its decoded ``str``; decoding happens before the clock starts.

Peers and the calls used (no network: pages are given as strings, never as URLs to fetch,
and ``accuracy.py`` also blocks non-loopback sockets while they run):

- ``trafilatura``: ``trafilatura.extract(html, include_comments=False)``, the published
  benchmark's call; metadata from ``bare_extraction(html, url=url, with_metadata=True)``
  (untimed). trafilatura sets ``language`` only when given ``target_language``, so it reports
  none here.
- ``readability``: readability-lxml ``Document(html).summary(html_partial=True)``, text via
  ``html_to_text``; title from ``Document.short_title()``; no other metadata.
- ``newspaper``: newspaper4k ``Article(url, config)`` with ``fetch_images=False`` (its default
  downloads candidate images to size them), ``download(input_html=html)``, ``parse()``; title,
  authors, publish_date, meta_lang, meta_site_name. Korean pages need its ``[nlp]`` extra
  (nltk); without it newspaper raises ImportError there, counted as a crash.
- ``goose3``: ``Goose().extract(raw_html=html)``; title, authors, publish_date, meta_lang,
  site name from OpenGraph ``og:site_name``.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bench.htmltext import html_to_text

__all__ = ["EXTRACTORS", "Extraction", "Extractor", "make_extractor"]


@dataclass(slots=True)
class Extraction:
    """What one extractor found on one page, in the benchmark's fields."""

    text: str = ""
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    language: str | None = None
    site_name: str | None = None


@dataclass(slots=True)
class Extractor:
    """One extractor: a timed body call and an optional untimed metadata call."""

    name: str
    version: str
    wants_bytes: bool
    #: (html, url) -> raw result; the only call that is timed.
    run: Callable[[Any, str | None], Any]
    #: raw result -> Extraction (untimed).
    convert: Callable[[Any], Extraction]
    #: Which metadata fields the extractor provides at all (others are reported as "-").
    fields: frozenset[str] = frozenset()
    #: (Extraction, html, url) -> None: a separate, untimed metadata call that fills the
    #: Extraction in place, for peers that keep metadata apart; run only on sets with metadata.
    add_metadata: Callable[[Extraction, Any, str | None], None] | None = None
    #: Untimed start-up (model files loaded), as a service or a worker pool does before its
    #: first page; without it, the page that first needs a model pays its load.
    warm_up: Callable[[], None] | None = None


_ALL_FIELDS = frozenset({"title", "authors", "published", "language", "site_name"})


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _date_text(value: Any) -> str | None:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value) if value else None


def _scraper() -> Extractor:
    from scraper.extractor.models import load_models
    from scraper.models import RawPage
    from scraper.pipeline import EXTRACTOR_VERSION, extract_page
    from scraper.settings import ExtractSettings

    settings = ExtractSettings()  # no site rules: the benchmark measures the general algorithm

    def run(body: bytes, url: str | None) -> Any:
        return extract_page(RawPage(body=body, url=url), settings)

    def convert(article: Any) -> Extraction:
        return Extraction(text=article.text, title=article.title, authors=list(article.authors),
                          published=article.published, language=article.language,
                          site_name=article.site_name)

    return Extractor("scraper", EXTRACTOR_VERSION, True, run, convert, _ALL_FIELDS,
                     warm_up=load_models)


def _trafilatura() -> Extractor:
    import trafilatura

    def run(html: str, _url: str | None) -> Any:
        return trafilatura.extract(html, include_comments=False)

    def convert(text: Any) -> Extraction:
        return Extraction(text=text or "")

    def add_metadata(out: Extraction, html: str, url: str | None) -> None:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                          include_comments=False)
        if doc is not None:
            out.title = doc.title
            out.authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
            out.published = doc.date
            out.language = doc.language
            out.site_name = doc.sitename

    return Extractor("trafilatura", _version("trafilatura"), False, run, convert, _ALL_FIELDS,
                     add_metadata)


def _readability() -> Extractor:
    from readability import Document

    def run(html: str, _url: str | None) -> Any:
        doc = Document(html)
        return doc, doc.summary(html_partial=True)

    def convert(result: Any) -> Extraction:
        doc, summary = result
        return Extraction(text=html_to_text(summary), title=doc.short_title())

    return Extractor("readability", _version("readability-lxml"), False, run, convert,
                     frozenset({"title"}))


def _newspaper() -> Extractor:
    import newspaper

    config = newspaper.Config()
    # By default newspaper downloads every candidate image to size the top image: network.
    config.fetch_images = False

    def run(html: str, url: str | None) -> Any:
        article = newspaper.Article(url or "http://localhost/", config=config)
        article.download(input_html=html)
        article.parse()
        return article

    def convert(article: Any) -> Extraction:
        return Extraction(text=article.text or "", title=article.title or None,
                          authors=list(article.authors or []),
                          published=_date_text(article.publish_date),
                          language=article.meta_lang or None,
                          site_name=article.meta_site_name or None)

    return Extractor("newspaper", _version("newspaper4k"), False, run, convert, _ALL_FIELDS)


def _goose3() -> Extractor:
    from goose3 import Goose

    goose = Goose()  # image fetching is off by default; pages come as raw_html, never fetched

    def run(html: str, _url: str | None) -> Any:
        return goose.extract(raw_html=html)

    def convert(article: Any) -> Extraction:
        opengraph = article.opengraph or {}
        return Extraction(text=article.cleaned_text or "", title=article.title or None,
                          authors=list(article.authors or []),
                          published=_date_text(article.publish_date),
                          language=article.meta_lang or None,
                          site_name=opengraph.get("site_name") or None)

    return Extractor("goose3", _version("goose3"), False, run, convert, _ALL_FIELDS)


#: Name -> factory; the factory imports the peer, so a missing optional peer fails only when
#: it is asked for.
EXTRACTORS: dict[str, Callable[[], Extractor]] = {
    "scraper": _scraper,
    "trafilatura": _trafilatura,
    "readability": _readability,
    "newspaper": _newspaper,
    "goose3": _goose3,
}


def make_extractor(name: str) -> Extractor:
    """Build the named extractor (``KeyError`` for an unknown name)."""
    return EXTRACTORS[name]()
