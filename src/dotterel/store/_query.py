"""Filters to SQL: WHERE clauses with ``?`` parameters, and the fixed ORDER BY texts.

Only fixed SQL text is put together here; every value a user gives travels as a
parameter. The clauses look at ``events e`` alone (the other tables through
semi-joins), so a query can select and sort event ids on one table and fetch
the rest of its rows afterwards by id.
"""

from __future__ import annotations

from typing import Any

from dotterel.store._types import EventFilter

__all__ = ["EVENT_FROM", "event_where", "happening_where", "order_by", "limit_clause", "like_pattern"]

#: The mentions relation: each coded event, its mention row and its article.
EVENT_FROM = (
    "events e JOIN mentions m ON m.event_id = e.event_id JOIN articles a ON a.article_id = e.article_id"
)

_ROLE_SQL = {
    "actor": "e.event_id IN (SELECT x.event_id FROM event_actors x WHERE x.role = 'actor' AND list_contains(x.match_keys, ?))",
    "recipient": "e.event_id IN (SELECT x.event_id FROM event_actors x WHERE x.role = 'recipient' AND list_contains(x.match_keys, ?))",
    "party": "e.event_id IN (SELECT x.event_id FROM event_actors x WHERE list_contains(x.match_keys, ?))",
}
_TEXT_SQL = (
    "(e.event_id IN (SELECT t.event_id FROM mentions t WHERE t.sentence_text ILIKE ? ESCAPE '\\')"
    " OR e.trigger_text ILIKE ? ESCAPE '\\'"
    " OR e.article_id IN (SELECT t.article_id FROM articles t WHERE t.title ILIKE ? ESCAPE '\\'))"
)
_HAPPENING_SQL = "e.event_id IN (SELECT t.event_id FROM mentions t WHERE t.happening_id = ?)"

_MENTION_ORDER = {
    "date": "e.event_date, e.event_id",
    "-date": "e.event_date DESC, e.event_id",
    "intensity": "e.intensity, e.event_id",
    "-intensity": "e.intensity DESC, e.event_id",
    "confidence": "e.confidence, e.event_id",
    "-confidence": "e.confidence DESC, e.event_id",
    "type": "e.type, e.event_date, e.event_id",
    "id": "e.event_id",
}
_HAPPENING_ORDER = {
    "date": "h.event_date, h.happening_id",
    "-date": "h.event_date DESC, h.happening_id",
    "mentions": "h.num_mentions, h.happening_id",
    "-mentions": "h.num_mentions DESC, h.happening_id",
    "sources": "h.num_sources, h.happening_id",
    "-sources": "h.num_sources DESC, h.happening_id",
    "articles": "h.num_articles, h.happening_id",
    "-articles": "h.num_articles DESC, h.happening_id",
    "intensity": "h.intensity, h.happening_id",
    "-intensity": "h.intensity DESC, h.happening_id",
    "type": "h.type, h.event_date, h.happening_id",
    "id": "h.happening_id",
}


def _key(value: str) -> str:
    return " ".join(value.split()).upper()


def like_pattern(text: str) -> str:
    """An ILIKE pattern (escape character ``\\``) that finds ``text`` anywhere."""
    words = " ".join(text.split())
    return "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def event_where(f: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause over ``events e`` for a filter."""
    clauses: list[str] = []
    params: list[Any] = []
    if f.types:
        clauses.append("list_contains(?::VARCHAR[], e.type)")
        params.append(list(f.types))
    for role in ("actor", "recipient", "party"):
        value = getattr(f, role)
        if value:
            clauses.append(_ROLE_SQL[role])
            params.append(_key(value))
    if f.since:
        clauses.append("e.event_date >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("e.event_date <= ?")
        params.append(f.until)
    if f.modality:
        clauses.append("list_contains(?::VARCHAR[], e.modality)")
        params.append(list(f.modality))
    if f.text:
        clauses.append(_TEXT_SQL)
        params += [like_pattern(f.text)] * 3
    if f.article_id:
        clauses.append("e.article_id = ?")
        params.append(f.article_id)
    if f.happening_id is not None:
        clauses.append(_HAPPENING_SQL)
        params.append(f.happening_id)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def happening_where(f: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause over ``happenings h``: type and dates on the happening,
    the other criteria through its mentions."""
    clauses: list[str] = []
    params: list[Any] = []
    if f.types:
        clauses.append("list_contains(?::VARCHAR[], h.type)")
        params.append(list(f.types))
    if f.since:
        clauses.append("h.event_date >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("h.event_date <= ?")
        params.append(f.until)
    if f.happening_id is not None:
        clauses.append("h.happening_id = ?")
        params.append(f.happening_id)
    if f.selects_events:
        inner = f.replace(types=(), since=None, until=None, happening_id=None, unit="mentions", sort="date")
        where, inner_params = event_where(inner)
        clauses.append(
            "h.happening_id IN (SELECT t.happening_id FROM mentions t"
            f" WHERE t.event_id IN (SELECT e.event_id FROM events e{where}))"
        )
        params += inner_params
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def order_by(f: EventFilter) -> str:
    table = _HAPPENING_ORDER if f.unit == "happenings" else _MENTION_ORDER
    return " ORDER BY " + table[f.sort]


def limit_clause(f: EventFilter) -> tuple[str, list[Any]]:
    if f.limit is None and not f.offset:
        return "", []
    if f.limit is None:
        return " OFFSET ?", [f.offset]
    return " LIMIT ? OFFSET ?", [f.limit, f.offset]
