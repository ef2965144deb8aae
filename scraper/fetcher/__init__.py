"""Fetch stage: polite, bounded HTTP for many URLs (the engine that drives it is
``scraper.crawler``).

    urls.py        input checks, normalisation, dedupe keys
    client.py      one page: streaming GET, limits, redirects, meta refresh
    body.py        size-limited reading and bounded inflating
    robots.py      robots.txt per origin (protego)
    retry.py       what to retry and when (backoff, Retry-After)
    politeness.py  per-host queues, limits and delays, hosts in turn
"""
