"""The words and phrases that mark boilerplate or content, in one place for every stage.

Class/id word patterns (the strip stage's junk removal, main-node scoring and conditional
cleaning; the metadata's byline and topic-link readers) are matched against
``scraper.strip.selectors.attr_string`` of an element: ``class + " " + id`` with camelCase
split (``relatedPosts`` -> ``related-Posts``), snake_case read as kebab-case and lower-cased; a
"word" is a run of letters, so ``post-comments`` holds the word ``comments`` but
``commentary`` does not. Line patterns (the block stage's trimming) are matched against one
line of extracted text.
"""

from __future__ import annotations

import re

__all__ = [
    "ARTICLE_BOILERPLATE_WORDS",
    "AUTHOR_CLASS",
    "BYLINE_BOILERPLATE_WORDS",
    "COMMENT_PATTERN",
    "CONSENT_PATTERN",
    "EDGE_LINE",
    "FOOTER_WORD",
    "FURNITURE_LINE",
    "GALLERY_PATTERN",
    "HIDDEN_CLASS_PATTERN",
    "HIDDEN_STYLE_PATTERN",
    "HOME_WORDS",
    "JUNK_PATTERN",
    "KEEP_PATTERN",
    "MENU_WORDS",
    "MODIFIED_WORDS",
    "NEGATIVE_PATTERN",
    "PANEL_PATTERN",
    "PAYWALL_PATTERN",
    "PLACEMENT_PATTERN",
    "POSITIVE_PATTERN",
    "PROMO_HEADING",
    "PROMO_LINE_LABEL",
    "PROMO_LINE_START",
    "PROMO_WORDS",
    "REVIEWS_PATTERN",
    "ZOOM_WORDS",
]


# --- class/id words (strip: junk, scoring, hidden, clean) ---

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

#: Customers' reviews of a product: set apart like reader comments, but only on a page that
#: declares a schema.org product (elsewhere "reviews" names a review article's own parts).
REVIEWS_PATTERN = _words("", "reviews|review-list")

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
    "feedback|utility|utilities|tools|actions|toc|"
    # A forum member's signature under each post (not "signature-collection" of a shop), and
    # the member's card beside it (join date, post count, likes): XenForo, phpBB, Invision.
    "signature|signatures|signaturecontainer|"
    "user-extras|postprofile|author-pane-info|author-pane-stats|user-stats|userstats|"
    "member-stats|poster-stats|userinfo-extra|author-statistics|"
    # A reply's quote of an earlier post of the thread, which the thread already holds.
    "bb-code-block--quote|bbcode-quote|ips-quote|quotecontainer|"
    # A post's row of buttons (reply, quote, like, share) and its like count.
    "action-bar|actionbar|post-actions|postactions|post-menu|postmenu|post-likes|buttons",
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

#: A closed tab's or accordion's panel (an FAQ answer, a product's details tab), by its class.
PANEL_PATTERN = _words("accordion|faq|collaps|tab-pane|tabpanel|tab-panel|tab-content|answer")

#: Hidden-by-class conventions (exact words: ``hidden-xs`` is only hidden on small screens).
HIDDEN_CLASS_PATTERN = re.compile(
    r"(?:^|\s)(?:(?i:hidden|hide|is-hidden|d-none|sr-only|visually-hidden|visuallyhidden|"
    r"screen-reader-text|screenreader|offscreen|element-invisible|invisible|u-hidden)|"
    # A framework's namespaced utility ("ipsHide", "jsHidden"); "mobile-hide" is responsive.
    r"[a-z]{1,4}(?:Hide|Hidden))(?:\s|$)"
)

#: Inline styles that hide an element.
HIDDEN_STYLE_PATTERN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

#: Words that mark the article container, or an embedded post quoted by it (``social-media-
#: embed`` holds a tweet, not share buttons), or a page's hero, the headline and intro of a
#: landing page (``page-hero-banner``: wcxb-dev tune +0.0002, one page worse by 0.04); a junk
#: word next to one of these is not enough to remove a node (``article-body sidebar-layout``).
KEEP_PATTERN = _words(
    "",
    "article-body|articlebody|article-content|articlecontent|article-text|articletext|"
    "post-body|postbody|post-content|postcontent|entry-content|entrycontent|story-body|"
    "storybody|story-content|body-text|bodytext|main-content|maincontent|page-content|"
    "hentry|h-entry|e-content|articlebody|embed|embedded|oembed|tweet|twitter-tweet|"
    "instagram-media|social-embed|hero",
)

#: Scoring: class/id words that make a container more likely to be the article.
POSITIVE_PATTERN = _words(
    "article|content|entry|hentry|h-entry|main|post|story|text|blog|body",
)

