"""The ``scraper extract`` commands of docs/recipes.md run as written, on the fixtures."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.cli_helpers import ROOT, run_cli

RECIPES = ROOT / "docs" / "recipes.md"
BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def extract_commands() -> list[list[str]]:
    commands = []
    for block in BLOCK.findall(RECIPES.read_text(encoding="utf-8")):
        line = block.replace("\\\n", " ").strip()
        if line.startswith("scraper extract"):
            commands.append(shlex.split(line)[1:])
    return commands


def test_the_recipes_have_extract_commands() -> None:
    assert len(extract_commands()) == 2


@pytest.mark.parametrize("args", extract_commands(), ids=lambda a: " ".join(a[:4]))
def test_recipe_runs(args: list[str], tmp_path: Path) -> None:
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    proc = run_cli(*args, "--no-progress", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr  # 1: the fixtures' wall pages
    assert b"Traceback" not in proc.stderr
    written = [p for p in tmp_path.iterdir() if p.name != "fixtures"]
    assert written, "the recipe wrote nothing"
    if "corpus/" in args:
        pages = list((tmp_path / "corpus").glob("*.md"))
        assert pages and all(p.read_text().startswith("---\ntitle: ") for p in pages)
