"""Eaten tables read back as a bracket tree (scraper.repair.tables.tree), on MediaWiki-style
and forum-style markup: every eaten tag left one bracket, at any share of tags eaten."""

from __future__ import annotations

import random
import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.models import Repairs
from scraper.repair import repair_markup
from scraper.repair.tables import has_table_debris

# A MediaWiki infobox as the parser writes it: row headers, cells holding divs, lists, an
# audio player and footnote markers, a caption-like first row spanning both columns.
INFOBOX = """<div class="mw-parser-output">
<p><span id="coordinates"><a href="/wiki/Geographic_coordinate_system">Coordinates</a>: 42°S 174°E</span></p>
<table class="infobox geography vcard" style="width:22em;font-size:88%;">
  <tbody>
    <tr>
      <th colspan="2" class="adr" style="text-align:center;font-size:125%;">
        <div style="display:inline" class="fn org country-name">New Zealand</div><br />
        <div style="padding-top:0.25em;"><i lang="mi">Aotearoa</i>&#160;<span class="languageicon">(<a href="/wiki/M%C4%81ori_language">Māori</a>)</span></div>
      </th>
    </tr>
    <tr class="mergedtoprow">
      <td colspan="2" style="text-align:center">
        <div style="line-height:1.2em;"><b><a href="/wiki/National_anthems_of_New_Zealand">Anthems</a>:</b><br />
          <div class="plainlist"><ul><li>"<a href="/wiki/God_Defend_New_Zealand">God Defend New Zealand</a>"<br />
            <div class="mediaContainer" style="width:220px"><audio id="mwe_player_0" controls="" preload="none"><source src="//upload.wikimedia.org/anthem.ogg" type="audio/ogg" /><track kind="subtitles" src="/w/anthem.srt" srclang="en" /></audio></div></li>
            <li>"<a href="/wiki/God_Save_the_Queen">God Save the Queen</a>"</li></ul></div>
        </div>
      </td>
    </tr>
    <tr>
      <th scope="row">Capital</th>
      <td><a href="/wiki/Wellington">Wellington</a><br /><span class="geo-dms">41°17′S 174°27′E</span></td>
    </tr>
    <tr>
      <th scope="row">Largest city</th>
      <td><a href="/wiki/Auckland">Auckland</a></td>
    </tr>
    <tr>
      <th scope="row">Official languages</th>
      <td><div class="plainlist"><ul><li>English<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[n 2]</a></sup></li><li>Māori</li><li>NZ Sign Language</li></ul></div></td>
    </tr>
    <tr class="mergedrow">
      <th scope="row"><div style="text-indent:-0.9em;margin-left:1.2em;">•&#160;<a href="/wiki/Monarchy_of_New_Zealand">Monarch</a></div></th>
      <td><a href="/wiki/Elizabeth_II">Elizabeth II</a></td>
    </tr>
    <tr>
      <th scope="row"><a href="/wiki/Demonym">Demonym(s)</a></th>
      <td>New Zealander<br /><a href="/wiki/Kiwi_(people)">Kiwi</a> (informal)</td>
    </tr>
  </tbody>
</table>
<p><b>New Zealand</b> (<a href="/wiki/M%C4%81ori_language">Māori</a>: <i>Aotearoa</i>) is a sovereign island country in the southwestern Pacific Ocean. It comprises two main landmasses and around 600 smaller islands.</p>
</div>"""

_TABLE_TAG = re.compile(r"</?(?:table|thead|tbody|tfoot|tr|td|th|caption)\b[^>]*>", re.I)


def _eat(html: str, rate: float, seed: int = 7) -> str:
    """Table tags losing their names, attributes and all (``<td>`` -> ``>``, ``</td>`` ->
    ``<``), each with probability ``rate``."""
    rng = random.Random(seed)

    def eat(match: re.Match[str]) -> str:
        if rng.random() >= rate:
            return match.group(0)
        return "<" if match.group(0).startswith("</") else ">"

    return _TABLE_TAG.sub(eat, html)


def _grid(html: str) -> list[list[str]]:
    tree = LexborHTMLParser(html)
    return [[" ".join(cell.text().split()) for cell in row.css("th, td")]
            for row in tree.css("table tr")]


def _text(html: str) -> str:
    body = LexborHTMLParser(html).body
    assert body is not None
    return " ".join(body.text(separator=" ").split())


