"""Records to the API's JSON shapes (see :mod:`dotterel.api._models`)."""

from __future__ import annotations

from typing import Any, Iterable

from dotterel.records import Actor, CodedArticle, Event, Span
from dotterel.store import Happening, StoredEvent

__all__ = [
    "QUAD_CLASSES",
    "span",
    "actor_out",
    "event_out",
    "happening_out",
    "fields_of",
    "mention_out",
    "article_out",
]

#: PLOVER/CAMEO quad classes.
QUAD_CLASSES = {
    "1": "verbal cooperation",
    "2": "material cooperation",
    "3": "verbal conflict",
    "4": "material conflict",
}


def span(value: Span | None) -> list[int] | None:
    return None if value is None else [value.start, value.end]


def actor_out(a: Actor) -> dict[str, Any]:
    return {
        "text": a.text,
        "span": span(a.span),
        "name": a.name,
        "country": a.country,
        "code": a.code,
        "sectors": list(a.sectors),
        "kind": a.kind,
        "title": a.title,
        "aliases": list(a.aliases),
        "resolved_from": span(a.resolved_from),
    }


def _event_fields(e: Event) -> dict[str, Any]:
    d = e.date
    loc = e.location
    att = e.attribution
    return {
        "type": e.type,
        "cameo": e.cameo,
        "quad_class": e.quad_class,
        "intensity": e.intensity,
        "mode": e.mode,
        "contexts": list(e.contexts),
        "modality": e.modality.value,
        "modality_cue": span(e.modality_cue),
        "confidence": e.confidence,
        "trigger": span(e.trigger),
        "trigger_text": e.trigger_text,
        "actors": [actor_out(a) for a in e.actors],
        "recipients": [actor_out(a) for a in e.recipients],
        "date_range": None
        if d is None
        else {"start": d.start, "end": d.end, "precision": d.precision, "text": d.text, "span": span(d.span)},
        "location": None
        if loc is None
        else {
            "text": loc.text,
            "span": span(loc.span),
            "name": loc.name,
            "lat": loc.lat,
            "lon": loc.lon,
            "country": loc.country,
            "adm1": loc.adm1,
            "precision": loc.precision,
        },
        "attribution": None
        if att is None
        else {"text": att.text, "span": span(att.span), "verb": att.verb, "actor": att.actor.name if att.actor else None},
        "sentence": e.sentence,
        "source": e.source,
    }


def event_out(s: StoredEvent) -> dict[str, Any]:
    """A stored event (mention) as :class:`~dotterel.api._models.EventOut`."""
    out = {"id": s.id, "article_id": s.article_id, "date": s.event_date}
    out.update(_event_fields(s.event))
    out.update(
        {
            "sentence_span": span(s.sentence_span),
            "sentence_text": s.sentence_text,
            "happening_id": s.happening_id,
            "merge_status": s.merge_status,
            "merge_reasons": s.merge_reasons,
            "title": s.title,
            "publisher": s.publisher,
            "url": s.url,
            "published": s.published,
        }
    )
    return out


def happening_out(h: Happening) -> dict[str, Any]:
    return {
        "id": h.id,
        "type": h.type,
        "cameo": h.cameo,
        "quad_class": h.quad_class,
        "intensity": h.intensity,
        "date": h.event_date,
        "window_start": h.window_start,
        "window_end": h.window_end,
        "actor": h.actor,
        "recipient": h.recipient,
        "actors": list(h.actors),
        "recipients": list(h.recipients),
        "location": h.location,
        "mentions": h.num_mentions,
        "sources": h.num_sources,
        "articles": h.num_articles,
        "first_report": h.first_report,
        "last_report": h.last_report,
        "first_event_id": h.first_event_id,
        "added_at": h.added_at,
    }


def _side_label(a: Actor) -> str:
    return f"{a.name} ({a.code})" if a.country else a.name


def _raw_fields(e: Event) -> list[tuple[str, Span, str | None, str | None]]:
    """(field, span, label, the record's own copy of the words) for every coded field."""
    found: list[tuple[str, Span, str | None, str | None]] = [("trigger", e.trigger, f"{e.type} ({e.cameo})", e.trigger_text)]
    found += [("actor", a.span, _side_label(a), a.text) for a in e.actors]
    found += [("recipient", a.span, _side_label(a), a.text) for a in e.recipients]
    if e.date is not None and e.date.span is not None:
        found.append(("date", e.date.span, e.date.iso() or e.date.precision, e.date.text or None))
    if e.location is not None and e.location.span is not None:
        found.append(("place", e.location.span, e.location.name or e.location.text, e.location.text))
    if e.modality_cue is not None:
        found.append(("modality", e.modality_cue, e.modality.value, None))
    if e.attribution is not None:
        att = e.attribution
        label = att.actor.name if att.actor is not None else att.verb
        found.append(("source", att.span, label, att.text))
    return found


