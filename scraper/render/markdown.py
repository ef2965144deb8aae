"""Article -> Markdown: YAML front matter with the metadata, then CommonMark + GFM tables.

Text is escaped so that it reads back as the same text: a parser sees the blocks the record
holds and nothing else (no emphasis, links, HTML or list markers that were only characters).

Choices a reader of the output should know:

- The title opens the body as a level-1 heading, unless the first block already is that
  heading.
- A table without a header row gets an empty header row (GFM requires one), so every row of
  the record stays a body row; ragged rows are padded to the widest row. Line breaks in a cell
  become ``<br>``, the one line break GFM allows there.
- A nested list is indented under its item to the item's text (two spaces under ``- ``, three
  under ``1. ``), as CommonMark wants a list inside a list item.
- A code fence is one backtick longer than the longest backtick run in the code (at least 3).
- An image is ``![alt](src)``, its caption the italic paragraph right under it.
- Links with an unsafe target (``javascript:``, ...) are left as their text.
- Reader comments (``--comments``) follow the body under a level-2 "Comments" heading.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import yaml

from scraper.models import Article, Block, BlockType
from scraper.render.inline import COMMENTS_HEADING, leading_title, runs, safe_href

__all__ = ["to_markdown"]

#: Characters escaped where they could open an inline construct: emphasis, code span, link,
#: strikethrough, entity, table cell; "<" only before what starts raw HTML or an autolink,
#: and "_" not between two letters or digits (CommonMark never reads that as emphasis), so
#: ``get_text`` and ``1 < 2`` stay as they are. (">" matters only at a line start.)
_INLINE_SPECIAL = re.compile(r"[\\`*\[\]|~&]|<(?=[A-Za-z/!?])|(?<![^\W_])_|_(?![^\W_])")

#: Line starts that would turn a line into a block construct: ATX heading, block quote,
#: bullet, thematic break or setext underline; an ordered item's ``1.``/``1)`` below.
_LINE_START = re.compile(r"^(\s*)([#>+=-])")
_ORDERED_START = re.compile(r"^(\s*)(\d+)([.)])")

#: Fewest backticks in a code fence, per CommonMark.
_MIN_FENCE = 3

_BACKTICK_RUN = re.compile(r"`+")

#: The safe dumper, in C when PyYAML has libyaml (the pure-Python one took 5 ms of the 6 ms
#: an article's Markdown costs); both quote what YAML would otherwise read as another type.
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

#: No folding of long titles or URLs onto several lines.
_YAML_WIDTH = 1_000_000


def escape(text: str) -> str:
    """``text`` as Markdown inline content that renders as exactly ``text``."""
    lines = []
    for n, line in enumerate(text.split("\n")):
        # A new line's indent could open a code block; the first line of a run may follow
        # a link mid-line, so its space is kept (callers strip a block's outer space).
        line = _INLINE_SPECIAL.sub(r"\\\g<0>", line.lstrip() if n else line)
        line = _ORDERED_START.sub(r"\1\2\\\3", _LINE_START.sub(r"\1\\\2", line))
        lines.append(line.rstrip() if n < text.count("\n") else line)
    # A backslash at the end of a line is a hard break: the record's line break, kept.
    return "\\\n".join(lines)


def _destination(href: str) -> str:
    """A link or image destination: in angle brackets when it holds spaces or parentheses."""
    if any(ch in href for ch in " ()<>\\") or not href:
        return "<" + href.replace("\\", "%5C").replace("<", "%3C").replace(">", "%3E") + ">"
    return href


def _inline(block: Block) -> str:
    parts: list[str] = []
    for text, href in runs(block.text.strip(), block.links):
        if href is None:
            parts.append(escape(text))
            continue
        if parts and parts[-1].endswith("!"):  # "!" right before "[" would make an image
            parts[-1] = parts[-1][:-1] + "\\!"
        parts.append(f"[{escape(text)}]({_destination(href)})")
    return "".join(parts)


def _list(block: Block) -> str:
    lines = []
    sublists = block.sublists or []
    for n, item in enumerate(block.items or [], 1):
        marker = f"{n}. " if block.ordered else "- "
        pad = " " * len(marker)
        body = escape(item.strip()).replace("\n", "\n" + pad)
        lines.append(marker + body if body else marker.rstrip())
        if n <= len(sublists) and (sublist := sublists[n - 1]) is not None:
            lines.append(textwrap.indent(_list(sublist), pad))
    return "\n".join(lines)


def _cell(text: str) -> str:
    return "<br>".join(escape(part) for part in text.strip().split("\n"))


def _table(block: Block) -> str:
    rows = [list(row) for row in block.rows or [] if row]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    header = rows.pop(0) if block.header else [""] * width
    lines = [_row(header), "|" + "|".join([" --- "] * width) + "|"]
    lines += [_row(row) for row in rows]
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _code(block: Block) -> str:
    longest = max((len(run) for run in _BACKTICK_RUN.findall(block.text)), default=0)
    fence = "`" * max(_MIN_FENCE, longest + 1)
    info = "".join((block.language or "").split()).replace("`", "")
    return f"{fence}{info}\n{block.text.rstrip(chr(10))}\n{fence}"


def _quote(block: Block) -> str:
    return "\n".join("> " + line if line else ">" for line in _inline(block).split("\n"))


def _image(block: Block) -> str:
    src = safe_href(block.src or "")
    if not src:
        return f"*{escape(block.caption)}*" if block.caption else ""
    alt = _INLINE_SPECIAL.sub(r"\\\g<0>", " ".join((block.alt or "").split()))
    image = f"![{alt}]({_destination(src)})"
    return f"{image}\n\n*{escape(block.caption)}*" if block.caption else image


def _block(block: Block) -> str:
    match block.type:
        case BlockType.HEADING:
            level = min(max(block.level or 2, 1), 6)
            return "#" * level + " " + _heading_text(block.text)
        case BlockType.LIST:
            return _list(block)
        case BlockType.TABLE:
            return _table(block)
        case BlockType.CODE:
            return _code(block)
        case BlockType.QUOTE:
            return _quote(block)
        case BlockType.IMAGE:
            return _image(block)
        case _:
            return _inline(block)


def _heading_text(text: str) -> str:
    escaped = escape(" ".join(text.split()))
    # A trailing run of "#" would be read as the heading's closing sequence.
    return escaped[:-1] + "\\#" if escaped.endswith("#") else escaped


def front_matter(article: Article) -> str:
    """The metadata as a YAML block between ``---`` lines (keys without a value left out)."""
    data: dict[str, Any] = {
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published,
        "url": article.url,
        "site": article.site_name,
        "language": article.language,
        "tags": list(article.tags),
        "page_type": article.page_type.value,
    }
    kept = {key: value for key, value in data.items() if value not in (None, "", [])}
    text = yaml.dump(kept, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=_YAML_WIDTH)
    return "---\n" + text + "---\n"


def to_markdown(article: Article) -> str:
    """The article as a Markdown document, ending with one newline."""
    title = leading_title(article)
    parts = [f"# {_heading_text(title)}"] if title else []
    parts += [_block(block) for block in article.blocks]
    if article.comments:
        parts += [f"## {COMMENTS_HEADING}"] + [_block(block) for block in article.comments]
    body = "\n\n".join(part for part in parts if part.strip())
    return front_matter(article) + ("\n" + body + "\n" if body else "")
