"""Train the page-type classifier (``scraper/extract/pagetype.json``) on wcxb-dev's tune split.

    python bench/train_pagetype.py [--bench-dir DIR] [--folds 5] [--write]

Every tune page goes through the real pipeline (no site rules); the features the verdict
computes for it are recorded, with WCXB's label. A multinomial logistic regression (softmax,
L2, full-batch gradient descent: deterministic) is then

1. cross-validated by site: folds grouped by ``domain``, so no site is in both the training
   and the test part of a fold; the figures reported are those of the held-out folds;
2. fitted on all tune pages and, with ``--write``, saved beside the classifier.

The validate split is only scored, once, with the final model: it is how we learn whether the
classifier holds on sites it has never seen. Pages with almost no text are left out of training
(the verdict calls them "other" without asking the model).
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:  # run as a script: make ``scraper`` importable
    sys.path.insert(0, str(_ROOT))

from scraper.extract.pagetype import FEATURES  # noqa: E402
from scraper.models import PageType, RawPage  # noqa: E402
from scraper.pipeline import extract_page  # noqa: E402

# ``scraper.extract`` is the library's function, which hides the package of that name from
# ``import a.b.c as x``; the module object comes from the import system directly.
verdict = importlib.import_module("scraper.extract.verdict")

CLASSES = ("article", "forum", "product", "collection", "listing", "documentation", "service")
#: L2 penalty on the weights: strong enough that a feature seen on a handful of pages cannot
#: decide alone. Chosen by the site-grouped cross-validation on tune (accuracy 0.805 at 3e-3,
#: 0.807 at 1e-2, 0.801 at 3e-2, 0.784 at 1e-1).
L2 = 1e-2
#: Gradient steps and step size of the full-batch descent (converged well before).
STEPS = 3000
RATE = 0.5
OUTPUT = _ROOT / "scraper" / "extract" / "pagetype.json"


def collect(root: Path, split: str) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """Features, labels, domains and ids of the pages of ``split``."""
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    seen: list[dict[str, float]] = []
    original = verdict.page_features

    def record(*args: object, **kwargs: object) -> dict[str, float]:
        features = original(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(features)
        return features

    verdict.page_features = record  # type: ignore[assignment]
    # The model being trained may not exist yet: the pages' records are not used, only the
    # features, so any answer will do.
    classify = verdict.classify_page
    verdict.classify_page = lambda features: PageType.ARTICLE  # type: ignore[assignment]
    rows, labels, domains, ids = [], [], [], []
    try:
        for page_id in sorted(truth):
            entry = truth[page_id]
            if entry["split"] != split or entry["page_type"] not in CLASSES:
                continue
            seen.clear()
            body = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
            extract_page(RawPage(body=body, url=entry["url"]))
            if not seen:
                continue  # walled or empty: not the classifier's call
            rows.append([seen[-1][name] for name in FEATURES])
            labels.append(CLASSES.index(entry["page_type"]))
            domains.append(entry["domain"])
            ids.append(page_id)
    finally:
        verdict.page_features = original  # type: ignore[assignment]
        verdict.classify_page = classify  # type: ignore[assignment]
    return np.array(rows, dtype=float), np.array(labels), domains, ids


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Standardisation and softmax weights for ``x``, ``y``."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    onehot = np.eye(len(CLASSES))[y]
    # Every page weighs the same: weighting the classes by their size instead (article is
    # half the set) cost 0.02 of cross-validated accuracy.
    weight = np.ones(len(y))
    w = np.zeros((len(CLASSES), x.shape[1]))
    b = np.zeros(len(CLASSES))
    for _ in range(STEPS):
        logits = z @ w.T + b
        logits -= logits.max(axis=1, keepdims=True)
        prob = np.exp(logits)
        prob /= prob.sum(axis=1, keepdims=True)
        error = (prob - onehot) * weight[:, None] / len(y)
        w -= RATE * (error.T @ z + L2 * w)
        b -= RATE * error.sum(axis=0)
    return mean, scale, w, b


def predict(model: tuple[np.ndarray, ...], x: np.ndarray) -> np.ndarray:
    mean, scale, w, b = model
    return np.argmax(((x - mean) / scale) @ w.T + b, axis=1)


def site_folds(domains: list[str], folds: int) -> list[np.ndarray]:
    """Fold index of every page: whole sites per fold, spread by a stable hash of the site."""
    order = sorted(set(domains), key=lambda d: (hash_site(d), d))
    fold_of = {domain: index % folds for index, domain in enumerate(order)}
    index = np.array([fold_of[d] for d in domains])
    return [index == k for k in range(folds)]


def hash_site(domain: str) -> int:
    """A hash that is the same in every run (``hash()`` of a str is salted per process)."""
    value = 0
    for char in domain:
        value = (value * 131 + ord(char)) % 1_000_003
    return value


def report(name: str, y: np.ndarray, guess: np.ndarray) -> str:
    lines = [f"{name}: accuracy {np.mean(y == guess):.3f} on {len(y)} pages",
             "| truth \\ ours | " + " | ".join(CLASSES) + " |",
             "|---|" + "---|" * len(CLASSES)]
    table: dict[int, Counter[int]] = defaultdict(Counter)
    for truth, ours in zip(y, guess, strict=True):
        table[int(truth)][int(ours)] += 1
    for index, label in enumerate(CLASSES):
        lines.append(f"| {label} | " + " | ".join(str(table[index][k])
                                                   for k in range(len(CLASSES))) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=_ROOT.parent / "shared" / "bench")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help=f"save the model to {OUTPUT}")
    args = parser.parse_args(argv)
    root = args.bench_dir / "wcxb-dev"
    x, y, domains, _ = collect(root, "tune")
    guess = np.zeros_like(y)
    for test in site_folds(domains, args.folds):
        guess[test] = predict(fit(x[~test], y[~test]), x[test])
    print(report(f"tune, {args.folds}-fold cross-validation by site", y, guess))
    model = fit(x, y)
    vx, vy, _, _ = collect(root, "validate")
    print()
    print(report("validate (sites never trained on), final model", vy, predict(model, vx)))
    if args.write:
        mean, scale, w, b = model
        OUTPUT.write_text(json.dumps({
            "trained_on": "wcxb-dev tune split, bench/train_pagetype.py",
            "classes": list(CLASSES), "features": list(FEATURES),
            "mean": [round(v, 6) for v in mean], "scale": [round(v, 6) for v in scale],
            "weights": [[round(v, 6) for v in row] for row in w],
            "bias": [round(v, 6) for v in b]}, indent=1) + "\n", "utf-8")
        print(f"\nwrote {OUTPUT.relative_to(_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
