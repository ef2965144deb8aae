"""Strip stage: boilerplate removal and main-node selection on small, realistic pages."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.settings import ExtractSettings
from scraper.strip import Stripped, strip
from scraper.strip.junk import Junk, classify

PARAGRAPHS = [
    "The council voted on Tuesday to rebuild the Harbor Street bridge, ending two years of "
    "debate about whether the 1931 span could be repaired, patched or simply closed.",
    "Engineers told the meeting that the deck, the railings and two of the four piers would "
    "have to be replaced, and that repairs alone would cost almost as much as a new bridge.",
    "Residents of Eastbank, who have driven a six-mile detour since the weight limit was "
    "lowered, applauded when the vote was read out, although some asked about the timeline.",
    "Construction is expected to start next spring and to last eighteen months, during which "
    "a temporary footbridge will keep the walking route to the market open for shoppers.",
]


def _article(paragraphs: list[str] = PARAGRAPHS) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _strip(html: str, **settings: bool) -> Stripped:
    return strip(LexborHTMLParser(html), ExtractSettings(**settings))


def _main_text(stripped: Stripped) -> str:
    assert stripped.main is not None
    return " ".join(stripped.main.text().split())


WORDPRESS = f"""<html><head><title>Council approves bridge rebuild - Riverside Ledger</title>
<script>var x = "script text";</script><style>p {{color: red}}</style></head>
<body class="post-template-default single has-sidebar">
<header class="site-header"><nav class="main-navigation"><ul><li><a href="/">Home</a></li>
<li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div id="page" class="site"><div class="content-area">
<main id="main" class="site-main"><article class="post hentry">
<h1 class="entry-title">Council approves bridge rebuild</h1>
<div class="entry-meta">By Dana Whitfield | March 14, 2025</div>
<div class="entry-content">{_article()}
<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li><a href="#">Facebook</a>
</li><li><a href="#">Twitter</a></li></ul></div></div>
<div class="related-posts"><h3>Related</h3><p>Another story about the ferry fares that will
rise by six percent in July, the operator announced at its annual meeting.</p></div>
</article>
<div id="comments" class="comments-area"><ol class="comment-list">
<li class="comment"><p>I drive that detour every day, finally some good news for all of us
who live on the east bank, thank you council for listening.</p></li>
<li class="comment"><p>Eighteen months is optimistic, if you ask me, they said the same
thing about the library roof, and that took three years to finish.</p></li></ol></div>
</main>
<aside id="secondary" class="widget-area"><section class="widget widget_text"><h2>About us
</h2><p>The Riverside Ledger has covered the valley since 1887, with news, sport, weather and
the notices that matter to the people who live here.</p></section></aside>
</div></div>
<div class="cookie-banner">We use cookies to improve your experience. <a href="/privacy">Privacy
policy</a></div>
<footer class="site-footer"><p>Copyright 2025 Riverside Ledger, all rights reserved, no part
of this site may be reproduced without permission.</p></footer>
</body></html>"""


def test_wordpress_article_keeps_prose_and_drops_furniture() -> None:
    text = _main_text(_strip(WORDPRESS))
    for paragraph in PARAGRAPHS:
        assert " ".join(paragraph.split()) in text
    for junk in ("Home", "Share this", "ferry fares", "detour every day", "covered the valley",
                 "We use cookies", "Copyright", "script text", "color: red"):
        assert junk not in text


def test_title_heading_is_dropped() -> None:
    assert "Council approves bridge rebuild" not in _main_text(_strip(WORDPRESS))


def test_comments_come_back_separately_when_asked() -> None:
    stripped = _strip(WORDPRESS, comments=True)
    assert stripped.comments is not None
    assert "detour every day" in stripped.comments.text()
    assert "detour every day" not in _main_text(stripped)
    assert _strip(WORDPRESS).comments is None


def test_consent_banner_is_a_signal() -> None:
    signals = _strip(WORDPRESS).signals
    assert signals.consent_nodes == 1
    assert signals.main_chars > 500


def test_hidden_elements_are_removed() -> None:
    html = f"""<body><div class="story">{_article()}
    <p hidden>Hidden by attribute, a paragraph nobody sees on the page at all, ever.</p>
    <p aria-hidden="true">Hidden from screen readers and also from sight on this page.</p>
    <p style="display: none">Hidden by inline style, waiting for a script to reveal it.</p>
    <p style="visibility:hidden">Invisible by visibility, a placeholder for a later widget.</p>
    <p class="sr-only">Skip to the main content of the page, for screen reader users.</p>
    </div></body>"""
    text = _main_text(_strip(html))
    assert PARAGRAPHS[0] in text
    for word in ("attribute", "screen readers", "inline style", "visibility", "Skip to"):
        assert word not in text


def test_hidden_container_goes_whatever_it_holds() -> None:
    html = f"""<body><article>{_article()}</article>
    <div class="carousel" aria-hidden="true">{_article([p.replace("bridge", "ferry")
                                                         for p in PARAGRAPHS * 2])}</div>"""
    text = _main_text(_strip(html))
    assert PARAGRAPHS[2] in text
    assert "ferry" not in text


def test_sidebar_word_on_the_article_wrapper_does_not_remove_it() -> None:
    html = f"""<body><div class="layout with-sidebar">{_article()}</div>
    <div class="sidebar"><p>Popular this week: the ferry, the library roof, the new bakery on
    the corner of Main Street and Fifth Avenue.</p></div></body>"""
    text = _main_text(_strip(html))
    assert PARAGRAPHS[3] in text
    assert "ferry" not in text


def test_page_builder_widget_holding_the_article_is_kept() -> None:
    comments = "".join(
        f'<li class="comment"><p>Comment number {i}, which says at some length, and with '
        f'commas, that the article was interesting, useful and well written.</p></li>'
        for i in range(12))
    html = f"""<body><div class="elementor-widget-container">{_article()}</div>
    <ol class="comment-list">{comments}</ol></body>"""
    text = _main_text(_strip(html))
    assert PARAGRAPHS[0] in text
    assert "Comment number" not in text


def test_paragraphs_in_one_wrapper_each_are_all_kept() -> None:
    cards = "".join(f'<div class="card"><div class="card-body"><p>{p}</p></div></div>'
                    for p in PARAGRAPHS)
    html = f"""<body><div class="byline">By Staff</div><div id="article-body">{cards}</div>
    <footer><p>Copyright notice of the site, with the usual words about rights and permission.
    </p></footer></body>"""
    text = _main_text(_strip(html))
    for paragraph in PARAGRAPHS:
        assert paragraph in text


def test_next_story_of_an_endless_page_is_not_merged() -> None:
    other = [p.replace("bridge", "library") for p in PARAGRAPHS * 2]
    html = f"""<body><div class="stream"><article class="story">{_article(PARAGRAPHS * 2)}
    </article><article class="story">{_article(other)}</article></div></body>"""
    text = _main_text(_strip(html))
    assert PARAGRAPHS[0] in text
    assert "library" not in text


def test_layout_table_page_finds_the_story_cell() -> None:
    html = f"""<body><table><tr><td class="nav"><a href="/">Home</a><br><a href="/n">News</a>
    </td><td>{_article()}</td><td><a href="/ad">Advertise with us</a></td></tr></table></body>"""
    text = _main_text(_strip(html))
    assert PARAGRAPHS[1] in text
    assert "Advertise" not in text


def test_promoted_link_list_inside_article_is_cleaned() -> None:
    links = "".join(f'<li><a href="/s/{i}">Another headline number {i}</a></li>'
                    for i in range(8))
    html = f"<body><article>{_article()}<h4>More from the Ledger</h4><ul>{links}</ul>" \
        "</article></body>"
    text = _main_text(_strip(html))
    assert PARAGRAPHS[0] in text
    assert "Another headline" not in text


def test_link_list_that_is_content_stays() -> None:
    bugs = "".join(f'<li><a href="/bug/{i}">Bug {i} fixed in the scheduler</a></li>'
                   for i in range(8))
    html = f"<body><article>{_article()}<p>Fixed this week:</p><ul>{bugs}</ul></article></body>"
    assert "Bug 3 fixed" in _main_text(_strip(html))


def test_page_without_prose_falls_back_to_body() -> None:
    stripped = _strip("<html><body>Test</body></html>")
    assert _main_text(stripped) == "Test"


def test_empty_and_deep_documents_do_not_crash() -> None:
    assert _strip("<html></html>").main is not None
    deep = "<div>" * 3000 + "deep" + "</div>" * 3000
    assert "deep" in _main_text(_strip(deep))


def test_classify_by_markup() -> None:
    tree = LexborHTMLParser(
        '<div id="a" class="post-comments"></div><div id="b" class="commentary"></div>'
        '<div id="c" class="social-share"></div><div id="d" class="article-body share"></div>'
        '<div id="e" class="cookie-consent"></div><div id="f" role="navigation"></div>'
        '<aside id="g"></aside><div id="h" class="relatedPosts"></div>'
        '<div id="sharing-with-a-single-developer" class="section"></div>')
    kinds = {node.attributes["id"][:1]: classify(node) for node in tree.css("[id]")}
    assert kinds == {"a": Junk.COMMENTS, "b": None, "c": Junk.FURNITURE, "d": None,
                     "e": Junk.CONSENT, "f": Junk.FURNITURE, "g": Junk.FURNITURE,
                     "h": Junk.FURNITURE, "s": None}


def test_gallery_goes_even_when_it_holds_more_text_than_the_story() -> None:
    captions = "".join(f"<li><p>Caption {i}: a photograph of another story, described at length "
                       f"with names, places, dates and the agency that took it.</p></li>"
                       for i in range(20))
    html = f"""<body><div class="main-column"><div class="article-text">{_article()}</div>
    <ul class="legends gallery">{captions}</ul></div></body>"""
    text = _main_text(_strip(html))
    assert PARAGRAPHS[0] in text
    assert "Caption 3" not in text


def test_a_gallery_marked_block_holding_the_headline_is_the_content() -> None:
    description = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    shipping = ("<p>Orders placed before noon ship the same day from our warehouse; orders "
                "placed later leave the next working day, and tracking follows by email.</p>" * 4)
    html = f"""<body><main id="MainContent"><section class="shopify-section">
    <div class="product product--small product--thumbnail_slider grid grid--2-col-tablet">
    <div class="product__media-wrapper"><img src="/files/pack-1.jpg" alt=""></div>
    <div class="product__info-wrapper"><h1 class="product__title">Trail pack 40L</h1>
    <div class="product__description rte">{description}</div></div></div></section>
    <section class="shopify-section"><div class="quick-order-list">{shipping}
    <table><tr><td>Variant</td><td>Price</td></tr></table></div></section></main></body>"""
    text = _main_text(_strip(html))
    assert PARAGRAPHS[2] in text


def test_a_category_page_made_of_carousels_keeps_them() -> None:
    def carousel(n: int) -> str:
        cards = "".join(
            f'<li class="flex-none"><a href="/ip/{n}{k}"><img src="/i/{n}{k}.jpg" alt="">'
            f'</a><div class="f6"><span>Multicooker model {n}{k}</span><p>Pressure cooks, slow '
            f'cooks and steams in one pot, {k + 3} quarts.</p></div></li>' for k in range(3))
        return (f'<section class="mv3"><h2>Shelf {n}</h2><ul class="list ma0 pl0 '
                f'overflow-x-scroll carousel-peek-1 carousel-{n}-m">{cards}</ul></section>')
    html = (f'<body><header><nav><a href="/">Home</a><a href="/cart">Cart</a></nav></header>'
            f'<main>{"".join(carousel(n) for n in range(1, 4))}</main>'
            f'<footer><p>Copyright 2026, a large retailer of many things.</p></footer></body>')
    text = _main_text(_strip(html))
    assert "Multicooker model 12" in text and "Multicooker model 31" in text


def test_without_nested_keeps_the_outermost_of_each_branch() -> None:
    from scraper.strip.junk import without_nested

    tree = LexborHTMLParser(
        "<div id=a><aside id=b><aside id=c></aside></aside><div><aside id=d></aside></div></div>"
        "<aside id=e><div><div><aside id=f></aside></div></div></aside><aside id=g></aside>")
    nodes = [tree.css_first(f"#{name}") for name in "gfedcb"]
    assert sorted(node.id for node in without_nested(nodes)) == ["b", "d", "e", "g"]


def test_nearest_marked_answers_from_what_it_climbed_before() -> None:
    from scraper.strip.prose import measure_prose

    tree = LexborHTMLParser("<body><div id=a><div id=b><p id=c>Text.</p></div>"
                            "<section id=d><p id=e>More.</p></section></div><p id=f>F.</p></body>")
    measured = measure_prose(tree.body)
    ident = {name: tree.css_first(f"#{name}").mem_id for name in "abcdef"}
    memo: dict[int, int | None] = {}
    marks = {ident["b"], ident["a"]}
    assert [measured.nearest_marked(ident[n], marks, memo) for n in "cbeadf"] == [
        ident["b"], ident["b"], ident["a"], ident["a"], ident["a"], None]
    assert memo[ident["c"]] == ident["b"] and memo[ident["d"]] == ident["a"]
    assert memo[ident["f"]] is None
    measured.remove(ident["d"])
    assert measured.is_removed(ident["e"]) and not measured.is_removed(ident["c"])
    measured.remove(ident["b"])
    assert measured.is_removed(ident["c"])  # the memo is dropped with each removal


def test_alternatives_under_counts_as_climbing_each_one_would() -> None:
    import random

    from scraper.strip.prose import measure_prose
    from scraper.strip.scoring import _alternatives_under

    rng = random.Random(7)
    html, depth = ["<body>"], 0
    for _ in range(400):  # a random tree of divs, up to 40 deep
        if depth and (depth >= 40 or rng.random() < 0.45):
            html.append("</div>")
            depth -= 1
        else:
            html.append("<div><p>x</p>")
            depth += 1
    measured = measure_prose(LexborHTMLParser("".join(html)).body)
    blocks = list(measured.parent)
    for _ in range(50):
        best = rng.choice(blocks)
        alternatives = rng.sample(blocks, 12)
        chain = measured.ancestors(best)
        climbed = [set(measured.ancestors(ident)) for ident in alternatives]
        assert _alternatives_under(chain, alternatives, measured) == [
            sum(ident in ancestors for ancestors in climbed) for ident in chain]


def test_remove_all_leaves_the_totals_removing_one_by_one_would() -> None:
    from scraper.strip.prose import measure_prose

    html = ("<body><div id=a><p>One, two.</p><div id=b><p>Three, four, five.</p>"
            "<aside id=c><a href=/x>Link text</a> and prose here.</aside></div>"
            "<section id=d><p>Six.</p><div id=e><p>Seven, eight.</p></div></section></div>"
            "<footer id=f><p>Footer words, here.</p></footer></body>")
    one, batch = (measure_prose(LexborHTMLParser(html).body) for _ in range(2))
    ids = [{i: m.nodes[i].attributes.get("id") for i in m.nodes} for m in (one, batch)]
    pick = [[i for i, name in names.items() if name in ("c", "e", "f")] for names in ids]
    for ident in pick[0]:
        one.remove(ident)
    batch.remove_all(pick[1])
    totals = [[(m.chars[i], m.links[i], m.prose[i], m.commas[i]) for i in m.nodes]
              for m in (one, batch)]  # both in document order
    assert totals[0] == totals[1]
    assert len(pick[1]) == 3 and all(batch.is_removed(ident) for ident in pick[1])
    assert batch.chars[batch.root_id] == len("One, two.Three, four, five.Six.")


def _river_article(n: int) -> str:
    slug = f"/articles/25/10/{n:02d}/headphones-story-{n}"
    return (f'<article class="river-article" aria-label="Story {n}"><a href="{slug}" '
            f'aria-hidden="true" tabindex="-1"><img src="/gallery/{n}.jpg" class="thumbnail" '
            f'alt=""></a><header><h2><a href="{slug}">Over-ear headphones, round {n}: what '
            f'changed in this year\'s models</a></h2><p class="river-desc hide-mobile"><a '
            f'href="{slug}" aria-hidden="true" tabindex="-1">A look at battery life, fit and '
            f'noise cancelling across the models that arrived this autumn, number {n}.</a>'
            f'</p><div class="river-aux"><a '
            f'href="/editor/dana" class="river-author">Dana Whitfield</a> <time '
            f'datetime="2025-10-{n:02d}">{n} days ago</time></div></header></article>')


def test_topic_page_keeps_the_headers_of_its_article_stream() -> None:
    """A topic page: a stream of <article> teasers whose every word is inside a <header>,
    in a link-dense layout that cleaning would otherwise remove with the stream."""
    stream = "".join(_river_article(n) for n in range(1, 13))
    html = (f'<html><body><header class="site"><nav><ul><li><a href="/">Home</a></li><li>'
            f'<a href="/topics">Topics</a></li></ul></nav></header><main><div '
            f'class="site-container"><div class="flex-container"><h1>headphones</h1><section '
            f'id="news-river" class="block-flow col-main">{stream}</section></div></div>'
            f'</main><footer id="site-footer"><ul><li><a href="/about">About us</a></li><li><a '
            f'href="/privacy">Privacy policy</a></li><li><a href="/contact">Contact the '
            f'newsroom</a></li></ul><p>Copyright 2025 Example Media. All rights reserved.</p>'
            f'</footer></body></html>')
    text = _main_text(_strip(html))
    for n in (1, 7, 12):
        assert f"Over-ear headphones, round {n}:" in text
        assert f"arrived this autumn, number {n}." in text
    assert text.index("round 1:") < text.index("round 7:") < text.index("round 12:")


def test_one_articles_own_header_is_still_furniture() -> None:
    html = (f'<html><body><article><header><h1>Council approves bridge rebuild</h1><p>By Dana '
            f'Whitfield, 3 June 2025</p></header>{_article()}</article></body></html>')
    tree = LexborHTMLParser(html)
    header = tree.css_first("article > header")
    assert classify(header) is Junk.FURNITURE
    streamed = LexborHTMLParser("<section>" + "".join(_river_article(n) for n in range(3))
                                + "</section>").css_first("article > header")
    assert classify(streamed) is None


def test_a_landing_pages_section_headers_are_content_but_the_site_header_is_not() -> None:
    features = [("Lightning fast screen recording", "Record your screen and camera on any "
                 "device, with the browser extension or the desktop app."),
                ("Edit your videos like a pro", "Trim, stitch clips, add backgrounds and "
                 "remove filler words without leaving the recorder."),
                ("Share or embed video anywhere you work", "Videos play inline in the tools "
                 "your team already uses, from chat to documents.")]
    sections = "".join(
        f'<div class="flex flex-col gap-fluid-md"><header class="w-full mx-auto text-left">'
        f'<h2 class="text-heading-lg">{title}</h2><p class="text-grey-7">{line}</p></header>'
        f'<div class="relative aspect-video"><img src="/f{n}.webp" alt=""></div></div>'
        for n, (title, line) in enumerate(features))
    html = (f'<html><body><header class="sticky top-0 z-50"><a href="/">Loomish</a><nav><ul>'
            f'<li><a href="/pricing">Pricing</a></li><li><a href="/login">Log in</a></li></ul>'
            f'</nav></header><main id="skip-to-content">{sections}</main></body></html>')
    tree = LexborHTMLParser(html)
    headers = tree.css("header")
    assert classify(headers[0]) is Junk.FURNITURE
    assert [classify(header) for header in headers[1:]] == [None, None, None]
    text = _main_text(_strip(html))
    assert "Edit your videos like a pro" in text and "remove filler words" in text
    assert "Log in" not in text


def test_a_pages_hero_banner_is_its_intro_not_an_ad() -> None:
    tree = LexborHTMLParser('<section class="o-pageHeroBanner o-pageHeroBanner__image"><h1>'
                            'Data and analytics services</h1><p>We help you turn data into '
                            'decisions.</p></section><div class="ad-banner">Ad</div>')
    assert classify(tree.css_first("section")) is None
    assert classify(tree.css_first("div.ad-banner")) is Junk.FURNITURE


def test_category_page_keeps_its_link_list_beside_an_intro() -> None:
    """A category page: an intro paragraph, then columns of links in wrappers that are all
    link text; the list holds many times the intro's prose, so it is the page."""
    names = ["Ada", "ALGOL", "APL", "BASIC", "C", "COBOL", "Dart", "Eiffel", "Erlang",
             "Forth", "Fortran", "Haskell", "Java", "Lisp", "Lua", "ML", "Modula-2", "OCaml",
             "Pascal", "Perl", "PL/I", "Prolog", "Python", "Ruby", "Rust", "Scheme",
             "Simula", "Smalltalk", "Snobol", "Tcl"]
    items = "".join(f'<li><a href="/wiki/{n}_(programming_language)" title="{n}">{n} '
                    f'(programming language)</a></li>' for n in names)
    groups = "".join(f'<div class="mw-category-group"><h3>{n[0]}</h3><ul>{items}</ul></div>'
                     for n in names[:6])
    html = (f'<html><body><div id="mw-navigation"><nav><ul><li><a href="/">Main page</a></li>'
            f'<li><a href="/random">Random article</a></li></ul></nav></div><main id="content">'
            f'<h1>Category:Programming languages</h1><div id="mw-content-text"><p>This '
            f'category lists individual programming languages. For lists of them, and for '
            f'their families, dialects and implementations, see the subcategories below and '
            f'the main article of the category, which gives the history of the field.</p>'
            f'<div id="mw-pages"><h2>Pages in category "Programming languages"</h2><div '
            f'class="mw-content-ltr"><div class="mw-category mw-category-columns">{groups}'
            f'</div></div></div></div></main></body></html>')
    text = _main_text(_strip(html))
    assert "This category lists individual programming languages." in text
    assert "Smalltalk (programming language)" in text and "COBOL (programming language)" in text


