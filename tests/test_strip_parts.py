"""Pages in several parts and the markup that used to hide them: page-builder vocabulary,
server-rendered <noscript> threads, pages hidden until a script runs, item lists."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.settings import ExtractSettings
from scraper.strip import Stripped, strip
from scraper.strip.junk import Junk, classify_marked
from scraper.strip.prose import measure_prose
from scraper.strip.repeated import item_list

SECTIONS = [
    "Our drum teachers hold degrees from the leading conservatoires and have played on "
    "stage for years, so every lesson is planned around what the pupil wants to achieve.",
    "Lessons take place at home or in one of our studios, and the first one is free, so you "
    "can be sure the teacher suits you before you commit to a term of weekly sessions.",
    "Parents receive a short report after every month of lessons, with the pieces studied, "
    "the grades worked towards and what to practise at home between the sessions.",
    "We match every pupil with a teacher within a week, and if the match does not work out "
    "we find another teacher at no cost, whatever the instrument or the level.",
]


def _hidden_dropped(html: str) -> list[LexborNode]:
    """The hidden blocks strip would drop from ``html``'s body."""
    from scraper.strip import _hidden_junk
    from scraper.strip.hidden import hidden_nodes

    body = LexborHTMLParser(html).body
    assert body is not None
    return _hidden_junk(hidden_nodes(body), measure_prose(body), body.text())


def _strip(html: str) -> Stripped:
    return strip(LexborHTMLParser(html), ExtractSettings())


def _text(stripped: Stripped) -> str:
    assert stripped.main is not None
    return " ".join(stripped.main.text().split())


def _elementor(sections: list[str]) -> str:
    widgets = "".join(
        f'<section class="elementor-section elementor-top-section elementor-element-{i}a3f">'
        f'<div class="elementor-container"><div class="elementor-column elementor-col-100">'
        f'<div class="elementor-widget-wrap elementor-element-populated">'
        f'<div class="elementor-element elementor-widget elementor-widget-text-editor">'
        f'<div class="elementor-widget-container"><p>{text}</p></div></div></div></div></div>'
        f'</section>' for i, text in enumerate(sections))
    return f"""<body class="page-template-default elementor-page">
    <header class="site-header"><nav class="main-navigation"><a href="/">Home</a>
    <a href="/lessons">Lessons</a><a href="/contact">Contact</a></nav></header>
    <div data-elementor-type="wp-page" class="elementor elementor-24891">{widgets}</div>
    <aside class="widget-area"><section class="widget widget_recent_entries"><h2>Recent</h2>
    <ul><li><a href="/a">Five reasons to learn the drums this winter</a></li></ul></section>
    </aside><footer class="site-footer"><p>Copyright 2025 Make More Music Ltd.</p></footer>
    </body>"""


def test_page_builder_vocabulary_is_not_boilerplate() -> None:
    text = _text(_strip(_elementor(SECTIONS)))
    for section in SECTIONS:
        assert section in text
    assert "Copyright" not in text


def test_a_widget_word_on_a_minor_box_still_marks_boilerplate() -> None:
    html = f"""<body><article>{"".join(f"<p>{s}</p>" for s in SECTIONS)}</article>
    <div class="widget newsletter-widget"><p>Sign up to our newsletter for monthly offers on
    drum lessons and instrument hire near you.</p></div></body>"""
    assert "newsletter" not in _text(_strip(html))


def test_a_digit_before_the_letters_is_no_word_boundary() -> None:
    node = LexborHTMLParser('<div class="jXK9ad wHaque">x</div>').css_first("div")
    assert classify_marked(node) is None
    node = LexborHTMLParser('<div class="sidebar_ad">x</div>').css_first("div")
    assert classify_marked(node) == (Junk.FURNITURE, "sidebar")


def test_snake_case_ids_read_as_kebab_case_and_main_is_never_junk_by_class() -> None:
    html = f"""<body><main class="hasSidebar clearfix" id="main_content">
    {"".join(f"<p>{s}</p>" for s in SECTIONS)}</main>
    <div id="primary_nav"><a href="/">Home</a> <a href="/about">About the school</a></div>
    </body>"""
    text = _text(_strip(html))
    assert SECTIONS[2] in text
    assert "About the school" not in text


DISCOURSE = """<body class=""><section id="d-splash"><div class="preloader-image">
<div class="dots" style="--n:-2;"></div></div></section>
<noscript><style>html { overflow-y: revert !important; }</style></noscript>
<noscript data-path="/t/is-changing-the-msrv-a-breaking-change/138416">
<header><a href="/">The Rust Programming Language Forum</a></header>
<div id="main-outlet" class="wrap" role="main"><div id="topic-title"><h1>
<a href="/t/is-changing-the-msrv-a-breaking-change/138416">Is changing the MSRV a breaking
change?</a></h1></div>
<div class="topic-body crawler-post"><div class="crawler-post-meta"><span class="creator">
<a href="/u/alice"><span itemprop="name">alice</span></a></span></div>
<div class="post" itemprop="text"><p>The rust-version field of the crate is 1.85 and the
edition field is 2024, so every crate that depends on it needs a new compiler too.</p></div>
</div>
<div class="topic-body crawler-post"><div class="crawler-post-meta"><span class="creator">
<a href="/u/bob"><span itemprop="name">bob</span></a></span></div>
<div class="post" itemprop="text"><p>Most of the ecosystem treats a raised MSRV as a minor
change, as long as the release notes say so and the old versions keep working.</p></div>
</div></div><footer class="container wrap"><nav class="crawler-nav"><a href="/">Home</a>
<a href="/categories">Categories</a></nav></footer></noscript></body>"""


def test_a_noscript_holding_the_rendered_thread_is_the_page() -> None:
    text = _text(_strip(DISCOURSE))
    assert "every crate that depends on it" in text
    assert "as long as the release notes say so" in text
    assert "Categories" not in text


def test_a_noscript_beside_a_visible_page_still_goes() -> None:
    html = f"""<body><article>{"".join(f"<p>{s}</p>" for s in SECTIONS)}</article>
    <noscript><div class="notice"><p>This site works best with JavaScript enabled in your
    browser settings.</p></div></noscript></body>"""
    assert "JavaScript" not in _text(_strip(html))


