"""Text and HTML output: the title first, ordered lists numbered, nothing unsafe in HTML."""

from __future__ import annotations

from html.parser import HTMLParser

from scraper.models import Article, Block, BlockType, Link
from tests.render_helpers import seed_article

HOSTILE = ('<script>alert(1)</script><style>p{}</style><img src=x onerror="alert(2)">'
           '<a href="javascript:alert(3)" onclick="alert(4)">x</a>')


def test_text_has_title_first_and_numbers_ordered_lists() -> None:
    article = Article(title="The title", blocks=[
        Block(BlockType.PARAGRAPH, text="Intro."),
        Block(BlockType.LIST, items=["one", "two"], ordered=True),
        Block(BlockType.LIST, items=["x"], ordered=False)], text="kept as it is")
    assert article.to_text() == "The title\n\nIntro.\n\n1. one\n2. two\n\n- x\n"
    assert article.text == "kept as it is"


def test_text_of_the_seed_page_holds_the_record_text() -> None:
    article = seed_article()
    text = article.to_text()
    assert text.startswith(article.title + "\n\n")
    assert text.removeprefix(article.title + "\n\n").rstrip("\n") == article.text


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def collect(html: str) -> Collect:
    parser = Collect()
    parser.feed(html)
    return parser


def test_html_is_semantic_with_metadata_in_head() -> None:
    article = seed_article()
    html = article.to_html()
    assert html.startswith("<!DOCTYPE html>")
    parsed = collect(html)
    assert parsed.tags.count("ul") == 4 and parsed.tags.count("table") == 1
    assert parsed.tags.count("th") == 3 and parsed.tags.count("td") == 9
    levels = [b.level for b in article.blocks if b.type is BlockType.HEADING]
    assert parsed.tags.count("h3") == levels.count(3) and "figure" in parsed.tags
    assert ("name", "author") in parsed.attrs and ("content", "Victoria Jones") in parsed.attrs
    assert f"<title>{article.title}</title>" in html


def test_html_never_carries_script_style_handlers_or_javascript_links() -> None:
    article = Article(title=HOSTILE, authors=['"><script>x</script>'], blocks=[
        Block(BlockType.PARAGRAPH, text=f"before {HOSTILE} after",
              links=[Link("after", "javascript:alert(5)")]),
        Block(BlockType.PARAGRAPH, text="click", links=[Link("click", " JaVaScRiPt:alert(6)")]),
        Block(BlockType.QUOTE, text="q", links=[Link("q", "data:text/html,<script>")]),
        Block(BlockType.IMAGE, src="javascript:alert(7)", alt='" onerror="alert(8)'),
        Block(BlockType.CODE, text=HOSTILE, language='x" onclick="y'),
        Block(BlockType.LIST, items=[HOSTILE], ordered=True),
        Block(BlockType.TABLE, rows=[[HOSTILE]], header=True),
    ])
    parsed = collect(article.to_html())
    assert not {"script", "style"} & set(parsed.tags)
    assert parsed.tags.count("img") == 0  # the only image had an unsafe src
    for name, value in parsed.attrs:
        assert not name.startswith("on"), name
        assert "javascript" not in (value or "").lower().replace(" ", "")
        assert not (value or "").lower().startswith("data:")
    assert HOSTILE in "".join(parsed.data)  # shown as text, as the page had it


def test_comments_follow_the_body_in_every_rendering() -> None:
    article = Article(title="T", blocks=[Block(BlockType.PARAGRAPH, text="Body.")],
                      comments=[Block(BlockType.PARAGRAPH, text="First!")])
    assert article.to_text() == "T\n\nBody.\n\nComments\n\nFirst!\n"
    assert article.to_markdown().endswith("Body.\n\n## Comments\n\nFirst!\n")
    assert "<section><h2>Comments</h2><p>First!</p></section>" in article.to_html()
