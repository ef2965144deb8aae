"""Train the page-type classifier and the quality model on wcxb-dev's tune split.

    python bench/train_pagetype.py [--bench-dir DIR] [--folds 5] [--repeats 5] [--write]

Writes ``scraper/extractor/pagetype.json`` and ``scraper/extractor/quality.json``.

Every tune page goes through the real pipeline (no site rules); the features the verdict
computes for it are recorded, with WCXB's label. A multinomial logistic regression (softmax,
L2, full-batch gradient descent: deterministic) is then

1. cross-validated by site: folds grouped by ``domain``, so no site is in both the training
   and the test part of a fold; the figures reported are those of the held-out folds (the
   accuracy also as the mean over several ways of dealing the sites into folds);
2. fitted on all tune pages and, with ``--write``, saved beside the classifier.

The quality model is a logistic regression on the same features whose target is the F1 the
extraction scored on the page (``Article.extraction_quality``); it is cross-validated the
same way and judged by its rank correlation with the real F1.

The validate split is only scored, once, with the final model: it is how we learn whether the
classifier holds on sites it has never seen. Pages with almost no text are left out of training
(the verdict calls them "other" without asking the model).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:  # run as a script: make ``scraper`` importable
    sys.path.insert(0, str(_ROOT))

from bench.metrics import score_words, spearman  # noqa: E402
from scraper.extractor import verdict  # noqa: E402
from scraper.extractor.pagetype import FEATURES, text_words  # noqa: E402
from scraper.models import Block, Metadata, PageType, RawPage  # noqa: E402
from scraper.pipeline import extract_page  # noqa: E402
from scraper.strip.signals import Signals  # noqa: E402

CLASSES = ("article", "forum", "product", "collection", "listing", "documentation", "service")
#: L2 penalty on the weights: strong enough that a feature seen on a handful of pages cannot
#: decide alone. Chosen by the site-grouped cross-validation on tune, mean of the fold
#: draws (accuracy 0.815 at 3e-3, 0.820 at 1e-2, 0.815 at 3e-2).
L2 = 1e-2
#: The penalty on the text words, which are 0/1 and not standardised (standardising would blow
#: a word seen on three pages up to a huge value). Chosen the same way (0.844 at 3e-3, 0.851
#: at 1e-2; 0.844 at 3e-2 in a run that also had hashed title words, which added 0.001 and
#: were left out).
L2_WORDS = 1e-2
#: The text words weighed: the most common in the text samples of tune pages (by how many
#: pages have them; no label is read to choose them). 300 words, mostly function words
#: ("we", "our", "you" on service pages; "said", "he" in news), raised the cross-validated
#: accuracy from 0.820 to 0.851.
VOCABULARY = 300
#: Cross-validation is repeated over this many ways of dealing the sites into folds and the
#: accuracies averaged: with ~1,000 pages one draw's figure differs from another's by up to
#: 0.01 (0.815 to 0.825 for one model), as much as most feature changes are worth.
REPEATS = 5
#: Gradient steps and step size of the full-batch descent (converged well before).
STEPS = 3000
RATE = 0.5
PAGETYPE = _ROOT / "scraper" / "extractor" / "pagetype.json"
QUALITY = _ROOT / "scraper" / "extractor" / "quality.json"
#: The quality a user is told to route to a fallback (README); reported as such.
LOW_QUALITY = 0.5


@dataclass(slots=True)
class Pages:
    """What the pipeline made of one split: features, WCXB labels, sites, ids and the F1 our
    extraction scored. ``classified`` marks the pages the classifier decides (the others are
    walled or have almost no text)."""

    x: np.ndarray
    y: np.ndarray
    f1: np.ndarray
    classified: np.ndarray
    has_text: np.ndarray
    domains: list[str]
    ids: list[str]
    #: the words of each page's text sample (``pagetype.text_words``)
    words: list[list[str]]


def collect(root: Path, split: str) -> Pages:
    """Run the pipeline on every page of ``split`` and record the verdict's features."""
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    seen: list[dict[str, float]] = []
    sampled: list[list[str]] = []
    original = verdict.page_features

    def record(url: str | None, metadata: Metadata, blocks: list[Block],
               signals: Signals) -> dict[str, float]:
        features = original(url, metadata, blocks, signals)
        seen.append(features)
        sampled.append(text_words(blocks))
        return features

    verdict.page_features = record  # type: ignore[assignment]
    # The models being trained may not exist yet: only the features and the text are used,
    # so any answer will do.
    classify, assess = verdict.classify_page, verdict.extraction_quality
    verdict.classify_page = lambda features: PageType.ARTICLE  # type: ignore[assignment]
    verdict.extraction_quality = lambda features: 0.5  # type: ignore[assignment]
    rows, labels, scores, classified, has_text, domains, ids = [], [], [], [], [], [], []
    words: list[list[str]] = []
    try:
        for page_id in sorted(truth):
            entry = truth[page_id]
            if entry["split"] != split or entry["page_type"] not in CLASSES:
                continue
            seen.clear()
            sampled.clear()
            body = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
            article = extract_page(RawPage(body=body, url=entry["url"]))
            rows.append([seen[-1][name] for name in FEATURES])
            labels.append(CLASSES.index(entry["page_type"]))
            scores.append(score_words(entry["main_content"], article.text).f1)
            classified.append(article.blocked is None
                              and len(article.text) >= verdict.MIN_CLASSIFIED_CHARS)
            has_text.append(bool(article.text))
            domains.append(entry["domain"])
            ids.append(page_id)
            words.append(sampled[-1])
    finally:
        verdict.page_features = original  # type: ignore[assignment]
        verdict.classify_page, verdict.extraction_quality = classify, assess  # type: ignore[assignment]
    return Pages(np.array(rows, dtype=float), np.array(labels), np.array(scores),
                 np.array(classified), np.array(has_text), domains, ids, words)


