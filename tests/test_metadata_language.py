"""Language: declared tags normalised; detection only when sure."""

from __future__ import annotations

import pytest

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
