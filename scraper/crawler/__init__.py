"""The crawl engine, the flow from sources to sinks:

    sources (URL lines, sitemaps, feeds, links)  ->  frontier/state (state.py)
        ->  fetch (scraper.fetcher)  ->  extraction workers (workers.py)  ->  results

    engine.py    the engine tying them together (``Crawler``)
    state.py     SQLite: validators, content hashes, resumable runs
    workers.py   extraction in worker processes
    library.py   ``scraper.crawl``, the library entry point
"""

from scraper.crawler.engine import Crawler, CrawlResult, Skip
from scraper.crawler.state import CrawlState

__all__ = ["CrawlResult", "CrawlState", "Crawler", "Skip"]
