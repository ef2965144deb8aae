"""Three more reconstructions of the seed page, each a different broken pipeline that a browser
renders to the seed's text (``/work/shared/seed/capital-cities-envoy.txt``: lines of lone ``<``
and ``>`` before the table, rows shown as ``>January 2024< >``), must give the record of the
first reconstruction: the 4x3 table, the four lists and the headings, no bracket left.

- ``-doubled``: the table's tags written with their brackets doubled, ``<<tr>>``,
  ``<<td>>Expanded Sanctions Announced<</td>>``; a browser keeps ``>cell<`` in each cell and
  moves the outer brackets out of the table, before it.
- ``-one-sided``: the same with the outer bracket eaten, ``<tr>>``, ``<td>>cell<</td>``.
- ``-foster``: a real table with lines of bare brackets between its section and row tags (a
  browser fosters them out, before the table) and cells whose brackets stayed escaped,
  ``<td>&gt;cell&lt;</td>``.

All three keep the first reconstruction's spaced pseudo-tags after the table (``< / h2 >``,
``< strong >``) and the last row's ``< / td >``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.models import Article, BlockType, RawPage
from scraper.pipeline import extract_page
from scraper.settings import ExtractSettings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
URL = ("https://capital-cities.info/2025/06/27/world/"
       "us-envoy-departs-russia-amid-rising-tensions-and-fading-hopes-for-detente/")
MODELS = ("doubled", "one-sided", "foster")
ROWS = [
    ["Key Event", "Date", "Main Impact"],
    ["Expanded Sanctions Announced", "January 2024", "Further economic isolation measures imposed"],
    ["Collapse of Strategic Arms Reduction Talks", "September 2023",
     "Stalled nuclear disarmament progress"],
    ["Major Cyber Intrusion Reported by NATO Allies", "December 2023",
     "Increased suspicion over cyber espionage activities"],
]
HEADINGS = [
    "US-Russia Diplomatic Breakdown: Analyzing the Departure of the American Envoy",
    "Significance of the US Envoy’s Exit Amid Rising Tensions",
    "The Broader Consequences for International Stability",
    "Pathways Toward Restoring Communication and Reducing Hostilities",
    "A Forward Look: Navigating Uncertain Waters Ahead",
]


WITH_REPAIR = ExtractSettings()


def _extract(name: str, settings: ExtractSettings = WITH_REPAIR) -> Article:
    path = FIXTURES / f"capital-cities-envoy{'-' + name if name else ''}.html"
    return extract_page(RawPage(body=path.read_bytes(), url=URL), settings)


@pytest.fixture(scope="module")
def first() -> Article:
    return _extract("")


@pytest.mark.parametrize("name", MODELS)
def test_the_reconstruction_gives_the_table_lists_and_headings(name: str) -> None:
    article = _extract(name)
    tables = [block for block in article.blocks if block.type is BlockType.TABLE]
    assert [table.rows for table in tables] == [ROWS]
    lists = [block.items for block in article.blocks if block.type is BlockType.LIST]
    assert len(lists) == 4 and all(items is not None and len(items) == 3 for items in lists)
    assert lists[3] is not None and lists[3][1].startswith("Establishment Of Crisis Communication")
    assert [block.text for block in article.blocks if block.type is BlockType.HEADING] == HEADINGS
    assert "<" not in article.text and ">" not in article.text
    assert article.repairs.get("table_debris", 0) > 0


@pytest.mark.parametrize("name", MODELS)
def test_the_reconstruction_gives_the_first_ones_record(first: Article, name: str) -> None:
    article = _extract(name)
    assert article.text == first.text
    assert [block.to_dict() for block in article.blocks] == [
        block.to_dict() for block in first.blocks]


@pytest.mark.parametrize("name", MODELS)
def test_the_damage_is_there_without_repair(name: str) -> None:
    # As a browser shows it: the cells' brackets, the fostered ones before the table.
    text = _extract(name, ExtractSettings(repair=False)).text
    assert ">Expanded Sanctions Announced<" in text
    assert text.count("<") >= 9 and text.count(">") >= 9
