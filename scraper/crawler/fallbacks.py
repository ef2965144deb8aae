"""A source's word on a page, for the metadata the page itself does not give.

A sitemap's ``<news:publication_date>`` and ``<lastmod>``, a feed item's date and authors are
what the publisher said about the page elsewhere. The page's own metadata always wins; these
fill only what it left empty, and ``sources`` names them (``sitemap:news:publication_date``,
``sitemap:lastmod``, ``feed:published``, ``feed:updated``, ``feed:author``), so a consumer can
tell a fallback from the page's word. Dates are normalised and checked as the page's own are
(``parse_date``: no future dates, none before 1995); as with a page's own dates, a modified
date alone stands for the published one too (source ``... (modified)``).
"""

from __future__ import annotations

from scraper.crawler.frontier import Hints
from scraper.extractor.metadata.dates import is_before, parse_date
from scraper.models import Article
from scraper.scrub import CONTROL_CHARS

__all__ = ["apply_hints"]


def apply_hints(article: Article, hints: Hints | None) -> None:
    """Fill ``article``'s empty date and author fields from ``hints``, in place."""
    if hints is None:
        return
    published = parse_date(hints.published)
    modified = parse_date(hints.modified)
    if article.published is None:
        if published is not None:
            article.published = published
            article.sources["published"] = hints.published_from
        elif modified is not None:
            article.published = modified
            article.sources["published"] = f"{hints.modified_from} (modified)"
    if (article.modified is None and modified is not None
            and (article.published is None or not is_before(modified, article.published))):
        article.modified = modified
        article.sources["modified"] = hints.modified_from
    if not article.authors and hints.authors:
        # Feed text reaches the record after the extraction's own sweep: swept here.
        authors = [name for author in hints.authors
                   if (name := CONTROL_CHARS.sub("", author).strip())]
        if authors:
            article.authors = authors
            article.sources["authors"] = hints.authors_from
