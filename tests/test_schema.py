"""The documented JSON Schema describes exactly the records we write."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest

from scraper.models import Article
from tests.golden import fixture_names, record_for

SCHEMA = json.loads(files("scraper").joinpath("article.schema.json").read_text())


def test_schema_is_valid_and_lists_every_field() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    # next_page is written only when a site rule sets it, pages only when a crawl followed it.
    assert SCHEMA["required"] == [f for f in Article.__dataclass_fields__
                                  if f not in ("next_page", "pages")]
    assert list(SCHEMA["properties"]) == list(Article.__dataclass_fields__)


@pytest.mark.parametrize("name", fixture_names())
def test_fixture_records_validate(name: str) -> None:
    jsonschema.validate(record_for(name), SCHEMA,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
