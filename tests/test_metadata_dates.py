"""Dates: machine and human formats to ISO 8601, implausible values refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.extractor.metadata.dates import (
    date_from_text,
    date_from_url,
    is_before,
    parse_date,
    same_instant,
)

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"),
        ("2018-12-21T12:55:00Z", "2018-12-21T12:55:00+00:00"),
        ("2019-10-18T17:23:34.816Z", "2019-10-18T17:23:34+00:00"),
        ("2017-11-03 03:01:00.000000", "2017-11-03T03:01:00"),
        ("2024-04-20", "2024-04-20"),
        ("20240517", "2024-05-17"),
        ("Thu, 09 Mar 2017 23:16:02 +0000", "2017-03-09T23:16:02+00:00"),
        ("March 25, 2015", "2015-03-25"),
        ("25.03.2015", "2015-03-25"),
        ("Nov 19, 2019 7:47 PM EST", "2019-11-19T19:47:00-05:00"),
        ("1445887200", "2015-10-26T19:20:00+00:00"),
        ("1445887200000", "2015-10-26T19:20:00+00:00"),
    ],
)
def test_parse_date_formats(raw: str, expected: str) -> None:
    assert parse_date(raw, now=NOW) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2024-06-05T10:00:00+00:00",  # four days ahead: a scheduled event, not a publication
        "1970-01-01T00:00:00Z",  # epoch placeholder
        "0001-01-01",
        "1994-12-31",
        "not a date",
        "",
        "Posted in the early days of the web when nobody dated anything at all, or so we heard",
    ],
)
def test_parse_date_refuses_implausible(raw: str) -> None:
    assert parse_date(raw, now=NOW) is None


def test_parse_date_allows_timezone_slack() -> None:
    assert parse_date("2024-06-02T08:00:00+10:00", now=NOW) == "2024-06-02T08:00:00+10:00"


def test_date_from_text_finds_phrase_in_dateline() -> None:
    text = "By Jane Doe | Updated April 28, 2019 at 6:01 am"
    assert date_from_text(text, now=NOW) == "2019-04-28T06:01:00"
    assert date_from_text("Comments (12) · 4 min read", now=NOW) is None
    assert date_from_text("Article 2016651 of our archive", now=NOW) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/news/2024/05/17/tram-line/", "2024-05-17"),
        ("https://example.com/2024-05-17-tram-line", "2024-05-17"),
        ("https://example.com/a/20240517/tram", "2024-05-17"),
        ("https://example.com/2024/5/7/x", "2024-05-07"),
        ("https://www.example.com/commentisfree/2019/nov/18/view", "2019-11-18"),
        ("https://example.com/2024/13/40/x", None),
        ("https://example.com/story/123456789/", None),
        ("https://example.com/2030/01/01/future", None),
        ("https://example.com/x?d=/2024/05/17/", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, expected: str | None) -> None:
    assert date_from_url(url, now=NOW) == expected


def test_ordering_and_instants() -> None:
    assert is_before("2024-01-01", "2024-01-02T00:00:00+00:00")
    assert not is_before("2024-01-01T00:00:00+00:00", "2024-01-01T01:00:00+02:00")
    assert same_instant("2017-02-24T01:18:13+00:00", "2017-02-23T17:18:13-08:00")
    assert not same_instant("2017-02-24", "2017-02-24")