def _shop_page(ld_type: str) -> str:
    reviews = "".join(
        f'<li class="review"><div class="review-head"><span class="stars">{n} stars</span> '
        f'<b>Hiker{n}</b></div><p>{text}</p></li>' for n, text in enumerate(PARAGRAPHS, 2))
    return f"""<html><head><title>Trail Pack 40L</title><script type="application/ld+json">
    {{"@context":"https://schema.org","@type":"{ld_type}","name":"Trail Pack 40L"}}</script>
    </head><body><main><div class="product-detail"><h1>Trail Pack 40L</h1><div
    class="product-description"><p>A 40 litre pack for long days on the trail, with a padded
    hip belt, a rain cover in the lid and side pockets that each take a one litre bottle.</p>
    <p>The back panel is a mesh over a sprung frame, so air moves between the pack and your
    back on hot climbs, and the load sits on the hips rather than the shoulders.</p>
    <h3>Details</h3><ul><li>Weight: 1.2 kg</li><li>Volume: 40 L</li><li>Fabric: 210D ripstop
    nylon</li></ul></div></div><section id="reviews" class="product-reviews">
    <h2>Customer reviews</h2><ul>{reviews}</ul></section></main></body></html>"""


def test_customer_reviews_of_a_product_are_comments() -> None:
    stripped = _strip(_shop_page("Product"))
    text = _main_text(stripped)
    assert "padded hip belt" in " ".join(text.split()) and "210D" in text
    assert PARAGRAPHS[2][:40] not in text
    with_comments = _strip(_shop_page("Product"), comments=True)
    assert with_comments.comments is not None
    assert PARAGRAPHS[2][:40] in " ".join(with_comments.comments.text().split())


