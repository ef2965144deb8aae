"""What kind of page this is: article, forum, product, collection, listing, documentation,
service, or other (nothing to read).

A small multinomial logistic regression over features every page has: words of its URL,
the schema.org types of its JSON-LD, counts of telling elements in the untouched markup
(forms, buttons, <article>, <time>, microdata types), the shape of what strip and the
block walker found (how much prose, how long the paragraphs, how many code blocks, how big
the item list, how much of the text sits in links), and which of a few hundred common words
its text has ("we", "our", "you" on a service page; "said" in news). The weights live in
``pagetype.json`` beside this file, trained by ``bench/train_pagetype.py`` on the wcxb-dev
tune split and cross-validated by site; inference is a few dot products in plain Python.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from operator import mul
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from scraper.models import Block, BlockType, Metadata, PageType
from scraper.strip.signals import COUNTED_TAGS, MICRODATA_TYPES, Signals

__all__ = ["FEATURES", "classify_page", "load_pagetype_model", "page_features", "text_words",
           "word_key"]

#: URL words by the kind of page they point to (path and host, lower-cased).
_URL_WORDS: dict[str, re.Pattern[str]] = {
    "url_product": re.compile(r"/(?:products?|p|dp|item|itm|pd|sku|buy)/|/[\w-]*-p\d+"),
    "url_collection": re.compile(r"/(?:collections?|categor(?:y|ies)|c|shop|catalog|store|"
                                 r"department|browse|catpage|genre)(?:/|$|[-.])"),
    "url_forum": re.compile(r"/(?:t|threads?|topics?|forums?|community|discussions?|"
                            r"questions?|comments|d|viewtopic)(?:/|$|[-.?])|forum|community\."),
    "url_docs": re.compile(r"/(?:docs?|documentation|api|reference|manual|guides?|wiki|"
                           r"learn|tutorials?|handbook|kb|help|support)(?:/|$|[-.])|"
                           r"docs\.|readthedocs|developer"),
    "url_article": re.compile(r"/(?:blog|news|articles?|posts?|stories|story|insights?|"
                              r"press|magazine)(?:/|$|[-.])|/(?:19|20)\d\d/"),
    "url_service": re.compile(r"/(?:services?|solutions?|pricing|features?|platform|about|"
                              r"industries|why|consulting|products?/?$|company|careers)"
                              r"(?:/|$|[-.])"),
    "url_listing": re.compile(r"/(?:jobs|events|search|tags?|page/\d+|archives?|latest|"
                              r"sections?|topics?)(?:/|$|[-.?])|[?&](?:q|page|s)="),
}
#: Marks of a page selling something, or of a thread of posts, counted in its lower-cased
#: text with plain substring and word counts (regex alternations cost 0.5 ms a page).
_CURRENCY = ("$", "€", "£", "¥")
_SHOP_PHRASES = ("add to cart", "add to bag", "add to basket", "buy now", "in stock",
                 "out of stock", "free shipping", "quantity", "sku")
_THREAD_WORDS = frozenset({"reply", "replies", "posted", "joined", "like", "likes", "quote",
                           "member", "views", "solved", "upvote", "upvotes"})
_PUNCTUATION = ".,:;!?()[]\"'"
#: The text of a page is sampled this far for the counts above: enough for a product box
#: or a page of posts.
TEXT_SAMPLE = 6_000

#: Every feature, in the order of the weights in ``pagetype.json``.
FEATURES: tuple[str, ...] = (
    *_URL_WORDS,
    "url_depth", "url_root", "url_slug_words",
    "ld_product", "ld_forum", "ld_article", "ld_docs", "ld_collection", "ld_service",
    "log_chars", "log_body_chars", "main_share", "log_longest", "log_mean_paragraph",
    "paragraphs", "headings", "lists", "tables", "code", "images",
    "link_share", "log_teasers", "log_list_items", "list_share",
    "prices", "shop_words", "thread_words", "has_author", "has_date",
    *(f"tag_{tag}" for tag in COUNTED_TAGS), *(f"microdata_{kind}" for kind in MICRODATA_TYPES),
)

_WEIGHTS = Path(__file__).with_name("pagetype.json")


_WORD_PREFIX = "word_"


def word_key(index: int) -> str:
    """The feature name of the vocabulary's word ``index`` (set when the text sample has it)."""
    return f"{_WORD_PREFIX}{index}"


def _log(value: float) -> float:
    return math.log1p(max(0.0, value))


