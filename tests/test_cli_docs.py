"""docs/cli.md is the typer app's own help: it cannot drift from the code."""

from __future__ import annotations

from tests.cli_docs import CLI_DOCS, render_cli_docs


def test_cli_reference_matches_the_app() -> None:
    assert CLI_DOCS.read_text(encoding="utf-8") == render_cli_docs(), (
        "docs/cli.md is out of date: run python -m tests.cli_docs and review the diff")
