"""Extraction accuracy and speed benchmark: our extractor against peers, on three public sets.

    python bench/accuracy.py [--bench-dir DIR] [--set scrapinghub|mozilla|wcxb|all]
                             [--split tune|validate|all] [--only NAME,...] [--worst N]
                             [--limit N] [--repeat N] [--json OUT]

- ``scrapinghub``: body text against ``ground-truth.json`` (the published metric, see
  ``bench/metrics.py``).
- ``mozilla``: body text against the text of ``expected.html`` and metadata fields against
  ``expected-metadata.json``.
- ``wcxb``: the WCXB development split (``wcxb-dev/``), with WCXB's own body metric
  (bag-of-words F1), its snippets, title/author/date, and our page type, verdict and
  extraction quality against its labels; its ``tune`` and ``validate`` splits apart.

Every extractor sees every page in the same run, page by page in turn, so load on a shared
machine hits them alike. Only the extraction call is timed, in CPU seconds of this process,
pinned to one core. Peers never reach the network: non-loopback sockets raise while they run.
Metric definitions and the latest tables: ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import logging
import os
import platform
import socket
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:  # run as a script: make ``bench`` and ``scraper`` importable
    sys.path.insert(0, str(_ROOT))

from bench.htmltext import html_to_text  # noqa: E402
from bench.metrics import (  # noqa: E402
    SHINGLE_SIZE,
    BodyScore,
    author_tokens_match,
    authors_match,
    bootstrap_f1_std,
    date_match,
    fold,
    language_match,
    score_body,
    score_words,
    shingles,
    spearman,
    summarise,
    summarise_words,
    text_match,
    tokenize,
    words,
)
from bench.peers import EXTRACTORS, Extraction, Extractor, make_extractor  # noqa: E402

#: Mozilla's test harness serves every page from this URL; the expected files use it too.
MOZILLA_URL = "http://fakehost/test/page.html"
#: Metadata fields scored on the Mozilla set: our name -> expected-metadata.json key.
META_FIELDS = {
    "title": "title",
    "authors": "byline",
    "published": "publishedTime",
    "language": "lang",
    "site_name": "siteName",
}
#: Characters of missed/leaked text shown per page by ``--worst``: enough to recognise the
#: passage, short enough that ten pages fit on a screen.
EXCERPT_CHARS = 160
SETS = ("scrapinghub", "mozilla", "wcxb")
#: A set's folder under ``--bench-dir`` when it is not the set's name.
SET_DIRS = {"wcxb": "wcxb-dev"}
#: WCXB's splits: tune on ``tune``; ``validate`` (whole sites never studied) only to report.
SPLITS = ("tune", "validate")
#: WCXB's page types, in the order of rs-trafilatura's published per-type figures.
WCXB_TYPES = ("article", "documentation", "service", "forum", "collection", "listing", "product")
#: rs-trafilatura's published F1 on the whole WCXB dev split, by page type and overall: a
#: reference column, not measured here (it is not installed).
RS_TRAFILATURA = {"article": 0.932, "documentation": 0.932, "service": 0.844, "forum": 0.808,
                  "collection": 0.716, "listing": 0.707, "product": 0.641, "all": 0.859}
#: WCXB metadata fields: our Extraction field -> ground-truth key.
WCXB_FIELDS = {"title": "title", "authors": "author", "published": "publish_date"}
#: An ``extraction_quality`` below this is the extractor saying "this one is doubtful".
LOW_QUALITY = 0.5
#: A per-page F1 change below this is noise from small edits; above it a page really moved.
PAGE_CHANGE = 0.02
#: Pages listed per direction by ``--compare``: the largest moves say most about a change.
COMPARE_PAGES = 8


@dataclass(slots=True)
class Page:
    """One benchmark page with its truth."""

    id: str
    url: str | None
    body: bytes
    truth: str
    meta: dict[str, Any] | None = None


@dataclass(slots=True)
class Run:
    """One extractor's results over one set."""

    extractor: Extractor
    results: dict[str, Extraction] = field(default_factory=dict)
    #: Per page: a BodyScore (shingle metric), or on WCXB a WordScore.
    scores: dict[str, Any] = field(default_factory=dict)
    cpu_seconds: list[float] = field(default_factory=list)
    wall_seconds: list[float] = field(default_factory=list)
    crashes: Counter[str] = field(default_factory=Counter)
    crashed_pages: list[str] = field(default_factory=list)
    #: CPU seconds of the extraction call per page (best of the passes).
    page_cpu: dict[str, float] = field(default_factory=dict)
    #: Ours only: the record's page_type, blocked and extraction_quality, per page.
    verdicts: dict[str, dict[str, Any]] = field(default_factory=dict)


# --- loading ---------------------------------------------------------------------------------

def load_scrapinghub(root: Path) -> Iterator[Page]:
    """The Scrapinghub pages, in id order, gunzipped."""
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    for page_id in sorted(truth):
        body = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        yield Page(page_id, truth[page_id].get("url"), body, truth[page_id]["articleBody"] or "")


def load_mozilla(root: Path) -> Iterator[Page]:
    """The Mozilla Readability test pages, in name order."""
    for folder in sorted(p for p in (root / "pages").iterdir() if p.is_dir()):
        expected = html_to_text((folder / "expected.html").read_text("utf-8"))
        meta = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
        yield Page(folder.name, MOZILLA_URL, (folder / "source.html").read_bytes(), expected, meta)


