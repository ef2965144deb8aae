"""Page verdict: what the page is (``page_type``) and whether a wall stands in for it.

Walls are judged first, from the strip stage's signals (what the untouched page showed:
challenge titles and widgets, consent and paywall boxes, password fields, "enable JavaScript"
notices) weighed against how much article text was found: a wall is a page whose article is
missing or cut to a teaser, never a full article that happens to carry a subscribe box.

    bot_challenge   a challenge title/widget/script and little text
    js_required     no text, and a JavaScript notice or an empty app shell
    paywall         JSON-LD isAccessibleForFree=false or "subscribe to continue", and a teaser;
                    or a paywall box holding more text than the article
    consent_wall    a consent overlay holding more text than the article, consent phrases
                    in the short main text, or on a page without text
    login_wall      "log in to continue" and little text, or a password field and no text

Page kind: an article has running text; a listing (home page, section front, search
results) is many short teasers with headline links and no long paragraph; anything else
(contact pages, galleries, empty pages) is "other". JSON-LD / og:type hints break ties.
"""

from __future__ import annotations

from scraper.models import Block, Blocked, BlockType, Metadata, PageType

__all__ = ["judge"]

#: Below this much text the page shows no article of its own (a wall's own text, a notice).
WALL_MAX_CHARS = 1000
#: A paywalled page shows a teaser (one to three paragraphs); a full article is longer.
TEASER_MAX_CHARS = 1500
#: ...in at most this many paragraphs.
TEASER_MAX_PARAGRAPHS = 3
#: Consent phrases ("we use cookies", "accept all") this many times on a page with no text of
#: its own: the consent form is the page.
MIN_WALL_PHRASES = 2
#: An app shell: body text shorter than this once scripts are gone.
SHELL_MAX_CHARS = 200
#: An app shell loads itself with at least this many scripts.
SHELL_MIN_SCRIPTS = 3
#: A real article has at least one paragraph this long.
ARTICLE_PARAGRAPH_CHARS = 150
#: ...and at least this much text in all.
ARTICLE_MIN_CHARS = 400
#: A listing shows at least this many linked headlines (teasers)...
LISTING_MIN_TEASERS = 5
#: ...and no paragraph longer than this (a teaser's summary is a sentence or two).
LISTING_MAX_PARAGRAPH = 400
#: Percentage of the main container's text that sits in links on a listing.
LISTING_LINK_PCT = 30

_ARTICLE_HINTS = ("article", "posting", "report", "review", "story", "recipe", "howto",
                  "scholarly", "techarticle", "liveblog", "opinion", "analysis")
_LISTING_HINTS = ("collectionpage", "itemlist", "searchresultspage", "blog", "website",
                  "profilepage", "section")


def _text_chars(blocks: list[Block]) -> int:
    return sum(len(block.plain_text()) for block in blocks)


def _wall(signals: dict[str, int], blocks: list[Block], chars: int) -> Blocked | None:
    get = signals.get
    paragraphs = sum(1 for block in blocks if block.type is BlockType.PARAGRAPH)
    teaser = chars < WALL_MAX_CHARS or (chars < TEASER_MAX_CHARS
                                        and paragraphs <= TEASER_MAX_PARAGRAPHS)
    challenge = get("challenge_title", 0) or get("challenge_markup", 0) \
        or get("challenge_scripts", 0)
    if challenge and chars < WALL_MAX_CHARS and (get("challenge_title", 0)
                                                 or get("body_chars", 0) < WALL_MAX_CHARS):
        return Blocked.BOT_CHALLENGE
    body_chars = get("body_chars", 0)
    if chars < SHELL_MAX_CHARS and body_chars < WALL_MAX_CHARS and (
            ((get("noscript_js", 0) or get("js_phrase", 0))
             and get("consent_phrases", 0) < MIN_WALL_PHRASES)
            or (body_chars < SHELL_MAX_CHARS and get("scripts", 0) >= SHELL_MIN_SCRIPTS)):
        return Blocked.JS_REQUIRED
    if get("login_phrases", 0) and not get("paywall_phrases", 0) and teaser:
        return Blocked.LOGIN_WALL
    if (get("not_free", 0) or get("paywall_phrases", 0)) and teaser:
        return Blocked.PAYWALL
    if chars < WALL_MAX_CHARS and (
            get("consent_prose", 0) > chars
            or get("main_consent_phrases", 0) >= MIN_WALL_PHRASES
            or (get("consent_phrases", 0) >= MIN_WALL_PHRASES and chars < SHELL_MAX_CHARS)):
        return Blocked.CONSENT_WALL
    if chars < WALL_MAX_CHARS and get("paywall_prose", 0) > chars:
        return Blocked.PAYWALL
    if get("password_inputs", 0) and chars < SHELL_MAX_CHARS:
        return Blocked.LOGIN_WALL
    return None


def _hint(metadata: Metadata) -> PageType | None:
    hint = (metadata.page_type_hint or "").lower()
    if not hint:
        return None
    if any(word in hint for word in _ARTICLE_HINTS):
        return PageType.ARTICLE
    if any(word in hint for word in _LISTING_HINTS):
        return PageType.LISTING
    return None


def _kind(metadata: Metadata, blocks: list[Block], signals: dict[str, int],
          chars: int) -> PageType:
    hint = _hint(metadata)
    longest = max([len(block.text) for block in blocks
                   if block.type in (BlockType.PARAGRAPH, BlockType.QUOTE)]
                  + [signals.get("longest_carrier", 0)], default=0)
    looks_listing = signals.get("main_teasers", 0) >= LISTING_MIN_TEASERS \
        and longest < LISTING_MAX_PARAGRAPH \
        and signals.get("main_link_pct", 0) >= LISTING_LINK_PCT
    if looks_listing and hint is not PageType.ARTICLE:
        return PageType.LISTING
    if longest >= ARTICLE_PARAGRAPH_CHARS and chars >= ARTICLE_MIN_CHARS:
        return PageType.ARTICLE
    if hint is not None:
        return hint
    if looks_listing:
        return PageType.LISTING
    return PageType.ARTICLE if chars >= ARTICLE_MIN_CHARS else PageType.OTHER


def judge(metadata: Metadata, blocks: list[Block],
          signals: dict[str, int]) -> tuple[PageType, Blocked | None]:
    """``(page_type, blocked)`` of a page from its metadata, blocks and strip signals."""
    chars = _text_chars(blocks)
    blocked = _wall(signals, blocks, chars)
    if blocked is not None:
        return (PageType.ARTICLE if _hint(metadata) is PageType.ARTICLE else PageType.OTHER,
                blocked)
    return _kind(metadata, blocks, signals, chars), None
