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

#: A normal page extracts in well under a second and a 5 MB one in a few; so do the hostile
#: shapes we know (20,000 nested tables, lists or sections: 2-7 s). This is for the ones we do
#: not, with room to spare on a loaded machine.
EXTRACT_DEADLINE_S = 60.0
#: Once expired, the deadline is raised again this often until the page gives up.
REFIRE_S = 1.0


@contextlib.contextmanager
def extraction_deadline(seconds: float = EXTRACT_DEADLINE_S) -> Iterator[None]:
    """Raise ``ExtractionTimeout`` in the block once ``seconds`` have passed."""
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    done = False

    def expire(signum: int, frame: FrameType | None) -> None:
        if done:
            return
        raise ExtractionTimeout(f"extraction took longer than {seconds:g} s; the page is "
                                "abnormally slow to process (deeply nested or huge markup)")

    previous = signal.signal(signal.SIGALRM, expire)
    # The timer fires again every REFIRE_S until the block is left: an exception raised while
    # a generator is being finalized is swallowed by Python ("Exception ignored in ..."), and
    # the page would run on unbounded.
    signal.setitimer(signal.ITIMER_REAL, seconds, REFIRE_S)
    try:
        yield
    finally:
        done = True
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