def page_features(url: str | None, metadata: Metadata, blocks: list[Block],
                  signals: Signals) -> dict[str, float]:
    """The classifier's inputs for one page: every name of ``FEATURES``, and the
    vocabulary's words (``word_key``) its text sample holds."""
    parts = urlsplit(url or "")
    address = f"{parts.netloc}{parts.path}".lower() + (f"?{parts.query}" if parts.query else "")
    path = [segment for segment in parts.path.split("/") if segment]
    out: dict[str, float] = {name: float(bool(pattern.search(address)))
                             for name, pattern in _URL_WORDS.items()}
    out["url_depth"] = float(min(len(path), 6))
    out["url_root"] = float(not path)
    out["url_slug_words"] = float(min(path[-1].count("-"), 12)) if path else 0.0
    for group in ("product", "forum", "article", "docs", "collection", "service"):
        out[f"ld_{group}"] = float(group in signals.ld_groups)
    paragraphs = [len(b.text) for b in blocks if b.type in (BlockType.PARAGRAPH, BlockType.QUOTE)]
    text = _text(blocks)
    chars = len(text)
    body_chars = signals.body_chars
    count = {kind: 0 for kind in BlockType}
    for block in blocks:
        count[block.type] += 1
    out["log_chars"] = _log(chars)
    out["log_body_chars"] = _log(body_chars)
    out["main_share"] = min(1.0, chars / body_chars) if body_chars else 0.0
    out["log_longest"] = _log(max(paragraphs, default=0))
    out["log_mean_paragraph"] = _log(sum(paragraphs) / len(paragraphs)) if paragraphs else 0.0
    for name, kind in (("paragraphs", BlockType.PARAGRAPH), ("headings", BlockType.HEADING),
                       ("lists", BlockType.LIST), ("tables", BlockType.TABLE),
                       ("code", BlockType.CODE), ("images", BlockType.IMAGE)):
        out[name] = _log(count[kind])
    out["link_share"] = signals.main_link_pct / 100
    out["log_teasers"] = _log(signals.teasers)
    out["log_list_items"] = _log(signals.list_items)
    out["list_share"] = min(1.0, signals.list_chars / body_chars) if body_chars else 0.0
    sample = text[:TEXT_SAMPLE].lower()
    scale = 1000 / max(len(sample), 1000)  # per thousand characters
    out["prices"] = _log(sum(sample.count(mark) for mark in _CURRENCY) * scale)
    out["shop_words"] = _log(sum(sample.count(phrase) for phrase in _SHOP_PHRASES) * scale)
    words = _sample_words(sample)
    out["thread_words"] = _log(sum(1 for word in words if word in _THREAD_WORDS) * scale)
    out["has_author"] = float(bool(metadata.authors))
    out["has_date"] = float(bool(metadata.published))
    out.update(_markup_counts(signals))
    vocabulary = _vocabulary()
    out.update(dict.fromkeys([vocabulary[word] for word in vocabulary.keys() & words], 1.0))
    return out


def text_words(blocks: list[Block]) -> list[str]:
    """The words of the text sample ``page_features`` reads (lower-cased, punctuation
    stripped), from which the trainer draws the vocabulary."""
    return _sample_words(_text(blocks)[:TEXT_SAMPLE].lower())


def _text(blocks: list[Block]) -> str:
    return "\n".join(part for b in blocks if (part := b.plain_text()))


def _sample_words(sample: str) -> list[str]:
    return [word.strip(_PUNCTUATION) for word in sample.split()]


def _markup_counts(signals: Signals) -> dict[str, float]:
    """Elements and microdata types of the untouched page (forms and buttons on a shop,
    <article>s and <time>s on a stream, Offer and Comment microdata)."""
    counts = signals.page_counts
    out = {f"tag_{tag}": _log(counts.get(tag, 0)) for tag in COUNTED_TAGS}
    for item_type in MICRODATA_TYPES:
        out[f"microdata_{item_type}"] = _log(counts.get(f"itemtype:{item_type}", 0))
    return out


def load_pagetype_model() -> None:
    """Read the weights now rather than on the first page."""
    _model()
    _vocabulary()


class _Model(NamedTuple):
    classes: list[str]
    mean: list[float]
    scale: list[float]
    weights: list[list[float]]
    bias: list[float]
    #: by feature name (``word_key``), the weight of a vocabulary word present in the text
    #: sample for every class (on the 0/1 value, not standardised)
    words: dict[str, tuple[float, ...]]


@lru_cache(maxsize=1)
def _weights() -> dict[str, Any]:
    """``pagetype.json``, read once for the model and its vocabulary."""
    data: dict[str, Any] = json.loads(_WEIGHTS.read_text("utf-8"))
    return data


@lru_cache(maxsize=1)
def _model() -> _Model:
    data = _weights()
    if tuple(data["features"]) != FEATURES:
        # A model trained on other features would read them in the wrong order.
        raise RuntimeError(f"{_WEIGHTS.name} was trained on other features; retrain it")
    words = {word_key(index): row
             for index, row in enumerate(zip(*data["word_weights"], strict=True))}
    return _Model(data["classes"], data["mean"], data["scale"], data["weights"], data["bias"],
                  words)


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, str]:
    """The text words the model weighs, with their feature names (``word_key``). Read apart
    from the weights: the trainer computes features before any model for them exists (an
    absent list is no words)."""
    try:
        words = _weights().get("words", [])
    except FileNotFoundError:
        words = []
    return {word: word_key(index) for index, word in enumerate(words)}


def classify_page(features: dict[str, float]) -> PageType:
    """The most likely page type for ``features``."""
    model = _model()
    values = [(features[name] - m) / s
              for name, m, s in zip(FEATURES, model.mean, model.scale, strict=True)]
    words = model.words
    # The sums stay in C (map, zip): a generator of products per class took twice as long.
    filled = [row for name in features if (row := words.get(name)) is not None]
    extras = ([sum(column) for column in zip(*filled, strict=True)] if filled
              else [0.0] * len(model.bias))
    scores = [b + sum(map(mul, row, values)) + extra
              for row, b, extra in zip(model.weights, model.bias, extras, strict=True)]
    classes = model.classes
    return PageType(classes[max(range(len(classes)), key=scores.__getitem__)])
