"""Half-eaten tables rebuilt from their bracket debris (scraper.repair.tables)."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.models import Repairs
from scraper.repair import repair_markup
from scraper.repair.tables import has_table_debris, repair_tables

SEED_TABLE = """<div class="entry-content">
<p>Trust deficits make multilateral cooperation increasingly elusive.</p>
<

>
<

>

>
<

>
< >
<

>
<tr><th>Key Event</th> <th>Date</th> <th>Main Impact</th></tr>
>Expanded Sanctions Announced< >January 2024< >Further economic isolation measures imposed<
>Collapse of Strategic Arms Reduction Talks< >September 2023< >Stalled nuclear disarmament progress<
Major Cyber Intrusion Reported by NATO Allies

December 2023< / td >

Increased suspicion over cyber espionage activities< / td >
< / tr >

<h2>Pathways Toward Restoring Communication< / h2 >
<p>Given the deteriorating state of diplomacy.< / p >
</div>"""


def _grid(html: str) -> list[list[str]]:
    tree = LexborHTMLParser(html)
    return [[cell.text(strip=True) for cell in row.css("th, td")] for row in tree.css("tr")]


def _body_text(html: str) -> str:
    body = LexborHTMLParser(html).body
    assert body is not None
    return body.text()


def test_seed_table_is_rebuilt_with_header_and_three_rows() -> None:
    repairs = Repairs()
    fixed = repair_markup(SEED_TABLE, repairs)
    assert _grid(fixed) == [
        ["Key Event", "Date", "Main Impact"],
        ["Expanded Sanctions Announced", "January 2024",
         "Further economic isolation measures imposed"],
        ["Collapse of Strategic Arms Reduction Talks", "September 2023",
         "Stalled nuclear disarmament progress"],
        ["Major Cyber Intrusion Reported by NATO Allies", "December 2023",
         "Increased suspicion over cyber espionage activities"],
    ]
    tree = LexborHTMLParser(fixed)
    assert tree.css_first("h2").text() == "Pathways Toward Restoring Communication"
    assert [p.text() for p in tree.css("p")] == [
        "Trust deficits make multilateral cooperation increasingly elusive.",
        "Given the deteriorating state of diplomacy.",
    ]
    assert repairs["table_debris"] == 1
    text = _body_text(fixed)
    assert "<" not in text and ">" not in text


CLEAN_TABLE = """<table>
<thead><tr><th>Name</th><th>Score</th></tr></thead>
<tbody>
<tr><td>Ann</td><td>12</td></tr>
<tr><td>Bob</td><td>9</td></tr>
<tr><td>Cy</td><td>15</td></tr>
</tbody>
</table>"""


def _name_stripped(html: str, every: int) -> str:
    """Table tags losing their names (``<td>`` -> ``>``, ``</td>`` -> ``<``), every n-th one."""
    import re

    count = 0

    def strip(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        if count % every:
            return match.group(0)
        return "<" if match.group(0).startswith("</") else ">"

    return re.sub(r"</?(?:table|thead|tbody|tr|td|th)>", strip, html)


def test_fully_name_stripped_table_is_rebuilt() -> None:
    damaged = "<div><p>Intro.</p>" + _name_stripped(CLEAN_TABLE, 1) + "<p>After.</p></div>"
    fixed = repair_markup(damaged, Repairs())
    assert _grid(fixed) == [["Name", "Score"], ["Ann", "12"], ["Bob", "9"], ["Cy", "15"]]
    assert [p.text() for p in LexborHTMLParser(fixed).css("p")] == ["Intro.", "After."]


def test_partly_stripped_real_table_is_rebuilt() -> None:
    damaged = "<div>" + _name_stripped(CLEAN_TABLE, 3) + "</div>"
    fixed = repair_markup(damaged, Repairs())
    assert _grid(fixed)[1:] == [["Ann", "12"], ["Bob", "9"], ["Cy", "15"]]
    assert "<" not in _body_text(fixed) and ">" not in _body_text(fixed)


def test_unclear_debris_is_dropped_and_text_kept() -> None:
    damaged = "<div><p>Before.</p>\n<\n>\n<\n>\n>Lonely cell<\n<\n<p>After.</p></div>"
    fixed = repair_markup(damaged, Repairs())
    text = _body_text(fixed)
    assert "Lonely cell" in text and "Before." in text and "After." in text
    assert "<" not in text and ">" not in text


def test_clean_tables_and_inequalities_are_untouched() -> None:
    math_table = CLEAN_TABLE.replace("<td>12</td>", "<td>a < b > c</td>")
    for html in (CLEAN_TABLE, math_table, "<p>if a < b and c > d then a <> b</p>",
                 "<p>Select rows where a <> b and c < 3 or d > 4, or e <> f.</p>"):
        repairs = Repairs()
        assert repair_tables(html, repairs) == html
        assert not repairs


def test_precheck_skips_clean_documents() -> None:
    assert not has_table_debris(CLEAN_TABLE)


def test_table_eaten_inside_a_layout_cell_is_rebuilt_there() -> None:
    inner = _name_stripped(CLEAN_TABLE, 1)
    html = ("<table><tr><td>Left column</td><td>" + inner + "</td></tr></table>")
    fixed = repair_markup(html, Repairs())
    tree = LexborHTMLParser(fixed)
    assert tree.css_first("td table") is not None
    assert _grid(tree.css_first("td table").html or "") == [
        ["Name", "Score"], ["Ann", "12"], ["Bob", "9"], ["Cy", "15"]]
    assert tree.css_first("td table thead") is not None


LONG_TABLE = ('<table class="scores">\n<thead><tr><th>Name</th><th>Score</th></tr></thead>\n'
              "<tbody>\n" + "".join(f"<tr><td>P{n}</td><td>{n}</td></tr>\n" for n in range(8))
              + "</tbody>\n</table>")


def test_lightly_damaged_table_keeps_its_own_tags() -> None:
    damaged = (LONG_TABLE.replace("<th>Score</th>", ">Score</th>", 1)
               .replace("<td>3</td></tr>", "<td>3<\n<", 1)
               .replace("<tr><td>P5</td>", ">\n>P5</td>", 1))
    fixed = repair_markup("<div>" + damaged + "<p>After the table.</p></div>", Repairs())
    tree = LexborHTMLParser(fixed)
    assert _grid(fixed) == _grid(LONG_TABLE)
    assert tree.css_first("table.scores thead th") is not None
    assert [p.text() for p in tree.css("p")] == ["After the table."]
    assert tree.css_first("table p") is None


def test_tables_in_layout_cells_stay_apart() -> None:
    left = _name_stripped(CLEAN_TABLE, 1)
    right = CLEAN_TABLE.replace("Ann", "Dee").replace("</tbody>\n</table>", "<\n<")
    html = ("<table><tr><td>Page</td><td><table><tr><th colspan=2>Stats</th></tr><tr><td>"
            + left + "</td><td>" + right + "</td></tr></table></td></tr></table>"
            "<p>Text after the stats.</p>")
    fixed = repair_markup(html, Repairs())
    tree = LexborHTMLParser(fixed)
    grids = [_grid(table.html or "") for table in tree.css("table")]
    assert [["Name", "Score"], ["Ann", "12"], ["Bob", "9"], ["Cy", "15"]] in grids
    assert [["Name", "Score"], ["Dee", "12"], ["Bob", "9"], ["Cy", "15"]] in grids
    assert tree.css_first("table p") is None


def test_table_head_with_eaten_opener_keeps_the_rows_after_it() -> None:
    html = ("<div><p>Intro.</p>\n>\n>\n<tr><th>Capital</th><td>Wellington</td><\n"
            "<tr><th>Flag</th><td><figure>A flag</figure></td></tr>\n"
            "<tr><th>Area</th><td>268,021 km2</td></tr>\n</tbody></table><p>After.</p></div>")
    fixed = repair_markup(html, Repairs())
    tree = LexborHTMLParser(fixed)
    assert len(tree.css("table")) == 1
    assert _grid(fixed) == [["Capital", "Wellington"], ["Flag", "A flag"], ["Area", "268,021 km2"]]
    assert [p.text() for p in tree.css("p")] == ["Intro.", "After."]
    assert "<" not in _body_text(fixed) and ">" not in _body_text(fixed)


def test_precheck_skips_bracket_quotes_in_prose_far_from_tables() -> None:
    # A web serial quoting speech in doubled angle brackets: no table anywhere near it.
    prose = ("<p>“The human is very &lt;&lt;loosey-goosey&gt;&gt; today, Stu,” said the "
             "drone.</p>")
    assert not has_table_debris("<div class='chapter-content'>" + prose * 3 + "</div>")
    # The same bracket next to a table is worth a look.
    assert has_table_debris("<table><tr><td>a</td>\n&lt; \n<td>b</td></tr></table>")


def test_titles_in_angle_brackets_between_photo_tables_are_prose() -> None:
    # Korean news writes titles as ``<숨바꼭질>`` and sets each photo in a one-cell table; a
    # spaced tag in one photo table must not pull the prose around it into a table zone.
    photo = ('<table align="center" border="0" cellspacing="5" cellpadding="5"><tbody><tr>'
             '<td bgcolor="#FFFFFF"><img src="/photo/2018/09/28/1538123681_{0}.jpg" '
             'align="center"><div style="margin:5px;font-size:13px;">{1}</div></td></tr>'
             "</tbody></table><br>\n<br>\n")
    prose = ("현재 MBC는 이유리 주연의 &lt;숨바꼭질&gt;로 승부를 보고 있으며 SBS는 "
             "&lt;그녀로 말할 것 같으면&gt;이 종영을 앞두고 있다.<br>\n<br>\n"
             "다만 MBC &lt;숨바꼭질&gt;은 방영을 시작한 지 얼마 되지 않았다.<br>\n<br>\n")
    html = ('<div id="_article">' + photo.format(1, "< / div >") + prose
            + photo.format(2, "") + prose + "</div>")
    assert has_table_debris(html)
    repairs = Repairs()
    fixed = repair_tables(html, repairs)
    assert not repairs["table_debris"]
    assert fixed.count("&lt;숨바꼭질&gt;") == 4
    assert len(LexborHTMLParser(fixed).css("table")) == 2
