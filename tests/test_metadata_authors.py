"""Authors: raw bylines to clean, split, deduplicated person names."""

from __future__ import annotations

import pytest

from scraper.extractor.metadata.authors import clean_author, clean_authors, looks_like_byline


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jane Doe and John Roe, Staff Writers | May 3, 2024", ["Jane Doe", "John Roe"]),
        ("By\n\t\t\tScott Cunningham", ["Scott Cunningham"]),
        ("Stella Kim, Jennifer Jett", ["Stella Kim", "Jennifer Jett"]),
        ("Ann Lee & Bo Chu; Cy Dee", ["Ann Lee", "Bo Chu", "Cy Dee"]),
        ("By GILLIAN MOHNEY\n   March 11, 2015 3:46 PM", ["GILLIAN MOHNEY"]),
        ("Par Sébastien Farcis", ["Sébastien Farcis"]),
        ("Von Anna Schmidt und Jonas Weber", ["Anna Schmidt", "Jonas Weber"]),
        ("Written by Rob Ewaschuk\nEdited by Betsy Beyer", ["Rob Ewaschuk", "Betsy Beyer"]),
        ("Bradley M. Kuhn (http://ebb.org/bkuhn/)", ["Bradley M. Kuhn"]),
        ("jane.doe@example.com", []),
        ("https://www.facebook.com/janedoe", []),
        ("@janedoe", []),
        ("Jane Doe (jdoe)", ["Jane Doe"]),
        ("Martin Untersinger (avec Damien Leloup et Morgane Tual)",
         ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]),
        ("View all posts by Jane Doe", ["Jane Doe"]),
        ("Jane Doe, Special to The Times", ["Jane Doe"]),
        ("TOM KRISHER, AP Auto Writer", ["TOM KRISHER"]),
        ("Rachael Link, MS, RD", ["Rachael Link"]),
        ("Analysis by Chris Cillizza", ["Chris Cillizza"]),
        ("Follow Author", []),
        ("Staff Reports", []),
        ("Last Updated: January 7, 2025", []),
        ("Di Stefano Rossi", ["Di Stefano Rossi"]),
        ("di Mario Rossi", ["Mario Rossi"]),
        ("Текст: Венера Ерофеева", ["Венера Ерофеева"]),
        ("", []),
    ],
)
def test_clean_author(raw: str, expected: list[str]) -> None:
    assert clean_author(raw) == expected


def test_clean_authors_dedupes_case_insensitively_keeping_first_spelling() -> None:
    assert clean_authors(["Jane Doe", "JANE DOE and John Roe", "john roe"]) == [
        "Jane Doe", "John Roe"]


def test_sentences_are_not_names_but_a_bio_keeps_its_subject() -> None:
    sentence = "Residents of the northern districts say the tram extension is long overdue"
    assert clean_author(sentence) == []
    bio = "Jane Doe is a senior reporter who has covered city hall for the paper since 2009"
    assert clean_author(bio) == ["Jane Doe"]


def test_looks_like_byline() -> None:
    assert looks_like_byline("By Jane Doe | May 3, 2024")
    assert not looks_like_byline(
        "Katie Couric New Yorkers post their feelings about Trump election on subway walls")
