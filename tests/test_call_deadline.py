"""The cooperative deadline of library calls (ExtractSettings(timeout=...), scraper.deadline's
call_deadline/check_deadline): it bounds scraper.extract in any thread, without signals."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import scraper
from scraper.deadline import call_deadline, check_deadline
from scraper.errors import ExtractionTimeout

#: 40,000 nested tables: about 7 s of Python loops (the strip walk, conditional cleaning) on
#: this machine, far past the deadlines below; the parse itself takes a tenth of a second.
SLOW_PAGE = "<table><tr><td>" * 40_000 + "cell text" + "</td></tr></table>" * 40_000
NORMAL_PAGE = ("<html><head><title>Bridge reopens</title></head><body><article>"
               "<h1>Bridge reopens</h1><p>The old bridge over the river reopened on Monday "
               "after two years of repairs, the council said.</p></article></body></html>")


def _timed_extract(html: str, timeout: float | None) -> tuple[float, BaseException | None]:
    started = time.monotonic()
    try:
        scraper.extract(html, settings=scraper.ExtractSettings(timeout=timeout))
    except BaseException as exc:  # returned to the test thread to assert on
        return time.monotonic() - started, exc
    return time.monotonic() - started, None


def test_a_slow_page_times_out_in_a_worker_thread() -> None:
    with ThreadPoolExecutor(1) as pool:
        elapsed, error = pool.submit(_timed_extract, SLOW_PAGE, 0.3).result()
    assert isinstance(error, ExtractionTimeout)
    assert error.kind == "extract_timeout"
    assert elapsed < 4.0  # generous: about 0.4 s unloaded, 7 s without the deadline


def test_deadlines_are_per_thread() -> None:
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(_timed_extract, SLOW_PAGE, 0.3)
        normal = pool.submit(_timed_extract, NORMAL_PAGE, None)
        assert isinstance(slow.result()[1], ExtractionTimeout)
        assert normal.result()[1] is None


def test_a_normal_page_within_its_deadline_extracts() -> None:
    article = scraper.extract(NORMAL_PAGE, settings=scraper.ExtractSettings(timeout=30))
    assert article.title == "Bridge reopens"


def test_no_deadline_by_default() -> None:
    assert scraper.ExtractSettings().timeout is None
    check_deadline()  # no deadline set: a no-op


def test_check_raises_once_expired_and_not_after_the_block() -> None:
    with call_deadline(0.01):
        time.sleep(0.02)
        with pytest.raises(ExtractionTimeout):
            check_deadline()
    check_deadline()


def test_a_nested_deadline_keeps_the_earlier_expiry() -> None:
    with call_deadline(0.01), call_deadline(60):
        time.sleep(0.02)
        with pytest.raises(ExtractionTimeout):
            check_deadline()
    with call_deadline(60), call_deadline(0.01):
        time.sleep(0.02)
        with pytest.raises(ExtractionTimeout):
            check_deadline()


def test_a_deadline_set_in_one_thread_is_not_seen_in_another() -> None:
    seen: list[BaseException | None] = []

    def other() -> None:
        try:
            check_deadline()
            seen.append(None)
        except BaseException as exc:
            seen.append(exc)

    with call_deadline(0.0):
        time.sleep(0.01)
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert seen == [None]
