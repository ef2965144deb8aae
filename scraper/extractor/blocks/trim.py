"""Trimming of extracted blocks: furniture lines anywhere ("Advertisement", "Share this"),
promotion labels with their links ("DON'T MISS", "Related: ..."), and boilerplate at the
edges (bylines, credits, link rows, box labels)."""

from __future__ import annotations

import re

from scraper.models import Block, BlockType
from scraper.vocabulary import EDGE_LINE, FURNITURE_LINE, PROMO_LINE_LABEL, PROMO_LINE_START

__all__ = ["trim"]

#: Share of such a line's text that is link text.
PROMO_LINK_SHARE = 0.5
#: Only short blocks are judged as furniture; a long paragraph that starts with "By" is prose.
MAX_FURNITURE_CHARS = 100
#: Edge blocks: a block whose text is mostly links and shorter than this is navigation.
MAX_EDGE_LINK_CHARS = 120
#: A trailing capitalised paragraph this short without sentence punctuation is the label of a
#: removed box ("MORE ENVIRONMENT NEWS"), not the story's last line.
MAX_LABEL_CHARS = 60
_SENTENCE_END = (".", "!", "?", "\"", "”", ")", "。", "…", "'", "’")
#: Link-text share above which a short edge block is navigation.
EDGE_LINK_SHARE = 0.6
#: A paragraph this much of which is UUIDs, at least ``MIN_NOISE_TOKENS`` of them, is the
#: noise an anti-scraping script hides between the letters of a label (a shop's "Sponsored"
#: spelled one letter per span, random ids in the spans between), not text.
NOISE_TOKEN_SHARE = 0.5
MIN_NOISE_TOKENS = 3
#: A paragraph of this many words or more, at most this share of them distinct, is a marquee
#: (a chorus repeated in a lyric stays well above a tenth; neither value tuned: one page of
#: wcxb-dev tune moves, +0.14).
MARQUEE_MIN_WORDS = 30
MARQUEE_DISTINCT = 0.1
#: ...and its phrase is short: a call to action, not a sentence (unclosed tags that repeat a
#: paragraph thousands of times flatten into one such paragraph, whose text is still text).
MARQUEE_MAX_DISTINCT = 8
#: A paragraph that is a JSON object or array (a script's state printed as text): data, not
#: prose. Code blocks keep their JSON.
_JSON_DATA = re.compile(r'^\s*(?:\{\s*"|\[\s*[{"\[])[\s\S]*[}\]]\s*$')
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def _is_promo(block: Block) -> bool:
    """"Related: <link>" / "More: <link>, <link>": a promotion line inside the story."""
    if block.type not in (BlockType.PARAGRAPH, BlockType.LIST) or not block.links:
        return False
    text = block.plain_text().lstrip("- ")
    if not PROMO_LINE_START.match(text):
        return False
    linked = sum(len(link.text) for link in block.links)
    return linked >= PROMO_LINK_SHARE * len(text)


def _is_furniture(block: Block) -> bool:
    if _is_promo(block):
        return True
    if block.type not in (BlockType.PARAGRAPH, BlockType.HEADING):
        return False
    text = block.text
    if _is_token_noise(text) or _JSON_DATA.match(text):
        return True
    if _is_marquee(text):
        return True
    return len(text) <= MAX_FURNITURE_CHARS and bool(FURNITURE_LINE.match(text.strip(" :.")))


def _is_marquee(text: str) -> bool:
    """A ticker: one call to action repeated to scroll across the screen ("Book Now * Book
    Now * ..."), which no writer's paragraph is."""
    words = text.split()
    if len(words) < MARQUEE_MIN_WORDS:
        return False
    distinct = len(set(words))
    return distinct <= MARQUEE_MAX_DISTINCT and distinct <= MARQUEE_DISTINCT * len(words)


def _is_token_noise(text: str) -> bool:
    if "-" not in text:
        return False
    tokens = _UUID.findall(text)
    return len(tokens) >= MIN_NOISE_TOKENS \
        and sum(len(token) for token in tokens) >= NOISE_TOKEN_SHARE * len(text)


def _is_edge_junk(block: Block) -> bool:
    if block.type is BlockType.IMAGE:
        return False
    text = block.plain_text()
    if not text:
        return True
    if len(text) > MAX_FURNITURE_CHARS and block.type is not BlockType.LIST:
        return False
    if block.type in (BlockType.PARAGRAPH, BlockType.HEADING) and EDGE_LINE.match(text):
        return True
    if block.links and len(text) <= MAX_EDGE_LINK_CHARS:
        linked = sum(len(link.text) for link in block.links)
        return linked >= EDGE_LINK_SHARE * len(text)
    return False


def _is_label(block: Block) -> bool:
    """A heading, or a short capitalised line without sentence punctuation: the title of a
    box whose content was removed."""
    if block.type is BlockType.HEADING:
        return True
    if block.type is not BlockType.PARAGRAPH:
        return False
    text = block.text.strip()
    return len(text) <= MAX_LABEL_CHARS and text.isupper() and not text.endswith(_SENTENCE_END)


def _linky(block: Block) -> bool:
    text = block.plain_text()
    if not text or not block.links:
        return False
    return sum(len(link.text) for link in block.links) >= PROMO_LINK_SHARE * len(text)


def _without_promos(blocks: list[Block]) -> list[Block]:
    """Drop furniture lines, and promotion labels with the link lines that follow them."""
    kept: list[Block] = []
    after_label = False
    for block in blocks:
        if after_label and _linky(block):
            continue
        after_label = block.type in (BlockType.PARAGRAPH, BlockType.HEADING) \
            and bool(PROMO_LINE_LABEL.match(block.text.strip()))
        if after_label or _is_furniture(block):
            continue
        kept.append(block)
    return kept


def trim(blocks: list[Block]) -> list[Block]:
    kept = _without_promos(blocks)
    start, end = 0, len(kept)
    while start < end and _is_edge_junk(kept[start]):
        start += 1
    while end > start + 1 and (_is_edge_junk(kept[end - 1]) or _is_label(kept[end - 1])):
        end -= 1
    return kept[start:end]
