"""Markdown output parses, with a real CommonMark + GFM parser, into exactly the blocks."""

from __future__ import annotations

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from scraper.models import Article, Block, BlockType, Link
from tests.render_helpers import seed_article

NASTY = ("a *b* _c_ `d` [e](f) <script>x</script> | g \\ h ~~i~~ &amp; # j get_text() __init__ "
         "1 < 2 > 0 <https://x.org> <!-- c --> snake_case_name _x")


def parse(markdown: str) -> tuple[dict[str, object], list[Token]]:
    assert markdown.startswith("---\n")
    _, meta, body = markdown.split("---\n", 2)
    return yaml.safe_load(meta), MarkdownIt("commonmark").enable("table").parse(body)


def inline_text(token: Token) -> str:
    """What a reader sees of an inline token: text, code and line breaks."""
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
                child.type == "html_inline" and child.content == "<br>"):
            out.append("\n")
        elif child.type == "image":
            out.append(inline_text(child))
    return "".join(out)


def headings(tokens: list[Token]) -> list[tuple[int, str]]:
    return [(int(t.tag[1]), inline_text(tokens[i + 1]))
            for i, t in enumerate(tokens) if t.type == "heading_open"]


def lists(tokens: list[Token]) -> list[tuple[bool, list[str]]]:
    found: list[tuple[bool, list[str]]] = []
    for i, t in enumerate(tokens):
        if t.type in ("bullet_list_open", "ordered_list_open"):
            items: list[str] = []
            for tok in tokens[i + 1:]:
                if tok.level == t.level and tok.type.endswith("_list_close"):
                    break
                if tok.type == "list_item_open":
                    items.append("")
                elif tok.type == "inline":
                    items[-1] += inline_text(tok)
            found.append((t.type == "ordered_list_open", items))
    return found


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    found: list[list[list[str]]] = []
    in_row = False
    for t in tokens:
        if t.type == "table_open":
            found.append([])
        elif t.type in ("tr_open", "tr_close"):
            in_row = t.type == "tr_open"
            if in_row:
                found[-1].append([])
        elif t.type == "inline" and in_row:
            found[-1][-1].append(inline_text(t))
    return found


def paragraphs(tokens: list[Token]) -> list[str]:
    return [inline_text(tokens[i + 1]) for i, t in enumerate(tokens)
            if t.type == "paragraph_open" and not t.hidden]


def test_seed_page_lists_table_and_headings_come_out_as_such() -> None:
    article = seed_article()
    meta, tokens = parse(article.to_markdown())
    assert meta["title"] == article.title and meta["authors"] == ["Victoria Jones"]
    assert meta["tags"] == article.tags and meta["page_type"] == "article"
    assert meta["url"] == article.url and meta["site"] == "Capital Cities"
    expected_lists = [(bool(b.ordered), b.items) for b in article.blocks
                      if b.type is BlockType.LIST]
    assert len(expected_lists) == 4
    assert lists(tokens) == expected_lists
    [table] = tables(tokens)
    [block] = [b for b in article.blocks if b.type is BlockType.TABLE]
    assert block.header and table == block.rows
    assert len(table) == 4 and {len(row) for row in table} == {3}
    assert headings(tokens) == [(1, article.title)] + [
        (b.level, b.text) for b in article.blocks if b.type is BlockType.HEADING]
    body = [b.text for b in article.blocks if b.type is BlockType.PARAGRAPH]
    assert [p for p in paragraphs(tokens) if p in body] == body


def test_special_characters_round_trip_as_text() -> None:
    article = Article(title="Title # with *stars*", blocks=[
        Block(BlockType.PARAGRAPH, text=NASTY),
        Block(BlockType.PARAGRAPH, text="1. not a list\n- nor this\n# nor a heading"),
        Block(BlockType.HEADING, text="Ends with #", level=3),
        Block(BlockType.LIST, items=[NASTY, "2) second", ""], ordered=True),
        Block(BlockType.QUOTE, text="> quoted\nsecond line"),
    ])
    _, tokens = parse(article.to_markdown())
    assert headings(tokens) == [(1, "Title # with *stars*"), (3, "Ends with #")]
    assert paragraphs(tokens)[:2] == [NASTY, "1. not a list\n- nor this\n# nor a heading"]
    assert lists(tokens) == [(True, [NASTY, "2) second", ""])]
    assert not any(t.type in ("html_block", "html_inline", "em_open", "link_open", "s_open")
                   for t in tokens for t in [t, *(t.children or [])])


def test_links_become_markdown_links_and_unsafe_ones_plain_text() -> None:
    article = Article(blocks=[Block(BlockType.PARAGRAPH,
                                    text="See the report (PDF) and the bad link here!",
                                    links=[Link("report (PDF)", "https://x.org/a b(1).pdf"),
                                           Link("bad link", "javascript:alert(1)"),
                                           Link("here", "https://x.org/h")])])
    _, tokens = parse(article.to_markdown())
    [inline] = [t for t in tokens if t.type == "inline"]
    hrefs = [c.attrGet("href") for c in inline.children or [] if c.type == "link_open"]
    assert hrefs == ["https://x.org/a%20b(1).pdf", "https://x.org/h"]
    assert inline_text(inline) == "See the report (PDF) and the bad link here!"


def test_tables_escape_pipes_and_line_breaks_and_get_a_header() -> None:
    rows = [["a|b", "line one\nline two"], ["x", "y", "extra"]]
    article = Article(blocks=[Block(BlockType.TABLE, rows=rows, header=False)])
    _, tokens = parse(article.to_markdown())
    [table] = tables(tokens)
    # No header in the record: an empty header row, every record row a body row, padded.
    assert table == [["", "", ""], ["a|b", "line one\nline two", ""], ["x", "y", "extra"]]


def test_code_fence_is_longer_than_any_backtick_run_and_keeps_the_language() -> None:
    code = "print('```')\n  indented\n````\n"
    article = Article(blocks=[Block(BlockType.CODE, text=code, language="python")])
    _, tokens = parse(article.to_markdown())
    [fence] = [t for t in tokens if t.type == "fence"]
    assert fence.info == "python" and fence.content == code


def test_images_quotes_and_yaml_that_needs_quoting() -> None:
    article = Article(title='He said: "no" # really', authors=["O'Brien", "- dash"],
                      tags=["yes", "null", "1.5"], blocks=[
                          Block(BlockType.IMAGE, src="https://x.org/i.jpg", alt="A [cat]",
                                caption="The cat, *asleep*"),
                          Block(BlockType.QUOTE, text="To be\nor not")])
    meta, tokens = parse(article.to_markdown())
    assert meta["title"] == 'He said: "no" # really'
    assert meta["authors"] == ["O'Brien", "- dash"] and meta["tags"] == ["yes", "null", "1.5"]
    images = [c for t in tokens for c in t.children or [] if c.type == "image"]
    assert [(i.attrGet("src"), inline_text(i)) for i in images] == [("https://x.org/i.jpg",
                                                                    "A [cat]")]
    assert "The cat, *asleep*" in paragraphs(tokens)
    assert [t.type for t in tokens].count("blockquote_open") == 1
    assert "To be\nor not" in paragraphs(tokens)


def test_title_is_not_repeated_when_the_body_opens_with_it() -> None:
    article = Article(title="Same", blocks=[Block(BlockType.HEADING, text="Same", level=1),
                                            Block(BlockType.PARAGRAPH, text="Body.")])
    _, tokens = parse(article.to_markdown())
    assert headings(tokens) == [(1, "Same")]