def test_a_page_hidden_until_its_script_runs_is_kept() -> None:
    html = f"""<body><div class="root hide" style="opacity:0">
    <article>{"".join(f"<p>{s}</p>" for s in SECTIONS)}</article></div>
    <div class="cookie-note">We use cookies.</div></body>"""
    assert SECTIONS[1] in _text(_strip(html))


def test_a_hidden_overlay_beside_the_page_still_goes() -> None:
    overlay = " ".join(SECTIONS[:2]).replace("drum", "piano")
    html = f"""<body><article>{"".join(f"<p>{s}</p>" for s in SECTIONS)}</article>
    <div aria-hidden="true" class="overlay-menu"><p>{overlay}</p></div></body>"""
    text = _text(_strip(html))
    assert SECTIONS[3] in text
    assert "piano" not in text


def _jobs(count: int) -> str:
    rows = "".join(
        f'<li class="feature new-listing-container listing-{i}"><a href="/jobs/{i}">'
        f'<span class="company">Company {i} Ltd</span><span class="title">Senior software '
        f'engineer, platform team {i}</span><span class="region">Anywhere in the World</span>'
        f'</a><span class="date">{i + 1}d</span></li>' for i in range(count))
    return f"""<body><header class="site-header"><a href="/">We Work Remote</a></header>
    <div id="category-intro"><p>Looking for remote roles? Advance your career with in-demand
    remote full-stack opportunities from companies hiring right now.</p></div>
    <section class="jobs" id="category-2"><article><h2>Full-Stack Programming Jobs</h2>
    <ul class="listings">{rows}</ul></article></section>
    <footer class="site-footer"><p>Copyright 2025 We Work Remote</p></footer></body>"""


def test_repeated_items_are_the_item_list() -> None:
    body = LexborHTMLParser(_jobs(12)).body
    measured = measure_prose(body)
    found = item_list(measured)
    assert found is not None and found.items == 12
    assert measured.nodes[found.ident].attributes.get("class") == "listings"


def _category_posts(headed: bool) -> str:
    topics = ["chicken-turkey dairy-free dinner", "gluten-free high-protein", "quick-easy lunch",
              "recipe-type ww", "family-kid-friendly dinner", "21-day-fix ingredient"]
    posts = "".join(
        f'<article class="post-3{i}149 post type-post status-publish has-post-thumbnail '
        f'{" ".join("category-" + t for t in topics[i % 6].split())} entry"><header class="entry-'
        f'header"><a class="entry-image-link" href="/recipe-{i}/" tabindex="-1"><img src="/'
        f'{i}.jpg" alt=""></a>{"<h2 class=entry-title>" if headed else "<div>"}<a href="/'
        f'recipe-{i}/">Sticky air fryer dish number {i} with an oven option</a>'
        f'{"</h2>" if headed else "</div>"}</header></article>' for i in range(10))
    return f'<body><main class="content" id="genesis-content">{posts}</main></body>'


def test_cards_alike_by_their_first_class_word_are_an_item_list() -> None:
    # Each post carries its own categories as classes: no two share all their class words.
    found = item_list(measure_prose(LexborHTMLParser(_category_posts(True)).body))
    assert found is not None and found.items == 10
    assert item_list(measure_prose(LexborHTMLParser(_category_posts(False)).body)) is None


def test_a_run_of_paragraphs_is_not_an_item_list() -> None:
    html = f"<body><article>{''.join(f'<p>{s}</p>' for s in SECTIONS * 2)}</article></body>"
    assert item_list(measure_prose(LexborHTMLParser(html).body)) is None


def test_a_listing_keeps_its_items_beside_the_intro() -> None:
    text = _text(_strip(_jobs(12)))
    assert "Looking for remote roles" in text
    assert "Senior software engineer, platform team 11" in text
    assert "Copyright" not in text


def test_a_small_link_list_beside_an_article_is_not_the_page() -> None:
    article = "".join(f"<p>{s}</p>" for s in SECTIONS * 3)
    related = "".join(f'<li class="related-item"><a href="/r/{i}">Another lesson story {i}'
                      f'</a></li>' for i in range(6))
    html = f"<body><article>{article}</article><ul class='more'>{related}</ul></body>"
    text = _text(_strip(html))
    assert SECTIONS[0] in text
    assert "Another lesson story" not in text


def test_one_part_of_a_page_in_several_parts_gives_way_to_the_whole() -> None:
    posts = "".join(
        f'<div class="post-row"><div class="author"><a href="/u/{i}">user{i}</a></div>'
        f'<div class="message"><p>{text}</p></div></div>'
        for i, text in enumerate(SECTIONS * 2))
    html = f"""<body><div class="thread"><h1>Which teacher for a beginner?</h1>{posts}</div>
    </body>"""
    text = _text(_strip(html))
    for section in SECTIONS:
        assert section in text


def _invision(posts: list[str], article: str = "") -> str:
    rows = "".join(
        f'<article id="elComment_{5854080 + i}" class="cPost ipsBox ipsComment '
        f'ipsComment_parent ipsClearfix"><aside class="ipsComment_author cAuthorPane">'
        f'<h3 class="cAuthorPane_author"><a href="/profile/{i}">member{i}</a></h3></aside>'
        f'<div class="ipsColumn ipsColumn_fluid"><div id="comment-{5854080 + i}_wrap" '
        f'class="ipsComment_content ipsType_medium"><div class="cPost_contentWrap">'
        f'<div data-role="commentContent" class="ipsType_normal ipsContained"><p>{text}</p>'
        f'</div></div></div></div></article>' for i, text in enumerate(posts))
    return f"""<body class="ipsApp ipsApp_front"><main id="ipsLayout_body">
    <div class="ipsPageHeader"><h1>Recommendations on the best camera for travel</h1></div>
    {article}<div id="comments" class="cTopic ipsClear"><div class="cTopicPostArea ipsBox">
    {rows}</div></div><div class="ipsComposeArea_dummy">Create an account or sign in to
    comment</div></main></body>"""


