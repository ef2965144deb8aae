"""The pathological pages of bench/pathological.py, the quick ones, as tests with generous
bounds: each gives an Article or a ScraperError well within the batch deadline. Their time and
memory targets are measured by the benchmark (docs/robustness.md), not here."""

from __future__ import annotations

import time

import pytest

import scraper
from bench.pathological import CASES, TIME_BUDGET_S
from scraper.errors import InternalError, ScraperError

#: Left to the benchmark: seconds each (a million text nodes, 50,000 links) or 500 MB of
#: memory in the test process (the 20 MB line).
HEAVY = frozenset({"text-nodes-1m", "void-tags-2m", "links-50k", "line-20mb"})


@pytest.mark.parametrize("name", sorted(set(CASES) - HEAVY))
def test_a_pathological_page_ends_well_within_the_deadline(name: str) -> None:
    page = CASES[name]()
    started = time.monotonic()
    try:
        scraper.extract(page, url="https://example.com/case")
    except InternalError:
        raise
    except ScraperError:
        pass
    assert time.monotonic() - started < TIME_BUDGET_S / 4


def test_long_texts_collapse_and_count_as_short_ones_do() -> None:
    from scraper.pipeline import word_count
    from scraper.strip.measure import LONG_TEXT, collapse

    unit = "Wörter\u00a0und\u3000東京 words,\tmore\u2028lines \x1c sep  "
    text = "\n " + unit * (LONG_TEXT // len(unit) + 7) + " end "
    assert len(text) > LONG_TEXT
    assert collapse(text) == " ".join(text.split())
    assert word_count(text) == sum(word_count(part) for part in text.split())