def load_wcxb(root: Path) -> Iterator[Page]:
    """The WCXB development pages, in id order, gunzipped; ``meta`` is the page's entry."""
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    for page_id in sorted(truth):
        entry = truth[page_id]
        body = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        meta = {key: value for key, value in entry.items() if key != "main_content"}
        yield Page(page_id, entry.get("url"), body, entry.get("main_content") or "", meta)


# --- running ---------------------------------------------------------------------------------

class NetworkGuard:
    """Refuses every non-loopback connection and counts who tried."""

    def __init__(self) -> None:
        self.current = ""
        self.attempts: Counter[str] = Counter()
        self._connect = socket.socket.connect
        self._getaddrinfo = socket.getaddrinfo

    def __enter__(self) -> NetworkGuard:
        self.install()
        return self

    def __exit__(self, *exc: object) -> None:
        socket.socket.connect = self._connect  # type: ignore[method-assign]
        socket.getaddrinfo = self._getaddrinfo

    def install(self) -> None:
        guard = self

        def connect(sock: socket.socket, address: Any) -> None:
            host = address[0] if isinstance(address, tuple) else str(address)
            guard.check(str(host))
            guard._connect(sock, address)

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            guard.check(str(host))
            return guard._getaddrinfo(host, *args, **kwargs)

        socket.socket.connect = connect  # type: ignore[method-assign]
        socket.getaddrinfo = getaddrinfo

    def check(self, host: str) -> None:
        if host in ("localhost", "127.0.0.1", "::1", "None") or host.startswith("/"):
            return
        self.attempts[self.current] += 1
        raise OSError(f"benchmark: network access to {host!r} refused")


def _decode(body: bytes) -> str:
    # Both sets are UTF-8; ``replace`` keeps a stray byte from failing a peer before it starts.
    return body.decode("utf-8", errors="replace")


def run_set(pages: list[Page], extractors: list[Extractor], guard: NetworkGuard,
            repeat: int, cpu: int | None, metadata: bool,
            scorer: Callable[[str, str], Any] = score_body) -> list[Run]:
    """Run every extractor on every page, interleaved, ``repeat`` times; keep the best time.

    ``scorer(truth, text)`` gives each page's score: the shingle metric, or WCXB's
    ``score_words``.
    """
    runs = [Run(extractor) for extractor in extractors]
    texts = {page.id: _decode(page.body) for page in pages}
    affinity = os.sched_getaffinity(0)
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    try:
        if pages:
            _warm_up(runs, pages[0], texts[pages[0].id])
        for attempt in range(repeat):
            totals_cpu = [0.0] * len(runs)
            totals_wall = [0.0] * len(runs)
            for page in pages:
                for index, run in enumerate(runs):
                    ext = run.extractor
                    data: Any = page.body if ext.wants_bytes else texts[page.id]
                    guard.current = ext.name
                    cpu0, wall0 = time.process_time(), time.perf_counter()
                    try:
                        raw = ext.run(data, page.url)
                        error = None
                    except Exception as exc:  # a peer's crash is a result: counted, reported
                        raw, error = None, exc
                    spent = time.process_time() - cpu0
                    totals_cpu[index] += spent
                    totals_wall[index] += time.perf_counter() - wall0
                    run.page_cpu[page.id] = min(spent, run.page_cpu.get(page.id, spent))
                    if attempt:
                        continue
                    if ext.name == "scraper" and error is None:
                        run.verdicts[page.id] = _verdict(raw)
                    run.results[page.id] = _convert(run, page, raw, error,
                                                    texts[page.id] if metadata else None)
            for index, run in enumerate(runs):
                run.cpu_seconds.append(totals_cpu[index])
                run.wall_seconds.append(totals_wall[index])
    finally:
        os.sched_setaffinity(0, affinity)
        guard.current = ""
    for run in runs:
        run.scores = {page.id: scorer(page.truth, run.results[page.id].text) for page in pages}
    return runs


def _verdict(article: Any) -> dict[str, Any]:
    """What our record says about the page besides its text (``extraction_quality`` only
    once the Article has it)."""
    page_type = getattr(article, "page_type", None)
    blocked = getattr(article, "blocked", None)
    quality = getattr(article, "extraction_quality", None)
    return {"page_type": None if page_type is None else str(page_type),
            "blocked": None if blocked is None else str(blocked),
            "extraction_quality": None if quality is None else float(quality)}


def _warm_up(runs: list[Run], page: Page, html: str) -> None:
    """Each extractor's start-up and one untimed call, so lazy imports, model files and
    first-use caches are not billed to a page."""
    for run in runs:
        if run.extractor.warm_up is not None:
            run.extractor.warm_up()
        with contextlib.suppress(Exception):  # a crash here is counted in the timed pass
            run.extractor.run(page.body if run.extractor.wants_bytes else html, page.url)


def _convert(run: Run, page: Page, raw: Any, error: Exception | None,
             html: str | None) -> Extraction:
    """The page's Extraction; ``html`` is given when the set scores metadata."""
    if error is None:
        try:
            out = run.extractor.convert(raw)
            if html is not None and run.extractor.add_metadata is not None:
                run.extractor.add_metadata(out, html, page.url)
            return out
        except Exception as exc:  # a peer's converter or metadata call crashed: same treatment
            error = exc
    run.crashes[type(error).__name__] += 1
    run.crashed_pages.append(page.id)
    return Extraction()


# --- reporting -------------------------------------------------------------------------------

