"""The DuckDB event store: one embedded database file.

Writes go in one transaction per batch of articles, so a crash (even SIGKILL)
leaves whole batches or nothing; an article is known by the hash of its
normalised text, so writing it again adds nothing. Merging is incremental: a
batch asks only for the happenings that share a blocking key with its events.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

import duckdb
import pyarrow as pa

from dotterel.records import Actor, CodedArticle, Modality, Outcome, Span
from dotterel.store import _rows
from dotterel.store._errors import StoreError, StoreErrors
from dotterel.store._merge import ActorRef, HappeningState, MergeRules, Probe, choose, probe_for
from dotterel.store._migrations import migrate
from dotterel.store._query import EVENT_FROM, event_where, happening_where, limit_clause, order_by
from dotterel.store._types import (
    ACTOR_STATUSES,
    DEFAULT_BATCH_SIZE,
    TABLES,
    ActorEvidence,
    EventDetail,
    EventFilter,
    Happening,
    Stats,
    StoredActor,
    StoredEvent,
    WriteReport,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from dotterel.actors import Office

__all__ = ["DuckDBStore"]

_STORED = (
    "articles",
    "events",
    "event_actors",
    "mentions",
    "quotes",
    "counts",
    "entities",
    "failures",
    "happenings",
    "actors",
    "actor_evidence",
)
_ROWS_VIEW = "_dotterel_rows"
# Fixed SQL per table: table names come from the constant tuple above, never from input.
_SCHEMA_SQL = {t: f"SELECT * FROM {t} LIMIT 0" for t in (*_STORED, "happening_keys")}
_INSERT_SQL = {t: f"INSERT INTO {t} BY NAME SELECT * FROM {_ROWS_VIEW}" for t in (*_STORED, "happening_keys")}
_INSERT_SQL["failures"] = f"INSERT OR IGNORE INTO failures BY NAME SELECT * FROM {_ROWS_VIEW}"
_COUNT_SQL = {t: f"SELECT count(*) FROM {t}" for t in _STORED}

_REPORT_DATE = "coalesce(a.published, CAST(a.added_at AS DATE))"

_UPDATE_STATES = f"""
UPDATE happenings SET
    window_start = r.window_start, window_end = r.window_end, date_stated = r.date_stated,
    event_date = r.event_date, actors_json = r.actors_json, recipients_json = r.recipients_json,
    places_json = r.places_json, updated_at = r.updated_at
FROM {_ROWS_VIEW} r WHERE happenings.happening_id = r.happening_id
"""

_RECOUNT = f"""
UPDATE happenings SET
    num_mentions = s.n, num_articles = s.na, num_sources = s.ns, first_report = s.fr, last_report = s.lr
FROM (
    SELECT m.happening_id, count(*) AS n, count(DISTINCT m.article_id) AS na,
           count(DISTINCT lower(a.source_name)) AS ns, min({_REPORT_DATE}) AS fr, max({_REPORT_DATE}) AS lr
    FROM mentions m JOIN articles a ON a.article_id = m.article_id
    WHERE m.happening_id IN (SELECT unnest(?::BIGINT[]))
    GROUP BY m.happening_id
) s
WHERE happenings.happening_id = s.happening_id
"""

_CANDIDATES = """
SELECT DISTINCT k.happening_id
FROM (SELECT unnest(?::VARCHAR[]) AS key, unnest(?::DATE[]) AS lo, unnest(?::DATE[]) AS hi) p
JOIN happening_keys k ON k.key = p.key
JOIN happenings h ON h.happening_id = k.happening_id
WHERE h.mergeable AND h.window_start <= p.hi AND h.window_end >= p.lo
"""

_STATES = """
SELECT happening_id, type, mergeable, window_start, window_end, date_stated,
       actors_json, recipients_json, places_json
