"""Coded errors of the scaling engines (``E600``–``E649``).

They follow :mod:`dotterel.errors`: each message says what to do, and library code
raises them through :class:`dotterel.errors.DotterelError`, so the CLI shows one
clean line. A bad *document* never raises: it becomes a failed
:class:`~dotterel.records.Outcome` with a one-line reason, and the run goes on.
"""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["EngineErrors"]


class EngineErrors(str, enum.Enum):
    """Error messages; raise them as ``DotterelError(EngineErrors.E600, ...)``."""

    E600 = "Invalid value for {option}: {reason}."
    E601 = "A coding worker could not start: {reason}. Check the configuration ('model', 'data_dirs') with 'dotterel code' first."
    E602 = "Coding workers keep dying before they are ready ({count} in a row; the last {reason}). Check free memory, or run with --workers 1."
    E603 = "The Dask engine reads files and folders only, not {what}. Give paths (on a cluster, paths every worker can read), or use the default engine."
    E604 = "Dask is not available ({reason}). Install 'dask' and 'distributed' (they are in requirements/main.txt)."
    E605 = "Cannot connect to the Dask scheduler at {address}: {reason}. Check the address (tcp://HOST:8786) and that the scheduler runs."
    E606 = "The output folder {path} is not empty. Give a new or empty folder."
    E607 = "Cannot write the output to {path}: {reason}. Check that the folder is writable."
    E609 = "{option} needs --engine dask."
    E610 = "The coder factory {factory!r} cannot be sent to worker processes ({reason}). Give a function or class defined at module level."

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(*args, **kwargs)
