"""Record filters a run applies after extraction: language, length, page type.

An article a filter turns away is a skip of the filter's own kind (``filtered_lang``,
``filtered_min_words``, ``filtered_page_type``), written where skips go: every input still
ends up exactly once in the output, errors or skips.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.models import Article, PageType

__all__ = ["FilterSkip", "RecordFilter", "parse_languages", "parse_page_types"]


@dataclass(frozen=True, slots=True)
class FilterSkip:
    """Why a filter turned an article away: the skip kind and a message for the skips file."""

    kind: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordFilter:
    """Which articles a run keeps. Empty sets and 0 keep everything.

    ``languages`` are lower-case BCP 47 tags; ``en`` keeps ``en``, ``en-US`` and ``en-GB``,
    while ``en-us`` keeps only ``en-US``. A record without a language is not kept when
    languages are asked for.
    """

    languages: frozenset[str] = frozenset()
    min_words: int = 0
    page_types: frozenset[PageType] = frozenset()

    def check(self, article: Article) -> FilterSkip | None:
        """None when ``article`` is kept, else why it is skipped."""
        if self.languages and not self._language_ok(article.language):
            wanted = ",".join(sorted(self.languages))
            return FilterSkip("filtered_lang",
                              f"language {article.language or 'unknown'} is not {wanted}")
        if article.word_count < self.min_words:
            return FilterSkip("filtered_min_words",
                              f"{article.word_count} words, fewer than {self.min_words}")
        if self.page_types and article.page_type not in self.page_types:
            wanted = ",".join(sorted(t.value for t in self.page_types))
            return FilterSkip("filtered_page_type",
                              f"page type {article.page_type.value} is not {wanted}")
        return None

    def _language_ok(self, language: str | None) -> bool:
        if not language:
            return False
        tag = language.lower().replace("_", "-")
        return tag in self.languages or tag.split("-", 1)[0] in self.languages


def parse_languages(value: str | None) -> frozenset[str]:
    """``en,de-AT`` -> ``{"en", "de-at"}``; raises ValueError on an empty item."""
    if not value:
        return frozenset()
    codes = [code.strip().lower().replace("_", "-") for code in value.split(",")]
    if not all(codes):
        raise ValueError(f"empty language code in {value!r}")
    return frozenset(codes)


def parse_page_types(value: str | None) -> frozenset[PageType]:
    """``article,listing`` -> page types; raises ValueError naming the valid ones."""
    if not value:
        return frozenset()
    types = set()
    for name in value.split(","):
        try:
            types.add(PageType(name.strip().lower()))
        except ValueError:
            valid = ", ".join(t.value for t in PageType)
            raise ValueError(f"unknown page type {name.strip()!r} (one of: {valid})") from None
    return frozenset(types)