def test_reviews_are_content_on_a_page_that_sells_nothing() -> None:
    text = _main_text(_strip(_shop_page("NewsArticle")))
    assert PARAGRAPHS[2][:40] in text


_CONSENT_PANEL = """<div id="onetrust-consent-sdk">
<div id="onetrust-pc-sdk" class="otPcCenter ot-hide"><h2>Privacy Preference Center</h2>
<div id="ot-pc-content">
<p>When you visit any website, it may store or retrieve information on your browser, mostly in the
form of cookies. This information might be about you, your preferences or your device and is
mostly used to make the site work as you expect it to. Because we respect your right to privacy,
you can choose not to allow some types of cookies.</p><h3>Manage Consent Preferences</h3>
<section class="ot-cat-grp"><h4>Strictly Necessary Cookies</h4><p>These cookies are necessary for
the website to function and cannot be switched off in our systems. They are usually only set in
response to actions made by you which amount to a request for services, such as setting your
privacy preferences, logging in or filling in forms.</p></section>
<section class="ot-cat-grp"><h4>Performance Cookies</h4><p>These cookies allow us to count visits
and traffic sources so we can measure and improve the performance of our site. They help us to
know which pages are the most and least popular and see how visitors move around the site.</p>
</section><section class="ot-cat-grp"><h4>Targeting Cookies</h4><p>These cookies may be set
through our site by our advertising partners. They may be used by those companies to build a
profile of your interests and show you relevant adverts on other sites.</p></section>
</div><button>Confirm My Choices</button></div></div>"""


