"""Where records go: a stream (a file, compressed by its extension, or stdout) or a directory
holding one file per article.

    -o -              stdout
    -o out.jsonl      one file; ``.gz`` (gzip) and ``.zst`` (Zstandard) compress while writing
    -o out/           a directory (trailing slash, or one that exists): one file per article,
                      named by ``article_slug``, so a rerun rewrites the same names

Documents in a stream follow one another (JSON lines one a line; Markdown, text and HTML
documents a blank line apart). A target that cannot be opened is a ``ConfigError`` with a
one-line message naming the option, for the CLI's exit 2.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from slugify import slugify

from scraper.errors import ConfigError
from scraper.models import Article
from scraper.render.formats import OutputFormat, render
from scraper.streams import COMPRESSED_SUFFIXES, STDOUT, is_directory_target, open_stream

__all__ = ["DirectorySink", "RecordSink", "StreamSink", "article_slug", "open_sink"]

#: Longest slug before its hash: file names stay readable and well under every file
#: system's 255-byte limit.
SLUG_MAX_CHARS = 80

#: Hex digits of the input URL's hash in a file name: unique per input in practice (2^32
#: names), short enough to read.
SLUG_HASH_CHARS = 8


def article_slug(article: Article) -> str:
    """A safe, stable file name stem: site and title (or URL path), then a short hash of the
    URL as given, so two inputs never share a name and a rerun finds its own."""
    url = article.requested_url or article.url or ""
    parts = urlsplit(url)
    site = article.site_name or parts.hostname or ""
    words = article.title or parts.path.replace("/", " ") or "article"
    stem = slugify(f"{site} {words}", max_length=SLUG_MAX_CHARS, word_boundary=True)
    key = url or article.content_hash or article.text
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:SLUG_HASH_CHARS]
    return f"{stem or 'article'}-{digest}"


class RecordSink(Protocol):
    """Where articles are written, one whole document at a time."""

    count: int

    def write(self, article: Article) -> None: ...
    def state_position(self) -> tuple[str | None, int]: ...
    def close(self) -> None: ...


class StreamSink:
    """Articles one after another in one stream, each written whole and flushed."""

    def __init__(self, target: str, fmt: OutputFormat, *, append: bool) -> None:
        self._fh = open_stream(target, append=append)
        self._fmt = fmt
        plain = target != STDOUT and fmt is OutputFormat.JSONL and \
            Path(target).suffix not in COMPRESSED_SUFFIXES
        self._path = str(Path(target).resolve()) if plain else None
        self.count = 0

    def write(self, article: Article) -> None:
        document = render(article, self._fmt)
        if self.count and self._fmt is not OutputFormat.JSONL:
            document = "\n" + document
        self._fh.write(document)
        self._fh.flush()
        self.count += 1

    def state_position(self) -> tuple[str | None, int]:
        """Where the next record will start: the file and byte offset, when it can be
        reread (plain JSONL), else (None, 0)."""
        return (self._path, os.stat(self._path).st_size) if self._path else (None, 0)

    def close(self) -> None:
        if self._fh is sys.stdout:
            self._fh.flush()
        else:
            self._fh.close()


class DirectorySink:
    """One file per article in a directory, replaced whole (a reader never sees half a
    file, and a rerun overwrites the same names)."""

    def __init__(self, target: str, fmt: OutputFormat) -> None:
        self._dir = Path(target)
        self._fmt = fmt
        try:
            self._dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot write -o {target}: {exc.strerror or exc}") from exc
        self.count = 0

    def path_for(self, article: Article) -> Path:
        return self._dir / (article_slug(article) + self._fmt.extension)

    def write(self, article: Article) -> None:
        path = self.path_for(article)
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        partial.write_text(render(article, self._fmt), encoding="utf-8")
        os.replace(partial, path)
        self.count += 1

    def state_position(self) -> tuple[str | None, int]:
        # Rewriting an article's file is harmless, so a resumed crawl just redoes it.
        return None, 0

    def close(self) -> None:
        return None


def open_sink(target: str, fmt: OutputFormat, *, append: bool) -> RecordSink:
    """The sink for ``-o``: a directory of files or one stream."""
    if is_directory_target(target):
        return DirectorySink(target, fmt)
    return StreamSink(target, fmt, append=append)
