"""Hand-made coded articles for tests and benchmarks (no NLP involved).

:func:`make_coded` builds a :class:`~dotterel.records.CodedArticle` from a text
and compact event specs, finding every span by the words it names; 
:func:`from_spec` does the same from a JSON object (the format of
``tests/fixtures/merge/pairs.jsonl``); :func:`synthetic` yields any number of
varied, deterministic articles in which several articles report each
happening.
"""

from __future__ import annotations

import datetime as _dt
import random
import re
from typing import Any, Iterator, Mapping, Sequence

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
)

__all__ = ["TYPE_CODES", "find", "make_actor", "make_event", "make_coded", "from_spec", "synthetic"]

#: A representative CAMEO code, quad class and intensity for each PLOVER type.
TYPE_CODES: dict[str, tuple[str, int, float]] = {
    "AGREE": ("030", 1, 4.0),
    "CONSULT": ("040", 1, 1.0),
    "SUPPORT": ("051", 1, 3.4),
    "COOPERATE": ("060", 2, 6.0),
    "AID": ("070", 2, 7.0),
    "RETREAT": ("084", 2, 5.0),
    "REQUEST": ("100", 1, -5.0),
    "ACCUSE": ("112", 3, -2.0),
    "REJECT": ("120", 3, -4.0),
    "THREATEN": ("130", 3, -4.4),
    "PROTEST": ("140", 3, -6.5),
    "SANCTION": ("160", 4, -4.0),
    "MOBILIZE": ("150", 4, -7.2),
    "COERCE": ("170", 4, -7.0),
    "ASSAULT": ("190", 4, -10.0),
    "CONCEDE": ("080", 2, 5.0),
}

_SENTENCE = re.compile(r"[^.!?]+[.!?]?")


def find(text: str, words: str, *, after: int = 0) -> Span:
    """The span of ``words`` in ``text`` (the first at or after ``after``)."""
    start = text.find(words, after)
    if start < 0:
        start = text.find(words)
    if start < 0 or not words:
        raise ValueError(f"{words!r} is not in the text")
    return Span(start, start + len(words))


def _sentences(text: str) -> tuple[Span, ...]:
    spans = []
    for m in _SENTENCE.finditer(text):
        chunk = m.group(0)
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            spans.append(Span(m.start() + lead, m.start() + lead + len(body)))
    return tuple(spans)


def _date(value: Any, text: str) -> DateRange | None:
    if value is None or isinstance(value, DateRange):
        return value
    if isinstance(value, _dt.date):
        return DateRange(value, value, "day")
    if isinstance(value, str):
        value = {"value": value}
    raw = value.get("value") or ""
    if ".." in raw:
        a, b = raw.split("..")
        start, end = _dt.date.fromisoformat(a), _dt.date.fromisoformat(b)
    elif raw:
        start = end = _dt.date.fromisoformat(raw)
    else:
        start = end = None
    precision = value.get("precision") or ("day" if start == end else "days")
    words = value.get("text") or ""
    span = find(text, words) if words and words in text else None
    return DateRange(start, end, precision, words, span)


def make_actor(
    name: str,
    *,
    text: str | None = None,
    country: str | None = None,
    sectors: Sequence[str] = (),
    kind: str | None = None,
    aliases: Sequence[str] = (),
    title: str | None = None,
    in_text: str = "",
    after: int = 0,
    resolved_from: Span | None = None,
) -> Actor:
    """An actor whose span is where ``text`` (default: ``name``) stands in ``in_text``."""
    words = text or name
    span = find(in_text, words, after=after) if in_text else Span(0, len(words))
    if kind is None:
        kind = "country" if name.lower() in _COUNTRY_NAMES and not sectors else "organisation"
    return Actor(
        text=words,
        span=span,
        name=name,
        country=country,
        sectors=tuple(sectors),
        kind=kind,
        title=title,
        aliases=tuple(aliases),
        resolved_from=resolved_from,
    )


def _actors(value: Any, text: str, after: int) -> tuple[Actor, ...]:
    if value is None:
        return ()
    if isinstance(value, Actor):
        return (value,)
    if isinstance(value, Mapping):
        spec = dict(value)
        name = spec.pop("name")
        return (make_actor(name, in_text=text, after=after, **spec),)
    if isinstance(value, str):
        return (make_actor(value, in_text=text, after=after),)
    return tuple(a for v in value for a in _actors(v, text, after))


def _location(value: Any, text: str) -> Location | None:
    if value is None or isinstance(value, Location):
        return value
    if isinstance(value, str):
        value = {"text": value}
    spec = dict(value)
    words = spec.pop("text")
    span = find(text, words) if words and words in text else None
    return Location(text=words, span=span, **spec)


