"""The JSON-LD product description stands in for a description the page does not show."""

from __future__ import annotations

from scraper.models import BlockType, RawPage
from scraper.pipeline import extract_page

DESCRIPTION = ("These quarter socks are knitted for comfort and built to last: higher than an "
               "ankle sock, lower than a calf sock, with a cushioned footbed, a seamless toe "
               "and a honeycomb arch support that holds the foot without squeezing it.")


def _page(body: str, ld_type: str = "Product", description: str = DESCRIPTION) -> RawPage:
    html = f"""<!DOCTYPE html><html lang="en"><head><title>Men's Quarter Socks | Knit Co</title>
<meta property="og:description" content="Shop men's quarter socks.">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"{ld_type}",
"name":"Men's Quarter Socks","description":"{description}",
"offers":{{"@type":"Offer","price":"14.00","priceCurrency":"USD"}}}}</script></head>
<body><div id="__next"><header class="SiteHeader"><nav><a href="/">Home</a>
<a href="/men">Men</a></nav></header><main class="ProductPage-styled__Main-sc-1x">
<div class="ProductDetails-styled__Info-sc-9f"><h1>Men's Quarter Socks</h1>
<div class="ProductPrice-styled__Price-sc-2a">$14.00</div>{body}</div></main></div></body></html>"""
    return RawPage(body=html.encode(), url="https://shop.example.com/products/mens-quarter-socks")


def test_a_product_page_that_does_not_show_its_description_gets_it_first() -> None:
    article = extract_page(_page("<ul><li>Midweight</li><li>Just enough cushion for your "
                                 "everyday shoes</li></ul><button>Add to cart</button>"))
    assert article.blocks[0].type is BlockType.PARAGRAPH
    assert article.blocks[0].text == DESCRIPTION
    assert "Midweight" in article.text


def test_a_description_the_page_shows_is_not_repeated() -> None:
    shown = f"<div class='ProductDescription'><p>{DESCRIPTION}</p></div>"
    article = extract_page(_page(shown))
    assert article.text.count("honeycomb arch support") == 1


def test_an_articles_description_is_a_summary_and_stays_out() -> None:
    article = extract_page(_page("<p>Short teaser of the piece, the rest is elsewhere.</p>",
                                 ld_type="NewsArticle"))
    assert "honeycomb" not in article.text


def test_a_short_description_is_a_slogan_and_stays_out() -> None:
    article = extract_page(_page("<p>Midweight socks.</p>", description="Clean, classic style."))
    assert "Clean, classic" not in article.text
