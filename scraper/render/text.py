"""Article -> plain text: the title, then each block as it reads, blocks a blank line apart.

Unlike ``Article.text`` (kept as it is: benchmarks score it), ordered lists are numbered here.
"""

from __future__ import annotations

from scraper.models import Article, Block, BlockType
from scraper.render.inline import COMMENTS_HEADING, leading_title

__all__ = ["block_text", "to_text"]


def block_text(block: Block) -> str:
    """One block as plain text: ordered list items numbered, otherwise its ``plain_text``."""
    if block.type is BlockType.LIST and block.ordered and block.items is not None:
        return "\n".join(f"{n}. {item}" for n, item in enumerate(block.items, 1))
    return block.plain_text()


def to_text(article: Article) -> str:
    """The article as plain text, title first, ending with one newline."""
    parts = [leading_title(article) or ""] + [block_text(b) for b in article.blocks]
    if article.comments:
        parts += [COMMENTS_HEADING] + [block_text(b) for b in article.comments]
    body = "\n\n".join(part for part in parts if part.strip())
    return body + "\n" if body else ""
