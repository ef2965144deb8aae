"""scraper: turn article pages into clean, structured records.

    import scraper
    article = scraper.extract(html, url="https://example.com/news/1")
    article = scraper.fetch("https://example.com/news/1")     # one page, synchronous
    print(article.title, article.published, article.text)

    async for result in scraper.crawl(["https://example.com/news/1"]):
        ...
"""

import importlib
import typing

from scraper._version import __version__
from scraper.errors import ScraperError
from scraper.models import Article, Block, Blocked, BlockType, PageType
from scraper.settings import CrawlSettings, ExtractSettings

if typing.TYPE_CHECKING:
    from scraper.api import extract
    from scraper.crawler.library import CrawlResult, Skip, crawl
    from scraper.fetch_page import fetch

__all__ = [
    "Article",
    "Block",
    "BlockType",
    "Blocked",
    "CrawlResult",
    "CrawlSettings",
    "ExtractSettings",
    "PageType",
    "ScraperError",
    "Skip",
    "__version__",
    "crawl",
    "extract",
    "fetch",
]

# Imported on first use: the extractor (models, language data) and the crawl engine (httpx,
# the public-suffix list) are each a quarter of a second, and ``scraper extract`` or a
# worker process needs only the first.
_LAZY = {"extract": "scraper.api", "crawl": "scraper.crawler.library",
         "CrawlResult": "scraper.crawler.library", "Skip": "scraper.crawler.library",
         "fetch": "scraper.fetch_page"}


def __getattr__(name: str) -> typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'scraper' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
