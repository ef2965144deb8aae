"""The files a run writes, opened from the command line: records (a stream or a directory,
in a format), errors, skips, and the record filter deciding between records and skips.

Shared by ``extract`` and ``crawl`` so both name, open and check their outputs the same way.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Protocol

import typer

from scraper.cli.common import fail_usage
from scraper.errors import ConfigError
from scraper.filters import RecordFilter, parse_languages, parse_page_types
from scraper.models import Article
from scraper.render.formats import OutputFormat
from scraper.serialize import JsonlWriter, error_record, to_json_line
from scraper.sinks import RecordSink, open_sink
from scraper.streams import COMPRESSED_SUFFIXES, STDOUT, is_directory_target

__all__ = ["FORMAT_NAMES", "FormatOpt", "JobsOpt", "LangOpt", "LineSink", "MinWordsOpt", "Outputs",
           "PageTypeOpt", "SkipsOpt", "open_outputs", "parse_filter", "parse_format"]

FORMAT_NAMES = ", ".join(f.value for f in OutputFormat)

# Options both commands take, written once.
FormatOpt = Annotated[str | None, typer.Option(
    "-f", "--format", metavar="FORMAT", show_default=False,
    help=f"What each article becomes: {FORMAT_NAMES}. Default: from the -o file's "
         "extension (.md markdown, .txt text, .html html, also before .gz/.zst), else jsonl.")]
SkipsOpt = Annotated[str | None, typer.Option(
    "--skips", metavar="FILE", show_default=False,
    help="JSONL file for skipped inputs (unchanged, duplicate, robots, filtered_*), so "
         "--errors holds failures only. Default: with the errors.")]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", metavar="CODES", show_default=False,
    help="Keep only records in these languages, e.g. 'en,de' ('en' keeps en-US too); "
         "others are skips of kind filtered_lang.")]
MinWordsOpt = Annotated[int, typer.Option(
    "--min-words", metavar="N", min=0,
    help="Keep only records of at least N words; others are skips of kind "
         "filtered_min_words.")]
JobsOpt = Annotated[int, typer.Option(
    "-j", "--jobs", metavar="N", min=0,
    help="Extraction processes (0: one per CPU core).")]
PageTypeOpt = Annotated[str | None, typer.Option(
    "--page-type", metavar="TYPES", show_default=False,
    help="Keep only these page types, e.g. 'article'; others are skips of kind "
         "filtered_page_type.")]


class LineSink(Protocol):
    path: str | None

    def write_line(self, line: str) -> None: ...
    def close(self) -> None: ...


class StderrLines:
    """Error and skip lines on stderr when no file is given."""

    path: str | None = None

    def write_line(self, line: str) -> None:
        sys.stderr.write(line)
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.flush()


#: The format an ``-o`` file's extension asks for when --format is not given.
FORMAT_OF_SUFFIX = {".md": OutputFormat.MARKDOWN, ".markdown": OutputFormat.MARKDOWN,
                    ".txt": OutputFormat.TEXT, ".html": OutputFormat.HTML,
                    ".htm": OutputFormat.HTML}


def parse_format(value: str | None, output: str) -> OutputFormat:
    """--format as given, else what the output file's name says, else JSONL."""
    if value is None:
        path = Path(output)
        if path.suffix in COMPRESSED_SUFFIXES:
            path = path.with_suffix("")
        fmt = FORMAT_OF_SUFFIX.get(path.suffix.lower(), OutputFormat.JSONL)
        return OutputFormat.JSONL if is_directory_target(output) else fmt
    try:
        return OutputFormat(value.strip().lower())
    except ValueError:
        fail_usage(f"unknown --format {value!r}: choose one of {FORMAT_NAMES}")


def parse_filter(lang: str | None, min_words: int, page_type: str | None) -> RecordFilter:
    try:
        return RecordFilter(languages=parse_languages(lang), min_words=min_words,
                            page_types=parse_page_types(page_type))
    except ValueError as exc:
        fail_usage(f"--lang/--page-type: {exc}")


@dataclass
class Outputs:
    """Where each outcome goes. ``skips`` is ``errors`` itself when no --skips file."""

    records: RecordSink
    errors: LineSink
    skips: LineSink
    keep: RecordFilter

    def write(self, target: str, article: Article) -> tuple[str, LineSink | None]:
        """Write ``article`` or, when the filter turns it away, its skip line; returns the
        kind written (``record`` or the skip kind) and the sink used for a skip."""
        skip = self.keep.check(article)
        if skip is None:
            self.records.write(article)
            return "record", None
        self.skips.write_line(to_json_line(error_record(target, skip.kind, skip.message)))
        return skip.kind, self.skips

    def close(self, *, quietly: bool = False) -> None:
        """Close every file (``quietly``: after a write failed, ignoring further ones)."""
        for sink in (self.records, self.errors, self.skips):
            try:
                sink.close()
            except OSError:
                if not quietly:
                    raise


def open_outputs(output: str, fmt: OutputFormat, errors: str | None, skips: str | None,
                 keep: RecordFilter, *, append: bool) -> Outputs:
    """Open every output, or exit 2 with one line saying which cannot be written."""
    named = [(opt, path) for opt, path in (("-o", output), ("--errors", errors),
                                           ("--skips", skips)) if path not in (None, STDOUT)]
    resolved: dict[Path, str] = {}
    for opt, path in named:
        key = Path(path).resolve()
        if key in resolved:
            fail_usage(f"{resolved[key]} and {opt} must be different files")
        resolved[key] = opt
    if output == STDOUT and errors == STDOUT:
        fail_usage("-o and --errors cannot both be stdout")
    opened: list[Any] = []
    try:
        records = open_sink(output, fmt, append=append)
        opened.append(records)
        err: LineSink = JsonlWriter(errors, append=append, option="--errors") \
            if errors else StderrLines()
        opened.append(err)
        skip: LineSink = JsonlWriter(skips, append=append, option="--skips") if skips else err
    except ConfigError as exc:
        for sink in opened:
            sink.close()
        fail_usage(exc.message)
    return Outputs(records, err, skip, keep)
