"""``scraper extract``: local HTML files, directories or stdin -> JSONL records."""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Annotated

import typer

from scraper.cli.common import fail_usage, progress_ticker, setup_logging
from scraper.cli.rules_cmd import load_run_rules
from scraper.deadline import extraction_deadline
from scraper.errors import InputError, NotHTML, ScraperError
from scraper.models import RawPage
from scraper.pipeline import extract_page
from scraper.serialize import JsonlWriter, error_record, to_json_line
from scraper.settings import ExtractSettings

#: Suffixes collected from directories; a file named explicitly is read whatever its name.
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")

#: Pages in flight per worker: enough to keep workers busy without holding a whole
#: directory's results in memory.
WINDOW_PER_JOB = 8

#: A file that does not start with something tag-like in its first bytes is not HTML.
SNIFF_BYTES = 2048


def _collect(paths: list[str]) -> Iterator[str]:
    """Expand inputs to files, in a stable order. Missing paths are yielded as they are so
    that they end up in the errors file; a directory without HTML files is a usage error."""
    for raw in paths:
        path = Path(raw)
        if raw == "-" or not path.is_dir():
            yield raw
            continue
        found = False
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.name.lower().endswith(HTML_SUFFIXES):
                found = True
                yield str(child)
        if not found:
            fail_usage(f"no HTML files ({', '.join(HTML_SUFFIXES)}) under directory {raw}")


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


def _extract_one(source: str, url: str | None, settings: ExtractSettings) -> tuple[bool, str]:
    """Worker: one input -> (ok, JSON line of the record or of the error)."""
    page_url = url or (Path(source).resolve().as_uri() if source != "-" else None)
    try:
        raw = RawPage(body=_read(source), url=page_url, requested_url=page_url)
        with extraction_deadline():
            return True, to_json_line(extract_page(raw, settings))
    except ScraperError as exc:
        return False, to_json_line(error_record(source, exc.kind, exc.message))
    except Exception as exc:  # a bug must cost one page, not the run; it is reported as such
        return False, to_json_line(error_record(source, "internal",
                                                f"{type(exc).__name__}: {exc}"))


def _run(sources: Iterable[str], url: str | None, settings: ExtractSettings,
         jobs: int) -> Iterator[tuple[bool, str]]:
    if jobs <= 1:
        for source in sources:
            yield _extract_one(source, url, settings)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        window: list[Future[tuple[bool, str]]] = []
        for source in sources:
            window.append(pool.submit(_extract_one, source, url, settings))
            if len(window) >= jobs * WINDOW_PER_JOB:
                yield window.pop(0).result()
        for future in window:
            yield future.result()


def extract_command(
    paths: Annotated[list[str] | None, typer.Argument(
        help="HTML files (.html, .htm, .html.gz), directories (searched recursively) "
             "or '-' for stdin.", show_default=False)] = None,
    output: Annotated[str, typer.Option("-o", "--output",
                      help="Records: a JSONL file (appended to) or '-' for stdout.")] = "-",
    errors: Annotated[str | None, typer.Option("--errors",
                      help="JSONL file for inputs that produced no record (default: stderr).")
                      ] = None,
    url: Annotated[str | None, typer.Option("--url",
                   help="The page's URL, for a single input: the record's url and the base "
                        "for relative links.")] = None,
    jobs: Annotated[int, typer.Option("-j", "--jobs", min=1,
                    help="Worker processes extracting in parallel.")] = 1,
    comments: Annotated[bool, typer.Option("--comments",
                        help="Keep reader comments in the record's 'comments' field.")] = False,
    no_repair: Annotated[bool, typer.Option("--no-repair", help="Skip the repair pass.")] = False,
    rules: Annotated[Path | None, typer.Option("--rules",
                     help="Apply site rules: the shipped ones ('--rules shipped') and a "
                          "directory of yours (*.toml) layered over them.")] = None,
    strict_rules: Annotated[bool, typer.Option("--strict-rules",
                            help="Exit 2 on a bad rule file instead of leaving it out.")
                            ] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite",
                         help="Truncate output and errors files instead of appending.")] = False,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only errors on stderr.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Log every page.")] = False,
) -> None:
    """Extract articles from local HTML files, directories or stdin, one JSON record a line.

    Every input ends up exactly once in the output or in the errors file. Exit 0 when all
    inputs gave a record, 1 when some failed, 2 on usage errors.
    """
    setup_logging(verbose, quiet)
    inputs = paths or ["-"]
    if url is not None and len(inputs) > 1:
        fail_usage("--url applies to a single input, but several were given")
    if inputs.count("-") > 1:
        fail_usage("stdin ('-') can be read only once")
    rule_set = load_run_rules(rules, strict_rules)
    settings = ExtractSettings(comments=comments, repair=not no_repair, rules=rule_set)
    ok_count = failed = 0
    sources = list(_collect(inputs))  # paths only: cheap, and needed for the bar's total
    with JsonlWriter(output, overwrite=overwrite) as out, \
         JsonlWriter(errors, overwrite=overwrite) if errors else _StderrLines() as err, \
         progress_ticker(not no_progress and not quiet, len(sources)) as ticker:
        if "-" in sources:
            data = sys.stdin.buffer.read()
            sources = [s for s in sources if s != "-"]
            ok, line = _extract_stdin(data, url, settings)
            (out if ok else err).write_line(line)
            ok_count, failed = ok_count + ok, failed + (not ok)
            ticker.advance()
        for ok, line in _run(sources, url, settings, jobs):
            (out if ok else err).write_line(line)
            ok_count, failed = ok_count + ok, failed + (not ok)
            ticker.advance()
    if not quiet:
        typer.echo(f"scraper: {ok_count} records, {failed} errors", err=True)
    raise typer.Exit(1 if failed else 0)


def _extract_stdin(data: bytes, url: str | None, settings: ExtractSettings) -> tuple[bool, str]:
    try:
        _sniff(data, "stdin")
        raw = RawPage(body=data, url=url, requested_url=url)
        return True, to_json_line(extract_page(raw, settings))
    except ScraperError as exc:
        return False, to_json_line(error_record("-", exc.kind, exc.message))


class _StderrLines:
    """Error lines on stderr when no errors file is given."""

    def write_line(self, line: str) -> None:
        sys.stderr.write(line)
        sys.stderr.flush()

    def __enter__(self) -> _StderrLines:
        return self

    def __exit__(self, *exc: object) -> None:
        return None
