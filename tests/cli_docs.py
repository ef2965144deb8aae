"""``docs/cli.md``, generated from the typer app. After changing a command's options or help,
regenerate with ``python -m tests.cli_docs`` and review the diff; ``test_cli_docs`` fails
while the file and the app disagree."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.cli import get_docs_for_click

from scraper.cli import app

CLI_DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

HEADER = ("<!-- Generated from the typer app by `python -m tests.cli_docs`; do not edit by "
          "hand (tests/test_cli_docs.py checks it). -->\n\n")


def render_cli_docs() -> str:
    command = typer.main.get_command(app)
    with typer.Context(command, info_name="scraper") as ctx:
        body = get_docs_for_click(obj=command, ctx=ctx, name="scraper",
                                  title="`scraper` command line")
    return HEADER + body.strip() + "\n"


if __name__ == "__main__":
    CLI_DOCS.write_text(render_cli_docs(), encoding="utf-8")
    print(f"wrote {CLI_DOCS}")