def metadata_accuracy(run: Run, pages: list[Page]) -> dict[str, dict[str, float | int] | None]:
    """Per field: share of pages (with a non-null expected value) the extractor got right."""
    out: dict[str, dict[str, float | int] | None] = {}
    for name, key in META_FIELDS.items():
        if name not in run.extractor.fields:
            out[name] = None
            continue
        judged = hits = 0
        for page in pages:
            expected = _expected(page, key)
            if expected is None:
                continue
            judged += 1
            hits += _field_match(name, expected, run.results[page.id])
        out[name] = {"accuracy": hits / judged if judged else 0.0, "hits": hits,
                     "pages": judged}
    return out


def _expected(page: Page, key: str) -> str | None:
    """The expected value, ``None`` when absent or blank (005's title is ``""``)."""
    value = (page.meta or {}).get(key)
    return value if isinstance(value, str) and value.strip() else None


def _field_match(name: str, expected: str, got: Extraction) -> bool:
    if name == "authors":
        return authors_match(expected, got.authors)
    if name == "published":
        return date_match(expected, got.published)
    if name == "language":
        return language_match(expected, got.language)
    return text_match(expected, getattr(got, name))


def summary_rows(set_name: str, runs: list[Run], pages: list[Page]) -> list[dict[str, Any]]:
    """One dict per extractor with every number of the table."""
    rows = []
    base = next((r for r in runs if r.extractor.name == "trafilatura"), None)
    base_speed = len(pages) / min(base.cpu_seconds) if base and min(base.cpu_seconds) else None
    for run in runs:
        scores = [run.scores[p.id] for p in pages]
        body = summarise(scores)
        best_cpu = min(run.cpu_seconds)
        speed = len(pages) / best_cpu if best_cpu else 0.0
        row: dict[str, Any] = {
            "extractor": run.extractor.name,
            "version": run.extractor.version,
            **asdict(body),
            "f1_std": bootstrap_f1_std(scores),
            "pages_per_second": speed,
            "pages_per_second_wall": len(pages) / min(run.wall_seconds),
            "speed_vs_trafilatura": speed / base_speed if base_speed else None,
            "crashes": sum(run.crashes.values()),
            "crash_kinds": dict(run.crashes),
            "crashed_pages": run.crashed_pages,
        }
        if set_name == "mozilla":
            row["metadata"] = metadata_accuracy(run, pages)
        rows.append(row)
    return rows


