"""Coded errors of the gazetteer and the place resolver (``E400``–``E449``).

They follow :mod:`dotterel.errors`: each message says what to do, and library code
raises them through :class:`dotterel.errors.DotterelError` (or one of its
subclasses), so the CLI and the HTTP API show one clean line.
"""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["GeoErrors"]


class GeoErrors(str, enum.Enum):
    """Error messages; format them with ``GeoErrors.E400.format(...)``."""

    E400 = "The gazetteer data {name!r} is missing from the installed {package} package ({reason}). Reinstall it with 'pip install -r requirements/main.txt'."
    E401 = "Gazetteer file {path}, line {line}: {reason}. Fix or remove the line."
    E402 = "Nothing to geocode: the text is empty. Give the words of a place or a sentence that names one."
    E403 = "Unknown precision {value!r}; choose one of: {choices}."
    E404 = "Place cases {path}, line {line}: {reason}. Fix the line (see tests/fixtures/geo/README.md)."

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(*args, **kwargs)