FROM happenings WHERE happening_id IN (SELECT unnest(?::BIGINT[]))
"""

_STATE_KEYS = "SELECT happening_id, key FROM happening_keys WHERE happening_id IN (SELECT unnest(?::BIGINT[]))"

# Fetching rows by key: a few keys through the table's index, many through a hash join.
_FEW_IDS = 2_000
_ID_COLUMN = {"events": "event_id", "mentions": "event_id", "event_actors": "event_id", "articles": "article_id"}
_ID_SELECT = {
    "events": "*",
    "mentions": "event_id, happening_id, status, reasons, sentence_text, sentence_start, sentence_end",
    "event_actors": "*",
    "articles": "article_id, seq, published, publisher, url, title, added_at",
}
_BY_FEW_IDS = {t: f"SELECT {_ID_SELECT[t]} FROM {t} WHERE list_contains(?::VARCHAR[], {c})" for t, c in _ID_COLUMN.items()}
_BY_MANY_IDS = {t: f"SELECT {_ID_SELECT[t]} FROM {t} WHERE {c} IN (SELECT unnest(?::VARCHAR[]))" for t, c in _ID_COLUMN.items()}

_MENTION_COLUMNS = (
    "e.*, m.happening_id, m.status AS merge_status, m.reasons AS merge_reasons, m.sentence_text, "
    "m.sentence_start AS evidence_start, m.sentence_end AS evidence_end, "
    "a.published, a.publisher, a.url, a.title"
)

_SIDES = """
side AS (
    SELECT x.event_id, x.role,
           list(struct_pack(text := x.text, span_start := x.span_start, span_end := x.span_end,
                            name := x.name, country := x.country, sectors := x.sectors, kind := x.kind,
                            title := x.title, aliases := x.aliases,
                            resolved_from_start := x.resolved_from_start,
                            resolved_from_end := x.resolved_from_end, code := x.code) ORDER BY x.ord) AS people
    FROM event_actors x WHERE x.event_id IN (SELECT event_id FROM sel)
    GROUP BY x.event_id, x.role
)"""


_ACTOR_SELECT = (
    "SELECT a.actor_id, a.name, a.aliases, a.country, a.sectors, a.office, a.start_date, a.end_date, "
    "a.first_seen, a.last_seen, a.status, a.source, a.added_at, a.updated_at, "
    "(SELECT count(*) FROM actor_evidence v WHERE v.actor_id = a.actor_id) AS mentions "
    "FROM actors a"
)
_ACTOR_SEARCH = (
    "(contains(a.name_key, ?) OR contains(array_to_string(a.alias_keys, ' '), ?) "
    "OR contains(lower(coalesce(a.office, '')), ?) OR lower(coalesce(a.country, '')) = ?)"
)
_ACTOR_EVIDENCE = (
    "SELECT v.*, ar.title AS article_title, ar.url AS article_url FROM actor_evidence v "
    "LEFT JOIN articles ar ON ar.article_id = v.article_id "
    "WHERE v.actor_id = ? ORDER BY v.seen_on, ar.seq, v.ord"
)
_UPDATE_SEEN = (
    "UPDATE actors SET country = ?, sectors = ?, office = ?, start_date = ?, first_seen = ?, last_seen = ?, "
    "updated_at = ? WHERE actor_id = ?"
)
_UPDATE_USER = (
    "UPDATE actors SET name = ?, aliases = ?, alias_keys = ?, country = ?, sectors = ?, office = ?, "
    "start_date = ?, end_date = ?, status = 'accepted', source = 'user', updated_at = ? WHERE actor_id = ?"
)
# A learned person with a start date counts from a year before it (as the coder's
# LearnedPeople does): the day seen in office is not the day the office began.
_LEARNED_LEAD = _dt.timedelta(days=365)
_SECTOR_SPLIT = re.compile(r"[\s,|]+")


def _clean_name(name: Any) -> str:
    return " ".join(str(name or "").split())


def _name_key(name: Any) -> str:
    return _clean_name(name).lower()


def _surname(name: str) -> tuple[str, ...]:
    """The alias a bare surname resolves through: the last word of a name of two or more
    words, when longer than three letters (the rule the coder learns people by)."""
    parts = name.split()
    return (parts[-1],) if len(parts) > 1 and len(parts[-1]) > 3 else ()


def _aliases(name: str, values: Iterable[str]) -> list[str]:
    """Other names of ``name``: cleaned, without repeats (any case) or the name itself."""
    out: dict[str, str] = {}
    key = _name_key(name)
    for value in values:
        alias = _clean_name(value)
        if alias and alias.lower() != key:
            out.setdefault(alias.lower(), alias)
    return list(out.values())


def _country_code(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    code = str(value).strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise StoreError(StoreErrors.E242, value=value)
    return code


def _sector_codes(values: Iterable[str] | str) -> list[str]:
    from dotterel.actors import SECTOR_CODES

    if isinstance(values, str):
        values = (values,)
    codes: list[str] = []
    for value in values:
        for code in _SECTOR_SPLIT.split(str(value).strip().upper()):
            if code and code not in codes:
                codes.append(code)
    bad = [c for c in codes if c not in SECTOR_CODES]
    if bad:
        raise StoreError(StoreErrors.E243, values=", ".join(bad), choices=" ".join(sorted(SECTOR_CODES)))
    return codes


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class DuckDBStore:
    """The event store in one DuckDB file (or ``":memory:"``)."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False, rules: MergeRules | None = None) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.rules = rules or MergeRules()
        memory = self.path == ":memory:"
        if read_only and not memory and not Path(self.path).is_file():
            raise StoreError(StoreErrors.E201, path=self.path)
        if not memory:
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(StoreErrors.E200, path=self.path, reason=f"the directory {parent} does not exist")
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            reason = _first_line(exc)
            if "lock" in reason.lower():
                raise StoreError(StoreErrors.E203, path=self.path, reason=reason) from None
            raise StoreError(StoreErrors.E200, path=self.path, reason=reason) from None
        try:
            self.version = migrate(self._con, path=self.path, read_only=read_only)
        except BaseException:
            self._con.close()
            raise
        self._schemas: dict[str, pa.Schema] = {}

    # -- life cycle ---------------------------------------------------------------------
    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "DuckDBStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"DuckDBStore({self.path!r}, read_only={self.read_only})"

    # -- writing ------------------------------------------------------------------------
    def write(
        self,
        items: Iterable[Outcome | CodedArticle],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        on_batch: Callable[[WriteReport], None] | None = None,
    ) -> WriteReport:
        """Store coded articles and record the outcomes that were not coded.

        Takes :class:`~dotterel.records.Outcome` objects (as ingestion yields
        them) or :class:`~dotterel.records.CodedArticle` objects. Each batch of
        ``batch_size`` items is one transaction. An article whose normalised
        text is already stored is counted in ``present`` and not stored again.
        """
        if self.read_only:
            raise StoreError(StoreErrors.E204, path=self.path)
        total = WriteReport()
        for chunk in _chunks(items, max(1, batch_size)):
            report = self._write_batch(chunk)
            total = total + report
            if on_batch is not None:
                on_batch(report)
        return total

    def _schema(self, table: str) -> pa.Schema:
        schema = self._schemas.get(table)
        if schema is None:
            schema = self._con.sql(_SCHEMA_SQL[table]).to_arrow_table().schema
            self._schemas[table] = schema
        return schema

    def _insert(self, table: str, rows: Sequence[dict[str, Any]], sql: str | None = None) -> None:
        if rows:
            self._bulk_insert(table, pa.Table.from_pylist(list(rows), schema=self._schema(table)), sql)

    def _bulk_insert(self, table: str, data: pa.Table, sql: str | None = None) -> None:
        """Insert Arrow rows into a table as they are: no merging, no checks (the
        writer and the benchmark's bulk load use it)."""
        self._con.register(_ROWS_VIEW, data)
        try:
            self._con.execute(sql or _INSERT_SQL[table]).fetchall()
        finally:
            self._con.unregister(_ROWS_VIEW)

    def _write_batch(self, items: list[Any]) -> WriteReport:
        now = _now()
        coded: list[tuple[CodedArticle, str | None]] = []
        failures: list[dict[str, Any]] = []
        for item in items:
            if isinstance(item, CodedArticle):
                coded.append((item, None))
            elif isinstance(item, Outcome):
                if item.status == "coded" and item.coded is not None:
                    coded.append((item.coded, item.origin))
                else:
                    article = item.coded.article if item.coded is not None else item.article
                    reason = item.reason
                    if item.status == "coded":  # a coded outcome must carry its coding
                        reason = reason or "the outcome says coded but holds no CodedArticle"
                    failures.append(
                        _rows.failure_row(
                            status=item.status if item.status != "coded" else "failed",
                            origin=item.origin or (article.origin if article else None),
                            article_id=article.id if article else None,
                            stage=item.stage or ("store" if item.status == "coded" else None),
                            reason=reason,
                            duplicate_of=item.duplicate_of,
                            recorded_at=now,
                        )
                    )
            else:
                raise StoreError(
                    StoreErrors.E218, what=type(item).__name__, reason="write takes Outcome or CodedArticle objects"
                )
        con = self._con
        con.execute("BEGIN TRANSACTION").fetchall()
        try:
            new, present, refused = self._new_articles(coded, now)
            failures += refused
            report = self._store_articles(new, now)
            self._insert("failures", list({f["failure_id"]: f for f in failures}.values()))
            con.execute("COMMIT").fetchall()
        except BaseException:
            try:
                con.execute("ROLLBACK").fetchall()
            except duckdb.Error:  # pragma: no cover - the connection is gone
                pass
            raise
        return WriteReport(
            outcomes=len(items),
            added=len(new),
            present=present,
            failures=len(failures),
            events=report.events,
            happenings=report.happenings,
            joined=report.joined,
            candidates=report.candidates,
            batches=1,
        )

    def _new_articles(
        self, coded: list[tuple[CodedArticle, str | None]], now: _dt.datetime
    ) -> tuple[list[tuple[CodedArticle, str, str | None]], int, list[dict[str, Any]]]:
        """Which articles of a batch are new; how many are present; rows for refused ones."""
        if not coded:
            return [], 0, []
        hashes = [c.article.text_hash for c, _ in coded]
        ids = [c.article.id for c, _ in coded]
        stored_hashes = {
            h for (h,) in self._con.execute(
                "SELECT text_hash FROM articles WHERE list_contains(?::VARCHAR[], text_hash)", [hashes]
            ).fetchall()
        }
        stored_ids = {
            i for (i,) in self._con.execute(
                "SELECT article_id FROM articles WHERE list_contains(?::VARCHAR[], article_id)", [ids]
            ).fetchall()
        }
        new: list[tuple[CodedArticle, str, str | None]] = []
        present = 0
        refused: list[dict[str, Any]] = []
        seen_hashes: set[str] = set()
        seen_ids: set[str] = set()
        for (c, origin), h in zip(coded, hashes):
            if h in stored_hashes or h in seen_hashes:
                present += 1
                continue
            if c.article.id in stored_ids or c.article.id in seen_ids:
                refused.append(
                    _rows.failure_row(
                        status="failed",
                        origin=origin or c.article.origin,
                        article_id=c.article.id,
                        stage="store",
                        reason=f"the article id {c.article.id} already holds a different text",
                        duplicate_of=None,
                        recorded_at=now,
                    )
                )
                continue
            seen_hashes.add(h)
            seen_ids.add(c.article.id)
            new.append((c, h, origin))
        return new, present, refused

    def _store_articles(self, new: list[tuple[CodedArticle, str, str | None]], now: _dt.datetime) -> WriteReport:
        if not new:
            return WriteReport()
        con = self._con
        seq = int(con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchall()[0][0])
        articles, events, actors, quotes, counts, entities = [], [], [], [], [], []
        pending: list[tuple[str, CodedArticle, Any, Probe | None]] = []
        for coded, text_hash, origin in new:
            seq += 1
            article = coded.article
            articles.append(_rows.article_row(coded, text_hash=text_hash, seq=seq, added_at=now, origin=origin))
            for index, (event_id, event) in enumerate(zip(_rows.event_ids(coded), coded.events)):
                events.append(_rows.event_row(event_id, index, event, article, now))
                actors += _rows.actor_rows(event_id, event)
                probe = probe_for(event, article, self.rules) if event.modality is Modality.ASSERTED else None
                pending.append((event_id, coded, event, probe))
            quotes += _rows.quote_rows(coded)
            counts += _rows.count_rows(coded)
            entities += _rows.entity_rows(coded)
        mentions, founded, touched, joined, examined = self._merge(pending, now)
        for table, rows in (
            ("articles", articles),
            ("events", events),
            ("event_actors", actors),
            ("mentions", mentions),
            ("quotes", quotes),
            ("counts", counts),
            ("entities", entities),
        ):
            self._insert(table, rows)
        new_states = [s for s in touched.values() if s.id in founded]
        changed = [s for s in touched.values() if s.id not in founded and s.changed]
        self._insert("happenings", [founded[s.id] | self._state_columns(s, now, founded[s.id]["event_date"]) for s in new_states])
        if changed:
            self._insert("happenings", [self._state_columns(s, now, None) for s in changed], _UPDATE_STATES)
        self._insert(
            "happening_keys",
            [{"key": k, "happening_id": s.id} for s in touched.values() for k in sorted(s.new_keys)],
        )
        for s in touched.values():
            s.new_keys.clear()
        if touched:
            con.execute(_RECOUNT, [sorted(touched)]).fetchall()
        self._learn_people(new, now)
        return WriteReport(events=len(events), happenings=len(founded), joined=joined, candidates=examined)

    @staticmethod
    def _state_columns(state: HappeningState, now: _dt.datetime, fallback: _dt.date | None) -> dict[str, Any]:
        actors_json, recipients_json, places_json = state.sides_json()
        if state.window is not None:
            event_date = state.window[0] if state.date_stated else state.window[1]
        else:
            event_date = fallback
        return {
            "happening_id": state.id,
            "window_start": state.window[0] if state.window else None,
            "window_end": state.window[1] if state.window else None,
            "date_stated": state.date_stated,
            "event_date": event_date,
            "actors_json": actors_json,
            "recipients_json": recipients_json,
            "places_json": places_json,
            "updated_at": now,
        }

    def _merge(
        self, pending: list[tuple[str, CodedArticle, Any, Probe | None]], now: _dt.datetime
    ) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]], dict[int, HappeningState], int, int]:
        """Decide, for each new event in order, the happening it joins or founds."""
        con = self._con
        probes = [p for *_, p in pending if p is not None and p.mergeable]
        index: dict[str, list[HappeningState]] = {}
        touched: dict[int, HappeningState] = {}
        if probes:
            keys, los, his = [], [], []
            for p in probes:
                assert p.window is not None
                for k in p.keys:
                    keys.append(k)
                    los.append(p.window[0])
                    his.append(p.window[1])
            ids = [i for (i,) in con.execute(_CANDIDATES, [keys, los, his]).fetchall()]
            if ids:
                state_keys: dict[int, list[str]] = {}
                for hid, key in con.execute(_STATE_KEYS, [ids]).fetchall():
                    state_keys.setdefault(hid, []).append(key)
                for row in con.execute(_STATES, [ids]).fetchall():
                    state = HappeningState.from_row(*row, keys=state_keys.get(row[0], ()))
                    for key in state.keys:
                        index.setdefault(key, []).append(state)
        examined = len({s.id for states in index.values() for s in states})
        next_id = int(con.execute("SELECT coalesce(max(happening_id), 0) FROM happenings").fetchall()[0][0])
        mentions: list[dict[str, Any]] = []
        founded: dict[int, dict[str, Any]] = {}
        joined = 0
        for event_id, coded, event, probe in pending:
            happening_id: int | None = None
            if probe is None:
                status, reasons = "unasserted", f"not asserted ({event.modality.value}): no happening"
            else:
                match = None
                if probe.mergeable:
                    candidates = {id(s): s for k in probe.keys for s in index.get(k, ())}
                    match = choose(probe, sorted(candidates.values(), key=lambda s: s.id), self.rules)
                if match is not None:
                    state = match.state
                    before = set(state.keys)
                    state.absorb(probe)
                    for key in state.keys - before:
                        index.setdefault(key, []).append(state)
                    happening_id, status, reasons = state.id, "joined", match.reasons
                    joined += 1
                else:
                    next_id += 1
                    state = HappeningState.found(next_id, probe)
                    for key in state.keys:
                        index.setdefault(key, []).append(state)
                    founded[state.id] = self._happening_row(state, event_id, event, coded, now)
                    happening_id = state.id
                    if probe.mergeable:
                        status, reasons = "founded", "new happening: no earlier report matched"
                    else:
                        status, reasons = "alone", f"new happening that never merges: {probe.alone}"
                touched[state.id] = state
            mentions.append(
                _rows.mention_row(
                    event_id, coded, event, happening_id=happening_id, status=status, reasons=reasons, added_at=now
                )
            )
        return mentions, founded, touched, joined, examined

    @staticmethod
    def _happening_row(
        state: HappeningState, event_id: str, event: Any, coded: CodedArticle, now: _dt.datetime
    ) -> dict[str, Any]:
        return {
            "happening_id": state.id,
            "type": event.type,
            "cameo": event.cameo,
            "quad_class": event.quad_class,
            "intensity": float(event.intensity),
            "first_event_id": event_id,
            "mergeable": state.mergeable,
            "event_date": _rows.effective_date(event, coded.article, now),
            "actor_label": ActorRef.of(event.actors[0]).label if event.actors else None,
            "recipient_label": ActorRef.of(event.recipients[0]).label if event.recipients else None,
            "location_text": event.location.text if event.location else None,
            "num_mentions": 0,
            "num_sources": 0,
            "num_articles": 0,
            "added_at": now,
        }

    # -- people learned from the text ---------------------------------------------------------
    def _learn_people(self, new: list[tuple[CodedArticle, str, str | None]], now: _dt.datetime) -> None:
        """Record the people the new articles introduce with an office: a new name is
        learned, a known one gains evidence (a removed one stays removed)."""
        seen = [
            (coded, ord_, person, _name_key(person.name))
            for coded, _, _ in new
            for ord_, person in enumerate(coded.people)
            if _name_key(person.name)
        ]
        if not seen:
            return
        keys = sorted({key for *_, key in seen})
        known = {
            r["name_key"]: r
            for r in self._dicts("SELECT * FROM actors WHERE list_contains(?::VARCHAR[], name_key)", [keys])
        }
        next_id = int(self._con.execute("SELECT coalesce(max(actor_id), 0) FROM actors").fetchall()[0][0])
        added: dict[str, dict[str, Any]] = {}
        changed: set[str] = set()
        evidence: list[dict[str, Any]] = []
        for coded, ord_, person, key in seen:
            published = coded.article.published
            day = published or now.date()
            row = known.get(key)
            if row is None:
                next_id += 1
                name = _clean_name(person.name)
                aliases = _aliases(name, (*person.aliases, *_surname(name)))
                row = {
                    "actor_id": next_id,
                    "name": name,
                    "name_key": key,
                    "aliases": aliases,
                    "alias_keys": [a.lower() for a in aliases],
                    "country": person.country,
                    "sectors": list(person.sectors),
                    "office": person.title,
                    "start_date": published,
                    "end_date": None,
                    "first_seen": day,
                    "last_seen": day,
                    "status": "learned",
                    "source": "text",
                    "added_at": now,
                    "updated_at": now,
                }
                known[key] = added[key] = row
            else:
                row["first_seen"] = min(row["first_seen"] or day, day)
                row["last_seen"] = max(row["last_seen"] or day, day)
                if row["status"] == "learned" and row["source"] == "text":
                    # an unreviewed person fills what the first article left out
                    row["country"] = row["country"] or person.country
                    row["sectors"] = list(row["sectors"] or person.sectors)
                    row["office"] = row["office"] or person.title
                    if published is not None:
                        row["start_date"] = min(row["start_date"] or published, published)
                row["updated_at"] = now
                if key not in added:
                    changed.add(key)
            evidence.append(
                {
                    "actor_id": row["actor_id"],
                    "article_id": coded.article.id,
                    "ord": ord_,
                    "words": person.text,
                    "span_start": person.span.start,
                    "span_end": person.span.end,
                    "name": person.name,
                    "country": person.country,
                    "sectors": list(person.sectors),
                    "kind": person.kind,
                    "office": person.title,
                    "aliases": list(person.aliases),
                    "resolved_from_start": person.resolved_from.start if person.resolved_from else None,
                    "resolved_from_end": person.resolved_from.end if person.resolved_from else None,
                    "seen_on": day,
                    "added_at": now,
                }
            )
        self._insert("actors", list(added.values()))
        if changed:
            self._con.executemany(
                _UPDATE_SEEN,
                [
                    [r["country"], r["sectors"], r["office"], r["start_date"], r["first_seen"], r["last_seen"],
                     r["updated_at"], r["actor_id"]]
                    for r in (known[k] for k in sorted(changed))
                ],
            )
        self._insert("actor_evidence", evidence)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.read_only:
            raise StoreError(StoreErrors.E204, path=self.path)
        self._con.execute("BEGIN TRANSACTION").fetchall()
        try:
            yield
            self._con.execute("COMMIT").fetchall()
        except BaseException:
            try:
                self._con.execute("ROLLBACK").fetchall()
            except duckdb.Error:  # pragma: no cover - the connection is gone
                pass
            raise

    def _actor_row(self, name: str) -> dict[str, Any]:
        """The stored person called ``name`` (any case), else the one person with that alias."""
        key = _name_key(name)
        if not key:
            raise StoreError(StoreErrors.E245, value=name)
        rows = self._dicts("SELECT * FROM actors WHERE name_key = ?", [key])
        if not rows:
            rows = self._dicts("SELECT * FROM actors WHERE list_contains(alias_keys, ?) ORDER BY name_key", [key])
        if not rows:
            raise StoreError(StoreErrors.E240, name=_clean_name(name))
        if len(rows) > 1:
            raise StoreError(StoreErrors.E241, name=_clean_name(name), names=", ".join(r["name"] for r in rows))
        return rows[0]

    @staticmethod
    def _stored_actor(row: dict[str, Any], evidence: Sequence[ActorEvidence] = ()) -> StoredActor:
        return StoredActor(
            id=int(row["actor_id"]),
            name=row["name"],
            aliases=tuple(row["aliases"] or ()),
            country=row["country"],
            sectors=tuple(row["sectors"] or ()),
            office=row["office"],
            start=row["start_date"],
            end=row["end_date"],
            first_seen=row["first_seen"],
            last_seen=row["last_seen"],
            status=row["status"],
            source=row["source"],
            mentions=int(row.get("mentions") or len(evidence)),
            added_at=row["added_at"],
            updated_at=row["updated_at"],
            evidence=tuple(evidence),
        )

    def actors(self, *, status: str | None = None, search: str | None = None) -> list[StoredActor]:
        """The people the store knows, by name: every status, or one of
        :data:`~dotterel.store.ACTOR_STATUSES`; ``search`` finds words in the name,
        an alias or the office, or a country code (any case). No evidence is read
        (:meth:`actor` gives it)."""
        where: list[str] = []
        params: list[Any] = []
        if status is not None:
            value = status.strip().lower()
            if value not in ACTOR_STATUSES:
                raise StoreError(StoreErrors.E244, value=status, choices=", ".join(ACTOR_STATUSES))
            where.append("a.status = ?")
            params.append(value)
        needle = _name_key(search)
        if needle:
            where.append(_ACTOR_SEARCH)
            params += [needle] * 4
        sql = _ACTOR_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.name_key"
        return [self._stored_actor(r) for r in self._dicts(sql, params)]

    def actor(self, name: str) -> StoredActor:
        """One person by name or alias (any case), with every article that introduced
        them, earliest first (E240 when unknown, E241 when an alias names several)."""
        row = self._actor_row(name)
        evidence = [
            ActorEvidence(
                article_id=v["article_id"],
                words=v["words"],
                span=Span(int(v["span_start"]), int(v["span_end"])),
                seen_on=v["seen_on"],
                name=v["name"],
                country=v["country"],
                sectors=tuple(v["sectors"] or ()),
                office=v["office"],
                title=v["article_title"],
                url=v["article_url"],
            )
            for v in self._dicts(_ACTOR_EVIDENCE, [row["actor_id"]])
        ]
        return self._stored_actor({**row, "mentions": len(evidence)}, evidence)

    def add_actor(
        self,
        name: str,
        *,
        country: str | None,
        sectors: Iterable[str] | str = (),
        office: str | None = None,
        aliases: Iterable[str] = (),
        start: _dt.date | None = None,
        end: _dt.date | None = None,
    ) -> StoredActor:
        """Add a person as a user states them (accepted, source ``user``). A name the
        store knows already (any case) takes these fields and keeps its evidence. The
        surname (when longer than three letters) is always an alias, so "Kamau said"
        resolves to "Wanjiru Kamau"."""
        clean = _clean_name(name)
        key = clean.lower()
        if not key:
            raise StoreError(StoreErrors.E245, value=name)
        code = _country_code(country)
        codes = _sector_codes(sectors)
        if start is not None and end is not None and start > end:
            raise StoreError(StoreErrors.E246, start=start, end=end)
        names = _aliases(clean, (*(aliases if not isinstance(aliases, str) else (aliases,)), *_surname(clean)))
        office = _clean_name(office) or None
        now = _now()
        with self._transaction():
            rows = self._dicts("SELECT actor_id FROM actors WHERE name_key = ?", [key])
            if rows:
                self._con.execute(
                    _UPDATE_USER,
                    [clean, names, [a.lower() for a in names], code, codes, office, start, end, now, rows[0]["actor_id"]],
                ).fetchall()
            else:
                next_id = int(self._con.execute("SELECT coalesce(max(actor_id), 0) FROM actors").fetchall()[0][0]) + 1
                self._insert(
                    "actors",
                    [
                        {
                            "actor_id": next_id,
                            "name": clean,
                            "name_key": key,
                            "aliases": names,
                            "alias_keys": [a.lower() for a in names],
                            "country": code,
                            "sectors": codes,
                            "office": office,
                            "start_date": start,
                            "end_date": end,
                            "first_seen": None,
                            "last_seen": None,
                            "status": "accepted",
                            "source": "user",
                            "added_at": now,
                            "updated_at": now,
                        }
                    ],
                )
        return self.actor(clean)

    def _set_status(self, name: str, status: str) -> StoredActor:
        with self._transaction():
            row = self._actor_row(name)
            self._con.execute(
                "UPDATE actors SET status = ?, updated_at = ? WHERE actor_id = ?", [status, _now(), row["actor_id"]]
            ).fetchall()
        return self.actor(row["name"])

    def accept_actor(self, name: str) -> StoredActor:
        """Mark a person (by name or alias) as reviewed and right: the coder uses them."""
        return self._set_status(name, "accepted")

    def remove_actor(self, name: str) -> StoredActor:
        """Mark a person (by name or alias) as wrong: kept with the evidence, never used,
        and not learned again from later articles (``accept_actor`` brings them back)."""
        return self._set_status(name, "removed")

    def learned_offices(self, *, on: _dt.date | None = None) -> "list[Office]":
        """The learned and accepted people (not the removed ones) as
        :class:`dotterel.actors.Office` records, for ``Coder(learned=...)``. Accepted
        people come first, then the most recently seen, so a surname two people share
        resolves to them. ``on`` keeps those who may hold their office that day: not
        after ``end``, not before ``start`` (for a person learned from the text, not
        more than a year before the day first seen in office)."""
        rows = self._dicts(
            f"{_ACTOR_SELECT} WHERE a.status IN ('learned', 'accepted') "
            "ORDER BY a.status = 'accepted' DESC, a.last_seen DESC NULLS LAST, a.actor_id"
        )
        offices = []
        for row in rows:
            if on is not None:
                if row["end_date"] is not None and on > row["end_date"]:
                    continue
                lead = _LEARNED_LEAD if row["source"] == "text" else _dt.timedelta(0)
                if row["start_date"] is not None and on < row["start_date"] - lead:
                    continue
            offices.append(self._stored_actor(row).to_office())
        return offices

    # -- reading ------------------------------------------------------------------------
    def _filter(self, filter: EventFilter | None, criteria: dict[str, Any]) -> EventFilter:
        if filter is None:
            return EventFilter(**criteria)
        return filter.replace(**criteria) if criteria else filter

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def _by_ids(self, table: str, ids: Sequence[str]) -> list[dict[str, Any]]:
        """Rows of ``table`` whose key is in ``ids``: a few ids through the
        table's index, many through a hash join."""
        if not ids:
            return []
        sql = _BY_FEW_IDS[table] if len(ids) <= _FEW_IDS else _BY_MANY_IDS[table]
        return self._dicts(sql, [list(ids)])

    def _stored_events(self, ids: Sequence[str]) -> list[StoredEvent]:
        """The stored events with these ids, in this order."""
        events = {r["event_id"]: r for r in self._by_ids("events", ids)}
        mentions = {r["event_id"]: r for r in self._by_ids("mentions", ids)}
        articles = {r["article_id"]: r for r in self._by_ids("articles", sorted({r["article_id"] for r in events.values()}))}
        sides: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for a in sorted(self._by_ids("event_actors", ids), key=lambda a: (a["event_id"], a["role"], a["ord"])):
            sides.setdefault((a["event_id"], a["role"]), []).append(a)
        out = []
        for event_id in ids:
            r, m = events[event_id], mentions[event_id]
            a = articles[r["article_id"]]
            out.append(
                StoredEvent(
                    id=event_id,
                    article_id=r["article_id"],
                    event=_rows.event_from_row(r, sides.get((event_id, "actor"), ()), sides.get((event_id, "recipient"), ())),
                    event_date=r["event_date"],
                    happening_id=m["happening_id"],
                    merge_status=m["status"],
                    merge_reasons=m["reasons"],
                    sentence_text=m["sentence_text"],
                    sentence_span=_rows.span_or_none(m["sentence_start"], m["sentence_end"]),
                    published=a["published"],
                    publisher=a["publisher"],
                    url=a["url"],
                    title=a["title"],
                )
            )
        return out

    @staticmethod
    def _happening(row: dict[str, Any]) -> Happening:
        import json

        actors = tuple(dict.fromkeys(ActorRef.from_json(d).label for d in json.loads(row["actors_json"])))
        recipients = tuple(dict.fromkeys(ActorRef.from_json(d).label for d in json.loads(row["recipients_json"])))
        return Happening(
            id=int(row["happening_id"]),
            type=row["type"],
            cameo=row["cameo"],
            quad_class=int(row["quad_class"]),
            intensity=float(row["intensity"]),
            event_date=row["event_date"],
            window_start=row["window_start"],
            window_end=row["window_end"],
            actor=row["actor_label"],
            recipient=row["recipient_label"],
            actors=actors,
            recipients=recipients,
            location=row["location_text"],
            num_mentions=int(row["num_mentions"]),
            num_sources=int(row["num_sources"]),
            num_articles=int(row["num_articles"]),
            first_report=row["first_report"],
            last_report=row["last_report"],
            first_event_id=row["first_event_id"],
            added_at=row["added_at"],
        )

    def events(self, filter: EventFilter | None = None, /, **criteria: Any) -> list[StoredEvent] | list[Happening]:
        """The events (``unit="mentions"``) or happenings a filter selects."""
        f = self._filter(filter, criteria)
        limit, limit_params = limit_clause(f)
        if f.unit == "happenings":
            where, params = happening_where(f)
            rows = self._dicts(f"SELECT h.* FROM happenings h{where}{order_by(f)}{limit}", params + limit_params)
            return [self._happening(r) for r in rows]
        where, params = event_where(f)
        ids = self._dicts(f"SELECT e.event_id FROM events e{where}{order_by(f)}{limit}", params + limit_params)
        return self._stored_events([r["event_id"] for r in ids])

    def events_frame(self, filter: EventFilter | None = None, /, **criteria: Any) -> "pd.DataFrame":
        """:meth:`events` as a pandas DataFrame (the columns of the ``events`` or ``happenings`` table)."""
        f = self._filter(filter, criteria)
        return self.table("happenings" if f.unit == "happenings" else "events", f).read_all().to_pandas()

    def event(self, id: str | int) -> EventDetail:
        """A happening (by number) or an event (by its id), with every mention and its evidence."""
        text = str(id).strip()
        if text.lower().startswith("h") and text[1:].isdigit():
            text = text[1:]
        if text.isdigit():
            rows = self._dicts("SELECT * FROM happenings WHERE happening_id = ?", [int(text)])
            if not rows:
                raise StoreError(StoreErrors.E216, value=str(id))
            happening = self._happening(rows[0])
            return EventDetail(happening, self._mentions_of(happening.id), None)
        found = self._stored_events([text]) if self._by_ids("mentions", [text]) else []
        if not found:
            raise StoreError(StoreErrors.E216, value=str(id))
        hid = found[0].happening_id
        if hid is None:
            return EventDetail(None, tuple(found), text)
        happening = self._happening(self._dicts("SELECT * FROM happenings WHERE happening_id = ?", [hid])[0])
        return EventDetail(happening, self._mentions_of(hid), text)

    def _mentions_of(self, happening_id: int) -> tuple[StoredEvent, ...]:
        """The mentions of a happening, earliest report first."""
        rows = self._dicts(
            "SELECT m.event_id FROM mentions m JOIN articles a ON a.article_id = m.article_id "
            f"JOIN events e ON e.event_id = m.event_id WHERE m.happening_id = ? ORDER BY {_REPORT_DATE}, a.seq, e.seq",
            [happening_id],
        )
        return tuple(self._stored_events([r["event_id"] for r in rows]))

    def coded_article(self, article_id: str) -> CodedArticle:
        """The article as it was written, with everything coded from it."""
        rows = self._dicts("SELECT * FROM articles WHERE article_id = ?", [article_id])
        if not rows:
            raise StoreError(StoreErrors.E217, value=article_id)
        row = rows[0]
        ids = self._dicts("SELECT event_id FROM events WHERE article_id = ? ORDER BY seq", [article_id])
        events = self._stored_events([r["event_id"] for r in ids])
        by = "WHERE article_id = ? ORDER BY ord"
        return CodedArticle(
            article=_rows.article_from_row(row),
            events=tuple(s.event for s in events),
            quotes=tuple(_rows.quote_from_row(r) for r in self._dicts(f"SELECT * FROM quotes {by}", [article_id])),
            counts=tuple(_rows.count_from_row(r) for r in self._dicts(f"SELECT * FROM counts {by}", [article_id])),
            entities=tuple(_rows.entity_from_row(r) for r in self._dicts(f"SELECT * FROM entities {by}", [article_id])),
            people=tuple(_person(r) for r in self._dicts(f"SELECT * FROM actor_evidence {by}", [article_id])),
            sentences=_rows.sentences_from_json(row["sentences"]),
            blocks=_rows.blocks_from_json(row["blocks"]),
            warnings=tuple(row["warnings"] or ()),
            schema_version=row["coded_schema"],
        )

    def article_ids(self) -> list[str]:
        """Every stored article id, in the order stored."""
        return [i for (i,) in self._con.execute("SELECT article_id FROM articles ORDER BY seq").fetchall()]

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {t: int(self._con.execute(_COUNT_SQL[t]).fetchall()[0][0]) for t in _STORED}

    def stats(self, filter: EventFilter | None = None, /, *, top: int = 10, **criteria: Any) -> Stats:
        """Counts by type, dyad, day and modality over what a filter selects."""
        f = self._filter(filter, criteria).replace(limit=None, offset=0)
        totals = self.counts()
        q = self._con

        def pairs(sql: str, params: list[Any]) -> tuple[tuple[Any, int], ...]:
            return tuple((k, int(n)) for k, n in q.execute(sql, params).fetchall())

        if f.unit == "happenings":
            where, params = happening_where(f)
            base = f"FROM happenings h{where}"
            selected = int(q.execute(f"SELECT count(*) {base}", params).fetchall()[0][0])
            by_type = pairs(f"SELECT h.type, count(*) AS n {base} GROUP BY 1 ORDER BY n DESC, 1", params)
            by_day = pairs(f"SELECT h.event_date, count(*) {base} GROUP BY 1 ORDER BY 1", params)
            dyads = q.execute(
                f"SELECT coalesce(h.actor_label, '-'), coalesce(h.recipient_label, '-'), count(*) AS n {base} "
                "GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?",
                params + [top],
            ).fetchall()
            by_modality: tuple[tuple[str, int], ...] = (("asserted", selected),) if selected else ()
        else:
            where, params = event_where(f)
            base = f"FROM events e{where}"
            selected = int(q.execute(f"SELECT count(*) {base}", params).fetchall()[0][0])
            by_type = pairs(f"SELECT e.type, count(*) AS n {base} GROUP BY 1 ORDER BY n DESC, 1", params)
            by_day = pairs(f"SELECT e.event_date, count(*) {base} GROUP BY 1 ORDER BY 1", params)
            by_modality = pairs(f"SELECT e.modality, count(*) AS n {base} GROUP BY 1 ORDER BY n DESC, 1", params)
            dyads = q.execute(
                "SELECT coalesce(x1.country, upper(x1.name), '-'), coalesce(x2.country, upper(x2.name), '-'), "
                "count(*) AS n FROM events e "
                "LEFT JOIN event_actors x1 ON x1.event_id = e.event_id AND x1.role = 'actor' AND x1.ord = 0 "
                "LEFT JOIN event_actors x2 ON x2.event_id = e.event_id AND x2.role = 'recipient' AND x2.ord = 0"
                f"{where} GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?",
                params + [top],
            ).fetchall()
        return Stats(
            articles=totals["articles"],
            events=totals["events"],
            happenings=totals["happenings"],
            failures=totals["failures"],
            unit=f.unit,
            selected=selected,
            by_type=by_type,
            by_dyad=tuple((a, r, int(n)) for a, r, n in dyads),
            by_day=by_day,
            by_modality=by_modality,
            failures_by_status=pairs("SELECT status, count(*) AS n FROM failures GROUP BY 1 ORDER BY n DESC, 1", []),
        )

    # -- tables for export ---------------------------------------------------------------
    def table(self, name: str, filter: EventFilter | None = None, /, *, batch_size: int = 65_536) -> pa.RecordBatchReader:
        """One of :data:`TABLES` as a stream of Arrow record batches (see docs/store.md)."""
        if name not in TABLES:
            raise StoreError(StoreErrors.E219, value=name, choices=", ".join(TABLES))
        f = filter or EventFilter()
        unit = "happenings" if name == "happenings" else "mentions"
        if f.unit != unit and name != "mentions":
            f = f.replace(unit=unit, sort="date")
        sql, params = _table_sql(name, f)
        cursor = self._con.cursor()
        reader = cursor.sql(sql, params=params).to_arrow_reader(batch_size)

        def batches() -> Iterator[pa.RecordBatch]:
            try:
                yield from reader
            finally:
                cursor.close()

        return pa.RecordBatchReader.from_batches(reader.schema, batches())


