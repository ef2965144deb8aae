"""A fetched sitemap or feed -> the frontier rows it adds: its pages (with their dates and
authors as ``Hints``), an index's child sitemaps, and the refusals among them.

Runs in a thread (parsing a 50,000-entry sitemap takes a second of CPU the event loop should
not lose); the engine fetches the bytes and adds the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scraper.crawler.follow import LinkPolicy, url_rank
from scraper.crawler.frontier import Hints, ItemKind, NewItem
from scraper.crawler.skips import Skip
from scraper.errors import InputError, ScraperError
from scraper.sources.dates import parse_source_date
from scraper.sources.feed import parse_feed
from scraper.sources.sitemap import MAX_SITEMAP_DEPTH, MAX_SITEMAPS, parse_sitemap

__all__ = ["EntryRules", "read_entries"]


@dataclass(frozen=True, slots=True)
class EntryRules:
    """What a run asks of the entries it discovers."""

    policy: LinkPolicy
    since: datetime | None = None
    #: Child sitemaps the run may still add (``MAX_SITEMAPS`` less those it has).
    sitemaps_left: int = MAX_SITEMAPS


def read_entries(kind: ItemKind, body: bytes, url: str, depth: int, rules: EntryRules,
                 content_type: str = "") -> tuple[list[NewItem], ScraperError | None]:
    """The rows a sitemap (``kind`` SITEMAP) or feed (FEED) fetched from ``url`` adds, and
    the damage met reading it (the rows read before it are kept)."""
    if kind is ItemKind.FEED:
        feed = parse_feed(body, url, content_type)
        return [_page(e.url, url, rules, Hints(
            e.published, "feed:published", e.modified, "feed:updated", e.authors,
            "feed:author")) for e in feed.entries], feed.error
    sitemap = parse_sitemap(body, url)
    origin = "feed" if sitemap.kind.startswith("feed") else "sitemap"
    items = [_page(e.url, url, rules, Hints(
        e.published, f"{origin}:news:publication_date" if origin == "sitemap" else
        f"{origin}:published", e.lastmod, f"{origin}:lastmod" if origin == "sitemap" else
        f"{origin}:updated")) for e in sitemap.entries]
    error = sitemap.error
    children = sitemap.children
    if children and depth + 1 > MAX_SITEMAP_DEPTH:
        return items, error or InputError(
            f"{url} is a sitemap index nested {depth + 1} levels deep, past the limit of "
            f"{MAX_SITEMAP_DEPTH}: its {len(children)} child sitemaps are left out", url=url)
    if len(children) > rules.sitemaps_left:
        error = error or InputError(
            f"{url} lists {len(children)} sitemaps, past the run's limit of {MAX_SITEMAPS} "
            f"sitemaps: the last {len(children) - rules.sitemaps_left} are left out", url=url)
        children = children[:max(0, rules.sitemaps_left)]
    for child in children:
        dated = _before_since(child.lastmod, rules.since)
        items.append(NewItem(ItemKind.SITEMAP, child.url, depth + 1, via=url,
                             skip=Skip.FILTERED_SINCE if dated else None, message=dated))
    return items, error


def _before_since(date: str | None, since: datetime | None) -> str:
    """A skip message when ``date`` is before ``since``, else empty."""
    if since is None:
        return ""
    parsed = parse_source_date(date)
    if parsed is None or parsed >= since:
        return ""
    return f"dated {date}, before --since {since.isoformat()}"


def _page(link: str, source: str, rules: EntryRules, hints: Hints) -> NewItem:
    dated = _before_since(hints.published or hints.modified, rules.since)
    if dated:
        return NewItem(ItemKind.PAGE, link, rank=url_rank(link), hints=hints, via=source,
                       skip=Skip.FILTERED_SINCE, message=dated)
    refusal = rules.policy.check_entry(link)
    return NewItem(ItemKind.PAGE, link, rank=url_rank(link), hints=hints, via=source,
                   skip=refusal.skip if refusal else None,
                   message=refusal.message if refusal else "")
