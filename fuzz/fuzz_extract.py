"""Coverage-guided fuzz target (atheris, libFuzzer) for ``scraper.extract`` and the repair pass.

    pip install atheris
    mkdir -p /tmp/fuzzcorpus && cp fixtures/*.html /tmp/fuzzcorpus/
    nice -n 19 python fuzz/fuzz_extract.py /tmp/fuzzcorpus -max_total_time=1800 \
        -timeout=60 -rss_limit_mb=2048 -max_len=262144 -artifact_prefix=/tmp/fuzzcrash-

What counts as a crash, besides the interpreter's own: an exception that is not a
``ScraperError`` (``InternalError`` is re-raised as its cause, since it marks a bug), and a
record with a C0/C1 control character (but ``\\n``, ``\\t``) in any text field. The first byte
of the input picks the target: the bytes to ``extract`` (charset detection), the bytes read as
UTF-8 text to ``extract``, or the repair pass alone (``repair_markup`` then ``repair_text``);
its high bit, whether the shipped site rules are on.
A crash input is written to the artifact prefix; replay it with ``python fuzz/fuzz_extract.py
CRASH_FILE`` and make it a test in tests/test_fuzz_regressions.py.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import atheris

with atheris.instrument_imports(include=["scraper"]):
    import scraper
    from scraper.errors import InternalError, ScraperError
    from scraper.models import Repairs
    from scraper.repair import repair_markup, repair_text
    from scraper.rules import RuleSet

#: Without rules, and with the shipped site rules (their selectors read fields from the page).
_SETTINGS = (scraper.ExtractSettings(), scraper.ExtractSettings(rules=RuleSet.load()))
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_URL_FIELDS = frozenset({"url", "requested_url", "canonical_url", "image", "src", "href"})


def _check_clean(value: Any, key: str = "") -> None:
    if isinstance(value, str):
        if key not in _URL_FIELDS and _CONTROL.search(value):
            raise AssertionError(f"control character in {key!r}: {value[:200]!r}")
    elif isinstance(value, dict):
        for name, item in value.items():
            _check_clean(item, name)
    elif isinstance(value, list):
        for item in value:
            _check_clean(item, key)


def _extract(html: str | bytes, settings: scraper.ExtractSettings) -> None:
    try:
        article = scraper.extract(html, url="https://example.com/news/1", settings=settings)
    except InternalError as exc:
        raise (exc.__cause__ or exc) from None  # a bug: show the original
    except ScraperError:
        return
    _check_clean(article.to_dict())


def test_one_input(data: bytes) -> None:
    if not data:
        return
    mode, body = data[0] % 3, data[1:]
    settings = _SETTINGS[data[0] >> 7]
    if mode == 0:
        _extract(body, settings)
    elif mode == 1:
        _extract(body.decode("utf-8", errors="surrogateescape"), settings)
    else:
        text = body.decode("utf-8", errors="replace")
        repairs = Repairs()
        repair_text(repair_markup(text, repairs), repairs)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
