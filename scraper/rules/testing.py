"""A rule's own tests: its ``[[test]]`` pages extracted with it and without it.

A test passes when every expectation holds with the rule; it proves the rule matters when at
least one expectation fails without it (the general extractor alone). ``scraper rules check``
and the test suite run both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.models import Article, RawPage
from scraper.rules.load import SHIPPED_DIR, Problem, read_rule, rule_files
from scraper.rules.model import Rule, RuleTest
from scraper.rules.ruleset import RuleSet

__all__ = ["Report", "check_files", "extract_with", "failures_of", "record_for"]

_SPACE = re.compile(r"\s+")
#: Fields compared on their first characters: a test gives the day, the page may add a time.
_PREFIX_FIELDS = frozenset({"published", "modified"})
#: Fields compared as sets: the order tags are listed in is the page's business.
_SET_FIELDS = frozenset({"tags"})


def record_for(test: RuleTest, rules: RuleSet) -> dict[str, Any]:
    """The record of the test's page under ``rules``."""
    return extract_with(test.fixture.read_bytes(), test.url, rules).to_dict()


def extract_with(body: bytes, url: str, rules: RuleSet) -> Article:
    """A saved page's article under ``rules``, through the pipeline as a batch run does it."""
    from scraper.pipeline import extract_page  # the pipeline imports this package
    from scraper.settings import ExtractSettings

    return extract_page(RawPage(body=body, url=url), ExtractSettings(rules=rules))


def failures_of(test: RuleTest, record: dict[str, Any]) -> list[str]:
    """What in ``record`` contradicts ``test``; empty when it passes."""
    failures = []
    for name, want in test.expect.items():
        got = record.get(name)
        if name in _PREFIX_FIELDS:
            ok = isinstance(got, str) and isinstance(want, str) and got.startswith(want)
        elif name in _SET_FIELDS:
            ok = isinstance(want, list) and set(got or []) == set(want)
        elif isinstance(want, str) and isinstance(got, str):
            ok = _collapse(got) == _collapse(want)
        else:
            ok = got == want
        if not ok:
            failures.append(f"{name}: expected {want!r}, got {got!r}")
    text = _collapse(record.get("text") or "")
    failures += [f"text lacks {phrase!r}" for phrase in test.must_contain
                 if _collapse(phrase) not in text]
    failures += [f"text has {phrase!r}" for phrase in test.must_not_contain
                 if _collapse(phrase) in text]
    return failures


@dataclass(frozen=True, slots=True)
class Report:
    """What ``check_files`` found, and how many test pages it could not run."""

    problems: list[Problem]
    #: Shipped rules' pages live in the source tree, not in the installed package: an
    #: installed copy checks its rules but cannot run their tests.
    not_installed: int = 0


def check_files(directory: Path | None = None, *, run_tests: bool = True) -> Report:
    """Every problem of a rules directory (the shipped one by default): what ``read_rule``
    finds, then duplicate matches, missing tests and pages, and tests that fail with their
    rule or pass without it."""
    directory = directory or SHIPPED_DIR
    shipped = directory.resolve() == SHIPPED_DIR
    problems: list[Problem] = []
    rules: list[Rule] = []
    for path in rule_files(directory):
        rule, found = read_rule(path)
        problems += found
        if rule is not None:
            rules.append(rule)
    problems += _duplicates(rules)
    not_installed = 0
    for rule in rules:
        if shipped and any(not test.fixture.is_file() for test in rule.tests):
            not_installed += len(rule.tests)
            continue
        problems += _test_problems(rule, run_tests)
    return Report(problems, not_installed)


def _duplicates(rules: list[Rule]) -> list[Problem]:
    """Two rules with one match, or claiming one host: one of them can never apply."""
    problems = []
    seen_keys: dict[tuple[tuple[str, ...], ...], Rule] = {}
    seen_hosts: dict[str, Rule] = {}
    seen_names: dict[str, Rule] = {}
    for rule in rules:
        if (other := seen_names.get(rule.name)) is not None:
            problems.append(Problem(rule.path, "name", f"{rule.name!r} is also {other.path}"))
        seen_names[rule.name] = rule
        for match in rule.matches:
            key = match.key()
            if (other := seen_keys.get(key)) is not None:
                problems.append(Problem(rule.path, "match",
                                        f"same match as {other.path} ({match.describe()})"))
            seen_keys[key] = rule
            for host in match.hosts:
                if (other := seen_hosts.get(host)) is not None and other is not rule:
                    problems.append(Problem(rule.path, "match.hosts",
                                            f"host {host} is also matched by {other.path}"))
                seen_hosts[host] = rule
    return problems


def _test_problems(rule: Rule, run_tests: bool) -> list[Problem]:
    if not rule.tests:
        return [Problem(rule.path, "test", "missing: a rule needs at least one [[test]]")]
    problems = []
    for index, test in enumerate(rule.tests):
        key = f"test[{index}]"
        if not test.fixture.is_file():
            problems.append(Problem(rule.path, f"{key}.fixture",
                                    f"file not found: {test.fixture}"))
            continue
        if not run_tests:
            continue
        failures = failures_of(test, record_for(test, RuleSet((rule,))))
        problems += [Problem(rule.path, key, f"fails with the rule: {f}") for f in failures]
        if not failures and not failures_of(test, record_for(test, RuleSet())):
            problems.append(Problem(rule.path, key, "passes without the rule too: test "
                                    "something the general extractor gets wrong"))
    return problems


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
