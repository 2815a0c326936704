"""Denormalised copies of the store that make the dashboard's aggregates one-table scans.

Counting dyads or placing happenings on the map joins tens of millions of rows on
event ids; the dashboard asks for both at every filter change. :class:`Derived`
builds, once per state of the store, two Arrow tables:

``dotterel_dash_events``
    one row per event: ``event_id``, ``article_id``, ``type``, ``quad_class``,
    ``event_date``, ``modality``, ``trigger_text``, its ``happening_id`` and the dyad keys ``a`` and ``r``
    (the first actor's and the first recipient's country code, else the upper-case
    name);
``dotterel_dash_happenings``
    one row per happening: its columns the map needs, the dyad keys of its first
    report, and that report's place and coordinates (``lat``, ``lon``, ``place``,
    ``country``, ``precision``).

They carry the columns the store's filters read (``e.type``, ``h.event_date`` ...),
so :func:`dotterel.store._query.event_where` applies to them unchanged. They are
registered on each pooled connection without copying. They are rebuilt in the
background after every write; until a build for the current state is ready the
queries use the joins on the store's own tables, which give the same answers.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

__all__ = ["Derived", "EVENTS_VIEW", "HAPPENINGS_VIEW"]

log = logging.getLogger("dotterel.api")

EVENTS_VIEW = "dotterel_dash_events"
HAPPENINGS_VIEW = "dotterel_dash_happenings"

_KEY = "coalesce({x}.country, upper({x}.name))"

_EVENTS_SQL = (
    "SELECT e.event_id, e.article_id, e.type, e.quad_class, e.event_date, e.modality, e.trigger_text, "
    f"m.happening_id, {_KEY.format(x='x1')} AS a, {_KEY.format(x='x2')} AS r "
    "FROM events e JOIN mentions m ON m.event_id = e.event_id "
    "LEFT JOIN event_actors x1 ON x1.event_id = e.event_id AND x1.role = 'actor' AND x1.ord = 0 "
    "LEFT JOIN event_actors x2 ON x2.event_id = e.event_id AND x2.role = 'recipient' AND x2.ord = 0"
)

_HAPPENINGS_SQL = (
    "SELECT h.happening_id, h.type, h.quad_class, h.event_date, h.actor_label, h.recipient_label, h.location_text, "
    "h.num_mentions, h.num_sources, h.num_articles, h.first_event_id, "
    "e.location_lat AS lat, e.location_lon AS lon, e.location_name AS place, e.location_country AS country, "
    "e.location_precision AS precision, "
    f"{_KEY.format(x='x1')} AS a, {_KEY.format(x='x2')} AS r "
    "FROM happenings h JOIN events e ON e.event_id = h.first_event_id "
    "LEFT JOIN event_actors x1 ON x1.event_id = h.first_event_id AND x1.role = 'actor' AND x1.ord = 0 "
    "LEFT JOIN event_actors x2 ON x2.event_id = h.first_event_id AND x2.role = 'recipient' AND x2.ord = 0 "
    "ORDER BY h.num_mentions DESC, h.happening_id"
)


class Derived:
    """The derived tables for one generation of the store (see the module's text)."""

    def __init__(self, *, connect: Callable[[], Any], generation: Callable[[], int]) -> None:
        self._connect = connect  # a new connection (cursor) to the store, for the builder thread
        self._generation = generation
        self._lock = threading.Lock()
        self._tables: dict[str, Any] | None = None
        self._built_for = -1
        self._thread: threading.Thread | None = None
        self._again = False
        self._closed = False
        self._fresh = threading.Event()
        self._building: Any = None  # the builder's connection, to interrupt at close

    def tables(self) -> tuple[int, dict[str, Any]] | None:
        """(generation, tables) when the tables match the store as it is now."""
        with self._lock:
            if self._tables is not None and self._built_for == self._generation():
                return self._built_for, self._tables
        return None

    def refresh(self) -> None:
        """Build the tables for the store as it is now, in the background."""
        with self._lock:
            if self._closed:
                return
            self._fresh.clear()
            if self._thread is not None and self._thread.is_alive():
                self._again = True
                return
            self._thread = threading.Thread(target=self._run, name="dotterel-derived", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the tables match the store; whether they do."""
        return self._fresh.wait(timeout)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._tables = None
            thread, building = self._thread, self._building
        if building is not None:
            try:
                building.interrupt()
            except Exception:  # noqa: BLE001 - it may have just finished
                pass
        if thread is not None:
            thread.join(timeout=30)

    def _run(self) -> None:
        while True:
            generation = self._generation()
            try:
                con = self._connect()
                self._building = con
                try:
                    tables = {
                        EVENTS_VIEW: con.sql(_EVENTS_SQL).to_arrow_table(),
                        HAPPENINGS_VIEW: con.sql(_HAPPENINGS_SQL).to_arrow_table(),
                    }
                finally:
                    self._building = None
                    con.close()
            except Exception:  # noqa: BLE001 - the plain queries go on serving
                if not self._closed:
                    log.exception("building the dashboard's derived tables failed; the plain queries serve")
                return
            with self._lock:
                if self._closed:
                    return
                self._tables, self._built_for = tables, generation
                again, self._again = self._again, False
                if generation == self._generation():
                    self._fresh.set()
            if not again and generation == self._generation():
                return
