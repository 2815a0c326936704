"""Exports of the event store.

========================  ==========================================================
format                    what
========================  ==========================================================
``plover-jsonl``          one PLOVER/POLECAT-style JSON record per coded event
``gdelt-events``          GDELT 2.0 Event table (61 columns, one row per happening)
``gdelt-mentions``        GDELT 2.0 Mentions table (16 columns, one row per mention)
``csv``                   one table of the store as CSV (``table=``, default events)
``parquet``               one table as a directory partitioned by day
                          (``event_date=YYYY-MM-DD/``), for pandas, pyarrow, DuckDB, Spark
========================  ==========================================================

The library writes to a path or a binary stream and never prints.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from dotterel.export import _gdelt, _plover
from dotterel.export._gdelt import EVENT_COLUMNS as GDELT_EVENT_COLUMNS
from dotterel.export._gdelt import MENTION_COLUMNS as GDELT_MENTION_COLUMNS
from dotterel.store import TABLE_DATE_COLUMN, TABLES, EventFilter, Store, StoreError, StoreErrors

__all__ = [
    "FORMATS",
    "TABLES",
    "GDELT_EVENT_COLUMNS",
    "GDELT_MENTION_COLUMNS",
    "ExportReport",
    "export",
]

FORMATS = ("plover-jsonl", "gdelt-events", "gdelt-mentions", "csv", "parquet")

#: The table each fixed-table format exports.
_FIXED_TABLE = {"plover-jsonl": "events", "gdelt-events": "happenings", "gdelt-mentions": "mentions"}


@dataclass(frozen=True, slots=True)
class ExportReport:
    format: str
    table: str
    rows: int
    target: str


def _write_stream(target: str | os.PathLike[str] | BinaryIO, write: Callable[[BinaryIO], int]) -> tuple[int, str]:
    if hasattr(target, "write"):
        return write(target), getattr(target, "name", "<stream>")  # type: ignore[arg-type]
    path = Path(target)  # type: ignore[arg-type]
    try:
        with path.open("wb") as out:
            return write(out), str(path)
    except OSError as exc:
        raise StoreError(StoreErrors.E233, path=path, reason=exc.strerror or str(exc)) from None


def export(
    store: Store,
    format: str,
    target: str | os.PathLike[str] | BinaryIO,
    *,
    table: str | None = None,
    filter: EventFilter | None = None,
) -> ExportReport:
    """Write the store (or what ``filter`` selects) in ``format`` to ``target``.

    ``target`` is a path or a binary stream; for ``parquet`` it is a new or
    empty directory. ``table`` picks the table for ``csv`` and ``parquet``
    (one of :data:`TABLES`; default ``events``).
    """
    if format not in FORMATS:
        raise StoreError(StoreErrors.E230, value=format, choices=", ".join(FORMATS))
    fixed = _FIXED_TABLE.get(format)
    if fixed is not None and table not in (None, fixed):
        raise StoreError(StoreErrors.E234, format=format, table=fixed)
    name = fixed or table or "events"
    if name not in TABLES:
        raise StoreError(StoreErrors.E219, value=name, choices=", ".join(TABLES))
    f = filter or EventFilter()
    if format == "gdelt-events":
        f = f.replace(unit="happenings", sort="date" if f.sort not in ("date", "-date") else f.sort)
        reader = store.table("happenings", f)
        rows, where = _write_stream(target, lambda out: _gdelt.write_tsv(map(_gdelt.event_row, _gdelt.rows_of(reader)), out))
    elif format == "gdelt-mentions":
        f = f.replace(unit="happenings", sort="date" if f.sort not in ("date", "-date") else f.sort)
        reader = store.table("mentions", f)
        mentions = (r for r in _gdelt.rows_of(reader) if r["happening_id"] is not None)
        rows, where = _write_stream(target, lambda out: _gdelt.write_tsv(map(_gdelt.mention_row, mentions), out))
    elif format == "plover-jsonl":
        reader = store.table("events", f)
        rows, where = _write_stream(target, lambda out: _plover.write_jsonl(_gdelt.rows_of(reader), out))
    elif format == "csv":
        from dotterel.export import _tabular

        reader = store.table(name, f)
        rows, where = _write_stream(target, lambda out: _tabular.write_csv(reader, out))
    else:
        from dotterel.export import _tabular

        if hasattr(target, "write"):
            raise StoreError(StoreErrors.E231, format=format)
        directory = Path(target)  # type: ignore[arg-type]
        if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
            raise StoreError(StoreErrors.E232, path=directory)
        reader = store.table(name, f)
        try:
            rows = _tabular.write_parquet(reader, directory, partition=TABLE_DATE_COLUMN[name])
        except OSError as exc:
            raise StoreError(StoreErrors.E233, path=directory, reason=exc.strerror or str(exc)) from None
        where = str(directory)
    return ExportReport(format, name, rows, where)
