"""Named groups of tags, roles and class/id patterns that mark boilerplate (or content).

One home for every pattern the strip stage matches: ``junk`` removal, main-node scoring and
conditional cleaning all import from here, so a pattern is never kept "in sync" in two files.

Class/id patterns are matched against ``class + " " + id`` after camelCase is split
(``relatedPosts`` -> ``related-Posts``) and the string is lower-cased; a "word" is a run of
letters, so ``post-comments`` holds the word ``comments`` but ``commentary`` does not.
"""

from __future__ import annotations

import re

__all__ = [
    "COMMENT_PATTERN",
    "CONSENT_PATTERN",
    "GALLERY_PATTERN",
    "HIDDEN_CLASS_PATTERN",
    "HIDDEN_STYLE_PATTERN",
    "INLINE_TAGS",
    "JUNK_PATTERN",
    "JUNK_ROLES",
    "JUNK_TAGS",
    "KEEP_PATTERN",
    "NEGATIVE_PATTERN",
    "PAYWALL_PATTERN",
    "PLACEMENT_PATTERN",
    "POSITIVE_PATTERN",
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


def _words(prefixes: str, exact: str = "") -> re.Pattern[str]:
    """A pattern matching a word that starts with one of ``prefixes`` or equals one of
    ``exact`` (``|``-separated lists)."""
    # A word starts after a separator, never after a digit: generated class names
    # ("jXK9ad", "css-1x9ad") hold the letters of a junk word by chance.
    parts = []
    if prefixes:
        parts.append(rf"(?<![a-z0-9])(?:{prefixes})[a-z]*")
    if exact:
        parts.append(rf"(?<![a-z0-9])(?:{exact})(?![a-z0-9])")
    return re.compile("|".join(parts))


#: Reader comments; kept apart (``Stripped.comments``) when the settings ask for them.
COMMENT_PATTERN = _words(
    "disqus|respond",
    "comment|comments|commentlist|comment-list|replies|reply|discussion|talkback|"
    "commentsection|comments-section",
)

#: Cookie and privacy-consent banners, also a verdict signal.
CONSENT_PATTERN = _words(
    "cookie|consent|gdpr|onetrust|didomi|cookiebot|truste|usercentrics|quantcast|"
    "sp-message|sp_message",
    "cmp|qc-cmp|privacy-banner|privacy-notice",
)

#: Paywall / registration prompts, also a verdict signal.
PAYWALL_PATTERN = _words(
    "paywall|regwall|piano|tp-modal|tp-container|subscriber-only|premium-wall|meter",
    "offer|offers|barrier|fence|paid-content|locked|gate|gated",
)

#: Sure boilerplate: removed wherever it is (unless it holds most of the page's prose).
JUNK_PATTERN = _words(
    "share|sharing|social|sociable|addthis|sharethis|shareaholic|"
    "related|recommend|more-from|morefrom|also-read|alsoread|most-popular|mostpopular|"
    "trending|outbrain|taboola|zergnet|revcontent|"
    "sidebar|widget|"
    "breadcrumb|pagination|pager|skiplink|skip-link|skip-to|"
    "newsletter|subscri|signup|sign-up|"
    "advert|adsense|adsbygoogle|adslot|ad-slot|adunit|ad-unit|adcontainer|ad-container|"
    "ad-wrap|adwrap|ad-banner|dfp|gpt-ad|google-ad|sponsor|promo|"
    "popup|modal|lightbox|overlay|"
    "ai2html|agegate|age-gate|shoutbox|skyscraper|supplemental|cover-wrap|"
    "call-to-action|calltoaction|disclosure|affiliate-disclaimer|"
    "masthead|site-header|siteheader|site-footer|sitefooter|footer|topbar|toolbar|"
    "navbar|navigation|menu|"
    "author-bio|authorbio|author-box|authorbox|about-author|author-info|authorinfo|"
    "tagcloud|tag-cloud|tags-|post-tags|entry-tags|article-tags|"
    "print-|email-|rating|"
    "login|signin|sign-in|"
    "jump-to|backtotop|back-to-top|"
    "next-post|prev-post|previous-post|nextprev|post-nav|postnav|ez-toc|table-of-contents",
    "ad|ads|nav|tags|tag-list|taglist|banner|bio|rail|right-rail|left-rail|byline|bylines|"
    "post-meta|entry-meta|article-meta|meta|dateline|timestamp|"
    "print|email|cta|recirc|see-also|read-more|readmore|"
    "follow|follow-us|subscribe|donate|hidden-print|noprint|no-print|"
    "feedback|utility|utilities|tools|actions|toc",
)

#: Junk words that name a place in the page layout: what they mark is furniture even when it
#: is most of a thin page's text.
PLACEMENT_PATTERN = _words(
    "footer|header|masthead|navbar|navigation|menu|sidebar|breadcrumb|topbar|toolbar",
    "nav|rail|right-rail|left-rail",
)

#: Image galleries and slideshows: captions of other pictures (often of other stories), never
#: the article, however much text they hold.
GALLERY_PATTERN = _words("gallery|slideshow|carousel|slider|legends")

#: Hidden-by-class conventions (exact words: ``hidden-xs`` is only hidden on small screens).
HIDDEN_CLASS_PATTERN = re.compile(
    r"(?:^|\s)(?:hidden|hide|is-hidden|d-none|sr-only|visually-hidden|visuallyhidden|"
    r"screen-reader-text|screenreader|offscreen|element-invisible|invisible|u-hidden)(?:\s|$)"
)

#: Inline styles that hide an element.
HIDDEN_STYLE_PATTERN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

#: Words that mark the article container, or an embedded post quoted by it (``social-media-
#: embed`` holds a tweet, not share buttons); a junk word next to one of these is not enough
#: to remove a node (``article-body sidebar-layout``).
KEEP_PATTERN = _words(
    "",
    "article-body|articlebody|article-content|articlecontent|article-text|articletext|"
    "post-body|postbody|post-content|postcontent|entry-content|entrycontent|story-body|"
    "storybody|story-content|body-text|bodytext|main-content|maincontent|page-content|"
    "hentry|h-entry|e-content|articlebody|embed|embedded|oembed|tweet|twitter-tweet|"
    "instagram-media|social-embed",
)

#: Scoring: class/id words that make a container more likely to be the article.
POSITIVE_PATTERN = _words(
    "article|content|entry|hentry|h-entry|main|post|story|text|blog|body",
)

#: Scoring: class/id words that make a container less likely to be the article.
NEGATIVE_PATTERN = _words(
    "comment|combx|contact|foot|masthead|media|outbrain|promo|related|scroll|share|shoutbox|"
    "sidebar|skyscraper|sponsor|shopping|tags|widget|social|teaser|nav|menu|"
    "header|banner|extra|supplement|caption|credit|byline|author|"
    "hidden|popup|modal|subscri|newsletter|recirc|recommend|trending|popular",
    "ad|ads|meta|bio|rail|hid",
)
