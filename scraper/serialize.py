"""Serialize stage: records -> JSON lines, written whole and flushed line by line.

A reader (or a resumed run) never sees half a JSON object: each record is encoded completely
before a single ``write`` of the whole line, and the file is flushed after every line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any, Self

from scraper.models import Article

__all__ = ["JsonlWriter", "error_record", "to_json_line"]


def to_json_line(record: Article | dict[str, Any]) -> str:
    """One record as one line of JSON (UTF-8, no ASCII escaping), newline included."""
    data = record.to_dict() if isinstance(record, Article) else record
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def error_record(target: str, kind: str, message: str) -> dict[str, Any]:
    """The errors-file line for an input (URL or path) that produced no article."""
    return {"url": target, "error": {"kind": kind, "message": message}}


class JsonlWriter:
    """Appends JSON lines to a file (or stdout for ``-``), one whole line per write.

    Files are opened for append unless ``overwrite`` is set, so a resumed run continues them.
    """

    def __init__(self, target: str | Path | None, *, overwrite: bool = False) -> None:
        self._owned = target not in (None, "-")
        if self._owned:
            path = Path(target)  # type: ignore[arg-type]
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fh: IO[str] = path.open("w" if overwrite else "a", encoding="utf-8")
        else:
            self._fh = sys.stdout
        self.count = 0

    def write(self, record: Article | dict[str, Any]) -> None:
        self.write_line(to_json_line(record))

    def write_line(self, line: str) -> None:
        """Write one already-encoded line (it must end with a newline) and flush."""
        self._fh.write(line)
        self._fh.flush()
        self.count += 1

    def close(self) -> None:
        if self._owned:
            self._fh.close()
        else:
            self._fh.flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
