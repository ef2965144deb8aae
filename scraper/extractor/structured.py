"""Text the page states in its structured data but does not show.

A shop's product page often renders its description with a script from the page's state, so
the served HTML shows only the buy box; its JSON-LD ``Product`` still says what the product
is. When that description is missing from the extracted text it is added as the first
paragraph: it is the page's own text, the one a reader of the rendered page would see.
Articles are left alone: their JSON-LD description is a summary of the text, not part of it.
"""

from __future__ import annotations

import re

from scraper.extractor.metadata.jsonld import SOURCE as JSONLD_SOURCE
from scraper.models import Block, BlockType, Metadata
from scraper.strip.signals import LD_TYPE_GROUPS, PRODUCT_LD_GROUP

__all__ = ["with_structured_description"]

#: A shorter description is a slogan or a name ("Men's Quarter Socks"), not the product's
#: text.
MIN_DESCRIPTION_CHARS = 150
#: The description counts as shown when this share of its words is in the extracted text
#: (a page that shows it reworded or cut short shares most of its words; on wcxb-dev's tune
#: split the pages that lack it share under a quarter).
SHOWN_WORD_SHARE = 0.5

_WORD = re.compile(r"\w+")
_PRODUCT_TYPES = LD_TYPE_GROUPS[PRODUCT_LD_GROUP]


def with_structured_description(metadata: Metadata, blocks: list[Block]) -> list[Block]:
    """``blocks``, with the JSON-LD product description first when the page does not show it."""
    description = metadata.description
    if (not description or len(description) < MIN_DESCRIPTION_CHARS
            or metadata.sources.get("description") != JSONLD_SOURCE
            or metadata.sources.get("page_type_hint") != JSONLD_SOURCE
            or (metadata.page_type_hint or "") not in _PRODUCT_TYPES):
        return blocks
    words = _WORD.findall(description.lower())
    shown = set(_WORD.findall(" ".join(block.plain_text() for block in blocks).lower()))
    if sum(word in shown for word in words) >= SHOWN_WORD_SHARE * len(words):
        return blocks
    return [Block(BlockType.PARAGRAPH, text=description), *blocks]
