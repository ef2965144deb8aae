"""Nested lists: kept as sublists of their item in blocks, rendered nested in Markdown, HTML and
text, while the record's ``text`` reads as it always did (the nested items run into their
item: benchmarks score it)."""

from __future__ import annotations

from markdown_it import MarkdownIt

import scraper
from scraper.models import BlockType

PAGE = """<html><head><title>Winter veg | Allotment Diary</title></head><body>
<div class="site"><article class="post"><h1 class="entry-title">What to sow in a cold frame</h1>
<div class="entry-content"><p>A cold frame buys about three weeks at each end of the season, which
is enough for a few crops that would otherwise wait for spring.</p>
<ul class="wp-block-list">
<li>Salad leaves, in short rows every fortnight:
<ul class="wp-block-list"><li>winter purslane</li>
<li>lamb's lettuce, <em>Verte de Cambrai</em></li></ul></li>
<li>Early carrots
<ol class="wp-block-list"><li>sow thinly in February,</li><li>cover on frosty nights.</li></ol></li>
<li>Broad beans, started in pots.</li>
<li>Spring onions <ul><li>White Lisbon</li></ul> and a row of radish.</li>
</ul>
<p>Open the lid on any day above ten degrees, or the seedlings stretch towards the glass.</p>
</div></article></div></body></html>"""

FLAT = ["- Salad leaves, in short rows every fortnight: winter purslane lamb's lettuce, "
        "Verte de Cambrai",
        "- Early carrots sow thinly in February, cover on frosty nights.",
        "- Broad beans, started in pots.",
        "- Spring onions White Lisbon and a row of radish."]


def _article() -> scraper.Article:
    return scraper.extract(PAGE, url="https://allotment-diary.example/2025/01/cold-frame/")


def test_the_record_text_runs_nested_items_into_their_item() -> None:
    assert "\n".join(FLAT) in _article().text


def test_blocks_keep_each_nested_list_under_its_item() -> None:
    [block] = [b for b in _article().blocks if b.type is BlockType.LIST]
    assert block.items == ["Salad leaves, in short rows every fortnight:", "Early carrots",
                           "Broad beans, started in pots.",
                           # text after the nested list: the item stays whole, as before
                           "Spring onions White Lisbon and a row of radish."]
    assert block.sublists is not None
    salad, carrots, beans, onions = block.sublists
    assert salad is not None and salad.items == ["winter purslane",
                                                 "lamb's lettuce, Verte de Cambrai"]
    assert salad.ordered is False
    assert carrots is not None and carrots.ordered is True
    assert carrots.items == ["sow thinly in February,", "cover on frosty nights."]
    assert beans is None and onions is None
    data = block.to_dict()
    assert data["sublists"][2] is None and data["sublists"][1]["ordered"] is True


def _nested_items(tokens: list, start: int) -> list:
    """The list opening at ``tokens[start]`` as [(item text, nested list or None), ...]."""
    items: list = []
    depth = tokens[start].level
    index = start + 1
    while not (tokens[index].type.endswith("_list_close") and tokens[index].level == depth):
        token = tokens[index]
        if token.type == "list_item_open":
            items.append(["", None])
        elif token.type == "inline" and token.level == depth + 3:
            items[-1][0] += token.content
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items[-1][1] = (token.type == "ordered_list_open", _nested_items(tokens, index))
            while not (tokens[index].type.endswith("_list_close")
                       and tokens[index].level == token.level):
                index += 1
        index += 1
    return [tuple(item) for item in items]


def test_markdown_nests_the_lists_as_a_commonmark_parser_reads_them() -> None:
    markdown = _article().to_markdown()
    tokens = MarkdownIt("commonmark").parse(markdown.split("---\n", 2)[2])
    start = next(i for i, t in enumerate(tokens) if t.type == "bullet_list_open")
    assert _nested_items(tokens, start) == [
        ("Salad leaves, in short rows every fortnight:",
         (False, [("winter purslane", None), ("lamb's lettuce, Verte de Cambrai", None)])),
        ("Early carrots", (True, [("sow thinly in February,", None),
                                  ("cover on frosty nights.", None)])),
        ("Broad beans, started in pots.", None),
        ("Spring onions White Lisbon and a row of radish.", None),
    ]


def test_html_and_text_nest_the_lists_too() -> None:
    article = _article()
    html = article.to_html()
    assert ("<li>Salad leaves, in short rows every fortnight:<ul><li>winter purslane</li>"
            "<li>lamb&#x27;s lettuce, Verte de Cambrai</li></ul></li>") in html.replace(
                "&#39;", "&#x27;").replace("'", "&#x27;")
    assert "<li>Early carrots<ol><li>sow thinly in February,</li>" in html
    text = article.to_text()
    assert ("- Salad leaves, in short rows every fortnight:\n  - winter purslane\n"
            "  - lamb's lettuce, Verte de Cambrai\n- Early carrots\n"
            "  1. sow thinly in February,\n  2. cover on frosty nights.\n") in text


def test_a_record_with_nested_lists_validates_against_the_schema() -> None:
    import json
    from importlib.resources import files

    import jsonschema

    schema = json.loads(files("scraper").joinpath("article.schema.json").read_text("utf-8"))
    record = json.loads(json.dumps(_article().to_dict()))
    assert any("sublists" in block for block in record["blocks"])
    jsonschema.validate(record, schema, format_checker=jsonschema.FormatChecker())
