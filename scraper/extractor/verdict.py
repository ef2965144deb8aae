"""Page verdict: what the page is (``page_type``) and whether a wall stands in for it.

Walls are judged first, from the strip stage's signals (what the untouched page showed:
challenge titles and widgets, consent and paywall boxes, password fields, "enable JavaScript"
notices) weighed against how much article text was found: a wall is a page whose article is
missing or cut to a teaser, never a full article that happens to carry a subscribe box.

    bot_challenge   a challenge title/widget/script and little text
    js_required     no text, and a JavaScript notice or an empty app shell
    paywall         JSON-LD isAccessibleForFree=false or "subscribe to continue", and a teaser;
                    or a paywall box holding more text than the article
    consent_wall    a consent overlay holding more text than the article (and no paragraph of
                    the page's own beside it), consent phrases
                    in the short main text, or on a page without text
    login_wall      "log in to continue" and little text, or a password field and no text

Page kind: a page with text gets the type the learned classifier gives it
(``scraper.extractor.pagetype``: article, forum, product, collection, listing, documentation,
service); a page with almost no text is "other". A walled page is an article when its
JSON-LD or og:type says so (the article is behind the wall), else "other".
"""

from __future__ import annotations

from typing import NamedTuple

from scraper.extractor.pagetype import classify_page, page_features
from scraper.extractor.quality import extraction_quality
from scraper.models import Block, Blocked, BlockType, Metadata, PageType
from scraper.strip.signals import Signals

__all__ = ["Verdict", "judge"]

#: A page with less text than this has nothing to read: "other" (a contact form, an empty
#: gallery), whatever its URL says.
MIN_CLASSIFIED_CHARS = 100
#: Below this much text the page shows no article of its own (a wall's own text, a notice).
WALL_MAX_CHARS = 1000
#: A paywalled page shows a teaser (one to three paragraphs); a full article is longer.
TEASER_MAX_CHARS = 1500
#: ...in at most this many paragraphs.
TEASER_MAX_PARAGRAPHS = 3
#: Consent phrases ("we use cookies", "accept all") this many times on a page with no text of
#: its own: the consent form is the page.
MIN_WALL_PHRASES = 2
#: A paragraph this long left beside a consent box is the page's own content: a short page
#: (a thread of two posts, a service blurb) is not walled because its cookie panel is longer
#: (wcxb-dev tune: three such false walls of 18 gone, F1 unchanged; the walls that stand in
#: for the content leave 150 characters or less).
CONTENT_PARAGRAPH = 300
#: An app shell: body text shorter than this once scripts are gone.
SHELL_MAX_CHARS = 200
#: An app shell loads itself with at least this many scripts.
SHELL_MIN_SCRIPTS = 3

_ARTICLE_HINTS = ("article", "posting", "report", "review", "story", "recipe", "howto",
                  "scholarly", "techarticle", "liveblog", "opinion", "analysis")


def _text_chars(blocks: list[Block]) -> int:
    return sum(len(block.plain_text()) for block in blocks)


def _wall(signals: Signals, blocks: list[Block], chars: int) -> Blocked | None:
    paragraphs = sum(1 for block in blocks if block.type is BlockType.PARAGRAPH)
    teaser = chars < WALL_MAX_CHARS or (chars < TEASER_MAX_CHARS
                                        and paragraphs <= TEASER_MAX_PARAGRAPHS)
    challenge = signals.challenge_title or signals.challenge_markup \
        or signals.challenge_scripts
    if challenge and chars < WALL_MAX_CHARS and (signals.challenge_title
                                                 or signals.body_chars < WALL_MAX_CHARS):
        return Blocked.BOT_CHALLENGE
    body_chars = signals.body_chars
    if chars < SHELL_MAX_CHARS and body_chars < WALL_MAX_CHARS and (
            ((signals.noscript_js or signals.js_phrase)
             and signals.consent_phrases < MIN_WALL_PHRASES)
            or (body_chars < SHELL_MAX_CHARS and signals.scripts >= SHELL_MIN_SCRIPTS)):
        return Blocked.JS_REQUIRED
    if signals.login_phrases and not signals.paywall_phrases and teaser:
        return Blocked.LOGIN_WALL
    if (signals.not_free or signals.paywall_phrases) and teaser:
        return Blocked.PAYWALL
    if chars < WALL_MAX_CHARS and (
            (signals.consent_prose > chars and signals.longest_carrier < CONTENT_PARAGRAPH)
            or signals.main_consent_phrases >= MIN_WALL_PHRASES
            or (signals.consent_phrases >= MIN_WALL_PHRASES and chars < SHELL_MAX_CHARS)):
        return Blocked.CONSENT_WALL
    if chars < WALL_MAX_CHARS and signals.paywall_prose > chars:
        return Blocked.PAYWALL
    if signals.password_inputs and chars < SHELL_MAX_CHARS:
        return Blocked.LOGIN_WALL
    return None


def _says_article(metadata: Metadata) -> bool:
    """Whether the page's JSON-LD or og:type calls it an article (of any kind)."""
    hint = (metadata.page_type_hint or "").lower()
    return bool(hint) and any(word in hint for word in _ARTICLE_HINTS)


class Verdict(NamedTuple):
    """What the verdict stage says of a page."""

    page_type: PageType
    blocked: Blocked | None
    #: 0-1: how likely the extracted text is the page's main content, all of it and only it.
    quality: float


def judge(metadata: Metadata, blocks: list[Block], signals: Signals,
          url: str | None = None) -> Verdict:
    """The verdict on a page from its metadata, blocks and strip signals.

    A page with text gets the learned classifier's type (``scraper.extractor.pagetype``); a
    walled page keeps its hint's word (an article behind a paywall is an article), and a
    page with nothing to read is "other". The quality estimate comes from the same features
    (``scraper.extractor.quality``); an empty text is 0."""
    chars = _text_chars(blocks)
    # The page's own canonical URL says what it is better than where it was served from (a
    # mirror, an archive, a test server).
    features = page_features(metadata.canonical_url or url, metadata, blocks, signals)
    quality = extraction_quality(features) if chars else 0.0
    blocked = _wall(signals, blocks, chars)
    if blocked is not None:
        return Verdict(PageType.ARTICLE if _says_article(metadata) else PageType.OTHER,
                       blocked, quality)
    if chars < MIN_CLASSIFIED_CHARS:
        return Verdict(PageType.OTHER, None, quality)
    return Verdict(classify_page(features), None, quality)
