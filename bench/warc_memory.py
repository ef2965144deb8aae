"""Peak memory of ``scraper extract`` on a large WARC: 50,000 HTML response records by default.

Builds the archive from the bench pages under /tmp (``bench/warc_corpus.py``: each page
repeated under new URLs, with its request record and, every tenth page, an image response
and a metadata record), then runs the real command on it, ``scraper extract ARCHIVE -o
/dev/null --jobs N``, and samples the whole process tree (the reading parent and its worker
processes) with psutil: the peak of the summed RSS (an over-count: pages shared after fork
count once per process), the peak of the summed PSS (shared pages split between their
processes: the tree's real footprint) and the largest single process.

    python bench/warc_memory.py                      # 50,000 records, --jobs 2
    python bench/warc_memory.py --records 5000 --keep /tmp/bench.warc.gz
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.warc_corpus import build_warc

ROOT = Path(__file__).resolve().parent.parent

#: Seconds between samples of the tree's RSS; PSS (which reads every mapping of every
#: process) every ``PSS_EVERY`` samples.
SAMPLE_S = 0.25
PSS_EVERY = 8

MB = 1024 * 1024


def _tree(root: psutil.Process) -> list[psutil.Process]:
    try:
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def measure(archive: Path, jobs: int) -> dict[str, float]:
    started = time.perf_counter()
    errors = archive.with_suffix(".errors.jsonl")
    proc = subprocess.Popen([sys.executable, "-m", "scraper", "extract", str(archive), "-o",
                             os.devnull, "--errors", str(errors), "--jobs", str(jobs),
                             "--no-progress"], cwd=ROOT, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak = {"rss_sum": 0.0, "pss_sum": 0.0, "rss_max": 0.0}
    samples = 0
    while proc.poll() is None:
        rss, pss, biggest = 0, 0, 0
        for p in _tree(root):
            try:
                if samples % PSS_EVERY == 0:
                    info = p.memory_full_info()
                    pss += info.pss
                    rss += info.rss
                    biggest = max(biggest, info.rss)
                else:
                    one = p.memory_info().rss
                    rss += one
                    biggest = max(biggest, one)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        peak["rss_sum"] = max(peak["rss_sum"], rss / MB)
        peak["pss_sum"] = max(peak["pss_sum"], pss / MB)
        peak["rss_max"] = max(peak["rss_max"], biggest / MB)
        samples += 1
        time.sleep(SAMPLE_S)
    _, stderr = proc.communicate()
    if proc.returncode not in (0, 1):  # 1: some bench pages are walls (blocked), by design
        raise SystemExit(stderr.decode())
    peak["seconds"] = time.perf_counter() - started
    print(stderr.decode().strip())
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the archive here (under /tmp) and "
                        "keep it; an existing one is reused")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scraper-warc-memory-") as tmp:
        archive = args.keep or Path(tmp) / "bench.warc.gz"
        if not archive.exists():
            started = time.perf_counter()
            build_warc(archive, args.records)
            print(f"built {archive} in {time.perf_counter() - started:.0f} s")
        print(f"{args.records} response records, {archive.stat().st_size / 1e9:.2f} GB, "
              f"--jobs {args.jobs}")
        peak = measure(archive, args.jobs)
    print(f"peak RSS, whole tree summed: {peak['rss_sum']:.0f} MB; PSS summed: "
          f"{peak['pss_sum']:.0f} MB; largest process: {peak['rss_max']:.0f} MB; "
          f"{args.records / peak['seconds']:.1f} pages/s")


if __name__ == "__main__":
    main()
