"""Pathological pages: time, peak memory and outcome of ``scraper.extract`` on each hostile
shape, and the time/size curve of an ordinary article page from 10 KB to 10 MB.

    python bench/pathological.py                  # every case, a Markdown table on stdout
    python bench/pathological.py --only nested-divs-200k,line-20mb
    python bench/pathological.py --json out.json

Each case runs in a fresh subprocess (``python bench/pathological.py --child NAME``), so its
peak RSS (``ru_maxrss``) is its own and a runaway case cannot take the run down. The page is
built in the child before the clock starts, after one small warm-up page (the language
model loads on first use, about 0.5 s); the peak RSS includes the page itself and the
interpreter with scraper and the language model loaded (about 155 MB). Budgets (issue 14):
every case ends within the batch deadline (60 s) and under 400 MB peak RSS for any input up
to the default ``--max-bytes`` (10 MiB); the curve should grow at most linearly.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What the issue asks of every case (the batch deadline and the memory ceiling).
TIME_BUDGET_S = 60.0
RSS_BUDGET_MB = 400.0
#: A case still running after this is killed and reported as such (past the budget anyway).
CASE_TIMEOUT_S = 180.0


def _nested_divs() -> str:
    return "<div>" * 200_000 + "deep text" + "</div>" * 200_000


def _line_20mb() -> str:
    words = "lorem ipsum dolor sit amet, consectetur adipiscing elit "  # 56 characters
    return "<html><body><article><p>" + words * (20 * 1024 * 1024 // len(words)) + "</p>"


def _attrs_one_tag() -> str:
    attrs = " ".join(f'data-a{i}="{"v" * 40}"' for i in range(5 * 1024 * 1024 // 52))
    return f"<html><body><article><p {attrs}>One paragraph of text, with a comma.</p>"


def _attrs_many_tags() -> str:
    tag = '<span class="c" data-x="{}" data-y="{}" title="{}">w</span> '.format(*["v" * 30] * 3)
    return "<html><body><article><p>" + tag * (5 * 1024 * 1024 // len(tag)) + "</p>"


def _text_nodes() -> str:
    return "<html><body><article><p>" + "x<b></b>" * 1_000_000 + "</p>"


def _void_tags() -> str:
    """Two million ``<br>``: each a node and the text after it another, with no end tags."""
    return "<html><body><article><p>" + "x<br>" * 2_000_000 + "</p>"


def _control_bytes() -> bytes:
    rng = random.Random(14)
    noise = bytes(rng.choice(b"\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f ab<>&;") for _ in
                  range(1024 * 1024))
    return b"<html><body><article><p>" + noise + b"</p>"


def _sparse_controls() -> str:
    """Text with a control character every 100 (under the binary threshold): scrubbed."""
    rng = random.Random(14)
    words = "".join(rng.choice("abcdefgh ,.") for _ in range(1024 * 1024))
    return "<html><body><article><p>" + "".join(
        word + rng.choice("\x01\x07\x1b\x7f\x85") for word in
        (words[i:i + 99] for i in range(0, len(words), 99))) + "</p>"


def _nested_tables() -> str:
    return "<table><tr><td>" * 500 + "cell" + "</td></tr></table>" * 500


def _links() -> str:
    return "<html><body><article>" + "".join(
        f'<p>Item {i}, see <a href="/page/{i}?ref=x">the page number {i}</a>.</p>'
        for i in range(50_000)) + "</article></body></html>"


def _binary() -> bytes:
    return random.Random(14).randbytes(5 * 1024 * 1024)


def _script_only() -> str:
    return "<html><head><script>" + "var x = '<p>not text</p>';\n" * 200_000 + \
        "</script></head><body><script>" + "x++;" * 100_000 + "</script></body></html>"


def _article(size: int) -> str:
    """An ordinary article page of about ``size`` characters (a fixture's body repeated)."""
    para = ("<p>The council voted on Tuesday to reopen the old bridge, after two years of "
            "repairs that cost more than planned, and residents said the detour had doubled "
            "their commute.</p>\n")
    head = ("<html><head><title>Bridge reopens</title></head><body><nav><a href='/'>Home</a>"
            "</nav><article><h1>Bridge reopens</h1>")
    return head + para * max(1, (size - len(head)) // len(para)) + "</article></body></html>"


CASES: dict[str, Callable[[], str | bytes]] = {
    "nested-divs-200k": _nested_divs,
    "line-20mb": _line_20mb,
    "attrs-5mb-one-tag": _attrs_one_tag,
    "attrs-5mb-many-tags": _attrs_many_tags,
    "text-nodes-1m": _text_nodes,
    "void-tags-2m": _void_tags,
    "nul-and-control-bytes-1mb": _control_bytes,
    "sparse-control-chars-1mb": _sparse_controls,
    "nested-tables-500": _nested_tables,
    "links-50k": _links,
    "binary-5mb-as-html": _binary,
    "script-only-6mb": _script_only,
}
CURVE = {f"article-{label}": size for label, size in
         (("10kb", 10_000), ("100kb", 100_000), ("1mb", 1_000_000), ("3mb", 3_000_000),
          ("10mb", 10_000_000))}


def child(name: str) -> None:
    """Run one case in this process and print its measurement as JSON."""
    import scraper
    from scraper.errors import ScraperError

    scraper.extract(_article(5_000))  # warm-up: the language model loads on first use
    page = _article(CURVE[name]) if name in CURVE else CASES[name]()
    started = time.perf_counter()
    try:
        article = scraper.extract(page, url="https://example.com/case")
        outcome = f"article ({article.word_count} words)"
    except ScraperError as exc:
        outcome = f"{type(exc).__name__} ({exc.kind})"
    elapsed = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"case": name, "bytes": len(page), "seconds": round(elapsed, 3),
                      "peak_rss_mb": round(rss_mb, 1), "outcome": outcome}))


def run(name: str) -> dict[str, object]:
    try:
        done = subprocess.run([sys.executable, __file__, "--child", name], capture_output=True,
                              text=True, timeout=CASE_TIMEOUT_S, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:
        return {"case": name, "bytes": None, "seconds": None, "peak_rss_mb": None,
                "outcome": f"killed after {CASE_TIMEOUT_S:g} s"}
    if done.returncode != 0:
        return {"case": name, "bytes": None, "seconds": None, "peak_rss_mb": None,
                "outcome": f"crashed: {done.stderr.strip().splitlines()[-1:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _table(rows: list[dict[str, object]]) -> str:
    lines = ["| case | size | time (s) | peak RSS (MB) | within budget | outcome |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        seconds, rss = row["seconds"], row["peak_rss_mb"]
        ok = (isinstance(seconds, float) and seconds <= TIME_BUDGET_S
              and isinstance(rss, float) and rss <= RSS_BUDGET_MB)
        size = row["bytes"]
        size_text = f"{size / 1e6:.2f} MB" if isinstance(size, int) else "-"
        lines.append(f"| {row['case']} | {size_text} | {seconds if seconds is not None else '-'}"
                     f" | {rss if rss is not None else '-'} | {'yes' if ok else 'NO'} "
                     f"| {row['outcome']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--only", help="comma-separated case names (default: all)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    names = args.only.split(",") if args.only else [*CASES, *CURVE]
    unknown = [name for name in names if name not in CASES and name not in CURVE]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    rows = []
    for name in names:
        rows.append(run(name))
        print(f"  {json.dumps(rows[-1])}", file=sys.stderr, flush=True)
    print(_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
