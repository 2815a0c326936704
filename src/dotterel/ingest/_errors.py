"""Coded errors of ingestion (E100–E199).

These are raised for mistakes in how ingestion is *asked* for (an unknown reader, a
bad option); a bad *document* never raises: it becomes a failed or skipped
:class:`~dotterel.records.Outcome` with a one-line reason, and the batch goes on.
"""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["IngestErrors"]


class IngestErrors(str, enum.Enum):
    """Error messages; raise them as ``DotterelError(IngestErrors.E100, name=...)``."""

    E100 = "Unknown reader {name!r}; choose one of: {choices}."
    E101 = "Invalid value for {option}: {reason}."
    E102 = "Invalid glob pattern {pattern!r}: {reason}."
    E103 = "Cannot write the report to {path}: {reason}. Check that the folder exists and is writable."
    E104 = "The coding pipeline is not available ({reason}). Install dotterel with its pipeline, or pass --no-code to read documents without coding them."
    E106 = "Invalid URL {url!r} for --url: give an absolute http(s) URL."

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(*args, **kwargs)
