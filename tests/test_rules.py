"""Site rules: loading, validation with clear errors, layering, matching, and their effect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scraper
from scraper.errors import ConfigError
from scraper.rules import SHIPPED_DIR, RuleSet
from tests.cli_helpers import run_cli

PAGE = """<html><head><meta name="generator" content="PortPress 4.2">
<link rel="stylesheet" href="/themes/harbour/style.css?v=3"></head>
<body class="single harbour-theme">
<div class="td-container"><div class="td-main-content">
<div class="post-meta"><span class="writer">Maria Olsen</span>
<span class="stamp" data-time="2025-03-04T08:00:00+01:00">4 March</span>
<a class="topic" href="/harbour/">Harbour</a> <a class="next" href="/terminal/2/">Next page</a>
</div>
<div class="tdb-block-inner"><p>The harbour authority confirmed on Monday that the new container
terminal will open in March, two months later than planned, after storms damaged the cranes.</p>
<p>Shipping companies have been told to route larger vessels to the southern quay until then.</p>
<div class="promo-strip"><p>Subscribe to our weekly port newsletter for all the latest updates
on shipping, cargo volumes and harbour works delivered straight to your inbox.</p></div>
</div></div>
<div class="td-related"><p>Other stories: ferry timetable changes for the winter season and the
new fish market opening hours, plus the marina's plans for a second pontoon.</p></div>
<div class="fact-box share-tools"><p>Key figures: the terminal handles 400,000 containers a year
on two berths, and the quay is 620 metres long once the extension is finished.</p></div>
</div></body></html>"""

URL = "https://port-news.example/terminal"


def write_rule(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def only(directory: Path) -> RuleSet:
    return RuleSet.load(directory, shipped=False)


def extract(rules: RuleSet, url: str = URL, page: str = PAGE) -> scraper.Article:
    return scraper.extract(page, url=url, settings=scraper.ExtractSettings(rules=rules))


def tree() -> object:
    from selectolax.lexbor import LexborHTMLParser
    return LexborHTMLParser(PAGE)


@pytest.mark.parametrize(("match", "url", "hit"), [
    ('hosts = ["port-news.example"]', URL, True),
    ('hosts = ["port-news.example"]', "https://www.port-news.example/a", True),
    ('hosts = ["port-news.example"]', "https://notport-news.example/a", False),
    ('hosts = ["port-news.example"]', None, False),
    ("urls = ['/terminal$']", URL, True),
    ("urls = ['/terminal$']", URL + "/2", False),
    ('generator = ["PortPress"]', "https://any.example/x", True),
    ('generator = ["WordPress"]', "https://any.example/x", False),
    ('body_class = ["harbour-theme"]', "https://any.example/x", True),
    ('body_class = ["harbour"]', "https://any.example/x", False),
    ('stylesheet = ["/themes/harbour/"]', "https://any.example/x", True),
    ('generator = ["PortPress"]\nbody_class = ["other"]', "https://any.example/x", False),
])
def test_match_by_host_url_or_fingerprint(tmp_path: Path, match: str, url: str | None,
                                          hit: bool) -> None:
    write_rule(tmp_path, "port", f"[match]\n{match}\n")
    assert (only(tmp_path).match(tree(), url) is not None) is hit


def test_most_specific_rule_wins_then_the_later_file(tmp_path: Path) -> None:
    write_rule(tmp_path, "a-site", '[match]\nhosts = ["port-news.example"]\n')
    write_rule(tmp_path, "b-platform", '[match]\ngenerator = ["portpress"]\n')
    write_rule(tmp_path, "c-theme", '[match]\ngenerator = ["portpress"]\n'
               'body_class = ["harbour-theme"]\n')
    rules = only(tmp_path)
    assert rules.match(tree(), URL).name == "a-site"
    assert rules.match(tree(), "https://other.example/").name == "c-theme"


def test_later_directory_replaces_and_disables_rules(tmp_path: Path) -> None:
    write_rule(tmp_path / "one", "port", '[match]\nhosts = ["port-news.example"]\n')
    write_rule(tmp_path / "one", "generic", '[match]\ngenerator = ["portpress"]\n')
    write_rule(tmp_path / "two", "port", '[match]\nhosts = ["elsewhere.example"]\n')
    write_rule(tmp_path / "two", "mine", 'disable = ["generic"]\n'
               '[match]\nhosts = ["mine.example"]\n')
    rules = RuleSet.load(tmp_path / "one", tmp_path / "two", shipped=False)
    assert [r.name for r in rules.rules] == ["mine", "port"]
    assert rules.match(tree(), URL) is None


def test_shipped_rules_are_off_by_default_and_load() -> None:
    assert scraper.ExtractSettings().rules.rules == ()
    shipped = RuleSet.load()
    assert shipped.rules and all(r.path.parent == SHIPPED_DIR for r in shipped.rules)
    assert not shipped.problems


def test_main_drop_and_fields_shape_the_record(tmp_path: Path) -> None:
    text = """page_type = "article"
