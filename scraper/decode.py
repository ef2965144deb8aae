"""Decode stage: response bytes -> text.

The charset is decided in this order (the first that applies wins):

1. A byte-order mark (UTF-8, UTF-16 LE/BE): authoritative, as in browsers.
2. Pure ASCII bytes: ASCII (every candidate agrees).
3. The declared charsets, HTTP ``Content-Type`` first, then ``<meta charset>`` /
   ``<meta http-equiv=Content-Type>`` in the first 4 KiB: the first one that decodes the bytes
   without error is used. windows-1252 (also what ``latin-1``/``ascii`` labels mean on the web)
   decodes every byte, as the WHATWG Encoding Standard defines it.
   A declared non-UTF charset (latin-1, windows-1251, GBK, ...) that contradicts bytes which are
   valid, non-ASCII UTF-8 loses to UTF-8: a page that decodes cleanly as UTF-8 is UTF-8.
4. When no declaration is left (missing, or each one fails its strict decode):
   a. UTF-8 if the bytes are valid UTF-8 (legacy bytes almost never are);
   b. UTF-8 with stray legacy bytes read as windows-1252, when valid multi-byte UTF-8 sequences
      are at least as many as invalid bytes (a UTF-8 template with pasted windows-1252 text);
   c. windows-1252 when it reads as Western European text (few non-ASCII letters, all of them
      Latin-1 letters, signs or typographic punctuation, once UTF-8 passages read this way are
      set aside for the repair stage): the web's legacy default;
   d. charset-normalizer's detection (Cyrillic, Central European, CJK legacy pages).
5. As a last resort, windows-1252, never an exception.

Bytes that are not text at all (more than ``MAX_CONTROL_SHARE`` C0 control bytes, after any
BOM) are a ``DecodeError`` first.

Each time the used charset differs from the declared one, ``repairs["charset"]`` counts it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from typing import NamedTuple

from charset_normalizer import from_bytes

from scraper.errors import DecodeError
from scraper.models import Repairs

__all__ = ["Decoded", "declared_charsets", "decode", "decode_document", "utf8_source"]

#: Browsers look for <meta charset> in the first 1024 bytes; real CMS output sometimes puts it
#: after long comment headers, so we look four times as far.
META_PRESCAN_BYTES = 4096

#: Detection on a prefix is as good as on the whole page for charset purposes and bounds cost.
DETECTION_SAMPLE_BYTES = 64 * 1024

#: C0 control bytes that text never holds (tab, newline, form feed, carriage return and
#: escape are left out: they occur in real pages). Binary data (images, archives, executables
#: saved as .html) is full of them: random bytes hold about 10% of these, UTF-8 and legacy
#: pages well under 0.1%, so a page with more than ``MAX_CONTROL_SHARE`` of them in its
#: first ``DETECTION_SAMPLE_BYTES`` is refused (a decode error) before the stages spend
#: seconds repairing "mojibake" that is noise.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
MAX_CONTROL_SHARE = 0.02

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
_SURROGATE = re.compile("[\udc80-\udcff]")
_UTF8_READ_AS_1252 = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]+"
)
_SURROGATE_RUN = re.compile("[\udc80-\udcff]+")

#: A page is "UTF-8 with a few legacy bytes" when its valid multi-byte characters are at least
#: as many as its invalid bytes; below that it is a legacy page with stray UTF-8 (mojibake).
MIN_UTF8_SHARE = 1

#: Western European languages write under a fifth of their letters with diacritics (French,
#: the highest, about 4%); Cyrillic or Greek read as windows-1252 is nearly all non-ASCII.
MAX_WESTERN_NON_ASCII_SHARE = 0.2

#: What windows-1252 text in a Western European language is made of beyond ASCII: Latin-1
#: letters and signs and the typographic punctuation of the 0x80-0x9F block (UTF-8 passages
#: read this way also stay inside it: ``Ãª``, ``â€™``). Central European bytes read as
#: windows-1252 betray themselves with superscript digits and the yen and macron signs
#: (Polish ą ł Ą Ż), which no Western text uses inside words.
_WESTERN = frozenset(
    {chr(code) for code in range(0xA0, 0x100)} - set("¹³¥¯")
    | set("ŒœŠšŽžŸƒ‘’‚“”„–—…•€™†‡‰‹›ˆ˜")
)


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
    if encoding == "cp1252":
        return _windows_1252(body)
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _windows_1252(body: bytes) -> str:
    """windows-1252 as the WHATWG defines it: the five unassigned bytes map to C1 controls."""
    text = body.decode("cp1252", errors="surrogateescape")
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(lambda m: chr(ord(m.group()) - 0xDC00), text)
    return text


def _utf8_with_legacy_bytes(body: bytes) -> str | None:
    """UTF-8 where valid, windows-1252 for each invalid byte; None unless UTF-8 dominates."""
    text = body.decode("utf-8", errors="surrogateescape")
    invalid = len(_SURROGATE.findall(text))
    multibyte = sum(1 for char in text if char > "\x7f") - invalid
    if invalid == 0 or multibyte < invalid * MIN_UTF8_SHARE:
        return None
    return _SURROGATE_RUN.sub(
        lambda m: bytes(ord(c) - 0xDC00 for c in m.group()).decode("cp1252", "replace"), text
    )


def _plausible_western(text: str) -> bool:
    # UTF-8 passages read as windows-1252 (a lead byte Â..ô, then a continuation byte) are
    # repaired later as mojibake; they say nothing about the page's own charset.
    text = _UTF8_READ_AS_1252.sub("", text)
    letters = sum(1 for char in text if char.isalpha())
    foreign = [char for char in text if char > "\x7f"]
    if not letters or len(foreign) > letters * MAX_WESTERN_NON_ASCII_SHARE:
        return False
    return all(char in _WESTERN for char in foreign)


class Decoded(NamedTuple):
    """A decoded document and the codec that decoded it (``utf-8``, ``cp1252``, ...;
    ``utf-8+cp1252`` for UTF-8 with stray windows-1252 bytes)."""

    text: str
    encoding: str


def decode(body: bytes, headers: Mapping[str, str] | None = None,
           repairs: Repairs | None = None) -> str:
    """Decode ``body`` following the order in the module docstring."""
    return decode_document(body, headers, repairs).text


def decode_document(body: bytes, headers: Mapping[str, str] | None = None,
                    repairs: Repairs | None = None) -> Decoded:
    """``decode``, telling which codec it used."""
    if repairs is None:
        repairs = Repairs()
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom):].decode(encoding, errors="replace"), encoding)
    sample = body[:DETECTION_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise DecodeError(f"binary data, not a text document ({controls} control bytes in the "
                          f"first {len(sample)})")
    if body.isascii():
        return Decoded(body.decode("ascii"), "ascii")

    declared = declared_charsets(body, headers)
    utf8 = _strict(body, "utf-8")
    for position, encoding in enumerate(declared):
        if utf8 is not None and not encoding.startswith("utf"):
            break  # valid non-ASCII UTF-8 beats a non-UTF declaration
        text = utf8 if encoding == "utf-8" else _strict(body, encoding)
        if text is not None:
            if position > 0:
                repairs["charset"] += 1  # the header lied, the <meta> was right
            return Decoded(text, encoding)

    decoded = _undeclared(body, utf8)
    if declared:
        repairs["charset"] += 1  # every declaration was wrong
    return decoded


def utf8_source(body: bytes, decoded: Decoded) -> bytes | None:
    """``body`` when it is exactly ``decoded.text`` encoded as UTF-8, else None.

    That holds when the whole body was decoded strictly as UTF-8 or ASCII (the only ways to an
    ``utf-8`` or ``ascii`` result here, but for a UTF-8 byte-order mark, which is cut off and
    decoded leniently). The parser takes these bytes instead of encoding the text again.
    """
    if decoded.encoding in ("utf-8", "ascii") and not body.startswith(codecs.BOM_UTF8):
        return body
    return None


def _undeclared(body: bytes, utf8: str | None) -> Decoded:
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    mixed = _utf8_with_legacy_bytes(body)
    if mixed is not None:
        return Decoded(mixed, "utf-8+cp1252")
    western = _windows_1252(body)
    if _plausible_western(western[:DETECTION_SAMPLE_BYTES]):
        return Decoded(western, "cp1252")
    best = from_bytes(body[:DETECTION_SAMPLE_BYTES]).best()
    if best is not None and best.encoding:
        text = _strict(body, best.encoding)
        if text is not None:
            return Decoded(text, best.encoding)
    if not body.strip():
        raise DecodeError("document is empty after decoding")
    return Decoded(western, "cp1252")
