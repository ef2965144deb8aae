"""Tables whose own tags survived with echo brackets glued to them, or with bare brackets
fostered between their rows (scraper.repair.tables.echo): the page's table comes back, and
brackets that are eaten tags or content are still read as before."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.models import Repairs
from scraper.repair import repair_markup

ROWS = [["Year", "Winner"], ["1998", "Ann Kowalski"], ["2002", "Jun Hasegawa"]]


def _rows(html: str) -> tuple[list[list[str]], str, Repairs]:
    repairs = Repairs()
    fixed = repair_markup("<html><body><p>Results by year.</p>" + html + "<p>After.</p>",
                          repairs)
    tree = LexborHTMLParser(fixed)
    rows = [[cell.text(strip=True) for cell in row.css("th, td")] for row in tree.css("tr")]
    return rows, tree.body.text() if tree.body else "", repairs


def test_doubled_brackets_around_every_table_tag() -> None:
    rows, text, repairs = _rows(
        "<<table class='results'>>\n<<tr>><<th>>Year<</th>><<th>>Winner<</th>><</tr>>\n"
        "<<tr>><<td>>1998<</td>><<td>>Ann Kowalski<</td>><</tr>>\n"
        "<<tr>><<td>>2002<</td>><<td>>Jun Hasegawa<</td>><</tr>>\n<</table>>")
    assert rows == ROWS
    assert "<" not in text and ">" not in text
    assert repairs["table_debris"] == 1


def test_the_inner_bracket_left_on_one_side() -> None:
    rows, text, _ = _rows(
        "<table>>\n<tr>><th>>Year<</th><th>>Winner<</th><</tr>\n"
        "<tr>><td>>1998<</td><td>>Ann Kowalski<</td><</tr>\n"
        "<tr>><td>>2002<</td><td>>Jun Hasegawa<</td><</tr>\n<</table>")
    assert rows == ROWS
    assert "<" not in text and ">" not in text


def test_bare_brackets_fostered_between_rows_and_escaped_ones_in_cells() -> None:
    rows, text, _ = _rows(
        "<table class='table'>\n<tbody>\n>\n<\n<tr>\n<th>Year</th><th>Winner</th>\n</tr>\n<\n"
        "<tr>\n<td>&gt;1998&lt;</td> <td>&gt;Ann Kowalski&lt;</td>\n</tr>\n>\n<\n"
        "<tr>\n<td>2002</td> <td>Jun Hasegawa</td>\n</tr>\n</tbody>\n</table>")
    assert rows == ROWS
    assert "<" not in text and ">" not in text


def test_two_echoes_in_a_lightly_damaged_table_are_enough() -> None:
    rows, text, _ = _rows(
        "<table>\n<tr><th>Year</th><th>Winner</th></tr>\n"
        "<tr><td>>1998</td><td>Ann Kowalski</td></tr>\n"
        "<tr><td>2002</td><td>Jun Hasegawa<</td></tr>\n</table>")
    assert rows == ROWS
    assert "<" not in text and ">" not in text


def test_one_glued_bracket_in_a_table_is_left_alone() -> None:
    html = ("<table>\n<tr><th>Section</th><th>Link</th></tr>\n"
            "<tr><td>News</td><td>&gt;<a href='/news'>More news</a></td></tr>\n</table>")
    rows, _, repairs = _rows(html)
    assert rows == [["Section", "Link"], ["News", ">More news"]]
    assert not repairs


def test_eaten_cell_tags_after_real_row_tags_are_still_read_as_eaten() -> None:
    # ``<tr>>`` here is a real row and an eaten ``<td>``, not an echo: the bracket tree nests.
    rows, text, _ = _rows(
        "<table>\n<tr>>Year<>Winner<</tr>\n<tr>>1998<>Ann Kowalski<</tr>\n"
        "<tr>>2002<>Jun Hasegawa<</tr>\n</table>")
    assert rows == ROWS
    assert "<" not in text and ">" not in text
