"""Articles for the renderer tests: the seed fixture's reviewed record, read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scraper.models import Article, Block, Blocked, BlockType, Link, PageType

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "capital-cities-envoy.json"


def block_from_dict(data: dict[str, Any]) -> Block:
    fields = {k: v for k, v in data.items() if k not in ("type", "links", "sublists")}
    links = [Link(**link) for link in data["links"]] if data.get("links") else None
    sublists = ([block_from_dict(sub) if sub is not None else None for sub in data["sublists"]]
                if data.get("sublists") else None)
    return Block(BlockType(data["type"]), links=links, sublists=sublists, **fields)


def article_from_dict(data: dict[str, Any]) -> Article:
    fields = {k: v for k, v in data.items() if k in Article.__dataclass_fields__}
    fields["blocks"] = [block_from_dict(b) for b in data.get("blocks") or []]
    if data.get("comments") is not None:
        fields["comments"] = [block_from_dict(b) for b in data["comments"]]
    fields["page_type"] = PageType(data.get("page_type") or "article")
    fields["blocked"] = Blocked(data["blocked"]) if data.get("blocked") else None
    return Article(**fields)


def seed_article() -> Article:
    return article_from_dict(json.loads(SEED.read_text(encoding="utf-8")))
