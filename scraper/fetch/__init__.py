"""Fetch stage: polite, bounded, resumable HTTP for many URLs.

    urls.py        input checks, normalisation, dedupe keys
    client.py      one page: streaming GET, limits, redirects, meta refresh
    body.py        size-limited reading and bounded inflating
    robots.py      robots.txt per origin (protego)
    retry.py       what to retry and when (backoff, Retry-After)
    politeness.py  per-host queues, limits and delays, hosts in turn
    state.py       SQLite: validators, content hashes, resumable runs
    workers.py     extraction in worker processes
    crawler.py     the engine tying them together
"""

from scraper.fetch.crawler import Crawler, CrawlResult, Skip
from scraper.fetch.state import CrawlState

__all__ = ["CrawlResult", "CrawlState", "Crawler", "Skip"]
