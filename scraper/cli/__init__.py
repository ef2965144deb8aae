"""Command line: ``scraper extract``, ``crawl`` and ``rules``. Arguments -> settings -> pipeline.

Exit codes: 0 all inputs succeeded (skips included), 1 the run completed with failures,
2 usage or configuration error (one line on stderr, no traceback), 130/143 interrupted.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from scraper._version import __version__
from scraper.cli.common import PlainHelpCommand
from scraper.cli.crawl_cmd import crawl_command
from scraper.cli.extract_cmd import extract_command
from scraper.cli.rules_cmd import rules_app

__all__ = ["app", "main"]

app = typer.Typer(
    name="scraper",
    help="Turn article pages into clean, structured records: JSONL, Markdown, text or HTML.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: options with their metavar only (no <bool>/<str> type column), the same
    # text on any terminal, which also keeps docs/cli.md reproducible.
    rich_markup_mode=None,
)
app.command("extract", cls=PlainHelpCommand)(extract_command)
app.command("crawl", cls=PlainHelpCommand)(crawl_command)
app.add_typer(rules_app, name="rules")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"scraper {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Print the version and exit.")] = False) -> None:
    """Turn article pages into clean, structured records: JSONL, Markdown, text or HTML."""


def main() -> None:
    """Console-script entry point. Usage errors that typer would draw as a box (a bad
    option value, an unknown option) are one line and exit 2, like the commands' own."""
    command = typer.main.get_command(app)
    try:
        code = command.main(prog_name="scraper", standalone_mode=False)
    except typer.TyperException as exc:  # click's errors (typer bundles click)
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            typer.echo(ctx.get_help(), err=True)
            sys.exit(2)
        message = " ".join(getattr(exc, "format_message", exc.__str__)().split())
        where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        typer.echo(f"scraper: error: {message}{where}", err=True)
        sys.exit(getattr(exc, "exit_code", 2))
    except typer.Abort:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
