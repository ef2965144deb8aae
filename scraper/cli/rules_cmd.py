"""``scraper rules``: list, check, test and draft site rules; and the rules of a run.

    scraper rules list [--rules DIR]            name, match, file of every rule in effect
    scraper rules check [DIR]                   validate a directory (default: the shipped one)
    scraper rules test URL FILE.html            which rule fits a saved page, and what it changes
    scraper rules new URL FILE.html             draft a rule from a saved page

Exit 2 on any problem ``check`` finds, and on usage errors, as everywhere in the CLI.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from scraper.cli.common import PlainHelpCommand, fail_usage
from scraper.decode import decode_document
from scraper.errors import ConfigError, ScraperError
from scraper.models import Repairs
from scraper.parse import parse
from scraper.rules import SHIPPED_DIR, RuleSet
from scraper.rules.draft import draft_rule
from scraper.rules.testing import check_files, extract_with

__all__ = ["SHIPPED_VALUE", "load_run_rules", "rules_app"]

#: ``--rules shipped`` turns on the shipped rules alone; any other value is a directory
#: layered over them.
SHIPPED_VALUE = "shipped"

#: Record fields ``rules test`` compares, in record order.
_DIFF_FIELDS = ("title", "authors", "published", "modified", "site_name", "section", "tags",
                "image", "page_type", "blocked", "next_page", "word_count")

rules_app = typer.Typer(help="List, check, test and draft per-site rules.",
                        no_args_is_help=True)

RulesOption = Annotated[Path | None, typer.Option(
    "--rules", metavar="DIR", help="A directory of your rules, layered over the shipped ones.",
    show_default=False)]


def load_run_rules(rules: Path | None, strict: bool) -> RuleSet:
    """The rules of an ``extract`` or ``crawl`` run: none without ``--rules``; the shipped
    ones and DIR's with it. A bad file is reported once on stderr and left out, so the run
    goes on with the general extractor for its pages; ``--strict-rules`` makes it exit 2."""
    if rules is None:
        return RuleSet()
    directories = () if str(rules) == SHIPPED_VALUE else (rules,)
    try:
        rule_set = RuleSet.load(*directories, strict=strict)
    except ConfigError as exc:
        fail_usage(exc.message)
        raise  # unreachable: fail_usage exits
    for problem in rule_set.problems:
        typer.echo(f"scraper: warning: rule left out: {problem}", err=True)
    return rule_set


@rules_app.command("list", cls=PlainHelpCommand)
def list_command(rules: RulesOption = None) -> None:
    """Every rule in effect: name, what it matches, its file (later files win)."""
    rule_set = _load(rules)
    for rule in rule_set.rules:
        typer.echo(f"{rule.name}\t{rule.describe_match()}\t{rule.path}")


@rules_app.command("check", cls=PlainHelpCommand)
def check_command(
    directory: Annotated[Path | None, typer.Argument(
        help="Rules directory (default: the shipped rules).", show_default=False)] = None,
    no_tests: Annotated[bool, typer.Option(
        "--no-tests", help="Validate only: do not run the rules' [[test]] pages.")] = False,
) -> None:
    """Validate every rule file: unknown keys, bad selectors and patterns, duplicate matches,
    missing tests; then run each test with and without its rule. Exit 2 on any problem."""
    if directory is not None and not directory.is_dir():
        fail_usage(f"rules directory not found: {directory}")
    report = check_files(directory, run_tests=not no_tests)
    for problem in report.problems:
        typer.echo(str(problem), err=True)
    checked = len(list((directory or SHIPPED_DIR).glob("*.toml")))
    if report.not_installed:
        typer.echo(f"scraper: {report.not_installed} test page(s) of the shipped rules are not "
                   "installed: run 'rules check' from a source checkout to test them", err=True)
    if report.problems:
        typer.echo(f"scraper: {len(report.problems)} problem(s) in {checked} rule file(s)",
                   err=True)
        raise typer.Exit(2)
    typer.echo(f"{checked} rule file(s) OK")


@rules_app.command("test", cls=PlainHelpCommand)
def test_command(
    url: Annotated[str, typer.Argument(help="The page's URL.")],
    page: Annotated[Path, typer.Argument(help="The saved page (.html).")],
    rules: RulesOption = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print {rule, with, without} records as one JSON object.")] = False,
) -> None:
    """Which rule fits a saved page, and the record with and without it: fields, then text."""
    body = _read_page(page)
    rule_set = _load(rules)
    try:
        rule = rule_set.match(parse(decode_document(body, {}, Repairs())[0]), url)
        without = extract_with(body, url, RuleSet()).to_dict()
        with_rule = extract_with(body, url, RuleSet((rule,))).to_dict() if rule else without
    except ScraperError as exc:  # an empty or undecodable page: a usage error here
        fail_usage(f"{page}: {exc.message}")
        raise
    if as_json:
        typer.echo(json.dumps({"rule": rule.name if rule else None, "with": with_rule,
                               "without": without}, ensure_ascii=False))
        return
    if rule is None:
        typer.echo("no rule matches this page: the general extractor alone applies")
        return
    typer.echo(f"rule: {rule.name} ({rule.describe_match()}) from {rule.path}")
    for line in _field_diff(without, with_rule):
        typer.echo(line)
    text_diff = list(difflib.unified_diff(
        without["text"].split("\n\n"), with_rule["text"].split("\n\n"),
        "without rule", f"with rule:{rule.name}", n=0, lineterm=""))
    typer.echo("\n".join(text_diff) if text_diff else "text: same")


@rules_app.command("new", cls=PlainHelpCommand)
def new_command(
    url: Annotated[str, typer.Argument(help="The page's URL.")],
    page: Annotated[Path, typer.Argument(help="The saved page (.html).")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", metavar="FILE", help="Write the draft here instead of stdout.",
        show_default=False)] = None,
) -> None:
    """Draft a rule from a saved page: the containers the extractor chose and the
    boilerplate it dropped inside them, as selectors to edit."""
    try:
        draft = draft_rule(_read_page(page), url, page)
    except ScraperError as exc:
        fail_usage(f"{page}: {exc.message}")
        raise
    if output is None:
        typer.echo(draft, nl=False)
        return
    if output.exists():
        fail_usage(f"{output} exists: not overwriting a rule")
    output.write_text(draft, encoding="utf-8")
    typer.echo(f"draft written to {output}: edit it, then 'scraper rules test {url} {page} "
               f"--rules {output.parent}'", err=True)


def _load(rules: Path | None) -> RuleSet:
    try:
        return RuleSet.load(*(() if rules is None else (rules,)))
    except ConfigError as exc:
        fail_usage(exc.message)
        raise


def _read_page(page: Path) -> bytes:
    try:
        return page.read_bytes()
    except OSError as exc:
        fail_usage(f"cannot read {page}: {exc.strerror}")
        raise


def _field_diff(without: dict[str, Any], with_rule: dict[str, Any]) -> list[str]:
    lines = []
    for name in _DIFF_FIELDS:
        before, after = without.get(name), with_rule.get(name)
        if before == after:
            continue
        source = with_rule["sources"].get(name, "")
        credit = f"  [{source}]" if source else ""
        lines.append(f"{name}: {json.dumps(before, ensure_ascii=False)} -> "
                     f"{json.dumps(after, ensure_ascii=False)}{credit}")
    return lines or ["fields: same"]
