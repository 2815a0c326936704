"""Records to table rows and back.

Every field of every record has a column, so a stored article comes back equal
to the one written (see :meth:`DuckDBStore.coded_article`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from dotterel.records import (
    Actor,
    Article,
    Attribution,
    Block,
    CodedArticle,
    Count,
    DateRange,
    Entity,
    Event,
    Location,
    Modality,
    Quote,
    Span,
    record_from_dict,
    record_to_dict,
)

__all__ = [
    "event_ids",
    "article_row",
    "event_row",
    "actor_rows",
    "mention_row",
    "quote_rows",
    "count_rows",
    "entity_rows",
    "failure_row",
    "effective_date",
    "match_keys",
    "span_or_none",
    "sentence_span",
    "source_name",
    "event_from_row",
    "actor_from_row",
    "article_from_row",
    "quote_from_row",
    "count_from_row",
    "entity_from_row",
    "sentences_from_json",
    "blocks_from_json",
]

_NAME_STOP = frozenset({"OF", "THE", "AND", "FOR", "IN", "ON", "AL", "EL", "DE"})


def _start(span: Span | None) -> int | None:
    return None if span is None else span.start


def _end(span: Span | None) -> int | None:
    return None if span is None else span.end


def span_or_none(start: Any, end: Any) -> Span | None:
    """A span from two nullable columns."""
    return None if start is None or end is None else Span(int(start), int(end))


_span = span_or_none


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(record_to_dict(value), ensure_ascii=False)


def source_name(article: Article) -> str:
    """Who published an article: the publisher, else the URL's host, else the article itself."""
    if article.publisher and article.publisher.strip():
        return article.publisher.strip()
    if article.url:
        host = urlsplit(article.url).hostname
        if host:
            return host.removeprefix("www.")
    return "article:" + article.id


def event_ids(coded: CodedArticle) -> list[str]:
    """The store's id of each event: '<article id>:<event id>', unique within the article."""
    seen: set[str] = set()
    ids = []
    for index, event in enumerate(coded.events):
        local = event.id or str(index)
        key = f"{coded.article.id}:{local}"
        if key in seen:
            key = f"{key}~{index}"
        seen.add(key)
        ids.append(key)
    return ids


def sentence_span(coded: CodedArticle, event: Event) -> Span | None:
    if event.sentence_span is not None:
        return event.sentence_span
    if 0 <= event.sentence < len(coded.sentences):
        return coded.sentences[event.sentence]
    return None


def article_row(coded: CodedArticle, *, text_hash: str, seq: int, added_at: _dt.datetime, origin: str | None) -> dict[str, Any]:
    a = coded.article
    return {
        "article_id": a.id,
        "text_hash": text_hash,
        "seq": seq,
        "text": a.text,
        "title": a.title,
        "publisher": a.publisher,
        "url": a.url,
        "published": a.published,
        "language": a.language,
        "authors": list(a.authors),
        "origin": a.origin if a.origin is not None else origin,
        "source_name": source_name(a),
        "sentences": json.dumps([s.to_list() for s in coded.sentences]),
        "blocks": json.dumps([record_to_dict(b) for b in coded.blocks], ensure_ascii=False),
        "warnings": list(coded.warnings),
        "coded_schema": coded.schema_version,
        "added_at": added_at,
    }


def effective_date(event: Event, article: Article, added_at: _dt.datetime) -> _dt.date:
    """The day an event is filed under: its stated start, else the publication day, else the day stored."""
    if event.date is not None and event.date.start is not None:
        return event.date.start
    if article.published is not None:
        return article.published
    return added_at.date()


def event_row(event_id: str, seq: int, event: Event, article: Article, added_at: _dt.datetime) -> dict[str, Any]:
    date, loc, att = event.date, event.location, event.attribution
    return {
        "event_id": event_id,
        "article_id": article.id,
        "seq": seq,
        "local_id": event.id,
        "type": event.type,
        "cameo": event.cameo,
        "quad_class": event.quad_class,
        "intensity": float(event.intensity),
        "mode": event.mode,
        "contexts": list(event.contexts),
        "modality": event.modality.value,
        "modality_cue_start": _start(event.modality_cue),
        "modality_cue_end": _end(event.modality_cue),
        "confidence": event.confidence,
        "source": event.source,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "trigger_text": event.trigger_text,
        "sentence": event.sentence,
        "sentence_start": _start(event.sentence_span),
        "sentence_end": _end(event.sentence_span),
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "date_precision": date.precision if date else None,
        "date_text": date.text if date else None,
        "date_span_start": _start(date.span) if date else None,
        "date_span_end": _end(date.span) if date else None,
        "location_text": loc.text if loc else None,
        "location_span_start": _start(loc.span) if loc else None,
        "location_span_end": _end(loc.span) if loc else None,
        "location_name": loc.name if loc else None,
        "location_lat": loc.lat if loc else None,
        "location_lon": loc.lon if loc else None,
        "location_country": loc.country if loc else None,
        "location_adm1": loc.adm1 if loc else None,
        "location_precision": loc.precision if loc else None,
        "location_source": loc.source if loc else None,
        "attribution_text": att.text if att else None,
        "attribution_start": att.span.start if att else None,
        "attribution_end": att.span.end if att else None,
        "attribution_verb": att.verb if att else None,
        "attribution_actor": _json(att.actor) if att else None,
        "event_date": effective_date(event, article, added_at),
    }


