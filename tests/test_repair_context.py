"""Where the repair pass looks (scraper.repair.context): hints in text, none in scripts."""

from __future__ import annotations

import time

import pytest

from scraper.models import Repairs
from scraper.repair import repair_markup
from scraper.repair.context import TextPositions, find_hints


def test_hints_skip_the_head_and_scripts_hold_none_in_text() -> None:
    html = ("<html><head><script>if (a < b) { x = '&lt;p&gt;'; }</script></head><body>"
            "<script>for (i = 0; i < n; i++) { s += '< li >'; }</script>"
            "<p>Text < / p ></body></html>")
    hints = find_hints(html)
    assert all(position > html.index("<body>") for position in hints.angle)
    positions = TextPositions(html)
    assert [p for p in hints.angle if positions.in_text(p)] == [html.index("< / p >")]


def test_a_script_holding_a_mangled_end_tag_is_still_read() -> None:
    # ``< / script >`` does not end the script for a browser: the page's markup after it is
    # swallowed until the next real ``</script>``; the repair must see the mangled tag.
    html = ("<html><body><script>var a = 1;\n< / script >\n<article><p>Story text.< / p >"
            "<p>More text.< / p ></article><script>var b = 2;</script></body></html>")
    assert html.index("< / script >") in find_hints(html).angle
    fixed = repair_markup(html, Repairs())
    assert "</script>\n<article>" in fixed


def test_text_positions_rule_out_scripts_comments_and_attributes() -> None:
    html = ('<body><script>x = "&lt;b&gt;";</script><!-- &lt;i&gt; -->'
            '<a title="&lt;u&gt;">&lt;s&gt;</a></body>')
    positions = TextPositions(html)
    assert not positions.in_text(html.index("&lt;b"))
    assert not positions.in_text(html.index("&lt;i"))
    assert not positions.in_text(html.index("&lt;u"))
    assert positions.in_text(html.index("&lt;s"))


def test_opener_hints_are_sought_only_before_the_last_table_end() -> None:
    table = ("<table><caption>Rates</caption> >Year</th> >Rate</th></tr></table>")
    quote = "<p>Quote: <b>a</b> > <b>b</b></p>"
    html = f"<body>{table}{quote}</body>"
    opener = find_hints(html).opener
    assert opener and all(position < html.index("</table>") for position in opener)
    assert not find_hints(f"<body>{quote}</body>").opener
    assert find_hints(f"<body>{table.upper()}</body>").opener


@pytest.mark.parametrize("unit", [
    "&lt;a x=&quot;abc ",  # escaped tags whose quoted values never close
    "&lt;a x=&#x27;abc ",
    "&amp;lt;a x=&amp;quot;abc ",
    '< a x="abc ',  # spaced ones
    "&lt; x &gt; &lt;td ",  # bracket debris that never closes a cell
])
def test_hostile_runs_of_unclosed_tags_cost_linear_time(unit: str) -> None:
    # Each of these read to the end of the text from every candidate once (minutes for a page
    # of them); the bound is fifty times what a linear pass takes here.
    html = f"<body><table><tr><td><p>{unit * 4000}</p></td></tr></table></body>"
    started = time.process_time()
    repair_markup(html, Repairs())
    assert time.process_time() - started < 5.0


def test_text_right_after_a_literal_start_tag_is_answered_locally() -> None:
    html = ('<body><p>Story</p><noscript>&lt;img src="/pixel.gif"&gt;</noscript>'
            '<pre><code class="language-html">&lt;nav&gt;</code></pre>'
            '<!-- note --> &lt;i&gt; <code>x</code> &lt;b&gt; </body>')
    positions = TextPositions(html)
    assert not positions.in_text(html.index("&lt;img"))
    assert not positions.in_text(html.index("&lt;nav"))
    assert positions._spans is None  # neither needed every literal element of the page
    # After a comment or a literal element's end, only the full answer will do.
    assert positions.in_text(html.index("&lt;i&gt;"))
    assert positions.in_text(html.index("&lt;b&gt;"))
    commented = "<body><p>a</p><!-- <pre> --> &lt;u&gt;</body>"
    assert TextPositions(commented).in_text(commented.index("&lt;u"))


@pytest.mark.parametrize("head", [
    "<head><title>Plain</title></head>",
    "<head><title>Café – “quoted”</title></head>",  # non-ASCII before the body: text search
    "",  # a fragment: no body tag at all
])
@pytest.mark.parametrize("body_tag", ["<body>", "<BODY class=x>"])
def test_hints_found_through_the_bytes_are_the_same(head: str, body_tag: str) -> None:
    html = f"<html>{head}{body_tag}<p>Naïve < / p > a &lt;b&gt; x</p></BODY></html>"
    expected = find_hints(html)
    assert expected.angle
    for utf8 in (html.encode(), b"\xef\xbb\xbf" + html.encode()):  # with a byte-order mark
        assert find_hints(html, utf8) == expected
