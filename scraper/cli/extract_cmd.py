"""``scraper extract``: local HTML files, directories or stdin -> records."""

from __future__ import annotations

import gzip
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Annotated

import typer

from scraper.cli.common import fail_usage, progress_ticker, setup_logging
from scraper.cli.outputs import (
    FormatOpt,
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
from scraper.deadline import extraction_deadline
from scraper.errors import BlockedPage, InputError, NotHTML, ScraperError
from scraper.models import Article, RawPage
from scraper.pipeline import extract_page
from scraper.serialize import error_record, to_json_line
from scraper.settings import ExtractSettings

log = logging.getLogger(__name__)

#: Suffixes collected from directories (unless --glob); a file named explicitly is read
#: whatever its name (wget mirrors save ``index.html?p=2`` and ``page.php``).
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")

#: Pages in flight per worker: enough to keep workers busy without holding a whole
#: directory's results in memory.
WINDOW_PER_JOB = 8

#: A file that does not start with something tag-like in its first bytes is not HTML.
SNIFF_BYTES = 2048

STDIN = "-"

#: One input's outcome: the input, and its article or its errors-file record.
Outcome = tuple[str, Article | None, dict[str, object] | None]


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
            if child.is_file() and (glob or child.name.lower().endswith(HTML_SUFFIXES)):
                found = True
                yield str(child)
        if not found:
            wanted = f"files matching {glob!r}" if glob else \
                f"HTML files ({', '.join(HTML_SUFFIXES)}; --glob for others)"
            fail_usage(f"no {wanted} under directory {raw}")


def _read(source: str) -> bytes:
    path = Path(source)
    if not path.exists():
        raise InputError(f"no such file: {source}")
    if not path.is_file():
        raise InputError(f"not a regular file: {source}")
    data = path.read_bytes()
    if source.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"corrupt gzip file {source}: {exc}") from exc
    _sniff(data, source)
    return data


def _sniff(data: bytes, source: str) -> None:
    head = data[:SNIFF_BYTES].lstrip().lower()
    if head and not head.startswith((b"<", b"\xef\xbb\xbf<", b"\xff\xfe", b"\xfe\xff")):
        raise NotHTML(f"{source} does not look like HTML (starts with {data[:16]!r})")


def _extract_one(source: str, url: str | None, settings: ExtractSettings,
                 data: bytes | None = None) -> Outcome:
    """Worker: one input (a path, or stdin's bytes in ``data``) -> its outcome."""
    page_url = url or (Path(source).resolve().as_uri() if source != STDIN else None)
    try:
        if data is not None:
            _sniff(data, "stdin")
        raw = RawPage(body=_read(source) if data is None else data, url=page_url,
                      requested_url=page_url)
        with extraction_deadline():
            article = extract_page(raw, settings)
        if article.blocked is not None:  # as in crawl: a wall is never passed off as the article
            raise BlockedPage(f"{article.blocked.value}: the page is a wall, not the article "
                              f"({article.word_count} words of teaser)")
        return source, article, None
    except ScraperError as exc:
        return source, None, error_record(source, exc.kind, exc.message)
    except Exception as exc:  # a bug must cost one page, not the run; it is reported as such
        return source, None, error_record(source, "internal", f"{type(exc).__name__}: {exc}")


def _run(sources: Iterable[str], url: str | None, settings: ExtractSettings,
         jobs: int) -> Iterator[Outcome]:
    if jobs <= 1:
        for source in sources:
            yield _extract_one(source, url, settings)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        window: list[Future[Outcome]] = []
        for source in sources:
            window.append(pool.submit(_extract_one, source, url, settings))
            if len(window) >= jobs * WINDOW_PER_JOB:
                yield window.pop(0).result()
        for future in window:
            yield future.result()


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
        help="HTML files (any name; .gz read as gzip), directories (searched recursively "
             "for .html/.htm/.xhtml, or --glob) or '-' for stdin.", show_default=False)] = None,
    output: Annotated[str, typer.Option(
        "-o", "--output", metavar="PATH",
        help="Where records go: '-' (stdout), a file (.gz/.zst compressed), or a directory "
             "('DIR/' or an existing one: one file per article). Overwritten unless "
             "--append.")] = "-",
    fmt: FormatOpt = None,
    errors: Annotated[str | None, typer.Option(
        "--errors", metavar="FILE", show_default=False,
        help="JSONL file for inputs that produced no record (default: stderr).")] = None,
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
    jobs: Annotated[int, typer.Option(
        "-j", "--jobs", min=1, metavar="N",
        help="Worker processes extracting in parallel.")] = 1,
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
    """Extract articles from local HTML files, directories or stdin.

    Every input ends up exactly once: in the output, in --errors, or (filtered out) in
    --skips. Output files are overwritten unless --append. Exit 0 when no input failed, 1
    when some did, 2 on usage errors.
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
    try:
        with progress_ticker(not no_progress and not quiet, len(sources)) as ticker:
            for source, article, error in _outcomes(sources, url, settings, jobs):
                counts[_write(outputs, source, article, error)] += 1
                ticker.advance()
        outputs.close()
    except OSError as exc:  # the disk is full, a file went away: nothing more can be written
        outputs.close(quietly=True)
        fail_usage(f"writing results failed: {exc.strerror or exc}")
    if not quiet:
        typer.echo(_summary(counts, output), err=True)
    raise typer.Exit(1 if counts["error"] else 0)


def _outcomes(sources: list[str], url: str | None, settings: ExtractSettings,
              jobs: int) -> Iterator[Outcome]:
    if STDIN in sources:
        if sys.stdin.isatty():
            typer.echo("scraper: reading a page from stdin (Ctrl-D ends it)", err=True)
        yield _extract_one(STDIN, url, settings, sys.stdin.buffer.read())
    yield from _run([s for s in sources if s != STDIN], url, settings, jobs)


def _write(outputs: Outputs, source: str, article: Article | None,
           error: dict[str, object] | None) -> str:
    """Write one outcome; returns what it was: ``record``, ``error`` or the skip kind."""
    if article is None:
        outputs.errors.write_line(to_json_line(error or {}))
        log.info("%s: error %s", source, (error or {}).get("error"))
        return "error"
    kind, _ = outputs.write(source, article)
    log.info("%s: %s", source, kind)
    return kind


def _summary(counts: Counter[str], output: str) -> str:
    skipped = {kind: n for kind, n in counts.items() if kind not in ("record", "error")}
    text = f"scraper: {counts['record']} records, {counts['error']} errors"
    if skipped:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(skipped.items()))
        text += f", {sum(skipped.values())} skipped ({kinds})"
    if output != "-":
        text += f"; written to {output}"
    return text
