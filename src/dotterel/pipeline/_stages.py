"""dotterel's coding stages: registered, with declared inputs and outputs.

A stage is a function ``(work) -> None`` that reads some fields of a
:class:`Work` and fills others. :func:`check_stages` verifies, when a pipeline is
built, that each stage's inputs are provided by the document or by an earlier
stage (error ``E002``), the way spaCy checks ``requires`` and ``assigns``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Sequence

from spacy.tokens import Doc

from dotterel.actors import ActorKB, LearnedPeople
from dotterel.errors import DotterelError, Errors
from dotterel.lexicon import Lexicon
from dotterel.pipeline._actors import ArticleActors
from dotterel.pipeline._clean import CleanText
from dotterel.pipeline._dates import DateMention, find_dates
from dotterel.pipeline._events import UNIDENTIFIED, Draft, code_sentence, finish_event, pick_date
from dotterel.pipeline._places import place_events
from dotterel.pipeline._quotes import find_counts, find_quotes
from dotterel.records import Actor, Count, DateRange, Entity, Event, Quote, Span
from dotterel.pipeline._text import text_of

__all__ = ["Stage", "STAGES", "DEFAULT_STAGES", "Work", "check_stages", "run_stages"]

#: What a parsed document provides before any stage runs.
DOC_PROVIDES = frozenset({"doc", "parse", "entities", "blocks", "anchor"})


@dataclass
class Work:
    """Everything the stages know about one document while it is coded."""

    doc: Doc
    kb: ActorKB
    lexicon: Lexicon
    article_id: str
    anchor: dt.date | None
    clean: CleanText | None
    sentence_of: dict[int, int] = field(default_factory=dict)  # sentence start token -> index
    actors: ArticleActors | None = None
    learned: "LearnedPeople | None" = None
    place_country: "Callable[[str], str | None] | None" = None  # a place name's country (gazetteer)
    dates: list[DateMention] = field(default_factory=list)
    date_tokens: dict[int, tuple[DateMention, int]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    requires: frozenset[str]
    assigns: frozenset[str]
    run: Callable[[Work], None]


STAGES: dict[str, Stage] = {}


def stage(name: str, *, requires: Sequence[str], assigns: Sequence[str]):
    def register(func: Callable[[Work], None]) -> Callable[[Work], None]:
        STAGES[name] = Stage(name, frozenset(requires), frozenset(assigns), func)
        return func

    return register


def check_stages(names: Sequence[str]) -> list[Stage]:
    provided = set(DOC_PROVIDES)
    stages = []
    for name in names:
        found = STAGES.get(name)
        if found is None:
            raise DotterelError(Errors.E002, component=name, needs="a registered stage of that name")
        missing = found.requires - provided
        if missing:
            raise DotterelError(Errors.E002, component=name, needs=", ".join(sorted(missing)))
        provided |= found.assigns
        stages.append(found)
    return stages


def run_stages(stages: Sequence[Stage], work: Work) -> None:
    for item in stages:
        item.run(work)


@stage("actors", requires=("parse", "entities"), assigns=("actors",))
def _actors(work: Work) -> None:
    work.actors = ArticleActors.build(work.doc, work.kb, day=work.anchor, learned=work.learned,
                                      place_country=work.place_country)


@stage("dates", requires=("doc", "anchor"), assigns=("dates",))
def _dates(work: Work) -> None:
    doc = work.doc
    work.dates = find_dates(text_of(doc), anchor=work.anchor)
    for index, mention in enumerate(work.dates):
        span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            work.date_tokens[token.i] = (mention, index)


def _default_date(work: Work) -> DateRange | None:
    """The date of an event whose sentence gives none: the story's, else publication."""
    if work.anchor is None:
        return None
    horizon = work.anchor - dt.timedelta(days=7)
    for mention in work.dates[:6]:
        date = mention.date
        if date.start is None or date.precision not in ("day", "days"):
            continue
        if work.clean is not None and work.clean.role_at(mention.span.start) != "body":
            continue
        if horizon <= date.start <= work.anchor:
            return DateRange(date.start, date.end, "story", date.text, date.span)
        break
    return DateRange(work.anchor, work.anchor, "published", "", None)


@stage("events", requires=("parse", "actors", "dates", "blocks"), assigns=("events",))
def _events(work: Work) -> None:
    assert work.actors is not None
    doc = work.doc
    default = _default_date(work)
    events: list[Event] = []
    seen: set[tuple] = set()
    full = text_of(doc)
    date_items = sorted(work.date_tokens.items())
    for index, sent in enumerate(doc.sents):
        sent_text = full[sent.start_char:sent.end_char]
        if not sent_text.strip():
            continue
        role = work.clean.role_at(sent.start_char + (len(sent_text) - len(sent_text.lstrip()))) if work.clean else "body"
        if role in ("boilerplate", "byline"):
            continue
        drafts: list[Draft] = code_sentence(sent, actors=work.actors, lexicon=work.lexicon)
        if not drafts:
            continue
        sent_dates = [(m, doc[i]) for i, (m, _) in date_items if sent.start <= i < sent.end]
        # one token per date mention: its syntactic head within the mention
        by_mention: dict[int, tuple[DateMention, object]] = {}
        for mention, token in sent_dates:
            key = id(mention)
            current = by_mention.get(key)
            if current is None or token.head.i not in {t.i for _, t in sent_dates}:
                by_mention[key] = (mention, token)
        dates = list(by_mention.values())
        sentence_default = default
        if role == "caption":
            dated = [m.date for m, _ in dates if m.date.start is not None]
            sentence_default = dated[0] if dated else None
        span = Span(sent.start_char, sent.end_char)
        for draft in drafts:
            date = pick_date(draft, dates, sentence_default)  # type: ignore[arg-type]
            event = finish_event(
                draft,
                article_id=work.article_id,
                sentence_index=index,
                sentence_span=span,
                lexicon=work.lexicon,
                date=date,
                source=role if role in ("caption", "headline") else "text",
            )
            key = (event.trigger, event.cameo)
            if key in seen:
                continue
            seen.add(key)
            events.append(event)
    work.events = events


