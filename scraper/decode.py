"""Decode stage: response bytes -> text.

The charset is decided in this order (the first that applies wins):

1. A byte-order mark (UTF-8, UTF-16 LE/BE): authoritative, as in browsers.
2. The declared charsets, HTTP ``Content-Type`` first, then ``<meta charset>`` /
   ``<meta http-equiv=Content-Type>`` in the first 4 KiB: the first one that decodes the bytes
   without error is used.
3. When a declaration is missing or wrong (its strict decode fails): UTF-8 if the bytes are
   valid UTF-8 (random legacy bytes almost never are), else charset-normalizer's detection.
4. As a last resort, windows-1252 with replacement characters, never an exception.

A declared single-byte charset (latin-1, windows-1252, ...) that contradicts bytes which are
valid, non-ASCII UTF-8 loses to UTF-8: a page that decodes cleanly as UTF-8 is UTF-8.
Each time the used charset differs from the declared one, ``repairs["charset"]`` counts it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

from charset_normalizer import from_bytes

from scraper.errors import DecodeError
from scraper.models import Repairs

__all__ = ["declared_charsets", "decode"]

#: Browsers look for <meta charset> in the first 1024 bytes; real CMS output sometimes puts it
#: after long comment headers, so we look four times as far.
META_PRESCAN_BYTES = 4096

#: Detection on a prefix is as good as on the whole page for charset purposes and bounds cost.
DETECTION_SAMPLE_BYTES = 64 * 1024

#: WHATWG Encoding Standard: these labels mean windows-1252 on the web.
_WEB_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I
)
_SINGLE_BYTE = frozenset({"cp1252", "iso8859-15", "cp1251", "cp1250", "iso8859-2", "koi8-r"})


def _normalise(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _WEB_ALIASES.get(name, name)


def declared_charsets(body: bytes, headers: Mapping[str, str] | None) -> list[str]:
    """Charsets the response declares, HTTP header first, then the document's ``<meta>``."""
    found: list[str] = []
    content_type = ""
    if headers:
        for key, value in headers.items():
            if key.lower() == "content-type":
                content_type = value
                break
    match = _HEADER_CHARSET.search(content_type)
    if match and (name := _normalise(match.group(1))):
        found.append(name)
    meta = _META_CHARSET.search(body[:META_PRESCAN_BYTES])
    if meta and (name := _normalise(meta.group(1).decode("ascii", "ignore"))):
        # A document that was decoded to reach its <meta> cannot be UTF-16 any more.
        name = "utf-8" if name.startswith("utf-16") else name
        if name not in found:
            found.append(name)
    return found


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(body: bytes, headers: Mapping[str, str] | None = None,
           repairs: Repairs | None = None) -> str:
    """Decode ``body`` following the order in the module docstring."""
    if repairs is None:
        repairs = Repairs()
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(encoding, errors="replace")

    declared = declared_charsets(body, headers)
    is_ascii = body.isascii()
    if is_ascii:
        return body.decode("ascii")

    utf8 = _strict(body, "utf-8")
    for position, encoding in enumerate(declared):
        if encoding in _SINGLE_BYTE and utf8 is not None:
            break  # valid non-ASCII UTF-8 beats a single-byte declaration
        text = _strict(body, encoding)
        if text is not None:
            if position > 0:
                repairs["charset"] += 1  # the header lied, the <meta> was right
            return text

    if declared:
        repairs["charset"] += 1  # every declaration was wrong
    if utf8 is not None:
        return utf8
    best = from_bytes(body[:DETECTION_SAMPLE_BYTES]).best()
    if best is not None and best.encoding:
        text = _strict(body, best.encoding)
        if text is not None:
            return text
    if not body.strip():
        raise DecodeError("document is empty after decoding")
    return body.decode("cp1252", errors="replace")