@pytest.mark.parametrize("rate", [0.1, 0.3, 0.5, 0.8, 1.0])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_infobox_grid_and_text_come_back_at_any_damage(rate: float, seed: int) -> None:
    damaged = _eat(INFOBOX, rate, seed)
    assert damaged != INFOBOX
    repairs = Repairs()
    fixed = repair_markup(damaged, repairs)
    assert repairs["table_debris"] == 1
    assert _grid(fixed) == _grid(INFOBOX)
    assert _text(fixed) == _text(INFOBOX)
    tree = LexborHTMLParser(fixed)
    assert tree.css_first("audio source") is not None  # the player stays in its cell
    assert len(tree.css("table")) == 1
    assert tree.css_first("table th") is not None  # row headers: still a data table


def test_surviving_table_tag_keeps_its_class() -> None:
    damaged = INFOBOX.replace("<tbody>", ">", 1).replace("</tbody>", "<", 1)
    damaged = damaged.replace('<th scope="row">Capital</th>', ">Capital<", 1)
    fixed = repair_markup(damaged, Repairs())
    tree = LexborHTMLParser(fixed)
    table = tree.css_first("table")
    assert table is not None and table.attributes.get("class") == "infobox geography vcard"
    assert tree.css_first('td[colspan="2"]') is not None  # surviving cells keep attributes
    assert _grid(fixed) == _grid(INFOBOX)


def test_fully_eaten_infobox_labels_become_row_headers() -> None:
    fixed = repair_markup(_eat(INFOBOX, 1.0), Repairs())
    labels = [" ".join(th.text().split()) for th in LexborHTMLParser(fixed).css("tbody th")]
    assert labels[:3] == ["Capital", "Largest city", "Official languages"]


def test_only_openers_eaten_is_found_and_mended() -> None:
    damaged = (INFOBOX.replace("<tr>\n      <th scope=\"row\">Largest city", ">\n      <th "
                               "scope=\"row\">Largest city", 1)
               .replace('<td><a href="/wiki/Elizabeth_II">', '><a href="/wiki/Elizabeth_II">', 1))
    assert "<\n" not in damaged  # no eaten closer: nothing but ``>`` to go by
    assert has_table_debris(damaged)
    fixed = repair_markup(damaged, Repairs())
    assert _grid(fixed) == _grid(INFOBOX)
    assert ">" not in _text(fixed)


def test_operator_cells_are_content_not_openers() -> None:
    html = ("<table><tr><th>Operator</th><th>Meaning</th></tr>\n"
            "<tr><td>></td><td>greater than</td></tr>\n<tr><td>>></td><td>shift right</td></tr>\n"
            "<tr><td><</td><td>less than</td></tr></table>")
    repairs = Repairs()
    assert repair_markup(html, repairs) == html
    assert not repairs


LAYOUT = """<div class="ArticleText">
<p>In the one-year period, there have been 381 changesets. The most active committers are:</p>
<blockquote>
<table>
<tbody>
<tr><th colspan="2" align="center">Most active developers</th></tr>
<tr>
<td width="50%" valign="top">
<table>
<tbody>
<tr><th colspan="3">By changesets</th></tr>
<tr class="Even"><td>Herbert Dürr</td><td align="right">63</td><td align="right">16.6%</td></tr>
<tr class="Odd"><td>Jürgen Schmidt</td><td align="right">56</td><td align="right">14.7%</td></tr>
<tr class="Even"><td>Armin Le Grand</td><td align="right">56</td><td align="right">14.7%</td></tr>
</tbody>
</table>
</td>
<td width="50%" valign="top">
<table>
<tbody>
<tr><th colspan="3">By changed lines</th></tr>
<tr class="Even"><td>Jürgen Schmidt</td><td align="right">455499</td><td align="right">88.1%</td></tr>
<tr class="Odd"><td>Andre Fischer</td><td align="right">26148</td><td align="right">3.8%</td></tr>
</tbody>
</table>
</td>
</tr>
</tbody>
</table>
</blockquote>
<p>In truth, the above list is not just the most active developers: it is all of them.</p>
</div>"""


def _inner(html: str, seed: int) -> str:
    """The tables in the layout table's cells half eaten, the layout table left whole."""
    parts = re.split(r"(<table>\s*<tbody>\s*<tr><th colspan=\"3\">[\s\S]*?</table>)", html)
    return "".join(_eat(part, 0.5, seed) if "colspan=\"3\"" in part else part for part in parts)


