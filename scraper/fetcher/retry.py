"""Which failures are worth another attempt, and how long to wait before it.

Retried: network errors and timeouts, 5xx, 408 and 429. Never retried: other 4xx (a 404 stays
a 404), robots refusals, content problems. The wait is exponential backoff with jitter, unless
the server said how long with ``Retry-After`` (seconds or an HTTP date), which wins when it is
within ``RETRY_AFTER_CAP_S``; a longer demand ends the retries instead of hammering early.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scraper.errors import FetchTimeout, HTTPStatusError, NetworkError, ScraperError

__all__ = ["RETRY_AFTER_CAP_S", "parse_retry_after", "retry_delay", "should_retry"]

#: Request timeout and rate limiting: the two 4xx that mean "try again later".
RETRY_4XX = frozenset({408, 429})

#: Backoff doubles per attempt up to this: beyond a minute a batch run should move on.
BACKOFF_CAP_S = 60.0

#: A server asking for more than this is effectively down for a batch run; we give up on the
#: page rather than retry before it allows us to.
RETRY_AFTER_CAP_S = 120.0


def should_retry(error: ScraperError) -> bool:
    """True for transient failures: network, timeout, 5xx, 408, 429."""
    if isinstance(error, HTTPStatusError):
        return error.status >= 500 or error.status in RETRY_4XX
    return isinstance(error, (NetworkError, FetchTimeout))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def retry_delay(attempt: int, base: float, retry_after: float | None,
                rng: random.Random | None = None) -> float | None:
    """Seconds before attempt ``attempt + 1`` (``attempt`` counts from 0), or None when the
    server's Retry-After exceeds the cap. "Equal jitter": half the backoff fixed, half random,
    so retries of many pages spread out but never come back immediately."""
    if retry_after is not None:
        return retry_after if retry_after <= RETRY_AFTER_CAP_S else None
    backoff = min(BACKOFF_CAP_S, base * (2.0 ** attempt))  # 2.0: int ** int is not typed
    return backoff / 2 + (rng or random).uniform(0, backoff / 2)
