"""scraper: turn article pages into clean, structured records.

    import scraper
    article = scraper.extract(html, url="https://example.com/news/1")
    article = scraper.fetch("https://example.com/news/1")     # one page, synchronous
    print(article.title, article.published, article.text)

    async for result in scraper.crawl(["https://example.com/news/1"]):
        ...
"""

from scraper._version import __version__
from scraper.api import extract
from scraper.crawler.library import CrawlResult, Skip, crawl
from scraper.errors import ScraperError
from scraper.fetch_page import fetch
from scraper.models import Article, Block, Blocked, BlockType, PageType
from scraper.settings import CrawlSettings, ExtractSettings

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