def _post(number: int, author: str, text: str) -> str:
    return (f'<article id="elComment_{number}" class="cPost ipsComment"><aside class="cAuthorPane">'
            f'<h3><a href="/profile/{number}-{author.lower()}/">{author}</a></h3></aside>'
            f'<div class="ipsComment_content"><p class="ipsType_reset">Posted March 19, 2024</p>'
            f'<div class="cPost_contentWrap"><p>{text}</p></div></div></article>')


def test_consent_panel_bigger_than_a_short_thread_is_still_the_consent_panel() -> None:
    # Every post of the forum is marked as a comment, and the cookie-settings panel holds more
    # prose than the two short posts: it reads as a consent panel, so it goes, and the posts
    # are the page.
    posts = _post(1, "Rabbids", "Does anyone know what these two ports on the new case are for? "
                  "The manual says nothing about them but they both look very intentional.") + \
        _post(2, "DevBiker", "I have heard the rear one is for an external connection for "
                             "lighting devices. Not sure about the one on the bottom.")
    html = (f'<html><body class="ipsApp">{_CONSENT_PANEL}<main id="ipsLayout_body">'
            f'<h1>New 2500X PC case</h1><div id="comments" class="cTopic">'
            f'<div id="elPostFeed"><form>{posts}</form></div></div></main>'
            f'<footer><p>Copyright 2024. All rights reserved.</p></footer></body></html>')
    text = _main_text(_strip(html))
    assert "what these two ports" in text and "external connection" in text
    assert "cookies" not in text.lower()


