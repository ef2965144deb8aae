"""Multi-page articles in a crawl: a site rule's ``next_page`` followed, the pages joined.

A page whose record has ``next_page`` (only a site rule sets it) is the first of a chain: the
next page is fetched and extracted as the first was (the caller's ``fetch``: same fetcher,
same settings) and its blocks and text are appended, until a page has no ``next_page`` or the
chain stops early on a limit, a loop, another host, or a failed page. Whatever stops it, the
record keeps the pages joined so far: ``pages`` lists them (the first page's URL first) and
``sources["pages"]`` says why the chain ended. The record stays the first page's (its URL,
metadata and ``requested_url``); ``next_page`` is left set only when a next page was named
and not joined. Everything happens within the one result of the input URL.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable

from scraper.errors import ScraperError
from scraper.fetcher.urls import host_of, normalize_url, redact_url
from scraper.models import Article
from scraper.pipeline import word_count

__all__ = ["MAX_ARTICLE_PAGES", "join_pages"]

log = logging.getLogger(__name__)

#: Pages joined into one record, the first included. Articles split for ad impressions run to
#: 2-6 pages; 10 takes them whole while a forum thread of hundreds of pages (or a rule that
#: misreads a listing's pagination) costs at most nine extra requests per input URL.
MAX_ARTICLE_PAGES = 10

#: The ``sources["pages"]`` value of a chain that ended on a page naming no next page.
COMPLETE = "next_page: every page, up to one without a next page"

FetchPage = Callable[[str], Awaitable[Article]]


async def join_pages(first: Article, fetch: FetchPage) -> Article:
    """``first`` with the pages its ``next_page`` chain leads to appended, in place.

    ``fetch(url)`` returns a page's article or raises ``ScraperError``; it is called at most
    ``MAX_ARTICLE_PAGES - 1`` times and never for a URL of the chain already seen (after
    normalisation, redirects included) or on a host other than the first page's.
    """
    start = first.url or first.requested_url or ""
    host = host_of(start)
    seen = {normalize_url(u) for u in (start, first.requested_url) if u}
    pages = [start]
    stop = COMPLETE
    while (url := first.next_page) is not None:
        if len(pages) >= MAX_ARTICLE_PAGES:
            stop = f"next_page: stopped at the limit of {MAX_ARTICLE_PAGES} pages"
            break
        if host_of(url) != host:
            stop = f"next_page: stopped, {redact_url(url)} is on another host"
            break
        if normalize_url(url) in seen:
            stop = f"next_page: stopped, {redact_url(url)} is a page seen before (a loop)"
            break
        seen.add(normalize_url(url))
        try:
            page = await fetch(url)
        except ScraperError as exc:
            stop = f"next_page: stopped, {redact_url(url)} failed: {exc.kind}: {exc.message}"
            break
        final = page.url or url
        if host_of(final) != host or (final != url and normalize_url(final) in seen):
            stop = f"next_page: stopped, {redact_url(url)} redirected to {redact_url(final)}"
            break
        seen.add(normalize_url(final))
        _append(first, page)
        pages.append(final)
    if stop is not COMPLETE:
        log.warning("%s: %s (%d pages joined)", redact_url(start), stop, len(pages))
    first.pages = pages
    first.sources["pages"] = stop
    return first


def _append(record: Article, page: Article) -> None:
    """``page``'s body after ``record``'s; the record's metadata stays the first page's."""
    record.blocks.extend(page.blocks)
    record.text = "\n\n".join(part for part in (record.text, page.text) if part)
    record.word_count = word_count(record.text)
    record.content_hash = hashlib.sha256(record.text.encode("utf-8")).hexdigest() \
        if record.text else None
    if page.comments:
        record.comments = [*(record.comments or []), *page.comments]
    for kind, count in page.repairs.items():
        record.repairs[kind] = record.repairs.get(kind, 0) + count
    record.repairs = dict(sorted(record.repairs.items()))
    record.next_page = page.next_page
