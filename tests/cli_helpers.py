"""Run the real CLI as a subprocess, the way users and cron jobs do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "scraper", *args], input=stdin,
                          capture_output=True, cwd=cwd or ROOT, timeout=timeout, check=False)
