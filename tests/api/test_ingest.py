"""``POST /api/ingest``: off without a token, the bearer token, text and URL documents."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import httpx
import pytest

from dotterel.api import create_app
from dotterel.records import Article, Outcome
from dotterel.store.testing import make_coded
from tests.api.conftest import TOKEN, Client, assert_error

TEXT = "Israel struck Lebanon on Monday, the army said. Residents fled."
AUTH = {"authorization": f"Bearer {TOKEN}"}


class FakeCoder:
    """Codes 'X struck Y' as an ASSAULT, without spaCy."""

    def __init__(self) -> None:
        self.seen: list[Article] = []

    def code_many(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        for a in articles:
            self.seen.append(a)
            events = []
            if "Israel struck Lebanon" in a.text:
                events.append({"type": "ASSAULT", "trigger": "struck", "actor": {"name": "Israel", "country": "ISR", "kind": "country"},
                               "recipient": {"name": "Lebanon", "country": "LBN", "kind": "country"}})
            coded = make_coded(a.text, events=events, title=a.title, publisher=a.publisher, url=a.url,
                               published=a.published, id=a.id)
            yield Outcome(status="coded", article=a, coded=coded, origin=a.origin)


@pytest.fixture()
def writer(fresh_store: Path) -> Iterator[tuple[Client, FakeCoder]]:
    coder = FakeCoder()
    c = Client(create_app(db_path=fresh_store, ingest_token=TOKEN, coder_factory=lambda: coder))
    yield c, coder
    c.close()


def test_off_without_a_token(client: Client) -> None:
    error = assert_error(client.post("/api/ingest", json={"text": TEXT}, headers=AUTH), 403, "E505")
    assert "--ingest-token" in error["message"]
    assert client.get("/api/meta").json()["ingest"] is False


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"authorization": "Bearer"},
        {"authorization": "Bearer wrong-token-0123456789"},
        {"authorization": f"Basic {TOKEN}"},
        {"authorization": f"Bearer {TOKEN}x"},
        {"authorization": TOKEN},
    ],
)
def test_needs_the_right_bearer_token(writer: tuple[Client, FakeCoder], headers: dict) -> None:
    c, coder = writer
    r = c.post("/api/ingest", json={"text": TEXT}, headers=headers)
    assert_error(r, 401, "E506")
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert coder.seen == []
    assert c.get("/api/meta").json()["counts"]["articles"] == 7


def test_codes_and_stores_a_text(writer: tuple[Client, FakeCoder]) -> None:
    c, coder = writer
    assert c.get("/api/meta").json()["ingest"] is True
    r = c.post(
        "/api/ingest",
        json={"text": TEXT, "title": "Raid", "publisher": "Wire", "published": "2024-10-07", "source_url": "https://wire.example/raid"},
        headers=AUTH,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    (outcome,) = body["outcomes"]
    assert outcome["status"] == "coded" and len(outcome["events"]) == 1
    assert body["stored"]["added"] == 1 and body["stored"]["events"] == 1
    assert coder.seen[0].title == "Raid" and coder.seen[0].published.isoformat() == "2024-10-07"
    detail = c.get(f"/api/events/{outcome['events'][0]}").json()
    assert detail["mentions"][0]["publisher"] == "Wire" and detail["mentions"][0]["url"] == "https://wire.example/raid"
    assert c.get("/api/events", params={"since": "2024-10-07"}).json()["total"] == 1
    # the same text again is counted, not stored twice
    again = c.post("/api/ingest", json={"text": TEXT}, headers=AUTH).json()
    assert again["stored"]["present"] == 1 and again["stored"]["added"] == 0
    assert c.get("/api/meta").json()["counts"]["articles"] == 8


def test_other_languages_are_skipped(writer: tuple[Client, FakeCoder]) -> None:
    c, _ = writer
    text = "Les forces israéliennes ont frappé le Liban lundi, a indiqué l'armée. Les habitants ont fui vers le nord du pays."
    body = c.post("/api/ingest", json={"text": text}, headers=AUTH).json()
    assert body["outcomes"][0]["status"] == "skipped" and body["outcomes"][0]["reason"] == "language fr"
    assert body["stored"]["failures"] == 1


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {}}, 422, "E507"),
        ({"json": {"text": TEXT, "url": "https://a.example/"}}, 422, "E507"),
        ({"json": {"text": ""}}, 422, "E507"),
        ({"json": {"url": "file:///etc/passwd"}}, 422, "E507"),
        ({"json": {"url": "javascript:alert(1)"}}, 422, "E507"),
        ({"json": {"text": TEXT, "published": "Monday"}}, 422, "E507"),
        ({"json": {"text": TEXT, "extra": 1}}, 422, "E507"),
        ({"json": ["text"]}, 422, "E507"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "E507"),
        ({"content": TEXT.encode(), "headers": {"content-type": "text/plain"}}, 415, "E510"),
        ({"data": {"text": TEXT}}, 415, "E510"),
    ],
)
def test_bad_bodies(writer: tuple[Client, FakeCoder], kwargs: dict, status: int, code: str) -> None:
    c, coder = writer
    headers = {**AUTH, **kwargs.pop("headers", {})}
    assert_error(c.post("/api/ingest", headers=headers, **kwargs), status, code)
    assert coder.seen == []


def test_fetches_a_url(fresh_store: Path) -> None:
    from dotterel.ingest import FetchOptions, Fetcher

    page = (
        "<html><head><title>Raid on Lebanon</title></head><body><article><h1>Raid on Lebanon</h1>"
        f"<p>{TEXT}</p><p>More residents fled the area as the strikes went on through the night and into the morning.</p>"
        "</article></body></html>"
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, text=page, headers={"content-type": "text/html; charset=utf-8"})

    fetcher = Fetcher(FetchOptions(min_interval=0), transport=httpx.MockTransport(handler), resolver=lambda host, port: ["93.184.216.34"])
    coder = FakeCoder()
    c = Client(create_app(db_path=fresh_store, ingest_token=TOKEN, coder_factory=lambda: coder, fetcher=fetcher))
    try:
        body = c.post("/api/ingest", json={"url": "https://news.example/raid", "published": "2024-10-07"}, headers=AUTH).json()
        (outcome,) = body["outcomes"]
        assert outcome["status"] == "coded" and outcome["events"], body
        assert "Israel struck Lebanon" in coder.seen[0].text and coder.seen[0].url == "https://news.example/raid"
    finally:
        c.close()
        fetcher.close()


def test_private_addresses_are_refused(writer: tuple[Client, FakeCoder]) -> None:
    c, coder = writer
    body = c.post("/api/ingest", json={"url": "http://127.0.0.1:9/secret"}, headers=AUTH).json()
    (outcome,) = body["outcomes"]
    assert outcome["status"] == "failed" and "loopback" in outcome["reason"]
    assert coder.seen == []
    assert body["stored"]["failures"] == 1


def test_with_the_real_coder(fresh_store: Path, coder) -> None:
    c = Client(create_app(db_path=fresh_store, ingest_token=TOKEN, coder_factory=lambda: coder))
    try:
        text = "Israeli forces struck Hezbollah targets in southern Lebanon on Tuesday, the army said."
        body = c.post("/api/ingest", json={"text": text, "published": "2024-10-01"}, headers=AUTH).json()
        (outcome,) = body["outcomes"]
        assert outcome["status"] == "coded" and outcome["events"]
        detail = c.get(f"/api/events/{outcome['events'][0]}").json()
        assert detail["mentions"][0]["type"] == "ASSAULT"
        assert {"actor": "Israeli forces", "trigger": "struck"}.items() <= {m["role"]: m["text"] for m in detail["mentions"][0]["marks"]}.items()
    finally:
        c.close()
