"""A per-page deadline for batch runs: one hostile page must not hold a worker for minutes.

Used around ``extract_page`` by the crawl's worker processes and by ``scraper extract``. The
timer is ``SIGALRM``, so it works where a batch run extracts: the main thread of a process on
POSIX. Anywhere else (a library caller's thread, Windows) it is a no-op and the caller keeps
its own limits. A long call inside lexbor finishes before the deadline is seen.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from scraper.errors import ExtractionTimeout

__all__ = ["EXTRACT_DEADLINE_S", "extraction_deadline"]

#: A normal page extracts in well under a second and a 5 MB one in a few; this is for pages
#: built to be slow (tens of thousands of nested tables took minutes), with room to spare
#: on a loaded machine.
EXTRACT_DEADLINE_S = 60.0


@contextlib.contextmanager
def extraction_deadline(seconds: float = EXTRACT_DEADLINE_S) -> Iterator[None]:
    """Raise ``ExtractionTimeout`` in the block once ``seconds`` have passed."""
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise ExtractionTimeout(f"extraction took longer than {seconds:g} s; the page is "
                                "abnormally slow to process (deeply nested or huge markup)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
