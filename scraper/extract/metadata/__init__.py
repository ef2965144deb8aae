"""Metadata: title, authors, dates, site, language, tags... from every source a page offers."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.models import Metadata

__all__ = ["extract_metadata"]


def extract_metadata(tree: LexborHTMLParser, url: str | None) -> Metadata:
    """First version: <title>, <html lang>, canonical link. Does not modify ``tree``."""
    meta = Metadata()
    title = tree.css_first("title")
    if title is not None and (text := " ".join(title.text().split())):
        meta.title, meta.sources["title"] = text, "title-tag"
    html = tree.css_first("html")
    if html is not None and (lang := html.attributes.get("lang")):
        meta.language, meta.sources["language"] = lang, "html-lang"
    canonical = tree.css_first('link[rel="canonical"]')
    if canonical is not None and (href := canonical.attributes.get("href")):
        meta.canonical_url = href
    return meta
