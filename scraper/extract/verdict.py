"""Page verdict: what the page is (``page_type``) and whether a wall stands in for it."""

from __future__ import annotations

from scraper.models import Block, Blocked, Metadata, PageType

__all__ = ["judge"]


def judge(metadata: Metadata, blocks: list[Block],
          signals: dict[str, int]) -> tuple[PageType, Blocked | None]:
    """First version: every page with text is an article."""
    return (PageType.ARTICLE if blocks else PageType.OTHER), None
