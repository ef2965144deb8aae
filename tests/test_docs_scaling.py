"""The ``python`` examples of docs/scaling.md run, in order, as one script, on a WARC and the
golden fixtures, with a real two-process LocalCluster; the ``py`` ones need a real cluster."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli_helpers import ROOT
from tests.test_warc import site_archive

pytest.importorskip("dask.distributed")

SCALING = ROOT / "docs" / "scaling.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def test_scaling_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    site_archive(tmp_path / "crawl.warc.gz")
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    monkeypatch.chdir(tmp_path)
    script = "\n".join(BLOCK.findall(SCALING.read_text(encoding="utf-8")))
    exec(compile(script, str(SCALING), "exec"), {})  # our own docs, run as written
    out = capsys.readouterr().out.splitlines()
    assert "'record': 2" in out[0] and "'warc_status': 2" in out[0]
    records = [json.loads(line) for line in
               (tmp_path / "out" / "files" / "records" / "part-00000.jsonl").open()]
    assert records and all(r["text"] for r in records)
    blocked = [json.loads(line)["error"]["kind"] for part in
               sorted((tmp_path / "out" / "files" / "errors").glob("*.jsonl"))
               for line in part.open()]
    assert blocked and set(blocked) == {"blocked"}
