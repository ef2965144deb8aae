"""Which discovered URLs a crawl takes, and in what order: scope, filters, URL shape.

Scope. A followed link stays within the seeds' sites: the same *registrable domain* (the
part a registrant owns, one label under a public suffix: ``news.bbc.co.uk`` and
``www.bbc.co.uk`` are both ``bbc.co.uk``; ``a.github.io`` and ``b.github.io`` are two sites).
The Public Suffix List is tldextract's bundled snapshot, read offline: no list is fetched
and nothing is cached on disk. An IP address or a single-label host (``localhost``) is its
own site. With ``same_host`` the scope is the seeds' hosts themselves.

Filters. ``--include``/``--exclude`` regexes (``re.search`` on the whole URL) apply to every
discovered URL (sitemap and feed entries, links), never to a URL the user gave; links to
files that are not pages (images, archives, media, stylesheets...) are skipped by their
extension. Each refusal is a skip of its own kind, so every discovered URL is accounted for.

Order. The frontier is breadth-first (depth 0 = the seeds), and within a depth article-like
URLs go first, so a ``--max-pages`` budget is spent on articles rather than on tag pages. The
URL-shape heuristic, three ranks:

- 0, article-like: a date in the path (``/2024/05/``, ``/2024-05-12-``), a long slug (four or
  more words joined by hyphens or underscores in the last segment), or an id of five or more
  digits in the last segments (``/story/1234567``, ``/p/98765.html``);
- 2, listing-like: ``/tag/``, ``/category/``, ``/author/``, ``/page/N``, ``?page=``,
  ``/search``, ``/archive``, a feed or a login page;
- 1, anything else (section fronts, about pages).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import tldextract

from scraper.crawler.skips import Skip

__all__ = ["LinkPolicy", "Refusal", "registrable_domain", "url_rank"]

#: Extensions of files that are not HTML pages; a link to one would cost a request and come
#: back ``not_html``. The usual web media, documents and archives.
NOT_PAGE_EXTENSIONS = frozenset({
    "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "avif",
    "mp3", "mp4", "m4a", "m4v", "mov", "avi", "webm", "ogg", "wav", "flac",
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "epub",
    "zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "tar", "dmg", "exe", "msi", "apk", "iso",
    "css", "js", "json", "xml", "rss", "atom", "txt", "csv", "woff", "woff2", "ttf", "eot",
})

_DATE_IN_PATH = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)")
_SLUG_WORDS = re.compile(r"[a-z0-9\u00c0-\uffff]+", re.IGNORECASE)
#: Words in the last path segment from which it reads as a headline slug.
MIN_SLUG_WORDS = 4
_LONG_ID = re.compile(r"(?:^|[/_-])\d{5,}(?:\.html?)?/?$")
_LISTING = re.compile(
    r"/(?:tags?|category|categories|topics?|author|authors|page|search|archives?|feed|"
    r"login|signin|register|wp-login\.php)(?:/|$|\?)|[?&](?:page|s|q)=", re.IGNORECASE)

#: The offline extractor: the bundled Public Suffix List snapshot, no fetch, no disk cache;
#: the list's private section counts (each ``*.github.io``, ``*.blogspot.com`` is a site).
_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                  fallback_to_snapshot=True, include_psl_private_domains=True)


def registrable_domain(host: str) -> str:
    """``news.bbc.co.uk`` -> ``bbc.co.uk``; an IP address or a bare name is itself."""
    host = host.lower().rstrip(".")
    parts = _SUFFIXES(host)
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    return host


def url_rank(url: str) -> int:
    """0 article-like, 1 other, 2 listing-like (see the module docstring)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    target = path + ("?" + parts.query if parts.query else "")
    if _LISTING.search(target):
        return 2
    last = path.rstrip("/").rsplit("/", 1)[-1]
    stem = last.rsplit(".", 1)[0] if "." in last else last
    if _DATE_IN_PATH.search(path) or _LONG_ID.search(path):
        return 0
    if (len(_SLUG_WORDS.findall(stem.replace("_", "-"))) >= MIN_SLUG_WORDS and "-" in stem) \
            or stem.count("_") >= MIN_SLUG_WORDS - 1:
        return 0
    return 1


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a discovered URL is not fetched: its skip kind and a message."""

    skip: Skip
    message: str


class LinkPolicy:
    """Judges discovered URLs: ``check_link`` for followed links (scope and filters),
    ``check_entry`` for sitemap and feed entries (filters only)."""

    def __init__(self, seeds: Iterable[str], include: Iterable[str] = (),
                 exclude: Iterable[str] = (), same_host: bool = False) -> None:
        self._include = [re.compile(p) for p in include]
        self._exclude = [re.compile(p) for p in exclude]
        self._site = _host_of if same_host else _domain_of
        self.domains = frozenset(d for d in (self._site(s) for s in seeds) if d)

    def check_entry(self, url: str) -> Refusal | None:
        for pattern in self._exclude:
            if pattern.search(url):
                return Refusal(Skip.FILTERED_URL, f"matches --exclude {pattern.pattern!r}")
        if self._include and not any(p.search(url) for p in self._include):
            return Refusal(Skip.FILTERED_URL, "matches no --include pattern")
        return None

    def check_link(self, url: str) -> Refusal | None:
        domain = self._site(url)
        if domain not in self.domains:
            sites = ", ".join(sorted(self.domains)) or "none"
            return Refusal(Skip.OUT_OF_SCOPE, f"{domain or 'no host'} is outside the seeds' "
                                              f"sites ({sites})")
        last = urlsplit(url).path.rsplit("/", 1)[-1]
        extension = last.rsplit(".", 1)[-1].lower() if "." in last else ""
        if extension in NOT_PAGE_EXTENSIONS:
            return Refusal(Skip.FILTERED_URL, f"a .{extension} file, not a page")
        return self.check_entry(url)


def _host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def _domain_of(url: str) -> str:
    host = _host_of(url)
    return registrable_domain(host) if host else ""
