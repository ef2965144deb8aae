"""How much to trust an extraction: ``Article.extraction_quality``, 0-1.

A logistic model over the page-type classifier's features (``scraper.extractor.pagetype``:
the URL, the JSON-LD, how much prose was found and how it is shaped), fitted to the F1 that
the extraction actually scored on the wcxb-dev tune split (``bench/train_quality.py``,
cross-validated by site). What it learns is where the extractor goes wrong: thin text on a
page with much more of it, link-heavy text, item grids, walls.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from scraper.extractor.pagetype import FEATURES

__all__ = ["extraction_quality", "load_quality_model"]

_WEIGHTS = Path(__file__).with_name("quality.json")


def load_quality_model() -> None:
    """Read the weights now rather than on the first page."""
    _model()


@lru_cache(maxsize=1)
def _model() -> tuple[list[float], list[float], list[float], float]:
    data = json.loads(_WEIGHTS.read_text("utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError(f"{_WEIGHTS.name} was trained on other features; retrain it")
    return data["mean"], data["scale"], data["weights"], data["bias"]


def extraction_quality(features: dict[str, float]) -> float:
    """The expected F1 of an extraction with these ``features``, in 0-1."""
    mean, scale, weights, bias = _model()
    score = bias + sum(w * (features[name] - m) / s
                       for name, m, s, w in zip(FEATURES, mean, scale, weights, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