def test_layout_words_of_a_page_builder_are_not_a_consent_panel() -> None:
    # Adobe's page components are all "cmp-...": the "cmp" consent word on a container of the
    # article, whose text never mentions cookies, does not make it a consent box.
    html = (f'<html><body><div class="cmp-container"><h1>Bridge rebuild</h1>{_article()}</div>'
            f'<footer class="cmp-footer"><p>Contact us</p></footer></body></html>')
    assert "Harbor Street bridge" in _main_text(_strip(html))


def test_question_before_the_list_of_answers_is_kept() -> None:
    question = ("Is there a keyboard shortcut to set focus to the files pane in Explorer? Tab "
                "moves the focus through every control of the window until it lands there.")
    answers = "".join(
        f'<div id="answer-{n}" class="answer js-answer"><div class="votecell">{n * 3}</div>'
        f'<div class="answercell"><div class="s-prose"><p>Answer {n}: press Ctrl+E and then '
        f'Escape, which leaves the focus on the files pane in every version I tried.</p></div>'
        f'<div class="user-info"><a href="/users/{n}">user{n}</a> answered 2012</div></div></div>'
        for n in range(1, 7))
    html = (f'<html><body class="question-page"><div id="content"><div id="mainbar">'
            f'<h1>Explorer keyboard shortcut</h1><div id="question" class="question">'
            f'<div class="postcell"><div class="s-prose"><p>{question}</p></div></div></div>'
            f'<div id="answers"><h2>6 Answers</h2>{answers}</div></div>'
            f'<div id="sidebar"><ul><li><a href="/q/1">Related question one</a></li>'
            f'<li><a href="/q/2">Related question two</a></li></ul></div></div></body></html>')
    text = _main_text(_strip(html))
    assert question in text
    assert "Answer 1:" in text and "Answer 6:" in text


