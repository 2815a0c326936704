"""Versioned schema migrations: numbered SQL steps applied in order.

A store records every applied step in ``schema_version``. Opening a store for
writing applies the steps it lacks, each in its own transaction together with
its ``schema_version`` row, so a crash leaves the store at the last whole step.
Never edit a released step: append a new one.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Sequence

from dotterel.store._errors import StoreError, StoreErrors

__all__ = ["Migration", "MIGRATIONS", "LATEST_VERSION", "current_version", "migrate"]


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_V1 = (
    """CREATE TABLE articles (
        article_id VARCHAR PRIMARY KEY,
        text_hash VARCHAR NOT NULL UNIQUE,
        seq BIGINT NOT NULL,
        text VARCHAR NOT NULL,
        title VARCHAR,
        publisher VARCHAR,
        url VARCHAR,
        published DATE,
        language VARCHAR,
        authors VARCHAR[],
        origin VARCHAR,
        source_name VARCHAR NOT NULL,
        sentences VARCHAR,
        blocks VARCHAR,
        warnings VARCHAR[],
        coded_schema VARCHAR,
        added_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        local_id VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        cameo VARCHAR NOT NULL,
        quad_class INTEGER NOT NULL,
        intensity DOUBLE NOT NULL,
        mode VARCHAR,
        contexts VARCHAR[],
        modality VARCHAR NOT NULL,
        modality_cue_start INTEGER,
        modality_cue_end INTEGER,
        confidence DOUBLE,
        source VARCHAR,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        trigger_text VARCHAR,
        sentence INTEGER NOT NULL,
        sentence_start INTEGER,
        sentence_end INTEGER,
        date_start DATE,
        date_end DATE,
        date_precision VARCHAR,
        date_text VARCHAR,
        date_span_start INTEGER,
        date_span_end INTEGER,
        location_text VARCHAR,
        location_span_start INTEGER,
        location_span_end INTEGER,
        location_name VARCHAR,
        location_lat DOUBLE,
        location_lon DOUBLE,
        location_country VARCHAR,
        location_adm1 VARCHAR,
        location_precision VARCHAR,
        location_source VARCHAR,
        attribution_text VARCHAR,
        attribution_start INTEGER,
        attribution_end INTEGER,
        attribution_verb VARCHAR,
        attribution_actor VARCHAR,
        event_date DATE NOT NULL
    )""",
    """CREATE TABLE event_actors (
        event_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        ord INTEGER NOT NULL,
        text VARCHAR,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        country VARCHAR,
        sectors VARCHAR[],
        kind VARCHAR,
        title VARCHAR,
        aliases VARCHAR[],
        resolved_from_start INTEGER,
        resolved_from_end INTEGER,
        code VARCHAR NOT NULL,
        match_keys VARCHAR[] NOT NULL
    )""",
    """CREATE TABLE mentions (
        event_id VARCHAR PRIMARY KEY,
        happening_id BIGINT,
        article_id VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        reasons VARCHAR,
        modality VARCHAR NOT NULL,
        sentence INTEGER NOT NULL,
        sentence_start INTEGER,
        sentence_end INTEGER,
        sentence_text VARCHAR,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        actor_offset INTEGER,
        recipient_offset INTEGER,
        in_raw_text BOOLEAN NOT NULL,
        added_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE happenings (
        happening_id BIGINT PRIMARY KEY,
        type VARCHAR NOT NULL,
        cameo VARCHAR NOT NULL,
        quad_class INTEGER NOT NULL,
        intensity DOUBLE NOT NULL,
        first_event_id VARCHAR NOT NULL,
        mergeable BOOLEAN NOT NULL,
        window_start DATE,
        window_end DATE,
        date_stated BOOLEAN NOT NULL,
        event_date DATE NOT NULL,
        actor_label VARCHAR,
        recipient_label VARCHAR,
        location_text VARCHAR,
        actors_json VARCHAR NOT NULL,
        recipients_json VARCHAR NOT NULL,
        places_json VARCHAR NOT NULL,
        num_mentions INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        first_report DATE,
        last_report DATE,
        added_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE happening_keys (
        key VARCHAR NOT NULL,
        happening_id BIGINT NOT NULL
    )""",
    """CREATE TABLE quotes (
        article_id VARCHAR NOT NULL,
        ord INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        speaker VARCHAR,
        speaker_name VARCHAR,
        speaker_country VARCHAR,
        verb VARCHAR,
        verb_start INTEGER,
        verb_end INTEGER,
        sentence INTEGER NOT NULL
    )""",
    """CREATE TABLE counts (
        article_id VARCHAR NOT NULL,
        ord INTEGER NOT NULL,
        number BIGINT NOT NULL,
        about VARCHAR NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        text VARCHAR,
        qualifier VARCHAR,
        sentence INTEGER NOT NULL
    )""",
    """CREATE TABLE entities (
        article_id VARCHAR NOT NULL,
        ord INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        kind VARCHAR NOT NULL
    )""",
    """CREATE TABLE failures (
        failure_id VARCHAR PRIMARY KEY,
        origin VARCHAR,
        article_id VARCHAR,
        status VARCHAR NOT NULL,
        stage VARCHAR,
        reason VARCHAR,
        duplicate_of VARCHAR,
        recorded_at TIMESTAMP NOT NULL
    )""",
)

# People learned from the text ("Kenyan Interior Minister Wanjiru Kamau") or added by a
# user, and the words of each article that introduced them.
_V3 = (
    """CREATE TABLE actors (
        actor_id BIGINT PRIMARY KEY,
        name VARCHAR NOT NULL,
        name_key VARCHAR NOT NULL UNIQUE,
        aliases VARCHAR[] NOT NULL,
        alias_keys VARCHAR[] NOT NULL,
        country VARCHAR,
        sectors VARCHAR[] NOT NULL,
        office VARCHAR,
        start_date DATE,
        end_date DATE,
        first_seen DATE,
        last_seen DATE,
        status VARCHAR NOT NULL CHECK (status IN ('learned', 'accepted', 'removed')),
        source VARCHAR NOT NULL CHECK (source IN ('text', 'user')),
        added_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE actor_evidence (
        actor_id BIGINT NOT NULL,
        article_id VARCHAR NOT NULL,
        ord INTEGER NOT NULL,
        words VARCHAR NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        country VARCHAR,
        sectors VARCHAR[] NOT NULL,
        kind VARCHAR NOT NULL,
        office VARCHAR,
        aliases VARCHAR[] NOT NULL,
        resolved_from_start INTEGER,
        resolved_from_end INTEGER,
        seen_on DATE NOT NULL,
        added_at TIMESTAMP NOT NULL
    )""",
    "CREATE INDEX actor_evidence_actor_id ON actor_evidence (actor_id)",
    "CREATE INDEX actor_evidence_article_id ON actor_evidence (article_id)",
)

#: Every migration, in order. Append; never change a released step.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, events, actors, mentions, happenings, quotes, counts, entities, failures", _V1),
    Migration(2, "index the actors of an event", ("CREATE INDEX event_actors_event_id ON event_actors (event_id)",)),
    Migration(3, "people learned from the text or added by a user, with their evidence", _V3),
)

LATEST_VERSION = MIGRATIONS[-1].version

_VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
)


def _has_version_table(con: Any) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = current_schema()",
        ["schema_version"],
    ).fetchall()
    return bool(row and row[0][0])


def current_version(con: Any) -> int:
    """The schema version of an open store (0 for an empty database)."""
    if not _has_version_table(con):
        return 0
    return int(con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0])


def migrate(
    con: Any,
    *,
    path: str,
    read_only: bool = False,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> int:
    """Bring the store up to the newest version; return the version it is at."""
    known = migrations[-1].version if migrations else 0
    found = current_version(con)
    if found > known:
        raise StoreError(StoreErrors.E202, path=path, found=found, known=known)
    pending = [m for m in migrations if m.version > found]
    if not pending:
        return found
    if read_only:
        if found == 0:
            raise StoreError(StoreErrors.E201, path=path)
        raise StoreError(StoreErrors.E205, path=path, found=found, known=known)
    for step in pending:
        con.execute("BEGIN TRANSACTION").fetchall()
        try:
            con.execute(_VERSION_TABLE).fetchall()
            for statement in step.statements:
                con.execute(statement).fetchall()
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)",
                [step.version, step.description, _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)],
            ).fetchall()
            con.execute("COMMIT").fetchall()
        except Exception as exc:
            con.execute("ROLLBACK").fetchall()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(
                StoreErrors.E206,
                version=step.version,
                description=step.description,
                reason=str(exc).splitlines()[0],
                current=current_version(con),
            ) from exc
        found = step.version
    return found
