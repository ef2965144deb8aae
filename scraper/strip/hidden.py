"""Elements a reader never sees: ``hidden``, ``aria-hidden``, inline ``display:none``,
hidden-by-class conventions."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.vocabulary import HIDDEN_CLASS_PATTERN, HIDDEN_STYLE_PATTERN

__all__ = ["hidden_nodes"]

#: Pre-selection in lexbor; the Python patterns then confirm style and class hits. Each
#: selector of the list costs about half a tree walk, so one substring stands for all the words
#: that share it: "hid" for hidden/hide, "screen" for screen-reader/screenreader/offscreen.
_HIDDEN_SELECTOR = (
    '[hidden], [aria-hidden="true" i], [style*="none" i], [style*="hidden" i], '
    '[class*="hid" i], [class*="sr-only" i], [class*="d-none" i], [class*="invisible" i], '
    '[class*="screen" i]'
)

#: Elements that keep their content when hidden: <details> bodies and <dialog>s are hidden
#: by the browser until opened, yet authors put real text there; images with aria-hidden are
#: decorative duplicates only when they carry no caption, which the block stage judges.
_KEEP_TAGS = frozenset({"html", "body", "details", "summary", "img", "picture", "figure"})

#: ``aria-hidden`` keeps an element from screen readers, not from the eye: on a link it marks
#: the second link of a card to the same page (the picture's, or the summary's beside the
#: headline's), which readers would announce twice; the text is on the screen (wcxb-dev tune
#: +0.0005: a topic page's summaries came back, one shop card changed; for every inline tag
#: +0.0006 but Mozilla -0.006, a page's hidden duplicate captions).
_SHOWN_WHEN_ARIA_HIDDEN = frozenset({"a"})


def hidden_nodes(root: LexborNode) -> list[LexborNode]:
    """Elements under ``root`` that are hidden."""
    found = []
    for node in root.css(_HIDDEN_SELECTOR):
        if node.tag in _KEEP_TAGS:
            continue
        attrs = node.attributes
        if "hidden" in attrs and attrs.get("hidden") != "until-found":
            found.append(node)
            continue
        if (attrs.get("aria-hidden") or "").lower() == "true" \
                and node.tag not in _SHOWN_WHEN_ARIA_HIDDEN:
            found.append(node)
            continue
        style = attrs.get("style")
        if style and HIDDEN_STYLE_PATTERN.search(style):
            found.append(node)
            continue
        cls = attrs.get("class")
        if cls and HIDDEN_CLASS_PATTERN.search(cls):
            found.append(node)
    return found
