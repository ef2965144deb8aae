"""The output formats a run can write, and one article rendered in each."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from scraper.models import Article
from scraper.serialize import to_json_line

__all__ = ["OutputFormat", "render"]


class OutputFormat(StrEnum):
    """What each article becomes in the output."""

    JSONL = "jsonl"
    MARKDOWN = "markdown"
    TEXT = "text"
    HTML = "html"

    @property
    def extension(self) -> str:
        """The file extension of one article in this format (``-o DIR/``)."""
        return _EXTENSIONS[self]


_EXTENSIONS = {OutputFormat.JSONL: ".json", OutputFormat.MARKDOWN: ".md",
               OutputFormat.TEXT: ".txt", OutputFormat.HTML: ".html"}

_RENDERERS: dict[OutputFormat, Callable[[Article], str]] = {
    OutputFormat.JSONL: to_json_line,
    OutputFormat.MARKDOWN: Article.to_markdown,
    OutputFormat.TEXT: Article.to_text,
    OutputFormat.HTML: Article.to_html,
}


def render(article: Article, fmt: OutputFormat) -> str:
    """``article`` as one document of ``fmt``, ending with a newline."""
    return _RENDERERS[fmt](article)
