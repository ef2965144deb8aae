"""Caps on element nesting, on the number of tags and on attributes per tag, applied to the
markup before lexbor parses it (``cap_attributes`` is described at its constants).

lexbor's tree builder costs time in proportion to the depth of open elements for each start
tag of most kinds (the "has a p element in button scope" check walks the stack of open
elements), so a page of nested elements costs quadratic time in one C call that no deadline
can interrupt: 50,000 nested ``<div>`` take 10.5 s to parse, 200,000 several minutes. Browsers
cap the depth for the same reason (Blink's ``kMaximumHTMLParserDOMTreeDepth``, 512: deeper
elements become siblings). Here the start tags that would open an element deeper than
``MAX_DEPTH`` are dropped with their end tags, keeping their text in the element at the cap.

The depth is tracked by a tag scan that approximates the tree builder (void elements, raw-text
elements, comments, end tags closing up to their open element, ``p``/``li``/cells closing
their open sibling); it only needs to be right about pages nested hundreds deep. Pages with
fewer than ``SCAN_ABOVE_TAGS`` tags are returned at once: whatever their shape they parse in
about a second, and the scan (a few milliseconds per thousand tags) is not worth it there.

The same scan counts tags: past ``MAX_TAGS`` the rest of the markup keeps its text only, so
lexbor's tree (about 150 bytes a node, whatever the node holds) stays within the memory budget.
"""

from __future__ import annotations

import re

from scraper.deadline import check_deadline
from scraper.repair.tags import VOID_TAGS

__all__ = ["MAX_ATTRIBUTES", "MAX_DEPTH", "MAX_TAGS", "SCAN_ABOVE_TAGS", "cap_attributes",
           "cap_nesting"]

#: Blink's limit; real pages nest 20-40 deep, the deepest ones we know under 200.
MAX_DEPTH = 512
#: 20,000 nested elements parse in about 1.7 s (10,000: 0.4 s; 50,000: 10.5 s) on the bench
#: machine: below this many ``<``, no shape costs more than that, so the scan is skipped.
SCAN_ABOVE_TAGS = 20_000
#: Tags (start and end) lexbor is given at most; past them the markup's tags are dropped and
#: its text kept, in the element open at that point. Each tag costs up to two nodes of about
#: 150 bytes each in lexbor's tree, whatever its size: a million ``x<b></b>`` (8 MB) took
#: 306 MB to parse, over the 400 MB budget with the interpreter's 155. 500,000 tags bound the
#: tree near 150 MB; the largest page of the three benchmark sets (1,808 pages) has 21,646.
MAX_TAGS = 500_000

_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*>|<!--|<!|<\?")
#: How much markup is scanned between two deadline checks (a check costs about 0.1 µs, a
#: tag about 2.5 µs: this keeps the checks' cost negligible and the wait for one short).
DEADLINE_CHECK_CHARS = 64 * 1024

#: Elements whose content the tokenizer reads as text up to their own end tag.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                       "noframes"})
#: A start tag of one of these closes an open one of the same name just above it.
_SIBLING_CLOSES = frozenset({"p", "li", "dd", "dt", "option", "tr", "td", "th"})
#: How far up the stack an end tag or sibling looks for its element; an end tag with no open
#: element that near is ignored, as the tree builder mostly does.
_LOOK_UP = 16


