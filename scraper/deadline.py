"""Per-page deadlines: one hostile page must not hold a worker, or a service's thread, for
minutes.

Two mechanisms, for two kinds of caller:

- ``call_deadline(seconds)``: cooperative, for library calls in any thread
  (``ExtractSettings(timeout=...)``, applied by ``scraper.extract``). The deadline lives in a
  context variable, so each thread (and each asyncio task) has its own; the pipeline calls
  ``check_deadline()`` between stages and inside its long Python loops (the strip walk and
  conditional cleaning, the block walker, the repair scan), which raises
  ``ExtractionTimeout`` once it has passed. A check is a context-variable read when no
  deadline is set.
- ``extraction_deadline(seconds)``: ``SIGALRM``, for batch runs (the crawl's worker
  processes, ``scraper extract``: 60 s a page). It needs the main thread of a POSIX process;
  anywhere else it is a no-op. It interrupts Python code anywhere, not only at checks.

Neither can interrupt a call into C: lexbor's parse and its selector matching, ``re``
searches, ``str`` methods. A deadline is seen when such a call returns, so their input is
capped instead, which keeps each of them to seconds on any page up to the default
``--max-bytes``: nesting depth (512) and attributes per tag (1,000) before parsing
(``scraper.nesting``), binary data refused by the decode stage, ``max_bytes`` on fetched
bodies. docs/robustness.md has the measurements.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from types import FrameType

from scraper.errors import ExtractionTimeout

__all__ = ["EXTRACT_DEADLINE_S", "call_deadline", "check_deadline", "extraction_deadline"]

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


#: (monotonic time it expires at, the seconds it was given) of the current call, if any.
_CURRENT: ContextVar[tuple[float, float] | None] = ContextVar("scraper_deadline", default=None)


@contextlib.contextmanager
def call_deadline(seconds: float | None) -> Iterator[None]:
    """Give the block ``seconds`` (``None``: no deadline); ``check_deadline`` raises after.

    Nested deadlines keep the earlier expiry. Works in any thread: the deadline is a context
    variable, never a signal.
    """
    if seconds is None:
        yield
        return
    expires = time.monotonic() + seconds
    outer = _CURRENT.get()
    if outer is not None and outer[0] <= expires:
        yield
        return
    token = _CURRENT.set((expires, seconds))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def check_deadline() -> None:
    """Raise ``ExtractionTimeout`` if the current call's deadline has passed."""
    current = _CURRENT.get()
    if current is not None and time.monotonic() > current[0]:
        raise ExtractionTimeout(f"extraction took longer than its {current[1]:g} s deadline; "
                                "the page is abnormally slow to process (deeply nested or huge "
                                "markup)")
