"""URLs read from a page (canonical, ``<base>``, links, images): parsed and joined without
ever raising.

A page is untrusted input, and ``urllib.parse`` raises ``ValueError`` on some of what pages
hold: an unbalanced bracketed host (``http://[::1/x``), an empty or invalid one
(``http://[]/``: "'' does not appear to be an IPv4 or IPv6 address"), a port that is not a
number. A broken URL inside a page is ignored, never fatal: every stage that reads URLs out of
the tree goes through these helpers, which answer ``None`` instead.

The URL the caller gives (``extract(html, url=...)``) is a different matter: it is checked
once at the entry point and a bad one is ``InvalidURL``.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

__all__ = ["MAX_PAGE_LINKS", "join_url", "page_links", "split_url", "url_host"]

#: Links read from one page for a crawl to follow. A news front page with its mega-menu has a
#: few hundred; a page with tens of thousands is a trap (or a sitemap in HTML), and past this
#: its links are not worth a frontier row each.
MAX_PAGE_LINKS = 2000


def split_url(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or ``None`` when the URL's host or port cannot be parsed."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsed lazily: this is where a bad port raises
    except ValueError:
        return None
    return parts


def join_url(base: str | None, href: str) -> str | None:
    """``href`` (stripped) resolved against ``base`` (as is without one), or ``None`` when
    either cannot be parsed."""
    href = href.strip()
    if base and not href.startswith(("https://", "http://")):
        try:
            href = urljoin(base, href)
        except ValueError:
            return None
    return href if split_url(href) is not None else None


def url_host(url: str) -> str | None:
    """The lower-cased host of ``url``, or ``None`` (no host, or one that cannot be parsed)."""
    parts = split_url(url)
    return parts.hostname if parts is not None else None


def page_links(tree: LexborHTMLParser, base: str | None,
               limit: int = MAX_PAGE_LINKS) -> list[str]:
    """The absolute http(s) URLs a page links to (``<a href>``, resolved against its
    ``<base href>`` or ``base``), fragments dropped, each once, in page order; links marked
    ``rel=nofollow`` are left out (the site asks crawlers not to follow them)."""
    base_tag = tree.css_first("base[href]")
    if base_tag is not None and (href := base_tag.attributes.get("href")):
        base = join_url(base, href) or base
    seen: set[str] = set()
    links: list[str] = []
    for anchor in tree.css("a[href]"):
        rel = (anchor.attributes.get("rel") or "").lower().split()
        href = anchor.attributes.get("href")
        if not href or "nofollow" in rel:
            continue
        url = join_url(base, href)
        if url is None or not url.startswith(("http://", "https://")):
            continue
        url = urldefrag(url)[0]
        if url not in seen:
            seen.add(url)
            links.append(url)
            if len(links) >= limit:
                break
    return links
