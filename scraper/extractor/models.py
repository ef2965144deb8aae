"""The extract stage's model files, loaded on first use or all at once ahead of time.

The language identifier alone takes most of a second to load (py3langid decompresses its
model), which a first page would otherwise pay. A service can load everything before its
first request, and a process pool loads in the parent before it forks, so every worker shares
the loaded pages instead of paying the load again.
"""

from __future__ import annotations

from scraper.extractor.metadata.language import load_language_model, release_language_model
from scraper.extractor.pagetype import load_pagetype_model
from scraper.extractor.quality import load_quality_model

__all__ = ["load_models", "release_models"]


def load_models() -> None:
    """Load every model file the extract stage uses (each is loaded once per process)."""
    load_language_model()
    load_pagetype_model()
    load_quality_model()


def release_models() -> None:
    """Let this process's copy of the large models go, for a parent that has forked workers
    and extracts nothing itself: its memory is returned, the workers keep theirs. (The page
    type and quality weights are a few KB and stay.)"""
    release_language_model()