def fields_of(e: Event, *, text: str | None = None, sentence: Span | None = None, sentence_text: str | None = None) -> list[dict[str, Any]]:
    """For every coded field of ``e``, the exact words: from the article ``text`` when
    given, else from the evidence sentence, else the record's own copy."""
    out = []
    for field, sp, label, own in _raw_fields(e):
        inside = sentence is not None and sentence.contains(sp)
        if text is not None and sp.end <= len(text):
            words: str | None = sp.of(text)
        elif inside and sentence is not None and sentence_text is not None:
            words = sentence_text[sp.start - sentence.start : sp.end - sentence.start]
        else:
            words = own
        out.append({"field": field, "label": label, "text": words, "span": span(sp), "in_sentence": inside})
    return out


def mention_out(s: StoredEvent) -> dict[str, Any]:
    """A mention with its evidence: the sentence's marks and every field's words."""
    out = event_out(s)
    sentence_text = s.sentence_text or ""
    out["marks"] = [
        {"role": role, "start": sp.start, "end": sp.end, "text": sentence_text[sp.start : sp.end]}
        for sp, role in s.marks()
    ]
    out["fields"] = fields_of(s.event, sentence=s.sentence_span, sentence_text=s.sentence_text)
    return out


def _spans_of_event(e: Event) -> Iterable[tuple[str, Span, str | None]]:
    for field, sp, label, _ in _raw_fields(e):
        yield field, sp, label
    for a in (*e.actors, *e.recipients):
        if a.resolved_from is not None:
            yield "antecedent", a.resolved_from, a.name


def _sentence_of(coded: CodedArticle, e: Event) -> Span | None:
    if e.sentence_span is not None:
        return e.sentence_span
    return coded.sentences[e.sentence] if 0 <= e.sentence < len(coded.sentences) else None


def article_out(coded: CodedArticle, stored: Iterable[StoredEvent]) -> dict[str, Any]:
    """An article, its text and every coded span (see ``ArticleOut``)."""
    a = coded.article
    text = a.text
    by_local = {s.event.id: s for s in stored}
    article_id = a.id
    spans: dict[tuple[str, int, int], dict[str, Any]] = {}

    def add(kind: str, sp: Span | None, label: str | None, event_id: str | None) -> None:
        if sp is None or sp.end > len(text) or sp.start >= sp.end:
            return
        key = (kind, sp.start, sp.end)
        entry = spans.get(key)
        if entry is None:
            entry = spans[key] = {"kind": kind, "start": sp.start, "end": sp.end, "label": label, "events": []}
        if event_id is not None and event_id not in entry["events"]:
            entry["events"].append(event_id)

    events = []
    for e in coded.events:
        stored_event = by_local.get(e.id)
        event_id = stored_event.id if stored_event is not None else f"{article_id}:{e.id}"
        for kind, sp, label in _spans_of_event(e):
            add(kind, sp, label, event_id)
        events.append(
            {
                "id": event_id,
                "local_id": e.id,
                "type": e.type,
                "cameo": e.cameo,
                "modality": e.modality.value,
                "date": stored_event.event_date if stored_event is not None else None,
                "happening_id": stored_event.happening_id if stored_event is not None else None,
                "merge_status": stored_event.merge_status if stored_event is not None else None,
                "sentence": e.sentence,
                "fields": fields_of(e, text=text, sentence=_sentence_of(coded, e)),
            }
        )
    for q in coded.quotes:
        add("quote", q.span, q.speaker.name if q.speaker else None, None)
    for c in coded.counts:
        add("count", c.span, f"{c.number:,} {c.about}", None)
    for ent in coded.entities:
        add("entity", ent.span, ent.kind, None)
    return {
        "article": {
            "id": article_id,
            "text": text,
            "title": a.title,
            "publisher": a.publisher,
            "url": a.url,
            "published": a.published,
            "language": a.language,
            "authors": list(a.authors),
            "origin": a.origin,
        },
        "spans": sorted(spans.values(), key=lambda s: (s["start"], -s["end"], s["kind"])),
        "events": events,
        "quotes": [
            {
                "text": q.text,
                "span": span(q.span),
                "speaker": q.speaker.name if q.speaker else None,
                "verb": q.verb,
                "sentence": q.sentence,
            }
            for q in coded.quotes
        ],
        "counts": [
            {"number": c.number, "about": c.about, "text": c.text, "span": span(c.span), "qualifier": c.qualifier}
            for c in coded.counts
        ],
        "entities": [{"text": ent.text, "span": span(ent.span), "kind": ent.kind} for ent in coded.entities],
        "sentences": [span(s) for s in coded.sentences],
        "blocks": [{"role": b.role, "span": span(b.span)} for b in coded.blocks],
        "warnings": list(coded.warnings),
    }
