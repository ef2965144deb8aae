"""Character-level repair of extracted text.

Each step has its own cheap precheck, and the whole pass is skipped for printable ASCII with no
``&`` (most block texts of English pages). Kinds counted in ``Repairs``:

- ``entities``: HTML entities left in text (double-escaped sources: ``&amp;amp;``, ``&#8217;``).
- ``mojibake``: UTF-8 read as windows-1252/latin-1 and similar (ftfy), C1 controls standing for
  windows-1252 punctuation ("curly-quote damage").
- ``control_chars``: C0/C1 control characters other than tab and newline.
- ``invisible_chars``: zero-width space, word joiner, stray byte-order marks; zero-width
  (non-)joiners only where no script needs them (next to ASCII or spaces).
- ``spaces``: non-breaking and other odd spaces made plain, runs collapsed.
- ``soft_hyphens``: U+00AD removed.
- ``unicode_nfc``: text brought to NFC.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

import ftfy
import ftfy.badness

from scraper.models import Repairs

__all__ = ["repair_document_mojibake", "repair_text_chars"]

#: Double-escaped sources nest entities at most this deep in practice (``&amp;amp;amp;``).
MAX_ENTITY_DEPTH = 3

#: ASCII text can only need entity unescaping or control-character removal (each sought only
#: when ``&`` is in the text, or it is not all printable: two C-speed checks instead of a
#: character-class scan of every text).
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ASCII_ENTITY = re.compile(r"&(?:#|[a-zA-Z]{2,8};)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[a-zA-Z][a-zA-Z0-9]{1,31};)")
#: What UTF-8 read as windows-1252 or latin-1 always shows: a lead byte read as Â..ô followed by
#: a continuation byte read as a C1 control, a Latin-1 sign or windows-1252 punctuation; and C1
#: controls or U+FFFD on their own. Only texts with one of these go to ftfy (its own badness
#: test costs more than this scan, on every text with a curly quote). One character class
#: first, so the scan skips ahead at C speed (a top-level alternation tries every position,
#: three times slower); the lookbehinds then tell a lead from the rest.
_MOJIBAKE_HINT = re.compile(
    "[\x80-\x9f\u00c2-\u00f4\ufffd](?:(?<=[\u00c2-\u00f4])"
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]|(?<![\u00c2-\u00f4]))"
)
#: UTF-8 lead bytes read as windows-1252 that legitimate text rarely or never writes before a
#: continuation-looking character: Latin-1 (Â Ã), Latin Extended (Å), Cyrillic (Ð Ñ), Greek
#: (Î Ï), Hebrew/Arabic (Ø Ù), CJK (ã..é) and Hangul (ê..í) text read the wrong way.
MOJIBAKE_LEADS = "ÃÂÅÐÑÎÏØÙãäåæçèéêëìí"
#: What every ``MOJIBAKE_LEADS`` character (U+00C0..U+00FF) starts with in UTF-8: a byte no
#: other character uses, found at memory speed where 21 character searches are not.
_UTF8_LEAD_BYTE = b"\xc3"
#: A lead character that is legitimate text (é in French) is given up after this many looks:
#: mojibake shows its pairs at nearly every occurrence.
MAX_LEAD_CHECKS = 30

#: Every non-ASCII character the steps below remove or replace, in one scan.
_ODD_CHAR = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u180e\u2000-\u200d\u202f\u205f"
    "\u2060\u3000\ufeff]"
)
#: The first characters of ``_MOJIBAKE_HINT`` and ``_ODD_CHAR`` in one class: most non-ASCII
#: texts (curly quotes, CJK) hold none, and one scan rules out both steps.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u00c2-\u00f4\u1680\u180e\u2000-\u200d"
    "\u202f\u205f\u2060\u3000\ufeff\ufffd]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u180e]")
# ZWNJ/ZWJ shape Persian, Indic scripts and emoji; only drop them between ASCII or spaces.
_JOINER_NOISE = re.compile(r"(?:(?<=[\x00-\x7f])|^)[\u200c\u200d]+(?=[\x00-\x7f]|$)")
_ODD_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r" {2,}")

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # entities are a step of their own, counted apart
    fix_latin_ligatures=False,  # ligatures and full-width forms are legitimate text
    fix_character_width=False,
    uncurl_quotes=False,  # curly quotes are correct typography, not damage
    fix_line_breaks=False,
    remove_control_chars=False,  # counted below as control_chars
    normalization=None,  # NFC is the last step, counted apart
    explain=False,
)


#: ftfy's badness pattern: every one of its alternatives needs a non-ASCII character and no
#: match is longer than this many characters (its widest, a Cyrillic sequence, is 7; a test
#: checks both on the installed ftfy), so only the text near non-ASCII characters can match.
BADNESS_MAX_WIDTH = 7
#: Texts shorter than this are scanned whole: one scan of a few thousand characters costs
#: less than the few searches that would find its non-ASCII stretches.
SPARSE_BADNESS_MIN_LENGTH = 2_000
_NON_ASCII = re.compile("[^\x00-\x7f]")
#: An ASCII run this long ends a stretch of non-ASCII characters: a match cannot span it.
_ASCII_GAP = re.compile(f"[\\x00-\\x7f]{{{2 * BADNESS_MAX_WIDTH},}}")
_FTFY_IS_BAD = ftfy.badness.is_bad


def _sparse_is_bad(text: str) -> bool:
    """ftfy's ``is_bad``, searched only around non-ASCII characters.

    ftfy runs it on its whole segment (a line, up to a million characters) before and after
    every fix, and on a long mostly-ASCII line of a mojibake page (inline scripts, minified
    markup) each full scan of its 37-way alternation took about 0.13 s, most of a page's time
    (2.3 s on one WCXB page). Same answer: a match lies within ``BADNESS_MAX_WIDTH`` characters
    of a non-ASCII character it holds; the pattern has no lookaround and its ``^`` matches only
    at the true start of the text, which a search from ``pos`` keeps."""
    if len(text) < SPARSE_BADNESS_MIN_LENGTH:
        return _FTFY_IS_BAD(text)
    search = ftfy.badness.BADNESS_RE.search
    end_of_text = len(text)
    position = 0
    while True:
        first = _NON_ASCII.search(text, position)
        if first is None:
            return False
        gap = _ASCII_GAP.search(text, first.start())
        stretch_end = gap.start() if gap is not None else end_of_text
        if search(text, max(0, first.start() - BADNESS_MAX_WIDTH),
                  stretch_end + BADNESS_MAX_WIDTH):
            return True
        if gap is None:
            return False
        position = gap.end()


# ftfy calls is_bad through its package namespace; the replacement gives the same answers.
ftfy.is_bad = _sparse_is_bad  # type: ignore[attr-defined]


def repair_text_chars(text: str, repairs: Repairs, *, literal: bool = False) -> str:
    """Repair one extracted text. ``literal`` (code blocks) only gets encoding repair."""
    if text.isascii() and not _ascii_work(text):
        return text
    if not literal and "&" in text:
        text = _unescape(text, repairs)
    suspect = _SUSPECT.search(text) is not None
    if suspect and not text.isascii() and _MOJIBAKE_HINT.search(text):
        fixed = ftfy.fix_text(text, _FTFY_CONFIG)
        if fixed != text:
            repairs["mojibake"] += 1
            text = fixed
    if literal:
        return text
    if suspect and _ODD_CHAR.search(text):
        text = _odd_characters(text, repairs)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        repairs["unicode_nfc"] += 1
        text = unicodedata.normalize("NFC", text)
    return text


def _ascii_work(text: str) -> bool:
    return bool(("&" in text and _ASCII_ENTITY.search(text))
                or (not text.isprintable() and _ASCII_CONTROL.search(text)))


def _odd_characters(text: str, repairs: Repairs) -> str:
    text = _substitute(_CONTROL, "", text, repairs, "control_chars")
    text = _substitute(_INVISIBLE, "", text, repairs, "invisible_chars")
    if "\u200c" in text or "\u200d" in text:
        text = _substitute(_JOINER_NOISE, "", text, repairs, "invisible_chars")
    if "\u00ad" in text:
        repairs["soft_hyphens"] += text.count("\u00ad")
        text = text.replace("\u00ad", "")
    if _ODD_SPACE.search(text):
        repairs["spaces"] += 1
        text = _SPACE_RUN.sub(" ", _ODD_SPACE.sub(" ", text)).strip()
    return text


def repair_document_mojibake(html: str, repairs: Repairs, *,
                             utf8_source: bytes | None = None) -> str:
    """Fix mojibake in the decoded document, line by line, before it is parsed.

    It has to happen before extraction: UTF-8 read as windows-1252 or latin-1 holds
    U+00A0 and U+0085 (from the bytes 0xA0 and 0x85), which text extraction collapses as
    whitespace, and what is left can no longer be decoded back. Markup is ASCII and passes
    through unchanged. ``utf8_source``: the bytes ``html`` was decoded from as UTF-8, when it
    was; a page whose bytes hold no lead character is then ruled out by one byte search."""
    if html.isascii() or (utf8_source is not None and _UTF8_LEAD_BYTE not in utf8_source):
        return html
    if not _has_document_mojibake(html):
        return html
    lines = html.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if not line.isascii() and _MOJIBAKE_HINT.search(line):
            fixed = ftfy.fix_text(line, _FTFY_CONFIG)
            if fixed != line:
                repairs["mojibake"] += 1
                lines[index] = fixed
    return "".join(lines)


def _has_document_mojibake(html: str) -> bool:
    """Look for a mojibake pair only where a likely lead character occurs: one-character
    searches run at memory speed, a character-class scan of a large non-ASCII page does not."""
    for lead in MOJIBAKE_LEADS:
        position = html.find(lead)
        checks = 0
        while position != -1 and checks < MAX_LEAD_CHECKS:
            if _MOJIBAKE_HINT.match(html, position):
                return True
            position = html.find(lead, position + 1)
            checks += 1
    return False


def _unescape(text: str, repairs: Repairs) -> str:
    for _ in range(MAX_ENTITY_DEPTH):
        if not _ENTITY.search(text):
            break
        unescaped = _html.unescape(text)
        if unescaped == text:
            break
        repairs["entities"] += 1
        text = unescaped
    return text


def _substitute(pattern: re.Pattern[str], replacement: str, text: str, repairs: Repairs,
                kind: str) -> str:
    new, count = pattern.subn(replacement, text)
    if count:
        repairs[kind] += count
    return new