def test_a_thread_whose_posts_are_marked_as_comments_keeps_them() -> None:
    text = _text(_strip(_invision(SECTIONS * 2)))
    for section in SECTIONS:
        assert section in text


def test_an_article_with_a_long_thread_keeps_its_comments_apart() -> None:
    article = "<article class='post'>" + "".join(
        f"<p>{s.replace('drum', 'camera')}</p>" for s in SECTIONS * 2) + "</article>"
    text = _text(_strip(_invision(SECTIONS * 3, article)))
    assert "camera teachers" in text
    assert "drum teachers" not in text


def test_an_article_beside_an_unmarked_consent_box_is_not_lost() -> None:
    consent = ("We use cookies and similar technologies to run this site, to measure how it is "
               "used and to show you offers that suit you. You can accept all cookies, reject "
               "all non-essential ones, or manage your preferences at any time from the link "
               "at the foot of every page, as our cookie policy explains in detail, together "
               "with the list of our partners and the purposes each of them pursues.")
    html = f"""<body><div class="x7Kq2 pJ9"><div class="x7Kq2-inner"><p>{consent}</p>
    <p>{consent}</p><p>Accept all</p><p>Reject all</p></div></div>
    <div class="c3"><p>{SECTIONS[0]}</p><p>{SECTIONS[1]}</p></div></body>"""
    stripped = _strip(html)
    text = _text(stripped)
    assert SECTIONS[1] in text
    assert "We use cookies" not in text


def test_a_consent_form_alone_on_the_page_leaves_no_main_node() -> None:
    consent = ("We use cookies and similar technologies to run this site. You can accept all "
               "cookies, reject all non-essential ones, or manage your preferences.")
    html = f"""<body><div class="x7Kq2"><p>{consent}</p><p>Accept all</p><p>Reject all</p>
    </div><div class="foot"><a href="/imprint">Imprint</a></div></body>"""
    assert _strip(html).main is None



PRODUCT_DRAWER = """<body class="template-product">
<header class="header-wrapper"><nav class="header__inline-menu"><ul class="list-menu">
  <li><a href="/collections/sheets" class="header__menu-item">Sheets</a></li>
  <li><a href="/collections/duvet-covers" class="header__menu-item">Duvet Covers</a></li>
  <li><a href="/collections/pillows" class="header__menu-item">Pillows</a></li>
  <li><a href="/collections/towels" class="header__menu-item">Bath Towels</a></li>
  <li><a href="/pages/reviews" class="header__menu-item">Reviews</a></li></ul></nav></header>
<main id="MainContent" class="content-for-layout focus-none" role="main">
<section id="shopify-section-template--1987__main" class="shopify-section section">
<div class="product__info-wrapper grid__item">
  <h1 class="product__title">Classic Percale Sheet Set</h1>
  <div class="price__regular"><span class="price-item price-item--regular">$179.00</span></div>
  <div class="product__description rte"><p>Crisp, cool and breathable: the sheet set that
  started it all, now in twelve colors and every size from twin to California king.</p></div>
  <ul class="product__badges"><li>Free shipping over $50</li><li>365-night trial</li>
  <li>Lifetime warranty</li></ul>
  <button type="button" class="product-popup-modal__button link" aria-controls="size-guide">
    Size Guide</button>
</div></section>
<section id="shopify-section-template--1987__modals" class="shopify-section section">
<content-drawer aria-hidden="true" id="size-guide"><div class="overlay__modal">
<div class="overlay__modal--content"><div class="size-guide__container">
  <h2>Size Guide</h2>
  <div class="size-guide__subcopy p4"><p>Our fitted sheets are designed to fit mattresses up
  to 16 inches deep, with twelve to sixteen inches being the best fit for most beds.</p></div>
  <p>Every set is cut from long-staple cotton and woven to a crisp, matte percale that gets
  softer with every wash, with a breathable feel that sleepers who run warm prefer.</p>
  <p>Machine wash cold with like colors, tumble dry low, and remove promptly to keep wrinkles
  to a minimum; iron on a low setting if a pressed look is what you are after.</p>
</div></div></div></content-drawer>
</section></main>
<footer class="footer"><div class="footer__content-top"><p>Join our list for early access
to new colors and members-only offers.</p><ul><li><a href="/pages/faq">FAQ</a></li>
<li><a href="/pages/returns">Returns</a></li><li><a href="/pages/contact">Contact us</a></li>
</ul></div></footer></body>"""


def test_a_closed_drawer_of_product_details_is_content() -> None:
    text = _text(_strip(PRODUCT_DRAWER))
    assert "designed to fit mattresses" in text
    assert "Machine wash cold" in text


def test_a_hidden_copy_of_the_article_is_not_said_twice() -> None:
    article = "".join(f"<p>{s}</p>" for s in SECTIONS)
    html = f"""<body><article class="post"><div class="post-content">{article}
    <div style="display:none;"><div class="text-block">{article}</div></div>
    </div></article></body>"""
    text = _text(_strip(html))
    assert text.count(SECTIONS[2]) == 1


def test_a_hidden_menu_with_blurbs_still_goes() -> None:
    blurbs = "".join(
        f'<li><a href="/lessons/{i}">{s}</a> <p>{s.replace("drum", "guitar")}</p></li>'
        for i, s in enumerate(SECTIONS))
    html = f"""<body><article>{"".join(f"<p>{s}</p>" for s in SECTIONS)}
    <div class="dropdown" style="display: none"><ul>{blurbs}</ul></div></article></body>"""
    assert "guitar" not in _text(_strip(html))


def test_a_lone_hidden_paragraph_stays_out() -> None:
    html = f"""<body><article>{"".join(f"<p>{s}</p>" for s in SECTIONS)}
    <p style="display: none">A paragraph the editor took out of the story before it ran, kept
    in the markup only because the page builder never deletes anything at all.</p>
    </article></body>"""
    assert "editor took out" not in _text(_strip(html))


