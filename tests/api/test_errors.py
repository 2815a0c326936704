"""One JSON error shape for every error; security headers; the body limit; the schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from dotterel.api import CONTENT_SECURITY_POLICY, ApiError, ApiErrors, Limits, create_app
from tests.api.conftest import Client, assert_error


def test_unknown_paths_and_methods(client: Client) -> None:
    assert_error(client.get("/api/nothing"), 404, "E501")
    assert_error(client.get("/static/nothing.js"), 404, "E501")
    error = assert_error(client.request("DELETE", "/api/events"), 405, "E502")
    assert "DELETE" in error["message"]
    assert_error(client.post("/api/events", json={}), 405, "E502")


def test_security_headers_everywhere(client: Client) -> None:
    for path in ("/", "/api/meta", "/api/nothing", "/static/js/main.js", "/static/data/world.geojson"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"
    csp = CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_dashboard_files_are_served(client: Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/js/main.js">' in page.text
    assert "<script>" not in page.text and " style=" not in page.text  # nothing inline for the CSP to refuse
    js = client.get("/static/js/main.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    world = client.get("/static/data/world.geojson").json()
    assert world["type"] == "FeatureCollection" and len(world["features"]) > 170
    assert {"ISR", "LBN", "UKR", "RUS", "USA"} <= {f["id"] for f in world["features"]}
    assert client.get("/favicon.ico").status_code == 200


def test_static_files_never_use_innerhtml_or_eval() -> None:
    from dotterel.web import STATIC_DIR

    for path in (STATIC_DIR / "js").glob("*.js"):
        source = path.read_text(encoding="utf-8")
        for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute(\"style\""):
            assert banned not in source, f"{path.name} uses {banned}"


def test_body_limit(store_path: Path) -> None:
    c = Client(create_app(db_path=store_path, ingest_token="t" * 20, read_only=True, limits=Limits(body=100)))
    try:
        error = assert_error(c.post("/api/ingest", content=b"x" * 101, headers={"content-type": "application/json"}), 413, "E504")
        assert "100 bytes" in error["message"]

        async def chunks():
            for _ in range(5):
                yield b"y" * 40

        r = c.post(
            "/api/ingest",
            content=chunks(),
            headers={"content-type": "application/json", "authorization": "Bearer " + "t" * 20},
        )
        assert_error(r, 413, "E504")
    finally:
        c.close()


def test_unexpected_errors_are_500_without_details(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dotterel.api import _queries

    def boom(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(_queries, "geo", boom)
    c = Client(create_app(db_path=store_path), raise_app_exceptions=False)
    try:
        error = assert_error(c.get("/api/geo"), 500, "E500")
        assert "secret" not in error["message"] and "RuntimeError" in error["message"]
    finally:
        c.close()


def test_missing_store_is_503(tmp_path: Path) -> None:
    c = Client(create_app(db_path=tmp_path / "none.duckdb"))
    try:
        assert_error(c.get("/api/meta"), 503, "E201")
    finally:
        c.close()
    with pytest.raises(ApiError) as info:
        create_app(db_path=":memory:").state.dotterel.pool.open()
    assert info.value.code == "E509"


def test_short_tokens_are_refused(store_path: Path) -> None:
    with pytest.raises(ApiError) as info:
        create_app(db_path=store_path, ingest_token="short")
    assert info.value.code == "E511"


def test_error_codes_are_in_range() -> None:
    codes = [int(e.name[1:]) for e in ApiErrors]
    assert all(500 <= c <= 549 for c in codes) and len(set(codes)) == len(codes)


def test_openapi_documents_every_endpoint(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert set(paths) == {
        "/api/meta",
        "/api/events",
        "/api/events/{event_id}",
        "/api/articles/{article_id}",
        "/api/actors",
        "/api/stats/timeline",
        "/api/stats/dyads",
        "/api/geo",
        "/api/ingest",
    }
    for path, methods in paths.items():
        for method, op in methods.items():
            assert op.get("summary"), (path, method)
            assert "200" in op["responses"]
            assert op["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
    events = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"type", "actor", "recipient", "party", "since", "until", "modality", "text", "unit", "sort", "limit", "offset"} <= events
    ingest = paths["/api/ingest"]["post"]
    assert "text" in ingest["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert {"401", "403", "413", "415", "422"} <= set(ingest["responses"])
    assert "ErrorResponse" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # no CDN-loaded pages
