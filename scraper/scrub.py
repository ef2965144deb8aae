"""The last step before a record is assembled: no C0 or C1 control character leaves the
pipeline in a text field, except ``\\n`` and ``\\t``.

Control characters reach the record by many roads: raw bytes in the page (``\\x07`` in a
paragraph), numeric references (``&#7;``), JSON-LD escapes (``"\\u001b"`` in a headline), text
kept verbatim in code blocks, or any text when the repair pass is off. The repair pass already
removes them from block texts it sees (counted as ``control_chars``); this sweep is the one
place that covers every field, metadata included, after everything else has run. It costs one
C-speed regex search per string, most of which find nothing.

URLs (``src``, ``href``) are not text: a control character in one is percent-encoded, as a
browser does, rather than dropped (which would name another resource).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from scraper.models import Block, Link, Metadata, Repairs

__all__ = ["CONTROL_CHARS", "scrub_blocks", "scrub_controls", "scrub_text"]

#: C0 controls but tab and newline, DEL, and the C1 range (U+0080-U+009F). Carriage return and
#: form feed count: the record's line breaks are ``\n`` only.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: Metadata fields holding one string of text (URLs and dates are handled apart or built by us).
_META_TEXT = ("title", "site_name", "section", "description", "language")


def scrub_text(text: str, repairs: Repairs) -> str:
    """``text`` without control characters; each text changed counts one ``control_chars``."""
    if CONTROL_CHARS.search(text) is None:
        return text
    repairs["control_chars"] += 1
    return CONTROL_CHARS.sub("", text)


def _scrub_url(url: str) -> str:
    if CONTROL_CHARS.search(url) is None:
        return url
    return CONTROL_CHARS.sub(lambda match: quote(match.group(0)), url)


def scrub_controls(meta: Metadata, blocks: list[Block], repairs: Repairs) -> None:
    """Remove control characters from every text field of ``meta`` and the blocks, in place."""
    for name in _META_TEXT:
        if (value := getattr(meta, name)) is not None:
            setattr(meta, name, scrub_text(value, repairs) or None)
    meta.authors = [name for author in meta.authors if (name := scrub_text(author, repairs))]
    # A source names where a field came from, with the page's own key in it
    # ("meta:article:published_time"): a page can put control characters there too.
    meta.sources = {field: scrub_text(source, repairs) for field, source in meta.sources.items()}
    meta.tags = [name for tag in meta.tags if (name := scrub_text(tag, repairs))]
    for name in ("image", "canonical_url"):
        if (value := getattr(meta, name)) is not None:
            setattr(meta, name, _scrub_url(value))
    scrub_blocks(blocks, repairs)


def scrub_blocks(blocks: list[Block], repairs: Repairs) -> None:
    """Remove control characters from every text field of ``blocks``, in place."""
    for block in blocks:
        _scrub_block(block, repairs)


def _scrub_block(block: Block, repairs: Repairs) -> None:
    if block.text:
        block.text = scrub_text(block.text, repairs)
    if block.items is not None:
        block.items = [scrub_text(item, repairs) for item in block.items]
    for sub in block.sublists or ():
        if sub is not None:
            _scrub_block(sub, repairs)
    if block.rows is not None:
        block.rows = [[scrub_text(cell, repairs) for cell in row] for row in block.rows]
    for name in ("alt", "caption", "language"):
        if (value := getattr(block, name)) is not None:
            setattr(block, name, scrub_text(value, repairs))
    if block.src is not None:
        block.src = _scrub_url(block.src)
    if block.links and any(CONTROL_CHARS.search(link.text) or CONTROL_CHARS.search(link.href)
                           for link in block.links):
        block.links = [Link(text=scrub_text(link.text, repairs), href=_scrub_url(link.href))
                       for link in block.links]
