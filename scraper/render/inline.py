"""What the renderers share: a text block split into runs of plain text and links, and which
link targets are safe to keep."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from scraper.models import Article, Block, BlockType, Link

__all__ = ["COMMENTS_HEADING", "Run", "leading_title", "runs", "safe_href"]

#: Link schemes kept in rendered output; any other (``javascript:``, ``data:``, ``vbscript:``)
#: becomes plain text, since a rendered document may be opened in a browser.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", ""})

#: The heading reader comments (``--comments``) get after the body in every rendering.
COMMENTS_HEADING = "Comments"

#: One run of a block's text: the text, and the href when the run is a link's text.
Run = tuple[str, str | None]


def safe_href(href: str) -> str | None:
    """``href`` when its scheme is one a reader can follow safely, else None."""
    cleaned = "".join(ch for ch in href if ch > " ")  # browsers ignore controls in schemes
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return None
    return href if scheme in SAFE_SCHEMES else None


def runs(text: str, links: Iterable[Link] | None) -> list[Run]:
    """Split ``text`` at its links, in order. A block records each anchor's text and href but
    not where it sits, so each link is matched at the next place its text occurs; a link whose
    text is not found (or has an unsafe target) stays plain text."""
    out: list[Run] = []
    pos = 0
    for link in links or ():
        href = safe_href(link.href)
        at = text.find(link.text, pos) if link.text else -1
        if href is None or at < 0:
            continue
        if at > pos:
            out.append((text[pos:at], None))
        out.append((link.text, href))
        pos = at + len(link.text)
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def leading_title(article: Article) -> str | None:
    """The title to put above the body, or None when there is none or the body already
    opens with it as a heading (written twice, it would be read twice)."""
    title = (article.title or "").strip()
    if not title:
        return None
    first: Block | None = next((b for b in article.blocks if b.type is not BlockType.IMAGE),
                               None)
    if first is not None and first.type is BlockType.HEADING and first.text.strip() == title:
        return None
    return title