def vocabulary(pages: Pages) -> list[str]:
    """The ``VOCABULARY`` words most pages' text samples have, most common first (ties in
    alphabetical order, so the list is the same in every run)."""
    counts = Counter(word for words in pages.words for word in set(words))
    return sorted(counts, key=lambda word: (-counts[word], word))[:VOCABULARY]


def with_words(pages: Pages, vocab: list[str]) -> np.ndarray:
    """``pages.x`` with a 0/1 column per ``vocab`` word after it."""
    index = {word: i for i, word in enumerate(vocab)}
    present = np.zeros((len(pages.words), len(vocab)))
    for row, words in enumerate(pages.words):
        for word in set(words):
            if word in index:
                present[row, index[word]] = 1.0
    return np.hstack([pages.x, present])


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Standardisation and softmax weights for ``x``, ``y`` (the ``FEATURES`` columns
    standardised, the words after them as they are)."""
    dense = len(FEATURES)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    mean[dense:], scale[dense:] = 0.0, 1.0
    z = (x - mean) / scale
    penalty = np.full(x.shape[1], L2)
    penalty[dense:] = L2_WORDS
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
        w -= RATE * (error.T @ z + penalty * w)
        b -= RATE * error.sum(axis=0)
    return mean, scale, w, b


def predict(model: tuple[np.ndarray, ...], x: np.ndarray) -> np.ndarray:
    mean, scale, w, b = model
    return np.argmax(((x - mean) / scale) @ w.T + b, axis=1)


def site_folds(domains: list[str], folds: int, draw: int = 0) -> list[np.ndarray]:
    """Fold index of every page: whole sites per fold, spread by a stable hash of the site
    (salted by ``draw`` after the first draw, for repeated cross-validation)."""
    salt = f"{draw}:" if draw else ""
    order = sorted(set(domains), key=lambda d: (hash_site(salt + d), d))
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


def fit_quality(x: np.ndarray, f1: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                           float]:
    """A logistic regression whose output is the page's F1 (cross-entropy against the F1 as
    a soft label), with the same standardisation as the classifier."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(STEPS):
        prob = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        error = (prob - f1) / len(f1)
        w -= RATE * (z.T @ error + L2 * w)
        b -= RATE * float(error.sum())
    return mean, scale, w, b


