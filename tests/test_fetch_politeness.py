"""HostScheduler: per-host limits, delays, round-robin, retries due later."""

from __future__ import annotations

from scraper.fetch.politeness import MAX_CRAWL_DELAY_S, HostScheduler


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


def test_delay_between_starts() -> None:
    sched: HostScheduler[str] = HostScheduler(5, lambda host: 2.0)
    sched.add("a", "1")
    sched.add("a", "2")
    assert sched.pop_ready(10.0) == ("a", "1")
    assert sched.pop_ready(11.0) is None
    assert sched.next_due(11.0) == 12.0
    assert sched.pop_ready(12.0) == ("a", "2")


def test_crawl_delay_is_capped() -> None:
    sched: HostScheduler[str] = HostScheduler(5, lambda host: 10_000.0)
    sched.add("a", "1")
    sched.add("a", "2")
    sched.pop_ready(0.0)
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