def _ips_post(number: int, author: str, text: str) -> str:
    return f"""<a id="comment-72{number}"></a>
<article id="elComment_72{number}" class="cPost ipsBox ipsResponsive_pull ipsComment
 ipsComment_parent ipsClearfix ipsClear ipsColumns ipsColumns_noSpacing">
<div class="cAuthorPane_mobile ipsResponsive_showPhone"><strong class="ipsType_break">
<a href="/profile/{number}-{author.lower()}/">{author}</a></strong></div>
<aside class="ipsComment_author cAuthorPane ipsColumn ipsColumn_medium ipsResponsive_hidePhone">
<h3 class="ipsType_sectionHead cAuthorPane_author"><a href="/profile/{number}/">{author}</a>
</h3><ul class="cAuthorPane_info ipsList_reset"><li>Level 5*</li><li>1,204 posts</li></ul>
</aside><div class="ipsColumn ipsColumn_fluid ipsMargin:none">
<div id="comment-72{number}_wrap" class="ipsComment_content ipsType_medium">
<div class="cPost_contentWrap"><div data-role="commentContent"
 class="ipsType_normal ipsType_richText ipsPadding_bottom ipsContained"><p>{text}</p></div>
</div></div></div></article>"""


def test_a_thread_chosen_as_main_keeps_posts_marked_as_comments() -> None:
    posts = "".join(_ips_post(i, name, s) for i, (name, s) in
                    enumerate(zip(("Marta", "Ole", "Priya", "Jun"), SECTIONS, strict=True)))
    html = f"""<body class="ipsApp ipsApp_front"><main id="ipsLayout_body">
<div class="ipsPageHeader"><h1 class="ipsType_pageTitle">Finding a drum teacher</h1></div>
<div id="comments" class="cTopic ipsClear ipsSpacer_top"><div id="elPostFeed">
<form action="/topic/150745/?do=multimodComment" method="post">{posts}</form></div>
<div class="ipsComposeArea">Create an account or sign in to comment</div></div>
</main></body>"""
    text = _text(_strip(html))
    for section in SECTIONS:
        assert section in text


def _wrapped(html: str) -> str:
    return ('<div class="Wrapper_gridWrap__5u0KV"><div class="Area_baseOn__q1">' + html
            + "</div></div>")


FAQ = [("Can we import our spreadsheets?", "Yes: paste or upload them and the columns become "
        "typed fields."),
       ("Is there a free plan?", "Yes, for up to five editors and a thousand records."),
       ("Can we keep our data in Europe?", "Yes: choose the region when you create the "
        "workspace."),
       ("Do you offer single sign-on?", "On the business plan, with SAML and SCIM."),
       ("How do we get help?", "Chat with support around the clock from any page of the app.")]

LANDING = f"""<body class="page-template-default">
<header class="site-header"><nav class="main-navigation"><ul>
<li><a href="/product">Product</a></li><li><a href="/pricing">Pricing</a></li>
<li><a href="/login">Log in</a></li></ul></nav></header>
<main id="main-content" class="commonPage MarketingWrapper_mainWrap__Fn_FK">
<section class="Hero_hero__3kq">{_wrapped(
    "<h1>All your teams, all their workflows, in one workspace</h1>"
    '<p class="Hero_sub__9sd">Build workflows that unify data and set teams up for success.</p>'
)}</section>
<section class="Logos_strip__q2">{_wrapped(
    "<h2>Trusted by 500,000 leading teams</h2><ul><li>Acme</li><li>Globex</li></ul>")}</section>
<section>{_wrapped("<h2>Lessons in minutes, not months</h2>"
                   + "".join(f"<p>{s}</p>" for s in SECTIONS))}</section>
<section class="Faq_faq__7bd">{_wrapped("<h2>Questions teams ask</h2>" + "".join(
    f"<h3>{q}</h3><p>{a}</p>" for q, a in FAQ))}</section>
</main>
<footer class="site-footer"><p>Copyright 2025 Example Inc.</p></footer></body>"""


def test_a_landing_page_is_its_whole_main_landmark() -> None:
    text = _text(_strip(LANDING))
    assert SECTIONS[1] in text
    assert "Trusted by 500,000 leading teams" in text
    assert "Do you offer single sign-on?" in text
    assert "Copyright" not in text


def test_an_accordion_marked_as_a_tablist_is_content() -> None:
    panels = "".join(
        f'<div class="card"><div class="card-header" role="tab" id="heading{i}"><h3>'
        f'<a data-toggle="collapse" href="#collapse{i}">Question {i}</a></h3></div>'
        f'<div id="collapse{i}" class="collapse show" role="tabpanel"><div class="card-body">'
        f'<p>{s} (Answer {i}.)</p></div></div></div>' for i, s in enumerate(SECTIONS[2:]))
    intro = "".join(f"<p>{s}</p>" for s in SECTIONS)
    html = f"""<body><div class="page"><article class="node node--type-interior">
<h1>Smart thermostats</h1>{intro}
<div id="accordion-1677" class="accordion" role="tablist" aria-multiselectable="true">
{panels}</div></article></div></body>"""
    text = _text(_strip(html))
    assert "(Answer 0.)" in text and "(Answer 1.)" in text


def test_a_closed_cookie_settings_dialog_is_not_kept_as_hidden_content() -> None:

    policy = "".join(f"<p>Cookie policy {i}: {s.lower()}</p>" for i, s in enumerate(SECTIONS))
    html = f"""<body class="post-template-default single single-post">
<div class="entry-content"><h1>Ten easy wood projects</h1>
{"".join(f"<p>{s} (Woodwork {i}.)</p>" for i, s in enumerate(SECTIONS))}</div>
<div class="cli-modal" id="cliSettingsPopup" tabindex="-1" role="dialog" aria-hidden="true">
<div class="cli-modal-dialog" role="document"><div class="cli-modal-body">
<div class="cli-privacy-overview"><h4>Privacy Overview</h4>
<div class="cli-privacy-content">{policy}</div></div>
<div class="wt-cli-cookie-description">Necessary cookies are absolutely essential for the
website to function properly.</div></div></div></div>
<content-drawer aria-hidden="true" id="size-guide"><div class="size-guide__container">
{"".join(f"<p>Size guide {i}: {s.lower()}</p>" for i, s in enumerate(SECTIONS))}</div>
</content-drawer>
</body>"""
    dropped = {node.attributes.get("id") for node in _hidden_dropped(html)}
    assert dropped == {"cliSettingsPopup"}


