"""Crawl benchmark: ``scraper crawl`` vs trafilatura's downloader, and memory on a huge input.

    /work/venv/bin/python bench/crawl_bench.py [--pages 2000] [--big 100000] [--concurrency 16]

1. Throughput: a local site of ``--pages`` generated article pages (realistic markup: nav,
   sidebar, JSON-LD, figures, comments, footer; 10-20 KB each) on 127.0.0.1, served by a small
   asyncio server in its own process. ``scraper crawl`` and ``trafilatura -i`` (config with
   SLEEP_TIME = 0 and SSRF_PROTECTION = off, which trafilatura needs to fetch from 127.0.0.1;
   ``--parallel`` = the same concurrency) both fetch and extract every page;
   wall time includes start-up. Reports pages/s and the ratio.
2. Memory: ``scraper crawl`` on a ``--big``-line input (every URL distinct, spread over 20
   local "hosts" (ports); 1 in 10 is a small article, the rest answer 404 at once); peak RSS of
   the main process and of the whole process tree (with extraction workers), sampled every
   50 ms with psutil.

Results go to bench/crawl.md (overwritten) and stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SCRAPER = [str(VENV_BIN / "scraper")]
TRAFILATURA = [str(VENV_BIN / "trafilatura")]

#: Ports standing for distinct hosts in the memory run: politeness is per host:port.
BIG_HOSTS = 20

_VOCABULARY = (
    "government minister budget council report city region market energy climate policy "
    "vote election party leader campaign court ruling judge law rights workers union strike "
    "prices inflation bank rates investors growth company profits shares industry factory "
    "school students teachers hospital doctors patients health care water transport rail "
    "road bridge housing rent tenants police officers investigation evidence witnesses "
    "weather storm flooding residents community festival museum artists season team coach "
    "match goal players fans stadium science researchers study data survey results history "
    "century war peace talks agreement border trade exports farmers harvest river coast"
)
_WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 24))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words) - 1), f"{rng.randint(2, 98)} percent")
    return " ".join(words) + rng.choice([".", ".", ".", "?"])


def article_page(n: int) -> bytes:
    """A generated news article page, deterministic per ``n``."""
    rng = random.Random(n)
    title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 10))).capitalize()
    author = rng.choice(["Ana Ruiz", "John Smith", "Mei Chen", "Olu Adeyemi", "Lena Vogel"])
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    nav = "".join(f'<li><a href="/section/{w}">{w.title()}</a></li>'
                  for w in rng.sample(_WORDS, 14))
    paras = []
    for i in range(rng.randint(8, 22)):
        text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        paras.append(f"<p>{text}</p>")
        if i == 3:
            paras.append(f'<figure><img src="/img/{n}.jpg" alt="{title}" width="800">'
                         f"<figcaption>{_sentence(rng)}</figcaption></figure>")
        if i == 6:
            paras.append(f"<h2>{_sentence(rng)[:-1]}</h2>")
        if i == 9:
            paras.append(f"<blockquote><p>{_sentence(rng)}</p></blockquote>")
    related = "".join(f'<li><a href="/a/{rng.randint(0, 99999)}">{_sentence(rng)[:60]}</a></li>'
                      for _ in range(8))
    comments = "".join(f'<div class="comment"><span class="user">user{rng.randint(1, 999)}'
                       f"</span><p>{_sentence(rng)}</p></div>" for _ in range(rng.randint(0, 6)))
    footer = "".join(f'<a href="/about/{w}">{w}</a> ' for w in rng.sample(_WORDS, 20))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": title, "datePublished": day,
                     "author": {"@type": "Person", "name": author}})
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Daily Bench</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{_sentence(rng)}">
<meta property="og:title" content="{title}"><meta property="og:type" content="article">
<meta name="author" content="{author}"><meta property="article:published_time" content="{day}">
<link rel="stylesheet" href="/static/site.css"><link rel="canonical" href="/a/{n}">
<script type="application/ld+json">{ld}</script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}
gtag('js',new Date());gtag('config','G-BENCH{n % 97}');</script>
</head><body class="article-page">
<div id="cookie-banner"><p>We use cookies to improve your experience.</p>
<button>Accept</button></div>
<header class="site-header"><a class="logo" href="/">The Daily Bench</a>
<nav class="main-nav"><ul>{nav}</ul></nav><form class="search"><input name="q"></form></header>
<div class="layout"><main id="content"><article class="story">
<h1 class="headline">{title}</h1>
<div class="meta"><span class="byline">By <a href="/author/{author.split()[0].lower()}">{author}</a>
</span> <time datetime="{day}">{day}</time></div>
<div class="story-body">{''.join(paras)}</div>
<div class="share"><a href="#">Share on X</a> <a href="#">Share by email</a></div>
</article>
<section class="comments"><h3>Comments</h3>{comments}</section></main>
<aside class="sidebar"><h3>Most read</h3><ol>{related}</ol>
<div class="ad">Advertisement</div></aside></div>
<footer class="site-footer"><p>{footer}</p><p>&copy; 2024 The Daily Bench</p></footer>
<script src="/static/app.js"></script></body></html>"""
    return page.encode("utf-8")