def match_keys(actor: Actor) -> list[str]:
    """What an actor filter may name: country, code, name, aliases and name words (upper case)."""
    name = " ".join(actor.name.split()).upper()
    keys = [name]
    if actor.country:
        keys += [actor.country.upper(), actor.code.upper()]
    keys += [" ".join(a.split()).upper() for a in actor.aliases]
    keys += [w for w in re.split(r"[\s\-]+", name) if len(w) > 1 and w not in _NAME_STOP]
    return list(dict.fromkeys(k for k in keys if k))


def actor_rows(event_id: str, event: Event) -> list[dict[str, Any]]:
    rows = []
    for role, actors in (("actor", event.actors), ("recipient", event.recipients)):
        for ord_, a in enumerate(actors):
            rows.append(
                {
                    "event_id": event_id,
                    "role": role,
                    "ord": ord_,
                    "text": a.text,
                    "span_start": a.span.start,
                    "span_end": a.span.end,
                    "name": a.name,
                    "country": a.country,
                    "sectors": list(a.sectors),
                    "kind": a.kind,
                    "title": a.title,
                    "aliases": list(a.aliases),
                    "resolved_from_start": _start(a.resolved_from),
                    "resolved_from_end": _end(a.resolved_from),
                    "code": a.code,
                    "match_keys": match_keys(a),
                }
            )
    return rows


def mention_row(
    event_id: str,
    coded: CodedArticle,
    event: Event,
    *,
    happening_id: int | None,
    status: str,
    reasons: str | None,
    added_at: _dt.datetime,
) -> dict[str, Any]:
    span = sentence_span(coded, event)
    return {
        "event_id": event_id,
        "happening_id": happening_id,
        "article_id": coded.article.id,
        "status": status,
        "reasons": reasons,
        "modality": event.modality.value,
        "sentence": event.sentence,
        "sentence_start": _start(span),
        "sentence_end": _end(span),
        "sentence_text": span.of(coded.article.text) if span is not None else None,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "actor_offset": event.actors[0].span.start if event.actors else None,
        "recipient_offset": event.recipients[0].span.start if event.recipients else None,
        "in_raw_text": not any(a.resolved_from is not None for a in (*event.actors, *event.recipients)),
        "added_at": added_at,
    }


def quote_rows(coded: CodedArticle) -> list[dict[str, Any]]:
    return [
        {
            "article_id": coded.article.id,
            "ord": i,
            "text": q.text,
            "span_start": q.span.start,
            "span_end": q.span.end,
            "speaker": _json(q.speaker),
            "speaker_name": q.speaker.name if q.speaker else None,
            "speaker_country": q.speaker.country if q.speaker else None,
            "verb": q.verb,
            "verb_start": _start(q.verb_span),
            "verb_end": _end(q.verb_span),
            "sentence": q.sentence,
        }
        for i, q in enumerate(coded.quotes)
    ]


def count_rows(coded: CodedArticle) -> list[dict[str, Any]]:
    return [
        {
            "article_id": coded.article.id,
            "ord": i,
            "number": c.number,
            "about": c.about,
            "span_start": c.span.start,
            "span_end": c.span.end,
            "text": c.text,
            "qualifier": c.qualifier,
            "sentence": c.sentence,
        }
        for i, c in enumerate(coded.counts)
    ]


def entity_rows(coded: CodedArticle) -> list[dict[str, Any]]:
    return [
        {
            "article_id": coded.article.id,
            "ord": i,
            "text": e.text,
            "span_start": e.span.start,
            "span_end": e.span.end,
            "kind": e.kind,
        }
        for i, e in enumerate(coded.entities)
    ]


