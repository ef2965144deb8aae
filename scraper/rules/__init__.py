"""Site rules: small TOML files that pin extraction down for a site or a whole platform.

    # scraper/rules/sites/ghost.toml
    description = "Ghost (Casper and most themes): the post body is .gh-content."
    [match]
    generator = ["ghost"]            # <meta name=generator> content, any domain
    main = ".gh-content"             # article containers, in order
    drop = [".kg-signup-card"]       # removed before the general stripping
    authors = ".gh-article-author-name a"
    [[test]]
    url = "https://blog.example/post/"
    fixture = "fixtures/rules/ghost-casper.html"
    authors = ["Ada Lovelace"]
    must_not_contain = ["Sign up for more like this"]

A rule never replaces the general algorithm; it narrows it (``main``, ``drop``, ``keep``) and
overrides the fields it names, which ``sources`` then credits to ``rule:<name>``. Rules ship
in the package (``sites/``) and are layered with the user's directories (``RuleSet.load``);
``ExtractSettings()`` holds none, and benchmarks run so. The format is documented in
``docs/rules.md``.

    load.py      TOML -> validated Rule, every problem named by file and key
    ruleset.py   layering, disabling, and which rule fits a page (host, URL, fingerprint)
    apply.py     a matched rule applied to the tree and the metadata
    testing.py   a rule's own [[test]]s, run with and without it
    draft.py     a first rule drafted from a saved page
"""

from __future__ import annotations

from scraper.rules.apply import apply_rule
from scraper.rules.load import SHIPPED_DIR, Problem
from scraper.rules.model import Match, Rule, RuleTest
from scraper.rules.ruleset import RuleSet

__all__ = ["SHIPPED_DIR", "Match", "Problem", "Rule", "RuleSet", "RuleTest", "apply_rule"]