_SMALL = (b"<!DOCTYPE html><html><head><title>Small page</title></head><body><article>"
          b"<h1>Small page</h1><p>A short article body with a sentence or two of text, enough "
          b"for the extractor to find a paragraph.</p></article></body></html>")


class _Http(asyncio.Protocol):
    """Minimal keep-alive HTTP/1.1: enough for GETs from two crawlers, fast in one process."""

    def __init__(self, pages: dict[int, bytes]) -> None:
        self.pages = pages
        self.buf = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while b"\r\n\r\n" in self.buf:
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            path = head.split(b" ", 2)[1].decode("latin-1")
            self.transport.write(self.respond(path))  # type: ignore[attr-defined]

    def respond(self, path: str) -> bytes:
        status, body = b"404 Not Found", b"<html><body>not found</body></html>"
        parts = path.split("/")
        if len(parts) == 3 and parts[2].isdigit():
            n = int(parts[2])
            if parts[1] == "a" and n in self.pages:
                status, body = b"200 OK", self.pages[n]
            elif parts[1] == "s" and n % 10 == 0:
                status, body = b"200 OK", _SMALL
        return (b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def _serve(ports: list[int], n_pages: int, ready: multiprocessing.synchronize.Event) -> None:
    pages = {n: article_page(n) for n in range(n_pages)}

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for port in ports:
            await loop.create_server(lambda: _Http(pages), "127.0.0.1", port, backlog=1024)
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def _free_ports(n: int) -> list[int]:
    import socket
    socks = [socket.socket() for _ in range(n)]
    for sock in socks:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in socks]
    for sock in socks:
        sock.close()
    return ports


def start_server(ports: list[int], n_pages: int) -> multiprocessing.Process:
    ready = multiprocessing.Event()
    proc = multiprocessing.Process(target=_serve, args=(ports, n_pages, ready), daemon=True)
    proc.start()
    if not ready.wait(60):
        raise RuntimeError("bench server did not start")
    return proc


