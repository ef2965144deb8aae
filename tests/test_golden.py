"""Every golden fixture's record equals its reviewed expected JSON, exactly."""

from __future__ import annotations

import json

import pytest

from tests.golden import FIXTURES, dump, golden_names, record_for


@pytest.mark.parametrize("name", golden_names())
def test_record_matches_golden(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    actual = record_for(name)
    if actual != expected:  # show a readable diff of the two pretty-printed records
        assert dump(actual) == dump(expected)


def test_there_are_golden_fixtures() -> None:
    assert len(golden_names()) >= 12
