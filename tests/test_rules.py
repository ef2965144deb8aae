"""Per-site rules: loading, validation with clear errors, matching, and their effect."""

from __future__ import annotations

from pathlib import Path

import pytest

import scraper
from scraper.errors import ConfigError
from scraper.rules import RuleSet
from tests.cli_helpers import run_cli
from tests.golden import canonical_url

PAGE = """<html><body>
<div class="td-container"><div class="td-main-content">
<div class="tdb-block-inner"><p>The harbour authority confirmed on Monday that the new container
terminal will open in March, two months later than planned, after storms damaged the cranes.</p>
<p>Shipping companies have been told to route larger vessels to the southern quay until then.</p>
<div class="promo-strip"><p>Subscribe to our weekly port newsletter for all the latest updates
on shipping, cargo volumes and harbour works delivered straight to your inbox.</p></div>
</div></div>
<div class="td-related"><p>Other stories: ferry timetable changes for the winter season and the
new fish market opening hours, plus the marina's plans for a second pontoon.</p></div>
</div></body></html>"""


def write_rule(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_rule_matches_host_and_subdomains(tmp_path: Path) -> None:
    write_rule(tmp_path, "port", 'hosts = ["port-news.example"]\nmain = ".tdb-block-inner"\n')
    rules = RuleSet.load(tmp_path)
    assert rules.match("https://port-news.example/a") is not None
    assert rules.match("https://www.port-news.example/a") is not None
    assert rules.match("https://notport-news.example/a") is None
    assert rules.match(None) is None


def test_rule_main_and_drop_shape_the_article(tmp_path: Path) -> None:
    write_rule(tmp_path, "port", 'hosts = ["port-news.example"]\n'
               'main = ".tdb-block-inner"\ndrop = [".promo-strip"]\n')
    settings = scraper.ExtractSettings(rules=RuleSet.load(tmp_path))
    article = scraper.extract(PAGE, url="https://port-news.example/terminal", settings=settings)
    assert "container terminal" in article.text
    assert "newsletter" not in article.text
    assert "ferry timetable" not in article.text
    other = scraper.extract(PAGE, url="https://elsewhere.example/terminal", settings=settings)
    assert "container terminal" in other.text


@pytest.mark.parametrize(("text", "problem"), [
    ('main = "div"\n', "'hosts'"),
    ('hosts = ["a.example"]\nmain = "div[["\n', "invalid CSS selector"),
    ('hosts = ["a.example"]\nfoo = 1\n', "unknown keys"),
    ('hosts = ["a.example"\n', "cannot read"),
])
def test_bad_rule_is_a_config_error_naming_the_file(tmp_path: Path, text: str,
                                                     problem: str) -> None:
    path = write_rule(tmp_path, "broken", text)
    with pytest.raises(ConfigError) as info:
        RuleSet.load(tmp_path)
    assert str(path) in info.value.message and problem in info.value.message


def test_cli_reports_a_bad_rules_dir_as_usage_error(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE)
    result = run_cli("extract", str(page), "--rules", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "rules directory not found" in result.stderr.decode()


def test_bundled_rules_are_valid() -> None:
    bundled = Path(__file__).resolve().parent.parent / "rules"
    assert RuleSet.load(bundled).rules


@pytest.mark.parametrize("name", ["capital-cities-envoy", "riverside-ledger-bridge",
                                  "tidepool-docs-retries"])
def test_bundled_rules_keep_the_fixture_articles_whole(name: str) -> None:
    """A site rule narrows the general algorithm; it must not lose any of the article."""
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    body = (fixtures / f"{name}.html").read_bytes()
    url = canonical_url(body)
    rules = RuleSet.load(Path(__file__).resolve().parent.parent / "rules")
    assert rules.match(url) is not None
    plain = scraper.extract(body, url=url)
    ruled = scraper.extract(body, url=url, settings=scraper.ExtractSettings(rules=rules))
    assert ruled.text == plain.text
