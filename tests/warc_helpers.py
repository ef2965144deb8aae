"""WARC archives for the tests, written with warcio's writer the way crawlers write them."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

NEWS_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><title>{title} – Stadtkurier</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/css/main.4f2a.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "lokal"}});</script>
</head><body class="article-page">
<header class="site-header"><a class="logo" href="/">Stadtkurier</a>
<nav class="main-nav"><ul><li><a href="/lokal/">Lokal</a></li><li><a href="/sport/">Sport</a></li>
<li><a href="/kultur/">Kultur</a></li></ul></nav></header>
<main><article class="story">
<h1 class="story__headline">{title}</h1>
<div class="story__meta"><span class="byline">Von Anna Berger</span></div>
<div class="story__body">
<p>{lead}</p>
<p>Die Bauarbeiten sollen im kommenden Frühjahr beginnen; die ersten Bahnen könnten nach
Angaben der Verkehrsbetriebe im Jahr 2028 fahren, sofern das Land seinen Anteil bestätigt.</p>
<p>Anwohner hatten sich über Jahre für die Verlängerung eingesetzt. „Wir warten seit einem
Jahrzehnt darauf“, sagte eine Sprecherin der Bürgerinitiative am Dienstagabend.</p>
</div></article></main>
<aside class="teasers"><h2>Meistgelesen</h2><ul><li><a href="/sport/1">Derby endet 2:2</a></li>
</ul></aside>
<footer class="site-footer"><p>© Stadtkurier Verlag</p><a href="/impressum">Impressum</a></footer>
</body></html>"""


def news_page(title: str, lead: str, lang: str = "de") -> str:
    return NEWS_PAGE.format(title=title, lead=lead, lang=lang)


@dataclass
class Response:
    url: str
    body: bytes
    headers: list[tuple[str, str]] = field(
        default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")])
    status: str = "200 OK"
    date: str | None = None


def write_warc(path: Path, responses: list[Response], *, gzip: bool = True,
               metadata: bool = True) -> Path:
    """A request, the response and (``metadata``) a metadata record for each response."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for response in responses:
            host = response.url.split("/")[2]
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", host)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                response.url, "request", payload=io.BytesIO(b""), http_headers=request))
            extra = {"WARC-Date": response.date} if response.date else None
            http = StatusAndHeaders(response.status, response.headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                response.url, "response", payload=io.BytesIO(response.body),
                http_headers=http, warc_headers_dict=extra))
            if metadata:
                writer.write_record(writer.create_warc_record(
                    response.url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 85\r\n"),
                    warc_content_type="application/warc-fields"))
    return path
