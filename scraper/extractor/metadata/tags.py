"""Tags and keywords: one clean, deduplicated list."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["clean_tags"]

#: More tags than this is an SEO keyword dump; the first ones are the editor's.
MAX_TAGS = 30

#: A "tag" longer than this is a sentence pasted into the keywords field.
MAX_TAG_CHARS = 80


def clean_tags(values: Iterable[str]) -> list[str]:
    """Tags stripped of whitespace and quotes, deduplicated case-insensitively, in order."""
    tags: list[str] = []
    seen: set[str] = set()
    for value in values:
        tag = " ".join(value.split()).strip(" \"'#;")
        key = tag.casefold()
        if not tag or len(tag) > MAX_TAG_CHARS or key in seen:
            continue
        seen.add(key)
        tags.append(tag)
        if len(tags) >= MAX_TAGS:
            break
    return tags
