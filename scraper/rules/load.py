"""Reading rule files: TOML -> validated ``Rule``, every problem named by file and key.

Files are read with the stdlib ``tomllib``; selectors are compiled once by lexbor (through
selectolax, which raises ``SelectolaxError`` for a selector it cannot parse) and patterns by
``re``, so a rule that loads never fails later on a page. ``read_rule`` collects every problem
of a file instead of stopping at the first, for ``scraper rules check``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from scraper.heuristics import HEURISTIC_NAMES, Heuristics
from scraper.models import PageType
from scraper.rules.model import FIELD_DIRECTIVES, Match, Rule, RuleTest

__all__ = ["SHIPPED_DIR", "Problem", "read_rule", "rule_files"]

#: The rules shipped in the package (and the wheel), one file per site or platform.
SHIPPED_DIR = Path(__file__).resolve().parent / "sites"

_MATCH_KEYS = frozenset({"hosts", "urls", "generator", "body_class", "stylesheet"})
_SELECTOR_KEYS = ("main", "drop", "keep", *FIELD_DIRECTIVES)
_TOP_KEYS = frozenset({"name", "description", "match", "disable", "fill", "page_type", "test",
                       "heuristics", *_SELECTOR_KEYS})
#: Record fields a test can expect; ``published``/``modified`` compare as a prefix.
EXPECT_KEYS = frozenset({"title", "authors", "published", "modified", "section", "tags",
                         "image", "next_page", "page_type", "site_name"})
_TEST_KEYS = frozenset({"url", "fixture", "must_contain", "must_not_contain", *EXPECT_KEYS})
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

#: A tiny document to compile selectors against: lexbor parses a selector on first use.
_PROBE = LexborHTMLParser("<p></p>")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a rule file, as ``scraper rules check`` prints it."""

    path: Path
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.key}: {self.message}" if self.key else \
            f"{self.path}: {self.message}"


def rule_files(directory: Path) -> list[Path]:
    """A directory's rule files, in the order they are layered (by name)."""
    return sorted(directory.glob("*.toml"))


def read_rule(path: Path) -> tuple[Rule | None, list[Problem]]:
    """The rule in ``path`` and its problems; no rule when there is any problem."""
    problems: list[Problem] = []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return None, [Problem(path, "", f"cannot read: {exc}")]
    reader = _Reader(path, problems)
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(Problem(path, key, "unknown key"))
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append(Problem(path, "name", "must be lower-case letters, digits, . _ -"))
    raw_match = data.get("match")
    tables = raw_match if isinstance(raw_match, list) else [raw_match]
    matches = [reader.match(table, "match" if len(tables) == 1 else f"match[{index}]")
               for index, table in enumerate(tables)]
    selectors = {key: reader.selectors(key, data.get(key)) for key in _SELECTOR_KEYS}
    page_type = reader.page_type(data.get("page_type"))
    heuristics = reader.heuristics(data["heuristics"]) if "heuristics" in data else None
    disable = reader.strings("disable", data["disable"]) if "disable" in data else ()
    fill = reader.strings("fill", data["fill"]) if "fill" in data else ()
    for field in fill:
        if field not in FIELD_DIRECTIVES or not selectors[field]:
            problems.append(Problem(path, "fill", f"{field!r} is not a field this rule reads"))
    tests = reader.tests(data.get("test", []))
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.append(Problem(path, "description", "must be a string"))
    if problems or None in matches:
        return None, problems
    fields = {key: selectors[key] for key in FIELD_DIRECTIVES if selectors[key]}
    return Rule(name=name, path=path, matches=tuple(m for m in matches if m is not None),
                description=description,
                main=selectors["main"], drop=selectors["drop"], keep=selectors["keep"],
                fields=fields, fill=frozenset(fill), page_type=page_type, heuristics=heuristics,
                disable=disable, tests=tests), []


