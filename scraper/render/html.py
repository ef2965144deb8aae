"""Article -> HTML: a small semantic HTML5 document, the metadata in ``<head>``.

The body is built from the blocks with every text escaped, then passed through nh3 (the
Ammonia sanitizer) with an allow-list of the tags and attributes written here: whatever a
page managed to smuggle into a block's text or link (script, style, event handlers,
``javascript:`` URLs) cannot survive, even if the building code had a bug.
"""

from __future__ import annotations

from html import escape

import nh3

from scraper.models import Article, Block, BlockType
from scraper.render.inline import COMMENTS_HEADING, leading_title, runs, safe_href

__all__ = ["to_html"]

#: The only tags and attributes the body may hold after sanitizing.
ALLOWED_TAGS = frozenset({
    "article", "header", "h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "br", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "pre", "code", "blockquote", "figure", "img",
    "figcaption", "section",
})
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "code": {"class"},
                      "th": {"scope"}}
#: URL schemes a link or image may use; relative URLs are kept too.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})


def _text(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def _inline(block: Block) -> str:
    return "".join(f'<a href="{escape(href)}">{_text(text)}</a>' if href else _text(text)
                   for text, href in runs(block.text, block.links))


def _table(block: Block) -> str:
    rows = [row for row in block.rows or [] if row]
    if not rows:
        return ""
    parts = ["<table>"]
    if block.header:
        head = "".join(f'<th scope="col">{_text(cell)}</th>' for cell in rows[0])
        parts.append(f"<thead><tr>{head}</tr></thead>")
        rows = rows[1:]
    body = "".join("<tr>" + "".join(f"<td>{_text(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    parts.append(f"<tbody>{body}</tbody></table>")
    return "".join(parts)


def _list(block: Block) -> str:
    """``<ul>``/``<ol>``, each nested list inside its item."""
    tag = "ol" if block.ordered else "ul"
    sublists = block.sublists or []
    items = []
    for n, item in enumerate(block.items or []):
        sublist = sublists[n] if n < len(sublists) else None
        items.append(f"<li>{_text(item)}{_list(sublist) if sublist is not None else ''}</li>")
    return f"<{tag}>{''.join(items)}</{tag}>"


def _image(block: Block) -> str:
    src = safe_href(block.src or "")
    img = f'<img src="{escape(src)}" alt="{escape(block.alt or "")}">' if src else ""
    caption = f"<figcaption>{_text(block.caption)}</figcaption>" if block.caption else ""
    return f"<figure>{img}{caption}</figure>" if img or caption else ""


def _block(block: Block) -> str:
    match block.type:
        case BlockType.HEADING:
            level = min(max(block.level or 2, 1), 6)
            return f"<h{level}>{_text(block.text)}</h{level}>"
        case BlockType.LIST:
            return _list(block)
        case BlockType.TABLE:
            return _table(block)
        case BlockType.CODE:
            language = "".join((block.language or "").split())
            attr = f' class="language-{escape(language)}"' if language else ""
            return f"<pre><code{attr}>{escape(block.text)}</code></pre>"
        case BlockType.QUOTE:
            return f"<blockquote><p>{_inline(block)}</p></blockquote>"
        case BlockType.IMAGE:
            return _image(block)
        case _:
            return f"<p>{_inline(block)}</p>"


def _head(article: Article) -> str:
    meta = [("author", ", ".join(article.authors)), ("description", article.description),
            ("keywords", ", ".join(article.tags)), ("article:published_time", article.published),
            ("og:site_name", article.site_name), ("scraper:page_type", article.page_type.value)]
    lines = ['<meta charset="utf-8">', f"<title>{escape(article.title or '')}</title>"]
    lines += [f'<meta name="{escape(name)}" content="{escape(value)}">'
              for name, value in meta if value]
    url = safe_href(article.url or "") if article.url else None
    if url:
        lines.append(f'<link rel="canonical" href="{escape(url)}">')
    return "\n".join(lines)


def body_html(article: Article) -> str:
    """The article's body as a sanitized ``<article>`` fragment."""
    title = leading_title(article)
    parts = [f"<header><h1>{_text(title)}</h1></header>"] if title else []
    parts += [_block(block) for block in article.blocks]
    if article.comments:
        comments = "".join(_block(block) for block in article.comments)
        parts.append(f'<section><h2>{COMMENTS_HEADING}</h2>{comments}</section>')
    raw = "<article>\n" + "\n".join(part for part in parts if part) + "\n</article>"
    return nh3.clean(raw, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=set(ALLOWED_SCHEMES), link_rel=None, strip_comments=True)


def to_html(article: Article) -> str:
    """The article as a standalone HTML5 document, ending with one newline."""
    lang = f' lang="{escape(article.language)}"' if article.language else ""
    return (f"<!DOCTYPE html>\n<html{lang}>\n<head>\n{_head(article)}\n</head>\n<body>\n"
            f"{body_html(article)}\n</body>\n</html>\n")
