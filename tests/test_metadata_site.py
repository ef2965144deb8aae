"""Site names: host fallback, matching title segments, og vs JSON-LD."""

from __future__ import annotations

from scraper.extractor.metadata.site import choose_site_name, host_label, host_name, matches_site


def test_host_name_and_label() -> None:
    assert host_name("https://www.example.com/a") == "example.com"
    assert host_label("https://news.bbc.co.uk/x") == "bbc"
    assert host_label("https://blog.example.org/") == "example"
    assert host_name("http://fakehost/test/page.html") is None
    assert host_name(None) is None


def test_matches_site() -> None:
    assert matches_site("The Guardian", ["theguardian"])
    assert matches_site("BBC News", ["bbc"])
    assert not matches_site("Budget approved", ["Example News"])


def test_choose_site_name() -> None:
    og = [("detroitnews", "meta:og:site_name")]
    jsonld = [("The Detroit News", "json-ld")]
    assert choose_site_name(og, jsonld, []) == ("The Detroit News", "json-ld")
    wire = [("Associated Press", "json-ld")]
    assert choose_site_name([("Connecticut Post", "meta:og:site_name")], wire, []) == (
        "Connecticut Post", "meta:og:site_name")
    assert choose_site_name([("@politifact", "meta:og:site_name")], [], []) is None
    tagline = [("Aktuálně.cz - Víte, co se právě děje", "meta:og:site_name")]
    assert choose_site_name(tagline, [("Aktuálně.cz", "json-ld")], [])[0] == "Aktuálně.cz"
    legal = [("Spiceworks Inc", "meta:og:site_name")]
    assert choose_site_name(legal, [("Spiceworks", "json-ld")], [])[0] == "Spiceworks"
    host = [("livescience.com", "meta:og:site_name")]
    assert choose_site_name(host, [("Live Science", "json-ld")], [])[0] == "Live Science"
    brand = [("Space.com", "meta:og:site_name")]
    assert choose_site_name(brand, [("Space", "json-ld")], [])[0] == "Space"
    longer_name = [("みなと新聞デジタル", "meta:og:site_name")]
    assert choose_site_name(longer_name, [("みなと新聞", "json-ld")], [])[0] == "みなと新聞デジタル"