class _Reader:
    """Typed reads of one file's values, each failure added to ``problems``."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, key, message))

    def strings(self, key: str, value: object) -> tuple[str, ...]:
        """A string or a list of strings (one value may be written without brackets)."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(key, "must be a non-empty string or a list of them")
            return ()
        return tuple(value)

    def selectors(self, key: str, value: object) -> tuple[str, ...]:
        if value is None:
            return ()
        selectors = self.strings(key, value)
        for selector in selectors:
            try:
                _PROBE.css(selector)
            except SelectolaxError:
                self.fail(key, f"invalid CSS selector {selector!r}")
        return selectors

    def match(self, value: object, where: str) -> Match | None:
        if not isinstance(value, dict) or not value:
            self.fail(where, "missing: a [match] table (or [[match]] tables) with hosts, urls, "
                      "generator, body_class or stylesheet")
            return None
        for key in sorted(set(value) - _MATCH_KEYS):
            self.fail(f"{where}.{key}", "unknown key")
        got = {key: self.strings(f"{where}.{key}", value[key])
               for key in _MATCH_KEYS if key in value}
        patterns = []
        for pattern in got.get("urls", ()):
            try:
                patterns.append(re.compile(pattern))
            except re.error as exc:
                self.fail(f"{where}.urls", f"invalid regex {pattern!r}: {exc}")
        return Match(
            hosts=tuple(h.lower().removeprefix("www.") for h in got.get("hosts", ())),
            urls=tuple(patterns),
            generator=tuple(g.lower() for g in got.get("generator", ())),
            body_class=got.get("body_class", ()),
            stylesheet=tuple(s.lower() for s in got.get("stylesheet", ())))

    def page_type(self, value: object) -> PageType | None:
        if value is None:
            return None
        if isinstance(value, str) and value in {t.value for t in PageType}:
            return PageType(value)
        self.fail("page_type", f"must be one of {[t.value for t in PageType]}")
        return None

    def heuristics(self, value: object) -> Heuristics | None:
        """``[heuristics]``: switch names of ``HEURISTIC_NAMES``, each ``true`` or ``false``."""
        if not isinstance(value, dict) or not value:
            self.fail("heuristics", f"must be a table of switches: {', '.join(HEURISTIC_NAMES)}")
            return None
        switches: dict[str, bool] = {}
        for key, switch in value.items():
            if key not in HEURISTIC_NAMES:
                self.fail(f"heuristics.{key}", "unknown key")
            elif not isinstance(switch, bool):
                self.fail(f"heuristics.{key}", "must be true or false")
            else:
                switches[key] = switch
        return Heuristics(**switches)

    def tests(self, value: object) -> tuple[RuleTest, ...]:
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            self.fail("test", "must be [[test]] tables")
            return ()
        tests = []
        for index, table in enumerate(value):
            key = f"test[{index}]"
            for unknown in sorted(set(table) - _TEST_KEYS):
                self.fail(f"{key}.{unknown}", "unknown key")
            url, fixture = table.get("url"), table.get("fixture")
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                self.fail(f"{key}.url", "must be the page's http(s) URL")
                continue
            if not isinstance(fixture, str):
                self.fail(f"{key}.fixture", "must be the saved page's path")
                continue
            # A missing page is for ``rules check`` to report: an installed package ships
            # its rules without the project's fixtures, and the rule itself is still good.
            found = find_fixture(self.path, fixture) or self.path.parent / fixture
            tests.append(RuleTest(
                url=url, fixture=found,
                expect={k: v for k, v in table.items() if k in EXPECT_KEYS},
                must_contain=self.strings(f"{key}.must_contain", table.get("must_contain", []))
                if table.get("must_contain") else (),
                must_not_contain=self.strings(f"{key}.must_not_contain",
                                              table.get("must_not_contain", []))
                if table.get("must_not_contain") else ()))
        return tuple(tests)


def find_fixture(rule_path: Path, fixture: str) -> Path | None:
    """A test's page, relative to the rule's directory or one of its parents: a user's rule
    keeps its page beside it, a shipped rule names ``fixtures/rules/...`` of the project."""
    for directory in rule_path.resolve().parents:
        candidate = directory / fixture
        if candidate.is_file():
            return candidate
    return None
