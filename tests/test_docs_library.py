"""The ``python`` examples of docs/library.md run, in order, as one script; example.com is a
local test server."""

from __future__ import annotations

import re

import pytest

from tests.cli_helpers import ROOT
from tests.faultserver import running_server

LIBRARY = ROOT / "docs" / "library.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def test_library_examples_run(monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    with running_server() as server:
        base = server.url("/").rstrip("/")
        script = "\n".join(BLOCK.findall(LIBRARY.read_text(encoding="utf-8")))
        script = script.replace("https://example.com/news/1", base + "/article/news-1")
        exec(compile(script, str(LIBRARY), "exec"), {})  # our own docs, run as written
    out = capsys.readouterr().out
    assert "Article news-1" in out and "config concurrency must be at least 1" in out
    assert "not a url invalid_url" in out
