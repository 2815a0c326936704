"""Fixtures: the hand-made store and in-process clients (httpx over ASGI, no server)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from dotterel.api import create_app
from tests.api.corpus import build_store

TOKEN = "test-token-0123456789abcdef"


class Client:
    """A synchronous face on ``httpx.AsyncClient(transport=ASGITransport(app))``."""

    def __init__(self, app: Any, *, raise_app_exceptions: bool = True) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
        self.http = httpx.AsyncClient(transport=transport, base_url="http://testserver")

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()
        self.app.state.dotterel.pool.close()


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is the one JSON error shape, with this status (and code)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "status"}
    assert error["status"] == status
    assert error["message"].startswith(f"[{error['code']}]")
    if code is not None:
        assert error["code"] == code, error
    return error


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api") / "api.duckdb")


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[Client]:
    c = Client(create_app(db_path=store_path))
    yield c
    c.close()


@pytest.fixture()
def fresh_store(tmp_path: Path) -> Path:
    """A store of one's own, for tests that write."""
    return build_store(tmp_path / "own.duckdb")
