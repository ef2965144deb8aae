"""What is retried, and when."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from scraper.errors import (
    FetchTimeout,
    HTTPStatusError,
    NetworkError,
    NotHTML,
    RobotsDisallowed,
    TooLarge,
)
from scraper.fetcher.retry import RETRY_AFTER_CAP_S, parse_retry_after, retry_delay, should_retry


@pytest.mark.parametrize("status,expected", [(500, True), (502, True), (503, True),
                                             (408, True), (429, True), (404, False),
                                             (410, False), (403, False), (400, False)])
def test_status_retry(status: int, expected: bool) -> None:
    assert should_retry(HTTPStatusError("x", status=status)) is expected


def test_error_kinds_retry() -> None:
    assert should_retry(NetworkError("reset"))
    assert should_retry(FetchTimeout("slow"))
    for error in (NotHTML("pdf"), TooLarge("big"), RobotsDisallowed("no")):
        assert not should_retry(error)


def test_retry_after_seconds_and_date() -> None:
    now = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("5") == 5.0
    date = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert parse_retry_after(date, now) == pytest.approx(30.0)
    assert parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True),
                             now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_backoff_grows_with_jitter() -> None:
    rng = random.Random(1)
    delays = [retry_delay(attempt, 1.0, None, rng) for attempt in range(4)]
    for attempt, delay in enumerate(delays):
        assert delay is not None
        assert 2 ** attempt / 2 <= delay <= 2 ** attempt
    assert len({retry_delay(0, 1.0, None, rng) for _ in range(10)}) > 1


def test_retry_after_wins_and_is_capped() -> None:
    assert retry_delay(0, 1.0, 3.0) == 3.0
    assert retry_delay(0, 1.0, RETRY_AFTER_CAP_S + 1) is None