def test_headers_of_a_run_of_sections_are_their_headings() -> None:
    # A landing page: each feature section opens with its own <header> (heading and intro).
    # They are the sections' text, not page headers; the page's own <header> still goes.
    features = [("Lightning fast screen recording", "Record your screen and camera on any "
                 "device, with the browser extension, the desktop app or the mobile app."),
                ("Edit your videos like a pro", "Trim, stitch clips and add backgrounds "
                 "without leaving the recorder, then share a link that plays anywhere."),
                ("Built for teams", "Comments, reactions and viewer insights show who watched "
                 "and what they said, so one video replaces another status meeting.")]
    sections = "".join(
        f'<section class="container-max flex flex-col"><header class="flex flex-col gap-md">'
        f'<h2>{title}</h2><p>{intro}</p></header><div class="grid"><img src="/f{n}.png" '
        f'alt=""></div></section>' for n, (title, intro) in enumerate(features))
    html = (f'<html><body><header class="site-header"><nav><a href="/">Home</a>'
            f'<a href="/pricing">Pricing</a></nav></header><main id="skip-to-content">'
            f'{sections}</main><footer><p>Copyright 2025 Example Inc.</p></footer></body></html>')
    text = _main_text(_strip(html))
    assert all(title in text and intro in text for title, intro in features)
    assert "Pricing" not in text


