"""The common shape every metadata source returns: values per field, each with its source name.

A source lists what it found for each field, best first; ``extract_metadata`` walks the sources
in order of trust and keeps the first value that survives cleaning.
"""

from __future__ import annotations

from collections import defaultdict

__all__ = ["ORG_AUTHORS", "Candidates"]

#: Field name under which sources list authors that are organisations, not persons; they are
#: used only when no person is known.
ORG_AUTHORS = "authors_org"


class Candidates(defaultdict[str, list[tuple[str, str]]]):
    """``field -> [(value, source), ...]``, best first within one source."""

    def __init__(self) -> None:
        super().__init__(list)

    def add(self, field: str, value: object, source: str) -> None:
        """Record ``value`` for ``field`` when it is a non-empty string (others are ignored)."""
        if isinstance(value, str) and (text := " ".join(value.split())):
            self[field].append((text, source))

    def add_raw(self, field: str, value: str, source: str) -> None:
        """Record ``value`` with its line breaks kept (bylines split on them)."""
        if value.strip():
            self[field].append((value, source))
