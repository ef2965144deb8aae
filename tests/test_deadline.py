"""The per-page deadline of batch runs (scraper.deadline): a page built to be slow costs its
own record, as an ``extract_timeout`` error, not minutes of a worker."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from scraper.deadline import extraction_deadline
from scraper.errors import ExtractionTimeout
from scraper.models import RawPage
from scraper.pipeline import extract_outcome
from scraper.settings import ExtractSettings

#: Tens of thousands of nested tables: seconds of extraction, far past the test's deadline.
NESTED_TABLES = ("<html><body><article><div>" + "<table><tr><td>>" * 20000
                 + "</div></article></body></html>").encode()


# The first alarm may land in a finalizer run by the collector (a pool of an earlier test),
# where Python drops it with this warning; the next one ends the page.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_pathological_page_becomes_an_extract_timeout_error() -> None:
    raw = RawPage(body=NESTED_TABLES, url="https://example.org/deep",
                  headers={"content-type": "text/html; charset=utf-8"})
    started = time.monotonic()
    outcome = extract_outcome(raw, ExtractSettings(), deadline=0.5)
    assert outcome.article is None and isinstance(outcome.error, ExtractionTimeout)
    assert "longer than 0.5 s" in outcome.error.message
    assert time.monotonic() - started < 30  # minutes without the deadline


def test_the_timer_is_cleared_after_the_block() -> None:
    with extraction_deadline(0.2):
        pass
    time.sleep(0.3)  # an alarm left armed would raise here


def test_deadline_raises_in_the_block() -> None:
    with pytest.raises(ExtractionTimeout), extraction_deadline(0.1):
        time.sleep(2)


def test_outside_the_main_thread_it_is_a_no_op() -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with extraction_deadline(0.05):
                time.sleep(0.2)
        except BaseException as exc:  # recorded for the assertion below
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert errors == []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_deadline_lost_in_a_finalizer_fires_again() -> None:
    def slow_to_close() -> Iterator[None]:
        try:
            yield
        finally:
            until = time.monotonic() + 0.3
            while time.monotonic() < until:  # the first alarm lands here and Python drops it
                pass

    started = time.monotonic()
    with pytest.raises(ExtractionTimeout), extraction_deadline(0.1):
        closing = slow_to_close()
        next(closing)
        del closing  # finalized here: an exception raised in it is "ignored"
        while time.monotonic() - started < 5:
            pass
    assert time.monotonic() - started < 2.5