def test_boilerplate_word_on_every_section_of_a_page_builder_says_nothing() -> None:
    # The page builder names every full-width row "...-height-scrolling": the boilerplate
    # word "scroll" is the layout's, so the rows stay; a real promo box inside still goes.
    rows = "".join(
        f'<div class="fusion-fullwidth fullwidth-box fusion-builder-row-{n} '
        f'non-hundred-percent-height-scrolling"><div class="fusion-column-wrapper">'
        f'<h2>{title}</h2><p>{text}</p></div></div>'
        for n, (title, text) in enumerate([
            ("Watch and discover", "Curious about what we do? Watch our short introduction to "
             "find out how the platform can help your business grow and keep customers."),
            ("Open source CRM", "Own your data and your code: no vendor lock-in, no licence "
             "fees, and a community of developers behind every release we ship."),
            ("Support plans", "From a quick health check to a dedicated engineer, pick the "
             "support that fits your team, with response times that are written down.")]))
    html = (f'<html><body><main id="main" class="clearfix">{rows}'
            f'<div class="promo-box"><a href="/offer">Get 20% off hosting</a></div></main>'
            f'<footer><p>Copyright 2025</p></footer></body></html>')
    text = _main_text(_strip(html))
    assert "Curious about what we do" in text and "Own your data" in text \
        and "From a quick health check" in text
    assert "20% off" not in text


