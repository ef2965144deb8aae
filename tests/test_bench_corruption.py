"""The corruption corpus generator (bench/corruption.py) on small pages: each kind of damage
does what it says and nothing else, and the comparison counts what a reader would see."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corruption import damage, fragments, stray_brackets, token_f1

PAGE = """<html><head><title>Budget vote</title><script>if (a < b) { x = "<li>"; }</script></head>
<body><div class="entry-content">
<h2>What the vote means</h2>
<p>The council passed the <strong>2025 budget</strong> on Tuesday.</p>
<ul><li>Transit gets more</li><li>Parks get less</li></ul>
<pre><code>&lt;li&gt;kept&lt;/li&gt;</code></pre>
<table class="budget"><caption>Spending by department</caption>
<tr><th>Department</th><th>2025</th></tr>
<tr><td>Transit</td><td>$41m</td></tr>
<tr><td>Parks</td><td>$12m</td></tr>
</table>
</div>
<table class="navbox"><tr><th>Council</th>
<td><a href="/a">Agenda</a> · <a href="/m">Minutes</a></td></tr></table>
</body></html>"""

CLEAN_TEXT = ("What the vote means\n\nThe council passed the 2025 budget on Tuesday.\n\n"
              "Transit gets more\nParks get less\n\nSpending by department\n"
              "Department | 2025\nTransit | $41m\nParks | $12m")


def _damaged(kind: str, rate: float = 1.0) -> str:
    body = damage(PAGE, kind, rate, random.Random(7), CLEAN_TEXT)
    assert body is not None
    return body.decode("utf-8")


def test_spaced_escaped_and_double_reach_body_tags_only() -> None:
    spaced, escaped, double = _damaged("spaced"), _damaged("escaped"), _damaged("double")
    assert "< h2 >What the vote means< / h2 >" in spaced
    assert "&lt;li&gt;Transit gets more&lt;/li&gt;" in escaped
    assert "&amp;lt;strong&amp;gt;" in double
    for page in (spaced, escaped, double):
        assert '<script>if (a < b) { x = "<li>"; }</script>' in page  # head and scripts
        assert "<pre><code>&lt;li&gt;kept&lt;/li&gt;</code></pre>" in page  # literal elements
        assert "<body>" in page


def test_rate_damages_about_that_share() -> None:
    light = _damaged("spaced", 0.1)
    assert 0 < light.count("< ") < _damaged("spaced", 1.0).count("< ")


def test_tables_kind_eats_the_article_table_only() -> None:
    page = _damaged("tables")
    assert ">Department<" in page.replace(" ", "").replace("\n", "")  # eaten: brackets left
    assert "<caption>" not in page
    assert '<table class="navbox">' in page  # boilerplate: its words are not in the text


def test_all_tables_kind_eats_boilerplate_tables_too() -> None:
    page = _damaged("all-tables")
    assert "<table" not in page and "<th>" not in page


def test_mojibake_and_charset_change_text_not_markup() -> None:
    page = PAGE.replace("Tuesday", "mardi à 9 h — “vote”")
    mojibake = damage(page, "mojibake", 1.0, random.Random(7))
    assert mojibake is not None and "mardi Ã\xa0 9 h â€”" in mojibake.decode("utf-8")
    charset = damage(page, "charset", 1.0, random.Random(7))
    assert charset is not None and "à".encode("cp1252") in charset
    assert b"<h2>What the vote means</h2>" in charset


def test_stray_brackets_count_only_what_the_clean_text_lacks() -> None:
    assert stray_brackets("a < b", "a < b") == 0
    assert stray_brackets("a < b", "a < b\n>\n< Parks") == 2
    assert stray_brackets("x", "x") == 0


def test_fragments_and_f1() -> None:
    assert fragments("Parks< / li > and &lt;p&gt; and >$12m<") == 3
    assert fragments("if a < 3 then 5 > 4") == 0
    assert token_f1("the budget passed", "the budget passed") == 1.0
    assert token_f1("", "") == 1.0
    assert token_f1("a b", "c d") == 0.0
    assert 0.6 < token_f1("the budget passed today", "the budget passed") < 0.9


def test_a_script_ends_where_the_html_tokenizer_ends_it() -> None:
    # Inside ``<!-- -->`` in a script, ``<script></script>`` is script text: the damage must
    # leave the script's real end tag alone, or the whole article becomes script.
    page = ("<html><body><script>\n<!--\n<script src=\"a.js\"></script>\n-->\n</script>\n"
            "<article><p>One <b>two</b> three.</p></article></body></html>")
    damaged = damage(page, "escaped", 1.0, random.Random(1)) or b""
    text = damaged.decode("utf-8")
    assert '<script src="a.js"></script>\n-->\n</script>' in text
    assert "&lt;article&gt;&lt;p&gt;One &lt;b&gt;" in text
