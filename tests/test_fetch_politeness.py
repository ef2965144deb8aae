"""HostScheduler: per-host limits, delays, round-robin, retries due later."""

from __future__ import annotations

from scraper.fetcher.politeness import MAX_CRAWL_DELAY_S, HostScheduler


def test_per_host_limit_and_round_robin() -> None:
    sched: HostScheduler[str] = HostScheduler(1, lambda host: 0.0)
    for i in range(3):
        sched.add("slow.example", f"slow{i}")
    sched.add("fast.example", "fast0")
    sched.add("fast.example", "fast1")
    first = sched.pop_ready(0.0)
    second = sched.pop_ready(0.0)
    assert {first, second} == {("slow.example", "slow0"), ("fast.example", "fast0")}
    assert sched.pop_ready(0.0) is None  # both hosts at their limit of 1
    sched.finished("fast.example")
    assert sched.pop_ready(0.0) == ("fast.example", "fast1")


def test_delay_runs_from_the_request_the_server_sees() -> None:
    sched: HostScheduler[str] = HostScheduler(5, lambda host: 2.0)
    for job in ("1", "2", "3"):
        sched.add("a", job)
    assert sched.pop_ready(10.0) == ("a", "1")
    # Page 1 is still reading robots.txt: however long that takes, page 2 waits for its
    # request, and is not due on the clock yet.
    assert sched.pop_ready(30.0) is None
    assert sched.next_due(30.0) is None
    sched.sent("a", 31.0)
    assert sched.pop_ready(32.0) is None
    assert sched.next_due(32.0) == 33.0
    assert sched.pop_ready(33.0) == ("a", "2")
    # A page that fails before its request (robots.txt refused it) frees the host at once.
    sched.finished("a", sent=False)
    assert sched.pop_ready(35.0) == ("a", "3")


def test_without_a_delay_pages_start_while_others_connect() -> None:
    sched: HostScheduler[str] = HostScheduler(5, lambda host: 0.0)
    sched.add("a", "1")
    sched.add("a", "2")
    assert sched.pop_ready(0.0) == ("a", "1")
    assert sched.pop_ready(0.0) == ("a", "2")


def test_crawl_delay_is_capped() -> None:
    sched: HostScheduler[str] = HostScheduler(5, lambda host: 10_000.0)
    sched.add("a", "1")
    sched.add("a", "2")
    sched.pop_ready(0.0)
    sched.sent("a", 0.0)
    assert sched.next_due(0.0) == MAX_CRAWL_DELAY_S


def test_retry_waits_for_its_time_without_blocking_fresh_pages() -> None:
    sched: HostScheduler[str] = HostScheduler(5, lambda host: 0.0)
    sched.retry("a", "retry", 5.0)
    sched.add("a", "fresh")
    assert sched.pop_ready(1.0) == ("a", "fresh")
    assert sched.pop_ready(1.0) is None
    assert sched.pop_ready(5.0) == ("a", "retry")


def test_retry_after_holds_the_whole_host() -> None:
    sched: HostScheduler[str] = HostScheduler(5, lambda host: 0.0)
    sched.add("a", "fresh")
    sched.retry("a", "limited", 5.0, whole_host=True)
    sched.add("b", "other")
    assert sched.pop_ready(1.0) == ("b", "other")
    assert sched.pop_ready(1.0) is None
    assert sched.pending == 2


def test_drop_pending() -> None:
    sched: HostScheduler[str] = HostScheduler(1, lambda host: 0.0)
    for i in range(4):
        sched.add(f"h{i % 2}", str(i))
    assert sched.drop_pending() == 4
    assert sched.pop_ready(0.0) is None and sched.pending == 0


def test_an_extra_request_waits_the_delay_and_delays_the_hosts_next_page() -> None:
    # An article's next page, fetched by a running page outside the queues.
    sched: HostScheduler[str] = HostScheduler(5, lambda host: 2.0)
    sched.add("a", "a1")
    sched.add("a", "a2")
    assert sched.pop_ready(100.0) == ("a", "a1")
    sched.sent("a", 100.0)
    assert sched.reserve("a", 100.5) == 102.0  # not before the delay since a1's request
    assert sched.pop_ready(103.0) is None  # a2 now waits the delay behind the extra request
    assert sched.pop_ready(104.0) == ("a", "a2")
    # A host with no page queued or running remembers the extra request for its next page.
    assert sched.reserve("b", 200.0) == 200.0
    assert sched.reserve("b", 200.5) == 202.0
