"""HTML tag-name facts the repair pass relies on: one home for them."""

from __future__ import annotations

import re

__all__ = [
    "BLOCK_TAGS", "HEADING_LEVELS", "HEADING_TAGS", "KNOWN_TAGS", "LITERAL_TAGS", "TABLE_TAGS",
    "TAG_REST", "VOID_TAGS", "is_known_name",
]

#: The rest of a real tag after its name, read the way HTML's tokenizer reads it: a quote opens
#: a value only after ``=`` (``<div "="">`` is an attribute named ``"``), a quoted value may
#: hold ``>``. Atomic and possessive parts give each character one reading, so a tag that never
#: ends fails in linear time.
TAG_REST = r"""(?:[^>=]|=\s*+(?>"[^"]*"|'[^']*'|[^\s>"'][^\s>]*|))*>"""


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Only these names are ever turned back into tags: every element of the HTML living standard
#: that can appear in a page body or head, plus a few obsolete ones CMSes still emit.
KNOWN_TAGS = _names("""
a abbr address area article aside audio b bdi bdo blockquote body br button canvas caption
center cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed
fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i
iframe img input ins kbd label legend li link main map mark menu meta meter nav noscript
object ol optgroup option output p param picture pre progress q rp rt ruby s samp script
search section select small source span strike strong style sub summary sup table tbody td
template textarea tfoot th thead time title tr track tt u ul var video wbr
acronym big blink dir marquee nobr spacer
""")

#: A custom element name: lowercase ASCII start, a hyphen inside (HTML's valid custom element
#: name, the part pages use).
_CUSTOM_ELEMENT = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")


def is_known_name(name: str) -> bool:
    """An HTML element name, obsolete ones CMSes still emit, or a custom element name."""
    return name in KNOWN_TAGS or _CUSTOM_ELEMENT.fullmatch(name) is not None


#: Elements without an end tag.
VOID_TAGS = _names(
    "area base br col embed hr img input link meta param source track wbr"
)

#: Block-level names: a mangled one in a damaged document is structure, never prose.
BLOCK_TAGS = _names("""
address article aside blockquote caption dd details div dl dt figcaption figure footer h1 h2
h3 h4 h5 h6 header hr li main nav ol p section table tbody td tfoot th thead tr ul
""")

#: Elements whose content is shown (or run) literally: escaped tags inside them are content.
LITERAL_TAGS = _names(
    "code kbd noscript pre samp script style template textarea title tt xmp svg math"
)

#: The elements a table is built from, for table-debris recovery.
TABLE_TAGS = _names("table caption colgroup col thead tbody tfoot tr td th")

#: Heading elements and their levels: the one home of this vocabulary for every stage (repair
#: mends them, strip does not count them as prose, the walker turns them into headings).
HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
HEADING_TAGS = frozenset(HEADING_LEVELS)
