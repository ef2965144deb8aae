"""Render stage: an ``Article`` as a document for people and tools (Markdown, text, HTML).

The last stage, beside ``scraper.serialize`` (JSON lines): nothing upstream imports it, and
``Article.to_markdown()`` and friends import it lazily.

    Article --markdown--> YAML front matter + CommonMark/GFM body
    Article --text------> title, then the blocks as plain text (ordered lists numbered)
    Article --html------> a sanitized HTML5 document, metadata in <head>
"""

from __future__ import annotations

from scraper.render.html import to_html
from scraper.render.markdown import to_markdown
from scraper.render.text import to_text

__all__ = ["to_html", "to_markdown", "to_text"]
