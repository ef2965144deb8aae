"""The two measures of the accuracy benchmark: body-text overlap and metadata field agreement.

Body text: the Scrapinghub article-extraction-benchmark metric, reimplemented to give the same
numbers as its ``evaluate.py``:

- both texts are tokenized with ``\\w+`` (case kept) and cut into 4-token shingles; a text of
  1-3 tokens is one short shingle, an empty text has none;
- per page, TP/FP/FN are the multiset overlap of the two shingle bags, then divided by their
  sum so that every page weighs the same (a page where both are empty stays 0/0/0);
- per-page precision is 1 when FP == FN == 0, 0 when TP == FP == 0, else TP/(TP+FP); recall
  likewise with FN;
- precision is averaged over pages with TP+FP > 0 (pages where we predicted something), recall
  over pages with TP+FN > 0 (pages with a non-empty truth); so an empty prediction costs recall
  only, and a page where both texts are empty is left out of both averages (it would score 1,
  and the benchmark never has such a page);
- F1 = 2PR/(P+R) from the two averages, not the mean of per-page F1s;
- accuracy is the share of pages whose token lists are identical.

Metadata: one ``*_match`` function per field, each normalising both sides (Unicode NFKC,
case-folded, whitespace collapsed) before comparing; see each function for its rule.

WCXB (the Web Content eXtraction Benchmark) scores body text differently: per page,
bag-of-words precision, recall and F1 over lowercase ``\\w+`` tokens (multiset overlap; both
texts empty score 1, one empty scores 0), each averaged over pages (``score_words``,
``summarise_words``). Its snippets and metadata are checked with ``snippet_found``,
``fold`` and ``author_tokens_match``; ``spearman`` ranks a confidence against the F1.
"""

from __future__ import annotations

import random
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "SHINGLE_SIZE",
    "BodyScore",
    "BodySummary",
    "WordScore",
    "WordSummary",
    "author_tokens_match",
    "authors_match",
    "bootstrap_f1_std",
    "date_match",
    "fold",
    "language_match",
    "normalise",
    "score_body",
    "score_words",
    "shingles",
    "snippet_found",
    "spearman",
    "split_byline",
    "summarise",
    "summarise_words",
    "text_match",
    "tokenize",
    "words",
]

#: The published benchmark's shingle length; 4 tokens make a chance match across unrelated
#: text rare while one wrong word only spoils 4 shingles.
SHINGLE_SIZE = 4

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def tokenize(text: str | None) -> list[str]:
    """The ``\\w+`` tokens of ``text``, case kept (``None`` is the empty text)."""
    return _TOKEN_RE.findall(text or "")


def shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The bag of ``size``-token shingles; fewer than ``size`` tokens make one short shingle."""
    if not tokens:
        return Counter()
    count = max(1, len(tokens) - size + 1)
    return Counter(tuple(tokens[i : i + size]) for i in range(count))


@dataclass(frozen=True, slots=True)
class BodyScore:
    """One page: TP/FP/FN shares (summing to 1, or all 0 when both texts are empty)."""

    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float:
        """Per-page precision, with the benchmark's conventions for empty sides."""
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Per-page recall, with the benchmark's conventions for empty sides."""
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Per-page F1; used only to rank pages (``--worst``), never averaged into the score."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def has_prediction(self) -> bool:
        """Counts towards the precision average (something was predicted)."""
        return self.tp + self.fp > 0

    @property
    def has_truth(self) -> bool:
        """Counts towards the recall average (the truth is not empty)."""
        return self.tp + self.fn > 0


def score_body(truth: str | None, predicted: str | None) -> BodyScore:
    """Compare one page's predicted body text with its ground truth."""
    true_tokens, pred_tokens = tokenize(truth), tokenize(predicted)
    true_bag, pred_bag = shingles(true_tokens), shingles(pred_tokens)
    tp = float(sum((true_bag & pred_bag).values()))
    fp = float(sum((pred_bag - true_bag).values()))
    fn = float(sum((true_bag - pred_bag).values()))
    total = tp + fp + fn
    if total > 0:
        tp, fp, fn = tp / total, fp / total, fn / total
    return BodyScore(tp=tp, fp=fp, fn=fn, exact=true_tokens == pred_tokens)