#: Scoring: class/id words that make a container less likely to be the article. Not
#: "header": the page's header is a <header> or a "site-header" (junk words above), while a
#: "section-header" or an "item-title__header" heads a part of the content (wcxb-dev tune
#: +0.001 without it, 10 pages better, 2 worse; Scrapinghub and Mozilla unchanged).
NEGATIVE_PATTERN = _words(
    "comment|combx|contact|foot|masthead|media|outbrain|promo|related|scroll|share|shoutbox|"
    "sidebar|skyscraper|sponsor|shopping|tags|widget|social|teaser|nav|menu|"
    "banner|extra|supplement|caption|credit|byline|author|"
    # "overflow-hidden" clips a box's edges (a utility class of CSS frameworks), hiding nothing;
    # Drupal's "field--label-hidden" hides a field's label and shows its text (wcxb-dev tune
    # +0.0003, 3 pages better, none worse).
    "(?<!overflow-)(?<!overflow-x-)(?<!overflow-y-)(?<!label-)hidden|"
    "popup|modal|subscri|newsletter|recirc|recommend|trending|popular",
    "ad|ads|meta|bio|rail|hid",
)

# --- bylines and authors (extractor.metadata.byline) ---

#: Class/id words of containers whose names are not the article's author; matched as whole
#: words of a class token ("comment-list", "related_posts"), so "vcard" or "hentry" do not hit.
BYLINE_BOILERPLATE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:comments?|related|sidebar|recommend\w*|promo|popular|"
    r"trending|newsletter|more|teaser|follow\w*|recirc\w*)(?=$|[\s_-])"
    # A sidebar widget is a class of its own ("widget", "widget_recent_entries"); page builders'
    # "elementor-widget" wraps every block of the article too.
    r"|(?:^|\s)widgets?(?:-area|_[\w-]+)?(?=$|\s)",
    re.IGNORECASE,
)
#: The boilerplate words that make an <article> element itself boilerplate: comment and
#: teaser cards are <article>s too.
ARTICLE_BOILERPLATE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:comments?|related|recommend\w*|promo|popular|trending|teaser)(?=$|[\s_-])",
    re.IGNORECASE,
)
#: ``[class*=author]`` also hits "authority" and "authorize"; the class must say author.
#: A footer is the site's footer only outside the article: themes put "Posted by" in the
#: article's own ``<footer class="entry-footer">``.
FOOTER_WORD = re.compile(r"(?:^|[\s_-])footer(?=$|[\s_-])", re.IGNORECASE)
AUTHOR_CLASS = re.compile(r"author(?!i)", re.IGNORECASE)
MODIFIED_WORDS = re.compile(r"updat|modif|revis", re.IGNORECASE)

# --- topic links and breadcrumbs (extractor.metadata.taxonomy) ---

HOME_WORDS = frozenset({"home", "start", "startseite", "accueil", "inicio", "トップ", "首页",
                         "главная", "news"})
MENU_WORDS = re.compile(r"(?:^|[\s_-])(?:menu|nav\w*)(?=$|[\s_-])", re.IGNORECASE)

# --- lines of the extracted text (extractor.blocks.trim) ---

#: Lines that are page furniture wherever they stand.
FURNITURE_LINE = re.compile(
    r"^(?:advertisement|advertising|sponsored|ad|story continues below(?: advertisement)?|"
    r"continue reading(?: below| the main story)?|share(?: this)?(?: article| story| post)?|"
    r"share on \w+|tweet|email|print|related(?: articles| stories| posts| content)?|"
    r"read more|more:|see also|you may also like|recommended(?: for you)?|"
    r"click to (?:share|email|print)[^\n]*|sign up[^\n]{0,60}|subscribe[^\n]{0,60}|"
    r"follow us[^\n]{0,40}|comments?|leave a (?:comment|reply)|skip to [^\n]{0,30}|"
    r"back to top|loading\W*|image|photo|video|getty images|"
    r"this (?:article|story) (?:is|was) (?:more than|over) [^\n]{0,40} old\.?)$",
    re.I,
)
#: Short lines at the edges that are bylines, datelines or credits, not the story.
EDGE_LINE = re.compile(
    r"^(?:by |posted |published |updated |last updated |written by |words by |photos? by |"
    r"image:|photo:|credit:|source:|tags?:|filed under|categories:|topics:|"
    r"©|\(c\)|copyright |all rights reserved)",
    re.I,
)
#: A line opening with one of these labels and made mostly of links promotes other pages.
PROMO_WORDS = (
    r"(?:related(?: stories| articles| coverage| content| posts)?|more|read more|read also|"
    r"also read|see also|see more|don.?t miss|must read|read next|recommended|"
    r"you may also like|further reading|more from [^:]{1,40}|more on [^:]{1,40}|watch|listen)"
)
PROMO_LINE_START = re.compile(PROMO_WORDS + r"\s*[:|\u2014\u2013-]", re.I)
#: A promotion label standing alone on its line ("DON'T MISS"); the link lines after it go.
PROMO_LINE_LABEL = re.compile(PROMO_WORDS + r"\W*$", re.I)

# --- inside the main node (strip.clean) ---

ZOOM_WORDS = re.compile(r"modal|lightbox|popup|zoom|enlarge|fancybox")
PROMO_HEADING = re.compile(
    r"(?:more\b|related|read (?:more|next|also)|also read|see more|recommended|you may also|"
    r"you might also|most (?:popular|read|viewed)|trending|popular|top stories|latest|"
    r"further reading|more (?:from|on|stories|news))",
    re.I,
)
