"""Aggregates the dashboard needs beyond the store API: counts, timeline, dyads, actors, places.

The filters are the store's own (:func:`dotterel.store._query.event_where` and
``happening_where`` give the WHERE clauses, so ``actor=ISR`` means here what it
means to ``dotterel events``). Only fixed SQL text is put together; every value
travels as a ``?`` parameter. Bucket and series columns are chosen from fixed
tables by name, never taken from a request.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Sequence

from dotterel.api._derived import EVENTS_VIEW, HAPPENINGS_VIEW
from dotterel.store import EventFilter
from dotterel.store._query import event_where, happening_where, like_pattern

__all__ = [
    "BUCKETS",
    "SERIES",
    "MAX_BUCKETS",
    "Timeline",
    "count",
    "extent",
    "timeline",
    "fast_happening_where",
    "dyads",
    "actors",
    "geo",
    "bucket_starts",
    "bucket_count",
    "auto_bucket",
]

#: Time buckets of the timeline and the SQL that truncates a day to one.
BUCKETS = ("day", "week", "month", "year")
_BUCKET_SQL = {
    "day": "{col}",
    "week": "CAST(date_trunc('week', {col}) AS DATE)",
    "month": "CAST(date_trunc('month', {col}) AS DATE)",
    "year": "CAST(date_trunc('year', {col}) AS DATE)",
}
#: What the timeline stacks by.
SERIES = ("quad_class", "type")

#: The most buckets a timeline answers with.
MAX_BUCKETS = 20_000

_SIDE_KEY = "coalesce({x}.country, upper({x}.name))"


def _rows(con: Any, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    return con.execute(sql, list(params)).fetchall()


def _where_and(where: str, condition: str) -> str:
    return f"{where} AND {condition}" if where else f" WHERE {condition}"


def fast_happening_where(f: EventFilter) -> tuple[str, list[Any]]:
    """``happening_where`` over the derived tables: a happening matches when one of its
    events does, looked up in the derived events (which carry their happening) rather
    than through the mentions."""
    outer = f.replace(actor=None, recipient=None, party=None, modality=(), text=None, article_id=None)
    where, params = happening_where(outer)
    if f.selects_events:
        inner = f.replace(types=(), since=None, until=None, happening_id=None, unit="mentions", sort="date", limit=None, offset=0)
        inner_where, inner_params = event_where(inner)
        where = _where_and(where, f"h.happening_id IN (SELECT e.happening_id FROM {EVENTS_VIEW} e{inner_where})")
        params = [*params, *inner_params]
    return where, list(params)


def count(con: Any, f: EventFilter) -> int:
    """How many events (or happenings) the filter selects, paging aside."""
    if f.unit == "happenings":
        where, params = happening_where(f)
        return int(_rows(con, f"SELECT count(*) FROM happenings h{where}", params)[0][0])
    where, params = event_where(f)
    return int(_rows(con, f"SELECT count(*) FROM events e{where}", params)[0][0])


def extent(con: Any) -> dict[str, tuple[_dt.date | None, _dt.date | None]]:
    """The first and last event date of the events and of the happenings."""
    events = _rows(con, "SELECT min(event_date), max(event_date) FROM events", [])[0]
    happenings = _rows(con, "SELECT min(event_date), max(event_date) FROM happenings", [])[0]
    return {"mentions": (events[0], events[1]), "happenings": (happenings[0], happenings[1])}


def auto_bucket(first: _dt.date | None, last: _dt.date | None) -> str:
    """The bucket that shows a time span well (the dashboard's choice too)."""
    if first is None or last is None:
        return "week"
    days = (last - first).days
    if days <= 180:
        return "day"
    if days <= 3 * 366:
        return "week"
    if days <= 30 * 366:
        return "month"
    return "year"


def bucket_starts(first: _dt.date, last: _dt.date, bucket: str) -> list[_dt.date]:
    """Every bucket from the one holding ``first`` to the one holding ``last``."""
    start = truncate(first, bucket)
    out = []
    day = start
    while day <= last:
        out.append(day)
        if len(out) > MAX_BUCKETS:
            break
        day = _next(day, bucket)
    return out


def bucket_count(first: _dt.date, last: _dt.date, bucket: str) -> int:
    """How many buckets span ``first`` .. ``last`` (without listing them)."""
    if bucket == "day":
        return (last - first).days + 1
    if bucket == "week":
        return (truncate(last, "week") - truncate(first, "week")).days // 7 + 1
    if bucket == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return last.year - first.year + 1


def truncate(day: _dt.date, bucket: str) -> _dt.date:
    if bucket == "week":
        return day - _dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    if bucket == "year":
        return day.replace(month=1, day=1)
    return day


def _next(day: _dt.date, bucket: str) -> _dt.date:
    if bucket == "day":
        return day + _dt.timedelta(days=1)
    if bucket == "week":
        return day + _dt.timedelta(days=7)
    if bucket == "month":
        return day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
    return day.replace(year=day.year + 1)


@dataclass(frozen=True, slots=True)
class Timeline:
    """Counts per bucket, one series per key (quad class or type), sparse."""

    bucket: str
    by: str
    cells: tuple[tuple[_dt.date, str, int], ...]  # (bucket start, key, count)

    @property
    def first(self) -> _dt.date | None:
        return min((c[0] for c in self.cells), default=None)

    @property
    def last(self) -> _dt.date | None:
        return max((c[0] for c in self.cells), default=None)


def timeline(con: Any, f: EventFilter, *, bucket: str, by: str) -> Timeline:
    """Counts of what the filter selects per ``bucket`` and per ``by`` value."""
    if bucket not in BUCKETS or by not in SERIES:  # pragma: no cover - the API validates first
        raise ValueError(f"bad bucket or series: {bucket!r}, {by!r}")
    if f.unit == "happenings":
        where, params = happening_where(f)
        day = _BUCKET_SQL[bucket].format(col="h.event_date")
        sql = f"SELECT {day} AS b, h.{by} AS k, count(*) FROM happenings h{where} GROUP BY 1, 2 ORDER BY 1, 2"
    else:
        where, params = event_where(f)
        day = _BUCKET_SQL[bucket].format(col="e.event_date")
        sql = f"SELECT {day} AS b, e.{by} AS k, count(*) FROM events e{where} GROUP BY 1, 2 ORDER BY 1, 2"
    cells = tuple((_as_date(b), str(k), int(n)) for b, k, n in _rows(con, sql, params))
    return Timeline(bucket, by, cells)


def _as_date(value: Any) -> _dt.date:
    return value.date() if isinstance(value, _dt.datetime) else value


def dyads(con: Any, f: EventFilter, *, limit: int, fast: bool = False) -> list[tuple[str, str, int]]:
    """The commonest (actor, recipient) pairs: the first actor and recipient of each
    event (of each happening's first report), by country code, else by name.
    ``fast``: read the derived tables registered on ``con``."""
    a, r = _SIDE_KEY.format(x="x1"), _SIDE_KEY.format(x="x2")
    if f.unit == "happenings":
        where, params = fast_happening_where(f) if fast else happening_where(f)
        if fast:
            where = _where_and(where, "h.a IS NOT NULL AND h.r IS NOT NULL")
            sql = f"SELECT h.a, h.r, count(*) AS n FROM {HAPPENINGS_VIEW} h{where} GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?"
        else:
            sql = (
                f"SELECT {a}, {r}, count(*) AS n FROM happenings h "
                "JOIN event_actors x1 ON x1.event_id = h.first_event_id AND x1.role = 'actor' AND x1.ord = 0 "
                "JOIN event_actors x2 ON x2.event_id = h.first_event_id AND x2.role = 'recipient' AND x2.ord = 0"
                f"{where} GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?"
            )
    else:
        where, params = event_where(f)
        if fast:
            where = _where_and(where, "e.a IS NOT NULL AND e.r IS NOT NULL")
            sql = f"SELECT e.a, e.r, count(*) AS n FROM {EVENTS_VIEW} e{where} GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?"
        else:
            selected = f" AND x1.event_id IN (SELECT e.event_id FROM events e{where})" if where else ""
            sql = (
                f"SELECT {a}, {r}, count(*) AS n FROM event_actors x1 "
                "JOIN event_actors x2 ON x2.event_id = x1.event_id AND x2.role = 'recipient' AND x2.ord = 0 "
                f"WHERE x1.role = 'actor' AND x1.ord = 0{selected} GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?"
            )
    return [(str(x), str(y), int(n)) for x, y, n in _rows(con, sql, [*params, limit])]


def actors(con: Any, f: EventFilter, *, role: str | None, q: str | None, limit: int) -> list[dict[str, Any]]:
    """The actors named by the selected events, most frequent first: name, country,
    kind, events as actor and as recipient. ``q`` keeps names or codes containing it."""
    clauses: list[str] = []
    params: list[Any] = []
    if role is not None:
        clauses.append("x.role = ?")
        params.append(role)
    if q:
        clauses.append("(x.name ILIKE ? ESCAPE '\\' OR x.code ILIKE ? ESCAPE '\\')")
        params += [like_pattern(q)] * 2
    selecting = f.replace(unit="mentions", sort="date", limit=None, offset=0)
    if not selecting.is_empty:
        where, inner = event_where(selecting)
        clauses.append(f"x.event_id IN (SELECT e.event_id FROM events e{where})")
        params += inner
    where_sql = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (
        "SELECT x.name, x.country, mode(x.kind) AS kind, count(*) AS n, "
        "count(*) FILTER (WHERE x.role = 'actor') AS as_actor, "
        "count(*) FILTER (WHERE x.role = 'recipient') AS as_recipient "
        f"FROM event_actors x{where_sql} GROUP BY x.name, x.country ORDER BY n DESC, x.name, x.country LIMIT ?"
    )
    out = []
    for name, country, kind, n, as_actor, as_recipient in _rows(con, sql, [*params, limit]):
        value = country if kind == "country" and country else " ".join(str(name).split()).upper()
        out.append(
            {
                "name": name,
                "country": country,
                "kind": kind,
                "filter": value,
                "events": int(n),
                "as_actor": int(as_actor),
                "as_recipient": int(as_recipient),
            }
        )
    return out


_GEO_COLUMNS = (
    "h.happening_id, h.type, h.quad_class, h.event_date, h.actor_label, h.recipient_label, h.location_text, "
    "h.num_mentions, h.num_sources, h.num_articles, h.first_event_id, "
    "e.location_lat, e.location_lon, e.location_name, e.location_country, e.location_precision"
)
_GEO_FAST_COLUMNS = (
    "h.happening_id, h.type, h.quad_class, h.event_date, h.actor_label, h.recipient_label, h.location_text, "
    "h.num_mentions, h.num_sources, h.num_articles, h.first_event_id, h.lat, h.lon, h.place, h.country, h.precision"
)
_GEO_KEYS = (
    "id", "type", "quad_class", "date", "actor", "recipient", "location", "mentions", "sources", "articles",
    "first_event_id", "lat", "lon", "place", "country", "precision",
)  # fmt: skip


def geo(con: Any, f: EventFilter, *, limit: int, fast: bool = False) -> tuple[int, list[dict[str, Any]]]:
    """(how many selected happenings have coordinates, the ``limit`` most reported of
    them). A happening's place is its first report's. ``fast``: read the derived tables."""
    f = f.replace(unit="happenings", sort="date", limit=None, offset=0)
    if fast:
        where, params = fast_happening_where(f)
        where = _where_and(where, "h.lat IS NOT NULL AND h.lon IS NOT NULL")
        base, columns = f"FROM {HAPPENINGS_VIEW} h", _GEO_FAST_COLUMNS
    else:
        where, params = happening_where(f)
        where = _where_and(where, "e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL")
        base, columns = "FROM happenings h JOIN events e ON e.event_id = h.first_event_id", _GEO_COLUMNS
    # one pass: the total is counted before the limit applies
    sql = f"SELECT {columns}, count(*) OVER () {base}{where} ORDER BY h.num_mentions DESC, h.happening_id LIMIT ?"
    rows = _rows(con, sql, [*params, limit])
    if not rows:
        return 0, []
    total = int(rows[0][-1])
    return total, [dict(zip(_GEO_KEYS, row[:-1])) for row in rows]