def failure_row(
    *,
    status: str,
    origin: str | None,
    article_id: str | None,
    stage: str | None,
    reason: str | None,
    duplicate_of: str | None,
    recorded_at: _dt.datetime,
) -> dict[str, Any]:
    key = json.dumps([origin, article_id, status, stage, reason, duplicate_of], ensure_ascii=False)
    return {
        "failure_id": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32],
        "origin": origin,
        "article_id": article_id,
        "status": status,
        "stage": stage,
        "reason": reason,
        "duplicate_of": duplicate_of,
        "recorded_at": recorded_at,
    }


# -- rows to records ------------------------------------------------------------------


def _tuple(value: Iterable[Any] | None) -> tuple[Any, ...]:
    return tuple(value) if value is not None else ()


def actor_from_row(row: Mapping[str, Any]) -> Actor:
    return Actor(
        text=row["text"],
        span=Span(int(row["span_start"]), int(row["span_end"])),
        name=row["name"],
        country=row["country"],
        sectors=_tuple(row["sectors"]),
        kind=row["kind"],
        title=row["title"],
        aliases=_tuple(row["aliases"]),
        resolved_from=_span(row["resolved_from_start"], row["resolved_from_end"]),
    )


def _actor_json(text: str | None) -> Actor | None:
    return None if text is None else record_from_dict(Actor, json.loads(text))


def event_from_row(
    row: Mapping[str, Any], actors: Iterable[Mapping[str, Any]] = (), recipients: Iterable[Mapping[str, Any]] = ()
) -> Event:
    """Rebuild a stored event from its ``events`` row and its ``event_actors`` rows."""
    date = None
    if row["date_precision"] is not None:
        date = DateRange(
            start=row["date_start"],
            end=row["date_end"],
            precision=row["date_precision"],
            text=row["date_text"] or "",
            span=_span(row["date_span_start"], row["date_span_end"]),
        )
    location = None
    if row["location_text"] is not None:
        location = Location(
            text=row["location_text"],
            span=_span(row["location_span_start"], row["location_span_end"]),
            name=row["location_name"],
            lat=row["location_lat"],
            lon=row["location_lon"],
            country=row["location_country"],
            adm1=row["location_adm1"],
            precision=row["location_precision"],
            source=row["location_source"],
        )
    attribution = None
    if row["attribution_text"] is not None:
        attribution = Attribution(
            text=row["attribution_text"],
            span=Span(int(row["attribution_start"]), int(row["attribution_end"])),
            actor=_actor_json(row["attribution_actor"]),
            verb=row["attribution_verb"],
        )
    return Event(
        id=row["local_id"],
        type=row["type"],
        cameo=row["cameo"],
        quad_class=int(row["quad_class"]),
        intensity=float(row["intensity"]),
        trigger=Span(int(row["trigger_start"]), int(row["trigger_end"])),
        trigger_text=row["trigger_text"],
        sentence=int(row["sentence"]),
        mode=row["mode"],
        contexts=_tuple(row["contexts"]),
        actors=tuple(actor_from_row(a) for a in actors),
        recipients=tuple(actor_from_row(a) for a in recipients),
        date=date,
        location=location,
        modality=Modality(row["modality"]),
        modality_cue=_span(row["modality_cue_start"], row["modality_cue_end"]),
        attribution=attribution,
        confidence=row["confidence"],
        sentence_span=_span(row["sentence_start"], row["sentence_end"]),
        source=row["source"],
    )


def article_from_row(row: Mapping[str, Any]) -> Article:
    return Article(
        text=row["text"],
        id=row["article_id"],
        title=row["title"],
        publisher=row["publisher"],
        url=row["url"],
        published=row["published"],
        language=row["language"],
        authors=_tuple(row["authors"]),
        origin=row["origin"],
    )


def quote_from_row(row: Mapping[str, Any]) -> Quote:
    return Quote(
        text=row["text"],
        span=Span(int(row["span_start"]), int(row["span_end"])),
        speaker=_actor_json(row["speaker"]),
        verb=row["verb"],
        verb_span=_span(row["verb_start"], row["verb_end"]),
        sentence=int(row["sentence"]),
    )


def count_from_row(row: Mapping[str, Any]) -> Count:
    return Count(
        number=int(row["number"]),
        about=row["about"],
        span=Span(int(row["span_start"]), int(row["span_end"])),
        text=row["text"],
        qualifier=row["qualifier"],
        sentence=int(row["sentence"]),
    )


def entity_from_row(row: Mapping[str, Any]) -> Entity:
    return Entity(text=row["text"], span=Span(int(row["span_start"]), int(row["span_end"])), kind=row["kind"])


def sentences_from_json(text: str | None) -> tuple[Span, ...]:
    return tuple(Span.from_list(s) for s in json.loads(text or "[]"))


def blocks_from_json(text: str | None) -> tuple[Block, ...]:
    return tuple(record_from_dict(Block, b) for b in json.loads(text or "[]"))