@pytest.mark.parametrize("seed", range(6))
def test_tables_in_layout_cells_come_back_and_the_page_layout_holds(seed: int) -> None:
    page = (f'<table class="Page"><tr><td class="MidColumn">{LAYOUT}</td>'
            '<td class="RightColumn">Ads</td></tr></table>')
    damaged = page.replace(LAYOUT, _inner(LAYOUT, seed))
    assert damaged != page
    fixed = repair_markup(damaged, Repairs())
    tree = LexborHTMLParser(fixed)
    after = [p for p in tree.css("p") if p.text().startswith("In truth")]
    assert after and after[0].parent is not None
    assert after[0].parent.attributes.get("class") == "ArticleText"  # not pushed out of it
    inner = [_grid(t.html or "") for t in tree.css("blockquote td table")]
    assert inner == [_grid(t.html or "") for t in LexborHTMLParser(page).css("blockquote td table")]
    assert len(inner) == 2
    assert "<" not in _text(fixed) and ">" not in _text(fixed)


def test_a_named_closer_names_the_eaten_opener() -> None:
    html = ("<div><table class=\"OddEven\">\n>\n<tr>\n>Release<\n>Date</th>\n<\n"
            "<tr><td>4.2.3</td><td>April 2014</td></tr>\n<tr><td>4.3</td><td>July 2014</td></tr>\n"
            "<\n</table><p>A release a month.</p></div>")
    fixed = repair_markup(html, Repairs())
    tree = LexborHTMLParser(fixed)
    assert [th.text() for th in tree.css("table th")] == ["Release", "Date"]
    assert _grid(fixed) == [["Release", "Date"], ["4.2.3", "April 2014"], ["4.3", "July 2014"]]


def test_an_eaten_head_section_before_the_body_holds_header_cells() -> None:
    html = ("<div><table id=\"table_monitoring_symptoms\">\n<caption>Table 6-1. Example "
            "symptoms and causes<\n>\n<tr>\n>\n<strong>Symptom</strong>\n<\n>\n"
            "<strong>Cause</strong>\n<\n<\n</thead>\n<tbody>\n<tr><td><p>HTTP 500s</p></td>"
            "<td><p>Database servers are refusing connections</p></td></tr>\n"
            "<tr><td><p>Slow responses</p></td><td><p>CPUs are overloaded</p></td></tr>\n"
            "</tbody>\n</table></div>")
    fixed = repair_markup(html, Repairs())
    tree = LexborHTMLParser(fixed)
    assert [th.text(strip=True) for th in tree.css("thead th")] == ["Symptom", "Cause"]
    caption = tree.css_first("caption")
    assert caption is not None and caption.text(strip=True).startswith("Table 6-1.")
    assert "<" not in _text(fixed) and ">" not in _text(fixed)


def test_cell_text_keeps_the_spaces_around_its_links() -> None:
    html = ('<table class="wikitable"><tr><th>Title</th><th>Notes</th></tr>\n'
            '<tr><td>12:01</td><td>Based on a short story by <a href="/wiki/Richard_Lupoff">'
            'Richard Lupoff</a> set in <a href="/wiki/New_York">New York</a><\n'
            '<tr><td>Groundhog Day</td><td>A <a href="/wiki/Weatherman">weatherman</a> '
            'relives one day</td></tr></table>')
    fixed = repair_markup(html, Repairs())
    assert "story by Richard Lupoff set in New York" in _text(fixed)
    assert "A weatherman relives" in _text(fixed)


def test_breadcrumb_arrows_in_a_spaced_cell_are_content() -> None:
    # An old table-layout page whose tags were spaced by a CMS: ``< td >`` holds a breadcrumb
    # whose separators are escaped ``>``; they are text of the cell, not eaten tags.
    html = ('<table width="969" border="0" align="center"><tbody><tr><td colspan="5">'
            '<div align="center"><table width="100%" border="0"><tbody>\n'
            '  < tr >\n    < td width="27%" align="center" >\n'
            '      <a href="../../../index.html">福娘童話集</a> &gt; <a href="../index.html">'
            'きょうのイソップ童話</a> &gt; 欲張りなイヌ\n    </td>\n  </tr>\n</tbody></table>'
            '</div></td></tr></tbody></table>')
    repairs = Repairs()
    fixed = repair_markup(html, repairs)
    assert "table_debris" not in repairs
    assert repairs["mangled_tags"] == 2
    assert "福娘童話集 > きょうのイソップ童話 > 欲張りなイヌ" in _text(fixed)
    assert _grid(fixed)[-1] == ["福娘童話集 > きょうのイソップ童話 > 欲張りなイヌ"]
