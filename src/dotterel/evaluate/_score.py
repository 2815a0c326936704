"""Score coded articles against gold ones, as ``FORMAT.md`` ("Scoring") says.

:func:`score` is pure: it reads records and returns an :class:`EvalReport`.
Where ``FORMAT.md`` is silent, these are the rules:

Events
    Only coded events whose ``modality`` is ``asserted`` count: they are the
    coded events of precision and the only ones that can find a gold event.
    Negated, hypothetical, conditional, future and denied events are ignored
    (a miss says when the gold event was coded with such a modality).

    A coded event matches a gold event when all of these hold:

    * type: its type is the gold ``type`` or one of ``types_ok``;
    * actors: each side matches when any coded actor matches any gold identifier,
      that is the actor's ``country`` or its ``name`` or one of its ``aliases``
      equals the identifier, ignoring case; a gold side of ``[]`` matches anything,
      no actor at all included; with ``symmetric`` the sides may be swapped;
    * date: when the gold ``date`` is not null and the coded event has a date with
      a ``start``, the coded range (``end`` None = the single day ``start``) must
      lie wholly inside the gold range. A coded range partly outside the gold
      range does NOT match; a coded event without a date is not scored on it;
    * location: unless ``ignore_location``, when the gold location has
      ``lat``/``lon``, the coded event must have a location with coordinates
      within ``km`` of them (great-circle distance). A coded event without
      coordinates does not match such a gold event.

    Recall is over gold events with ``must`` and ``asserted`` true; one coded
    event may find several gold events. Precision is over the asserted coded
    events: one is correct when it matches any gold event with ``asserted: true``
    (``must`` or not). An asserted coded event that matches no asserted gold event
    but matches a gold event with ``asserted: false`` (whatever its ``must``) is a
    *hypothetical leak*: counted, listed, and also a false positive. A coded event
    that matches both an asserted gold event and a trap is correct, not a leak:
    the coder cannot be blamed for a real event that looks like the trap.

    Type-only scores use the same rules without the actor rule (date and location
    still apply), so that a wrong type can be told from wrong actors. Per-type
    recall counts a gold event under its ``type``; per-type precision counts a
    coded event under its own type.

Quotes
    A coded quote finds a gold quote when its text, with quote marks
    (" ' “ ” ‘ ’ « » „ ‹ ›) removed and white space collapsed, starts with the
    gold ``starts`` treated the same way, ignoring case; and its speaker's
    ``name``, ``text``, ``title`` or an alias contains one of ``speaker``, ignoring
    case (a gold ``speaker`` of ``[]`` accepts any speaker, or none). Recall is
    over ``must`` quotes.

Counts
    A coded count finds a gold count when it has the same number (``about`` is not
    compared). Recall is over ``must`` counts.

Articles
    A gold article missing from ``coded`` (it failed or was skipped) counts all
    its ``must`` events, quotes and counts as misses; ``failed`` may say why.
    Coded articles that are not in the gold are ignored. A ratio with nothing to
    divide is None (null in JSON).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dotterel.evaluate._gold import GoldArticle, GoldCount, GoldEvent, GoldQuote
from dotterel.evaluate._report import (
    CountMiss,
    EvalReport,
    FalsePositive,
    Miss,
    QuoteMiss,
    TypeScore,
)
from dotterel.records import PLOVER_TYPES, Actor, CodedArticle, Count, Event, Modality, Quote, Span

__all__ = ["score", "event_matches", "quote_matches", "count_matches", "haversine_km"]

_EARTH_KM = 6371.0088
_SENTENCE_LIMIT = 600


# -- matching ----------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _side_matches(actors: Sequence[Actor], identifiers: Sequence[str]) -> bool:
    if not identifiers:
        return True
    wanted = {i.casefold() for i in identifiers}
    for actor in actors:
        for name in (actor.country, actor.name, *actor.aliases):
            if name and name.casefold() in wanted:
                return True
    return False


def _roles_match(event: Event, gold: GoldEvent) -> bool:
    if _side_matches(event.actors, gold.actor) and _side_matches(event.recipients, gold.recipient):
        return True
    return gold.symmetric and _side_matches(event.recipients, gold.actor) and _side_matches(
        event.actors, gold.recipient
    )


def _describe(actors: Sequence[Actor]) -> tuple[str, ...]:
    out = []
    for actor in actors:
        code = actor.code
        out.append(actor.name if actor.name == code else f"{actor.name} [{code}]")
    return tuple(out)


def _side_text(names: Sequence[str]) -> str:
    return " | ".join(names) if names else "*"


def _problems(event: Event, gold: GoldEvent, *, ignore_location: bool, actors: bool = True) -> list[str]:
    """What keeps ``event`` from matching ``gold``, type aside (empty: nothing)."""
    problems: list[str] = []
    if actors and not _roles_match(event, gold):
        arrow = "<->" if gold.symmetric else "->"
        problems.append(
            f"actors differ: coded {_side_text(_describe(event.actors))} -> {_side_text(_describe(event.recipients))}"
            f", gold {_side_text(gold.actor)} {arrow} {_side_text(gold.recipient)}"
        )
    if gold.date is not None and event.date is not None and event.date.start is not None:
        start = event.date.start
        end = event.date.end or start
        start, end = min(start, end), max(start, end)
        if start < gold.date[0] or end > gold.date[1]:
            problems.append(f"date {event.date.iso()} is not inside {gold.date_text}")
    place = gold.location
    if not ignore_location and place is not None and place.has_point:
        assert place.lat is not None and place.lon is not None and place.km is not None
        coded = event.location
        gold_name = place.name or f"{place.lat:g},{place.lon:g}"
        if coded is None or coded.lat is None or coded.lon is None:
            what = f"place {coded.name or coded.text!r} has no coordinates" if coded else "no coded place"
            problems.append(f"{what} (gold: {gold_name} within {place.km:g} km)")
        else:
            distance = haversine_km(coded.lat, coded.lon, place.lat, place.lon)
            if distance > place.km:
                problems.append(
                    f"place {coded.name or coded.text!r} is {distance:.0f} km from {gold_name}"
                    f" (limit {place.km:g} km)"
                )
    return problems


def event_matches(event: Event, gold: GoldEvent, *, ignore_location: bool = False, actors: bool = True) -> bool:
    """Whether a coded event matches a gold event (modality aside); ``actors=False`` for type-only."""
    return event.type in gold.allowed_types and not _problems(
        event, gold, ignore_location=ignore_location, actors=actors
    )


_QUOTE_MARKS = re.compile("[\"'“”‘’«»„‟‹›]")


def _quote_key(text: str) -> str:
    return " ".join(_QUOTE_MARKS.sub("", text).split()).casefold()


def _speaker_matches(quote: Quote, gold: GoldQuote) -> bool:
    if not gold.speaker:
        return True
    speaker = quote.speaker
    if speaker is None:
        return False
    fields = [f.casefold() for f in (speaker.name, speaker.text, speaker.title, *speaker.aliases) if f]
    return any(s.casefold() in f for s in gold.speaker for f in fields)


def quote_matches(quote: Quote, gold: GoldQuote) -> bool:
    """Whether a coded quote finds a gold quote."""
    return _quote_key(quote.text).startswith(_quote_key(gold.starts)) and _speaker_matches(quote, gold)


def count_matches(count: Count, gold: GoldCount) -> bool:
    """Whether a coded count finds a gold count."""
    return count.number == gold.number


# -- evidence and sentences -----------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*")
_QUOTE_CLASS = {"'": "['’‘]", "’": "['’‘]", "‘": "['’‘]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


def _find(text: str, words: str | None) -> Span | None:
    """Where ``words`` occur in ``text``, ignoring case, white space and quote styles."""
    if not words or not words.split():
        return None
    parts = [re.sub("['’‘\"“”]", lambda m: _QUOTE_CLASS[m.group()], re.escape(w)) for w in words.split()]
    found = re.search(r"\s+".join(parts), text, re.IGNORECASE)
    return Span(found.start(), found.end()) if found else None


def _sentence_around(text: str, span: Span) -> str:
    begin = 0
    for boundary in _BOUNDARY.finditer(text, 0, span.start):
        begin = boundary.end()
    after = _BOUNDARY.search(text, span.end)
    stop = after.end() if after else len(text)
    return _clip(text[begin:stop])


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SENTENCE_LIMIT else text[: _SENTENCE_LIMIT - 1] + "…"


def _sentence_of(text: str, span: Span, sentences: Sequence[Span] = ()) -> str:
    for sentence in sentences:
        if sentence.start <= span.start < sentence.end:
            return _clip(sentence.of(text))
    return _sentence_around(text, span)


def _event_sentence(coded: CodedArticle, event: Event) -> str:
    text = coded.article.text
    if event.sentence_span is not None:
        return _clip(event.sentence_span.of(text))
    if 0 <= event.sentence < len(coded.sentences) and coded.sentences[event.sentence].contains(event.trigger):
        return _clip(coded.sentences[event.sentence].of(text))
    return _sentence_of(text, event.trigger, coded.sentences)


# -- diagnosis ---------------------------------------------------------------------


def _why_missed(
    gold: GoldEvent, coded: CodedArticle, asserted: Sequence[Event], evidence: Span | None, ignore_location: bool
) -> str:
    def closeness(event: Event) -> tuple[int, int]:
        problems = _problems(event, gold, ignore_location=ignore_location)
        distance = abs(event.trigger.start - evidence.start) if evidence else 0
        return len(problems), distance

    kinds = "/".join(dict.fromkeys((gold.type, *gold.types_ok)))
    typed = [e for e in asserted if e.type in gold.allowed_types]
    if typed:
        best = min(typed, key=closeness)
        problems = _problems(best, gold, ignore_location=ignore_location)
        return f"closest {best.type} {best.trigger_text!r} ({best.id}): " + "; ".join(problems)
    for event in coded.events:
        if event.modality is not Modality.ASSERTED and event_matches(event, gold, ignore_location=ignore_location):
            return f"coded only as {event.modality.value}: {event.type} {event.trigger_text!r} ({event.id})"
    others = [e for e in asserted if not _problems(e, gold, ignore_location=ignore_location)]
    if others:
        best = min(others, key=closeness)
        return f"actors match but the type differs: coded {best.type} {best.trigger_text!r} ({best.id}), gold {kinds}"
    if not asserted:
        return "no asserted event coded in the article"
    return f"no asserted {kinds} event coded"


def _why_false(
    event: Event,
    real: Sequence[GoldEvent],
    trap: GoldEvent | None,
    ignore_location: bool,
) -> str:
    if trap is not None:
        words = f" {trap.evidence!r}" if trap.evidence else ""
        note = f" ({trap.note})" if trap.note else ""
        return f"matches gold event {trap.index}{words}, which is asserted: false{note}"
    typed = [g for g in real if event.type in g.allowed_types]
    if typed:
        best = min(typed, key=lambda g: len(_problems(event, g, ignore_location=ignore_location)))
        words = f" {best.evidence!r}" if best.evidence else ""
        return f"closest gold {best.type} (event {best.index}{words}): " + "; ".join(
            _problems(event, best, ignore_location=ignore_location)
        )
    same_roles = [g for g in real if not _problems(event, g, ignore_location=ignore_location)]
    if same_roles:
        g = same_roles[0]
        words = f" {g.evidence!r}" if g.evidence else ""
        return f"the gold codes these actors as {g.type} (event {g.index}{words}), not {event.type}"
    if not real:
        return "the gold has no asserted event in this article"
    return f"no gold event of type {event.type}"


# -- scoring -----------------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    must: int = 0
    found: int = 0
    type_found: int = 0
    coded: int = 0
    correct: int = 0
    type_correct: int = 0


@dataclass(slots=True)
class _State:
    articles: int = 0
    leaks: int = 0
    per_type: dict[str, _Tally] = field(default_factory=lambda: {t: _Tally() for t in PLOVER_TYPES})
    quotes_must: int = 0
    quotes_found: int = 0
    counts_must: int = 0
    counts_found: int = 0
    misses: list[Miss] = field(default_factory=list)
    false_positives: list[FalsePositive] = field(default_factory=list)
    quote_misses: list[QuoteMiss] = field(default_factory=list)
    count_misses: list[CountMiss] = field(default_factory=list)
    uncoded: list[tuple[str, str]] = field(default_factory=list)


def _miss(
    article: GoldArticle, gold: GoldEvent, why: str, text: str, evidence: Span | None, sentences: Sequence[Span]
) -> Miss:
    """A miss; ``text`` is the text ``evidence`` and ``sentences`` point into (the coded one, if any)."""
    return Miss(
        article=article.id,
        type=gold.type,
        types_ok=tuple(t for t in gold.types_ok if t != gold.type),
        actors=gold.actor,
        recipients=gold.recipient,
        symmetric=gold.symmetric,
        date=gold.date_text,
        location=gold.location.name if gold.location else None,
        evidence=gold.evidence,
        sentence=_miss_sentence(text, evidence, sentences),
        note=gold.note,
        why=why,
    )


def _miss_sentence(text: str, evidence: Span | None, sentences: Sequence[Span]) -> str | None:
    """The sentence of the gold evidence; a short article without evidence is shown whole."""
    if evidence is not None:
        return _sentence_of(text, evidence, sentences)
    return _clip(text) if len(text) <= _SENTENCE_LIMIT else None


def _score_uncoded(article: GoldArticle, reason: str, state: _State) -> None:
    state.uncoded.append((article.id, reason))
    why = f"article not coded: {reason}"
    for gold in article.must_events:
        state.per_type[gold.type].must += 1
        state.misses.append(_miss(article, gold, why, article.text, _find(article.text, gold.evidence), ()))
    for quote in article.quotes:
        if quote.must:
            state.quotes_must += 1
            state.quote_misses.append(QuoteMiss(article.id, quote.starts, quote.speaker, why))
    for count in article.counts:
        if count.must:
            state.counts_must += 1
            state.count_misses.append(CountMiss(article.id, count.number, count.about, why))


def _score_article(article: GoldArticle, coded: CodedArticle, state: _State, ignore_location: bool) -> None:
    asserted = coded.asserted_events
    real = [g for g in article.events if g.asserted]
    traps = [g for g in article.events if not g.asserted]

    for gold in article.must_events:
        tally = state.per_type[gold.type]
        tally.must += 1
        found = any(event_matches(e, gold, ignore_location=ignore_location) for e in asserted)
        type_found = found or any(
            event_matches(e, gold, ignore_location=ignore_location, actors=False) for e in asserted
        )
        tally.found += found
        tally.type_found += type_found
        if not found:
            # the coder may have cleaned the text: its offsets point into its own copy
            text = coded.article.text
            evidence = _find(text, gold.evidence)
            why = _why_missed(gold, coded, asserted, evidence, ignore_location)
            state.misses.append(_miss(article, gold, why, text, evidence, coded.sentences))

    for event in asserted:
        tally = state.per_type[event.type]
        tally.coded += 1
        correct = any(event_matches(event, g, ignore_location=ignore_location) for g in real)
        tally.correct += correct
        tally.type_correct += correct or any(
            event_matches(event, g, ignore_location=ignore_location, actors=False) for g in real
        )
        if correct:
            continue
        trap = next((g for g in traps if event_matches(event, g, ignore_location=ignore_location)), None)
        state.leaks += trap is not None
        place = event.location
        state.false_positives.append(
            FalsePositive(
                article=article.id,
                event=event.id,
                type=event.type,
                cameo=event.cameo,
                actors=_describe(event.actors),
                recipients=_describe(event.recipients),
                date=event.date.iso() if event.date else None,
                location=(place.name or place.text) if place else None,
                evidence=event.trigger_text,
                span=(event.trigger.start, event.trigger.end),
                sentence=_event_sentence(coded, event),
                hypothetical_leak=trap is not None,
                why=_why_false(event, real, trap, ignore_location),
            )
        )

    for quote in article.quotes:
        if not quote.must:
            continue
        state.quotes_must += 1
        if any(quote_matches(q, quote) for q in coded.quotes):
            state.quotes_found += 1
            continue
        words = [q for q in coded.quotes if _quote_key(q.text).startswith(_quote_key(quote.starts))]
        if words:
            speaker = words[0].speaker
            who = repr(speaker.name) if speaker else "not found"
            why = f"the words are coded but the speaker is {who}"
        else:
            why = f"no coded quote starts with these words ({len(coded.quotes)} quote(s) coded)"
        state.quote_misses.append(QuoteMiss(article.id, quote.starts, quote.speaker, why))

    for count in article.counts:
        if not count.must:
            continue
        state.counts_must += 1
        if any(count_matches(c, count) for c in coded.counts):
            state.counts_found += 1
            continue
        numbers = ", ".join(f"{c.number:,}" for c in coded.counts)
        why = f"coded numbers: {numbers}" if numbers else "no counts coded"
        state.count_misses.append(CountMiss(article.id, count.number, count.about, why))


def score(
    gold: Sequence[GoldArticle],
    coded: Mapping[str, CodedArticle],
    *,
    ignore_location: bool = False,
    failed: Mapping[str, str] | None = None,
) -> EvalReport:
    """Score ``coded`` (article id -> coded article) against ``gold``.

    ``failed`` may give, by article id, why an article is missing from ``coded``.
    """
    state = _State()
    reasons = failed or {}
    for article in gold:
        state.articles += 1
        result = coded.get(article.id)
        if result is None:
            _score_uncoded(article, reasons.get(article.id, "no coded result"), state)
        else:
            _score_article(article, result, state, ignore_location)

    tallies = state.per_type
    return EvalReport(
        articles=state.articles,
        events_must=sum(t.must for t in tallies.values()),
        events_found=sum(t.found for t in tallies.values()),
        events_coded=sum(t.coded for t in tallies.values()),
        events_correct=sum(t.correct for t in tallies.values()),
        type_found=sum(t.type_found for t in tallies.values()),
        type_correct=sum(t.type_correct for t in tallies.values()),
        hypothetical_leaks=state.leaks,
        per_type=tuple(
            TypeScore(kind, t.must, t.found, t.type_found, t.coded, t.correct, t.type_correct)
            for kind, t in tallies.items()
        ),
        quotes_must=state.quotes_must,
        quotes_found=state.quotes_found,
        counts_must=state.counts_must,
        counts_found=state.counts_found,
        misses=tuple(state.misses),
        false_positives=tuple(state.false_positives),
        quote_misses=tuple(state.quote_misses),
        count_misses=tuple(state.count_misses),
        uncoded=tuple(state.uncoded),
        ignore_location=ignore_location,
    )
