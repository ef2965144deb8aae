"""The benchmark metrics on tiny hand-made inputs with known answers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.htmltext import html_to_text
from bench.metrics import (
    WordScore,
    author_tokens_match,
    authors_match,
    bootstrap_f1_std,
    date_match,
    fold,
    language_match,
    score_body,
    score_words,
    shingles,
    snippet_found,
    spearman,
    split_byline,
    summarise,
    summarise_words,
    text_match,
    tokenize,
    words,
)

SIX = "one two three four five six"


def test_tokenize_keeps_case_and_drops_punctuation() -> None:
    assert tokenize("Hello, World! l'été 2019") == ["Hello", "World", "l", "été", "2019"]
    assert tokenize(None) == []


def test_shingles_of_short_and_long_texts() -> None:
    assert shingles(tokenize(SIX)) == {
        ("one", "two", "three", "four"): 1,
        ("two", "three", "four", "five"): 1,
        ("three", "four", "five", "six"): 1,
    }
    assert shingles(["a", "b"]) == {("a", "b"): 1}
    assert shingles([]) == {}


def test_identical_texts_score_one() -> None:
    score = score_body(SIX, "one  two\nthree, four five six!")
    assert (score.tp, score.fp, score.fn) == (1.0, 0.0, 0.0)
    assert score.precision == score.recall == score.f1 == 1.0
    assert score.exact


def test_disjoint_texts_score_zero() -> None:
    score = score_body(SIX, "seven eight nine ten eleven")
    assert score.tp == 0.0
    assert score.fp == pytest.approx(2 / 5)
    assert score.fn == pytest.approx(3 / 5)
    assert score.precision == score.recall == score.f1 == 0.0
    assert not score.exact


def test_partial_overlap_is_normalised_per_page() -> None:
    # truth has 3 shingles, prediction keeps the first 5 tokens: 2 shingles, both right.
    score = score_body(SIX, "one two three four five")
    assert score.tp + score.fp + score.fn == pytest.approx(1.0)
    assert (score.tp, score.fp, score.fn) == pytest.approx((2 / 3, 0.0, 1 / 3))
    assert score.precision == 1.0
    assert score.recall == pytest.approx(2 / 3)


def test_repeated_shingles_count_as_a_multiset() -> None:
    truth = "a b c d a b c d"  # shingle (a b c d) twice
    once = score_body(truth, "a b c d")
    assert once.precision == 1.0
    assert once.recall == pytest.approx(1 / 5)  # 1 of the 5 truth shingles
    twice = score_body("a b c d", truth)
    assert twice.recall == 1.0
    assert twice.precision == pytest.approx(1 / 5)


def test_texts_under_four_tokens_are_one_shingle() -> None:
    assert score_body("Breaking news", "Breaking news").f1 == 1.0
    assert score_body("Breaking news", "Breaking").f1 == 0.0
    assert score_body("Breaking news", "Breaking news today").f1 == 0.0


def test_both_empty_scores_one_and_is_left_out_of_the_averages() -> None:
    empty = score_body("", None)
    assert empty.precision == empty.recall == 1.0
    assert empty.exact
    assert not empty.has_prediction and not empty.has_truth
    summary = summarise([empty, score_body(SIX, "one two three four")])
    assert summary.precision == 1.0
    assert summary.recall == pytest.approx(1 / 3)
    assert summary.accuracy == 0.5


def test_empty_prediction_costs_recall_only() -> None:
    missed = score_body(SIX, "")
    assert not missed.has_prediction and missed.has_truth
    summary = summarise([missed, score_body(SIX, SIX)])
    assert summary.precision == 1.0  # the empty prediction is not in the precision mean
    assert summary.recall == 0.5


def test_f1_comes_from_the_averages_not_from_per_page_f1() -> None:
    high_p = score_body(SIX, "one two three four")  # P 1, R 1/3
    high_r = score_body("one two three four", SIX)  # P 1/3, R 1
    summary = summarise([high_p, high_r])
    assert summary.precision == pytest.approx(2 / 3)
    assert summary.recall == pytest.approx(2 / 3)
    assert summary.f1 == pytest.approx(2 / 3)
    assert (high_p.f1 + high_r.f1) / 2 == pytest.approx(0.5)


def test_bootstrap_std_is_zero_when_pages_agree_and_reproducible() -> None:
    same = [score_body(SIX, "one two three four")] * 20
    assert bootstrap_f1_std(same, samples=50) == pytest.approx(0.0)
    mixed = [score_body(SIX, SIX), score_body(SIX, "seven eight nine ten")] * 10
    assert bootstrap_f1_std(mixed, samples=50) > 0
    assert bootstrap_f1_std(mixed, samples=50) == bootstrap_f1_std(mixed, samples=50)


def test_text_match_normalises_case_space_and_unicode() -> None:
    assert text_match("The  Guardian", "the guardian ")
    assert text_match("Ｃａｆé", "café")  # NFKC folds full-width letters
    assert not text_match("The Guardian", "Guardian")
    assert not text_match("", "")


def test_split_byline_drops_lead_in_and_splits_names() -> None:
    assert split_byline("By Erin Cunningham") == ["erin cunningham"]
    assert split_byline("By\n\t\tScott Cunningham") == ["scott cunningham"]
    assert split_byline("By Nathan Willis\n   March 25, 2015") == ["nathan willis"]
    assert split_byline("April 28, 2019 at 6:01 am") == []
    assert split_byline("Par Sébastien Farcis") == ["sébastien farcis"]
    assert split_byline("Stella Kim, Jennifer Jett") == ["stella kim", "jennifer jett"]
    assert split_byline("Ann Lee and Bo Chu & Cy Dee") == ["ann lee", "bo chu", "cy dee"]
    assert split_byline("Written by Ann Lee\n   Edited by Bo Chu") == ["ann lee", "bo chu"]
    assert split_byline("Bradley M. Kuhn (http://ebb.org/bkuhn/)") == ["bradley m. kuhn"]
    assert split_byline("Bruno (Henrique) Rodrigues") == ["bruno (henrique) rodrigues"]


def test_authors_match_needs_every_expected_name() -> None:
    assert authors_match("By JOE HILDEBRAND", ["Joe Hildebrand"])
    assert authors_match("Stella Kim, Jennifer Jett", ["Jennifer Jett", "Stella Kim", "X"])
    assert authors_match("Stella Kim, Jennifer Jett", ["Stella Kim and Jennifer Jett"])
    assert not authors_match("Stella Kim, Jennifer Jett", ["Stella Kim"])
    assert not authors_match("Ann Lee", [])
    assert not authors_match(None, ["Ann Lee"])


def test_date_match_compares_calendar_dates() -> None:
    assert date_match("2015-07-10T09:53:00-04:00", "2015-07-10")
    assert date_match("2017-11-03 03:01:00.000000", "2017-11-03T03:01:00+00:00")
    assert not date_match("2015-07-10T09:53:00-04:00", "2015-07-11T01:00:00Z")
    assert not date_match("2015-07-10", None)


def test_language_match_compares_primary_subtags() -> None:
    assert language_match("en-US", "en")
    assert language_match("pt-BR", "PT_pt")
    assert not language_match("en", "es")
    assert not language_match("en", None)


def test_html_to_text_separates_blocks_but_not_inline_elements() -> None:
    html = "<div><p>a<b>b</b>c</p><p>d<br>e</p><script>x()</script><ul><li>f</li></ul></div>"
    assert html_to_text(html) == "abc\nd\ne\nf"


# --- WCXB ------------------------------------------------------------------------------------

def test_words_are_lowercase_word_tokens() -> None:
    assert words("Hello, World! L'Été 2019") == ["hello", "world", "l", "été", "2019"]
    assert words(None) == []


def test_score_words_is_a_bag_of_words_overlap() -> None:
    assert score_words(SIX, "Six FIVE four three two one") == WordScore(1.0, 1.0, 1.0)
    partial = score_words(SIX, "one two three seven")  # 3 common of 4 predicted, 6 true
    assert partial.precision == pytest.approx(3 / 4)
    assert partial.recall == pytest.approx(3 / 6)
    assert partial.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    assert score_words(SIX, "seven eight") == WordScore(0.0, 0.0, 0.0)


def test_score_words_counts_repeated_words_as_a_multiset() -> None:
    once = score_words("the cat the dog", "the")
    assert once.precision == 1.0 and once.recall == pytest.approx(1 / 4)
    twice = score_words("the", "the the the")
    assert twice.recall == 1.0 and twice.precision == pytest.approx(1 / 3)


def test_score_words_empty_sides() -> None:
    assert score_words("", None) == WordScore(1.0, 1.0, 1.0)
    assert score_words("...", "!") == WordScore(1.0, 1.0, 1.0)  # no token on either side
    assert score_words(SIX, "") == WordScore(0.0, 0.0, 0.0)
    assert score_words("", SIX) == WordScore(0.0, 0.0, 0.0)


def test_summarise_words_is_the_mean_of_per_page_values() -> None:
    pages = [score_words(SIX, SIX), score_words(SIX, ""), score_words(SIX, "one two three")]
    summary = summarise_words(pages)
    assert summary.pages == 3
    assert summary.precision == pytest.approx((1 + 0 + 1) / 3)
    assert summary.recall == pytest.approx((1 + 0 + 0.5) / 3)
    assert summary.f1 == pytest.approx((1 + 0 + 2 / 3) / 3)  # not 2PR/(P+R) of the means
    assert summary.f1_se > 0
    assert summarise_words([pages[0]]).f1_se == 0.0
    assert summarise_words([]).f1 == 0.0


def test_snippet_found_folds_case_and_space() -> None:
    text = "The river  ROSE\nover the old bridge."
    assert snippet_found("rose over the", text)
    assert snippet_found("The River rose", text)
    assert not snippet_found("rose under the", text)
    assert not snippet_found("", text) and not snippet_found("   ", text)
    assert not snippet_found("river", None)
    assert fold("  Straße\t Nord ") == "strasse nord"


def test_author_tokens_match_needs_one_equal_name() -> None:
    assert author_tokens_match("Dylan Bailey, MS, RD", ["dylan bailey ms rd"])
    assert author_tokens_match("Ann Lee", ["Bo Chu", "ANN LEE"])
    assert not author_tokens_match("Ann Lee", ["Ann Lee Smith"])
    assert not author_tokens_match("Ann Lee and Bo Chu", ["Ann Lee", "Bo Chu"])
    assert not author_tokens_match("", [""])
    assert not author_tokens_match(None, ["Ann Lee"])


def test_spearman_with_ties_and_degenerate_input() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # ranks with ties averaged: x ranks 1, 2.5, 2.5, 4; y ranks 1, 2, 3, 4
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(0.9486833, abs=1e-6)
    assert spearman([1], [2]) is None
    assert spearman([1, 1, 1], [1, 2, 3]) is None
    with pytest.raises(ValueError):
        spearman([1, 2], [1])
