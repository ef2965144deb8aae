"""docs/record.md is the JSON Schema's reference, and cannot drift from it."""

from __future__ import annotations

from tests.record_docs import RECORD_DOCS, render_record_docs


def test_record_docs_match_the_schema() -> None:
    assert RECORD_DOCS.read_text(encoding="utf-8") == render_record_docs(), (
        "docs/record.md is out of date: run python -m tests.record_docs and review the diff")


def test_every_field_and_page_type_is_documented() -> None:
    text = RECORD_DOCS.read_text(encoding="utf-8")
    for name in ("extraction_quality", "page_type", "blocked", "content_hash", "next_page"):
        assert f"`{name}`" in text
    for kind in ("forum", "product", "collection", "documentation", "service"):
        assert f"`{kind}`" in text
