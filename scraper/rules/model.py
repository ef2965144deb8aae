"""What a site rule says, once read and validated: the value objects shared by loading,
matching, applying and testing. Nothing here reads files or touches a tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scraper.heuristics import Heuristics
from scraper.models import PageType

__all__ = ["FIELD_DIRECTIVES", "Match", "Rule", "RuleTest"]

#: Record fields a rule can read from the page with a selector, in record order. Each one
#: overrides only that field; the record's ``sources`` then says ``rule:<name>``.
FIELD_DIRECTIVES = ("title", "authors", "published", "modified", "site_name", "section", "tags",
                    "image", "next_page")

#: How much each kind of match weighs when two rules match one page: the most specific wins
#: (a site's own rule over its platform's), a tie goes to the later file. Orders of ten so that
#: a host beats any URL pattern and fingerprints, and a URL pattern beats all three kinds of
#: fingerprint together (a theme rule, generator and body class, beats its platform's, one).
HOST_WEIGHT = 100
URL_WEIGHT = 10
FINGERPRINT_WEIGHT = 1


@dataclass(frozen=True, slots=True)
class Match:
    """When a rule applies (one of its ``[[match]]`` alternatives). Kinds given must all
    match (AND); within a kind any value does (OR). Hosts match their subdomains; URL
    patterns are searched in the URL; fingerprints read the parsed page, so a platform rule
    covers it on any domain."""

    hosts: tuple[str, ...] = ()
    urls: tuple[re.Pattern[str], ...] = ()
    generator: tuple[str, ...] = ()
    body_class: tuple[str, ...] = ()
    stylesheet: tuple[str, ...] = ()

    @property
    def needs_page(self) -> bool:
        return bool(self.generator or self.body_class or self.stylesheet)

    def key(self) -> tuple[tuple[str, ...], ...]:
        """What two rules must not share: an identical match means one of them never wins."""
        return (self.hosts, tuple(p.pattern for p in self.urls), self.generator,
                self.body_class, self.stylesheet)

    def weight(self, host_hit: bool) -> int:
        """How specific this match is (see ``HOST_WEIGHT``)."""
        fingerprints = sum(bool(kind) for kind in (self.generator, self.body_class,
                                                   self.stylesheet))
        return (HOST_WEIGHT * host_hit + URL_WEIGHT * bool(self.urls)
                + FINGERPRINT_WEIGHT * fingerprints)

    def describe(self) -> str:
        """``generator ~wordpress and body.jnews``: kinds joined by 'and', values by 'or'."""
        kinds = [[f"host {h}" for h in self.hosts], [f"url ~'{p.pattern}'" for p in self.urls],
                 [f"generator ~{g}" for g in self.generator],
                 [f"body.{c}" for c in self.body_class],
                 [f"stylesheet ~{s}" for s in self.stylesheet]]
        return " and ".join(" or ".join(values) for values in kinds if values)


@dataclass(frozen=True, slots=True)
class RuleTest:
    """One offline test of a rule: a saved page and what its record must show."""

    url: str
    fixture: Path
    #: Expected record fields (``title``, ``authors``, ``published`` as a prefix, ...).
    expect: dict[str, object] = field(default_factory=dict)
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One site's or platform's rule; every directive is optional and overrides only itself."""

    name: str
    path: Path
    #: Alternatives: the rule applies when any of them matches (``[[match]]`` tables).
    matches: tuple[Match, ...]
    description: str = ""
    #: Article containers, in reading order: everything else on the page goes.
    main: tuple[str, ...] = ()
    #: Removed before the general stripping runs.
    drop: tuple[str, ...] = ()
    #: Never removed by the general stripping (its markup hints are hidden from it).
    keep: tuple[str, ...] = ()
    #: Field name -> selectors tried in order (see ``FIELD_DIRECTIVES``).
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Fields given only when the general extractor found none (a platform's markup is a
    #: fallback to the site's own structured data, which is often more precise).
    fill: frozenset[str] = frozenset()
    page_type: PageType | None = None
    #: General heuristics switched off for the rule's pages (``[heuristics]``); None when the
    #: rule names none.
    heuristics: Heuristics | None = None
    #: Names of earlier rules (shipped ones, typically) this file switches off.
    disable: tuple[str, ...] = ()
    tests: tuple[RuleTest, ...] = ()

    def describe_match(self) -> str:
        return " | ".join(match.describe() for match in self.matches)
