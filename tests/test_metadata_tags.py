"""Tags: cleaned, deduplicated, bounded."""

from __future__ import annotations

from scraper.extractor.metadata.tags import MAX_TAGS, clean_tags


def test_clean_tags() -> None:
    assert clean_tags([" Budget", "budget", "#Council", "", "x" * 200]) == ["Budget", "Council"]


def test_keyword_dumps_are_cut() -> None:
    assert len(clean_tags(f"tag{i}" for i in range(100))) == MAX_TAGS
