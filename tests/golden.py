"""Golden fixtures: fixtures/<name>.html -> fixtures/<name>.json, the expected record.

Regenerate after a deliberate change and review the diff by eye before committing:

    python -m tests.golden            # rewrite every existing fixtures/<name>.json
    python -m tests.golden NAME ...   # only these (and write a new one)

A fixture may come with fixtures/<name>.headers.json (HTTP headers it is "served" with, e.g. a
wrong charset). It is extracted as if fetched from its own canonical URL.
"""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from scraper.models import RawPage
from scraper.pipeline import extract_page

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_names() -> list[str]:
    return sorted(p.name.removesuffix(".html") for p in FIXTURES.glob("*.html"))


def golden_names() -> list[str]:
    return [name for name in fixture_names() if (FIXTURES / f"{name}.json").is_file()]


class _CanonicalFinder(HTMLParser):
    """First <link rel="canonical" href> of a page, read with the stdlib parser so the test does
    not depend on the code under test to find the URL it passes in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.href is None and tag == "link":
            values = dict(attrs)
            if "canonical" in (values.get("rel") or "").lower().split():
                self.href = values.get("href") or None


def canonical_url(body: bytes) -> str | None:
    finder = _CanonicalFinder()
    finder.feed(body.decode("utf-8", errors="replace"))
    finder.close()
    return finder.href


def record_for(name: str) -> dict[str, Any]:
    body = (FIXTURES / f"{name}.html").read_bytes()
    headers_file = FIXTURES / f"{name}.headers.json"
    headers = json.loads(headers_file.read_text()) if headers_file.is_file() else {}
    url = canonical_url(body)
    article = extract_page(RawPage(body=body, url=url, requested_url=url, headers=headers))
    return article.to_dict()


def dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def main(names: list[str]) -> None:
    """Rewrite the named goldens, or with no names every existing one: a fixture page without
    a golden (the seed reconstructions, compared against the seed's own golden) gets one only
    when named."""
    for name in names or golden_names():
        (FIXTURES / f"{name}.json").write_text(dump(record_for(name)), encoding="utf-8")
        print(f"wrote fixtures/{name}.json")


if __name__ == "__main__":
    main(sys.argv[1:])
