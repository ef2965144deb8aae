"""mypy --strict over scraper/ (the settings are in pyproject.toml's [tool.mypy]): a type
error anywhere in the package fails the suite, as a lint error does."""

from __future__ import annotations

import subprocess
import sys

from tests.cli_helpers import ROOT

#: A cold run checks 90-odd modules in about 30 s on this project's machine; the cache in
#: .mypy_cache makes later runs a few seconds.
MYPY_TIMEOUT_S = 300


def test_package_is_clean_under_mypy_strict() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                          text=True, timeout=MYPY_TIMEOUT_S, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
