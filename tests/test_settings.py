"""Settings refuse values that cannot work, in the library as on the command line."""

from __future__ import annotations

import pytest

from scraper.errors import ConfigError
from scraper.settings import CrawlSettings, ExtractSettings


@pytest.mark.parametrize("field,value,message", [
    ("concurrency", 0, "concurrency must be at least 1"),
    ("per_host", 0, "per_host must be at least 1"),
    ("delay", -0.5, "delay cannot be negative"),
    ("timeout", 0, "timeout must be positive"),
    ("read_timeout", -1, "read_timeout must be positive"),
    ("retries", -1, "retries cannot be negative"),
    ("max_bytes", 0, "max_bytes must be positive"),
    ("workers", -2, "workers cannot be negative"),
    ("user_agent", "  ", "user_agent cannot be empty"),
])
def test_crawl_settings_refuse_what_cannot_work(field: str, value: object,
                                                message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        CrawlSettings(**{field: value})  # type: ignore[arg-type]


def test_defaults_and_sensible_values_are_accepted() -> None:
    assert CrawlSettings().concurrency == 16
    assert CrawlSettings(concurrency=1, delay=0, retries=0, workers=0).retries == 0
    assert ExtractSettings(timeout=None).timeout is None


def test_extract_timeout_must_be_positive() -> None:
    with pytest.raises(ConfigError, match="timeout must be positive"):
        ExtractSettings(timeout=0)
