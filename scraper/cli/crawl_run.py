"""The run of ``scraper crawl``, once its options are settings: the output, state and archive
files opened, the crawl driven to its end or a signal, every result written where it belongs,
and the summary reported. Imported when a crawl starts (``crawl_cmd``), not with the CLI."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import signal
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from scraper.archive import ArchiveWriter
from scraper.cli.common import Ticker, fail_usage, progress_ticker
from scraper.cli.outputs import LineSink, Outputs, open_outputs
from scraper.crawler.engine import Crawler, CrawlResult, Skip
from scraper.crawler.frontier import Discovery
from scraper.crawler.state import CrawlState
from scraper.errors import ConfigError
from scraper.filters import RecordFilter
from scraper.render.formats import OutputFormat
from scraper.serialize import error_record, to_json_line
from scraper.settings import CrawlSettings
from scraper.sinks import StreamSink
from scraper.streams import is_directory_target

__all__ = ["run_crawl"]

log = logging.getLogger(__name__)

#: After Ctrl-C/SIGTERM, pages in flight get this long to finish and be written (short: a
#: stop must feel prompt); then they are cancelled and a resumed run fetches them again. A
#: second signal cancels at once.
STOP_GRACE_S = 2.0

#: Hosts listed in the stderr summary; the --summary JSON has all of them.
SUMMARY_TOP_HOSTS = 5

@dataclass
class _Stats:
    started: float = field(default_factory=time.monotonic)
    written: int = 0
    skips: Counter[str] = field(default_factory=Counter)
    filtered: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    by_host: Counter[str] = field(default_factory=Counter)

    def add(self, result: CrawlResult, written: str) -> None:
        """Count ``result``, of which ``written`` says what went out (``_write``)."""
        if written == _RECORD:
            self.written += 1
        elif result.skip is not None and result.skip.value.startswith("filtered_"):
            self.filtered[result.skip.value] += 1
        elif result.skip is not None:
            self.skips[result.skip.value] += 1
        elif result.article is not None:
            self.filtered[written] += 1
        else:
            self.errors[result.kind or "error"] += 1
            self.by_host[result.host or "(no host)"] += 1

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    def to_dict(self, crawler: Crawler, signum: int | None, exit_code: int) -> dict[str, Any]:
        elapsed = time.monotonic() - self.started
        return {
            "fetched": crawler.fetched,
            "written": self.written,
            "unchanged": self.skips[Skip.UNCHANGED.value],
            "duplicates": self.skips[Skip.DUPLICATE.value],
            "robots": self.skips[Skip.ROBOTS.value],
            "out_of_scope": self.skips[Skip.OUT_OF_SCOPE.value],
            "max_pages": self.skips[Skip.MAX_PAGES.value],
            "filtered": dict(sorted(self.filtered.items())),
            "sources_read": crawler.sources_read,
            "failed": self.failed,
            "errors_by_kind": dict(self.errors.most_common()),
            "errors_by_host": dict(self.by_host.most_common()),
            "resumed_already_done": crawler.resumed_skips,
            "elapsed_s": round(elapsed, 3),
            "pages_per_s": round(crawler.fetched / elapsed, 2) if elapsed > 0 else 0.0,
            "completed": crawler.completed,
            "interrupted_by": signal.Signals(signum).name if signum else None,
            "exit_code": exit_code,
        }


def _summary_text(data: dict[str, Any]) -> str:
    kinds = ", ".join(f"{k} {n}" for k, n in data["errors_by_kind"].items())
    filtered = ", ".join(f"{k} {n}" for k, n in data["filtered"].items())
    if filtered:
        filtered = f", {sum(data['filtered'].values())} filtered ({filtered})"
    discovered = "".join(f", {data[key]} {label}" for key, label in (
        ("out_of_scope", "out of scope"), ("max_pages", "past --max-pages")) if data[key])
    text = (f"scraper crawl: {data['written']} written, {data['unchanged']} unchanged, "
            f"{data['duplicates']} duplicates, {data['robots']} robots{discovered}{filtered}"
            f", {data['failed']} failed"
            f"{f' ({kinds})' if kinds else ''}; {data['fetched']} fetched in "
            f"{data['elapsed_s']:.1f}s, {data['pages_per_s']:.1f} pages/s")
    if data["sources_read"]:
        text += f"; {data['sources_read']} sitemaps/feeds read"
    if data.get("appended_to"):
        text += (f"\n  appended to {data['appended_to']} (with --state a rerun resumes and adds "
                 "only new or changed pages; --overwrite starts afresh)")
    if data.get("archived") is not None:
        text += f"; {data['archived']} pages archived"
    if data["resumed_already_done"]:
        text += f"; resumed, {data['resumed_already_done']} lines done before"
    if data["errors_by_host"]:
        hosts = itertools.islice(data["errors_by_host"].items(), SUMMARY_TOP_HOSTS)
        text += "\n  failures by host: " + ", ".join(f"{h} {n}" for h, n in hosts)
    if data["interrupted_by"]:
        text += f"\n  interrupted by {data['interrupted_by']}: rerun the same command to resume"
    return text




def run_crawl(settings: CrawlSettings, lines: Iterable[str], fingerprint: str,
              discovery: Discovery | None, output: str, out_format: OutputFormat,
              errors: str | None, skips: str | None, keep: RecordFilter,
              summary: Path | None, *, append: bool, overwrite: bool, state: Path | None,
              quiet: bool, no_progress: bool) -> None:
    """Crawl ``lines`` (URLs) and ``discovery``'s sources, and exit with the crawl's code
    (``typer.Exit``); ``fingerprint`` names the input, for resuming with ``state``."""
    # Rerun semantics: --state appends (a resumed or incremental run continues its files);
    # without it a rerun replaces its output, unless --append.
    appending = append or (state is not None and not overwrite)
    archive_writer = _open_archive(settings, appending)
    outputs = open_outputs(output, out_format, errors, skips, keep, append=appending)
    crawl_state = _open_state(state, fingerprint, overwrite, quiet)
    try:
        with progress_ticker(not no_progress and not quiet) as ticker:
            code, data = asyncio.run(_crawl(lines, settings, crawl_state, outputs, ticker,
                                            archive_writer, discovery))
        outputs.close()
    except KeyboardInterrupt:  # before the loop's own handler was in place
        outputs.close(quietly=True)
        raise typer.Exit(130) from None
    except OSError as exc:  # the output or errors file cannot be written (disk full, ...)
        outputs.close(quietly=True)
        fail_usage(f"writing results failed: {exc.strerror or exc}")
    finally:
        if crawl_state is not None:
            crawl_state.close()
        if archive_writer is not None:
            archive_writer.close()
    # A directory's files are rewritten whole, so only a stream file is "appended to".
    data["appended_to"] = output if appending and isinstance(outputs.records, StreamSink) \
        and output != "-" else None
    if archive_writer is not None:
        data["archived"] = archive_writer.count
    _report(data, quiet, summary)
    raise typer.Exit(code)


def _open_archive(settings: CrawlSettings, appending: bool) -> ArchiveWriter | None:
    """The --archive file, emptied first unless the run appends; a usage error if it cannot
    be written."""
    if settings.archive is None:
        return None
    if is_directory_target(str(settings.archive)):
        fail_usage(f"--archive {settings.archive}: is a directory, and the archive is one file")
    try:
        if not appending:
            settings.archive.write_bytes(b"")
        return ArchiveWriter(settings.archive, settings)
    except (OSError, ConfigError) as exc:
        fail_usage(exc.message if isinstance(exc, ConfigError)
                   else f"cannot write --archive {settings.archive}: {exc.strerror or exc}")


def _open_state(path: Path | None, fingerprint: str, fresh: bool,
                quiet: bool) -> CrawlState | None:
    """The state file, its run started or resumed; a bad file is a usage error."""
    if path is None:
        return None
    try:
        state = CrawlState(path)
        if state.start_run(fingerprint, fresh=fresh) and not quiet:
            typer.echo(f"scraper: resuming the interrupted run recorded in {path}", err=True)
    except ConfigError as exc:
        fail_usage(exc.message)
    return state


def _report(data: dict[str, Any], quiet: bool, summary: Path | None) -> None:
    """The summary on stderr, and as JSON in ``summary``."""
    if not quiet:
        typer.echo(_summary_text(data), err=True)
    if summary is None:
        return
    try:
        summary.parent.mkdir(parents=True, exist_ok=True)
        summary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        fail_usage(f"cannot write --summary {summary}: {exc.strerror or exc}")


async def _crawl(lines: Iterable[str], settings: CrawlSettings, state: CrawlState | None,
                 outputs: Outputs, ticker: Ticker,
                 archive: ArchiveWriter | None = None,
                 discovery: Discovery | None = None) -> tuple[int, dict[str, Any]]:
    loop = asyncio.get_running_loop()
    stats = _Stats()
    received: list[int] = []
    cancels: set[asyncio.Task[None]] = set()
    async with Crawler(settings, state, archive.write if archive else None) as crawler:

        def on_signal(signum: int) -> None:
            if received:
                cancels.add(loop.create_task(crawler.cancel()))
                return
            received.append(signum)
            log.warning("%s: finishing pages in flight, then stopping",
                        signal.Signals(signum).name)
            crawler.stop()
            loop.call_later(STOP_GRACE_S, lambda: cancels.add(loop.create_task(crawler.cancel())))

        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, on_signal, signum)
        try:
            async for result in crawler.run(lines, discovery):
                stats.add(result, _write(result, outputs, state))
                ticker.advance()
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
        if state is not None:
            if crawler.completed:
                state.finish_run()
            else:
                state.flush()
    stopped_by = received[0] if received else None
    code = 128 + stopped_by if stopped_by else (1 if stats.failed else 0)
    return code, stats.to_dict(crawler, stopped_by, code)


_RECORD = "record"


def _write(result: CrawlResult, outputs: Outputs, state: CrawlState | None) -> str:
    """Write ``result`` where it belongs; returns ``record``, a skip or filter kind, or the
    error kind. The state learns the file and offset first (see ``CrawlState``)."""
    line: str | None = None
    sink: LineSink | None = None
    if result.article is not None:
        skip = outputs.keep.check(result.article)
        if skip is None:
            _before_write(state, result, *outputs.records.state_position())
            outputs.records.write(result.article)
            return _RECORD
        line = to_json_line(error_record(result.url, skip.kind, skip.message))
        sink, kind = outputs.skips, skip.kind
    else:
        line = to_json_line(result.error_record())
        sink = outputs.skips if result.skip is not None else outputs.errors
        kind = result.kind or "error"
    _before_write(state, result, sink.path, os.stat(sink.path).st_size if sink.path else 0)
    sink.write_line(line)
    return kind


def _before_write(state: CrawlState | None, result: CrawlResult, path: str | None,
                  offset: int) -> None:
    if state is not None and result.entry is not None:
        state.before_write(result.entry, path, offset)
