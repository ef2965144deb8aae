"""Library entry point for one page: ``extract(html, url=...) -> Article``."""

from __future__ import annotations

from scraper.models import Article, RawPage
from scraper.pipeline import extract_page
from scraper.settings import ExtractSettings

__all__ = ["extract"]

_DEFAULT = ExtractSettings()


def extract(html: str | bytes, url: str | None = None, *,
            settings: ExtractSettings = _DEFAULT) -> Article:
    """Extract the article from one page.

    ``html`` may be text or raw bytes (bytes go through charset detection). ``url`` is used to
    resolve relative links and as the record's ``url``.

        >>> import scraper
        >>> article = scraper.extract("<html><body><article><h1>Hi</h1><p>Text.</p>...",
        ...                           url="https://example.com/a")
    """
    body = html.encode("utf-8") if isinstance(html, str) else html
    headers = {"content-type": "text/html; charset=utf-8"} if isinstance(html, str) else {}
    return extract_page(RawPage(body=body, url=url, requested_url=url, headers=headers),
                        settings)
