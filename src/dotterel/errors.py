"""Coded errors and warnings.

Every user-facing error carries a code (``E###``) and a message that says what
to do. Library code raises :class:`DotterelError`; the CLI and the HTTP API turn
it into a clean one-line message (never a traceback).
"""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["Errors", "Warnings", "DotterelError", "InputError", "ConfigError", "DataFileError"]


class Errors(str, enum.Enum):
    """Error messages; format them with ``Errors.E001.format(...)``."""

    E001 = "The spaCy pipeline {name!r} is not installed. Install it with 'pip install -r requirements/main.txt' or set 'model' in the configuration to an installed pipeline."
    E002 = "The pipeline component {component!r} needs {needs!r}, which no earlier component provides. Add a component that assigns it before {component!r}."
    E003 = "Cannot read {path}: {reason}. Check that the file exists and is readable."
    E004 = "Input is not text: {reason}. Give UTF-8 text (or use 'dotterel ingest' for HTML, feeds and archives)."
    E005 = "The text is empty after clean-up; there is nothing to code."
    E006 = "The text is {size:,} characters long, over the limit of {limit:,}. Split it or raise 'max_chars' in the configuration."
    E007 = "Invalid date {value!r}: give it as YYYY-MM-DD."
    E008 = "The gold file {path} is not valid: line {line}: {reason}."
    E009 = "Data file {path}, line {line}: {reason}. Fix or remove the line."
    E010 = "Unknown configuration key {key!r} in {source}. Known keys: {known}."
    E011 = "The text is in language {language!r}; dotterel codes English only. Set DOTTEREL_LANGUAGE=any (or language = \"any\" in dotterel.toml) to code it anyway."
    E012 = "Unknown output format {value!r}; choose one of: {choices}."
    E013 = "Invalid configuration value for {key!r}: {reason}."

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(*args, **kwargs)


class Warnings(str, enum.Enum):
    W001 = "The text looks like binary data ({ratio:.0%} control characters); it was coded anyway."
    W002 = "The text was cut to {limit:,} characters."
    W003 = "No publication date: dates are resolved without an anchor and relative dates stay unresolved."

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(*args, **kwargs)


class DotterelError(Exception):
    """The base of dotterel's errors; ``code`` is the E### code."""

    def __init__(self, error: Errors, /, **kwargs: Any) -> None:
        self.code = error.name
        self.message = error.format(**kwargs)
        super().__init__(self.message)


class InputError(DotterelError, ValueError):
    """The input cannot be coded (empty, too large, not text, wrong language)."""


class ConfigError(DotterelError, ValueError):
    """The configuration is invalid."""


class DataFileError(DotterelError, ValueError):
    """A lexicon, actor list or other data file has a bad line."""