def test_a_closed_specifications_tab_is_content_but_a_closed_cookie_table_is_not() -> None:

    specs = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in (
        ("Brand", "ASUS"), ("Series", "ROG"), ("Model", "ROG-STRIX-RTX4080S"),
        ("Interface", "PCI Express 4.0"), ("Memory", "16GB GDDR6X")))
    cookies = "".join(f"<tr><td>_ga_{n}</td><td>1 year</td><td>Analytics</td></tr>"
                      for n in range(4))
    html = f"""<body><div class="product-overview"><h1>ROG Strix RTX 4080 Super</h1>
{"".join(f"<p>{s}</p>" for s in SECTIONS)}</div>
<div class="tab-content"><div class="tab-pane" id="product-details" style="display:none">
<h2>Learn more about the ROG Strix</h2><table class="table-horizontal">{specs}</table></div>
</div><div id="cookie-law-info-bar" style="display:none"><div class="cli-modal-content">
<table class="cookielawinfo-table"><thead><tr><th>Cookie</th><th>Duration</th>
<th>Description</th></tr></thead>{cookies}</table></div></div></body>"""
    dropped = {node.attributes.get("id") for node in _hidden_dropped(html)}
    assert dropped == {"cookie-law-info-bar"}


def test_hidden_language_tabs_sharing_their_instructions_are_content() -> None:
    steps = ("Open a terminal in the folder of your project and install the helper library "
             "with the package manager of your language. Keep the account identifier and the "
             "authentication token from the console at hand: the script below reads both from "
             "environment variables, so that neither ends up in your version control, and "
             "sends one message to the number you verified when you signed up.")
    code = {"node": "const client = require('twilio')(accountSid, authToken);\n"
                    "client.messages.create({ body: 'Hello', from: sender, to: recipient })"
                    ".then(message => console.log(message.sid));",
            "python": "from twilio.rest import Client\nclient = Client(account_sid, auth_token)"
                      "\nmessage = client.messages.create(body='Hello', from_=sender, "
                      "to=recipient)\nprint(message.sid)",
            "csharp": "TwilioClient.Init(accountSid, authToken);\nvar message = "
                      "MessageResource.Create(body: \"Hello\", from: new PhoneNumber(sender), "
                      "to: new PhoneNumber(recipient));"}
    tabs = "".join(
        f'<div role="tabpanel" id="tab-{lang}" class="css-l8vwfh"'
        f'{"" if lang == "node" else " hidden"}><p>{steps}</p><pre><code>{body}</code></pre>'
        f"<p>{lang.title()} prints the message id once the request is accepted: save the file, "
        f"run it, and look for the same id in the console's message log, where its status "
        f"moves from queued to sent and then to delivered within a few seconds.</p>"
        f"<p>The {lang} library raises an exception when the request is refused, with the "
        f"error code and a link to its page in the documentation; the most common one at this "
        f"step is a sender number that is not yet verified on a trial account.</p></div>"
        for lang, body in code.items())
    html = f"""<body><main><h1>Send your first message</h1><p>{SECTIONS[0]}</p>
<div class="css-1tfs3ue">{tabs}</div></main></body>"""
    dropped = _hidden_dropped(html)
    assert dropped == []


def test_a_paragraph_repeated_inside_a_hidden_block_is_not_a_copy() -> None:
    from scraper.strip import _hidden_junk
    from scraper.strip.hidden import hidden_nodes

    disclaimer = ("The shipping weight includes the product, protective packaging material "
                  "and the actual box it is shipped in, so it may differ from the net weight. "
                  "While we strive to keep product images and information accurate, "
                  "manufacturers change their packaging and labels without notice, and the "
                  "label on the product you receive is the one to read before use; contact "
                  "the manufacturer with any question about the product itself.")
    html = f"""<body><header class="iherb-header"><a href="/">Home</a></header>
<div class="product-grouping-wrapper defer-block" style="display: none">
<article class="ga-product"><h1>Toasted almond thins, cranberry</h1>
<section class="product-overview"><p>{SECTIONS[0]}</p><p>{disclaimer}</p></section>
<section class="product-specs"><p>{SECTIONS[1]}</p><p>{disclaimer}</p></section>
</article></div>
<div class="recently-viewed"><p>{SECTIONS[2]}</p><p>{SECTIONS[3]}</p></div></body>"""
    tree = LexborHTMLParser(html)
    body = tree.body
    assert body is not None
    assert _hidden_junk(hidden_nodes(body), measure_prose(body), body.text()) == []


def test_closed_accordion_panels_of_one_paragraph_are_content() -> None:

    courses = "".join(
        f'<div class="accordion__item"><button class="accordion__trigger" id="c{i}-trigger" '
        f'aria-expanded="false" aria-controls="c{i}-content"><h4>Course {i}</h4>'
        f'<p class="units">Units: 3.00</p></button><div class="accordion__content" '
        f'style="overflow: hidden; height: 0px; visibility: hidden" id="c{i}-content" '
        f'aria-labelledby="c{i}-trigger" role="region"><div class="accordion__inner">'
        f'<p>{s} (Course {i}, taught online and live online over ten weeks.)</p></div></div>'
        f'</div>' for i, s in enumerate(SECTIONS))
    removed = ('<div class="promo" style="display:none"><div><p>' + SECTIONS[0].lower()
               + ' ' + SECTIONS[1].lower() + '</p></div></div>')
    html = f"""<body><main id="content"><h1>Project management certificate</h1>
<p>Gain the practical skills to lead projects in any industry, online or on campus.</p>
<div class="flat-course">{courses}</div>{removed}</main></body>"""
    dropped = _hidden_dropped(html)
    # The panels stay; a lone hidden paragraph that belongs to no tab or accordion goes.
    assert [node.attributes.get("class") for node in dropped] == ["promo"]