main = [".tdb-block-inner", ".fact-box"]
drop = [".promo-strip"]
authors = ".writer"
published = ".stamp"
section = "a.topic"
next_page = ["a.missing", "a.next"]
title = "h1.none"
[match]
hosts = ["port-news.example"]
"""
    write_rule(tmp_path, "port", text)
    article = extract(only(tmp_path))
    assert "container terminal" in article.text and "620 metres" in article.text
    assert article.text.index("container terminal") < article.text.index("620 metres")
    assert "newsletter" not in article.text and "ferry timetable" not in article.text
    assert article.authors == ["Maria Olsen"]
    assert article.published == "2025-03-04T08:00:00+01:00"
    assert article.section == "Harbour"
    assert article.next_page == "https://port-news.example/terminal/2/"
    assert article.to_dict()["next_page"] == article.next_page
    assert article.sources["authors"] == "rule:port"
    assert article.sources["next_page"] == "rule:port"
    assert "title" not in article.sources or article.sources["title"] != "rule:port"
    plain = extract(RuleSet())
    assert "next_page" not in plain.to_dict()
    assert "rule:port" not in plain.sources.values()


def test_keep_saves_a_block_the_heuristics_drop(tmp_path: Path) -> None:
    assert "Key figures" not in extract(RuleSet()).text
    write_rule(tmp_path, "port", 'keep = [".fact-box"]\n'
               '[match]\nhosts = ["port-news.example"]\n')
    assert "Key figures" in extract(only(tmp_path)).text


@pytest.mark.parametrize(("text", "key", "problem"), [
    ('main = "div"\n', "match", "missing"),
    ('main = "div[["\n[match]\nhosts = ["a.example"]\n', "main", "invalid CSS selector"),
    ('foo = 1\n[match]\nhosts = ["a.example"]\n', "foo", "unknown key"),
    ('[match]\nhosts = ["a.example"]\nhost = ["b"]\n', "match.host", "unknown key"),
    ("[match]\nurls = ['(unclosed']\n", "match.urls", "invalid regex"),
    ('page_type = "blog"\n[match]\nhosts = ["a.example"]\n', "page_type", "must be one of"),
    ('[match]\nhosts = ["a.example"]\n[[test]]\nurl = "x"\nfixture = "p.html"\n',
     "test[0].url", "http(s) URL"),
    ('[match]\nhosts = ["a.example"\n', "", "cannot read"),
    ('[heuristics]\nhidden = "no"\n[match]\nhosts = ["a.example"]\n', "heuristics.hidden",
     "true or false"),
    ('[heuristics]\nadverts = false\n[match]\nhosts = ["a.example"]\n', "heuristics.adverts",
     "unknown key"),
])
def test_bad_rule_names_file_and_key(tmp_path: Path, text: str, key: str,
                                     problem: str) -> None:
    path = write_rule(tmp_path, "broken", text)
    with pytest.raises(ConfigError) as info:
        only(tmp_path)
    assert str(path) in info.value.message and problem in info.value.message
    assert f": {key}: " in info.value.message if key else True
    lenient = RuleSet.load(tmp_path, shipped=False, strict=False)
    assert lenient.rules == () and len(lenient.problems) >= 1


def test_cli_check_reports_every_problem_and_exits_2(tmp_path: Path) -> None:
    write_rule(tmp_path, "a", 'drop = ["div[["]\n[match]\nhosts = ["a.example"]\n')
    write_rule(tmp_path, "b", '[match]\nhosts = ["b.example"]\n')
    write_rule(tmp_path, "c", 'wat = 1\n[match]\nhosts = ["b.example"]\n')
    result = run_cli("rules", "check", str(tmp_path))
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert f"{tmp_path / 'a.toml'}: drop: invalid CSS selector" in err
    assert f"{tmp_path / 'b.toml'}: test: missing" in err
    assert f"{tmp_path / 'c.toml'}: wat: unknown key" in err
    assert "Traceback" not in err


def test_cli_check_passes_on_the_shipped_rules() -> None:
    result = run_cli("rules", "check")
    assert result.returncode == 0, result.stderr.decode()
    assert "OK" in result.stdout.decode()


def test_cli_list_names_match_and_file(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "port", '[match]\nhosts = ["port-news.example"]\n')
    result = run_cli("rules", "list", "--rules", str(tmp_path))
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert f"port\thost port-news.example\t{path}" in lines
    assert len(lines) == len(RuleSet.load().rules) + 1


def test_cli_test_shows_rule_and_diff(tmp_path: Path) -> None:
    write_rule(tmp_path / "rules", "port", 'keep = [".fact-box"]\npublished = ".stamp"\n'
               '[match]\nhosts = ["port-news.example"]\n')
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    result = run_cli("rules", "test", URL, str(page), "--rules", str(tmp_path / "rules"))
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "rule: port" in out
    assert 'published: null -> "2025-03-04T08:00:00+01:00"  [rule:port]' in out
    assert "+Key figures: the terminal handles" in out
    as_json = run_cli("rules", "test", URL, str(page), "--rules", str(tmp_path / "rules"),
                      "--json")
    record = json.loads(as_json.stdout)
    assert record["rule"] == "port" and record["without"]["published"] is None
    assert record["with"]["sources"]["published"] == "rule:port"
    none = run_cli("rules", "test", "https://elsewhere.example/", str(page))
    assert "no rule matches" in none.stdout.decode()


def test_cli_new_drafts_a_rule_that_checks(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    draft = tmp_path / "rules" / "port.toml"
    draft.parent.mkdir()
    result = run_cli("rules", "new", URL, str(page), "-o", str(draft))
    assert result.returncode == 0, result.stderr.decode()
    text = draft.read_text()
    assert 'hosts = ["port-news.example"]' in text
    assert "main = " in text and "[[test]]" in text
    loaded = RuleSet.load(draft.parent, shipped=False)
    assert loaded.rules[0].main
    again = run_cli("rules", "new", URL, str(page), "-o", str(draft))
    assert again.returncode == 2 and "exists" in again.stderr.decode()


def test_bad_user_rule_is_reported_once_and_the_run_goes_on(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    write_rule(rules, "broken", 'main = "div[["\n[match]\nhosts = ["port-news.example"]\n')
    pages = tmp_path / "pages"
    pages.mkdir()
    for index in range(3):
        (pages / f"p{index}.html").write_text(PAGE)
    result = run_cli("extract", str(pages), "--rules", str(rules), "-q")
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert err.count("rule left out") == 1 and "broken.toml: main" in err
    assert len(result.stdout.decode().splitlines()) == 3
    strict = run_cli("extract", str(pages), "--rules", str(rules), "--strict-rules")
    assert strict.returncode == 2
    assert len(strict.stderr.decode().strip().splitlines()) == 1
    assert "broken.toml: main: invalid CSS selector" in strict.stderr.decode()


def test_cli_reports_a_missing_rules_dir_as_usage_error(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE)
    result = run_cli("extract", str(page), "--rules", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "rules directory not found" in result.stderr.decode()


def test_keep_and_main_name_the_same_block(tmp_path: Path) -> None:
    """``keep`` hides a block's classes from the heuristics; ``main`` still finds it by them."""
    write_rule(tmp_path, "port", 'main = [".tdb-block-inner", ".fact-box"]\n'
               'keep = [".fact-box"]\n[match]\nhosts = ["port-news.example"]\n')
    text = extract(only(tmp_path)).text
    assert text.index("container terminal") < text.index("Key figures")
    assert "ferry timetable" not in text


