"""The crawl engine, the flow from sources to sinks:

    sources (URL lines, sitemaps, feeds, links)  ->  frontier/state (state.py)
        ->  fetch (scraper.fetcher)  ->  extraction workers (workers.py)  ->  results

    engine.py    the engine tying them together (``Crawler``)
    state.py     SQLite: validators, content hashes, resumable runs
    workers.py   extraction in worker processes
    library.py   ``scraper.crawl``, the library entry point
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scraper.crawler.engine import Crawler, CrawlResult, Skip
    from scraper.crawler.state import CrawlState

__all__ = ["CrawlResult", "CrawlState", "Crawler", "Skip"]

# Imported on first use, so that ``scraper extract`` and the extraction workers, which need
# only ``workers``, do not load the fetcher (httpx, the public-suffix list).
_LAZY = {"Crawler": "scraper.crawler.engine", "CrawlResult": "scraper.crawler.engine",
         "Skip": "scraper.crawler.engine", "CrawlState": "scraper.crawler.state"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'scraper.crawler' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