def test_a_closed_faq_answer_marked_by_its_class_only_is_content() -> None:

    faq = "".join(f'<div class="faq__item"><h3 class="faq__question">Question {i}</h3>'
                  f'<div class="faq__answer" style="display:none"><p>{s}</p></div></div>'
                  for i, s in enumerate(SECTIONS))
    html = f"""<body><main><h1>Certificate courses</h1><p>Free online courses, with a
certificate for every one you finish.</p><section class="faq">{faq}</section>
<div class="promo" style="display:none"><p>
{SECTIONS[1].upper()}</p></div></main></body>"""
    dropped = _hidden_dropped(html)
    assert [node.attributes.get("class") for node in dropped] == ["promo"]


def test_a_closed_faq_answer_of_one_sentence_is_content() -> None:

    answers = ["Yes: every plan includes a free trial of fourteen days.",
               "Cancel from the billing page; the plan runs to the end of the month.",
               "We answer by chat and email around the clock, every day of the year."]
    faq = "".join(
        f'<div class="faq__item"><button id="q{i}" aria-controls="a{i}" aria-expanded="false">'
        f'Question {i}</button><section id="a{i}" aria-hidden="true" aria-labelledby="q{i}" '
        f'inert=""><p>{answer}</p></section></div>' for i, answer in enumerate(answers))
    html = f"""<body><main><h1>Pricing</h1><p>{SECTIONS[0]}</p><div class="faq">{faq}</div>
<div class="toast" hidden><p>Saved to your list, with the others you picked.</p></div>
</main></body>"""
    dropped = _hidden_dropped(html)
    assert [node.attributes.get("class") for node in dropped] == ["toast"]


def _two_row_items(count: int) -> str:
    rows = "".join(
        f'<tr class="athing submission" id="{4000 + i}"><td class="title"><span class="rank">'
        f'{i + 1}.</span></td><td class="title"><span class="titleline"><a href="https://'
        f'co{i}.example/jobs">Company {i} (YC W2{i % 5}) is hiring</a> <span class="sitebit '
        f'comhead">(co{i}.example)</span></span></td></tr>'
        f'<tr><td colspan="2"></td><td class="subtext"><span class="score">{40 + i} points'
        f'</span> by <a href="/user?id=founder{i}">founder{i}</a> <span class="age">{i + 1} '
        f'days ago</span> | <a href="/hide?id={4000 + i}">hide</a> | <a href="/item?id='
        f'{4000 + i}">{10 + i} comments</a></td></tr><tr class="spacer" style="height:5px">'
        f'</tr>' for i in range(count))
    return f"""<body><center><table id="hnmain"><tr><td><table><tr><td><a href="/news">
Hacker News</a></td><td><a href="/newest">new</a> | <a href="/jobs">jobs</a></td></tr></table>
</td></tr><tr id="bigbox"><td><div>These are jobs at startups. See more at the jobs page.
</div><table class="itemlist">{rows}</table></td></tr></table></center></body>"""


def test_items_of_two_rows_each_are_one_list() -> None:
    # Each item is a title row and a row of details: two groups of rows, as many of each.
    measured = measure_prose(LexborHTMLParser(_two_row_items(8)).body)
    found = item_list(measured)
    assert found is not None and found.items == 8
    text = _text(_strip(_two_row_items(8)))
    assert "Company 0 (YC W20) is hiring" in text and "Company 7 (YC W22) is hiring" in text


def test_reader_comments_alternating_even_and_odd_are_not_paired_into_a_list() -> None:
    comments = "".join(
        f'<li class="comment {"even thread-even" if i % 2 == 0 else "odd alt thread-odd"} '
        f'depth-1" id="comment-{i}"><p>{s}</p></li>' for i, s in enumerate(SECTIONS[:5]))
    html = f"""<body><article><p>{SECTIONS[0]}</p></article><div id="comments">
<ol class="comment-list">{comments}</ol></div></body>"""
    assert item_list(measure_prose(LexborHTMLParser(html).body)) is None


def test_a_frameworks_namespaced_hide_class_hides_but_a_responsive_one_does_not() -> None:
    from scraper.strip.hidden import hidden_nodes

    tree = LexborHTMLParser("""<body><article class="cPost ipsComment">
<div class="ipsPadding ipsHide cPostShareMenu" id="share-menu">Link to comment</div>
<div class="product--mobile-hide" id="gallery">Pictures</div>
<div class="ipsResponsive_hidePhone" id="phone">Posted 2 hours ago</div>
<div class="jsHidden" id="later">Quote</div></article></body>""")
    assert tree.body is not None
    assert {node.id for node in hidden_nodes(tree.body)} == {"share-menu", "later"}


def test_a_forum_posts_member_card_and_quote_of_an_earlier_post_are_not_the_post() -> None:
    first, second = SECTIONS[0], SECTIONS[1]
    html = f"""<body><div class="block-body js-replyNewMessageContainer">
<article class="message message--post js-post"><div class="message-cell message-cell--user">
<div class="message-userDetails"><h4 class="message-name">boobaloobie</h4></div>
<div class="message-userExtras"><dl><dt>Joined</dt><dd>Jun 29, 2016</dd></dl><dl>
<dt>Messages</dt><dd>1,211</dd></dl><dl><dt>Reaction score</dt><dd>1,030</dd></dl></div>
</div><div class="message-cell message-cell--main"><div class="bbWrapper">{first}</div>
</div></article>
<article class="message message--post js-post"><div class="message-cell message-cell--user">
<div class="message-userDetails"><h4 class="message-name">PinkyPowers</h4></div>
<div class="message-userExtras"><dl><dt>Joined</dt><dd>Feb 16, 2015</dd></dl><dl>
<dt>Messages</dt><dd>6,696</dd></dl><dl><dt>Location</dt><dd>Kansas City</dd></dl></div>
</div><div class="message-cell message-cell--main"><div class="bbWrapper">
<blockquote class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote js-expandWatch">
<div class="bbCodeBlock-title">boobaloobie said:</div><div class="bbCodeBlock-content">
QUOTED {first}</div></blockquote>{second}</div></div></article></div></body>"""
    text = _text(_strip(html))
    assert first in text and second in text
    assert "QUOTED" not in text and "Reaction score" not in text and "6,696" not in text