def make_event(
    text: str,
    *,
    type: str,
    trigger: str,
    actor: Any = None,
    recipient: Any = None,
    date: Any = None,
    location: Any = None,
    modality: str | Modality = Modality.ASSERTED,
    modality_cue: str | None = None,
    id: str = "e1",
    cameo: str | None = None,
    mode: str | None = None,
    contexts: Sequence[str] = (),
    attribution: str | None = None,
    attribution_actor: Any = None,
    confidence: float = 0.8,
    source: str = "text",
    sentence_span: bool = False,
    after: int = 0,
) -> Event:
    """One event of ``text``: spans are found by the words given."""
    code, quad, intensity = TYPE_CODES[type]
    trig = find(text, trigger, after=after)
    sentences = _sentences(text)
    index = next((i for i, s in enumerate(sentences) if s.contains(trig)), 0)
    att = None
    if attribution:
        who = _actors(attribution_actor, text, 0)
        att = Attribution(attribution, find(text, attribution), who[0] if who else None, "said")
    return Event(
        id=id,
        type=type,
        cameo=cameo or code,
        quad_class=quad,
        intensity=intensity,
        trigger=trig,
        trigger_text=trigger,
        sentence=index,
        mode=mode,
        contexts=tuple(contexts),
        actors=_actors(actor, text, after),
        recipients=_actors(recipient, text, after),
        date=_date(date, text),
        location=_location(location, text),
        modality=Modality(modality),
        modality_cue=find(text, modality_cue) if modality_cue else None,
        attribution=att,
        confidence=confidence,
        sentence_span=sentences[index] if sentence_span and sentences else None,
        source=source,
    )


def make_coded(
    text: str,
    *,
    events: Sequence[Mapping[str, Any] | Event] = (),
    published: str | _dt.date | None = None,
    publisher: str | None = None,
    url: str | None = None,
    title: str | None = None,
    id: str = "",
    quotes: Sequence[Mapping[str, Any]] = (),
    counts: Sequence[Mapping[str, Any]] = (),
    entities: Sequence[Mapping[str, Any]] = (),
    warnings: Sequence[str] = (),
    origin: str | None = None,
) -> CodedArticle:
    """A coded article from a text and compact specs (see :func:`make_event`)."""
    if isinstance(published, str):
        published = _dt.date.fromisoformat(published)
    article = Article(text=text, id=id, title=title, publisher=publisher, url=url, published=published, origin=origin)
    built = []
    for i, spec in enumerate(events):
        if isinstance(spec, Event):
            built.append(spec)
        else:
            spec = dict(spec)
            spec.setdefault("id", f"e{i + 1}")
            built.append(make_event(text, **spec))
    return CodedArticle(
        article=article,
        events=tuple(built),
        quotes=tuple(_quote(text, q) for q in quotes),
        counts=tuple(_count(text, c) for c in counts),
        entities=tuple(Entity(e["text"], find(text, e["text"]), e["kind"]) for e in entities),
        sentences=_sentences(text),
        blocks=(Block("body", Span(0, len(text))),),
        warnings=tuple(warnings),
    )


def _quote(text: str, spec: Mapping[str, Any]) -> Quote:
    span = find(text, spec["text"])
    speaker = _actors(spec.get("speaker"), text, 0)
    verb = spec.get("verb")
    return Quote(
        text=spec["text"],
        span=span,
        speaker=speaker[0] if speaker else None,
        verb=verb,
        verb_span=find(text, verb, after=span.end) if verb else None,
        sentence=next((i for i, s in enumerate(_sentences(text)) if s.overlaps(span)), 0),
    )


def _count(text: str, spec: Mapping[str, Any]) -> Count:
    span = find(text, spec["text"])
    return Count(
        number=int(spec["number"]),
        about=spec["about"],
        span=span,
        text=spec["text"],
        qualifier=spec.get("qualifier"),
        sentence=next((i for i, s in enumerate(_sentences(text)) if s.overlaps(span)), 0),
    )


def from_spec(spec: Mapping[str, Any]) -> CodedArticle:
    """A coded article from its JSON form: ``{"text", "published", "publisher",
    "url", "title", "events": [EVENT, ...]}`` (or one ``"event"``), where EVENT
    is ``{"type", "trigger", "actor", "recipient", "date", "location", ...}``
    and actors are ``{"name", "text", "country", "sectors", "kind", "aliases"}``."""
    events = list(spec.get("events") or ())
    if "event" in spec:
        events.insert(0, spec["event"])
    return make_coded(
        spec["text"],
        events=events,
        published=spec.get("published"),
        publisher=spec.get("publisher"),
        url=spec.get("url"),
        title=spec.get("title"),
        id=spec.get("id", ""),
        quotes=spec.get("quotes", ()),
        counts=spec.get("counts", ()),
        entities=spec.get("entities", ()),
    )


# -- synthetic articles -------------------------------------------------------------

