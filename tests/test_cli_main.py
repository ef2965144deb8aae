"""The ``scraper`` program itself: --version, completion, help text, one-line usage errors."""

from __future__ import annotations

import re

import pytest

import scraper
from tests.cli_helpers import run_cli

#: Type labels typer would print beside options; the help names values by metavar instead.
TYPE_NOISE = re.compile(r"<(bool|str|int|float|path|int range|float range)>")


def test_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == f"scraper {scraper.__version__}"


def test_shell_completion_is_offered() -> None:
    proc = run_cli("--help")
    assert proc.returncode == 0
    help_text = proc.stdout.decode()
    assert "--install-completion" in help_text and "--show-completion" in help_text


@pytest.mark.parametrize("command", ["extract", "crawl"])
def test_option_help_has_no_type_noise(command: str) -> None:
    proc = run_cli(command, "--help")
    assert proc.returncode == 0
    help_text = proc.stdout.decode()
    assert not TYPE_NOISE.search(help_text), TYPE_NOISE.search(help_text)
    assert "--format FORMAT" in help_text and "--jobs N" in help_text
    assert "--workers" not in help_text  # the old crawl name, accepted but not shown


@pytest.mark.parametrize("args,needle", [
    (["crawl", "http://x.org/", "--concurrency", "many"], "--concurrency"),
    (["extract", "--no-such-option"], "No such option"),
    (["nonsense"], "No such command"),
])
def test_parse_errors_are_one_line_exit_2(args: list[str], needle: str) -> None:
    proc = run_cli(*args)
    assert proc.returncode == 2
    message = proc.stderr.decode()
    assert message.startswith("scraper: error: ") and needle in message
    assert len(message.strip().splitlines()) == 1 and "Traceback" not in message
