"""The event store: coded articles in, events and happenings out.

>>> from dotterel.store import open_store
>>> with open_store("dotterel.duckdb") as store:          # doctest: +SKIP
...     report = store.write(outcomes)                      # one transaction per batch
...     store.events(types=("ASSAULT",), actor="ISR", since=date(2024, 9, 30))
...     store.events(unit="happenings", sort="-mentions", limit=10)
...     coder = Coder(learned=store.learned_offices())         # people learned earlier

:func:`open_store` gives the DuckDB backend behind the :class:`Store`
interface. See ``docs/store.md`` for the schema, the merging rules and the
export formats.
"""

from __future__ import annotations

import os

from typing import TYPE_CHECKING, Any

from dotterel.store._errors import StoreError, StoreErrors
from dotterel.store._merge import MergeRules
from dotterel.store._migrations import LATEST_VERSION, MIGRATIONS, Migration
from dotterel.store._types import (
    ACTOR_SOURCES,
    ACTOR_STATUSES,
    DEFAULT_BATCH_SIZE,
    HAPPENING_SORTS,
    MENTION_SORTS,
    TABLE_DATE_COLUMN,
    TABLES,
    UNITS,
    ActorEvidence,
    EventDetail,
    EventFilter,
    Happening,
    Stats,
    Store,
    StoredActor,
    StoredEvent,
    WriteReport,
)

__all__ = [
    "DEFAULT_PATH",
    "DEFAULT_BATCH_SIZE",
    "open_store",
    "Store",
    "DuckDBStore",
    "EventFilter",
    "WriteReport",
    "StoredEvent",
    "Happening",
    "EventDetail",
    "Stats",
    "StoredActor",
    "ActorEvidence",
    "ACTOR_STATUSES",
    "ACTOR_SOURCES",
    "MergeRules",
    "StoreError",
    "StoreErrors",
    "Migration",
    "MIGRATIONS",
    "LATEST_VERSION",
    "TABLES",
    "TABLE_DATE_COLUMN",
    "UNITS",
    "MENTION_SORTS",
    "HAPPENING_SORTS",
]

if TYPE_CHECKING:  # pragma: no cover
    from dotterel.store._duckdb import DuckDBStore


def __getattr__(name: str) -> Any:  # the DuckDB backend loads on first use
    if name == "DuckDBStore":
        from dotterel.store._duckdb import DuckDBStore

        return DuckDBStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Where the store lives when no path is given.
DEFAULT_PATH = "dotterel.duckdb"


def open_store(
    path: str | os.PathLike[str] = DEFAULT_PATH,
    *,
    read_only: bool = False,
    rules: MergeRules | None = None,
) -> Store:
    """Open (creating and migrating when writable) the event store at ``path``.

    ``":memory:"`` gives a store that lives as long as the object. A read-only
    store must exist already (E201); many processes may read one at a time, one
    may write (E203 otherwise).
    """
    from dotterel.store._duckdb import DuckDBStore

    return DuckDBStore(path, read_only=read_only, rules=rules)
