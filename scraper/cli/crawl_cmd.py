"""``scraper crawl``: fetch URLs politely, extract, write records, errors and a summary.

Arguments -> ``CrawlSettings`` -> ``Crawler``; this module only wires files, signals, the
progress bar and the summary around the engine in ``scraper.crawler``.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import logging
import os
import signal
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

import typer

from scraper.archive import ArchiveWriter
from scraper.cli.common import Ticker, fail_usage, iter_url_lines, progress_ticker, setup_logging
from scraper.cli.outputs import (
    FormatOpt,
    JobsOpt,
    LangOpt,
    LineSink,
    MinWordsOpt,
    Outputs,
    PageTypeOpt,
    SkipsOpt,
    open_outputs,
    parse_filter,
    parse_format,
)
from scraper.cli.rules_cmd import load_run_rules
from scraper.crawler.engine import Crawler, CrawlResult, Skip
from scraper.crawler.frontier import AUTO_SITEMAPS, Discovery
from scraper.crawler.state import CrawlState
from scraper.errors import ConfigError
from scraper.serialize import error_record, to_json_line
from scraper.settings import CrawlSettings, ExtractSettings
from scraper.sinks import StreamSink
from scraper.streams import is_directory_target

__all__ = ["crawl_command"]

log = logging.getLogger(__name__)

#: After Ctrl-C/SIGTERM, pages in flight get this long to finish and be written (short: a
#: stop must feel prompt); then they are cancelled and a resumed run fetches them again. A
#: second signal cancels at once.
STOP_GRACE_S = 2.0

#: Hosts listed in the stderr summary; the --summary JSON has all of them.
SUMMARY_TOP_HOSTS = 5

#: The page budget of --follow when --max-pages is not given: a site's recent articles and
#: their sections, not the whole site (which is a choice to make explicitly).
DEFAULT_FOLLOW_MAX_PAGES = 1000


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


def _parse_headers(values: list[str]) -> tuple[tuple[str, str], ...]:
    headers = []
    for value in values:
        name, sep, rest = value.partition(":")
        if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
            fail_usage(f"--header must look like 'Name: value', got {value!r}")
        headers.append((name.strip(), rest.strip()))
    return tuple(headers)


def _fingerprint(urls: list[str], input_file: str | None,
                 discovery: Discovery | None = None, settings: CrawlSettings | None = None
                 ) -> str:
    """Identifies the input, so only a rerun of the same input resumes an interrupted run."""
    parts = []
    if urls:
        parts.append("args:" + hashlib.sha256("\n".join(urls).encode()).hexdigest()[:16])
    if discovery is not None and settings is not None:
        text = repr((discovery.sitemaps, discovery.feeds, settings.follow, settings.max_pages,
                     settings.max_depth, settings.include, settings.exclude, settings.since,
                     settings.same_host))
        parts.append("discovery:" + hashlib.sha256(text.encode()).hexdigest()[:16])
    if input_file == "-":
        parts.append("stdin")
    elif input_file:
        parts.append(f"file:{Path(input_file).resolve()}")
    return " ".join(parts)


def _lines(urls: list[str], input_file: str | None) -> Iterable[str]:
    positional: Iterator[str] = (u.strip() for u in urls if u.strip())
    return itertools.chain(positional, iter_url_lines(input_file)) if input_file else positional


#: The option that sets each settings field, for messages: a field's name is its option's,
#: but for these.
_OPTION_OF_FIELD = {"workers": "--jobs"}

_DEFAULTS = CrawlSettings()


def _settings(concurrency: int, per_host: int, delay: float, timeout: float, retries: int,
              max_bytes: int, user_agent: str, headers: list[str], ignore_robots: bool,
              state: Path | None, force: bool, jobs: int,
              extract: ExtractSettings) -> CrawlSettings:
    """The options as settings; the settings validate themselves, and a refusal is reported
    as a usage error naming the option."""
    try:
        return CrawlSettings(
            concurrency=concurrency, per_host=per_host, delay=delay, timeout=timeout,
            connect_timeout=min(_DEFAULTS.connect_timeout, timeout) if timeout > 0 else timeout,
            read_timeout=min(_DEFAULTS.read_timeout, timeout) if timeout > 0 else timeout,
            retries=retries, max_bytes=max_bytes, user_agent=user_agent.strip(),
            headers=_parse_headers(headers), ignore_robots=ignore_robots, state=state,
            force=force, workers=jobs, extract=extract)
    except ConfigError as exc:
        name, _, rest = exc.message.partition(" ")
        option = _OPTION_OF_FIELD.get(name, "--" + name.replace("_", "-"))
        fail_usage(f"{option} {rest}")


def _with(settings: CrawlSettings, **changes: Any) -> CrawlSettings:
    """``settings`` with ``changes``; a refusal is a usage error naming the option."""
    try:
        return replace(settings, **changes)
    except ConfigError as exc:
        name, _, rest = exc.message.partition(" ")
        fail_usage(f"--{name.replace('_', '-')} {rest}")


def crawl_command(
    urls: Annotated[list[str] | None, typer.Argument(
        metavar="URL", help="URLs to fetch (before those of --input).",
        show_default=False)] = None,
    input_file: Annotated[str | None, typer.Option(
        "-i", "--input", metavar="FILE",
        help="File of URLs, one a line, '#' comments and blank lines "
        "ignored; '-' reads stdin. Streamed: any size.", show_default=False)] = None,
    output: Annotated[str, typer.Option(
        "-o", "--output", metavar="PATH",
        help="Where records go: '-' (stdout), a file (.gz/.zst compressed), or a directory "
             "('DIR/' or an existing one: one file per article). Files are overwritten, "
             "unless --append or --state (which appends, to resume).")] = "-",
    fmt: FormatOpt = None,
    sitemap: Annotated[list[str] | None, typer.Option(
        "--sitemap", metavar="URL", help="Crawl the pages a sitemap lists (XML, index, "
        ".xml.gz, text; repeatable); 'auto' reads the Sitemap: lines of each given URL's "
        "host's robots.txt.", show_default=False)] = None,
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", metavar="URL", help="Crawl the items of an RSS or Atom feed (repeatable).",
        show_default=False)] = None,
    follow: Annotated[bool, typer.Option(
        "--follow", help="Follow links from the pages fetched, within the given URLs' sites "
        "(same registrable domain), breadth first, articles first.")] = False,
    max_pages: Annotated[int | None, typer.Option(
        "--max-pages", metavar="N", help=f"Fetch at most N pages (default with --follow: "
        f"{DEFAULT_FOLLOW_MAX_PAGES}); the rest are 'max_pages' skips.",
        show_default=False)] = None,
    max_depth: Annotated[int | None, typer.Option(
        "--max-depth", metavar="D", help="With --follow: pages at most D links away from "
        "a given URL.", show_default=False)] = None,
    include: Annotated[list[str] | None, typer.Option(
        "--include", metavar="REGEX", help="Discovered URLs (sitemap, feed, links) must "
        "match one of these (repeatable).", show_default=False)] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", metavar="REGEX", help="Discovered URLs matching one of these are "
        "skipped (repeatable).", show_default=False)] = None,
    same_host: Annotated[bool, typer.Option(
        "--same-host", help="With --follow: only the given URLs' hosts, not their whole "
        "registrable domains.")] = False,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="Skip sitemap and feed entries dated before DATE "
        "(2024-05-01 or an ISO date-time).", show_default=False)] = None,
    errors: Annotated[str | None, typer.Option(
        "--errors", metavar="FILE", help="Failures (and skips, without --skips), JSONL "
        "{url, error: {kind, message}}. Default: the same lines on stderr. Kinds: "
        "invalid_url, timeout, http_status, not_html, empty, decode, network, too_large, "
        "redirect, blocked, internal, sitemap, feed; skips: unchanged, duplicate, robots, "
        "out_of_scope, max_pages, filtered_*.",
        show_default=False)] = None,
    skips: SkipsOpt = None,
    append: Annotated[bool, typer.Option(
        "--append", help="Add to the output, errors and skips files instead of overwriting "
        "them (the default with --state).")] = False,
    lang: LangOpt = None,
    min_words: MinWordsOpt = 0,
    page_type: PageTypeOpt = None,
    concurrency: Annotated[int, typer.Option(
        metavar="N", help="Pages fetched at once, all hosts.")] = _DEFAULTS.concurrency,
    per_host: Annotated[int, typer.Option(
        metavar="N", help="Pages fetched at once from one host.")] = _DEFAULTS.per_host,
    delay: Annotated[float, typer.Option(
        metavar="SECONDS", help="Seconds between request starts on one host (robots.txt "
        "Crawl-delay wins when larger).")] = _DEFAULTS.delay,
    timeout: Annotated[float, typer.Option(
        metavar="SECONDS", help="Total seconds per page attempt (connect, read, "
        "redirects).")] = _DEFAULTS.timeout,
    retries: Annotated[int, typer.Option(
        metavar="N", help="Retries on network errors, timeouts, 5xx, 408, 429 (backoff, "
        "Retry-After).")] = _DEFAULTS.retries,
    max_bytes: Annotated[int, typer.Option(
        metavar="BYTES", help="Largest body, raw or decompressed.")] = _DEFAULTS.max_bytes,
    user_agent: Annotated[str, typer.Option(
        metavar="TEXT", help="User-Agent header.")] = _DEFAULTS.user_agent,
    header: Annotated[list[str] | None, typer.Option(
        "-H", "--header", metavar="'NAME: VALUE'",
        help="Extra request header (repeatable).", show_default=False)] = None,
    ignore_robots: Annotated[bool, typer.Option(
        "--ignore-robots", help="Do not fetch or obey robots.txt.")] = False,
    block_private: Annotated[bool, typer.Option(
        "--block-private", help="Refuse hosts (and redirects) that resolve to loopback, "
        "private, link-local, cloud-metadata, multicast or reserved addresses; no proxies "
        "from the environment then.")] = False,
    state: Annotated[Path | None, typer.Option(
        "--state", metavar="FILE",
        help="SQLite state file (created if missing): conditional requests, "
        "'unchanged' skips, and resuming an interrupted run of the same input (exactly once "
        "with -o/--errors files; on stdout/stderr the line in flight at a kill -9 may repeat).",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Refetch and rewrite pages the state says are unchanged.")] = False,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Truncate output and errors files, and start afresh instead of "
        "resuming.")] = False,
    summary: Annotated[Path | None, typer.Option(
        "--summary", metavar="FILE", help="Write the run summary as JSON to this file.",
        show_default=False)] = None,
    archive: Annotated[Path | None, typer.Option(
        "--archive", metavar="FILE", help="Also write every fetched page to this WARC file "
        "(.warc.gz: gzip per record), request and response records, to re-extract later "
        "with 'scraper extract FILE' without fetching. Overwritten unless --append or "
        "--state.", show_default=False)] = None,
    jobs: JobsOpt = _DEFAULTS.workers,
    workers: Annotated[int | None, typer.Option(
        "--workers", hidden=True, help="The old name of --jobs.")] = None,
    comments: Annotated[bool, typer.Option(
        "--comments", help="Keep reader comments in the record's 'comments' field.")] = False,
    rules: Annotated[Path | None, typer.Option(
        "--rules", metavar="DIR",
        help="Apply site rules: the shipped ones ('--rules shipped') and a "
        "directory of yours (*.toml) layered over them.", show_default=False)] = None,
    strict_rules: Annotated[bool, typer.Option(
        "--strict-rules", help="Exit 2 on a bad rule file instead of leaving it out.")] = False,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No summary on stderr.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Log every request.")] = False,
) -> None:
    """Fetch pages over HTTP and extract their articles.

    Every input line ends up exactly once: a record in the output, or a line in --errors
    or --skips; so does every URL found by --sitemap, --feed or --follow, and a sitemap or
    feed that fails is an error of kind sitemap or feed.

    Skips (unchanged, duplicate, robots, out_of_scope, max_pages, filtered_*) go to
    --skips, else with the errors; they are not failures. Errors go to stderr as JSON
    lines unless --errors FILE. Summary: stderr, --summary FILE.

    Output files are overwritten, unless --append, or --state (appends, to resume).

    Exit: 0 all done or skipped, 1 some failed, 2 usage error, 130 Ctrl-C, 143 SIGTERM.

    Interrupted? Rerun the same command with the same --state to resume where it stopped.
    """
    setup_logging(verbose, quiet)
    logging.getLogger("httpcore").setLevel(logging.INFO)
    targets = list(urls or [])
    if input_file and input_file != "-" and not Path(input_file).is_file():
        fail_usage(f"input file not found: {input_file}")
    discovery = Discovery(tuple(s.strip() for s in sitemap or ()),
                          tuple(f.strip() for f in feed or ()))
    if not targets and not input_file and not (discovery.sitemaps or discovery.feeds):
        fail_usage("no URLs given: pass URLs, -i FILE (or -i - for stdin), --sitemap or "
                   "--feed")
    sourced = bool(discovery.sitemaps or discovery.feeds)
    for given, option, needs, hint in (
            (max_depth is not None, "--max-depth", follow, "--follow"),
            (same_host, "--same-host", follow, "--follow"),
            (since is not None, "--since", sourced, "--sitemap or --feed"),
            (bool(include or exclude), "--include/--exclude", sourced or follow,
             "--sitemap, --feed or --follow")):
        if given and not needs:
            fail_usage(f"{option} applies to discovered URLs: add {hint}")
    if AUTO_SITEMAPS in discovery.sitemaps and not targets and not input_file:
        fail_usage("--sitemap auto reads the robots.txt of the hosts of the URLs given: "
                   "pass some URLs")
    out_format = parse_format(fmt, output)
    keep = parse_filter(lang, min_words, page_type)
    if workers is not None:
        jobs = workers
    rule_set = load_run_rules(rules, strict_rules)
    settings = _settings(concurrency, per_host, delay, timeout, retries, max_bytes, user_agent,
                         header or [], ignore_robots, state, force, jobs,
                         ExtractSettings(comments=comments, rules=rule_set))
    if block_private:
        settings = replace(settings, block_private=True)
    if archive is not None:
        settings = replace(settings, archive=archive)
    if follow and max_pages is None:
        max_pages = DEFAULT_FOLLOW_MAX_PAGES
    settings = _with(settings, follow=follow, max_pages=max_pages, max_depth=max_depth,
                     include=tuple(include or ()), exclude=tuple(exclude or ()),
                     same_host=same_host, since=since)
    # A page budget needs the frontier's count, so --max-pages alone makes a frontier run.
    discovering = bool(sourced or follow or max_pages is not None)
    if summary is not None and is_directory_target(str(summary)):
        fail_usage(f"--summary {summary}: is a directory, and the summary is one file")
    # Rerun semantics: --state appends (a resumed or incremental run continues its files);
    # without it a rerun replaces its output, unless --append.
    appending = append or (state is not None and not overwrite)
    archive_writer = _open_archive(settings, appending)
    outputs = open_outputs(output, out_format, errors, skips, keep, append=appending)
    crawl_state = _open_state(state, _fingerprint(
        targets, input_file, discovery if discovering else None, settings), overwrite, quiet)
    try:
        with progress_ticker(not no_progress and not quiet) as ticker:
            code, data = asyncio.run(_crawl(_lines(targets, input_file), settings, crawl_state,
                                            outputs, ticker, archive_writer,
                                            discovery if discovering else None))
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