def cap_nesting(html: str, utf8: bytes | None = None) -> str:
    """``html`` with elements nested deeper than ``MAX_DEPTH`` flattened (their start and end
    tags dropped, their content kept). ``utf8``: ``html`` encoded as UTF-8, when the caller
    holds those bytes: they hold the same ``<``, and a byte count runs faster than a count of
    characters (130 µs against 180 on a Scrapinghub page)."""
    if (utf8.count(b"<") if utf8 is not None else html.count("<")) <= SCAN_ABOVE_TAGS:
        return html
    names: list[str] = []  # the open elements, innermost last
    first_dropped = MAX_DEPTH  # open elements from this index on were dropped (none yet)
    kept: list[str] = []
    copied = resume = next_check = tags = 0
    for match in _TAG.finditer(html):
        start = match.start()
        if start < resume:  # inside a comment or a raw-text element
            continue
        if start >= next_check:  # a library call's deadline, every 64 KB of markup
            check_deadline()
            next_check = start + DEADLINE_CHECK_CHARS
        closing, name = match.groups()
        if name is None:
            resume = _skip_markup_declaration(html, match)
            continue
        tags += 1
        if tags > MAX_TAGS:
            kept.append(html[copied:start])
            kept.append(_text_only(html[start:]))
            return "".join(kept)
        name = name.lower()
        depth = len(names)
        if closing:
            for index in range(depth - 1, max(-1, depth - 1 - _LOOK_UP), -1):
                if names[index] == name:
                    if index >= first_dropped:
                        kept.append(html[copied:start])
                        copied = match.end()
                    del names[index:]
                    break
            continue
        if name in VOID_TAGS or match.group(0).endswith("/>"):
            continue
        if name in _RAW_TEXT:
            end = re.compile(f"</{re.escape(name)}", re.IGNORECASE).search(html, match.end())
            resume = end.start() if end is not None else len(html)
        elif name in _SIBLING_CLOSES:
            for index in range(depth - 1, max(-1, depth - 4), -1):
                if names[index] == name:
                    del names[index:]
                    break
        if len(names) >= MAX_DEPTH:
            kept.append(html[copied:start])
            copied = match.end()
        names.append(name)
    if not kept:
        return html
    kept.append(html[copied:])
    return "".join(kept)


#: What markup past ``MAX_TAGS`` loses: comments, raw-text elements with their content (script
#: source is not text), then every tag; an unclosed comment or element runs to the end.
_NOT_TEXT = re.compile(
    r"<!--.*?(?:-->|\Z)"
    rf"|<({'|'.join(sorted(_RAW_TEXT))})\b.*?(?:</(?i:\1)\s*>|\Z)"
    r"|</?[a-zA-Z][^>]*>|<[!?][^>]*>", re.IGNORECASE | re.DOTALL)


def _text_only(markup: str) -> str:
    check_deadline()
    return _NOT_TEXT.sub("", markup)


def _skip_markup_declaration(html: str, match: re.Match[str]) -> int:
    """Where scanning resumes after ``<!--``, ``<!...>`` or ``<?...>``; an unclosed comment
    runs to the end of the document, as in a browser."""
    if match.group(0) == "<!--":
        end = html.find("-->", match.end())
        return end + 3 if end >= 0 else len(html)
    end = html.find(">", match.end())
    return end + 1 if end >= 0 else len(html)


#: lexbor checks each new attribute of a tag against the ones before it (duplicates are
#: dropped), so one tag's attributes cost quadratic time: 2,000 take 14 ms, 8,000 take 160 ms,
#: 100,000 (5 MB) most of two minutes. Real tags carry a few dozen; the rest is dropped.
MAX_ATTRIBUTES = 1000
#: The characters ``\s`` matches in a str pattern (Unicode whitespace; ``tests/test_nesting``
#: checks the two agree on every code point), as a class of literals: the regex engine tests
#: such a class with a bitmap lookup, ``\s`` with a category call per character, and these
#: patterns test every character of every tag of a page (the search got 18% faster).
_SPACE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_ATTRIBUTE = (rf"""(?:[{_SPACE}]++[^{_SPACE}=/>]++"""
              rf"""(?:[{_SPACE}]*+=[{_SPACE}]*+(?>"[^"]*+"|'[^']*+'|[^{_SPACE}>]*+))?+)""")
_TAG_NAME = rf"<[a-zA-Z][^{_SPACE}/>]*+"
#: A tag with 128 attributes is worth the exact count. One C-speed search finds out (about
#: 2 ms per MB on real pages; counting pieces of any kind, 512 of them, took 3.6).
_LONG_TAG = re.compile(rf"{_TAG_NAME}(?:{_ATTRIBUTE}){{128}}")
_OVER_LIMIT = re.compile(rf"({_TAG_NAME}{_ATTRIBUTE}{{{MAX_ATTRIBUTES}}}){_ATTRIBUTE}*+")


def cap_attributes(html: str) -> str:
    """``html`` with the attributes of any tag past the first ``MAX_ATTRIBUTES`` dropped."""
    long_tag = _LONG_TAG.search(html)
    if long_tag is None:
        return html
    # A tag over the limit is a long tag too, so none starts before the first long tag: the
    # cut starts there (the patterns only look ahead), not at the top of the page again.
    start = long_tag.start()
    cut, count = _OVER_LIMIT.subn(r"\1", html[start:])
    return html[:start] + cut if count else html
