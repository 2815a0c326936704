"""The FastAPI application: the API under ``/api``, the dashboard at ``/``.

:func:`create_app` builds it for one store file. Every error, whatever raised
it, is answered with one JSON shape (``{"error": {"code", "message",
"status"}}``); every response carries a strict Content-Security-Policy; request
bodies and page sizes are bounded.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dotterel.api._errors import ApiError, ApiErrors, error_body, status_for
from dotterel.api._pool import StorePool
from dotterel.errors import DotterelError

__all__ = ["Limits", "ApiState", "create_app", "CONTENT_SECURITY_POLICY", "MIN_TOKEN_LENGTH"]

log = logging.getLogger("dotterel.api")

#: What the dashboard may load: its own files and API, nothing inline, nothing else.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)

_SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]

#: The shortest ingest token accepted.
MIN_TOKEN_LENGTH = 16


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one request may ask for."""

    page: int = 500  # events or happenings a page
    offset: int = 100_000  # deepest offset (deep paging is slow; narrow the filters)
    geo: int = 5_000  # happenings on the map
    dyads: int = 500
    actors: int = 500
    body: int = 2_000_000  # bytes of a request body
    text: int = 200  # characters of a filter value

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]


@dataclass
class ApiState:
    """What the endpoints share (``app.state.dotterel``)."""

    pool: StorePool
    limits: Limits
    ingest_token: str | None = None
    coder_factory: Callable[[], Any] | None = None
    fetcher: Any = None
    _coder: Any = None
    _detector: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def ingest_enabled(self) -> bool:
        return bool(self.ingest_token)

    def coder(self) -> Any:
        """The coder, made on first use (loading spaCy takes a few seconds)."""
        with self._lock:
            if self._coder is None:
                if self.coder_factory is not None:
                    self._coder = self.coder_factory()
                else:
                    from dotterel.pipeline import Coder

                    self._coder = Coder()
            return self._coder

    def detector(self) -> Any:
        with self._lock:
            if self._detector is None:
                from dotterel.ingest import LanguageDetector

                self._detector = LanguageDetector()
            return self._detector


class _SecurityHeaders:
    """Adds the security headers to every HTTP response; ``no-store`` on the API,
    ``no-cache`` on the dashboard's files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        is_api = path.startswith("/api/")
        is_static = path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in _HEADER_NAMES]
                headers += _SECURITY_HEADERS
                if is_api:
                    headers = [h for h in headers if h[0].lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                elif is_static and not any(h[0].lower() == b"cache-control" for h in headers):
                    headers.append((b"cache-control", b"no-cache"))  # revalidate (ETag): no stale code after an upgrade
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


_HEADER_NAMES = {name for name, _ in _SECURITY_HEADERS}


class _BodyLimit:
    """Refuses request bodies over ``limit`` bytes (by Content-Length, or as they stream)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.limit or declared < 0:
                    error = ApiError(ApiErrors.E504, limit=self.limit)
                    response = JSONResponse(error_body(error.code, error.message, error.status), status_code=error.status)
                    await response(scope, receive, send)
                    return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise ApiError(ApiErrors.E504, limit=self.limit)
            return message

        await self.app(scope, counted, send)


def _json_error(code: str, message: str, status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, status), status_code=status, headers=headers)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(DotterelError)
    async def dotterel_error(request: Request, exc: DotterelError) -> JSONResponse:
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc.message)
        headers = getattr(exc, "headers", None) or None
        return _json_error(exc.code, exc.message, status, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": ("query", "?"), "msg": "invalid"}
        loc = [str(p) for p in first.get("loc", ())]
        where = loc[0] if loc else "query"
        name = ".".join(loc[1:]) or where
        reason = str(first.get("msg", "invalid")).rstrip(".")
        if where == "body":
            error = ApiError(ApiErrors.E507, reason=f"{name}: {reason}")
        else:
            error = ApiError(ApiErrors.E503, where=where, name=name, reason=reason)
        return _json_error(error.code, error.message, error.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            error = ApiError(ApiErrors.E501, path=request.url.path)
        elif exc.status_code == 405:
            error = ApiError(ApiErrors.E502, method=request.method, path=request.url.path)
            return _json_error(error.code, error.message, error.status, dict(exc.headers or {}))
        else:
            return _json_error("E500", f"[E500] {exc.detail}", exc.status_code)
        return _json_error(error.code, error.message, error.status)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error in %s %s", request.method, request.url.path)
        error = ApiError(ApiErrors.E500, kind=type(exc).__name__)
        return _json_error(error.code, error.message, error.status)


def create_app(
    *,
    db_path: str | os.PathLike[str],
    ingest_token: str | None = None,
    read_only: bool | None = None,
    pool_size: int = 4,
    limits: Limits | None = None,
    coder_factory: Callable[[], Any] | None = None,
    fetcher: Any = None,
    dashboard: bool = True,
    derived: bool = True,
) -> FastAPI:
    """The API (and dashboard) for the store at ``db_path``.

    Without ``ingest_token``, ``POST /api/ingest`` is off (403) and the store is
    opened read-only (other processes may read it meanwhile). With one, the store
    is opened for writing (created when missing) and ingestion needs
    ``Authorization: Bearer <ingest_token>``. ``coder_factory`` makes the coder
    used by ingestion (default ``dotterel.pipeline.Coder``); ``fetcher`` is a
    shared :class:`dotterel.ingest.Fetcher` for URLs. ``derived`` keeps the
    dashboard's denormalised tables (:mod:`dotterel.api._derived`) for fast
    aggregates. The store opens on first use (or call
    ``app.state.dotterel.pool.open()``), and closes at shutdown.
    """
    token = ingest_token or None
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise ApiError(ApiErrors.E511, length=len(token), minimum=MIN_TOKEN_LENGTH)
    limits = limits or Limits()
    if read_only is None:
        read_only = token is None
    pool = StorePool(db_path, read_only=read_only, size=pool_size, derived=derived)
    state = ApiState(pool=pool, limits=limits, ingest_token=token, coder_factory=coder_factory, fetcher=fetcher)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            pool.close()

    from dotterel import __version__ as version
    from dotterel.api._routes import router

    app = FastAPI(
        title="dotterel",
        version=version,
        description=(
            "PLOVER/CAMEO political events coded from news, with the evidence for every field. "
            "Every error answers `{\"error\": {\"code\", \"message\", \"status\"}}`. "
            "Spans are `[start, end]` character offsets into the article text. See docs/api.md."
        ),
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive pages load scripts from a CDN: the dashboard stays offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.dotterel = state
    _install_handlers(app)
    app.include_router(router)
    if dashboard:
        from dotterel.web import INDEX_HTML, STATIC_DIR

        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

        @app.get("/", include_in_schema=False)
        def index() -> FileResponse:
            return FileResponse(INDEX_HTML, media_type="text/html", headers={"cache-control": "no-cache"})

        @app.get("/favicon.ico", include_in_schema=False)
        def favicon() -> FileResponse:
            return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")

    app.add_middleware(_BodyLimit, limit=limits.body)
    app.add_middleware(_SecurityHeaders)
    return app
