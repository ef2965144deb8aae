"""Mangled tags back into tags (scraper.repair.markup), and never on legitimate text."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.models import Repairs
from scraper.repair import repair_markup
from scraper.repair.markup import has_mangled_tags


def _repair(html: str) -> tuple[str, Repairs]:
    repairs = Repairs()
    return repair_markup(html, repairs), repairs


@pytest.mark.parametrize("html, expected", [
    ("<ul><li>One< / li ><li>Two< / li ></ul>", "<ul><li>One</li><li>Two</li></ul>"),
    ("<p>< strong >Bold:< / strong > text< / p >", "<p><strong>Bold:</strong> text</p>"),
    ("<div><h2>Title<  /h2><p>Body</p></div>", "<div><h2>Title</h2><p>Body</p></div>"),
    ('<div>< h2 class="x" >Title< / h2 ></div>', '<div><h2 class="x">Title</h2></div>'),
    ("<div><P>One</ P ></div>", "<div><P>One</p></div>"),
])
def test_spaced_tags_become_tags(html: str, expected: str) -> None:
    fixed, repairs = _repair(html)
    assert fixed == expected
    assert repairs["mangled_tags"] >= 1


def test_escaped_tags_become_elements() -> None:
    html = ("<div>&lt;p&gt;Intro&lt;/p&gt;\n&LT;UL&GT;&lt;li&gt;a&lt;/li&gt;"
            "&lt;li class=&quot;x&quot;&gt;b&lt;/li&gt;&lt;/ul&gt;</div>")
    fixed, repairs = _repair(html)
    tree = LexborHTMLParser(fixed)
    assert [li.text() for li in tree.css("ul > li")] == ["a", "b"]
    assert tree.css_first("li.x") is not None
    assert tree.css_first("p").text() == "Intro"
    assert repairs["escaped_tags"] == 8


def test_double_escaped_tags_become_elements() -> None:
    fixed, repairs = _repair("<div>&amp;lt;h3&amp;gt;Head&amp;lt;/h3&amp;gt;<p>x</p></div>")
    assert fixed == "<div><h3>Head</h3><p>x</p></div>"
    assert repairs["escaped_tags"] == 2


def test_escaped_tags_mixed_with_real_ones_pair_up() -> None:
    html = "<div><p>One&lt;/p&gt;\n&lt;p&gt;Two</p>\n<p>Three&lt;/p&gt;</div>"
    tree = LexborHTMLParser(_repair(html)[0])
    assert [p.text() for p in tree.css("p")] == ["One", "Two", "Three"]


def test_seed_like_list_items_become_a_real_list() -> None:
    html = ("<ul><li>< strong >Institutionalizing:< / strong > Meetings.< / li >"
            "<li>< strong >Mediation:< / strong > Actors.[source]< / li ></ul>")
    tree = LexborHTMLParser(_repair(html)[0])
    items = tree.css("li")
    assert [li.text() for li in items] == ["Institutionalizing: Meetings.",
                                           "Mediation: Actors.[source]"]
    assert len(tree.css("li > strong")) == 2


def test_heading_no_longer_swallows_the_paragraph() -> None:
    html = "<div><h2>Pathways< / h2 ><p>Given the state< / p ></div>"
    tree = LexborHTMLParser(_repair(html)[0])
    assert tree.css_first("h2").text() == "Pathways"
    assert tree.css_first("h2 p") is None


NEVER_DAMAGE = [
    "<p>To make a list item, use the &lt;li&gt; element inside a list.</p>",
    "<p>Close it with &lt;/li&gt; or leave it out.</p>",
    "<p>If a < b > c then b is in the middle.</p>",
    "<p>Write to me at <me@x.y> any time.</p>",
    "<p>Use a <code>&lt;ul&gt;&lt;li&gt;x&lt;/li&gt;&lt;/ul&gt;</code> pair.</p>",
    "<pre>&lt;p&gt;One&lt;/p&gt;\n&lt;p&gt;Two&lt;/p&gt;\n&lt;ul&gt;&lt;li&gt;x&lt;/li&gt;&lt;/ul&gt;</pre>",
    "<script>if (a < b && c > d) { el.innerHTML = '< / li >'; }</script><p>x</p>",
    '<div data-tip="&lt;p&gt;tip&lt;/p&gt;&lt;p&gt;two&lt;/p&gt;">Hover</div>',
    "<!-- < / li > &lt;p&gt;x&lt;/p&gt;&lt;p&gt;y&lt;/p&gt; --><p>ok</p>",
    "<p>Scores: team A < team B, and 3 > 2.</p>",
    "<textarea>&lt;p&gt;a&lt;/p&gt;&lt;p&gt;b&lt;/p&gt;</textarea>",
    # A ``>`` right after a tag's end is also what an eaten table opener looks like.
    '<p>On Monday Ann wrote:</p><p><span class="q">></span> the build is broken</p>',
    "<p>Final score: <b>3</b> > <b>2</b>, and <i>x</i> >= <i>y</i> holds.</p>"
    "<table><tr><th>Team</th><th>Goals</th></tr><tr><td>Ajax</td><td>3</td></tr></table>",
    "<table><tr><th>Op</th><th>Meaning</th></tr><tr><td>></td><td>greater</td></tr>"
    "<tr><td>>></td><td>shift right</td></tr><tr><td><</td><td>less</td></tr></table>",
]


@pytest.mark.parametrize("html", NEVER_DAMAGE)
def test_legitimate_text_is_never_changed(html: str) -> None:
    fixed, repairs = _repair(html)
    assert fixed == html
    assert not repairs


def test_math_survives_in_a_damaged_document() -> None:
    html = "<div><p>If a < b > c holds.< / p ><ul><li>x< / li ></ul></div>"
    tree = LexborHTMLParser(_repair(html)[0])
    assert tree.css_first("p").text() == "If a < b > c holds."


def test_unknown_names_are_left_alone() -> None:
    html = "<p>< / foo >x< / p ></p>"
    fixed, _ = _repair(html)
    assert "< / foo >" in fixed


def test_precheck_is_false_on_clean_markup() -> None:
    assert not has_mangled_tags('<html><body><p class="a">x &amp; y</p></body></html>')


def test_custom_elements_and_bare_attributes_are_tags_too() -> None:
    html = ('<div><p>Read < a hidden class="anchor" href="#x" >more< / a > and '
            '< comments-count href="/c" >3< / comments-count > replies.< / p ></div>')
    fixed, _ = _repair(html)
    tree = LexborHTMLParser(fixed)
    assert tree.css_first("a.anchor").text() == "more"
    assert tree.css_first("comments-count").text() == "3"


def test_list_swallowing_headings_and_paragraphs_is_closed() -> None:
    html = ("<div><ul><li>One< / li ><li>Two, never closed\n<h3>Next section</h3>"
            "<p>Body text.</p></div>")
    tree = LexborHTMLParser(_repair(html)[0])
    assert tree.css_first("li h3") is None and tree.css_first("ul p") is None
    assert [li.text(strip=True) for li in tree.css("li")] == ["One", "Two, never closed"]


def test_escaped_void_tags_alone_are_not_evidence() -> None:
    html = ('<noscript>&lt;img src="/pixel.gif"&gt;</noscript>'
            '<p>Single &lt;img&gt; and &lt;br&gt; elements are void.</p>')
    assert _repair(html) == (html, Repairs())


def test_heading_with_lost_end_tag_stops_before_the_next_block() -> None:
    html = ("<div><h2>Pathways ahead<p>Given the state of things.< / p >"
            "<ul><li>One< / li ></ul></div>")
    tree = LexborHTMLParser(_repair(html)[0])
    assert tree.css_first("h2").text() == "Pathways ahead"
    assert tree.css_first("h2 p") is None and tree.css_first("h2 ul") is None


def test_one_escaped_tag_that_the_page_is_missing_is_mended() -> None:
    story = ("<h1>Lorem</h1>\n<div>Lorem ipsum dolor sit amet.</div>\n<h2>Foo</h2>\n"
             "<div>Tempor.</div>\n")
    opener = f"<html><body>\n  &lt;article&gt;\n  {story}</article>\n</body></html>"
    fixed, repairs = _repair(opener)
    assert fixed == f"<html><body>\n  <article>\n  {story}</article>\n</body></html>"
    assert repairs == {"escaped_tags": 1}
    closer = f"<html><body>\n<article>\n{story}  &lt;/article&gt;\n</body></html>"
    fixed, _ = _repair(closer)
    assert fixed == f"<html><body>\n<article>\n{story}  </article>\n</body></html>"


@pytest.mark.parametrize("html", [
    # Balanced: the page misses no <section>, so the escaped one is shown on purpose.
    "<div class='docs'>\n<section>\n  &lt;section&gt;\n</section>\n</div>",
    # In a paragraph or an item, a tag standing alone is the subject of the sentence.
    "<div><p>&lt;div&gt;</p></div></div>",
    "<ul><li>&lt;li&gt;</li><li>&lt;ol&gt;</li></ul>",
    # Two of the name: not one missing tag.
    "<div>\n&lt;article&gt;\n<p>x</p>\n&lt;article&gt;\n</article></div>",
    # Void tags pair with nothing. The element's name in a heading, bare: ``Single <img>``.
    "<section><h2>Single &lt;img&gt;</h2><p>One image.</p>\n&lt;img&gt;\n<p>Two.</p></section>",
    # A code sample in a styled div: the escaped tag is the div's only content.
    '<div><p>Embed it like this:</p><div class="snippet">&lt;img src=&quot;/badge.svg&quot;'
    ' alt=&quot;build&quot;&gt;</div><p>Done.</p></div>',
    # Inside a sentence.
    '<div><p>Add &lt;img src=&quot;a.png&quot;&gt; to the page.</p><p>Then save.</p></div>',
    "<div><p>Break a line with &lt;br&gt; where it must break.</p></div>",
])
def test_lone_escaped_tags_shown_on_purpose_stay(html: str) -> None:
    fixed, repairs = _repair(html)
    assert fixed == html
    assert not repairs


def test_one_escaped_paragraph_start_after_markup_is_mended() -> None:
    html = ("<div class='entry'>\n<p>Lorem ipsum dolor sit amet.</p>\n"
            "&lt;p&gt;Ut enim ad minim veniam, quis nostrud exercitation.</p>\n"
            "<p>Duis aute irure dolor.</p>\n</div>")
    fixed, repairs = _repair(html)
    assert fixed == html.replace("&lt;p&gt;", "<p>")
    assert repairs == {"escaped_tags": 1}
    # A paragraph end tag one short is valid HTML: an escaped one is shown on purpose.
    kept = "<div>\n<p>Close it with\n&lt;/p&gt;\n<p>or leave it out.</p>\n</div>"
    assert _repair(kept) == (kept, {})


def test_inline_code_of_a_damaged_page_is_mended_too() -> None:
    # Sphinx output: ``<tt class="docutils literal"><span class="pre">`` holds the command.
    html = ("<div class='section'>\n< p >Set <tt class=\"docutils literal\">< span class=\"pre\" >"
            "phases.publish< / span ></tt> to <tt class=\"docutils literal\"><span class=\"pre\">"
            "false</span></tt>.< / p >\n</div>")
    fixed, repairs = _repair(html)
    assert '<tt class="docutils literal"><span class="pre">phases.publish</span></tt>' in fixed
    assert repairs["mangled_tags"] == 4
    # Once-escaped tags in code stay, even on a damaged page: a tutorial shows them so.
    escaped = ("<div>\n&lt;p&gt;Run <code>&lt;b&gt;hg&lt;/b&gt;</code> now.&lt;/p&gt;\n"
               "&lt;p&gt;Then push.&lt;/p&gt;\n</div>")
    fixed, _ = _repair(escaped)
    assert fixed == ("<div>\n<p>Run <code>&lt;b&gt;hg&lt;/b&gt;</code> now.</p>\n"
                     "<p>Then push.</p>\n</div>")


def test_escaped_tag_with_a_long_value_holding_deeper_markup_is_one_tag() -> None:
    # Angular copies the article into an attribute; a data: URL holds a whole SVG.
    inner = "&amp;lt;figure class=&amp;quot;embed&amp;quot;&amp;gt;" + "Lorem ipsum. " * 400
    html = (f"<body>\n&lt;div class=&quot;body&quot; innerhtml=&quot;{inner}&quot;&gt;\n"
            "<p>Lorem ipsum dolor sit amet.</p>\n&lt;img src=&quot;data:image/svg+xml;utf8,"
            "&lt;svg viewBox=&#x27;0 0 24 24&#x27;&gt;&lt;/svg&gt;&quot; /&gt;\n"
            "&lt;p&gt;More.&lt;/p&gt;\n&lt;/div&gt;\n</body>")
    fixed, _ = _repair(html)
    assert fixed.startswith('<body>\n<div class="body" innerhtml="&lt;figure class=&quot;embed')
    assert "\n<img src=\"data:image/svg+xml;utf8,<svg viewBox='0 0 24 24'></svg>\">" in fixed
    assert fixed.endswith("<p>More.</p>\n</div>\n</body>")


def test_a_pages_own_element_is_mended_when_it_pairs() -> None:
    # An AP story wraps its dateline in a ``<block>`` element of its own CMS.
    html = ("<div class='Article'>\n&lt;p&gt;LONDON (AP) — The party was accused.&lt;/p&gt;\n"
            "&lt;block&gt;<p>Britain's Conservative Party was accused Wednesday.</p></block>\n"
            "&lt;p&gt;More.&lt;/p&gt;\n</div>")
    fixed, repairs = _repair(html)
    assert "<block><p>Britain's" in fixed and "&lt;" not in fixed
    assert repairs["escaped_tags"] == 5
    # Unpaired, or in a page showing no damage, it stays text.
    for kept in ("<div>\n&lt;p&gt;One.&lt;/p&gt;\n&lt;p&gt;Two.&lt;/p&gt;\n"
                 "<p>Wrap it in &lt;block&gt; when you write the config.</p>\n</div>",
                 "<p>Use &lt;block&gt;text&lt;/block&gt; in the config.</p>"):
        assert "&lt;block&gt;" in _repair(kept)[0]


def test_one_escaped_end_tag_the_page_is_missing_is_mended_before_text() -> None:
    # A screen-reader-hidden marker whose end tag was escaped would hide the whole paragraph.
    html = ('<div>\n<p><span aria-hidden="true">**</span>Dolor sit.</p>\n'
            '<p><span aria-hidden="true">**WRONG**&lt;/span&gt;Lorem ipsum dolor.</p>\n</div>')
    fixed, repairs = _repair(html)
    assert fixed == html.replace("&lt;/span&gt;", "</span>")
    assert repairs == {"escaped_tags": 1}
    # The page's spans balance: an escaped end tag in the text is shown on purpose.
    kept = "<div>\n<p><span>Close it with &lt;/span&gt; and go on.</span></p>\n</div>"
    assert _repair(kept) == (kept, {})


def test_spaced_tag_values_may_hold_brackets_and_line_breaks() -> None:
    # What real attribute values carry: an inline SVG in a data: URL, JSON holding markup in a
    # data attribute, a multi-line ``onload`` script; the spaced tag ends at its own ``>``.
    svg = "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>"
    html = (f'<div>< p >Intro< / p >< img src="{svg}" alt="chart" >'
            '< div class="video" data-playlist=\'[{"caption":"<p>A phone.<\\/p>"}]\' >'
            "< span >Clip< / span >< / div >"
            '< link rel="preload" onload=\'var s = document.createElement("script");\n'
            "  document.head.appendChild(s);' >< p >Body< / p ></div>")
    fixed, _ = _repair(html)
    tree = LexborHTMLParser(fixed)
    assert tree.css_first("img").attributes["src"] == svg
    assert "<p>A phone." in tree.css_first("div.video").attributes["data-playlist"]
    assert tree.css_first("div.video span").text() == "Clip"
    assert "appendChild" in tree.css_first("link").attributes["onload"]
    assert [p.text() for p in tree.css("p")] == ["Intro", "Body"]
    assert "<" not in tree.body.text()


def test_attribute_names_are_read_as_html_reads_them() -> None:
    # Framework attributes (Angular's ``(click)``, ``[hidden]``, Vue's ``@click``) and a
    # template's stray ``"=""`` are attributes to HTML, so the mangled tags holding them are tags.
    html = ('<main><div "=""><p>Real text.</p>'
            '< button (click)="save()" [hidden]="busy" >Save< / button >'
            '< div "="" >< p >Spaced.< / p >< / div >'
            "&lt;div &quot;=&quot;&quot;&gt;&lt;p&gt;Second.&lt;/p&gt;&lt;/div&gt;"
            '&lt;a @click=&quot;go&quot; href=&quot;/x&quot;&gt;Go&lt;/a&gt;</div></main>')
    fixed, _ = _repair(html)
    tree = LexborHTMLParser(fixed)
    assert tree.css_first("button").attributes["(click)"] == "save()"
    assert tree.css_first("a").attributes["href"] == "/x"
    assert [p.text() for p in tree.css("p")] == ["Real text.", "Spaced.", "Second."]
    assert "<" not in tree.body.text()
    assert "&lt;" not in fixed


def test_escaped_list_item_opening_with_a_linked_image_keeps_its_heading() -> None:
    # ``&lt;a&gt;&lt;img&gt;&lt;/a&gt;`` before the item's heading is markup, not item text:
    # the heading belongs to the item, and the list is not broken open there.
    item = ("&lt;li class=&quot;feature&quot;&gt;&lt;a href=&quot;/v&quot;&gt;&lt;img "
            "src=&quot;s.jpg&quot; alt=&quot;Shot&quot;/&gt;&lt;/a&gt;&lt;h2&gt;{0}&lt;/h2&gt;"
            "&lt;p&gt;About {0}.&lt;/p&gt;&lt;/li&gt;\n")
    html = ("<section>&lt;ul class=&quot;features&quot;&gt;\n" + item.format("WebIDE")
            + item.format("Valence") + "&lt;/ul&gt;</section>")
    tree = LexborHTMLParser(_repair(html)[0])
    assert [li.css_first("h2").text() for li in tree.css("ul.features > li")] == [
        "WebIDE", "Valence"]
    assert "&lt;" not in tree.html


def test_lone_escaped_image_between_paragraphs_is_mended() -> None:
    html = ("<article>\n\t<p>First paragraph of the story.</p>\n"
            '\t&lt;img src=&quot;/media/chart.png&quot; alt=&quot;Turnout by ward&quot; /&gt;\n'
            "\t<p>Second paragraph of the story.</p>\n</article>")
    fixed, repairs = _repair(html)
    assert LexborHTMLParser(fixed).css_first("img").attributes["alt"] == "Turnout by ward"
    assert repairs["escaped_tags"] == 1


def test_lone_doubly_escaped_line_break_is_mended() -> None:
    html = ("<div><p>Lorem ipsum dolor sit amet, consectetur adipisicing elit,&amp;lt;br/&amp;gt;\n"
            "quis nostrud exercitation.</p></div>")
    fixed, _ = _repair(html)
    assert LexborHTMLParser(fixed).css_first("p br") is not None


def test_lone_escaped_paragraph_end_after_a_sentence_is_mended() -> None:
    # ``amet. &lt;/p&gt;`` before the next paragraph: the page's own end tag, escaped. (One
    # written as a word of its sentence, ``Close it with &lt;/p&gt;``, stays: see above.)
    html = ("<article>\n<p>\n    Lorem ipsum dolor sit amet.\n&lt;/p&gt;\n<p>\n    Ut enim ad "
            "minim veniam.\n</p>\n</article>")
    fixed, repairs = _repair(html)
    assert fixed == html.replace("&lt;/p&gt;", "</p>")
    assert repairs == {"escaped_tags": 1}
    kept = "<article><p>Always close it.&lt;/p&gt;</p><p>Next.</p></article>"
    assert _repair(kept) == (kept, {})


def test_xhtml_end_tags_of_void_elements_go_with_the_damage() -> None:
    html = ("<div>&lt;figure&gt;&lt;img src=&quot;/a.jpg&quot; alt=&quot;Pier&quot;&gt;"
            "&lt;/img&gt;&lt;figcaption&gt;The pier&lt;/figcaption&gt;&lt;/figure&gt;"
            "&lt;p&gt;Text.&lt;/p&gt;&lt;p&gt;More.&lt;/p&gt;</div>")
    tree = LexborHTMLParser(_repair(html)[0])
    assert tree.css_first("figure img").attributes["alt"] == "Pier"
    assert "<" not in tree.body.text() and "&lt;" not in tree.html


def test_lone_escaped_line_break_glued_to_its_word_is_mended() -> None:
    html = "<div><p>Ut enim ad minim veniam,&lt;br/&gt;\nquis nostrud exercitation.</p></div>"
    fixed, repairs = _repair(html)
    assert LexborHTMLParser(fixed).css_first("p br") is not None
    assert repairs == {"escaped_tags": 1}


PATIENCE = "<p>It takes &lt;b&gt;patience&lt;/b&gt; to wait for the ferry.</p>"


@pytest.mark.parametrize("damage", [
    "<p>< strong >Note:< / strong > the timetable changed.< / p >",  # spaced tags
    "<p>Boats &amp;lt;em&amp;gt;leave&amp;lt;/em&amp;gt; hourly.</p>",  # escaped twice
    "<table><tr><th>Day</th><th>Boats</th></tr>\n>Monday< >12<\n>Tuesday< >9<\n</table>",
])
def test_an_escaped_pair_in_running_text_is_mended_once_the_page_shows_damage(
        damage: str) -> None:
    fixed, repairs = _repair(f"<html><body><article>{damage}{PATIENCE}</article></body></html>")
    assert "It takes <b>patience</b> to wait" in fixed
    assert repairs["escaped_tags"] >= 2


def test_an_escaped_pair_on_an_undamaged_page_stays_literal() -> None:
    page = f"<html><body><article><p>The ferry timetable.</p>{PATIENCE}</article></body></html>"
    fixed, repairs = _repair(page)
    assert fixed == page
    assert not repairs


def test_on_a_damaged_page_an_unpaired_escaped_tag_and_inline_code_stay() -> None:
    page = ("<html><body><article><p>< strong >Note:< / strong > changed.< / p >"
            "<p>Each stop is a &lt;li&gt; in the list; write <code>&lt;b&gt;x&lt;/b&gt;</code>"
            " for bold.</p></article></body></html>")
    fixed, _ = _repair(page)
    assert "Each stop is a &lt;li&gt; in the list" in fixed
    assert "<code>&lt;b&gt;x&lt;/b&gt;</code>" in fixed