@stage("places", requires=("parse", "actors", "events", "blocks"), assigns=("places",))
def _places(work: Work) -> None:
    """Give every event its resolved location (see :mod:`dotterel.pipeline._places`)."""
    assert work.actors is not None
    work.events, _ = place_events(work.doc, work.actors, work.events, clean=work.clean)
    work.events = [_target_from_place(_unidentified_where(event), work) for event in work.events]


def _unidentified_where(event: Event) -> Event:
    """An unidentified armed group is of the country where it struck (ACLED's convention)."""
    location = event.location
    if location is None or not location.country or location.country in ("IGO", "NGO", "IMG"):
        return event
    if not any(a.name == UNIDENTIFIED for a in event.actors):
        return event
    actors = tuple(dataclasses.replace(a, country=location.country) if a.name == UNIDENTIFIED else a
                   for a in event.actors)
    return dataclasses.replace(event, actors=actors)


#: Acts whose unnamed target is where they happen ("Russian drones struck Kharkiv").
_PLACE_TARGETED = {"ASSAULT", "COERCE"}


def _target_from_place(event: Event, work: Work) -> Event:
    """An attack on a place with no named target: the place's country is the recipient.

    Only for a place tied to the event's own words, in another country than the
    attacker's ("Israeli forces raided the Jenin camp" → PSE).
    """
    location = event.location
    if event.type not in _PLACE_TARGETED or location is None or not location.country or not event.actors:
        return event
    own = {a.country for a in event.actors}
    if location.country in own:
        return event
    if event.recipients:
        if location.source not in ("event", "focus"):
            return event  # a place elsewhere in the sentence may be where the news came from
        # "bombers killed 23 people" (in Tel Aviv): unnamed victims whose country was only
        # assumed to be the attackers' (no country words of their own) are of where it happened
        assert work.actors is not None
        named = {i for m in work.actors.mentions for i in range(m.start, m.end)} | set(work.actors.person_at)
        changed = []
        for recipient in event.recipients:
            span = work.doc.char_span(recipient.span.start, recipient.span.end, alignment_mode="expand")
            assumed = recipient.kind == "group" and recipient.country in own and span is not None \
                and not any(t.i in named for t in span)
            changed.append(dataclasses.replace(recipient, country=location.country) if assumed else recipient)
        return dataclasses.replace(event, recipients=tuple(changed))
    if location.source != "event" or location.span is None:
        return event
    entry = work.kb.countries.get(location.country)
    name = entry.name if entry is not None else location.country
    target = Actor(location.text, location.span, name, location.country, (), "country")
    return dataclasses.replace(event, recipients=(target,))


@stage("quotes", requires=("parse", "actors"), assigns=("quotes",))
def _quotes(work: Work) -> None:
    assert work.actors is not None
    work.quotes = find_quotes(work.doc, work.actors, work.lexicon, work.sentence_of)


@stage("counts", requires=("parse", "dates"), assigns=("counts",))
def _counts(work: Work) -> None:
    work.counts = find_counts(work.doc, dict(work.lexicon.count_words), work.sentence_of, set(work.date_tokens))


_ENTITY_KINDS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "NORP"}


@stage("entities", requires=("entities", "actors"), assigns=("mentions",))
def _entities(work: Work) -> None:
    assert work.actors is not None
    doc = work.doc
    found: dict[tuple[int, int], Entity] = {}
    taken: set[int] = set()
    # the knowledge base knows better than the small model what an organisation is
    for mention in work.actors.mentions:
        kind = {"organisation": "ORG", "person": "PERSON", "country": "PLACE", "capital": "PLACE",
                "adjective": "NORP"}[mention.entry.kind]
        span = doc[mention.start:mention.end]
        found[(span.start_char, span.end_char)] = Entity(span.text, Span(span.start_char, span.end_char), kind)
        taken.update(range(mention.start, mention.end))
    for ent in doc.ents:
        kind = _ENTITY_KINDS.get(ent.label_)
        if kind is None or any(t.i in taken for t in ent):
            continue
        start, end = ent.start, ent.end
        while end > start and doc[end - 1].tag_ == "POS":
            end -= 1
        span = doc[start:end]
        if not span.text.strip():
            continue
        found[(span.start_char, span.end_char)] = Entity(span.text, Span(span.start_char, span.end_char), kind)
    work.entities = sorted(found.values(), key=lambda e: e.span.start)


DEFAULT_STAGES: tuple[str, ...] = ("actors", "dates", "events", "places", "quotes", "counts", "entities")