def run_measured(cmd: list[str], stdout: Path | None = None) -> tuple[float, int, int, int]:
    """Run ``cmd``; (seconds, exit code, peak RSS of the main process, peak RSS of the
    process tree), RSS in bytes, sampled every 50 ms."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    # stderr to a file, not a pipe: a chatty tool would fill the pipe and stall.
    err = tempfile.TemporaryFile()  # noqa: SIM115 (closed below, after the child exits)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
    ps = psutil.Process(proc.pid)
    peak_main = peak_tree = 0
    while proc.poll() is None:
        try:
            main = ps.memory_info().rss
            tree = main + sum(c.memory_info().rss for c in ps.children(recursive=True))
        except psutil.Error:
            main = tree = 0
        peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
        time.sleep(0.05)
    elapsed = time.monotonic() - start
    err.seek(0)
    stderr = err.read().decode(errors="replace")
    err.close()
    if stdout:
        out.close()  # type: ignore[union-attr]
    if proc.returncode not in (0, 1):
        print(stderr[-2000:], file=sys.stderr)
    return elapsed, proc.returncode, peak_main, peak_tree


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def bench_throughput(work: Path, n_pages: int, concurrency: int) -> dict[str, object]:
    port = _free_ports(1)[0]
    server = start_server([port], n_pages)
    try:
        urls = work / "urls.txt"
        urls.write_text("".join(f"http://127.0.0.1:{port}/a/{n}\n" for n in range(n_pages)))
        ours_out, ours_err = work / "ours.jsonl", work / "ours-errors.jsonl"
        ours_t, ours_rc, ours_rss, ours_tree = run_measured(
            [*SCRAPER, "crawl", "-i", str(urls), "-o", str(ours_out), "--errors",
             str(ours_err), "--concurrency", str(concurrency), "--per-host", str(concurrency),
             "--no-progress", "-q", "--overwrite"])
        ours_n = count_lines(ours_out)
        config = work / "trafilatura.cfg"
        default_cfg = Path(__import__("trafilatura").__file__).parent / "settings.cfg"
        # No per-domain sleep, and allow 127.0.0.1 (trafilatura blocks non-public addresses).
        config.write_text(default_cfg.read_text().replace("SLEEP_TIME = 5.0", "SLEEP_TIME = 0")
                          .replace("SSRF_PROTECTION = on", "SSRF_PROTECTION = off"))
        theirs_out = work / "trafilatura.jsonl"
        theirs_t, theirs_rc, _, theirs_tree = run_measured(
            [*TRAFILATURA, "-i", str(urls), "--parallel", str(concurrency), "--config-file",
             str(config), "--json"], stdout=theirs_out)
        theirs_n = count_lines(theirs_out)
    finally:
        server.terminate()
    return {"pages": n_pages, "concurrency": concurrency,
            "ours_s": ours_t, "ours_records": ours_n, "ours_rc": ours_rc,
            "ours_pps": ours_n / ours_t, "ours_rss_mb": ours_rss / 2**20,
            "ours_tree_mb": ours_tree / 2**20,
            "theirs_s": theirs_t, "theirs_records": theirs_n, "theirs_rc": theirs_rc,
            "theirs_pps": theirs_n / theirs_t, "theirs_tree_mb": theirs_tree / 2**20,
            "ratio": (ours_n / ours_t) / (theirs_n / theirs_t) if theirs_n else float("inf")}


def bench_memory(work: Path, n_urls: int, concurrency: int) -> dict[str, object]:
    ports = _free_ports(BIG_HOSTS)
    server = start_server(ports, 0)
    try:
        urls = work / "big.txt"
        with urls.open("w") as handle:
            for i in range(n_urls):
                handle.write(f"http://127.0.0.1:{ports[i % BIG_HOSTS]}/s/{i}\n")
        out, err, state = work / "big.jsonl", work / "big-errors.jsonl", work / "big.sqlite"
        elapsed, rc, peak_main, peak_tree = run_measured(
            [*SCRAPER, "crawl", "-i", str(urls), "-o", str(out), "--errors", str(err),
             "--state", str(state), "--concurrency", str(concurrency), "--per-host", "4",
             "--no-progress", "-q", "--overwrite"])
        accounted = count_lines(out) + count_lines(err)
    finally:
        server.terminate()
    return {"urls": n_urls, "hosts": BIG_HOSTS, "seconds": elapsed, "rc": rc,
            "records": count_lines(out), "accounted": accounted,
            "peak_main_mb": peak_main / 2**20, "peak_tree_mb": peak_tree / 2**20,
            "urls_per_s": n_urls / elapsed}


def report(tp: dict[str, object] | None, mem: dict[str, object] | None, argv: str) -> str:
    lines = ["# Crawl benchmark", "",
             f"Run: `{argv}` on {platform.platform()}, Python {platform.python_version()}, "
             f"{os.cpu_count()} cores (shared with other jobs; numbers vary by ~20 %), "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", ""]
    if tp:
        lines += [
            f"## Throughput: fetch + extract {tp['pages']} generated article pages "
            f"(127.0.0.1, concurrency {tp['concurrency']})", "",
            "| tool | records | wall s | pages/s | peak RSS (tree) |",
            "|---|---:|---:|---:|---:|",
            f"| scraper crawl | {tp['ours_records']} | {tp['ours_s']:.1f} | "
            f"{tp['ours_pps']:.1f} | {tp['ours_tree_mb']:.0f} MB |",
            f"| trafilatura -i (SLEEP_TIME=0, --parallel) | {tp['theirs_records']} | "
            f"{tp['theirs_s']:.1f} | {tp['theirs_pps']:.1f} | {tp['theirs_tree_mb']:.0f} MB |",
            "", f"Ratio ours / trafilatura: **{tp['ratio']:.2f}x** (target >= 3x).", ""]
    if mem:
        lines += [
            f"## Memory: {mem['urls']:,} URL input ({mem['hosts']} local hosts, 1 in 10 a "
            "small article, the rest 404)", "",
            "| peak RSS main process | peak RSS with workers | wall s | URLs/s | records | "
            "lines accounted |",
            "|---:|---:|---:|---:|---:|---:|",
            f"| {mem['peak_main_mb']:.0f} MB | {mem['peak_tree_mb']:.0f} MB | "
            f"{mem['seconds']:.1f} | {mem['urls_per_s']:.0f} | {mem['records']} | "
            f"{mem['accounted']} |", "",
            "Target: < 300 MB. Input is streamed; memory is bounded by the host queues "
            "(2,000 URLs), in-flight pages and the per-run set of 64-bit URL keys. Run with "
            "--state (SQLite), --concurrency 16 --per-host 4; the tree figure double-counts "
            "memory the forked workers share with the parent.", ""]
    lines += [
        "Notes:",
        "- Both tools fetch from the same local server (asyncio, separate process) and both "
        "extract; wall time includes interpreter start-up. On this shared 2-core machine the "
        "same run varies by 20-30 % with the other jobs' load; rerun for a fresh table.",
        "- Where our time goes (cProfile of the main process): httpx/httpcore dominate. Two "
        "fixes mattered: httpcore rescans sys.path for the missing `sniffio` on every request "
        "(we record its absence once), and its pool scans every connection per request (we "
        "spread requests over small pools of 4). Extraction runs in one process per core.",
        "- Scrapy was not measured (not installed in the environment).", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--no-report", action="store_true", help="do not write bench/crawl.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crawl-bench-"))
    try:
        tp = None if args.skip_throughput else bench_throughput(work, args.pages,
                                                                args.concurrency)
        if tp:
            print(json.dumps(tp, indent=2))
        mem = None if args.skip_memory else bench_memory(work, args.big, args.concurrency)
        if mem:
            print(json.dumps(mem, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(tp, mem, "python bench/crawl_bench.py " + " ".join(sys.argv[1:]))
    if not args.no_report:
        (ROOT / "bench" / "crawl.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
