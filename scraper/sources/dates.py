"""Dates as sitemaps and feeds write them: W3C datetime (``2024-05-01``,
``2024-05-01T10:00:00+02:00``) and RFC 822 (``Tue, 10 Jun 2003 04:00:00 GMT``)."""

from __future__ import annotations

from datetime import UTC, datetime

from dateutil import parser as dateutil_parser

__all__ = ["parse_source_date"]


def parse_source_date(text: str | None) -> datetime | None:
    """An aware datetime (UTC when the text gives no offset, or only a day), or None when
    ``text`` is empty or no date."""
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = dateutil_parser.parse(text)
        except (ValueError, OverflowError):
            return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
