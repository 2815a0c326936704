"""Shared helpers for the ingestion tests: fixtures, a fake coder, a local HTTP server.

The server is a threaded ``http.server`` on 127.0.0.1 (port 0), with daemon threads;
it is shut down when the tests that use it are done, and in any case stops itself
after a minute. No test reaches any other address.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dotterel.ingest import LanguageDetector
from dotterel.records import Article, CodedArticle, Event, Outcome, Span

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def detector() -> LanguageDetector:
    return LanguageDetector()


class FakeCoder:
    """A coder that takes articles in batches (like spaCy's pipe) and codes one event each.

    A text containing ``FAILME`` fails; the coder yields nothing for ``DROPME`` (a
    broken coder), to check that ingestion still accounts for the document.
    """

    def __init__(self, batch: int = 3) -> None:
        self.batch = batch
        self.seen: list[Article] = []

    def code_many(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        buffer: list[Article] = []
        for article in articles:
            buffer.append(article)
            if len(buffer) >= self.batch:
                yield from self._flush(buffer)
                buffer = []
        yield from self._flush(buffer)

    def _flush(self, batch: list[Article]) -> Iterator[Outcome]:
        for article in batch:
            self.seen.append(article)
            if "DROPME" in article.text:
                continue
            if "FAILME" in article.text:
                yield Outcome(
                    status="failed", article=article, reason="parse error: the fake coder failed", stage="parse"
                )
                continue
            event = Event(
                id=f"{article.id}-e1",
                type="PROTEST",
                cameo="140",
                quad_class=3,
                intensity=-6.5,
                trigger=Span(0, 5),
                trigger_text=article.text[:5],
                sentence=0,
            )
            yield Outcome(status="coded", coded=CodedArticle(article=article, events=(event,)), article=article)


@pytest.fixture
def fake_coder() -> FakeCoder:
    return FakeCoder()


# -- the local HTTP server ------------------------------------------------------

Route = Callable[[BaseHTTPRequestHandler], None]


def respond(
    status: int = 200,
    body: bytes = b"",
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str, status: int = 302) -> Route:
    return respond(status, b"", headers={"Location": location})


def slow(seconds: float, body: bytes = b"<html><body><p>late</p></body></html>") -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        respond(200, body)(handler)

    return route


def endless_chunks(chunk: bytes = b"<p>" + b"x" * 8192 + b"</p>", count: int = 200) -> Route:
    """A chunked body with no Content-Length, far bigger than the caps used in tests."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for _ in range(count):
            handler.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        handler.wfile.write(b"0\r\n\r\n")

    return route


def gzipped(body: bytes, content_type: str = "text/html") -> Route:
    return respond(200, gzip.compress(body), content_type, headers={"Content-Encoding": "gzip"})


@dataclass
class LocalServer:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.record.append((path, dict(self.headers.items())))
        route = self.server.routes.get(path) or respond(404, b"not found", "text/plain")
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts, caps)
            pass

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, routes: dict[str, Route]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.record: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()


def page_html(title: str, paragraphs: list[str], *, published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{meta}</head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


STORY = [
    "Dock workers in the northern port walked off the job on Monday, halting the loading of grain ships for the "
    "first time in a decade as a dispute over overtime pay came to a head.",
    "The port authority said about thirty vessels were waiting offshore and warned that exporters would face "
    "heavy penalties if the stoppage lasted more than a few days.",
    "Union leaders said the strike would continue until the authority agreed to restore the overtime rates that "
    "were cut last year, and called on the labour minister to intervene.",
]
OTHER_STORY = [
    "The regional parliament voted on Thursday to postpone local elections by six months, citing the damage "
    "caused by the spring floods to polling stations in three districts.",
    "Opposition parties walked out of the chamber before the vote and accused the governing coalition of using "
    "the floods as an excuse to stay in power longer.",
    "The electoral commission said it would publish a new timetable next week and that voters displaced by the "
    "floods would be able to cast their ballots by post.",
]


@pytest.fixture(scope="session")
def sample_pages() -> dict[str, bytes]:
    """Two small article pages (the ones the local server serves)."""
    return {
        "strike": page_html("Dock strike", STORY),
        "vote": page_html("Vote postponed", OTHER_STORY),
    }


def default_routes() -> dict[str, Route]:
    article1 = page_html("Dock workers strike at northern port", STORY, published="2024-05-06T08:00:00Z")
    article2 = page_html("Regional vote postponed after floods", OTHER_STORY)
    feed = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Local Test Wire</title><link>/</link><language>en</language>
<item><title>Dock strike (feed title)</title><link>{base}/articles/1.html</link>
<pubDate>Sun, 05 May 2024 22:00:00 +0000</pubDate><description>Feed summary one.</description></item>
<item><title>Vote postponed</title><link>{base}/articles/2.html</link>
<pubDate>Thu, 09 May 2024 10:00:00 +0000</pubDate><author>desk@wire.example (Lena Ortiz)</author></item>
<item><title>Gone story</title><link>{base}/articles/missing.html</link></item>
</channel></rss>"""
    return {
        "/robots.txt": respond(200, b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        "/articles/1.html": respond(200, article1),
        "/articles/2.html": respond(200, article2),
        "/private/secret.html": respond(200, article2),
        "/feed.xml": lambda h: respond(200, feed.replace("{base}", h.server.base).encode(), "application/rss+xml")(h),
        "/plain.txt": respond(200, " ".join(STORY).encode(), "text/plain; charset=utf-8"),
        "/redirect/1": redirect("/redirect/2", 301),
        "/redirect/2": redirect("/articles/1.html", 302),
        "/loop": redirect("/loop"),
        "/slow": slow(2.0),
        "/big": respond(200, b"<html><body>" + b"<p>" + b"y" * 300_000 + b"</p></body></html>"),
        "/chunked": endless_chunks(),
        "/gzipped.html": gzipped(article1),
        "/teapot": respond(418, b"short and stout", "text/plain"),
        "/error": respond(503, b"try later", "text/plain"),
        "/image.png": respond(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png"),
    }


@pytest.fixture(scope="module")
def http_server() -> Iterator[LocalServer]:
    routes = default_routes()
    server = _Server(routes)
    host, port = server.server_address[:2]
    server.base = f"http://{host}:{port}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    watchdog = threading.Timer(60.0, server.shutdown)  # never outlive a stuck test run
    watchdog.daemon = True
    watchdog.start()
    local = LocalServer(base=server.base, routes=routes, requests=server.record)  # type: ignore[attr-defined]
    try:
        yield local
    finally:
        watchdog.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
