"""Extraction throughput at 1 and 2 jobs on the same input, in one run.

Builds a WARC of the bench pages under /tmp (``bench/warc_corpus.py``), then times the real
command, ``scraper extract ARCHIVE -o /dev/null --jobs N``, alternating 1 and 2 jobs
``--repeat`` times and keeping each one's best pass (the machine is shared: the best pass is
the one least disturbed). Prints pages/s, the speed-up, pages per core-hour, the CPU time
a page costs (the process tree's, which other jobs on the machine inflate far less than wall
time), and the load average before and after so a disturbed run shows; and, as a yardstick
of what the machine gives a second process at that moment, the speed-up of a pure-Python
loop in plain worker processes: on an idle 2-core machine 2.0, less when
others are running.

    python bench/parallel.py --records 600 --repeat 3
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.warc_corpus import build_warc

ROOT = Path(__file__).resolve().parent.parent


def run_extract(archive: Path, jobs: int) -> tuple[float, float]:
    """Seconds for one ``scraper extract`` of ``archive`` (process start to exit), and the CPU
    seconds its whole process tree used (its workers' included: each process is waited for
    by its parent, so their usage adds up in ours)."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "scraper", "extract", str(archive), "-o",
                           os.devnull, "--errors", str(archive.with_suffix(".errors")),
                           "--jobs", str(jobs),
                           "--no-progress", "-q"], cwd=ROOT, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):  # 1: some bench pages are walls (blocked), by design
        raise SystemExit(proc.stderr.decode())
    return elapsed, _children_cpu() - cpu_before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _burn(n: int) -> int:
    total = 0
    for i in range(BURN_LOOP):
        total += i ^ n
    return total


#: Iterations of the yardstick loop per item: about 15 ms, one page's extraction.
BURN_LOOP = 400_000


def yardstick(jobs: int, items: int = 200) -> float:
    """Seconds for ``items`` loops of pure Python over ``jobs`` processes already started:
    what the machine gives a second process, whatever our pool does."""
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_burn, range(jobs)))  # every worker forked before the clock starts
        started = time.perf_counter()
        list(pool.map(_burn, range(items)))
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=600, help="HTML response records")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", default="1,2", help="job counts to compare")
    args = parser.parse_args()
    counts = [int(n) for n in args.jobs.split(",")]
    with tempfile.TemporaryDirectory(prefix="scraper-parallel-") as tmp:
        archive = build_warc(Path(tmp) / "bench.warc.gz", args.records)
        print(f"{args.records} pages ({archive.stat().st_size / 1e6:.0f} MB WARC), "
              f"{os.cpu_count()} cores, load before {os.getloadavg()[0]:.2f}")
        best = {n: float("inf") for n in counts}
        cpu = {n: float("inf") for n in counts}
        for _ in range(args.repeat):
            for n in counts:
                seconds, used = run_extract(archive, n)
                best[n] = min(best[n], seconds)
                cpu[n] = min(cpu[n], used)
                print(f"  jobs {n}: {seconds:6.1f} s  {args.records / seconds:6.1f} pages/s  "
                      f"CPU {used:6.1f} s", flush=True)
        loops = {n: min(yardstick(n) for _ in range(2)) for n in counts}
        print(f"load after {os.getloadavg()[0]:.2f}; pure-Python yardstick: " + ", ".join(
            f"jobs {n} x{loops[counts[0]] / loops[n]:.2f}" for n in counts))
        base = args.records / best[counts[0]]
        for n in counts:
            rate = args.records / best[n]
            print(f"best jobs {n}: {rate:6.1f} pages/s  x{rate / base:.2f}  "
                  f"{rate / n * 3600:,.0f} pages per core-hour; CPU "
                  f"{cpu[n] / args.records * 1000:.1f} ms a page "
                  f"({args.records / cpu[n] * 3600:,.0f} pages per CPU-hour)")


if __name__ == "__main__":
    main()
