"""Main node -> blocks: every block type, links, whitespace, edge trimming."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.extractor.blocks import extract_blocks
from scraper.models import Block, BlockType, Link
from scraper.settings import ExtractSettings

BASE = "https://example.org/news/2025/story.html"


def _blocks(body: str, links: bool = True) -> list[Block]:
    tree = LexborHTMLParser(f"<html><body><div id='main'>{body}</div></body></html>")
    return extract_blocks(tree.css_first("#main"), BASE, ExtractSettings(links=links))


def test_none_main_gives_no_blocks() -> None:
    assert extract_blocks(None, BASE, ExtractSettings()) == []


def test_headings_and_paragraphs_in_order() -> None:
    blocks = _blocks("<h2>Section one</h2><p>First   paragraph\n text.</p><h3>Sub</h3>"
                     "<p>Second <em>para</em>graph.</p>")
    assert [(b.type, b.text, b.level) for b in blocks] == [
        (BlockType.HEADING, "Section one", 2), (BlockType.PARAGRAPH, "First paragraph text.",
                                                 None),
        (BlockType.HEADING, "Sub", 3), (BlockType.PARAGRAPH, "Second paragraph.", None)]


def test_loose_text_and_br_make_paragraphs() -> None:
    blocks = _blocks("<div>Line one<br>line two<br><br>Next paragraph here.</div>"
                     "<span>Loose inline text</span>")
    assert [b.text for b in blocks] == ["Line one\nline two", "Next paragraph here.",
                                        "Loose inline text"]


def test_words_in_adjacent_blocks_never_run_together() -> None:
    blocks = _blocks("<div><p>alpha</p><p>beta</p></div><ul><li><p>gamma</p><p>delta</p></li>"
                     "</ul>")
    assert blocks[0].text == "alpha" and blocks[1].text == "beta"
    assert blocks[2].items == ["gamma delta"]


def test_lists_ordered_and_unordered() -> None:
    blocks = _blocks("<ul><li>one</li><li>two <b>bold</b></li></ul><ol><li>first</li>"
                     "<li>second</li></ol>")
    assert (blocks[0].type, blocks[0].ordered, blocks[0].items) == (
        BlockType.LIST, False, ["one", "two bold"])
    assert (blocks[1].ordered, blocks[1].items) == (True, ["first", "second"])
    assert blocks[1].plain_text() == "- first\n- second"


def test_data_table_is_a_table_block() -> None:
    blocks = _blocks("<table><thead><tr><th>Reservoir</th><th>Level</th></tr></thead>"
                     "<tbody><tr><td>North</td><td>61%</td></tr><tr><td>South</td>"
                     "<td>48%</td></tr></tbody></table>")
    assert len(blocks) == 1
    table = blocks[0]
    assert table.type is BlockType.TABLE and table.header is True
    assert table.rows == [["Reservoir", "Level"], ["North", "61%"], ["South", "48%"]]


def test_layout_table_is_walked_through() -> None:
    blocks = _blocks("<table><tr><td><p>A story paragraph in a layout cell.</p></td>"
                     "<td><div>Another block in the second cell.</div></td></tr></table>")
    assert [(b.type, b.text) for b in blocks] == [
        (BlockType.PARAGRAPH, "A story paragraph in a layout cell."),
        (BlockType.PARAGRAPH, "Another block in the second cell.")]


def test_a_layout_table_holding_a_data_table_gives_each_its_own_rows() -> None:
    blocks = _blocks(
        "<table><tr><td><p>Results came in late on Sunday night.</p></td></tr>"
        "<tr><td><table><caption>Turnout</caption><tr><th>District</th><th>Share</th></tr>"
        "<tr><td>North</td><td>61%</td></tr></table></td></tr>"
        "<tr><td><div>Counting resumes on Monday.</div></td></tr></table>")
    assert [b.type for b in blocks] == [BlockType.PARAGRAPH, BlockType.PARAGRAPH,
                                        BlockType.TABLE, BlockType.PARAGRAPH]
    assert blocks[2].rows == [["District", "Share"], ["North", "61%"]]
    assert blocks[1].text == "Turnout"


def test_code_block_keeps_whitespace_and_language() -> None:
    code = "def retry(n):\n    for i in range(n):\n        yield i\n"
    blocks = _blocks(f'<pre><code class="language-python">{code}</code></pre>'
                     '<pre class="lang-js">let a = 1;</pre><pre>plain</pre>')
    assert blocks[0].type is BlockType.CODE
    assert blocks[0].text == code.rstrip("\n")
    assert blocks[0].language == "python"
    assert blocks[1].language == "js"
    assert blocks[2].language is None


def test_quote_block() -> None:
    blocks = _blocks("<blockquote><p>We will rebuild it.</p><p>All of it.</p></blockquote>")
    assert (blocks[0].type, blocks[0].text) == (BlockType.QUOTE, "We will rebuild it.\nAll of it.")


def test_figure_image_with_caption_and_lazy_src() -> None:
    blocks = _blocks('<figure><img data-src="/img/bridge.jpg" src="data:image/gif;base64,AAA"'
                     ' alt="The old bridge"><figcaption>The 1931 span in March.</figcaption>'
                     '</figure><p>Text after.</p><img src="../inline.png">')
    image = blocks[0]
    assert image.type is BlockType.IMAGE
    assert image.src == "https://example.org/img/bridge.jpg"
    assert image.alt == "The old bridge"
    assert image.caption == "The 1931 span in March."
    assert blocks[1].text == "Text after."
    assert blocks[2].src == "https://example.org/news/inline.png"
    assert blocks[2].caption is None


def test_figure_with_a_credit_is_an_image_but_a_card_figure_keeps_its_text() -> None:
    credit = _blocks('<figure><img src="/img/pier.jpg" alt="Pier"><span class="credit">'
                     'Photo: Dana Whitfield / Ledger</span><figcaption>The pier at dusk.'
                     '</figcaption></figure>')
    assert [(b.type, b.caption) for b in credit] == [(BlockType.IMAGE, "The pier at dusk.")]
    # A shop grid's tile: the image, then name, subtitle and price, all inside <figure>.
    card = _blocks(
        '<div class="product-card"><figure><a class="product-card__link-overlay" '
        'href="/t/pegasus-premium">Pegasus Premium</a><a href="/t/pegasus-premium"><img '
        'src="/img/pegasus.png" alt="Pegasus Premium Road Running Shoes"></a><div '
        'class="product-card__info"><div class="product-card__title" role="link">Pegasus '
        'Premium</div><div class="product-card__subtitle">Men\'s Road Running Shoes</div>'
        '<div class="product-card__count">13 Colors</div><div class="product-price">$230'
        '</div></div></figure></div>')
    texts = [b.text for b in card if b.type is BlockType.PARAGRAPH]
    assert "Men's Road Running Shoes" in texts and "$230" in texts
    assert any(b.type is BlockType.IMAGE for b in card)


def test_links_are_resolved_and_optional() -> None:
    html = ('<p>Read the <a href="/report.pdf">full report</a> and the '
            '<a href="javascript:void(0)">menu</a> or <a href="#top">top</a>.</p>')
    blocks = _blocks(html)
    assert blocks[0].links == [Link(text="full report", href="https://example.org/report.pdf")]
    assert _blocks(html, links=False)[0].links is None


def test_furniture_lines_and_edges_are_trimmed() -> None:
    blocks = _blocks("<p>By Dana Whitfield</p><p>A real paragraph of the story, long enough.</p>"
                     "<p>Advertisement</p><p>Another real paragraph of the story.</p>"
                     "<p>Share this article</p><h3>Related stories</h3>"
                     "<p>MORE ENVIRONMENT NEWS</p>")
    assert [b.text for b in blocks] == ["A real paragraph of the story, long enough.",
                                        "Another real paragraph of the story."]


def test_deep_nesting_does_not_recurse_forever() -> None:
    blocks = _blocks("<span>" * 2000 + "deep text" + "</span>" * 2000)
    assert "deep text" in " ".join(b.text for b in blocks)



def test_promotion_labels_and_their_links_go() -> None:
    blocks = _blocks('<p>The first paragraph of the story.</p><p>DON\'T MISS</p>'
                     '<p><a href="/a">Another story entirely</a> | <a href="/b">And one more</a>'
                     '</p><p>SEE MORE: <a href="/c">A third story about something</a></p>'
                     '<p>The last paragraph of the story.</p>')
    assert [b.text for b in blocks] == ["The first paragraph of the story.",
                                        "The last paragraph of the story."]


def test_tracking_pixels_and_spacers_are_not_images() -> None:
    blocks = _blocks(
        '<p>The ferry runs again from Monday.</p>'
        '<img src="https://stats.example.net/beacon.gif?e=view&amp;id=8f1d" width="1" '
        'height="1" alt="" style="position:absolute;left:-9999px">'
        '<img src="/img/spacer.gif" width="600" height="1">'
        '<img src="/photos/ferry-pier.jpg" width="800" height="533" alt="The pier">')
    assert [(b.type, b.src) for b in blocks if b.type is BlockType.IMAGE] == [
        (BlockType.IMAGE, "https://example.org/photos/ferry-pier.jpg")]


def test_obfuscation_noise_between_the_letters_of_a_label_is_dropped() -> None:
    # A shop spells "Sponsored" one letter per span, with random ids in hidden-by-stylesheet
    # spans between the letters; what reaches the text is a run of UUIDs.
    letters = "".join(
        f'<span class="KZsx">{letter}</span><span class="zXCP">{uuid}</span>'
        for letter, uuid in zip("Spons", ("f2f260c3-bf1f-466a-b856-6f031758a086",
                                          "16207f0d-5442-4472-ad51-162a45a841c3",
                                          "58304ab9-e401-4091-b773-e7e337a260ad",
                                          "49b6f097-0183-4c42-bd8d-fa9ba7274fa7",
                                          "618e27c5-5975-4f3c-8b91-067da6caa345"), strict=True))
    blocks = _blocks(f"<h2>Similar Items</h2><div>{letters}</div><p>Chain for 520 sprockets, "
                     "gold, 104 links.</p><p>Request id 0d9e4c1a-77b2-4f0e-9a53-2c1f8b6e4d10 "
                     "appears in the log when the upload fails.</p>")
    texts = [b.text for b in blocks]
    assert not any("f2f260c3" in text for text in texts)
    assert "Chain for 520 sprockets, gold, 104 links." in texts
    assert any("0d9e4c1a" in text for text in texts)  # one id in a sentence is text


def test_json_printed_as_text_is_data_not_a_paragraph() -> None:
    blocks = _blocks('<div class="a-section">{"painterId":"GridWidget","asins":["B0CXGXT6W8",'
                     '"B0CYNFWD2R"],"pageSize":24}</div><p>Wireless earbuds with a 30-hour '
                     'battery {and a case}.</p><pre>{"retries": 3}</pre>')
    assert [(b.type, b.text) for b in blocks] == [
        (BlockType.PARAGRAPH, "Wireless earbuds with a 30-hour battery {and a case}."),
        (BlockType.CODE, '{"retries": 3}')]


def test_a_marquee_of_one_repeated_call_to_action_is_dropped() -> None:
    ticker = "".join('<span>Book Now <span class="rstar">*</span></span>' for _ in range(24))
    lyric = " ".join(["Row, row, row your boat, gently down the stream;"] * 2
                     + ["merrily, merrily, merrily, merrily, life is but a dream."] * 2)
    blocks = _blocks(f'<p>Packaging that sells: make a lasting impression.</p><div class="'
                     f'cosmetic_packaging_booknow__e1Kjn"><div class="WorkAnimated_'
                     f'animationContainer__c_wir">{ticker}</div></div><p>{lyric}</p>')
    assert [b.text for b in blocks] == ["Packaging that sells: make a lasting impression.", lyric]
