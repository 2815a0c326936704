"""The HTTP API and the dashboard: ``dotterel serve``.

>>> from dotterel.api import create_app
>>> app = create_app(db_path="dotterel.duckdb")             # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8000)            # doctest: +SKIP

Endpoints (see ``docs/api.md``; the schema is at ``/api/openapi.json``):
``/api/meta``, ``/api/events``, ``/api/events/{id}``, ``/api/articles/{id}``,
``/api/actors``, ``/api/stats/timeline``, ``/api/stats/dyads``, ``/api/geo``
and ``POST /api/ingest`` (off unless the operator sets a token). Every error is
``{"error": {"code", "message", "status"}}``; the API's own codes are E500-E549.
"""

from __future__ import annotations

from dotterel.api._app import CONTENT_SECURITY_POLICY, MIN_TOKEN_LENGTH, ApiState, Limits, create_app
from dotterel.api._errors import ApiError, ApiErrors, error_body, status_for
from dotterel.api._pool import StorePool

__all__ = [
    "create_app",
    "Limits",
    "ApiState",
    "StorePool",
    "ApiError",
    "ApiErrors",
    "error_body",
    "status_for",
    "CONTENT_SECURITY_POLICY",
    "MIN_TOKEN_LENGTH",
]