def test_a_phpbb_quote_that_opens_with_its_cite_is_a_quoted_post() -> None:
    from scraper.strip.junk import classify

    tree = LexborHTMLParser(
        '<div class="content"><blockquote><div><cite><a href="./viewtopic.php?p=1#p1">bonesly'
        '</a> wrote: <a href="#p1">Sat Feb 24, 2024</a></cite>Cash in taxable is fine.</div>'
        '</blockquote>Agreed, for short-term expenses.</div>'
        '<blockquote class="pull">Words of a source.<cite>A. Source</cite></blockquote>')
    quotes = tree.css("blockquote")
    assert classify(quotes[0]) is Junk.FURNITURE
    assert classify(quotes[1]) is None


def test_a_posts_row_of_buttons_is_furniture() -> None:
    from scraper.strip.junk import classify

    tree = LexborHTMLParser(
        '<footer class="message-footer"><div class="message-actionBar actionBar">'
        '<a class="actionBar-action">Reply</a></div></footer><ul class="flat-list buttons">'
        '<li><a>permalink</a></li></ul><div class="js-post-menu pt2"><a>Share</a></div>'
        '<span class="post-likes">3 Likes</span>')
    for selector in ("div.actionBar", "ul.buttons", "div.js-post-menu", "span.post-likes"):
        assert classify(tree.css_first(selector)) is Junk.FURNITURE, selector


def test_a_highlighted_code_comment_is_part_of_the_code() -> None:
    code = ('<pre><code class="hljs language-bash"><span class="hljs-comment"># stash your '
            'current changes</span>\ngit stash\n<span class="hljs-comment"># and apply them '
            'again</span>\ngit stash apply</code></pre>')
    html = f"""<body><article><div><p>{SECTIONS[0]}</p>{code}<p>{SECTIONS[1]}</p>
<div class="comments"><p>Reader: {SECTIONS[2]}</p></div></div></article></body>"""
    text = _text(_strip(html))
    assert "# stash your current changes" in text and "# and apply them again" in text
    assert "Reader:" not in text


def test_every_comment_section_is_kept_in_order_not_the_biggest() -> None:
    replies = "".join(f'<div id="cid-{n}" class="comment comment-container"><div class="comment-'
                      f'content"><p>Reply {n}: {SECTIONS[n % len(SECTIONS)]}</p></div></div>'
                      for n in range(4))
    html = f"""<body><div class="forum-topic"><h1>Consulting: is it worth it?</h1>
<div class="topic-body">{"".join(f"<p>{s}</p>" for s in SECTIONS)}</div>{replies}</div></body>"""
    stripped = strip(LexborHTMLParser(html), ExtractSettings(comments=True))
    assert stripped.comments is not None
    text = " ".join(stripped.comments.text().split())
    assert [text.index(f"Reply {n}:") for n in range(4)] == sorted(
        text.index(f"Reply {n}:") for n in range(4))


def test_a_data_table_stays_whatever_its_class_says() -> None:
    rows = "".join(f'<tr><th scope="row">{1900 + n}</th><td><a href="/wiki/L{n}">Laureate '
                   f'{n}</a></td><td><a href="/wiki/C{n}">Chemist {n}</a></td></tr>'
                   for n in range(1, 30))
    html = f"""<body><div class="mw-content-ltr mw-parser-output"><p>{SECTIONS[0]}</p>
<p>{SECTIONS[1]}</p><table class="wikitable sortable sticky-header"><tbody><tr><th>Year</th>
<th>Physics</th><th>Chemistry</th></tr>{rows}</tbody></table></div></body>"""
    text = _text(_strip(html))
    assert "Laureate 17" in text and "Chemist 29" in text


def test_a_forum_members_signature_is_not_part_of_the_post() -> None:
    post = " ".join(SECTIONS)
    html = f"""<body><div class="p-body-main"><article class="message message--post">
<div class="message-userContent"><div class="bbWrapper">{post}</div></div>
<aside class="message-signature"><div class="bbWrapper">My rig: a 5800X3D, 32 GB of
memory and a case that is far too small for it, built in the spring of 2022.</div></aside>
</article><div class="post-row"><div class="postbody">{post.upper()}</div>
<div class="signaturecontainer">Ask me about water cooling: I have done it three times,
and all three times something went wrong with the pump.</div></div></div></body>"""
    text = _text(_strip(html))
    assert SECTIONS[0] in text
    assert "water cooling" not in text and "far too small" not in text


def test_overflow_hidden_and_a_part_header_are_layout_but_a_responsive_copy_is_not() -> None:
    from scraper.strip.scoring import class_weight

    tree = LexborHTMLParser('<div class="relative overflow-hidden rounded-lg" id="a"></div>'
                            '<div class="overflow-x-hidden" id="b"></div>'
                            '<div class="hidden-xs promo-strip" id="c"></div>'
                            '<div class="x-item-title__header" id="d"></div>'
                            '<div class="field field--name-field-feature-description '
                            'field--type-string-long field--label-hidden field__item" id="e">'
                            '</div>')
    weights = {node.id: class_weight(node) for node in tree.css("div")}
    assert weights["a"] == 0 and weights["b"] == 0 and weights["d"] == 0 and weights["e"] == 0
    assert weights["c"] < 0


#: A link post of a utility-class forum: the page's text is its title, the grid around the
#: columns carries "fixed-sidebar" and "flex-nav-expanded" as layout modifiers.
_LINK_POST = """<body><header class="v2 bg-neutral-background"><nav class="h-header-large flex">
<a href="/">Home</a><a href="/popular">Popular</a><a href="/login">Log In</a></nav></header>
<div class="grid-container theme-rpl grid flex-nav-expanded"><div id="subgrid-container"
class="subgrid-container flex flex-col"><div class="main-container gap-lg w-full grid
fixed-sidebar xs:[&amp;.fixed-sidebar]:grid-cols-[minmax(0,756px)_minmax(0,316px)]">
<main class="main w-full min-w-0" id="main-content"><shreddit-post id="t3_1rl4mew">
<span class="flex items-center"><a href="/r/technology/">r/technology</a>
<a href="/user/ControlCAD/">ControlCAD</a></span>
<h1 id="post-title-t3_1rl4mew" slot="title">FCC Chair to Europe: If You Restrict US Satellite
Providers, We'll Ban You Here</h1><a href="https://www.pcmag.com/news/fcc-chair" slot="link">
pcmag.com</a></shreddit-post></main>
<div id="right-sidebar-container" class="right-sidebar min-w-0 w-full"><aside>
<a href="/r/technology/wiki">Community wiki</a><a href="/r/technology/about">About</a>
</aside></div></div></div></div></body>"""


