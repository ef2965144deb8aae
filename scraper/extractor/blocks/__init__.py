"""Main content node -> ordered list of ``Block``.

    walker   one walk in document order: paragraphs, headings, lists, tables, quotes,
             code, images
    trim     boilerplate lines dropped, edges trimmed (bylines, share prompts, "Related")
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.extractor.blocks.trim import trim as trim_blocks
from scraper.extractor.blocks.walker import OWN_BLOCKS, Walker
from scraper.models import Block
from scraper.settings import ExtractSettings

__all__ = ["extract_blocks"]


def extract_blocks(main: LexborNode | None, base_url: str | None,
                   settings: ExtractSettings) -> list[Block]:
    """The blocks of ``main`` in document order, boilerplate lines and edges trimmed."""
    if main is None:
        return []
    walker = Walker(base_url, settings.links)
    if main.tag in OWN_BLOCKS:
        walker.block(main, main.tag)
    else:
        walker.walk(main)
    walker.flush()
    return trim_blocks(walker.blocks)
