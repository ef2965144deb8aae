"""Titles: site segments cut from <title>, headlines preferred."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.extractor.metadata.title import best_match, split_site, title_from_document


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("Council approves budget | Example News", ["Example News"],
         ("Council approves budget", "Example News")),
        ("Example News - Council approves budget", ["Example News"],
         ("Council approves budget", "Example News")),
        ("Council approves the new budget – The Guardian", ["theguardian"],
         ("Council approves the new budget", "The Guardian")),
        ("Zimbabwe coup: Mugabe insists he finishes his term", [],
         ("Zimbabwe coup: Mugabe insists he finishes his term", None)),
        ("How to Build a Terrarium | eHow", [], ("How to Build a Terrarium", "eHow")),
        ("Budget approved | Example News", [], ("Budget approved | Example News", None)),
        ("Harbor County Gazette :: Reservoir levels fall below seasonal average", [],
         ("Reservoir levels fall below seasonal average", "Harbor County Gazette")),
    ],
)
def test_split_site(title: str, sites: list[str], expected: tuple[str, str | None]) -> None:
    assert split_site(title, sites, guess=True) == expected


def test_split_site_without_guessing_needs_a_known_name() -> None:
    assert split_site("How to Build a Terrarium | eHow", [], guess=False) == (
        "How to Build a Terrarium | eHow", None)


def test_h1_preferred_when_it_is_the_head_of_the_title() -> None:
    tree = LexborHTMLParser("""<title>Budget approved | Example News</title>
        <h1>Budget approved</h1>""")
    assert title_from_document(tree, []) == ("Budget approved", "h1", None)


def test_logo_h1_is_not_the_title() -> None:
    tree = LexborHTMLParser("""<title>Evolve: Shared Mutable History — evolve extension</title>
        <body><h1>evolve extension</h1></body>""")
    assert title_from_document(tree, [])[0] == "Evolve: Shared Mutable History"


def test_best_match_picks_the_name_the_title_agrees_with() -> None:
    candidates = [("constitutional monarchy in Oceania", "json-ld"), ("New Zealand", "json-ld")]
    assert best_match(candidates, ["New Zealand - Wikipedia"]) == ("New Zealand", "json-ld")
