"""Text streams to write to: stdout for ``-``, else a file compressed by its extension.

    .gz   gzip (the standard library)
    .zst  Zstandard (the zstandard package)
    else  plain UTF-8 text

Appending to a compressed file adds a gzip member or a zstd frame, and readers of both
formats read the members of a file as one stream, so a resumed run can append too.
"""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path
from typing import IO, cast

import zstandard

from scraper.errors import ConfigError

__all__ = ["COMPRESSED_SUFFIXES", "STDOUT", "is_directory_target", "open_stream"]

STDOUT = "-"

COMPRESSED_SUFFIXES = (".gz", ".zst")


def is_directory_target(target: str) -> bool:
    """A trailing slash or an existing directory: a place for many files, not one stream."""
    return target != STDOUT and (target.endswith(("/", os.sep)) or Path(target).is_dir())


def open_stream(target: str, *, append: bool, option: str = "-o") -> IO[str]:
    """Open ``target`` for writing text (its parent directories created), or stdout for
    ``-``. Raises ``ConfigError`` naming ``option`` when it is a directory or cannot be
    opened."""
    if target == STDOUT:
        return sys.stdout
    if is_directory_target(target):
        raise ConfigError(f"{option} {target}: is a directory, and this output is one file")
    path = Path(target)
    mode = "at" if append else "wt"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".gz":
            return cast(IO[str], gzip.open(path, mode, encoding="utf-8"))
        if path.suffix == ".zst":
            return cast(IO[str], zstandard.open(path, mode, encoding="utf-8"))
        return path.open(mode[0], encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {option} {target}: {exc.strerror or exc}") from exc
