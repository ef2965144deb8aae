"""Dates: parse what pages write into ISO 8601, and refuse what cannot be a publication date.

Output forms (the page's own UTC offset is kept, never converted):

    2024-05-17                    only the calendar date is known
    2024-05-17T09:30:00           a time without a zone (local time of the page)
    2024-05-17T09:30:00+02:00     time and zone known

A value is refused when it lies after now + ``FUTURE_SLACK`` or before ``MIN_YEAR``: such values
are placeholders (``1970-01-01``), stray numbers read as years, or scheduled-event dates.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

from dateutil import parser as dateutil_parser

__all__ = [
    "date_from_text",
    "date_from_url",
    "dates_in_text",
    "day_of",
    "is_before",
    "parse_date",
    "same_instant",
]

#: The web had next to no dated articles before 1995; an earlier year is a stray number or a
#: placeholder, not a publication date.
MIN_YEAR = 1995

#: Time zones put "today" up to 14 h ahead of UTC; one day of slack covers that and nothing more.
FUTURE_SLACK = timedelta(days=1)

#: Longest string handed to the fuzzy parser: a date phrase is short; longer text is prose in
#: which dateutil would assemble a date out of unrelated numbers.
MAX_DATE_TEXT = 80

#: dateutil's fuzzy parse costs about 90 µs a phrase, and a page hands it the same phrase two or
#: three times (found in a dateline, then read as a candidate, then compared for its offset):
#: on Scrapinghub pages 124 loose parses were of 56 phrases. The last answers are kept; a page
#: has a few dozen phrases at most, so 256 span several pages.
LOOSE_PARSES_KEPT = 256

#: Epoch timestamps: 10 digits are seconds, 13 milliseconds (both cover 2001-2286).
#: Zone abbreviations pages print; dateutil knows only UTC/GMT and warns on the rest. Ambiguous
#: ones (IST, CST) take their most common meaning on English-language news sites.
_TZ_ABBREVIATIONS = {
    name: timezone(timedelta(hours=hours))
    for name, hours in (
        ("UTC", 0), ("GMT", 0), ("Z", 0), ("BST", 1), ("CET", 1), ("CEST", 2), ("EET", 2),
        ("EEST", 3), ("MSK", 3), ("IST", 5.5), ("SGT", 8), ("HKT", 8), ("JST", 9), ("KST", 9),
        ("AEST", 10), ("AEDT", 11), ("NZST", 12), ("NZDT", 13), ("EST", -5), ("EDT", -4),
        ("CST", -6), ("CDT", -5), ("MST", -7), ("MDT", -6), ("PST", -8), ("PDT", -7),
        ("AKST", -9), ("AKDT", -8), ("HST", -10),
    )
}

_EPOCH = re.compile(r"^\d{10}(\d{3})?$")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ISO_DAY_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
#: Compact dates like 20240517 (sitemaps, some CMS meta); dateutil would read them, but this
#: keeps 8-digit ids out of the fuzzy path.
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")

_MONTHS = (
    "jan(?:uary|vier|uar|\\.)?|feb(?:ruary|ruar|\\.)?|mar(?:ch|s|z|\\.)?|märz|apr(?:il|\\.)?|"
    "may|mai|jun(?:e|i|\\.)?|jul(?:y|i|\\.)?|aug(?:ust|\\.)?|sep(?:tember|t|\\.)?|"
    "oct(?:ober|\\.)?|okt(?:ober)?|nov(?:ember|\\.)?|dec(?:ember|\\.)?|dez(?:ember)?"
)
#: A date phrase inside visible text: "March 25, 2015", "25 March 2015", "2015-03-25",
#: "25.03.2015", "03/25/2015", "11-29-2024" (forum software), optionally followed by a time.
_TEXT_DATE = re.compile(
    rf"(?:\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:{_MONTHS})\.?,?\s+(?:19|20)\d{{2}}"
    r"|\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\b\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}|\b\d{1,2}-\d{1,2}-(?:19|20)\d{2})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)

#: /2024/05/17/, /2024-05-17/, /20240517/, /2024/may/17/ in a URL path; the year must start
#: the segment.
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/_.-]|$)"
    r"|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|$)"
    r"|/((?:19|20)\d{2})/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/"
    r"(0?[1-9]|[12]\d|3[01])(?:/|$)",
    re.IGNORECASE,
)
#: Words in front of a date phrase saying it is the last change, not the publication:
#: "Updated", "Last modified", "Revised", "Reviewed on". Looked for in the text between the
#: previous date phrase and this one, at most ``LABEL_CHARS`` characters back.
_MODIFIED_LABEL = re.compile(r"updat|modif|revis|reviewed|aktualisiert|actualis|mis à jour",
                             re.IGNORECASE)

#: Words in front of a date phrase saying it is not the page's date at all: an offer's, an
#: event's or a forum member's ("Sale ends 03/31/2026", "Deadline: May 1, 2025", "Joined: Sun
#: Dec 17, 2023"); such phrases are skipped.
_OTHER_LABEL = re.compile(r"\b(?:ends?|expires?|until|deadline|valid|starts?|register|due|"
                          r"joined|member since)\b", re.IGNORECASE)

#: How far before a date phrase its label is looked for: "Last updated on:" and a separator fit.
LABEL_CHARS = 30

#: Date phrases read from one text: a meta line holds two (published, updated); more are a
#: list of dated items.
MAX_TEXT_DATES = 4

_MONTH_NUMBERS = {name: index for index, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def parse_date(value: str | None, *, now: datetime | None = None) -> str | None:
    """Parse a machine-written date (meta content, JSON-LD, ``<time datetime>``) to ISO 8601.

    Returns ``None`` for anything unparseable or implausible (see the module docstring).
    """
    if not value:
        return None
    text = " ".join(str(value).split())
    if not text or len(text) > MAX_DATE_TEXT:
        return None
    if _EPOCH.match(text):
        seconds = int(text[:10])
        stamp = datetime.fromtimestamp(seconds, tz=UTC)
        return _accept(stamp, has_time=True, now=now)
    if compact := _COMPACT.match(text):
        text = "-".join(compact.groups())
    if not _ISO_PREFIX.match(text) and not _YEAR.search(text):
        # dateutil fills a missing year (and day) from today: "14:30" or "March 25" alone would
        # become a date the page never wrote.
        return None
    has_time = bool(_HAS_TIME.search(text))
    try:
        parsed = _parse_iso(text) if _ISO_PREFIX.match(text) else _parse_loose(text)
    except (ValueError, OverflowError):
        return None
    if isinstance(parsed, datetime) and _ISO_DAY_ONLY.match(text):
        has_time = False
    return _accept(parsed, has_time=has_time, now=now)


def date_from_text(text: str, *, now: datetime | None = None) -> str | None:
    """Find a date phrase in short visible text ("Updated March 25, 2015 at 6:01 am")."""
    if not text or len(text) > 4 * MAX_DATE_TEXT:
        return None
    match = _TEXT_DATE.search(text)
    if match is None:
        return None
    return parse_date(match.group(0), now=now)


def dates_in_text(text: str, *, start: int = 0,
                  now: datetime | None = None) -> list[tuple[str, str]]:
    """The date phrases of ``text`` from index ``start`` on, in order, each as ``(field, iso)``.

    ``field`` is ``"modified"`` when the words just before the phrase say updated/modified/
    revised ("Aug 16, 2019 - Updated July 9, 2025": published, then modified), else
    ``"published"``; a phrase whose words say it is an offer's or event's date is skipped.
    Text before ``start`` is only read for the label of the first phrase.
    """
    found: list[tuple[str, str]] = []
    previous_end = 0
    for match in _TEXT_DATE.finditer(text):
        if len(found) >= MAX_TEXT_DATES:
            break
        label = text[max(previous_end, match.start() - LABEL_CHARS):match.start()]
        previous_end = match.end()
        if match.start() < start or _OTHER_LABEL.search(label):
            continue
        if (iso := parse_date(match.group(0), now=now)) is not None:
            found.append(("modified" if _MODIFIED_LABEL.search(label) else "published", iso))
    return found


def date_from_url(url: str | None, *, now: datetime | None = None) -> str | None:
    """The date a URL path carries (``/2024/05/17/slug``), as ``YYYY-MM-DD``."""
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    match = _URL_DATE.search(path)
    if match is None:
        return None
    year, month, day = (part for part in match.groups() if part is not None)
    month_number = _MONTH_NUMBERS.get(month[:3].lower()) or int(month)
    try:
        found = date(int(year), month_number, int(day))
    except ValueError:
        return None
    return _accept(found, has_time=False, now=now)


def day_of(iso: str) -> str:
    """The calendar date part of an ISO string produced here."""
    return iso[:10]


def is_before(first: str, second: str) -> bool:
    """Whether ISO value ``first`` is strictly earlier than ``second``.

    Compared as instants when both carry a zone, else on the calendar date: a naive time cannot be
    placed against a zoned one.
    """
    a, b = _as_datetime(first), _as_datetime(second)
    if a is not None and b is not None and (a.tzinfo is None) == (b.tzinfo is None):
        return a < b
    return day_of(first) < day_of(second)


def same_instant(first: str, second: str) -> bool:
    """Whether two zoned ISO values name the same moment (in different offsets, maybe)."""
    a, b = _as_datetime(first), _as_datetime(second)
    return (a is not None and b is not None and a.tzinfo is not None and b.tzinfo is not None
            and a == b)


def _as_datetime(iso: str) -> datetime | None:
    if len(iso) == 10:
        return None
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None


def _parse_iso(text: str) -> datetime:
    """ISO-ish strings: stdlib first (exact), dateutil for the variants it refuses."""
    candidate = text.replace(" ", "T", 1) if len(text) > 10 and text[10] == " " else text
    if candidate.endswith(("Z", "z")):
        candidate = candidate[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return dateutil_parser.isoparse(text) if "T" in text else _parse_loose(text)


def _parse_loose(text: str) -> datetime:
    """dateutil's fuzzy parse; zone names it cannot place leave the time naive, silently.
    Raises ``ValueError`` for text it cannot read."""
    parsed = _parse_loose_on(text, date.today())
    if parsed is None:
        raise ValueError(f"no date in {text!r}")
    return parsed


@lru_cache(maxsize=LOOSE_PARSES_KEPT)
def _parse_loose_on(text: str, today: date) -> datetime | None:
    """``_parse_loose``'s answer (None: unreadable) for ``text`` on the day ``today``: dateutil
    fills a month or day the text leaves out from today's date, so the day is part of the key."""
    del today  # only a key: dateutil reads the clock itself
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            parsed: datetime = dateutil_parser.parse(
                text, fuzzy=True, dayfirst=_looks_dayfirst(text), tzinfos=_TZ_ABBREVIATIONS)
    except (ValueError, OverflowError):
        return None
    return parsed


def _looks_dayfirst(text: str) -> bool:
    """``25.03.2015`` and ``25/03/2015`` (first number > 12) are day-first; ``03/25/2015`` not."""
    match = re.match(r"^\s*(\d{1,2})[./](\d{1,2})[./]", text)
    if match is None:
        return "." in text[:6]
    return int(match.group(1)) > 12 or "." in match.group(0)


def _accept(value: date, *, has_time: bool, now: datetime | None) -> str | None:
    current = now or datetime.now(UTC)
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        if moment > current + FUTURE_SLACK:
            return None
    elif value > (current + FUTURE_SLACK).date():
        return None
    if value.year < MIN_YEAR:
        return None
    if not isinstance(value, datetime) or not has_time:
        return value.strftime("%Y-%m-%d")
    return value.replace(microsecond=0).isoformat()
