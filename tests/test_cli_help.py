"""Help text a user reads: arguments and options by name and metavar, without the Python type
column typer adds (``PATH <list[str]>``, ``<bool>``, ``<str>``)."""

from __future__ import annotations

import re

import pytest

from tests.cli_helpers import run_cli

#: A type as typer prints it: ``<str>``, ``<list[str]>``, ``<path>``, ``<int>``.
TYPE_NOISE = re.compile(r"<(?:list\[\w+\]|str|int|float|bool|path)>")


@pytest.mark.parametrize("command", [("extract",), ("crawl",), ("rules", "check"),
                                     ("rules", "test"), ("rules", "new"), ("rules", "list")])
def test_help_shows_no_python_types(command: tuple[str, ...]) -> None:
    result = run_cli(*command, "--help")
    assert result.returncode == 0
    help_text = result.stdout.decode()
    assert "Arguments:" in help_text or command == ("rules", "list")
    assert TYPE_NOISE.search(help_text) is None, TYPE_NOISE.search(help_text)
