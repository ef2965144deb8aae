"""Which queued page to fetch next: per-host limits and delays, hosts taken in turn.

``HostScheduler`` is a plain data structure driven by the crawler's dispatch loop. Each host
has a FIFO of new pages and a heap of retries that must wait until their time. A host is
ready when it has fewer than ``per_host`` fetches running, its delay since the last request
went out has passed (the larger of ``--delay`` and robots.txt ``Crawl-delay``) and its next
page is due. With a delay, a host also waits while a page it started has not sent its request
yet (its robots.txt is being read, its connection opened): the delay counts from the request
the server sees, so a slow start never lets two requests out back to back.
Ready hosts are served round-robin, one page per turn, so one slow or rate-limited site
holds at most its own slots and never the run.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["MAX_CRAWL_DELAY_S", "HostScheduler"]

#: A robots.txt Crawl-delay above this is capped: a batch run cannot wait minutes between
#: pages, and one page per minute is still gentle for any server.
MAX_CRAWL_DELAY_S = 60.0

#: Above this many remembered idle hosts, those whose delay has run out are forgotten.
MAX_REMEMBERED_HOSTS = 10_000

J = TypeVar("J")


@dataclass(slots=True)
class _Host(Generic[J]):
    fresh: deque[J] = field(default_factory=deque)
    retries: list[tuple[float, int, J]] = field(default_factory=list)
    active: int = 0
    unsent: int = 0  # pages started whose request has not gone out yet
    next_start: float = 0.0

    @property
    def pending(self) -> int:
        return len(self.fresh) + len(self.retries)

    def due(self) -> float:
        """When this host's next page could start, ignoring its running count."""
        head = 0.0 if self.fresh else self.retries[0][0]
        if self.fresh and self.retries:
            head = min(head, self.retries[0][0])
        return max(self.next_start, head)


class HostScheduler(Generic[J]):
    """Queues of pages per host; ``pop_ready`` picks the next page to start."""

    def __init__(self, per_host: int, delay_for: Callable[[str], float]) -> None:
        self._per_host = per_host
        self._delay_for = delay_for
        self._hosts: OrderedDict[str, _Host[J]] = OrderedDict()
        self._last_start: dict[str, float] = {}
        self._seq = itertools.count()
        self.pending = 0

    def add(self, host: str, job: J) -> None:
        self._host(host).fresh.append(job)
        self.pending += 1

    def retry(self, host: str, job: J, not_before: float, *, whole_host: bool = False) -> None:
        """Queue a retry; ``whole_host`` (the server asked us to wait) delays every page of
        the host, not just this one."""
        entry = self._host(host)
        heapq.heappush(entry.retries, (not_before, next(self._seq), job))
        if whole_host:
            entry.next_start = max(entry.next_start, not_before)
        self.pending += 1

    def pop_ready(self, now: float) -> tuple[str, J] | None:
        """The next page to start, hosts in turn; marks its host as running one more."""
        for _ in range(len(self._hosts)):
            host, entry = next(iter(self._hosts.items()))
            self._hosts.move_to_end(host)  # round-robin: this host goes to the back
            if entry.active >= self._per_host or not entry.pending or entry.due() > now:
                continue
            delay = self._delay(host)
            if delay and entry.unsent:
                continue
            if entry.retries and entry.retries[0][0] <= now:
                job = heapq.heappop(entry.retries)[2]
            else:
                job = entry.fresh.popleft()
            entry.active += 1
            entry.unsent += 1
            entry.next_start = now + delay
            self.pending -= 1
            return host, job
        return None

    def sent(self, host: str, now: float) -> bool:
        """A started page of ``host`` sent its request: the delay runs from ``now``. True when
        the host has a delay (it was waiting for this, and is now waiting on the clock)."""
        entry = self._hosts[host]
        entry.unsent -= 1
        delay = self._delay(host)
        entry.next_start = max(entry.next_start, now + delay)
        return delay > 0

    def reserve(self, host: str, now: float) -> float:
        """When an extra request of a running page (an article's next page) may go out; the
        host's queued pages then wait their delay behind it."""
        entry = self._hosts.get(host)
        start = entry.next_start if entry is not None else self._last_start.get(host, 0.0)
        at = max(now, start)
        if entry is not None:
            entry.next_start = at + self._delay(host)
        elif self._delay(host):
            self._last_start[host] = at + self._delay(host)
        return at

    def finished(self, host: str, *, sent: bool = True) -> None:
        """A page of ``host`` is no longer being fetched (``sent``: ``sent`` was called for it;
        a page that failed before its request, on robots.txt or a refused connection, was not).
        """
        entry = self._hosts[host]
        entry.active -= 1
        if not sent:
            entry.unsent -= 1
        self._forget_if_idle(host, entry)

    def next_due(self, now: float) -> float | None:
        """The earliest time a waiting host becomes ready, or None when none is waiting on
        time alone (all idle, or blocked by their running count or an unsent request)."""
        times = [entry.due() for host, entry in self._hosts.items()
                 if entry.pending and entry.active < self._per_host and entry.due() > now
                 and not (entry.unsent and self._delay(host))]
        return min(times) if times else None

    def drop_pending(self) -> int:
        """Forget every queued page (on shutdown); returns how many."""
        dropped = self.pending
        for entry in self._hosts.values():
            entry.fresh.clear()
            entry.retries.clear()
        self.pending = 0
        return dropped

    def _delay(self, host: str) -> float:
        return min(self._delay_for(host), MAX_CRAWL_DELAY_S)

    def _host(self, host: str) -> _Host[J]:
        entry = self._hosts.get(host)
        if entry is None:
            entry = self._hosts[host] = _Host()
            entry.next_start = self._last_start.pop(host, 0.0)
        return entry

    def _forget_if_idle(self, host: str, entry: _Host[J]) -> None:
        if entry.active == 0 and not entry.pending:
            del self._hosts[host]
            now = time.monotonic()
            if entry.next_start > now:
                # Kept so a host that comes back later in the input still gets its delay.
                self._last_start[host] = entry.next_start
                if len(self._last_start) > MAX_REMEMBERED_HOSTS:
                    self._last_start = {h: t for h, t in self._last_start.items() if t > now}