def test_match_alternatives_any_of_them(tmp_path: Path) -> None:
    write_rule(tmp_path, "either", '[[match]]\ngenerator = ["nothing-like-it"]\n'
               '[[match]]\nstylesheet = ["/themes/harbour/", "/other/"]\n'
               'body_class = ["harbour-theme"]\n')
    rules = only(tmp_path)
    assert rules.match(tree(), "https://any.example/") is not None
    assert rules.rules[0].describe_match() == (
        "generator ~nothing-like-it | body.harbour-theme and stylesheet ~/themes/harbour/ "
        "or stylesheet ~/other/")
    write_rule(tmp_path, "either", '[[match]]\ngenerator = ["x"]\n[[match]]\nhots = ["y"]\n')
    with pytest.raises(ConfigError, match=r"match\[1\]\.hots: unknown key"):
        only(tmp_path)


@pytest.mark.parametrize("command", ["test", "new"])
def test_cli_rules_on_an_empty_page_is_a_usage_error(tmp_path: Path, command: str) -> None:
    page = tmp_path / "empty.html"
    page.write_bytes(b"")
    result = run_cli("rules", command, URL, str(page))
    assert result.returncode == 2
    assert result.stderr.decode().strip() == f"scraper: error: {page}: document is empty"


def test_installed_shipped_rules_check_without_their_pages(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A wheel ships the rules, not fixtures/: checking them there is not an error."""
    import shutil

    import scraper.rules.testing as testing

    installed = tmp_path / "site-packages" / "scraper" / "rules" / "sites"
    installed.mkdir(parents=True)
    shutil.copy(SHIPPED_DIR / "ghost.toml", installed)
    monkeypatch.setattr(testing, "SHIPPED_DIR", installed)
    report = testing.check_files()
    assert report.problems == [] and report.not_installed == 1
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(SHIPPED_DIR / "ghost.toml", mine)
    problems = testing.check_files(mine).problems  # a user's directory: it is an error
    assert [(p.key, p.message.split(":")[0]) for p in problems] == [("test[0].fixture",
                                                                    "file not found")]


def test_crawl_applies_shipped_rules_in_its_workers(tmp_path: Path) -> None:
    """A Ghost page served on 127.0.0.1: its platform rule matches by fingerprint, in the
    extraction worker processes the rule set is sent to."""
    from tests.faultserver import running_server

    with running_server() as server:
        server.robots = (404, "")
        url = server.url("/fixtures/ghost-tutorial-list-parsing.html")
        records = {}
        for name, extra in (("plain", ()), ("ruled", ("--rules", "shipped"))):
            out = tmp_path / f"{name}.jsonl"
            result = run_cli("crawl", url, "-o", str(out), "--workers", "2", "--no-progress",
                             "-q", *extra)
            assert result.returncode == 0, result.stderr.decode()
            records[name] = json.loads(out.read_text())
    standfirst = "The same small job, collecting the text of every item in a list"
    assert records["ruled"]["text"].startswith(standfirst)
    assert standfirst not in records["plain"]["text"]


FAQ = [("How long does a delivery take?", "Orders placed before noon leave the same day and "
        "arrive in two to three working days anywhere on the mainland."),
       ("Can I change my order?", "You can change or cancel an order until it is packed, which "
        "is usually within two hours of ordering."),
       ("Do you deliver to the islands?", "Yes, with one extra day for the ferry; parcels over "
        "20 kg go by pallet and take a week."),
       ("How do I return a plant?", "Send us a photo within 14 days and we replace it or refund "
        "you; there is no need to post it back.")]
HELP_PAGE = (
    '<html><head><title>Help | Greenhaven Nursery</title></head><body class="page-help">'
    '<header class="site-header"><a href="/">Greenhaven Nursery</a><nav><a href="/plants/">'
    'Plants</a> <a href="/pots/">Pots</a> <a href="/help/">Help</a></nav></header>'
    '<main class="help-page"><h1>Delivery and returns</h1><p class="lead">Answers to the '
    "questions we are asked most often about orders, delivery and returns.</p>"
    '<div class="faq-list">' + "".join(
        f'<div class="faq-item"><button class="faq-question" aria-expanded="false" '
        f'aria-controls="more-{i}">{question}</button><div class="reveal-more" id="more-{i}" '
        f"hidden><p>{answer}</p></div></div>" for i, (question, answer) in enumerate(FAQ))
    + '</div></main><footer class="site-footer"><p>Greenhaven Nursery, Orchard Road. Plants '
    "grown on site since 1987.</p></footer></body></html>")
HELP_URL = "https://greenhaven.example/help/delivery/"


def test_a_rule_switches_the_hidden_element_heuristic_off_for_its_pages(tmp_path: Path) -> None:
    # The answers of a click-to-open FAQ whose markup names no panel (no ARIA role or label,
    # no accordion or answer class) are each a lone hidden paragraph: text taken out, as far
    # as the general heuristic can tell.
    assert FAQ[0][1] not in extract(RuleSet(), HELP_URL, HELP_PAGE).text
    write_rule(tmp_path, "greenhaven", "[heuristics]\nhidden = false\n"
               '[match]\nhosts = ["greenhaven.example"]\n')
    rules = only(tmp_path)
    text = extract(rules, HELP_URL, HELP_PAGE).text
    assert all(answer in text for _, answer in FAQ)
    # Only for the rule's pages: the same settings on another site keep the heuristic.
    other = extract(rules, "https://elsewhere.example/help/", HELP_PAGE).text
    assert FAQ[0][1] not in other


def test_a_rule_switches_the_item_list_heuristic_off_for_its_pages(tmp_path: Path) -> None:
    # A guide index: an intro, then a grid of linked cards (titles, a link to each guide).
    # As an item list the grid is the page; without the heuristic it is a link-dense box
    # beside the intro, and cleaning removes it.
    cards = "".join(
        f'<div class="card-item"><a href="/guides/{i}"><img src="/img/{i}.jpg" alt=""></a>'
        f'<div class="card-body"><span class="card-kicker">Guide</span><h3 class="card-title">'
        f'<a href="/guides/{i}">Planting plan {i} for a shady corner with ferns and hostas</a>'
        f'</h3><a class="card-link" href="/guides/{i}">Read the planting plan</a></div></div>'
        for i in range(8))
    page = ('<html><head><title>Shade beds | Fernhollow Gardens</title></head><body>'
            '<main id="main"><div class="entry"><h1 class="entry-title">Our shade beds</h1>'
            '<p>Every bed in the lower garden gets less than three hours of sun. These are the '
            'plans we planted them with, and what survived the dry summer.</p>'
            f'<div class="guide-grid">{cards}</div></div></main></body></html>')
    url = "https://fernhollow.example/shade-beds/"
    assert "Planting plan 5 for a shady corner" in extract(RuleSet(), url, page).text
    write_rule(tmp_path, "fernhollow", "[heuristics]\nitem_list = false\n"
               '[match]\nhosts = ["fernhollow.example"]\n')
    text = extract(only(tmp_path), url, page).text
    assert "These are the plans we planted them with" in text
    assert "Planting plan 5 for a shady corner" not in text
