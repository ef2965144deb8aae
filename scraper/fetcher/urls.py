"""URL checks and normalisation: which URLs we fetch, and when two URLs are the same page.

``checked_url`` validates an input and returns what we request (fragment dropped, unsafe
characters percent-encoded). ``normalize_url`` returns the dedupe key's text: scheme and host
lower-cased, default port and fragment dropped, tracking parameters removed, query sorted
(w3lib's ``canonicalize_url``). ``url_key`` condenses that to a 64-bit integer so a run can
remember millions of URLs in little memory.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

from scraper.errors import InvalidURL

__all__ = ["checked_url", "host_of", "key_of_normalized", "normalize_url", "origin_of",
           "redact_url", "url_key"]

_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}

#: Click and campaign identifiers added by ad networks, mailers and social sites: they change
#: the URL, never the page.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "li_fat_id", "ref_src",
    "oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "s_cid", "cmpid", "ncid",
})
#: Whole families of campaign parameters (Google Analytics ``utm_*``, Piwik/Matomo).
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")


def checked_url(url: str) -> str:
    """The URL to request for an input line; raises ``InvalidURL`` if it is not absolute
    http(s) with a host."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(f"malformed URL: {exc}", url=url) from None
    if parts.scheme.lower() not in _SCHEMES:
        raise InvalidURL(f"not an http(s) URL: {url!r}", url=url)
    host = parts.hostname or ""
    if not host or any(ch.isspace() for ch in host) or (port is not None and port <= 0):
        raise InvalidURL(f"no valid host in URL: {url!r}", url=url)
    plain = urlunsplit(parts._replace(fragment=""))
    try:
        return safe_url_string(plain)
    except ValueError:
        # w3lib's own split rejects some hosts urllib accepts (an IPv6 literal holding a
        # dotted IPv4 part, ``[::ffff:10.0.0.1]``); httpx encodes what it must itself.
        return plain


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def normalize_url(url: str) -> str:
    """The canonical text of a URL for duplicate detection (not what is requested)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal: hostname drops the brackets the netloc needs
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.query:
        kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                if not _is_tracking(k)]
        query = urlencode(kept)
    else:
        query = ""
    path = parts.path or "/"
    plain = urlunsplit((scheme, netloc, path, query, ""))
    try:
        return canonicalize_url(plain)
    except ValueError:  # w3lib rejects hosts urllib accepts (see checked_url)
        return plain


def url_key(url: str) -> int:
    """A signed 64-bit key of the normalised URL (fits an SQLite INTEGER); collisions are
    negligible below billions of URLs."""
    return key_of_normalized(normalize_url(url))


def key_of_normalized(normalized: str) -> int:
    """``url_key`` for a URL already passed through ``normalize_url``."""
    digest = hashlib.blake2b(normalized.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def host_of(url: str) -> str:
    """The politeness unit: host and port, lower-cased."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    default = _DEFAULT_PORTS.get(parts.scheme.lower())
    return f"{host}:{parts.port}" if parts.port not in (None, default) else host


def origin_of(url: str) -> str:
    """``scheme://host[:port]``: the scope of one robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower().rsplit('@', 1)[-1]}"


def redact_url(url: str) -> str:
    """``url`` with any user name and password replaced by ``***``: what logs and messages
    show (a URL's credentials are never logged)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))
