"""Coded errors of the event store and the exports (E200-E299)."""

from __future__ import annotations

import enum
from typing import Any

from dotterel.errors import DotterelError

__all__ = ["StoreErrors", "StoreError"]


class StoreErrors(str, enum.Enum):
    """Error messages of the store; format them with ``StoreErrors.E200.format(...)``."""

    E200 = "Cannot open the store {path}: {reason}. Check the path and that you may write there."
    E201 = "There is no store at {path}. Create one with 'dotterel ingest --db {path} ...' or give the right --db."
    E202 = "The store {path} has schema version {found}, newer than this dotterel knows ({known}). Upgrade dotterel."
    E203 = "The store {path} is in use by another process ({reason}). Wait for it to finish or open a copy."
    E204 = "The store {path} was opened read-only; it cannot be written. Open it with read_only=False."
    E205 = "The store {path} has schema version {found} and needs migrating to {known}; open it once for writing (for example with 'dotterel ingest')."
    E206 = "Migration {version} ({description}) failed: {reason}. The store was left at version {current}."
    E210 = "Unknown event type {value!r}; choose one of: {choices}."
    E211 = "Unknown modality {value!r}; choose one of: {choices}."
    E212 = "Unknown unit {value!r}; choose 'mentions' (every coded event) or 'happenings' (merged events)."
    E213 = "Unknown sort key {value!r} for {unit}; choose one of: {choices}."
    E214 = "The date range is empty: since {since} is after until {until}."
    E215 = "Invalid {name} {value!r}: give a whole number of 0 or more."
    E216 = "No event or happening with id {value!r}. List ids with 'dotterel events'."
    E217 = "No article with id {value!r} in the store."
    E218 = "Cannot store {what}: {reason}."
    E219 = "Unknown table {value!r}; choose one of: {choices}."
    E230 = "Unknown export format {value!r}; choose one of: {choices}."
    E231 = "The {format} export writes a directory: give one with -o DIR (it cannot go to standard output)."
    E232 = "The output directory {path} is not empty; give a new or empty directory."
    E233 = "Cannot write {path}: {reason}."
    E234 = "The option --table applies to the csv and parquet exports only; {format} always exports {table}."
    E240 = "No actor named {name!r} in the store. List the known ones with 'dotterel actors list' (or add one with 'dotterel actors add')."
    E241 = "{name!r} is another name of several actors ({names}); give the full name."
    E242 = "Invalid country code {value!r}: give an ISO 3166-1 alpha-3 code (KEN, TUR) or IGO, NGO, IMG."
    E243 = "Unknown sector code(s) {values}; choose from: {choices}."
    E244 = "Unknown actor status {value!r}; choose one of: {choices}."
    E245 = "An actor needs a name (got {value!r})."
    E246 = "The office dates are reversed: start {start} is after end {end}."

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(*args, **kwargs)


class StoreError(DotterelError, ValueError):
    """An error of the event store or of an export (codes E200-E299)."""
