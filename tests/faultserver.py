"""A real HTTP server on 127.0.0.1 with fault injection, for the crawl tests and benchmark.

Routes (all GET):
    /article/<name>          an article page (``?size=N`` pads it to about N bytes)
    /robots.txt              ``server.robots = (status, body)``, after ``server.robots_wait`` s
    /status/<code>           that status, with a small HTML body
    /flaky/<id>?fail=N&code=C   C for the first N requests of <id>, then an article
    /ratelimit/<id>?after=S  429 with ``Retry-After: S`` once, then an article
    /ratelimit-date/<id>?after=S  the same with an HTTP-date Retry-After
    /drip?n=N&every=S        promises N bytes, sends one every S seconds
    /hang                    accepts, never answers (until the server stops)
    /huge?n=N                N bytes of HTML without Content-Length
    /gzipbomb?n=N            gzip body inflating to N bytes, tiny on the wire
    /truncated               Content-Length 5000, 200 bytes sent, connection closed
    /type/<main>/<sub>       200 with that content type and a large body
    /redirect/chain/<n>      n redirects, then an article
    /redirect/loop/<a|b>     a -> b -> a ...
    /redirect/scheme         302 to ftp://
    /refresh/<name>          meta refresh to /article/<name>
    /etag/<id>               ETag "v-<id>", 304 on If-None-Match
    /canonical/<name>        article whose canonical is /article/<name>
    /empty                   200 text/html, empty body
    /slow/<name>?wait=S      article after S seconds
    /fixtures/<name>.html    a golden fixture page, with its fixtures/<name>.headers.json
Every request is logged in ``server.log`` as (path, headers, monotonic time); ``max_active``
is the most requests served at once (robots.txt included).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

__all__ = ["FaultServer", "article_html", "running_server"]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def article_html(name: str, size: int = 0, extra_head: str = "") -> bytes:
    """A realistic small article page; ``size`` pads the body with more paragraphs."""
    paras = [
        f"This is the opening paragraph of article {name}, reporting on events that took "
        "place over the weekend in the capital, where officials met to discuss the budget.",
        "Negotiators said the talks went late into the night, and several issues remain "
        "open, including the funding of regional transport and the schedule of reforms.",
        "Analysts expect a final agreement within weeks, although opposition parties have "
        "warned that they will not support a deal that cuts public services further.",
    ]
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    filler = ("<p>Further background: the committee has published its findings, which "
              f"cover the period under review for {name} in considerable detail.</p>\n")
    while size and len(body) < size:
        body += filler
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Article {name} | Daily Test</title>
<meta property="og:title" content="Article {name}">{extra_head}</head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>Article {name}</h1><p class="byline">By Jane Doe</p>
{body}</article></main>
<footer><p>Copyright Daily Test. All rights reserved.</p></footer></body></html>"""
    return page.encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaultServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        segments = [s for s in parts.path.split("/") if s]
        with self.server.lock:
            self.server.log.append((self.path, {k.lower(): v for k, v in self.headers.items()},
                                    time.monotonic()))
            self.server.hits[parts.path] += 1
            hits = self.server.hits[parts.path]
            self.server.active += 1
            self.server.max_active = max(self.server.max_active, self.server.active)
        route = segments[0] if segments else ""
        handler = getattr(self, "route_" + route.replace('-', '_').replace('.', '_'), None)
        try:
            if handler is None:
                self.send_simple(404, b"<html><body>not found</body></html>")
            else:
                handler(segments, query, hits)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self.server.lock:
                self.server.active -= 1

    # -- helpers --
    def send_simple(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
                    headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_simple(status, b"", headers={"Location": location})

    # -- routes --
    def route_fixtures(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        page = FIXTURES / seg[1]
        if len(seg) != 2 or not seg[1].endswith(".html") or not page.is_file():
            self.send_simple(404, b"<html><body>no such fixture</body></html>")
            return
        headers_file = page.with_name(page.name.removesuffix(".html") + ".headers.json")
        headers = json.loads(headers_file.read_text()) if headers_file.is_file() else {}
        ctype = next((v for k, v in headers.items() if k.lower() == "content-type"),
                     "text/html")
        self.send_simple(200, page.read_bytes(), ctype)

    def route_article(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        self.send_simple(200, article_html(seg[1], int(q.get("size", 0))))

    def route_robots_txt(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        status, body = self.server.robots
        if self.server.stopping.wait(self.server.robots_wait):
            return
        self.send_simple(status, body.encode(), "text/plain")

    def route_status(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        self.send_simple(int(seg[1]), b"<html><body><p>status page</p></body></html>")

    def route_flaky(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        if hits <= int(q.get("fail", 1)):
            self.send_simple(int(q.get("code", 500)), b"<html><body>oops</body></html>")
        else:
            self.send_simple(200, article_html(seg[1]))

    def route_ratelimit(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        if hits == 1:
            self.send_simple(429, b"slow down", headers={"Retry-After": q.get("after", "1")})
        else:
            self.send_simple(200, article_html(seg[1]))

    def route_ratelimit_date(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        if hits == 1:
            when = formatdate(time.time() + float(q.get("after", "1")), usegmt=True)
            self.send_simple(503, b"busy", headers={"Retry-After": when})
        else:
            self.send_simple(200, article_html(seg[1]))

    def route_drip(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        n, every = int(q.get("n", 100)), float(q.get("every", 1.0))
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(n))
        self.end_headers()
        for _ in range(n):
            if self.server.stopping.wait(every):
                return
            self.wfile.write(b"<")
            self.wfile.flush()

    def route_hang(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        self.server.stopping.wait(30)
        self.close_connection = True

    def route_huge(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        n = int(q.get("n", 50_000_000))
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        sent = 0
        while sent < n and not self.server.stopping.is_set():
            self.wfile.write(chunk)
            sent += len(chunk)

    def route_gzipbomb(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        n = int(q.get("n", 200_000_000))
        self.send_simple(200, _gzip_zeros(n), headers={"Content-Encoding": "gzip"})

    def route_truncated(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "5000")
        self.end_headers()
        self.wfile.write(article_html("t")[:200])
        self.wfile.flush()
        self.close_connection = True

    def route_type(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        self.send_simple(200, b"%PDF-1.4 " + b"0" * 2_000_000, f"{seg[1]}/{seg[2]}")

    def route_redirect(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        kind = seg[1]
        if kind == "chain":
            n = int(seg[2])
            self.redirect(f"/redirect/chain/{n - 1}" if n > 0 else "/article/chain-end", 301)
        elif kind == "loop":
            self.redirect("/redirect/loop/b" if seg[2] == "a" else "/redirect/loop/a")
        elif kind == "scheme":
            self.redirect("ftp://example.com/file")
        elif kind == "to":
            self.redirect("/article/" + seg[2])

    def route_refresh(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        page = (f'<html><head><meta http-equiv="refresh" content="0; url=/article/{seg[1]}">'
                "</head><body>Redirecting</body></html>")
        self.send_simple(200, page.encode())

    def route_etag(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        etag = f'"v-{seg[1]}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_simple(304, b"", headers={"ETag": etag})
        else:
            self.send_simple(200, article_html(seg[1]), headers={
                "ETag": etag, "Last-Modified": "Mon, 02 Jan 2023 10:00:00 GMT"})

    def route_canonical(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        host = self.headers.get("Host", "")
        link = f'<link rel="canonical" href="http://{host}/article/{seg[1]}">'
        self.send_simple(200, article_html(seg[1], extra_head=link))

    def route_empty(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        self.send_simple(200, b"")

    def route_slow(self, seg: list[str], q: dict[str, str], hits: int) -> None:
        if self.server.stopping.wait(float(q.get("wait", 1.0))):
            return
        self.send_simple(200, article_html(seg[1]))


_BOMBS: dict[int, bytes] = {}


def _gzip_zeros(n: int) -> bytes:
    if n not in _BOMBS:
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
            gz.write(b"<html><body><p>")
            block = b"\0" * (1 << 20)
            for _ in range(n >> 20):
                gz.write(block)
        _BOMBS[n] = buf.getvalue()
    return _BOMBS[n]


class FaultServer(ThreadingHTTPServer):
    """The server; ``url(path)`` gives the absolute URL of a path on it."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.log: list[tuple[str, dict[str, str], float]] = []
        self.hits: Counter[str] = Counter()
        self.robots: tuple[int, str] = (404, "")
        self.robots_wait = 0.0  # seconds before robots.txt answers
        self.stopping = threading.Event()
        self.active = 0
        self.max_active = 0

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up mid-request is what the fault tests do on purpose: no noise."""
        return

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def requests_for(self, path: str) -> list[tuple[str, dict[str, str], float]]:
        with self.lock:
            return [entry for entry in self.log if urlsplit(entry[0]).path == path]


@contextlib.contextmanager
def running_server() -> Iterator[FaultServer]:
    """Start a ``FaultServer`` on a free port in a thread; stop it on exit."""
    server = FaultServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
