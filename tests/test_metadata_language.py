"""Language: declared tags normalised; detection only when sure."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.extractor.metadata.language import (
    MIN_DETECT_CHARS,
    detect_language,
    normalize_language,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("en", "en"),
        ("en-us", "en-US"),
        ("EN_gb", "en-GB"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("pt-BR", "pt-BR"),
        (" fr ", "fr"),
        ("de-DE, en", "de-DE"),
        ("es-419", "es-419"),
        ("x-default", None),
        ("und", None),
        ("", None),
        (None, None),
        ("english please", None),
    ],
)
def test_normalize_language(raw: str | None, expected: str | None) -> None:
    assert normalize_language(raw) == expected


ENGLISH = (
    "The council voted on Tuesday to extend the tram line to the northern districts, a project "
    "that has been debated for more than a decade and that residents say is long overdue. "
    "Construction is expected to begin next spring, with the first trams running by 2028."
)
FRENCH = (
    "Le conseil municipal a voté mardi le prolongement de la ligne de tramway vers les quartiers "
    "nord, un projet débattu depuis plus de dix ans et que les habitants jugent très attendu. "
    "Les travaux devraient commencer au printemps prochain, avec les premières rames en 2028."
)


def test_detect_language_on_long_text() -> None:
    assert detect_language(ENGLISH) == "en"
    assert detect_language(FRENCH) == "fr"


def test_detect_language_abstains_on_short_text() -> None:
    assert detect_language(ENGLISH[: MIN_DETECT_CHARS - 1]) is None
    assert detect_language("") is None


def test_detect_language_abstains_on_noise() -> None:
    assert detect_language("12345 67890 +++ ### " * 20) is None


HEBREW = (
    "מועצת העיר הצביעה ביום שלישי על הארכת קו הרכבת הקלה לשכונות הצפוניות, פרויקט שנדון "
    "במשך יותר מעשור ושהתושבים אומרים שהוא מתעכב זמן רב מדי. הבנייה צפויה להתחיל באביב "
    "הבא, והרכבות הראשונות ייסעו עד 2028."
)
CHINESE_TRADITIONAL = (
    "市議會週二投票通過將輕軌延伸至北部地區，這項計畫已經討論了十多年，居民表示早就應該完成。"
    "預計明年春天開工，第一批列車將於二零二八年開始運行。"
) * 3


def test_detect_language_gives_current_codes() -> None:
    # CLD2 says "iw" for Hebrew (withdrawn from ISO 639 in 1989) and "zh-Hant" for traditional
    # Chinese; records carry the current primary subtag.
    assert detect_language(HEBREW * 2) == "he"
    assert detect_language(CHINESE_TRADITIONAL) == "zh"


def test_detect_language_abstains_on_mixed_text() -> None:
    assert detect_language(ENGLISH + " " + FRENCH) is None


def test_detect_language_ignores_characters_the_detector_refuses() -> None:
    # C1 controls from a mis-decoded page, a stray surrogate and a noncharacter in the middle of
    # real text: the language is still found, nothing raises.
    noisy = ENGLISH.replace(" the ", " the\x85 ").replace("decade", "dec\ud800ade\ufffe")
    assert detect_language(noisy) == "en"


@given(st.text(min_size=MIN_DETECT_CHARS, max_size=600))
@settings(max_examples=300, deadline=None)
def test_detect_language_never_raises(text: str) -> None:
    result = detect_language(text)
    assert result is None or normalize_language(result) == result
