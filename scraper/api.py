"""Library entry point for one page: ``extract(html, url=...) -> Article``.

The promise to a library caller: on any ``str`` or ``bytes`` the call returns an ``Article``
or raises a ``ScraperError`` (drawn in ``scraper.errors``); ``TypeError`` for an argument of
the wrong type. Whatever else escapes a stage (a bug: ``RecursionError``, ``MemoryError``, a
parser raising ``ValueError``) becomes ``InternalError`` with the original chained, so a
service embedding scraper catches one family and still sees the traceback.
"""

from __future__ import annotations

import re

from scraper.deadline import call_deadline
from scraper.errors import InternalError, InvalidURL, ScraperError
from scraper.links import split_url
from scraper.models import Article, RawPage
from scraper.pipeline import extract_page
from scraper.settings import ExtractSettings

__all__ = ["extract"]

_DEFAULT = ExtractSettings()

#: Lone surrogates: a ``str`` can hold them (``bytes.decode(errors="surrogateescape")``), UTF-8
#: cannot encode them. They stand for bytes nobody could decode, which is what U+FFFD means.
_SURROGATES = re.compile("[\ud800-\udfff]")


def extract(html: str | bytes, url: str | None = None, *,
            settings: ExtractSettings = _DEFAULT) -> Article:
    """Extract the article from one page.

    ``html`` may be text or raw bytes (bytes go through charset detection). ``url`` is used to
    resolve relative links and as the record's ``url``; one that cannot be parsed is
    ``InvalidURL``. ``settings.timeout`` bounds the call (``ExtractionTimeout``), in any thread.

        >>> import scraper
        >>> article = scraper.extract("<html><body><article><h1>Hi</h1><p>Text.</p>...",
        ...                           url="https://example.com/a")
    """
    if not isinstance(html, str | bytes | bytearray | memoryview):
        raise TypeError(f"html must be str or bytes, not {type(html).__name__}")
    if url is not None:
        if not isinstance(url, str):
            raise TypeError(f"url must be str or None, not {type(url).__name__}")
        if split_url(url) is None or _SURROGATES.search(url):
            raise InvalidURL(f"malformed URL: {url!r}", url=url)
    if isinstance(html, str):
        try:
            body = html.encode("utf-8")
        except UnicodeEncodeError:
            body = _SURROGATES.sub("\ufffd", html).encode("utf-8")
        headers = {"content-type": "text/html; charset=utf-8"}
    else:
        body, headers = bytes(html), {}
    raw = RawPage(body=body, url=url, requested_url=url, headers=headers)
    try:
        with call_deadline(settings.timeout):
            return extract_page(raw, settings)
    except ScraperError:
        raise
    except RecursionError as exc:
        raise InternalError("the page is nested too deeply for a stage of the pipeline",
                            url=url) from exc
    except MemoryError as exc:
        raise InternalError("memory ran out while extracting the page", url=url) from exc
    except Exception as exc:
        raise InternalError(f"{type(exc).__name__}: {exc}", url=url) from exc

