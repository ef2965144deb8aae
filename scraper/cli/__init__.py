"""Command line: ``scraper extract``, ``crawl`` and ``rules``. Arguments -> settings -> pipeline.

Exit codes: 0 all inputs succeeded (skips included), 1 the run completed with failures,
2 usage or configuration error (one line on stderr, no traceback), 130/143 interrupted.
"""

from __future__ import annotations

import typer

from scraper.cli.crawl_cmd import crawl_command
from scraper.cli.extract_cmd import extract_command
from scraper.cli.rules_cmd import rules_app

__all__ = ["app", "main"]

app = typer.Typer(
    name="scraper",
    help="Turn article pages into clean, structured JSONL records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("extract")(extract_command)
app.command("crawl")(crawl_command)
app.add_typer(rules_app, name="rules")


def main() -> None:
    """Console-script entry point."""
    app()