_COUNTRIES = (
    ("ISR", "Israel", "Israeli"),
    ("LBN", "Lebanon", "Lebanese"),
    ("USA", "United States", "American"),
    ("IRN", "Iran", "Iranian"),
    ("UKR", "Ukraine", "Ukrainian"),
    ("RUS", "Russia", "Russian"),
    ("SYR", "Syria", "Syrian"),
    ("TUR", "Turkey", "Turkish"),
    ("EGY", "Egypt", "Egyptian"),
    ("FRA", "France", "French"),
    ("CHN", "China", "Chinese"),
    ("IND", "India", "Indian"),
)
_COUNTRY_NAMES = frozenset(name.lower() for _, name, _ in _COUNTRIES)
_ACTIONS = (
    ("ASSAULT", "struck targets of", "MIL"),
    ("CONSULT", "held talks with", "GOV"),
    ("ACCUSE", "accused", "GOV"),
    ("THREATEN", "threatened", "GOV"),
    ("SUPPORT", "voiced support for", "GOV"),
    ("AID", "sent aid to", "GOV"),
    ("PROTEST", "rallied against", "CVL"),
    ("COERCE", "detained citizens of", "COP"),
    ("SANCTION", "imposed sanctions on", "GOV"),
    ("REQUEST", "urged", "GOV"),
)
_PLACES = ("Tyre", "Khiam", "Beirut", "Gaza City", "Kharkiv", "Odesa", "Aleppo", "Damascus", "Cairo", "Ankara")
_PUBLISHERS = ("Reuters", "AP", "AFP", "BBC", "Al Jazeera", "The Guardian", "Haaretz", "Kyiv Independent")
_MODALITIES = (Modality.ASSERTED,) * 6 + (Modality.HYPOTHETICAL, Modality.NEGATED, Modality.FUTURE)


def synthetic(
    n: int,
    *,
    seed: int = 0,
    start: _dt.date = _dt.date(2024, 1, 1),
    days: int = 365,
    reports: int = 3,
    events_per_article: int = 3,
) -> Iterator[CodedArticle]:
    """``n`` deterministic coded articles; about ``reports`` articles report each happening.

    Each article carries ``events_per_article`` events (the first is the
    happening it reports, in its own words and place; the others are random,
    some of them hypothetical, negated or future), two quotes, a count and
    entities.
    """
    rng = random.Random(seed)
    happenings = max(1, n // max(1, reports))
    for i in range(n):
        h = random.Random(seed * 1_000_003 + rng.randrange(happenings))
        texts: list[str] = []
        specs: list[dict[str, Any]] = []
        day = start + _dt.timedelta(days=h.randrange(days))
        kinds = [(h, True)] + [(rng, False) for _ in range(max(0, events_per_article - 1))]
        for k, (source, main) in enumerate(kinds):
            a, r = source.sample(_COUNTRIES, 2)
            type_, verb, sector = source.choice(_ACTIONS)
            place = source.choice(_PLACES)
            when = day if main else day - _dt.timedelta(days=rng.randrange(1, 30))
            modality = Modality.ASSERTED if main else rng.choice(_MODALITIES)
            lead = {
                Modality.ASSERTED: "",
                Modality.HYPOTHETICAL: "If talks fail, ",
                Modality.NEGATED: "Officials denied that ",
                Modality.FUTURE: "Next week, ",
            }.get(modality, "")
            subject = f"{a[2]} officials" if not main or rng.random() < 0.5 else a[1]
            sentence = f"{lead}{subject} {verb} {r[1]} in {place} on {when:%d %B %Y}."
            texts.append(sentence)
            specs.append(
                {
                    "type": type_,
                    "trigger": verb,
                    "actor": {"name": a[1], "text": subject, "country": a[0], "sectors": [] if subject == a[1] else [sector]},
                    "recipient": {"name": r[1], "country": r[0], "kind": "country"},
                    "date": {"value": when.isoformat(), "text": f"{when:%d %B %Y}"},
                    "location": {"text": place} if rng.random() < 0.8 else None,
                    "modality": modality.value,
                    "modality_cue": lead.strip(" ,") or None,
                    "mode": None,
                    "contexts": ["military"] if type_ == "ASSAULT" else [],
                    "confidence": round(0.5 + rng.random() / 2, 3),
                    "sentence_span": k % 2 == 0,
                }
            )
        killed = rng.randrange(1, 500)
        publisher = rng.choice(_PUBLISHERS)
        texts.append(f"At least {killed} people were killed, the ministry said.")
        texts.append(f"\u201cWe will respond,\u201d a spokesman said in report {i} of {seed}.")
        text = " ".join(texts)
        offset = 0
        for spec, sentence in zip(specs, texts):
            spec["after"] = offset
            offset += len(sentence) + 1
        yield make_coded(
            text,
            events=specs,
            published=day + _dt.timedelta(days=rng.randrange(0, 2)),
            publisher=publisher,
            url=f"https://example.org/{publisher.lower().replace(' ', '-')}/{seed}/{i}",
            title=f"Report {i}",
            quotes=[{"text": "\u201cWe will respond,\u201d", "verb": "said"}],
            counts=[{"number": killed, "about": "killed", "text": f"At least {killed}", "qualifier": "at least"}],
            entities=[{"text": place_, "kind": "PLACE"} for place_ in dict.fromkeys(s["location"]["text"] for s in specs if s["location"])],
        )
