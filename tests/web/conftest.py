"""Fixtures for the browser tests: the hand-made store served on 127.0.0.1, and headless
Chromium. Without Chromium and chromedriver the tests skip, except under CI (``CI``
set), where they must run."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.api.corpus import build_store
from tests.web.browser import browser_missing_reason, chrome, console_errors, failed_requests, serve

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def browser_or_skip() -> None:
    reason = browser_missing_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests, but {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, browser_or_skip: None) -> Iterator[str]:
    from dotterel.api import create_app

    db = build_store(tmp_path_factory.mktemp("web") / "web.duckdb")
    with serve(create_app(db_path=db), max_seconds=300) as url:
        yield url


@pytest.fixture(scope="module")
def driver(browser_or_skip: None) -> Iterator[Any]:
    with chrome(width=1400, height=1000) as d:
        yield d


@pytest.fixture(autouse=True)
def clean_console(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every browser test ends with no console error and no failed request."""
    if "driver" not in request.fixturenames:
        yield
        return
    d = request.getfixturevalue("driver")
    url = request.getfixturevalue("site")
    console_errors(d)
    failed_requests(d, url)
    yield
    assert console_errors(d) == []
    assert failed_requests(d, url) == []
