"""The extract stage's model files, loaded on first use or all at once ahead of time.

The page-type and quality weights are small JSON files, read on the first page that needs
them. A service can load them before its first request, and a process pool loads them in the
parent before it forks, so no worker pays the read on its first page.
"""

from __future__ import annotations

from scraper.extractor.pagetype import load_pagetype_model
from scraper.extractor.quality import load_quality_model

__all__ = ["load_models"]


def load_models() -> None:
    """Load every model file the extract stage uses (each is loaded once per process)."""
    load_pagetype_model()
    load_quality_model()
