"""``scraper extract``: local HTML files, directories, WARC/ARC archives or stdin -> records.

Inputs become tasks in input order (a file, stdin's page, an archive's records one by one);
pages are extracted by ``scraper.pipeline.extract_outcome`` in ``--jobs`` worker processes
(``scraper.crawler.workers.ordered_map``: bounded queues, results back in input order, so the
output is the same whatever ``--jobs``); the parent reads archives, and writes every outcome.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from scraper.batch import ERROR, RECORD, STDIN, Result, crashed, known, run_task, tasks
from scraper.cli.common import fail_usage, progress_ticker, setup_logging
from scraper.cli.outputs import (
    FormatOpt,
    JobsOpt,
    LangOpt,
    MinWordsOpt,
    Outputs,
    PageTypeOpt,
    SkipsOpt,
    open_outputs,
    parse_filter,
    parse_format,
)
from scraper.cli.rules_cmd import load_run_rules
from scraper.crawler.workers import default_jobs, ordered_map
from scraper.serialize import to_json_line
from scraper.settings import ExtractSettings
from scraper.sources.warc import ARCHIVE_SUFFIXES, is_archive

log = logging.getLogger(__name__)

#: Suffixes collected from directories (unless --glob); a file named explicitly is read
#: whatever its name (wget mirrors save ``index.html?p=2`` and ``page.php``).
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")


def _collect(paths: list[str], glob: str | None) -> Iterator[str]:
    """Expand inputs to files, in a stable order. Missing paths are yielded as they are so
    that they end up in the errors file; a directory with nothing to read is a usage error."""
    for raw in paths:
        path = Path(raw)
        if raw == STDIN or not path.is_dir():
            yield raw
            continue
        found = False
        children = path.rglob(glob) if glob else path.rglob("*")
        for child in sorted(children):
            if child.is_file() and (glob or child.name.lower().endswith(
                    HTML_SUFFIXES + ARCHIVE_SUFFIXES)):
                found = True
                yield str(child)
        if not found:
            wanted = f"files matching {glob!r}" if glob else \
                f"HTML files or archives ({', '.join(HTML_SUFFIXES + ARCHIVE_SUFFIXES)}; " \
                "--glob for others)"
            fail_usage(f"no {wanted} under directory {raw}")


def _check_inputs(inputs: list[str], url: str | None) -> None:
    web = [raw for raw in inputs if raw.lower().startswith(("http://", "https://"))]
    if web:
        fail_usage(f"extract reads local files, not URLs like {web[0]}: "
                   f"fetch them with 'scraper crawl {web[0]}'")
    if url is not None and len(inputs) > 1:
        fail_usage("--url applies to a single input, but several were given")
    if inputs.count(STDIN) > 1:
        fail_usage("stdin ('-') can be read only once")


def _check_not_an_input(sources: list[str], targets: list[str | None]) -> None:
    """Opening an output truncates it: one that is also an input would be lost unread."""
    inputs = {Path(s).resolve() for s in sources if s != STDIN}
    for target in targets:
        if target not in (None, STDIN) and Path(target).resolve() in inputs:
            fail_usage(f"{target} is also an input: it would be overwritten before it is read")


def extract_command(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="PATH",
        help="HTML files (any name; .gz read as gzip), WARC/ARC archives (.warc, .warc.gz, "
             ".arc, .arc.gz: their HTML responses), directories (searched recursively for "
             "both, or --glob) or '-' for stdin.", show_default=False)] = None,
    output: Annotated[str, typer.Option(
        "-o", "--output", metavar="PATH",
        help="Where records go: '-' (stdout), a file (.gz/.zst compressed), or a directory "
             "('DIR/' or an existing one: one file per article). Overwritten unless "
             "--append.")] = "-",
    fmt: FormatOpt = None,
    errors: Annotated[str | None, typer.Option(
        "--errors", metavar="FILE", show_default=False,
        help="JSONL file for inputs that produced no record (default: stderr), "
             "{url, error: {kind, message}}. Kinds: input, not_html, empty, decode, blocked, "
             "extract_timeout, too_large, corrupt_archive (a damaged archive: file and byte "
             "offset), internal; skips: warc_not_html, warc_status, filtered_*.")] = None,
    skips: SkipsOpt = None,
    append: Annotated[bool, typer.Option(
        "--append", help="Add to the output, errors and skips files instead of "
        "overwriting them.")] = False,
    url: Annotated[str | None, typer.Option(
        "--url", metavar="URL", show_default=False,
        help="The page's URL, for a single input: the record's url and the base for "
             "relative links.")] = None,
    glob: Annotated[str | None, typer.Option(
        "--glob", metavar="PATTERN", show_default=False,
        help="In directories, read the files matching this pattern (e.g. '*.php') "
             "instead of the HTML extensions.")] = None,
    lang: LangOpt = None,
    min_words: MinWordsOpt = 0,
    page_type: PageTypeOpt = None,
    jobs: JobsOpt = 0,
    comments: Annotated[bool, typer.Option(
        "--comments", help="Keep reader comments in the record's 'comments' field.")] = False,
    no_repair: Annotated[bool, typer.Option("--no-repair", help="Skip the repair pass.")] = False,
    rules: Annotated[Path | None, typer.Option(
        "--rules", metavar="DIR", show_default=False,
        help="Apply site rules: the shipped ones ('--rules shipped') and a directory of "
             "yours (*.toml) layered over them.")] = None,
    strict_rules: Annotated[bool, typer.Option(
        "--strict-rules", help="Exit 2 on a bad rule file instead of leaving it out.")] = False,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", hidden=True, help="The default now; kept for old scripts.")] = False,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only errors on stderr.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Log every page.")] = False,
) -> None:
    """Extract articles from local HTML files, WARC/ARC archives, directories or stdin.

    Every input ends up exactly once: in the output, in --errors, or (filtered out) in
    --skips. An archive's HTML responses are its inputs: each becomes a record (url: the
    record's target URI, fetched_at: its WARC-Date), an error, or a skip (warc_not_html,
    warc_status for other responses); its other records (requests, metadata) are counted
    in the summary. A damaged archive keeps the records before the damage, which is an
    error of kind corrupt_archive naming the file and byte offset.

    Records come out in input order, whatever --jobs. Output files are overwritten unless
    --append. Exit 0 when no input failed, 1 when some did, 2 on usage errors.
    """
    setup_logging(verbose, quiet)
    if not paths and sys.stdin.isatty():
        fail_usage("no input: give HTML files or directories, or '-' to read a page from "
                   "stdin (see 'scraper extract --help')")
    inputs = paths or [STDIN]
    _check_inputs(inputs, url)
    out_format = parse_format(fmt, output)
    keep = parse_filter(lang, min_words, page_type)
    rule_set = load_run_rules(rules, strict_rules)
    settings = ExtractSettings(comments=comments, repair=not no_repair, rules=rule_set)
    sources = list(_collect(inputs, glob))  # paths only: cheap, and needed for the bar's total
    _check_not_an_input(sources, [output, errors, skips])
    outputs = open_outputs(output, out_format, errors, skips, keep, append=append)
    counts: Counter[str] = Counter()
    others: Counter[str] = Counter()
    stdin = _read_stdin() if STDIN in sources else None
    archives = any(is_archive(source) for source in sources)
    workers = jobs or default_jobs()
    if len(sources) == 1 and not archives:
        workers = 1  # one page: forking workers would cost more than it saves
    results = ordered_map(partial(run_task, settings=settings), tasks(sources, url, stdin),
                          workers, crashed, ready=known)
    try:
        with progress_ticker(not no_progress and not quiet,
                             None if archives else len(sources)) as ticker:
            for result in results:
                if result.other is not None:
                    others[result.other] += 1
                    continue
                counts[_write(outputs, result)] += 1
                ticker.advance()
        outputs.close()
    except OSError as exc:  # the disk is full, a file went away: nothing more can be written
        outputs.close(quietly=True)
        fail_usage(f"writing results failed: {exc.strerror or exc}")
    finally:
        results.close()
    if not quiet:
        typer.echo(_summary(counts, others, output), err=True)
    raise typer.Exit(1 if counts["error"] else 0)


def _read_stdin() -> bytes:
    if sys.stdin.isatty():
        typer.echo("scraper: reading a page from stdin (Ctrl-D ends it)", err=True)
    return sys.stdin.buffer.read()


def _write(outputs: Outputs, result: Result) -> str:
    """Write one result; returns what it was: ``record``, ``error`` or the skip kind."""
    kind = result.kind
    if kind == RECORD:
        assert result.outcome is not None and result.outcome.article is not None
        kind, _ = outputs.write(result.label, result.outcome.article)
    else:
        line = to_json_line(result.error_line() or {})
        (outputs.errors if kind == ERROR else outputs.skips).write_line(line)
    log.info("%s: %s", result.label, kind)
    return kind


def _summary(counts: Counter[str], others: Counter[str], output: str) -> str:
    skipped = {kind: n for kind, n in counts.items() if kind not in ("record", "error")}
    text = f"scraper: {counts['record']} records, {counts['error']} errors"
    if skipped:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(skipped.items()))
        text += f", {sum(skipped.values())} skipped ({kinds})"
    if others:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(others.items()))
        text += f", {sum(others.values())} archive records that are not responses ({kinds})"
    if output != "-":
        text += f"; written to {output}"
    return text
