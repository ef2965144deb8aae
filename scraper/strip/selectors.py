"""Named groups of tags and roles, and the class/id string the word patterns of
``scraper.vocabulary`` are matched against (``attr_string``)."""

from __future__ import annotations

import re

__all__ = [
    "INLINE_TAGS",
    "JUNK_ROLES",
    "JUNK_TAGS",
    "SKIP_TAGS",
    "STRUCTURAL_TAGS",
    "attr_string",
]

#: Never content: code, styling, embedded objects, form controls. Removed before anything else.
JUNK_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "applet", "link", "meta", "button", "input", "select", "textarea", "option", "datalist",
    "audio", "video", "source", "track", "map", "area", "frame", "frameset", "dialog", "title",
)

#: Page furniture by element type; removed unless they hold most of the page's prose (some
#: sites wrap the whole page in a <form> or put the article inside <header>).
STRUCTURAL_TAGS = frozenset({"nav", "aside", "footer", "header", "form", "menu"})

#: ARIA landmark roles of page furniture.
JUNK_ROLES = frozenset({
    "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
    "toolbar", "dialog", "alertdialog", "tooltip",
})

#: Phrasing (inline) elements: their text belongs to the enclosing block. Every other element,
#: custom ones included, is a block.
INLINE_TAGS = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del",
    "dfn", "em", "font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp",
    "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    "picture", "output", "meter", "progress", "ruby", "rt", "rp", "math", "blink", "amp-img",
})

#: Nodes that never hold visible text (comments included).
SKIP_TAGS = frozenset({
    "-comment", "script", "style", "noscript", "template", "svg", "head", "title", "meta",
    "link", "iframe", "object", "embed", "canvas", "button", "input", "select", "textarea",
    "option", "datalist", "audio", "video", "source", "track", "map", "area", "applet",
    "frame", "frameset", "dialog",
})

_CAMEL = re.compile(r"([a-z])([A-Z])")
_SLUG_SEPARATOR = re.compile(r"[-_]")
#: An id with this many separators is generated from a heading or title (an anchor target),
#: so its words describe the text, not the element's role.
MIN_SLUG_SEPARATORS = 4


def attr_string(attributes: dict[str, str | None]) -> str:
    """``class`` and ``id`` of an element as one lower-cased string (camelCase split)."""
    cls = attributes.get("class") or ""
    ident = attributes.get("id") or ""
    if ident and len(_SLUG_SEPARATOR.findall(ident)) >= MIN_SLUG_SEPARATORS:
        ident = ""  # a heading's slug ("sharing-with-a-single-developer"), not a role name
    if not cls and not ident:
        return ""
    joined = f"{cls} {ident}"
    if not joined.islower():
        joined = _CAMEL.sub(r"\1-\2", joined).lower()
    # snake_case ids spell the same words as kebab-case classes ("main_content").
    return joined.replace("_", "-") if "_" in joined else joined
