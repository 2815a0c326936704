"""dotterel: news in, PLOVER/CAMEO event data out, with evidence for every field.

The public API::

    import dotterel
    coded = dotterel.code(text, published="2024-10-01")
    for event in coded.events:
        print(event.type, [a.name for a in event.actors], event.trigger_text)
"""

from __future__ import annotations

import datetime as _dt
import functools as _functools
from typing import Any

from dotterel.config import Config, load_config
from dotterel.errors import ConfigError, DataFileError, DotterelError, Errors, InputError, Warnings
from dotterel.records import (
    PLOVER_TYPES,
    SCHEMA_VERSION,
    Actor,
    Article,
    Attribution,
    Block,
    CodedArticle,
    Count,
    DateRange,
    Entity,
    Event,
    Location,
    Modality,
    Outcome,
    Quote,
    Span,
)

__all__ = [
    "code",
    "Coder",
    "open_store",
    "Config",
    "load_config",
    "Article",
    "Actor",
    "Attribution",
    "Block",
    "CodedArticle",
    "Count",
    "DateRange",
    "Entity",
    "Event",
    "Location",
    "Modality",
    "Outcome",
    "Quote",
    "Span",
    "PLOVER_TYPES",
    "SCHEMA_VERSION",
    "DotterelError",
    "InputError",
    "ConfigError",
    "DataFileError",
    "Errors",
    "Warnings",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "Coder":  # imported lazily: it loads spaCy
        from dotterel.pipeline import Coder

        return Coder
    if name == "open_store":  # imported lazily: it loads DuckDB
        from dotterel.store import open_store

        return open_store
    raise AttributeError(name)


@_functools.lru_cache(maxsize=2)
def _default_coder(config: Config):
    from dotterel.pipeline import Coder

    return Coder(config)


def code(
    text: str,
    *,
    published: str | _dt.date | None = None,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    config: Config | None = None,
) -> CodedArticle:
    """Code one article's text into events, quotes, counts and entities.

    The model is loaded on the first call and kept for later calls.
    """
    if isinstance(published, str):
        try:
            published = _dt.date.fromisoformat(published)
        except ValueError:
            raise InputError(Errors.E007, value=published) from None
    article = Article(text=text, title=title, publisher=publisher, url=url, published=published)
    return _default_coder(config or load_config()).code(article)
