"""Article -> plain text: the title, then each block as it reads, blocks a blank line apart.

Unlike ``Article.text`` (kept as it is: benchmarks score it), ordered lists are numbered here
and nested lists are indented under their item.
"""

from __future__ import annotations

import textwrap

from scraper.models import Article, Block, BlockType
from scraper.render.inline import COMMENTS_HEADING, leading_title

__all__ = ["block_text", "to_text"]


def block_text(block: Block) -> str:
    """One block as plain text: ordered list items numbered and nested lists indented,
    otherwise its ``plain_text``."""
    if block.type is not BlockType.LIST or block.items is None or not (
            block.ordered or block.sublists):
        return block.plain_text()
    lines = []
    sublists = block.sublists or []
    for n, item in enumerate(block.items, 1):
        marker = f"{n}. " if block.ordered else "- "
        lines.append(f"{marker}{item}".rstrip())
        if n <= len(sublists) and (sublist := sublists[n - 1]) is not None:
            lines.append(textwrap.indent(block_text(sublist), " " * len(marker)))
    return "\n".join(lines)


def to_text(article: Article) -> str:
    """The article as plain text, title first, ending with one newline."""
    parts = [leading_title(article) or ""] + [block_text(b) for b in article.blocks]
    if article.comments:
        parts += [COMMENTS_HEADING] + [block_text(b) for b in article.comments]
    body = "\n\n".join(part for part in parts if part.strip())
    return body + "\n" if body else ""