def test_a_layout_word_around_the_main_landmark_is_not_furniture() -> None:
    text = _text(_strip(_LINK_POST))
    assert "FCC Chair to Europe: If You Restrict US Satellite Providers" in text
    assert "Community wiki" not in text and "Popular" not in text


def test_a_code_sample_in_a_frame_named_for_scrolling_stays() -> None:
    sample = ('<div data-pagefind-ignore x-data x-ref="root" class="group mt-2 mb-4 flex w-full '
              'scroll-mt-2 flex-col items-start gap-4 rounded bg-gray-50 p-2"><div class="flex '
              'gap-2 text-sm"><span>compose.yaml</span><button class="copy">Copy</button></div>'
              '<div class="highlight"><pre tabindex="0" class="chroma"><code class="language-'
              'yaml"><span class="nt">services</span>:\n  <span class="nt">web</span>:\n    build'
              ': .\n    ports:\n      - "8000:8000"\n  db:\n    image: postgres:18\n</code></pre>'
              '</div></div>')
    prose = "".join(f"<p>{paragraph}</p>" for paragraph in SECTIONS)
    html = (f'<body><nav class="toc"><a href="#a">Update containers</a><a href="#b">Links</a>'
            f'</nav><main><article class="prose"><h1>Networking in Compose</h1>{prose}'
            f'<p>For example, suppose your app is in a directory called myapp:</p>{sample}'
            f'{prose}</article></main></body>')
    assert "image: postgres:18" in _text(_strip(html))


def test_closed_language_tabs_repeating_their_steps_are_not_copies() -> None:
    steps = ("Create and open a new file anywhere on your machine and paste in the code below: it "
             "answers every text message sent to your number with a short reply, and prints the "
             "sender's number in the terminal so you can see the requests arrive.")
    run = ("Run the server, then start ngrok on the same port in a second terminal and copy "
           "the forwarding address it shows: the console needs it as the webhook of your "
           "number, under Messaging configuration, with the method set to HTTP POST.")
    code = {"Node.js": "app.post('/sms', (req, res) => { twiml.message('Thanks!'); });",
            "PHP": "$response->message('Thanks!'); print $response;",
            "Python": "resp.message('Thanks!')\nreturn str(resp)"}
    tabs = "".join(
        f'<div data-paste-element="HORIZONTAL_TAB_PANEL" id="_R_3ftal5dlbkm_-1{i}" hidden="" '
        f'style="display:none" role="tabpanel" tabindex="0" aria-labelledby="_R_3ftal5dlbkm_-'
        f'{lang}" class="css-l8vwfh"><ol class="css-w38rkw"><li><p>{steps}</p><pre><code>'
        f'{body}</code></pre></li><li><p>{run}</p></li></ol></div>'
        for i, (lang, body) in enumerate(code.items()))
    html = f"""<body><main><h1>Respond to an incoming message</h1><p>{SECTIONS[0]}</p>
<div class="css-1tfs3ue"><div role="tablist"><button role="tab">Node.js</button>
<button role="tab">PHP</button><button role="tab">Python</button></div>{tabs}</div>
<p>{SECTIONS[1]}</p></main></body>"""
    assert _hidden_dropped(html) == []


def test_customer_quotes_beside_their_avatars_are_not_a_gallery() -> None:
    quotes = [
        "There were a lot of things I was navigating as a first-time mom, and having a "
        "therapist I could message between sessions made the first months far less lonely. "
        "She helped me sort out what was worth worrying about and what was not.",
        "I was sceptical about therapy over video, but after three sessions I noticed I was "
        "sleeping better and arguing less with my partner about the small things. I would "
        "recommend it to anyone who thinks they have no time for it.",
        "Scheduling around shift work was impossible before; now I book a session on my phone "
        "in the evening and my therapist remembers everything from the week before. It is "
        "the first thing I have kept up with for more than a month.",
    ]
    cards = "".join(
        f'<div class="t-card"><img src="/avatars/{i}.png" alt=""><img src="/stars.svg" '
        f'alt="5 stars"><div class="t-text">{quote}</div><div class="t-name">'
        f'Client {i}</div></div>' for i, quote in enumerate(quotes))
    html = (f'<body><main><h1>Therapy that fits your life</h1><p>{SECTIONS[0]}</p>'
            f'<p>{SECTIONS[1]}</p><div class="components--quotes-wrap">{cards}</div>'
            f'<p>{SECTIONS[2]}</p></main></body>')
    text = _text(_strip(html))
    assert "first-time mom" in text and "shift work" in text


def test_cards_of_a_linked_title_over_a_summary_stay() -> None:
    reports = [
        ("Accounting certifications employers really want to see",
         "Looking for information on the credentials that move a finance career forward? We "
         "asked hiring managers which ones they check first, and what each one is worth to "
         "the people who hold it."),
        ("Ten higher-paying finance and accounting jobs this year",
         "Explore the top accounting and finance roles by salary growth, with the skills each "
         "one asks for and the experience hiring managers expect to see on a CV."),
        ("Finance and accounting job market outlook",
         "Get insights into the state of the hiring market: where demand is rising, which "
         "roles take longest to fill, and what candidates are asking for in return this "
         "year."),
    ]
    cards = "".join(
        f'<div class="featuredcard container responsivegrid"><img src="/cards/{i}.jpg" alt="">'
        f'<div class="card-body"><a href="/research/{i}">{title}</a> {summary}</div></div>'
        for i, (title, summary) in enumerate(reports))
    html = (f'<body><main><h1>Accounting and finance staffing</h1><p>{SECTIONS[0]}</p>'
            f'<p>{SECTIONS[1]}</p>{cards}<p>{SECTIONS[2]}</p></main></body>')
    text = _text(_strip(html))
    assert "which ones they check first" in text and "longest to fill" in text
