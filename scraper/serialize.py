"""Serialize stage: records -> JSON lines, written whole and flushed line by line.

(Markdown, text and HTML documents come from ``scraper.render``; where they go, from
``scraper.sinks``.)

A reader (or a resumed run) never sees half a JSON object: each record is encoded completely
before a single ``write`` of the whole line, and the file is flushed after every line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any, Self

from scraper.models import Article
from scraper.streams import COMPRESSED_SUFFIXES, STDOUT, open_stream

__all__ = ["JsonlWriter", "error_record", "to_json_line"]


def to_json_line(record: Article | dict[str, Any]) -> str:
    """One record as one line of JSON (UTF-8, no ASCII escaping), newline included."""
    data = record.to_dict() if isinstance(record, Article) else record
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def error_record(target: str, kind: str, message: str) -> dict[str, Any]:
    """The errors-file line for an input (URL or path) that produced no article."""
    return {"url": target, "error": {"kind": kind, "message": message}}


class JsonlWriter:
    """Writes JSON lines to a file (compressed by its extension) or stdout for ``-``, one
    whole line per write.

    Files are truncated unless ``append`` is set (a resumed run continues them).
    ``ConfigError`` when the target is a directory or cannot be opened.
    """

    def __init__(self, target: str | Path | None, *, append: bool = False,
                 option: str = "--errors") -> None:
        name = STDOUT if target is None else str(target)
        self._fh: IO[str] = open_stream(name, append=append, option=option)
        plain = name != STDOUT and Path(name).suffix not in COMPRESSED_SUFFIXES
        #: The file a resumed crawl can reread to check a half-written line, or None.
        self.path = str(Path(name).resolve()) if plain else None
        self.count = 0

    def write(self, record: Article | dict[str, Any]) -> None:
        self.write_line(to_json_line(record))

    def write_line(self, line: str) -> None:
        """Write one already-encoded line (it must end with a newline) and flush."""
        self._fh.write(line)
        self._fh.flush()
        self.count += 1

    def close(self) -> None:
        if self._fh is sys.stdout:
            self._fh.flush()
        else:
            self._fh.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