@dataclass(frozen=True, slots=True)
class BodySummary:
    """A set of pages: the benchmark's precision, recall, F1 and accuracy."""

    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int


def summarise(scores: Sequence[BodyScore]) -> BodySummary:
    """Average the per-page scores the way the published benchmark does."""
    precision = _mean(s.precision for s in scores if s.has_prediction)
    recall = _mean(s.recall for s in scores if s.has_truth)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = _mean(float(s.exact) for s in scores)
    return BodySummary(precision=precision, recall=recall, f1=f1, accuracy=accuracy,
                       pages=len(scores))


def bootstrap_f1_std(scores: Sequence[BodyScore], samples: int = 1000, seed: int = 0) -> float:
    """Standard deviation of F1 over page resamplings, as the published "±" figures.

    Seeded, so one run's number is reproducible; two extractors whose F1 differ by less than
    about twice this are not told apart by the set.
    """
    if len(scores) < 2 or samples < 2:
        return 0.0
    rng = random.Random(seed)
    values = [summarise(rng.choices(scores, k=len(scores))).f1 for _ in range(samples)]
    return statistics.stdev(values)


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


# --- metadata fields -------------------------------------------------------------------------

_SPACE_RE = re.compile(r"\s+")
#: Byline lead-ins in the Mozilla set's languages ("By", "Par", "Written by", "Von", "Por"),
#: and the role lead-ins of credit lines ("Edited by").
_BYLINE_PREFIX_RE = re.compile(
    r"^(?:(?:written|posted|edited|reported)\s+by|by|par|von|por)\s*[:\-]?\s+", re.IGNORECASE)
#: A homepage URL after a name ("Ann Lee (http://ann.example/)") is contact data, not the name.
_URL_RE = re.compile(r"\(?\s*https?://[^\s)]*\s*\)?", re.IGNORECASE)
#: How one byline joins several names: commas, ampersands, "and"/"und"/"et", newlines. Not
#: Spanish "y": it would also split initials ("Y. Zhang").
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|&|;|\n|\band\b|\bund\b|\bet\b)\s*", re.IGNORECASE)
_NAME_TRIM = " \t.,;:|-–—"


def normalise(value: str | None) -> str:
    """NFKC, case-folded, whitespace collapsed and trimmed; ``None`` becomes ``""``."""
    if not value:
        return ""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", value).casefold()).strip()


def text_match(expected: str | None, predicted: str | None) -> bool:
    """Title and site name: equal after ``normalise``, and not empty."""
    want = normalise(expected)
    return bool(want) and want == normalise(predicted)


def split_byline(byline: str) -> list[str]:
    """A byline as normalised names: lead-in ("By ...") dropped, split on and/,/&/;/newline.

    Parts with a digit are dropped: in a byline they are the date or time that follows the
    name ("By Nathan Willis\n March 25, 2015"), never part of a name.
    """
    text = _URL_RE.sub(" ", unicodedata.normalize("NFKC", byline)).strip()
    text = _BYLINE_PREFIX_RE.sub("", text)  # first, as "By\n  Ann Lee" splits on the newline
    names = []
    for part in _NAME_SPLIT_RE.split(text):
        name = normalise(_BYLINE_PREFIX_RE.sub("", part.strip()).strip(_NAME_TRIM))
        if name and not any(char.isdigit() for char in name):
            names.append(name)
    return names


def authors_match(expected_byline: str | None, predicted: Sequence[str]) -> bool:
    """Every name of the expected byline is one of the predicted names (after normalisation).

    Each predicted entry is itself split like a byline, so "Ann Lee and Bo Chu" as one string
    counts as two names. Extra predicted names are not penalised: the expected bylines are
    Readability's own picks and often hold only the first of several authors.
    """
    wanted = split_byline(expected_byline or "")
    if not wanted:
        return False
    have = {name for entry in predicted for name in split_byline(entry)}
    return all(name in have for name in wanted)


