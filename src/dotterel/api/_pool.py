"""A small pool of store connections shared by the API's worker threads.

A DuckDB connection must not be used by two threads at once, so each request
borrows one :class:`Slot` (a :class:`~dotterel.store.Store` and a raw DuckDB
connection for the aggregate queries) and gives it back. All the slots of a
pool connect to one database instance, sharing its cache. Writes (``POST
/api/ingest``) hold :attr:`StorePool.write_lock` so they go one at a time while
reads go on.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from dotterel.api._derived import Derived
from dotterel.api._errors import ApiError, ApiErrors
from dotterel.store import Store, StoreError, open_store

__all__ = ["Slot", "StorePool"]


@dataclass
class Slot:
    """One borrowed connection: the store API and a connection for aggregates.

    ``fast`` says whether the derived tables (:mod:`dotterel.api._derived`) are
    registered on ``con`` and match the store as it is now.
    """

    store: Store
    con: Any  # duckdb.DuckDBPyConnection
    registered: int = -1  # the generation of the derived tables registered on con
    fast: bool = False


class StorePool:
    """``size`` connections to the store at ``path``, opened on first use.

    ``read_only`` stores may be read by other processes at the same time; a
    writable one (needed for ingestion) is created and migrated when missing.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = True,
        size: int = 4,
        timeout: float = 30.0,
        derived: bool = True,
    ) -> None:
        self.path = os.fspath(path)
        self.use_derived = derived
        self.derived: Derived | None = None
        self.read_only = read_only
        self.size = max(1, size)
        self.timeout = timeout
        self.write_lock = threading.Lock()
        self._free: queue.LifoQueue[Slot] = queue.LifoQueue()
        self._all: list[Slot] = []
        self._open_lock = threading.Lock()
        self._opened = False
        self._closed = False
        self._generation = 0  # bumped after each write

    @property
    def generation(self) -> int:
        """How many writes this pool has made (to invalidate cached answers)."""
        return self._generation

    def bump(self) -> None:
        """Note a write: the derived tables are rebuilt (the plain queries serve meanwhile)."""
        self._generation += 1
        if self.derived is not None:
            self.derived.refresh()

    def open(self) -> None:
        """Open every connection now (raising the store's coded error if it cannot be)."""
        with self._open_lock:
            if self._opened:
                return
            if self.path == ":memory:":
                raise ApiError(ApiErrors.E509, reason="an in-memory store cannot be shared between connections; give a file")
            import duckdb

            slots: list[Slot] = []
            try:
                for _ in range(self.size):
                    store = open_store(self.path, read_only=self.read_only)
                    # the same file and configuration: DuckDB shares one database instance
                    con = duckdb.connect(str(Path(self.path)), read_only=self.read_only)
                    slots.append(Slot(store, con))
            except StoreError:
                for slot in slots:
                    _close(slot)
                raise
            self._all = slots
            for slot in slots:
                self._free.put(slot)
            self._opened = True
            self._closed = False
            if self.use_derived:
                path, read_only = str(Path(self.path)), self.read_only
                self.derived = Derived(connect=lambda: duckdb.connect(path, read_only=read_only), generation=lambda: self._generation)
                self.derived.refresh()

    @contextlib.contextmanager
    def slot(self) -> Iterator[Slot]:
        """Borrow a connection for the length of a ``with`` block."""
        if not self._opened:
            self.open()
        try:
            slot = self._free.get(timeout=self.timeout)
        except queue.Empty:
            raise ApiError(ApiErrors.E508, seconds=self.timeout) from None
        try:
            current = self.derived.tables() if self.derived is not None else None
            if current is not None and slot.registered != current[0]:
                generation, tables = current
                for name, table in tables.items():
                    slot.con.register(name, table)
                slot.registered = generation
            slot.fast = current is not None and slot.registered == current[0]
            yield slot
        finally:
            self._free.put(slot)

    def close(self) -> None:
        """Close every connection (the pool opens again on next use)."""
        with self._open_lock:
            if self.derived is not None:
                self.derived.close()
                self.derived = None
            for slot in self._all:
                _close(slot)
            self._all = []
            self._free = queue.LifoQueue()
            self._opened = False
            self._closed = True


def _close(slot: Slot) -> None:
    with contextlib.suppress(Exception):
        slot.con.close()
    with contextlib.suppress(Exception):
        slot.store.close()
