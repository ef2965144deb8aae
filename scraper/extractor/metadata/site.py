"""Site names: matching a title segment against known names, and the host-name fallback."""

from __future__ import annotations

import re

from scraper.links import url_host

__all__ = ["MAX_SITE_CHARS", "choose_site_name", "host_label", "host_name", "matches_site"]

#: A site-name candidate longer than this is a slogan or a page title, not a name.
MAX_SITE_CHARS = 80

#: Substring matches shorter than this ("tv", "ap") would match inside unrelated words.
MIN_MATCH_CHARS = 3

_NON_WORD = re.compile(r"[\W_]+")
#: What may follow a site's name in og:site_name without changing the name: a tagline after a
#: separator, a domain ending, a legal form.
_DECORATION = re.compile(
    r"^(?:\s*[|\-–—:·•]\s+.+|\.[a-z]{2,6}|,?\s+(?:inc|ltd|llc|gmbh|plc|corp|s\.?a)\.?)$",
    re.IGNORECASE,
)
#: og:site_name written as a lower-case host ("livescience.com"), not as a brand ("Space.com").
_LOWER_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}$")
_COMMON_PREFIXES = ("www.", "m.", "amp.", "mobile.")
#: Second-level labels under which the registrable name is one label further left (bbc.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"})


def host_name(url: str | None) -> str | None:
    """The host without ``www.``-like prefixes (``www.example.com`` -> ``example.com``)."""
    if not url:
        return None
    host = url_host(url)
    if not host or "." not in host:
        return None
    for prefix in _COMMON_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host


def host_label(url: str | None) -> str | None:
    """The registrable label of the host: ``news.bbc.co.uk`` -> ``bbc``."""
    host = host_name(url)
    if host is None:
        return None
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def matches_site(segment: str, sites: list[str]) -> bool:
    """Whether a title segment names the site: equal to a known name, or to the host label.

    Compared without case, spaces and punctuation, so "The Guardian" matches "theguardian".
    """
    key = _NON_WORD.sub("", segment.casefold())
    if not key:
        return False
    for site in sites:
        other = _NON_WORD.sub("", site.casefold())
        if not other:
            continue
        if key == other:
            return True
        if len(other) >= MIN_MATCH_CHARS and len(key) >= MIN_MATCH_CHARS and (
            key.startswith(other) or other.startswith(key)
        ):
            return True
    return False


def choose_site_name(og: list[tuple[str, str]], jsonld: list[tuple[str, str]],
                     rest: list[tuple[str, str]]) -> tuple[str, str] | None:
    """og:site_name, unless JSON-LD writes the same name better; see the package docstring."""
    og = [pick for pick in og if len(pick[0]) <= MAX_SITE_CHARS and not _is_url(pick[0])]
    jsonld = [pick for pick in jsonld if len(pick[0]) <= MAX_SITE_CHARS]
    if og and jsonld and _related(og[0][0], jsonld[0][0]):
        return jsonld[0]
    for pick in (*og, *jsonld, *rest):
        if len(pick[0]) <= MAX_SITE_CHARS and not _is_url(pick[0]):
            return pick
    return None


def _is_url(value: str) -> bool:
    """URLs and @handles are where a site is, not what it is called."""
    return value.startswith(("http://", "https://", "www.", "@"))


def _related(og: str, jsonld: str) -> bool:
    """Whether JSON-LD writes og:site_name's name better: the same letters ("detroitnews" /
    "The Detroit News"), og:site_name is a lower-case host ("livescience.com"), or it is that
    name plus a tagline ("Site - News daily"), a domain ("Libération.fr") or a legal form
    ("Spiceworks Inc")."""
    a = _NON_WORD.sub("", og.casefold())
    b = _NON_WORD.sub("", jsonld.casefold())
    if len(a) < MIN_MATCH_CHARS or len(b) < MIN_MATCH_CHARS:
        return False
    if a == b or a == "the" + b or b == "the" + a:
        return True
    if _LOWER_HOST.match(og) and a.startswith(b):
        return True
    head = og.casefold().strip()
    name = jsonld.casefold().strip()
    return head.startswith(name) and bool(_DECORATION.match(og[len(name):]))
