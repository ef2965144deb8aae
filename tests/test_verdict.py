"""Page verdict on whole (small) pages run through the real pipeline, and on bare signals."""

from __future__ import annotations

import pytest

from scraper.extractor.verdict import judge
from scraper.models import Block, Blocked, BlockType, Metadata, PageType, RawPage
from scraper.pipeline import extract_page
from scraper.strip.signals import Signals

STORY = "".join(
    f"<p>Paragraph {i} of the story, in which the council, the engineers and the residents "
    f"of Eastbank argue, at some length and with evidence, about the bridge.</p>"
    for i in range(8))


def _verdict(html: str) -> tuple[PageType, Blocked | None]:
    article = extract_page(RawPage(body=html.encode(), url="https://example.org/a"))
    return article.page_type, article.blocked


def test_article_is_an_article() -> None:
    # Dated, as a story is: a page of eight alike paragraphs with no date, no title and no
    # page around it is as much a listing's text to the classifier.
    dateline = '<time datetime="2025-03-14">14 March 2025</time>'
    assert _verdict(f"<html><body><article><h1>Bridge</h1>{dateline}{STORY}</article></body>"
                    "</html>") == (PageType.ARTICLE, None)


def test_consent_wall() -> None:
    html = """<html><head><title>Before you continue</title></head><body>
    <div class="consent-overlay"><h2>We value your privacy</h2>
    <p>We and our partners use cookies and similar technologies to store and access personal
    data on your device, to measure audiences and to show personalised advertising.</p>
    <p>By clicking Accept all you consent to the use of cookies for these purposes; you can
    manage your preferences or reject all at any time in the privacy centre.</p>
    <button>Accept all</button><button>Reject all</button></div></body></html>"""
    assert _verdict(html)[1] is Blocked.CONSENT_WALL


def test_cookie_banner_on_a_short_page_is_not_a_wall() -> None:
    html = """<html><body><main><p>The library opens at nine on weekdays and at ten on
    Saturdays; it is closed on Sundays and public holidays, including the week of the fair.</p>
    <p>Members may borrow up to twelve items for three weeks, and renew them twice online.</p>
    </main><div class="cookie-notice"><p>We use cookies to improve the site.</p></div>
    </body></html>"""
    assert _verdict(html)[1] is None


def test_a_short_page_beside_a_long_cookie_panel_is_not_a_wall() -> None:
    post = ("<p>So I wanted to know what real-world range people are getting: I did 24 miles on "
            "Friday, 10 on Sunday and another 15 on Tuesday without charging, and still had 18% "
            "left when I got back to the car, though the soft cut-off kicked in for the first "
            "time on the last hill. This is all from a 12s8p pack of 30Q cells, and I weigh a "
            "good deal more than most riders here.</p>")
    purposes = "".join(f"<h4>Purpose {i}</h4><p>We and our partners store and access cookies "
                       f"and similar technologies on your device for purpose {i}, with your "
                       f"consent or on the basis of legitimate interest.</p>" for i in range(8))
    html = f"""<html><body><main><h1>What's your range?</h1>{post}</main>
    <div id="onetrust-consent-sdk" class="cookie-consent">{purposes}
    <button>Accept all cookies</button></div></body></html>"""
    assert _verdict(html)[1] is None
    # Without the post the panel is all there is: the wall stands in for the content.
    assert _verdict(html.replace(post, "<p>Loading the thread.</p>"))[1] is Blocked.CONSENT_WALL


def test_paywall_teaser() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
    "isAccessibleForFree": false, "headline": "Bridge"}</script></head><body><article>
    <p>The council voted on Tuesday to rebuild the Harbor Street bridge, ending two years of
    debate about the 1931 span and its future.</p>
    <div class="paywall-prompt"><p>Subscribe to continue reading. Already a subscriber?
    Log in.</p></div></article></body></html>"""
    assert _verdict(html) == (PageType.ARTICLE, Blocked.PAYWALL)


def test_full_article_with_paywall_markers_is_not_blocked() -> None:
    html = f"""<html><head><script type="application/ld+json">{{"@type": "NewsArticle",
    "isAccessibleForFree": false}}</script></head><body><article>{STORY}</article>
    <div class="paywall-offer"><p>Subscribe for full access to every story.</p></div>
    </body></html>"""
    assert _verdict(html) == (PageType.ARTICLE, None)


def test_login_wall() -> None:
    html = """<html><body><div class="login"><h2>Members area</h2><p>Please log in to
    continue reading this page.</p><form><input type="text" name="user">
    <input type="password" name="pass"></form></div></body></html>"""
    assert _verdict(html)[1] is Blocked.LOGIN_WALL


def test_bot_challenge() -> None:
    html = """<html><head><title>Just a moment...</title></head><body>
    <div id="challenge-running">Checking your browser before accessing example.org.</div>
    <form id="challenge-form" action="/?__cf_chl_jschl_tk__=x"></form>
    <script src="/cdn-cgi/challenge-platform/h/g/orchestrate/jsch/v1"></script></body></html>"""
    assert _verdict(html)[1] is Blocked.BOT_CHALLENGE


def test_javascript_shell() -> None:
    html = """<html><head><script src="/a.js"></script><script src="/b.js"></script>
    <script src="/c.js"></script></head><body><noscript>You need to enable JavaScript to run
    this app.</noscript><div id="root"></div></body></html>"""
    assert _verdict(html)[1] is Blocked.JS_REQUIRED


def test_listing_page() -> None:
    teasers = "".join(
        f'<div class="teaser"><h3><a href="/news/{i}">Headline number {i} about the town</a>'
        f'</h3><p>A one-line summary of story {i}.</p></div>' for i in range(12))
    html = f"""<html><head><meta property="og:type" content="website"></head><body>
    <main>{teasers}</main></body></html>"""
    assert _verdict(html) == (PageType.LISTING, None)


def test_empty_page_is_other() -> None:
    assert _verdict("<html><body><p>Contact us</p></body></html>") == (PageType.OTHER, None)


@pytest.mark.parametrize("hint", ["newsarticle", "collectionpage", None])
def test_a_page_with_almost_no_text_is_other_whatever_its_hint(hint: str | None) -> None:
    blocks = [Block(BlockType.PARAGRAPH, text="Short text.")]
    assert judge(Metadata(page_type_hint=hint), blocks, Signals())[:2] == (PageType.OTHER, None)