def predict_quality(model: tuple[np.ndarray, np.ndarray, np.ndarray, float],
                    x: np.ndarray) -> np.ndarray:
    mean, scale, w, b = model
    return 1.0 / (1.0 + np.exp(-(((x - mean) / scale) @ w + b)))


def quality_report(name: str, quality: np.ndarray, f1: np.ndarray) -> str:
    low = quality < LOW_QUALITY
    rho = spearman(list(quality), list(f1))
    mean_low = float(f1[low].mean()) if low.any() else float("nan")
    return (f"{name}: Spearman {rho:.3f} between quality and F1 on {len(f1)} pages; "
            f"{int(low.sum())} pages below {LOW_QUALITY} have mean F1 {mean_low:.3f} "
            f"(the rest {float(f1[~low].mean()):.3f})")


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(v), 6) for v in values]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=_ROOT.parent / "shared" / "bench")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=REPEATS,
                        help="draws of the site folds to average the page-type accuracy over")
    parser.add_argument("--write", action="store_true", help="save both models")
    args = parser.parse_args(argv)
    root = args.bench_dir / "wcxb-dev"
    tune, valid = collect(root, "tune"), collect(root, "validate")
    folds = site_folds(tune.domains, args.folds)
    vocab = vocabulary(tune)
    # Page type: trained and judged on the pages the classifier decides.
    x, y = with_words(tune, vocab)[tune.classified], tune.y[tune.classified]
    accuracies = []
    for draw in range(args.repeats):
        guess = np.zeros_like(y)
        for test in (fold[tune.classified]
                     for fold in site_folds(tune.domains, args.folds, draw)):
            guess[test] = predict(fit(x[~test], y[~test]), x[test])
        accuracies.append(float(np.mean(guess == y)))
        if draw == 0:
            print(report(f"page type, tune, {args.folds}-fold cross-validation by site", y,
                         guess))
    print(f"mean over {args.repeats} draws of the folds: accuracy {np.mean(accuracies):.3f} "
          f"({', '.join(f'{a:.3f}' for a in accuracies)})")
    model = fit(x, y)
    print()
    print(report("page type, validate (sites never trained on), final model",
                 valid.y[valid.classified],
                 predict(model, with_words(valid, vocab)[valid.classified])))
    # Quality: the pages with text (an empty text is 0 without asking the model).
    # Quality reads the dense features only.
    dense = len(FEATURES)
    tune.x, valid.x = tune.x[:, :dense], valid.x[:, :dense]
    text = tune.has_text
    held_out = np.zeros(len(tune.f1))
    for test in folds:
        train, judged = ~test & text, test & text
        held_out[judged] = predict_quality(fit_quality(tune.x[train], tune.f1[train]),
                                           tune.x[judged])
    quality = fit_quality(tune.x[text], tune.f1[text])
    print()
    print(quality_report(f"quality, tune, {args.folds}-fold cross-validation by site",
                         held_out, tune.f1))
    valid_quality = np.where(valid.has_text, predict_quality(quality, valid.x), 0.0)
    print(quality_report("quality, validate, final model", valid_quality, valid.f1))
    if args.write:
        mean, scale, w, b = model
        PAGETYPE.write_text(json.dumps({
            "trained_on": "wcxb-dev tune split, bench/train_pagetype.py",
            "classes": list(CLASSES), "features": list(FEATURES),
            "mean": _rounded(mean[:dense]), "scale": _rounded(scale[:dense]),
            "weights": [_rounded(row[:dense]) for row in w], "bias": _rounded(b),
            "words": vocab, "word_weights": [_rounded(row[dense:]) for row in w]},
            indent=1) + "\n", "utf-8")
        mean, scale, qw, qb = quality
        QUALITY.write_text(json.dumps({
            "trained_on": "wcxb-dev tune split, bench/train_pagetype.py",
            "features": list(FEATURES), "mean": _rounded(mean), "scale": _rounded(scale),
            "weights": _rounded(qw), "bias": round(qb, 6)}, indent=1) + "\n", "utf-8")
        print(f"\nwrote {PAGETYPE.relative_to(_ROOT)} and {QUALITY.relative_to(_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
