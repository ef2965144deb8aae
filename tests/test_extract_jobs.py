"""Extraction in worker processes: one extract-and-classify function, typed failures across
the process boundary, input order kept, a crashed worker costing one item."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

from scraper.crawler.workers import ordered_map
from scraper.errors import HTTPStatusError, ScraperError
from scraper.pipeline import Outcome
from tests.cli_helpers import run_cli
from tests.warc_helpers import Response, news_page, write_warc


def _all_error_classes() -> list[type[ScraperError]]:
    found, todo = [], [ScraperError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_error_class_has_its_own_kind() -> None:
    classes = _all_error_classes()
    kinds = [cls.kind for cls in classes]
    assert len(kinds) == len(set(kinds)), sorted(kinds)
    assert {cls.__name__: cls.kind for cls in classes}["FetchError"] == "fetch"


def test_a_failure_crosses_the_process_boundary_as_its_class() -> None:
    error = HTTPStatusError("HTTP 503", url="https://a.example/", status=503, retry_after=4.0)
    back = pickle.loads(pickle.dumps(Outcome(error=error)))
    assert type(back.error) is HTTPStatusError and back.kind == "http_status"
    assert (back.error.status, back.error.retry_after, back.error.url) == \
        (503, 4.0, "https://a.example/")


def _square_or_die(n: int) -> int:
    if n == 7:
        os._exit(3)  # a worker killed mid-task (a segfault in C code, the OOM killer)
    return n * n


def test_ordered_map_keeps_order_and_a_crash_costs_one_item() -> None:
    results = list(ordered_map(_square_or_die, range(40), 2, crashed=lambda n: -n))
    assert results == [-7 if n == 7 else n * n for n in range(40)]


def _die_on_multiples_of_five(n: int) -> int:
    if n and n % 5 == 0:
        os._exit(3)
    return n + 1


def test_ordered_map_two_crashes_in_one_batch_cost_those_two_items() -> None:
    # 10 and 15 share a batch with pages that succeed; neither kills its neighbours' results.
    results = list(ordered_map(_die_on_multiples_of_five, range(1, 18), 2,
                               crashed=lambda n: 0))
    assert results == [0 if n % 5 == 0 else n + 1 for n in range(1, 18)]


def test_ordered_map_passes_known_results_through_in_place() -> None:
    results = list(ordered_map(_square_or_die, range(10), 2, crashed=lambda n: -1,
                               ready=lambda n: 100 + n if n % 3 == 1 else None))
    # 7 is known: it never reaches the worker it would kill.
    assert results == [100 + n if n % 3 == 1 else n * n for n in range(10)]


def test_jobs_give_the_same_output_in_the_same_order_on_an_archive(tmp_path: Path) -> None:
    leads = [f"Bericht {i}: Der Stadtrat hat am Dienstag über die Verlängerung der Linie {i} "
             "beraten, die seit Jahren umstritten ist und nun endlich kommen soll." for i in
             range(12)]
    archive = write_warc(tmp_path / "many.warc.gz", [
        Response(f"https://stadtkurier.example/lokal/{i}",
                 news_page(f"Linie {i} kommt", lead).encode()) for i, lead in enumerate(leads)])
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.jsonl"
        result = run_cli("extract", str(archive), "-o", str(out), "--jobs", jobs,
                         "--no-progress")
        assert result.returncode == 0, result.stderr
        outputs.append([json.loads(line) for line in out.read_text().splitlines()])
    assert outputs[0] == outputs[1]
    assert [r["title"] for r in outputs[0]] == [f"Linie {i} kommt" for i in range(12)]
