"""The skip kinds of a crawl: outcomes that are not failures. A URL skipped is accounted for
(a line in the skips file, a count in the summary) without a record."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Skip"]


class Skip(StrEnum):
    """Why a URL has no record and is no failure."""

    #: HTTP 304, the same content hash as the last run, or a sitemap ``lastmod`` not after
    #: the last fetch.
    UNCHANGED = "unchanged"
    #: The same page as an earlier URL of the run (after normalisation, or by its final or
    #: canonical URL).
    DUPLICATE = "duplicate"
    #: robots.txt disallows it.
    ROBOTS = "robots"
    #: A sitemap or feed entry (or a child sitemap) dated before ``--since``.
    FILTERED_SINCE = "filtered_since"
    #: A discovered URL refused by ``--include``/``--exclude``, or a link to a file that is
    #: not a page.
    FILTERED_URL = "filtered_url"
    #: A followed link outside the seeds' sites.
    OUT_OF_SCOPE = "out_of_scope"
    #: Discovered after the run's ``--max-pages`` budget was spent.
    MAX_PAGES = "max_pages"
