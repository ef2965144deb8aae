"""Batch extraction of local inputs: HTML files, stdin's page and archive records become
tasks, and a task becomes a result, by ``scraper.pipeline.extract_outcome``.

    for task in tasks(["a.html", "crawl.warc.gz"]):
        result = run_task(task, settings)       # in this process or a worker's
        result.kind                             # "record", "error", a skip kind, or "other"

Shared by ``scraper extract`` (which runs tasks in ``--jobs`` processes) and ``scraper.dask``
(which runs them in a cluster's partitions), so both read, extract and classify inputs the
same way: the same records, errors and skips, of the same kinds.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.crawler.workers import CRASHED
from scraper.errors import InputError, InternalError, NotHTML, ScraperError
from scraper.models import RawPage
from scraper.pipeline import Outcome, extract_outcome
from scraper.serialize import error_record
from scraper.settings import ExtractSettings
from scraper.sources.warc import ArchiveRecord, is_archive, read_archive

__all__ = ["STDIN", "Result", "Task", "archive_tasks", "crashed", "known",
           "run_task", "tasks"]

#: A file that does not start with something tag-like in its first bytes is not HTML.
SNIFF_BYTES = 2048

STDIN = "-"

#: ``Result.kind`` of an extracted article (a filter may still turn it into a skip).
RECORD = "record"
#: ``Result.kind`` of a failure.
ERROR = "error"
#: ``Result.kind`` of an archive record that is no response (request, metadata, ...).
OTHER = "other"


@dataclass(frozen=True, slots=True)
class Result:
    """One task's outcome, for the writer: ``outcome`` (extracted: an article or an error),
    else a ``skip`` (kind, message), else an archive record that is no response (``other``,
    its record type: counted only)."""

    label: str
    outcome: Outcome | None = None
    skip: tuple[str, str] | None = None
    other: str | None = None

    @property
    def kind(self) -> str:
        """``record``, ``error``, the skip's kind, or ``other``."""
        if self.skip is not None:
            return self.skip[0]
        if self.other is not None:
            return OTHER
        return RECORD if self.outcome is not None and self.outcome.article is not None \
            else ERROR

    def error_line(self) -> dict[str, Any] | None:
        """The errors-file (or skips-file) line, None for an article or an ``other``."""
        if self.skip is not None:
            return error_record(self.label, *self.skip)
        if self.other is not None or (self.outcome is not None and self.outcome.article):
            return None
        error = self.outcome.error if self.outcome is not None else None
        error = error or InternalError("no outcome", url=self.label)
        return error_record(self.label, error.kind, error.message)


@dataclass(frozen=True, slots=True)
class Task:
    """What one worker does: read ``source`` (when ``raw`` is None) and extract it; or
    nothing, when ``done`` holds the result already (a skip, a damaged archive)."""

    source: str
    label: str
    url: str | None = None
    raw: RawPage | None = None
    done: Result | None = None


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


def run_task(task: Task, settings: ExtractSettings) -> Result:
    """One task -> its result; never raises. Reading a file is part of the task, so workers read
    in parallel and a bad file is that file's error."""
    if task.done is not None:
        return task.done
    raw = task.raw
    if raw is None:
        page_url = task.url or Path(task.source).resolve().as_uri()
        try:
            raw = RawPage(body=_read(task.source), url=page_url, requested_url=page_url)
        except ScraperError as exc:
            return Result(task.label, Outcome(error=exc))
    return Result(task.label, extract_outcome(raw, settings))


def crashed(task: Task) -> Result:
    """The result of a task whose worker process died on it."""
    return Result(task.label, Outcome(error=InternalError(CRASHED, url=task.label)))


def tasks(sources: Iterable[str], url: str | None = None,
          stdin: bytes | None = None) -> Iterator[Task]:
    """The tasks of ``sources`` in order: a file each, an archive's records one by one
    (streamed), stdin's page (``stdin``, read already). ``url`` is a single input's URL."""
    for source in sources:
        if source == STDIN:
            assert stdin is not None
            try:
                _sniff(stdin, "stdin")
            except ScraperError as exc:
                yield Task(source, source, done=Result(source, Outcome(error=exc)))
                continue
            yield Task(source, source, raw=RawPage(body=stdin, url=url, requested_url=url))
        elif is_archive(source):
            yield from archive_tasks(source)
        else:
            yield Task(source, source, url)


def archive_tasks(source: str) -> Iterator[Task]:
    """One task per record of the archive at ``source``, read as the tasks are taken."""
    try:
        for record in read_archive(source):
            yield _archive_task(source, record)
    except ScraperError as exc:  # the archive cannot be opened at all
        yield Task(source, source, done=Result(source, Outcome(error=exc)))


def _archive_task(source: str, record: ArchiveRecord) -> Task:
    label = record.url or source
    where = f"record at byte {record.offset} of {source}"
    if record.page is not None:
        return Task(source, label, raw=record.page)
    if record.error is not None:
        if record.error.url != source:  # a record's own error, not the archive's damage
            record.error.message += f" ({where})"
        return Task(source, label, done=Result(label, Outcome(error=record.error)))
    if record.skip is not None:
        return Task(source, label, done=Result(
            label, skip=(record.skip.value, f"{record.message} ({where})")))
    return Task(source, label, done=Result(label, other=record.record_type))


def known(task: Task) -> Result | None:
    """The task's result when it needs no extraction (a skip, a damaged archive)."""
    return task.done