def format_table(set_name: str, rows: list[dict[str, Any]]) -> str:
    """The set's results as a Markdown table."""
    head = ["extractor", "F1", "precision", "recall", "accuracy"]
    if set_name == "mozilla":
        head += ["title", "authors", "published", "language", "site name"]
    head += ["pages/s", "vs trafilatura", "crashes"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [f"{row['extractor']} {row['version']}", f"{row['f1']:.3f} ± {row['f1_std']:.3f}",
                 f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['accuracy']:.3f}"]
        if set_name == "mozilla":
            for name in META_FIELDS:
                value = row["metadata"][name]
                if value is None:
                    cells.append("-")  # the extractor does not give this field
                else:
                    cells.append(f"{value['accuracy']:.2f}" if value["pages"] else "n/a")
        ratio = row["speed_vs_trafilatura"]
        cells += [f"{row['pages_per_second']:.1f}", "-" if ratio is None else f"{ratio:.2f}x",
                  str(row["crashes"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def worst_pages(run: Run, pages: list[Page], count: int) -> list[dict[str, Any]]:
    """The ``count`` pages with the lowest per-page F1, with what was missed and what leaked."""
    by_id = {page.id: page for page in pages}
    ranked = sorted(run.scores.items(), key=lambda item: (item[1].f1, item[0]))[:count]
    out = []
    for page_id, score in ranked:
        truth, ours = by_id[page_id].truth, run.results[page_id].text
        out.append({
            "id": page_id, "url": by_id[page_id].url, "f1": score.f1,
            "precision": score.precision, "recall": score.recall,
            "truth_tokens": len(tokenize(truth)), "our_tokens": len(tokenize(ours)),
            "missed": _unmatched_runs(truth, ours), "leaked": _unmatched_runs(ours, truth),
        })
    return out


def _unmatched_runs(text: str, other: str) -> list[str]:
    """Passages of ``text`` that no shingle shared with ``other`` covers, longest first.

    Shingles are matched as a multiset, in reading order; a token is shown when no matched
    shingle contains it, so the passages hold what is really missing, not its neighbours.
    """
    tokens = tokenize(text)
    available = shingles(tokenize(other))
    covered = [False] * len(tokens)
    for i in range(max(1, len(tokens) - SHINGLE_SIZE + 1) if tokens else 0):
        shingle = tuple(tokens[i:i + SHINGLE_SIZE])
        if available[shingle] > 0:
            available[shingle] -= 1
            covered[i:i + SHINGLE_SIZE] = [True] * len(shingle)
    passages = [[token for token, _ in group]
                for is_covered, group in groupby(zip(tokens, covered, strict=True),
                                                 key=lambda pair: pair[1])
                if not is_covered]
    passages.sort(key=len, reverse=True)
    return [_excerpt(passage) for passage in passages[:3]]


def _excerpt(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return f"({len(tokens)} words) " + (text if len(text) <= EXCERPT_CHARS
                                         else text[:EXCERPT_CHARS] + "…")


def metadata_misses(run: Run, pages: list[Page], count: int) -> dict[str, list[dict[str, Any]]]:
    """Per field, up to ``count`` pages where the extractor's value did not match."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, key in META_FIELDS.items():
        misses = []
        for page in pages:
            expected = _expected(page, key)
            got = run.results[page.id]
            if expected is None or _field_match(name, expected, got):
                continue
            misses.append({"id": page.id, "expected": expected, "got": getattr(got, name)})
        out[name] = misses[:count]
    return out


def format_misses(misses: dict[str, list[dict[str, Any]]]) -> str:
    """The metadata misses as indented text, one line per page."""
    lines = ["Metadata misses of scraper on mozilla (expected | ours):"]
    for name, items in misses.items():
        lines.append(f"- {name}:")
        lines.extend(f"    {item['id']}: {_short(item['expected'])!r} | {_short(item['got'])!r}"
                     for item in items)
    return "\n".join(lines)


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > EXCERPT_CHARS // 2:
        return value[:EXCERPT_CHARS // 2] + "…"
    return value


def slowest_pages(runs: list[Run], count: int,
                  among: set[str] | None = None) -> list[dict[str, Any]]:
    """Our ``count`` slowest pages (of ``among``, default all), with every extractor's time on
    the same page (ms)."""
    ours = next(run for run in runs if run.extractor.name == "scraper")
    times = [item for item in ours.page_cpu.items() if among is None or item[0] in among]
    ranked = sorted(times, key=lambda item: item[1], reverse=True)[:count]
    return [{"id": page_id, "ms": {run.extractor.name: round(run.page_cpu[page_id] * 1000, 1)
                                   for run in runs}}
            for page_id, _ in ranked]


def format_slowest(set_name: str, slowest: list[dict[str, Any]]) -> str:
    """The slowest-pages list as indented text."""
    lines = [f"Slowest pages of scraper on {set_name} (CPU ms per extractor):"]
    lines.extend(f"- {item['id']}  " + "  ".join(f"{name} {ms}" for name, ms in item["ms"].items())
                 for item in slowest)
    return "\n".join(lines)


def format_worst(set_name: str, worst: list[dict[str, Any]]) -> str:
    """The worst-pages list as indented text."""
    lines = [f"Worst pages of scraper on {set_name}:"]
    for item in worst:
        lines.append(f"- {item['id']}  F1 {item['f1']:.3f}  P {item['precision']:.3f}  "
                     f"R {item['recall']:.3f}  words truth/ours {item['truth_tokens']}/"
                     f"{item['our_tokens']}  {item['url'] or ''}")
        lines.extend(f"    missed: {passage}" for passage in item["missed"])
        lines.extend(f"    leaked: {passage}" for passage in item["leaked"])
    return "\n".join(lines)


def format_comparison(set_name: str, new: dict[str, Any], old: dict[str, Any],
                      listable: set[str] | None = None) -> str:
    """Changes against an earlier ``--json`` run: headline numbers, then scraper's pages.

    ``listable``: the only pages whose ids may be listed (WCXB: tune); others are counted.
    """
    lines = [f"Changes on {set_name} since the --compare run:"]
    if new["pages"] != old["pages"]:
        lines.append(f"  (page counts differ, {old['pages']} then, {new['pages']} now: the headline"
                     " numbers are not comparable, the per-page ones are)")
    old_rows = {row["extractor"]: row for row in old["extractors"]}
    for row in new["extractors"]:
        before = old_rows.get(row["extractor"])
        if before is None:
            continue
        parts = [f"{key} {before[key]:.3f} -> {row[key]:.3f} ({row[key] - before[key]:+.3f})"
                 for key in ("f1", "precision", "recall", "accuracy")
                 if key in row and key in before]
        for split, stats in (row.get("splits") or {}).items():
            was = (before.get("splits") or {}).get(split)
            if split != "all" and was:
                now, then = stats["body"]["f1"], was["body"]["f1"]
                parts.append(f"{split} f1 {then:.3f} -> {now:.3f} ({now - then:+.3f})")
        for name, value in (row.get("metadata") or {}).items():
            was = (before.get("metadata") or {}).get(name)
            if value and was and value["hits"] != was["hits"]:
                parts.append(f"{name} {was['hits']} -> {value['hits']}/{value['pages']}")
        lines.append(f"- {row['extractor']}: " + ", ".join(parts))
    new_pages = new["per_page"].get("scraper", {})
    old_pages = old.get("per_page", {}).get("scraper", {})
    deltas = sorted(
        (_page_f1(new_pages[pid]) - _page_f1(old_pages[pid]), pid)
        for pid in new_pages.keys() & old_pages.keys()
    )
    moved = [(delta, pid) for delta, pid in deltas if abs(delta) >= PAGE_CHANGE]
    if moved:
        lines.append(f"  scraper pages whose F1 moved by {PAGE_CHANGE} or more: {len(moved)}")
        if listable is not None:
            shown = [item for item in moved if item[1] in listable]
            lines.append(f"  ({len(shown)} of them on tune, listed; the others are counted only)")
            moved = shown
        worse = [item for item in moved if item[0] < 0][:COMPARE_PAGES]
        better = [item for item in reversed(moved) if item[0] > 0][:COMPARE_PAGES]
        lines.extend(f"    worse  {delta:+.3f}  {pid}" for delta, pid in worse)
        lines.extend(f"    better {delta:+.3f}  {pid}" for delta, pid in better)
    return "\n".join(lines)


def _page_f1(score: dict[str, Any]) -> float:
    """A per-page F1 from ``--json``: WCXB's pages store it, the shingle sets' TP/FP/FN."""
    return score["f1"] if "f1" in score else BodyScore(**score).f1


def environment() -> dict[str, Any]:
    """Where and when the numbers were measured."""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "cpus": os.cpu_count(),
        "cpu_model": _cpu_model(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


# --- WCXB ------------------------------------------------------------------------------------

def wcxb_groups(pages: list[Page]) -> list[tuple[str, list[Page]]]:
    """The pages of each split present, then all of them (when more than one split is)."""
    groups = [(split, [p for p in pages if (p.meta or {}).get("split") == split])
              for split in SPLITS]
    groups = [(name, group) for name, group in groups if group]
    if len(groups) != 1:
        groups.append(("all", pages))
    return groups


def _label(page: Page) -> str:
    """The page's WCXB page type (``?`` if it has none)."""
    return (page.meta or {}).get("page_type") or "?"


def _wcxb_expected(page: Page, key: str) -> str | None:
    value = (page.meta or {}).get(key)
    return value if isinstance(value, str) and value.strip() else None


def _wcxb_field_match(name: str, expected: str, got: Extraction) -> bool:
    if name == "authors":
        return author_tokens_match(expected, got.authors)
    if name == "published":
        return date_match(expected, got.published)
    want = fold(expected)
    return bool(want) and want == fold(got.title)


def _share(hits: int, total: int) -> dict[str, float | int]:
    return {"share": hits / total if total else 0.0, "hits": hits, "of": total}


def wcxb_stats(run: Run, pages: list[Page]) -> dict[str, Any]:
    """One extractor on some WCXB pages: body, snippets, metadata, F1 by page type."""
    found = with_total = absent = without_total = 0
    for page in pages:
        text = fold(run.results[page.id].text)
        for snippet in (page.meta or {}).get("with") or []:
            if fold(snippet):
                with_total += 1
                found += fold(snippet) in text
        for snippet in (page.meta or {}).get("without") or []:
            if fold(snippet):
                without_total += 1
                absent += fold(snippet) not in text
    metadata: dict[str, dict[str, float | int] | None] = {}
    for name, key in WCXB_FIELDS.items():
        if name not in run.extractor.fields:
            metadata[name] = None  # the extractor does not give this field
            continue
        judged = [page for page in pages if _wcxb_expected(page, key) is not None]
        hits = sum(_wcxb_field_match(name, _wcxb_expected(page, key) or "",
                                     run.results[page.id]) for page in judged)
        metadata[name] = _share(hits, len(judged))
    by_type: dict[str, dict[str, float | int]] = {}
    for page_type in _types(pages):
        f1s = [run.scores[p.id].f1 for p in pages if _label(p) == page_type]
        by_type[page_type] = {"pages": len(f1s), "f1": sum(f1s) / len(f1s)}
    return {"body": asdict(summarise_words([run.scores[p.id] for p in pages])),
            "snippets": {"with_found": _share(found, with_total),
                         "without_absent": _share(absent, without_total)},
            "metadata": metadata, "by_type": by_type}


def _types(pages: list[Page]) -> list[str]:
    """The page types present, WCXB's known ones first in their usual order."""
    present = {_label(p) for p in pages}
    return [t for t in WCXB_TYPES if t in present] + sorted(present - set(WCXB_TYPES))


def wcxb_rows(runs: list[Run], pages: list[Page]) -> list[dict[str, Any]]:
    """One dict per extractor: overall, per split, speed and crashes."""
    groups = wcxb_groups(pages)
    base = next((r for r in runs if r.extractor.name == "trafilatura"), None)
    base_speed = len(pages) / min(base.cpu_seconds) if base and min(base.cpu_seconds) else None
    rows = []
    for run in runs:
        best_cpu = min(run.cpu_seconds)
        speed = len(pages) / best_cpu if best_cpu else 0.0
        splits = {name: wcxb_stats(run, group) for name, group in groups}
        rows.append({
            "extractor": run.extractor.name,
            "version": run.extractor.version,
            **splits[groups[-1][0]]["body"],
            "splits": splits,
            "ms_per_page": 1000 * best_cpu / len(pages) if pages else 0.0,
            "pages_per_second": speed,
            "pages_per_second_wall": len(pages) / min(run.wall_seconds),
            "speed_vs_trafilatura": speed / base_speed if base_speed else None,
            "crashes": sum(run.crashes.values()),
            "crash_kinds": dict(run.crashes),
            "crashed_pages": run.crashed_pages,
        })
    return rows


def wcxb_page_types(ours: Run, pages: list[Page]) -> dict[str, Any]:
    """Our record's page_type against the labels: accuracy per split, confusion on all."""
    def guess(page: Page) -> str:
        return (ours.verdicts.get(page.id) or {}).get("page_type") or "(crash)"

    accuracy = {name: _share(sum(_label(p) == guess(p) for p in group), len(group))
                for name, group in wcxb_groups(pages)}
    confusion: dict[str, Counter[str]] = {}
    for page in pages:
        confusion.setdefault(_label(page), Counter())[guess(page)] += 1
    return {"accuracy": accuracy,
            "confusion": {truth: dict(confusion[truth]) for truth in _types(pages)}}


def wcxb_quality(ours: Run, pages: list[Page]) -> dict[str, Any] | None:
    """Per split: how our extraction_quality ranks with our F1; ``None`` when never set."""
    out = {}
    for name, group in wcxb_groups(pages):
        rated = [(q, ours.scores[p.id].f1) for p in group
                 if (q := (ours.verdicts.get(p.id) or {}).get("extraction_quality")) is not None]
        if not rated:
            continue
        low = [f1 for q, f1 in rated if q < LOW_QUALITY]
        out[name] = {"pages": len(rated),
                     "spearman": spearman([q for q, _ in rated], [f1 for _, f1 in rated]),
                     "low_pages": len(low), "low_f1": sum(low) / len(low) if low else None,
                     "rest_f1": (sum(f1 for q, f1 in rated if q >= LOW_QUALITY)
                                 / (len(rated) - len(low)) if len(rated) > len(low) else None)}
    return out or None


def wcxb_verdict_loss(ours: Run, base: Run | None, pages: list[Page]) -> dict[str, Any] | None:
    """Per split: pages our record calls blocked whose F1 is under half of trafilatura's."""
    if base is None:
        return None
    out = {}
    for name, group in wcxb_groups(pages):
        blocked = [p for p in group if (ours.verdicts.get(p.id) or {}).get("blocked")]
        lost = [p.id for p in blocked if ours.scores[p.id].f1 < base.scores[p.id].f1 / 2]
        out[name] = {"blocked": len(blocked), "lost": len(lost), "ids": lost}
    return out


def wcxb_worst(ours: Run, base: Run | None, pages: list[Page],
               count: int) -> list[dict[str, Any]]:
    """The ``count`` tune pages where we trail trafilatura most (WCXB F1; ours alone without
    it), with what was missed and what leaked. Validate pages are never listed."""
    tune = [p for p in pages if (p.meta or {}).get("split") == "tune"]

    def gap(page: Page) -> float:
        return ours.scores[page.id].f1 - (base.scores[page.id].f1 if base else 0.0)

    out = []
    for page in sorted(tune, key=lambda p: (gap(p), p.id))[:count]:
        score, text = ours.scores[page.id], ours.results[page.id].text
        out.append({
            "id": page.id, "url": page.url, "page_type": _label(page),
            "f1": score.f1, "trafilatura_f1": base.scores[page.id].f1 if base else None,
            "precision": score.precision, "recall": score.recall,
            "verdict": ours.verdicts.get(page.id),
            "truth_tokens": len(words(page.truth)), "our_tokens": len(words(text)),
            "missed": _unmatched_runs(page.truth, text),
            "leaked": _unmatched_runs(text, page.truth),
        })
    return out


def _cell(value: dict[str, Any] | None, digits: int = 2) -> str:
    if value is None:
        return "-"  # the extractor does not give this field
    return f"{value['share']:.{digits}f}" if value["of"] else "n/a"


def format_wcxb_split(name: str, rows: list[dict[str, Any]]) -> str:
    """One split: the summary table and the per-page-type table, Markdown."""
    first = rows[0]["splits"][name]
    head = ["extractor", "F1", "precision", "recall", "with found", "without absent",
            "title", "author", "date"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        stats = row["splits"][name]
        body, snippets, meta = stats["body"], stats["snippets"], stats["metadata"]
        lines.append("| " + " | ".join([
            f"{row['extractor']} {row['version']}", f"{body['f1']:.3f} ± {body['f1_se']:.3f}",
            f"{body['precision']:.3f}", f"{body['recall']:.3f}",
            _cell(snippets["with_found"], 3), _cell(snippets["without_absent"], 3),
            *(_cell(meta[field]) for field in WCXB_FIELDS)]) + " |")
    meta = next((r["splits"][name]["metadata"] for r in rows if r["extractor"] == "scraper"),
                first["metadata"])
    judged = ", ".join(f"{field} {value['of']}" for field, value in
                       zip(("title", "author", "date"), meta.values(), strict=True) if value)
    lines.append("")
    lines.append(f"({first['body']['pages']} pages; F1 ± standard error of the mean; snippets: "
                 f"{first['snippets']['with_found']['of']} `with`, "
                 f"{first['snippets']['without_absent']['of']} `without`; metadata judged on "
                 f"pages with an expected value: {judged})")
    lines.append("")
    names = [row["extractor"] for row in rows]
    head = ["page type", "pages", *names, "rs-trafilatura (published, whole dev)"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for page_type, value in first["by_type"].items():
        ref = RS_TRAFILATURA.get(page_type)
        lines.append("| " + " | ".join([
            page_type, str(value["pages"]),
            *(f"{row['splits'][name]['by_type'][page_type]['f1']:.3f}" for row in rows),
            "-" if ref is None else f"{ref:.3f}"]) + " |")
    lines.append("| " + " | ".join([
        "**all**", str(first["body"]["pages"]),
        *(f"**{row['splits'][name]['body']['f1']:.3f}**" for row in rows),
        f"{RS_TRAFILATURA['all']:.3f}"]) + " |")
    return "\n".join(lines)


def format_wcxb_speed(rows: list[dict[str, Any]]) -> str:
    """CPU ms per page and the ratio to trafilatura's speed, Markdown."""
    lines = ["| extractor | ms/page | pages/s | vs trafilatura | crashes |",
             "|---|---|---|---|---|"]
    for row in rows:
        ratio = row["speed_vs_trafilatura"]
        lines.append(f"| {row['extractor']} {row['version']} | {row['ms_per_page']:.1f} | "
                     f"{row['pages_per_second']:.1f} | "
                     f"{'-' if ratio is None else f'{ratio:.2f}x'} | {row['crashes']} |")
    return "\n".join(lines)


def format_wcxb_page_types(types: dict[str, Any]) -> str:
    """Page-type accuracy per split and the confusion table (rows = label, columns = ours)."""
    lines = ["Page type of scraper's record against the label: " + ", ".join(
        f"{name} {value['share']:.3f} ({value['hits']}/{value['of']})"
        for name, value in types["accuracy"].items()), ""]
    confusion = types["confusion"]
    seen = {ours for row in confusion.values() for ours in row}
    columns = [t for t in (*WCXB_TYPES, "other") if t in seen] + sorted(
        seen - {*WCXB_TYPES, "other"})
    lines += ["| label \\ ours | " + " | ".join(columns) + " | pages |",
              "|" + "---|" * (len(columns) + 2)]
    for truth, row in confusion.items():
        lines.append(f"| {truth} | " + " | ".join(str(row.get(c, 0)) for c in columns)
                     + f" | {sum(row.values())} |")
    return "\n".join(lines)


def format_wcxb_quality(quality: dict[str, Any] | None) -> str:
    if quality is None:
        return "extraction_quality: not set on scraper's Article, nothing to report."
    lines = ["extraction_quality of scraper against its per-page F1:"]
    for name, value in quality.items():
        rho = "n/a" if value["spearman"] is None else f"{value['spearman']:.3f}"
        low = ("none" if value["low_f1"] is None
               else f"mean F1 {value['low_f1']:.3f}")
        rest = "" if value["rest_f1"] is None else f" (the others: {value['rest_f1']:.3f})"
        lines.append(f"- {name}: Spearman {rho} over {value['pages']} pages; "
                     f"{value['low_pages']} pages below {LOW_QUALITY}: {low}{rest}")
    return "\n".join(lines)


def format_wcxb_verdict_loss(loss: dict[str, Any] | None, list_ids: bool) -> str:
    if loss is None:
        return "Verdict loss: needs trafilatura in the run."
    lines = ["Verdict loss (scraper's record has `blocked` and its F1 < half trafilatura's):"]
    for name, value in loss.items():
        line = f"- {name}: {value['lost']} of {value['blocked']} blocked pages"
        if list_ids and name == "tune" and value["ids"]:
            line += ": " + ", ".join(value["ids"])
        lines.append(line)
    return "\n".join(lines)


def format_wcxb_worst(worst: list[dict[str, Any]]) -> str:
    lines = ["Tune pages where scraper trails trafilatura most (WCXB F1; validate pages are "
             "not listed):"]
    for item in worst:
        base = "" if item["trafilatura_f1"] is None else f" vs {item['trafilatura_f1']:.3f}"
        verdict = item["verdict"] or {}
        lines.append(f"- {item['id']} {item['page_type']}  F1 {item['f1']:.3f}{base}  "
                     f"P {item['precision']:.3f}  R {item['recall']:.3f}  words truth/ours "
                     f"{item['truth_tokens']}/{item['our_tokens']}  ours: "
                     f"{verdict.get('page_type')}"
                     f"{' blocked ' + verdict['blocked'] if verdict.get('blocked') else ''}  "
                     f"{item['url'] or ''}")
        lines.extend(f"    missed: {passage}" for passage in item["missed"])
        lines.extend(f"    leaked: {passage}" for passage in item["leaked"])
    return "\n".join(lines)


def report_wcxb(args: argparse.Namespace, runs: list[Run], pages: list[Page]) -> dict[str, Any]:
    """Print the WCXB tables and lists; return the set's ``--json`` entry."""
    rows = wcxb_rows(runs, pages)
    groups = wcxb_groups(pages)
    counts = ", ".join(f"{len(group)} {name}" for name, group in groups if name != "all")
    print(f"\n## wcxb ({len(pages)} pages: {counts})")
    for name, _ in groups:
        print(f"\n### {name}\n")
        print(format_wcxb_split(name, rows))
    print("\nSpeed (CPU time of the extraction call, all pages of the run):\n")
    print(format_wcxb_speed(rows))
    for row in rows:
        if row["crashes"]:
            print(f"  {row['extractor']} crashed on {row['crashes']} page(s): "
                  f"{row['crash_kinds']}")
    entry: dict[str, Any] = {
        "pages": len(pages), "splits": {name: len(group) for name, group in groups},
        "extractors": rows,
        "per_page": {run.extractor.name: {pid: asdict(s) for pid, s in run.scores.items()}
                     for run in runs}}
    ours = next((run for run in runs if run.extractor.name == "scraper"), None)
    if ours is None:
        return entry
    base = next((run for run in runs if run.extractor.name == "trafilatura"), None)
    entry["page_types"] = wcxb_page_types(ours, pages)
    entry["extraction_quality"] = wcxb_quality(ours, pages)
    entry["verdict_loss"] = wcxb_verdict_loss(ours, base, pages)
    entry["verdicts"] = ours.verdicts
    print()
    print(format_wcxb_page_types(entry["page_types"]))
    print()
    print(format_wcxb_quality(entry["extraction_quality"]))
    print()
    print(format_wcxb_verdict_loss(entry["verdict_loss"], list_ids=bool(args.worst)))
    if args.worst:
        worst = wcxb_worst(ours, base, pages, args.worst)
        print()
        print(format_wcxb_worst(worst))
        entry["worst"] = worst
        tune = {p.id for p in pages if (p.meta or {}).get("split") == "tune"}
        slowest = slowest_pages(runs, args.worst, among=tune)
        print()
        print(format_slowest("wcxb (tune)", slowest))
        entry["slowest"] = slowest
    return entry


# --- main ------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=_ROOT.parent / "shared" / "bench",
                        help="benchmark data (default: ../shared/bench from the project root)")
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all",
                        help="wcxb only: which split (default all: tune and validate apart, "
                             "then both)")
    parser.add_argument("--only", default="",
                        help=f"comma-separated extractors, of: {', '.join(EXTRACTORS)} (default:"
                             " all that are installed)")
    parser.add_argument("--worst", type=int, default=0, metavar="N",
                        help="list our N worst and N slowest pages per set, and N metadata "
                             "misses per field")
    parser.add_argument("--limit", type=int, default=0, metavar="N",
                        help="only the first N pages of each set (for development)")
    parser.add_argument("--pages", default="", metavar="ID,...",
                        help="only these pages (ids or id prefixes, e.g. from --worst)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="time N passes, keep each extractor's fastest")
    parser.add_argument("--cpu", type=int, default=None,
                        help="core to pin to while timing (default: the lowest allowed)")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT",
                        help="write every number (and per-page scores) here")
    parser.add_argument("--compare", type=Path, default=None, metavar="OLD",
                        help="a --json file of an earlier run: print what changed since")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        print(f"unknown extractor(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    # Peers warn and log about every odd date or missing tokenizer; the table is the output.
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            extractors = []
            for name in names or EXTRACTORS:
                try:
                    extractors.append(make_extractor(name))
                except ImportError as exc:
                    print(f"{name} is not installed ({exc}); pip install -e '.[bench]'",
                          file=sys.stderr)
                    if names:  # asked for by name: the run would not be what was asked
                        return 2
            with NetworkGuard() as guard:
                report = run(args, extractors, guard)
    finally:
        logging.disable(logging.NOTSET)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), "utf-8")
    return 0


def run(args: argparse.Namespace, extractors: list[Extractor], guard: NetworkGuard
        ) -> dict[str, Any]:
    """Every requested set: print its table (and lists), return the report for ``--json``."""
    cpu = args.cpu if args.cpu is not None else min(os.sched_getaffinity(0))
    loaders = {"scrapinghub": load_scrapinghub, "mozilla": load_mozilla, "wcxb": load_wcxb}
    report: dict[str, Any] = {"environment": environment(), "sets": {}}
    for set_name in SETS if args.set == "all" else (args.set,):
        pages = list(loaders[set_name](args.bench_dir / SET_DIRS.get(set_name, set_name)))
        if set_name == "wcxb" and args.split != "all":
            pages = [p for p in pages if (p.meta or {}).get("split") == args.split]
        wanted = [p.strip() for p in args.pages.split(",") if p.strip()]
        if wanted:
            pages = [p for p in pages if any(p.id.startswith(w) for w in wanted)]
            if not pages:
                continue
        if args.limit:
            pages = pages[:args.limit]
        if set_name == "wcxb":
            runs = run_set(pages, extractors, guard, max(1, args.repeat), cpu, metadata=True,
                           scorer=score_words)
            wcxb_entry = report_wcxb(args, runs, pages)
            report["sets"][set_name] = wcxb_entry
            if args.compare:
                old = json.loads(args.compare.read_text("utf-8")).get("sets", {}).get(set_name)
                if old:
                    tune = {p.id for p in pages if (p.meta or {}).get("split") == "tune"}
                    print()
                    print(format_comparison(set_name, wcxb_entry, old, listable=tune))
            continue
        runs = run_set(pages, extractors, guard, max(1, args.repeat), cpu,
                       metadata=set_name == "mozilla")
        rows = summary_rows(set_name, runs, pages)
        print(f"\n## {set_name} ({len(pages)} pages)\n")
        print(format_table(set_name, rows))
        for row in rows:
            if row["crashes"]:
                print(f"  {row['extractor']} crashed on {row['crashes']} page(s): "
                      f"{row['crash_kinds']} {row['crashed_pages'][:5]}")
        entry: dict[str, Any] = {"pages": len(pages), "extractors": rows,
                                 "per_page": {run.extractor.name: {pid: asdict(s) for pid, s
                                                                   in run.scores.items()}
                                              for run in runs}}
        ours = next((run for run in runs if run.extractor.name == "scraper"), None)
        if args.worst and ours is not None:
            worst = worst_pages(ours, pages, args.worst)
            print()
            print(format_worst(set_name, worst))
            entry["worst"] = worst
            slowest = slowest_pages(runs, args.worst)
            print()
            print(format_slowest(set_name, slowest))
            entry["slowest"] = slowest
            if set_name == "mozilla":
                misses = metadata_misses(ours, pages, args.worst)
                print()
                print(format_misses(misses))
                entry["metadata_misses"] = misses
        report["sets"][set_name] = entry
        if args.compare:
            old = json.loads(args.compare.read_text("utf-8")).get("sets", {}).get(set_name)
            if old:
                print()
                print(format_comparison(set_name, entry, old))
    if guard.attempts:
        print(f"\nnetwork attempts refused: {dict(guard.attempts)}")
    report["network_attempts_refused"] = dict(guard.attempts)
    return report


if __name__ == "__main__":
    sys.exit(main())
