"""What both commands share: usage errors, logging set-up, progress display, input lines."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

__all__ = ["PlainHelpCommand", "Ticker", "fail_usage", "iter_url_lines", "progress_ticker",
           "setup_logging"]

class PlainHelpCommand(typer.core.TyperCommand):
    """A command whose help (and so docs/cli.md) lists positional arguments by their name
    only, as options are listed by their metavar: typer's plain help adds the Python type to
    each argument (``PATH <list[str]>``, ``url <str>``), which says nothing to a user. The
    type display is switched off on this command's own argument objects, nowhere else."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.param_type_name == "argument":
                vars(param)["display_type_rich"] = _no_type


def _no_type(ctx: object = None) -> None:
    return None


#: A run shorter than this shows no bar: flashing a bar for an instant is noise.
PROGRESS_DELAY_S = 1.0

_stderr = Console(stderr=True)


def fail_usage(message: str) -> NoReturn:
    """Exit 2 with a one-line message, the convention for usage and configuration errors."""
    typer.echo(f"scraper: error: {message}", err=True)
    raise typer.Exit(2)


def setup_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING if not quiet else logging.ERROR
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)


def iter_url_lines(source: str) -> Iterator[str]:
    """Yield URL lines from a file or stdin (``-``), streamed; blank lines and ``#`` comments
    are skipped, everything else (even an invalid URL) is yielded so it can be accounted for."""
    if source == "-":
        handle = sys.stdin
    else:
        path = Path(source)
        if not path.is_file():
            fail_usage(f"input file not found: {source}")
        handle = path.open(encoding="utf-8", errors="replace")
    try:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line
    finally:
        if handle is not sys.stdin:
            handle.close()


class Ticker:
    """Advances a progress bar that appears only once a run has lasted a moment."""

    def __init__(self, progress: Progress | None, total: int | None) -> None:
        self._progress = progress
        self._total = total
        self._task: TaskID | None = None
        self._started = time.monotonic()
        self._done = 0

    def advance(self, n: int = 1) -> None:
        self._done += n
        if self._progress is None:
            return
        if self._task is None:
            if time.monotonic() - self._started < PROGRESS_DELAY_S:
                return
            self._progress.start()
            self._task = self._progress.add_task("pages", total=self._total)
        self._progress.update(self._task, completed=self._done)


@contextmanager
def progress_ticker(enabled: bool, total: int | None = None) -> Iterator[Ticker]:
    """A ``Ticker`` drawing on stderr, or a silent one when disabled or stderr is no terminal."""
    if not enabled or not _stderr.is_terminal:
        yield Ticker(None, total)
        return
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(), console=_stderr,
                        transient=True)
    try:
        yield Ticker(progress, total)
    finally:
        progress.stop()