def test_main_landmark_beats_denser_legal_footnotes_outside_it() -> None:
    # A product page: the features in <main>, and below, outside it, pages of legal footnotes
    # whose long sentences outscore the feature blurbs.
    features = "".join(
        f'<section class="section-{n}"><h2>{title}</h2><p>{text}</p></section>'
        for n, (title, text) in enumerate([
            ("All-day battery", "Up to eighteen hours of video playback, so the laptop lasts "
             "from the morning train to the evening call without looking for a plug."),
            ("Fast and quiet", "The new chip runs cool without a fan, so it stays silent under "
             "load, whether you edit photos, compile code or join a video call."),
            ("Bright display", "The screen reaches five hundred nits with a billion colours, "
             "and it adjusts its white point to the light of the room you are in."),
            ("Made to last", "The aluminium case is recycled, the keyboard is rated for years "
             "of typing, and every part can be repaired by an authorised technician."),
            ("Works with your phone", "Copy on the phone and paste on the laptop, answer "
             "calls from either, and pick up the document you were reading on the way.")]))
    notes = "".join(f"<p>{n}. Testing conducted in {2024 + n % 2} using preproduction "
                    f"systems and software, configured as described; battery life, performance "
                    f"and results vary by use, configuration, settings and other factors, and "
                    f"were measured with a set of common workloads on identical units.</p>"
                    for n in range(1, 9))
    html = (f'<html><body><nav><a href="/">Store</a><a href="/mac">Mac</a></nav>'
            f'<main id="main" class="main">{features}</main>'
            f'<footer><section class="ac-gf-sosumi">{notes}</section>'
            f'<p>Copyright 2025 Example Inc.</p></footer></body></html>')
    text = _main_text(_strip(html))
    assert "Up to eighteen hours" in text and "five hundred nits" in text
    assert "preproduction" not in text


def test_a_json_blob_in_a_div_is_data_not_prose() -> None:
    from scraper.strip.prose import measure_prose

    state = ('{"painterId":"AsinGridWidget","hostPageType":"BROWSE","asins":['
             + ",".join(f'"B0C{n:07d}"' for n in range(40)) + '],"pageSize":24}')
    tree = LexborHTMLParser(
        f'<body><div class="grid-state hidden-state">{state}</div>'
        f'<div class="intro"><p>{PARAGRAPHS[0]}</p></div></body>')
    measured = measure_prose(tree.body)
    blob = tree.css_first("div.grid-state")
    assert measured.prose[blob.mem_id] == 0
    assert measured.chars[blob.mem_id] == len(state)
    assert measured.total == len(PARAGRAPHS[0])


def test_text_slides_of_the_page_stay_and_a_carousel_of_links_goes() -> None:
    slides = [
        ("Power Unpacked", "Enjoy robust performance on the thin and light workstation, with the "
         "processor and graphics to render, simulate and compile without a desk."),
        ("Your Workstation, Your Way", "Juggle tasks like a pro with the mobile workstation "
         "that docks at the office and keeps working on the train home."),
        ("Feel the Difference", "Our redesigned keyboard includes tactile markings and a "
         "quieter key travel, so long evenings of typing tire the hands less."),
    ]
    features = "".join(
        f'<div class="feature-gallery content-left feature-gallery-pc"><img src="/f/{i}.jpg" '
        f'alt=""><div class="feature-copy"><div class="feature-title">{title}</div>'
        f'<div class="feature-text">{text}</div></div></div>'
        for i, (title, text) in enumerate(slides))
    related = "".join(
        f'<li class="a-carousel-card"><a href="/dp/B0{i}">Workstation bag model {i}, padded '
        f'sleeve for sixteen inch laptops</a> <a href="/dp/B0{i}#reviews">4.{i} stars</a></li>'
        for i in range(6))
    html = f"""<body><main><div class="pdp-main"><h1>ThinkStation mobile 16</h1>
    <div class="product-overview">{_article()}</div>{features}
    <div class="a-begin a-carousel-container"><h2>Products related to this item</h2>
    <ol class="a-carousel">{related}</ol></div></div></main></body>"""
    text = _main_text(_strip(html))
    assert PARAGRAPHS[0] in text
    assert "quieter key travel" in text and "docks at the office" in text
    assert "Workstation bag model 3" not in text
