"""The shipped rules' own [[test]]s: each passes with its rule and fails without it (the rule
matters), and the rule leaves pages it was not written for as the general extractor has them."""

from __future__ import annotations

from pathlib import Path

import pytest

import scraper
from scraper.rules import RuleSet
from scraper.rules.testing import failures_of, record_for
from tests.golden import FIXTURES, canonical_url

SHIPPED = RuleSet.load()
CASES = [pytest.param(rule, test, id=f"{rule.name}-{index}")
         for rule in SHIPPED.rules for index, test in enumerate(rule.tests)]


def test_every_shipped_rule_has_a_test() -> None:
    assert SHIPPED.rules
    assert all(rule.tests for rule in SHIPPED.rules)


@pytest.mark.parametrize(("rule", "test"), CASES)
def test_rule_passes_its_test(rule: scraper.rules.Rule, test: scraper.rules.RuleTest) -> None:
    assert test.fixture.is_relative_to(FIXTURES / "rules")
    assert SHIPPED.match(_tree(test.fixture), test.url) == rule, "the rule must match its page"
    assert failures_of(test, record_for(test, RuleSet((rule,)))) == []


@pytest.mark.parametrize(("rule", "test"), CASES)
def test_rule_test_fails_without_the_rule(rule: scraper.rules.Rule,
                                          test: scraper.rules.RuleTest) -> None:
    assert failures_of(test, record_for(test, RuleSet())), \
        f"{rule.name}: the general extractor passes this test alone: the rule proves nothing"


@pytest.mark.parametrize("name", ["capital-cities-envoy", "riverside-ledger-bridge",
                                  "tidepool-docs-retries", "ghost-tutorial-list-parsing",
                                  "substack-tidewater-notes", "fieldnotes-lake-ice",
                                  "eastport-storm-figures-tweet",
                                  "pottingshed-seed-library-comments"])
def test_shipped_rules_keep_golden_articles_whole(name: str) -> None:
    """Golden pages of matched platforms: every paragraph the general extractor gets right
    stays (a rule may add a standfirst), and so do the fields."""
    body = (FIXTURES / f"{name}.html").read_bytes()
    url = canonical_url(body)
    plain = scraper.extract(body, url=url)
    ruled = scraper.extract(body, url=url, settings=scraper.ExtractSettings(rules=SHIPPED))
    kept = ruled.text.split("\n\n")
    assert [part for part in plain.text.split("\n\n") if part not in kept] == []
    for field in ("title", "authors", "published", "section", "tags"):
        assert getattr(ruled, field) == getattr(plain, field), field


def _tree(path: Path) -> object:
    from selectolax.lexbor import LexborHTMLParser
    return LexborHTMLParser(path.read_bytes())


@pytest.mark.parametrize(("fixture", "url"), [
    ("blogger-simple.html", "https://hivenotes-ellery.blogspot.com/"),
    ("blogger-simple.html", "https://hivenotes-ellery.blogspot.com/search/label/winter"),
    ("discourse-topic.html", "https://forum.offgridmakers.example/latest"),
])
def test_post_rules_leave_listing_pages_alone(fixture: str, url: str) -> None:
    """Rules that take the first post for the record match post URLs only: on a listing the
    first post would stand in for the whole page."""
    rule = SHIPPED.match(_tree(FIXTURES / "rules" / fixture), url)
    assert rule is None or rule.name not in ("blogger", "discourse")