def _person(row: dict[str, Any]) -> Actor:
    """A person of a stored article, from the evidence row that records them (its words, its office)."""
    return _rows.actor_from_row({**row, "text": row["words"], "title": row["office"]})


_MENTIONS_SELECT = (
    "SELECT m.event_id, m.happening_id, m.article_id, m.status, m.reasons, m.modality, e.type, e.cameo, "
    "e.event_date, m.sentence, m.sentence_start, m.sentence_end, m.sentence_text, m.trigger_start, "
    "m.trigger_end, m.actor_offset, m.recipient_offset, m.in_raw_text, e.confidence, a.source_name, "
    "a.publisher, a.url, a.published, length(a.text) AS doc_len, m.added_at, "
    "h.added_at AS happening_added_at "
    f"FROM {EVENT_FROM} LEFT JOIN happenings h ON h.happening_id = m.happening_id"
)


def _table_sql(name: str, f: EventFilter) -> tuple[str, list[Any]]:
    limit, limit_params = limit_clause(f)
    if name == "happenings":
        where, params = happening_where(f)
        return (
            "SELECT h.happening_id, h.type, h.cameo, h.quad_class, h.intensity, h.event_date, "
            "h.window_start, h.window_end, h.actor_label, h.recipient_label, h.location_text, "
            "h.num_mentions, h.num_sources, h.num_articles, h.first_report, h.last_report, "
            "h.first_event_id, h.added_at, h.updated_at, "
            "x1.code AS actor1_code, x1.name AS actor1_name, x1.country AS actor1_country, "
            "x1.sectors AS actor1_sectors, x2.code AS actor2_code, x2.name AS actor2_name, "
            "x2.country AS actor2_country, x2.sectors AS actor2_sectors, "
            "e.sentence AS first_sentence, e.source AS first_block, e.location_name, e.location_lat, "
            "e.location_lon, e.location_country, e.location_adm1, e.location_precision, "
            "a.url AS source_url, a.source_name, "
            "h.actors_json, h.recipients_json, h.places_json "
            "FROM happenings h JOIN events e ON e.event_id = h.first_event_id "
            "JOIN articles a ON a.article_id = e.article_id "
            "LEFT JOIN event_actors x1 ON x1.event_id = e.event_id AND x1.role = 'actor' AND x1.ord = 0 "
            "LEFT JOIN event_actors x2 ON x2.event_id = e.event_id AND x2.role = 'recipient' AND x2.ord = 0"
            f"{where}{order_by(f)}{limit}",
            params + limit_params,
        )
    if name == "mentions" and f.unit == "happenings":
        # the mentions of the selected happenings
        where, params = happening_where(f)
        return (
            f"{_MENTIONS_SELECT} WHERE m.happening_id IN (SELECT h.happening_id FROM happenings h{where}) "
            "ORDER BY m.happening_id, e.event_date, m.event_id",
            params,
        )
    where, params = event_where(f)
    if name == "events":
        return (
            f"WITH sel AS (SELECT e.event_id FROM events e{where}{order_by(f)}{limit}),{_SIDES} "
            f"SELECT {_MENTION_COLUMNS}, coalesce(ac.people, []) AS actors, coalesce(rc.people, []) AS recipients "
            f"FROM sel JOIN {EVENT_FROM} ON e.event_id = sel.event_id "
            "LEFT JOIN side ac ON ac.event_id = e.event_id AND ac.role = 'actor' "
            "LEFT JOIN side rc ON rc.event_id = e.event_id AND rc.role = 'recipient'"
            f"{order_by(f)}",
            params + limit_params,
        )
    if name == "mentions":
        return f"{_MENTIONS_SELECT}{where}{order_by(f)}{limit}", params + limit_params
    if name == "failures":
        return (
            "SELECT f.*, CAST(f.recorded_at AS DATE) AS recorded_date FROM failures f "
            "ORDER BY f.recorded_at, f.failure_id",
            [],
        )
    # article-level tables: the articles that have a selected event (all, for an empty filter)
    selected = ""
    if not f.is_empty:
        selected = f" WHERE a.article_id IN (SELECT e.article_id FROM events e{where})"
    else:
        params = []
    if name == "articles":
        return (
            f"SELECT a.*, {_REPORT_DATE} AS report_date FROM articles a{selected} ORDER BY a.seq",
            params,
        )
    return (
        f"SELECT t.*, {_REPORT_DATE} AS report_date FROM {name} t JOIN articles a ON a.article_id = t.article_id"
        f"{selected} ORDER BY a.seq, t.ord",
        params,
    )
