"""Per-site rules: small TOML files that tell the strip stage what a site's markup means.

A rule never replaces the general algorithm; it narrows it for sites where it errs:

    # rules/capital-cities.toml
    hosts = ["capitalcities.example", "www.capitalcities.example"]  # host or parent domain
    main = "div.entry-content"            # the article container, if the site has a stable one
    drop = [".jeg_share_top_container", ".jeg_postblock"]   # removed before extraction

Rules are loaded once (``RuleSet.load``), validated (a bad file is a ``ConfigError`` naming the
file and the problem), and matched by the page URL's host. Benchmarks run with no rules.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.errors import ConfigError

__all__ = ["Rule", "RuleSet", "apply_rule"]

_KNOWN_KEYS = frozenset({"hosts", "main", "drop", "description"})


@dataclass(frozen=True, slots=True)
class Rule:
    """What one site's rule says."""

    name: str
    hosts: tuple[str, ...]
    main: str | None = None
    drop: tuple[str, ...] = ()

    def matches(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All rules of a directory, matched by host."""

    rules: tuple[Rule, ...] = ()

    @classmethod
    def load(cls, directory: Path) -> RuleSet:
        if not directory.is_dir():
            raise ConfigError(f"rules directory not found: {directory}")
        return cls(tuple(_load_rule(path) for path in sorted(directory.glob("*.toml"))))

    def match(self, url: str | None) -> Rule | None:
        if not url or not self.rules:
            return None
        host = (urlsplit(url).hostname or "").lower()
        return next((rule for rule in self.rules if rule.matches(host)), None) if host else None


def _load_rule(path: Path) -> Rule:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"rule {path}: cannot read: {exc}") from exc
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(f"rule {path}: unknown keys {sorted(unknown)}")
    hosts = data.get("hosts")
    if not isinstance(hosts, list) or not hosts or not all(isinstance(h, str) for h in hosts):
        raise ConfigError(f"rule {path}: 'hosts' must be a non-empty list of host names")
    main = data.get("main")
    if main is not None and not isinstance(main, str):
        raise ConfigError(f"rule {path}: 'main' must be a CSS selector string")
    drop = data.get("drop", [])
    if not isinstance(drop, list) or not all(isinstance(s, str) for s in drop):
        raise ConfigError(f"rule {path}: 'drop' must be a list of CSS selector strings")
    probe = LexborHTMLParser("<p></p>")
    for selector in [s for s in [main, *drop] if s]:
        try:
            probe.css(selector)
        except Exception as exc:  # lexbor raises a bare ValueError/SelectolaxError variant
            raise ConfigError(f"rule {path}: invalid CSS selector {selector!r}: {exc}") from exc
    return Rule(name=path.stem, hosts=tuple(h.lower() for h in hosts), main=main,
                drop=tuple(drop))


def apply_rule(tree: LexborHTMLParser, rule: Rule) -> None:
    """Remove the rule's ``drop`` nodes; when its ``main`` container is found, remove
    everything around it, so the general algorithm only looks inside it."""
    for selector in rule.drop:
        for node in tree.css(selector):
            node.decompose()
    if rule.main is None or tree.body is None:
        return
    main = tree.css_first(rule.main)
    if main is not None:
        _isolate(main, tree.body)


def _isolate(node: LexborNode, body: LexborNode) -> None:
    current = node
    while current.parent is not None and current != body:
        for sibling in _element_siblings(current):
            sibling.decompose()
        current = current.parent


def _element_siblings(node: LexborNode) -> Iterable[LexborNode]:
    parent = node.parent
    if parent is None:
        return []
    return [child for child in parent.iter(include_text=False) if child != node]
