"""A set of rules, layered from directories, and which one fits a page.

Layers: the shipped rules (``scraper/rules/sites/``), then each ``--rules DIR`` in the order
given, each directory's files by name. A later rule of the same name replaces an earlier one;
``disable = ["name"]`` switches earlier ones off. A page gets at most one rule: of those that
match, the most specific (a host rule over a URL pattern over fingerprints, see
``model.HOST_WEIGHT``), and of equals the later one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from scraper.errors import ConfigError
from scraper.rules.load import SHIPPED_DIR, Problem, read_rule, rule_files
from scraper.rules.model import Match, Rule

__all__ = ["RuleSet"]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules in layering order, and the problems of files left out (when not strict)."""

    rules: tuple[Rule, ...] = ()
    problems: tuple[Problem, ...] = ()

    @classmethod
    def load(cls, *directories: Path, shipped: bool = True, strict: bool = True) -> RuleSet:
        """The shipped rules (unless ``shipped=False``) overlaid with ``directories``.

        A missing directory is always a ``ConfigError``. A bad file is one too when
        ``strict``; otherwise it is left out and listed in ``problems``, for the caller to
        report once while the run goes on with the rest.
        """
        layers = ([SHIPPED_DIR] if shipped else []) + list(directories)
        by_name: dict[str, Rule] = {}
        problems: list[Problem] = []
        for directory in layers:
            if not directory.is_dir():
                raise ConfigError(f"rules directory not found: {directory}")
            for path in rule_files(directory):
                rule, found = read_rule(path)
                if found and strict:
                    raise ConfigError(f"rule {found[0]}")
                problems += found
                if rule is None:
                    continue
                for name in rule.disable:
                    by_name.pop(name, None)
                by_name.pop(rule.name, None)  # re-inserted last: it is the later file now
                by_name[rule.name] = rule
        return cls(tuple(by_name.values()), tuple(problems))

    def match(self, tree: LexborHTMLParser, url: str | None) -> Rule | None:
        """The rule for this page, or None. Fingerprints are read only if a rule needs them."""
        if not self.rules:
            return None
        host = (urlsplit(url).hostname or "").lower() if url else ""
        page: _Fingerprint | None = None
        best: Rule | None = None
        best_weight = -1
        for rule in self.rules:
            for m in rule.matches:
                host_hit = any(host == h or host.endswith("." + h) for h in m.hosts)
                if m.hosts and not host_hit:
                    continue
                if m.urls and not (url and any(p.search(url) for p in m.urls)):
                    continue
                if m.needs_page:
                    page = page or _Fingerprint.of(tree)
                    if not page.satisfies(m):
                        continue
                if (weight := m.weight(host_hit)) >= best_weight:
                    best, best_weight = rule, weight
        return best


@dataclass(frozen=True, slots=True)
class _Fingerprint:
    """What a platform writes on every page whatever the domain."""

    generators: tuple[str, ...]
    body_classes: frozenset[str]
    stylesheets: tuple[str, ...]

    @classmethod
    def of(cls, tree: LexborHTMLParser) -> _Fingerprint:
        generators = tuple((node.attributes.get("content") or "").lower()
                           for node in tree.css('meta[name="generator" i]'))
        body = tree.body
        classes = frozenset((body.attributes.get("class") or "").split()) if body else frozenset()
        sheets = tuple((node.attributes.get("href") or "").lower()
                       for node in tree.css('link[rel~="stylesheet" i][href]'))
        return cls(generators, classes, sheets)

    def satisfies(self, match: Match) -> bool:
        return ((not match.generator or any(g in content for g in match.generator
                                            for content in self.generators))
                and (not match.body_class or any(c in self.body_classes
                                                 for c in match.body_class))
                and (not match.stylesheet or any(s in href for s in match.stylesheet
                                                 for href in self.stylesheets)))