def date_match(expected: str | None, predicted: str | None) -> bool:
    """Published date: the same calendar date, the ``YYYY-MM-DD`` prefix of both strings.

    Dates are compared as written (local time of the page), not converted to UTC, since
    both sides usually copy the page's own timestamp.
    """
    want = (expected or "").strip()[:10]
    return len(want) == 10 and want == (predicted or "").strip()[:10]


def language_match(expected: str | None, predicted: str | None) -> bool:
    """Language: the primary subtag is equal, case-insensitive (``en`` == ``en-US``)."""
    want = _primary_subtag(expected)
    return bool(want) and want == _primary_subtag(predicted)


def _primary_subtag(tag: str | None) -> str:
    return re.split(r"[-_]", (tag or "").strip().lower(), maxsplit=1)[0]


# --- WCXB ------------------------------------------------------------------------------------

def words(text: str | None) -> list[str]:
    """The lowercase ``\\w+`` tokens of ``text``: WCXB's tokens (``None`` is the empty text)."""
    return _TOKEN_RE.findall((text or "").lower())


@dataclass(frozen=True, slots=True)
class WordScore:
    """One page under WCXB's metric: bag-of-words precision, recall and F1."""

    precision: float
    recall: float
    f1: float


def score_words(truth: str | None, predicted: str | None) -> WordScore:
    """WCXB's per-page score: multiset overlap of lowercase ``\\w+`` tokens.

    Both texts empty score 1 (nothing to find, nothing found); one side empty scores 0.
    """
    true_bag, pred_bag = Counter(words(truth)), Counter(words(predicted))
    if not true_bag and not pred_bag:
        return WordScore(1.0, 1.0, 1.0)
    if not true_bag or not pred_bag:
        return WordScore(0.0, 0.0, 0.0)
    common = sum((true_bag & pred_bag).values())
    precision = common / sum(pred_bag.values())
    recall = common / sum(true_bag.values())
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return WordScore(precision, recall, f1)


@dataclass(frozen=True, slots=True)
class WordSummary:
    """WCXB's figures over a set of pages: each per-page value averaged over all pages."""

    precision: float
    recall: float
    f1: float
    #: Standard error of the mean F1 (sample std / sqrt(pages)): two extractors whose F1
    #: differ by less than about twice this are not told apart by these pages.
    f1_se: float
    pages: int


def summarise_words(scores: Sequence[WordScore]) -> WordSummary:
    """Mean per-page precision, recall and F1 (every page counts, empty ones too)."""
    f1s = [s.f1 for s in scores]
    se = statistics.stdev(f1s) / len(f1s) ** 0.5 if len(f1s) > 1 else 0.0
    return WordSummary(precision=_mean(s.precision for s in scores),
                       recall=_mean(s.recall for s in scores), f1=_mean(f1s), f1_se=se,
                       pages=len(scores))


def fold(value: str | None) -> str:
    """Case-folded, whitespace runs collapsed to one space, trimmed; ``None`` becomes ``""``."""
    return _SPACE_RE.sub(" ", (value or "").casefold()).strip()


def snippet_found(snippet: str, text: str | None) -> bool:
    """Whether ``snippet`` occurs in ``text`` (both folded, substring search).

    An empty snippet is never "found": it says nothing about the extraction.
    """
    want = fold(snippet)
    return bool(want) and want in fold(text)


def author_tokens_match(expected: str | None, predicted: Sequence[str]) -> bool:
    """The expected author's lowercase ``\\w+`` tokens equal those of one predicted author.

    A multi-author byline ("Ann Lee and Bo Chu") matches only a predicted entry holding the
    same names in the same order, joining words included.
    """
    want = words(expected)
    return bool(want) and any(words(name) == want for name in predicted)


def _ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, tied values sharing the mean of their ranks."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation (Pearson's r of the tie-averaged ranks).

    ``None`` when it is undefined: fewer than two pairs, or one side constant.
    """
    if len(xs) != len(ys):
        raise ValueError("spearman: sequences of different lengths")
    if len(xs) < 2:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if not vx or not vy:
        return None
    return cov / (vx * vy) ** 0.5
