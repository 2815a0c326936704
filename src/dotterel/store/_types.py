"""The store interface and the records it returns."""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Protocol, runtime_checkable

from dotterel.records import PLOVER_TYPES, CodedArticle, Event, Modality, Outcome, Span
from dotterel.store._errors import StoreError, StoreErrors

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

    from dotterel.actors import Office

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "UNITS",
    "TABLES",
    "TABLE_DATE_COLUMN",
    "MENTION_SORTS",
    "HAPPENING_SORTS",
    "EventFilter",
    "WriteReport",
    "StoredEvent",
    "Happening",
    "EventDetail",
    "Stats",
    "ACTOR_STATUSES",
    "ACTOR_SOURCES",
    "ActorEvidence",
    "StoredActor",
    "Store",
]

#: "mentions": every coded event as one article reports it (any modality);
#: "happenings": asserted events merged across articles.
UNITS = ("mentions", "happenings")

#: The tables :meth:`Store.table` serves (and the csv and parquet exports write).
TABLES = ("events", "happenings", "mentions", "articles", "quotes", "counts", "entities", "failures")

#: The day column each table is partitioned by in the parquet export.
TABLE_DATE_COLUMN = {
    "events": "event_date",
    "happenings": "event_date",
    "mentions": "event_date",
    "articles": "report_date",
    "quotes": "report_date",
    "counts": "report_date",
    "entities": "report_date",
    "failures": "recorded_date",
}

#: Articles a write transaction holds by default.
DEFAULT_BATCH_SIZE = 200

MENTION_SORTS = ("date", "-date", "intensity", "-intensity", "confidence", "-confidence", "type", "id")
HAPPENING_SORTS = (
    "date",
    "-date",
    "mentions",
    "-mentions",
    "sources",
    "-sources",
    "articles",
    "-articles",
    "intensity",
    "-intensity",
    "type",
    "id",
)
_MODALITIES = tuple(m.value for m in Modality)


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """What to select. Empty criteria select everything.

    ``actor``, ``recipient`` and ``party`` (either side) match a country code
    ("ISR"), an organisation or person's canonical name or alias ("HEZBOLLAH",
    "IDF") or one word of a name ("Gallant"), ignoring case. ``since`` and
    ``until`` bound the event date (inclusive). ``text`` looks for words in the
    evidence sentence and the article title. ``unit`` chooses mentions (every
    coded event) or happenings (merged asserted events); a happening matches
    when one of its mentions does.
    """

    types: tuple[str, ...] = ()
    actor: str | None = None
    recipient: str | None = None
    party: str | None = None
    since: _dt.date | None = None
    until: _dt.date | None = None
    modality: tuple[str, ...] = ()
    text: str | None = None
    article_id: str | None = None
    happening_id: int | None = None
    unit: str = "mentions"
    sort: str = "date"
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        types = tuple(t.strip().upper() for t in _tuple(self.types) if t.strip())
        for value in types:
            if value not in PLOVER_TYPES:
                raise StoreError(StoreErrors.E210, value=value, choices=", ".join(PLOVER_TYPES))
        object.__setattr__(self, "types", types)
        modality = tuple(m.strip().lower() for m in _tuple(self.modality) if m.strip())
        for value in modality:
            if value not in _MODALITIES:
                raise StoreError(StoreErrors.E211, value=value, choices=", ".join(_MODALITIES))
        object.__setattr__(self, "modality", modality)
        if self.unit not in UNITS:
            raise StoreError(StoreErrors.E212, value=self.unit)
        sorts = HAPPENING_SORTS if self.unit == "happenings" else MENTION_SORTS
        if self.sort not in sorts:
            raise StoreError(StoreErrors.E213, value=self.sort, unit=self.unit, choices=", ".join(sorts))
        if self.since and self.until and self.since > self.until:
            raise StoreError(StoreErrors.E214, since=self.since, until=self.until)
        for name in ("limit", "offset"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 0):
                raise StoreError(StoreErrors.E215, name=name, value=value)
        for name in ("actor", "recipient", "party", "text"):
            value = getattr(self, name)
            if value is not None and not value.strip():
                object.__setattr__(self, name, None)

    def replace(self, **changes: Any) -> "EventFilter":
        return dataclasses.replace(self, **changes)

    @property
    def selects_events(self) -> bool:
        """Whether any criterion looks inside the events (beyond type and date)."""
        return any(
            (self.actor, self.recipient, self.party, self.modality, self.text, self.article_id)
        )

    @property
    def is_empty(self) -> bool:
        return not (self.selects_events or self.types or self.since or self.until or self.happening_id is not None)


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What one :meth:`Store.write` did."""

    outcomes: int = 0  # items read
    added: int = 0  # articles stored
    present: int = 0  # articles already stored (the same normalised text)
    failures: int = 0  # outcomes recorded in the failures table (skipped, failed, duplicate)
    events: int = 0  # events stored
    happenings: int = 0  # happenings founded
    joined: int = 0  # mentions that joined an existing happening
    candidates: int = 0  # candidate happenings examined (found by blocking key)
    batches: int = 0

    def __add__(self, other: "WriteReport") -> "WriteReport":
        return WriteReport(
            *(getattr(self, f.name) + getattr(other, f.name) for f in dataclasses.fields(self))
        )

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One coded event as stored: the event, where it was reported and what merging did."""

    id: str  # the store's event id: "<article id>:<event id>"
    article_id: str
    event: Event
    event_date: _dt.date
    happening_id: int | None
    merge_status: str  # founded | joined | alone | unasserted
    merge_reasons: str | None
    sentence_text: str | None
    sentence_span: Span | None
    published: _dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        from dotterel.records import record_to_dict

        return record_to_dict(self)

    def marks(self) -> tuple[tuple[Span, str], ...]:
        """The evidence in the sentence: (span relative to the sentence, role) for the
        trigger, actors, recipients, date, place, modality cue and attribution,
        sorted, without overlaps (the earlier and longer span wins)."""
        if self.sentence_span is None:
            return ()
        e = self.event
        found: list[tuple[Span, str]] = [(e.trigger, "trigger")]
        found += [(a.span, "actor") for a in e.actors]
        found += [(a.span, "recipient") for a in e.recipients]
        if e.date is not None and e.date.span is not None:
            found.append((e.date.span, "date"))
        if e.location is not None and e.location.span is not None:
            found.append((e.location.span, "place"))
        if e.modality_cue is not None:
            found.append((e.modality_cue, "modality"))
        if e.attribution is not None:
            found.append((e.attribution.span, "source"))
        base = self.sentence_span
        marks: list[tuple[Span, str]] = []
        for span, role in sorted(found, key=lambda m: (m[0].start, -len(m[0]))):
            if len(span) == 0 or not base.contains(span):
                continue
            if any(span.overlaps(s) for s, _ in marks):
                continue
            marks.append((span, role))
        return tuple((Span(s.start - base.start, s.end - base.start), role) for s, role in marks)


