"""Coded errors of the HTTP API (E500-E549) and the HTTP status of every coded error.

Every error the API answers has one JSON shape::

    {"error": {"code": "E503", "message": "[E503] ...", "status": 400}}

Library errors keep their own codes (a bad filter is the store's E210-E215, an
unknown event E216); the API's own mistakes and refusals are :class:`ApiErrors`.
"""

from __future__ import annotations

import enum
from typing import Any

from dotterel.errors import DotterelError

__all__ = ["ApiErrors", "ApiError", "status_for", "error_body"]


class ApiErrors(str, enum.Enum):
    """Error messages of the API; raise them as ``ApiError(ApiErrors.E503, ...)``."""

    E500 = "Internal error ({kind}). The server log has the details; please report it."
    E501 = "No such endpoint {path!r}. The API is described at /api/openapi.json."
    E502 = "Method {method} is not allowed on {path!r}."
    E503 = "Invalid {where} parameter {name!r}: {reason}."
    E504 = "The request body is over the limit of {limit:,} bytes."
    E505 = "Ingestion is off on this server: start it with --ingest-token (or DOTTEREL_INGEST_TOKEN) to allow POST /api/ingest."
    E506 = "Ingestion needs the operator's token: send 'Authorization: Bearer <token>'."
    E507 = "The ingest request is invalid: {reason}."
    E508 = "The store is busy: no connection was free within {seconds:g} s. Try again."
    E509 = "The store cannot be served: {reason}."
    E510 = "Send the ingest request as JSON ('Content-Type: application/json'), not {content_type!r}."
    E511 = "The ingest token is too short ({length} characters); use at least {minimum} (for example 'python -c \"import secrets; print(secrets.token_urlsafe(32))\"')."
    E512 = "The timeline would have {count:,} {bucket} buckets, over the limit of {limit:,}; choose a coarser bucket or a shorter date range."
    E513 = "Could not ingest the document: {reason}."

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(*args, **kwargs)


#: The HTTP status of each API error.
_API_STATUS = {
    "E500": 500,
    "E501": 404,
    "E502": 405,
    "E503": 400,
    "E504": 413,
    "E505": 403,
    "E506": 401,
    "E507": 422,
    "E508": 503,
    "E509": 503,
    "E510": 415,
    "E511": 500,
    "E512": 400,
    "E513": 422,
}

#: The HTTP status of the library's coded errors the API passes on.
_LIBRARY_STATUS = {
    "E007": 400,  # invalid date
    "E200": 503,
    "E201": 503,
    "E202": 503,
    "E203": 503,
    "E204": 403,
    "E205": 503,
    "E210": 400,
    "E211": 400,
    "E212": 400,
    "E213": 400,
    "E214": 400,
    "E215": 400,
    "E216": 404,
    "E217": 404,
}


class ApiError(DotterelError):
    """An error the API answers with its code, message and HTTP status."""

    def __init__(self, error: ApiErrors, /, *, headers: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(error, **kwargs)  # type: ignore[arg-type]
        self.status = _API_STATUS[error.name]
        self.headers = headers or {}


def status_for(error: DotterelError) -> int:
    """The HTTP status for a coded error: 4xx for the caller's mistakes, 5xx otherwise."""
    if isinstance(error, ApiError):
        return error.status
    code = error.code
    if code in _LIBRARY_STATUS:
        return _LIBRARY_STATUS[code]
    if code.startswith("E0") or code.startswith("E1"):
        return 422  # input, configuration or ingestion request errors
    return 500


def error_body(code: str, message: str, status: int) -> dict[str, Any]:
    """The one JSON shape of every error."""
    return {"error": {"code": code, "message": message, "status": status}}
