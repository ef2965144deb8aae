"""Main content node -> ordered list of ``Block``."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.models import Block, BlockType
from scraper.settings import ExtractSettings

__all__ = ["extract_blocks"]

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def extract_blocks(main: LexborNode | None, base_url: str | None,
                   settings: ExtractSettings) -> list[Block]:
    """First version: headings, paragraphs and lists in document order."""
    if main is None:
        return []
    blocks: list[Block] = []
    for node in main.css("h1, h2, h3, h4, h5, h6, p, ul, ol"):
        text = " ".join(node.text(separator=" ").split())
        if not text:
            continue
        if node.tag in _HEADINGS:
            blocks.append(Block(BlockType.HEADING, text=text, level=_HEADINGS[node.tag]))
        elif node.tag in ("ul", "ol"):
            items = [" ".join(li.text(separator=" ").split()) for li in node.css("li")]
            blocks.append(Block(BlockType.LIST, items=[i for i in items if i],
                                ordered=node.tag == "ol"))
        else:
            blocks.append(Block(BlockType.PARAGRAPH, text=text))
    return blocks