@dataclass(frozen=True, slots=True)
class Happening:
    """Asserted events from one or more articles that report the same thing."""

    id: int
    type: str
    cameo: str
    quad_class: int
    intensity: float
    event_date: _dt.date
    window_start: _dt.date | None
    window_end: _dt.date | None
    actor: str | None  # label of the first actor ("ISR", "HEZBOLLAH(LBN)")
    recipient: str | None
    actors: tuple[str, ...]  # labels of every actor its mentions name
    recipients: tuple[str, ...]
    location: str | None
    num_mentions: int
    num_sources: int
    num_articles: int
    first_report: _dt.date | None
    last_report: _dt.date | None
    first_event_id: str
    added_at: _dt.datetime

    def to_dict(self) -> dict[str, Any]:
        from dotterel.records import record_to_dict

        return record_to_dict(self)


@dataclass(frozen=True, slots=True)
class EventDetail:
    """A happening (or a lone mention) with every mention and its evidence."""

    happening: Happening | None
    mentions: tuple[StoredEvent, ...]
    focus: str | None = None  # the event id asked for, when one was

    def to_dict(self) -> dict[str, Any]:
        return {
            "happening": self.happening.to_dict() if self.happening else None,
            "focus": self.focus,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts over the store (or over a filter's selection)."""

    articles: int
    events: int
    happenings: int
    failures: int
    unit: str
    selected: int  # events or happenings the filter selects
    by_type: tuple[tuple[str, int], ...]
    by_dyad: tuple[tuple[str, str, int], ...]
    by_day: tuple[tuple[_dt.date, int], ...]
    by_modality: tuple[tuple[str, int], ...]
    failures_by_status: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        from dotterel.records import record_to_dict

        data = record_to_dict(self)
        data["by_type"] = dict(self.by_type)
        data["by_modality"] = dict(self.by_modality)
        data["failures_by_status"] = dict(self.failures_by_status)
        data["by_dyad"] = [{"actor": a, "recipient": r, "count": n} for a, r, n in self.by_dyad]
        data["by_day"] = [{"date": d.isoformat(), "count": n} for d, n in self.by_day]
        return data


#: What became of a person in the store: learned from the text (not reviewed yet),
#: accepted by a user, or removed by a user (kept, with its evidence, but never used).
ACTOR_STATUSES = ("learned", "accepted", "removed")

#: Where a person came from: an article that introduced them with an office, or a user.
ACTOR_SOURCES = ("text", "user")


@dataclass(frozen=True, slots=True)
class ActorEvidence:
    """One article's introduction of a person ("Kenyan Interior Minister Wanjiru Kamau")."""

    article_id: str
    words: str  # the words that introduced the person
    span: Span  # where they are in the article
    seen_on: _dt.date  # the article's publication day, else the day it was stored
    name: str  # the name as the article gave it
    country: str | None
    sectors: tuple[str, ...]
    office: str | None  # the office the article stated
    title: str | None = None  # the article's title
    url: str | None = None  # the article's URL

    def to_dict(self) -> dict[str, Any]:
        from dotterel.records import record_to_dict

        return record_to_dict(self)


@dataclass(frozen=True, slots=True)
class StoredActor:
    """A person the store knows: learned from the text or added by a user.

    ``start`` and ``end`` bound the office: as a user gave them, or, for a person
    learned from the text, ``start`` is the earliest publication day an article
    introduced them with it. ``first_seen`` and ``last_seen`` are the days of the
    evidence. ``evidence`` is filled by :meth:`Store.actor` (not by :meth:`Store.actors`);
    ``mentions`` counts it either way.
    """

    id: int
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sectors: tuple[str, ...]
    office: str | None
    start: _dt.date | None
    end: _dt.date | None
    first_seen: _dt.date | None
    last_seen: _dt.date | None
    status: str  # learned | accepted | removed
    source: str  # text | user
    mentions: int
    added_at: _dt.datetime
    updated_at: _dt.datetime
    evidence: tuple[ActorEvidence, ...] = ()

    @property
    def code(self) -> str:
        """The CAMEO-style actor code ("KENGOV")."""
        return (self.country or "---") + "".join(self.sectors)

    def to_office(self) -> "Office":
        """The person as the coder's knowledge takes it (``Coder(learned=...)``)."""
        from dotterel.actors import Office

        return Office(self.name, self.country, self.sectors, self.office, self.start, self.end, self.aliases)

    def to_dict(self) -> dict[str, Any]:
        from dotterel.records import record_to_dict

        data = record_to_dict(self)
        data["code"] = self.code
        return data


@runtime_checkable
class Store(Protocol):
    """An event store. :func:`dotterel.store.open_store` gives the DuckDB one."""

    path: str
    read_only: bool

    def write(
        self,
        items: Iterable[Outcome | CodedArticle],
        *,
        batch_size: int = ...,
        on_batch: Callable[[WriteReport], None] | None = None,
    ) -> WriteReport:
        """Store coded articles (and record skipped or failed outcomes), one
        transaction per batch; articles already stored are counted, not stored."""
        ...

    def events(self, filter: EventFilter | None = None, /, **criteria: Any) -> list[StoredEvent] | list[Happening]: ...

    def events_frame(self, filter: EventFilter | None = None, /, **criteria: Any) -> "pd.DataFrame": ...

    def stats(self, filter: EventFilter | None = None, /, *, top: int = 10, **criteria: Any) -> Stats: ...

    def event(self, id: str | int) -> EventDetail: ...

    def coded_article(self, article_id: str) -> CodedArticle: ...

    def table(
        self, name: str, filter: EventFilter | None = None, /, *, batch_size: int = ...
    ) -> "pa.RecordBatchReader": ...

    def counts(self) -> dict[str, int]: ...

    def actors(self, *, status: str | None = None, search: str | None = None) -> list[StoredActor]:
        """The people the store knows (learned or added), without their evidence."""
        ...

    def actor(self, name: str) -> StoredActor:
        """One person by name or alias (any case), with their evidence (E240 when unknown)."""
        ...

    def add_actor(
        self,
        name: str,
        *,
        country: str | None,
        sectors: Iterable[str] = (),
        office: str | None = None,
        aliases: Iterable[str] = (),
        start: _dt.date | None = None,
        end: _dt.date | None = None,
    ) -> StoredActor:
        """Add (or overwrite) a person as a user states them: accepted, source ``user``."""
        ...

    def accept_actor(self, name: str) -> StoredActor: ...

    def remove_actor(self, name: str) -> StoredActor: ...

    def learned_offices(self, *, on: _dt.date | None = None) -> "list[Office]":
        """The learned and accepted (not removed) people, for ``Coder(learned=...)``."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> "Store": ...

    def __exit__(self, *exc: object) -> None: ...
