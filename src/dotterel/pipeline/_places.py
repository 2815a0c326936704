"""Places in an article, and where each event happened.

:func:`find_places` finds the words that name places in a parsed article: the
model's GPE/LOC/FAC entities, the countries and capitals of the actor lists, names
of the gazetteer the model missed, "Lebanese territory" and "the Syrian capital",
and the dateline. Organisations and people (the actor lists' and the model's) are
never places. Each place's words take in a directional word ("northern Gaza"), a
kind word ("Donetsk region", "the town of Jenin") and a qualifier ("Paris, Texas",
"the Syrian city of Aleppo", "Isfahan in Iran"). The words resolve in the context of
the article (:mod:`dotterel.geo._resolve`): its countries of focus, and, in a second
pass, the places that resolved confidently (a place near them is likelier).

:func:`place_events` gives every event a location, the first of:

1. ``event``: the place words tied to the event: those the event coder kept on
   ``Event.location``, else a place in the trigger's clause (after a locative
   preposition, or the object of "entered", "invaded", "visited"...);
2. ``sentence``: a place of the sentence that no other event of it claims;
3. ``dateline``: the dateline's place ("ANKARA (Reuters) -");
4. ``focus``: the article's country of focus.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Collection, Iterable, Mapping, Sequence

from spacy.tokens import Doc, Span as SpacySpan, Token

from dotterel.geo import DIRECTIONS, Candidate, Context, Gazetteer, Place, Resolution, load_gazetteer, place_key, resolve
from dotterel.pipeline._actors import ArticleActors
from dotterel.pipeline._clean import CleanText
from dotterel.records import Article, Event, Location, Span
from dotterel.pipeline._text import text_of

__all__ = ["PlaceMention", "ArticlePlaces", "PlaceReader", "find_places", "find_dateline", "place_events", "event_location"]

#: Prepositions whose object is where something happens.
LOCATIVE_PREPS = frozenset(
    "in at near outside inside across along around into through throughout within off over beside "
    "behind beyond onto towards toward".split()
)
#: Prepositions whose object is the target of an attack ("strikes on Gaza").
_TARGET_PREPS = frozenset({"on", "upon", "against", "toward", "towards", "at"})
#: Verbs whose direct object is where the event happens ("entered Lebanon", "visited Kyiv").
MOTION_VERBS = frozenset(
    "enter invade visit reach capture seize storm shell bomb bombard strike hit raid besiege occupy cross "
    "overrun retake recapture liberate tour land encircle surround infiltrate penetrate pound target flee leave "
    "evacuate devastate ravage rock shake flood blockade annex attack".split()
)
_TERRITORY_NOUNS = frozenset(
    "territory soil airspace waters side coast coastline countryside mainland border frontier borderland "
    "land lands interior".split()
)
_AREA_NOUNS = frozenset(
    "outskirts north south east west centre center heart edge suburbs suburb part parts area areas region "
    "streets street city town village province district neighbourhood neighborhood capital border coast "
    "vicinity environs south-east southeast northeast north-east northwest north-west southwest south-west "
    "periphery countryside department state governorate county territory oblast prefecture municipality "
    "township island islands enclave peninsula valley camp neighbourhood neighborhood".split()
)
_PLACE_OF_NOUNS = _AREA_NOUNS | frozenset(
    "resident people citizen inhabitant mayor governor population siege fall battle capture control "
    "port streets outskirts residents".split()
)
_KIND_OF = {
    "city": "city", "town": "city", "village": "city", "port": "city", "hamlet": "city", "camp": "city",
    "province": "adm1", "region": "adm1", "state": "adm1", "governorate": "adm1", "district": "district",
    "oblast": "adm1", "county": "district", "country": "country", "nation": "country", "republic": "country",
}
_KIND_AFTER = {
    "province", "region", "oblast", "governorate", "state", "district", "county", "prefecture", "city",
    "provinces", "regions", "regency", "municipality",
}
_BLOCK_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE", "DATE", "TIME", "MONEY"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_STRONG_CITY = 20_000


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """Words of the article that name a place, and how they resolved."""

    text: str
    span: Span  # characters, with direction, kind and absorbed qualifier words
    start: int  # first token of the words (-1 for the dateline)
    end: int  # token after the words
    head: int  # the words' syntactic head (-1 for the dateline)
    kind: str  # "entity" | "country" | "capital" | "territory" | "capital-of" | "gazetteer" | "dateline" | "given"
    locative: bool  # used as a place ("in Gaza", "entered Lebanon"), not as an actor ("Israel said")
    prep: str | None = None  # the preposition it is the object of
    country: str | None = None  # the country the actor lists say the words name
    qualifier: str | None = None
    hint: str | None = None
    resolution: Resolution | None = None

    @property
    def place(self) -> Place | None:
        return self.resolution.place if self.resolution is not None else None

    def location(self, source: str) -> Location:
        assert self.resolution is not None
        return self.resolution.location(span=self.span, source=source, text=self.text)


@dataclass(frozen=True, slots=True)
class ArticlePlaces:
    """The places of one article."""

    mentions: tuple[PlaceMention, ...] = ()
    focus: Place | None = None  # the article's country of focus
    focus_weights: Mapping[str, float] = field(default_factory=dict)  # ISO3 -> evidence
    dateline: PlaceMention | None = None

    def at(self, span: Span) -> PlaceMention | None:
        """The resolved place words inside (else overlapping) ``span``."""
        inside = [m for m in self.mentions if span.contains(m.span) and m.place is not None]
        if inside:
            return inside[-1]
        overlapping = [m for m in self.mentions if span.overlaps(m.span) and m.place is not None]
        return overlapping[0] if overlapping else None


# -- finding ------------------------------------------------------------------------


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    country: str | None = None
    core_start: int = 0
    core_end: int = 0
    hint: str | None = None
    qualifier: str | None = None
    absorbed: bool = False
    place: Place | None = None  # known without lookup ("the Syrian capital")


def _strong(gazetteer: Gazetteer, key: str) -> bool:
    for match in gazetteer.lookup_key(key):
        place = match.place
        if match.how == "alternate":
            continue
        if place.precision != "city" or place.population >= _STRONG_CITY or place.source == "alias":
            return True
    return False


def _role_bearer(token: Token) -> Token:
    """"in Iraq, Yemen and Syria": a conjunct (or apposition) shares its first conjunct's role."""
    for _ in range(6):
        if token.dep_ not in ("conj", "appos") or token.head.i == token.i:
            break
        token = token.head
    return token


def _place_position(span: SpacySpan) -> bool:
    """Whether words stand where a place stands: "in X", "entered X", "the residents of X"."""
    token = _role_bearer(span.root)
    if token.dep_ == "pobj":
        prep = token.head
        if prep.lower_ in LOCATIVE_PREPS or prep.lower_ in ("from", "to", "toward", "towards"):
            return True
        return prep.lower_ == "of" and prep.head.lemma_.lower() in _PLACE_OF_NOUNS
    if token.dep_ == "poss":  # "Russia's Kursk region", "Cabo Delgado's Macomia district"
        head = token.head
        return head.lemma_.lower() in _PLACE_OF_NOUNS or head.lower_ in _KIND_AFTER or head.lower_ in ("district", "county")
    return token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_.lower() in MOTION_VERBS


def _blocked_tokens(doc: Doc, actors: ArticleActors, gazetteer: Gazetteer) -> set[int]:
    """Tokens that name organisations or people, which are never places.

    The actor lists' organisations and people, and people introduced with a title,
    always block. The model's PERSON/ORG/... entities block unless the words are a
    place the gazetteer knows well and stand where a place stands ("fighting in
    Kherson", "captured Goma", "the Kursk region"): the small model takes many
    towns for people.
    """
    blocked: set[int] = set()
    for mention in actors.mentions:
        if mention.entry.kind in ("organisation", "person"):
            blocked.update(range(mention.start, mention.end))
    # people with a title or sectors ("Defense Minister Yoav Gallant"); not "residents of Taiz", "governor of Kherson"
    firm = {i for i, person in actors.person_at.items()
            if (person.title or person.sectors) and not (person.title or "").lower().endswith(" of")
            and not (i > 0 and doc[i - 1].lower_ == "of")}
    blocked.update(firm)
    kb_places = {(m.start, m.end) for m in actors.mentions if m.entry.kind in ("country", "capital")}
    for ent in doc.ents:
        if ent.label_ not in _BLOCK_LABELS:
            continue
        span = _trim(ent)
        if not len(span) or any(t.i in blocked for t in span):
            blocked.update(range(ent.start, ent.end))
            continue
        if (span.start, span.end) in kb_places:
            continue  # "Jordan": the actor lists know the country
        key = place_key(span.text)
        longer = any(
            any(m.how == "alias" for m in gazetteer.lookup_key(place_key(doc[span.start:span.end + extra].text)))
            for extra in (1, 2, 3) if span.end + extra <= len(doc)
        )
        if longer or (_strong(gazetteer, key) and _place_position(span)):
            continue
        blocked.update(range(ent.start, ent.end))
    return blocked


def _trim(span: SpacySpan) -> SpacySpan:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a") or doc[start].is_punct or doc[start].is_space):
        if doc[start].text == "The" and not doc[start].is_sent_start and start + 1 < end:
            break  # "The Hague"
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _head_of(doc: Doc, start: int, end: int) -> Token:
    for token in doc[start:end]:
        if not (start <= token.head.i < end) or token.head.i == token.i:
            return token
    return doc[end - 1]


def _inside_longer_name(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """"Real Madrid", "Georgia Tech", "Tel Aviv University": a place name inside a longer proper name."""
    def name_like(token: Token) -> bool:
        return token.pos_ == "PROPN" and token.text[:1].isupper() and token.lower_ not in DIRECTIONS

    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and name_like(before) and before.dep_ == "compound" and start <= before.head.i < end:
        longer = doc[start - 1:end]
    elif after is not None and name_like(after) and any(t.dep_ == "compound" and t.head.i == after.i for t in doc[start:end]):
        longer = doc[start:end + 1]
    else:
        return False
    return not gazetteer.lookup_key(place_key(longer.text))


def _is_name_token(token: Token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)


def find_places(
    doc: Doc,
    actors: ArticleActors,
    *,
    gazetteer: Gazetteer | None = None,
    text: str | None = None,
    dateline: Span | None = None,
    given: Sequence[Span] = (),
) -> ArticlePlaces:
    """Find and resolve the places of a parsed article (see the module docstring).

    ``text`` is the article's own text when the parse ran on a cleaned view (the
    dateline is blanked in the view); ``given`` are character spans to treat as place
    words even when nothing else finds them.
    """
    gazetteer = gazetteer or load_gazetteer()
    text = text_of(doc) if text is None else text
    blocked = _blocked_tokens(doc, actors, gazetteer)
    taken: dict[int, _Found] = {}
    found: list[_Found] = []

    def add(item: _Found) -> None:
        if any(i in taken for i in range(item.start, item.end)):
            return
        found.append(item)
        for i in range(item.start, item.end):
            taken[i] = item

    # spans given by the caller
    for span in given:
        chars = doc.char_span(span.start, span.end, alignment_mode="expand")
        if chars is not None and len(chars):
            add(_Found(chars.start, chars.end, "given"))
    # "Lebanese territory", "the Syrian capital"
    for mention in actors.mentions:
        if mention.entry.kind != "adjective" or mention.end >= len(doc):
            continue
        noun = doc[mention.end]
        code = mention.entry.country
        if gazetteer.country(code) is None:
            continue
        if noun.lemma_.lower() in _TERRITORY_NOUNS:
            add(_Found(mention.start, mention.end + 1, "territory", country=code, place=gazetteer.country(code)))
        elif noun.lemma_.lower() == "capital" and noun.dep_ != "compound" and code in gazetteer.capitals:
            following = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
            if following is not None and following.lower_ in (",", "of") and noun.i + 2 < len(doc) and \
                    doc[noun.i + 2].ent_type_ in _PLACE_LABELS:
                continue  # "the Lebanese capital, Beirut": the name follows
            add(_Found(mention.start, mention.end + 1, "capital-of", country=code, place=gazetteer.capitals[code]))
    # the model's place entities
    kb_places = {(m.start, m.end): m for m in actors.mentions if m.entry.kind in ("country", "capital")}
    for ent in doc.ents:
        if ent.label_ not in _PLACE_LABELS and not (ent.label_ == "ORG" and not any(t.i in blocked for t in ent)):
            continue
        span = _trim(ent)
        if not len(span) or any(t.i in blocked for t in span):
            continue
        kb = kb_places.get((span.start, span.end))
        if _inside_longer_name(doc, span.start, span.end, gazetteer):
            continue
        kind = "entity" if kb is None else kb.entry.kind
        add(_Found(span.start, span.end, kind, country=kb.entry.country if kb is not None and kb.entry.kind == "capital" else None))
    # countries and capitals of the actor lists
    for (start, end), mention in sorted(kb_places.items()):
        if any(i in blocked for i in range(start, end)) or _inside_longer_name(doc, start, end, gazetteer):
            continue
        kind = mention.entry.kind
        add(_Found(start, end, kind, country=mention.entry.country if kind == "capital" else None))
    # names of the gazetteer the model missed
    starts = gazetteer.first_words
    i, n = 0, len(doc)
    while i < n:
        token = doc[i]
        if i in taken or i in blocked or not _is_name_token(token) or token.is_punct:
            i += 1
            continue
        first = place_key(token.text).split(" ", 1)[0]
        if first not in starts and first != "the":
            i += 1  # no gazetteer name begins with this word
            continue
        matched = 0
        for width in range(min(5, n - i), 0, -1):
            words = doc[i:i + width]
            if any(t.i in taken or t.i in blocked for t in words):
                continue
            if any(t.is_punct and t.text not in ("-", "'", "’") for t in words):
                continue
            key = place_key(words.text)
            if not _strong(gazetteer, key) or _inside_longer_name(doc, i, i + width, gazetteer):
                continue
            if not _is_name_token(words[-1]) and not any(m.how == "alias" for m in gazetteer.lookup_key(key)) \
                    and not words[-1].text.startswith(("'", "’")):
                continue
            previous = doc[i - 1] if i > 0 else None
            located = previous is not None and previous.lower_ in LOCATIVE_PREPS
            proper = any(t.pos_ == "PROPN" for t in words) or not words[0].is_sent_start
            if not (located or proper):
                continue
            matched = width
            break
        if matched:
            add(_Found(i, i + matched, "gazetteer"))
            i += matched
        else:
            i += 1
    found.sort(key=lambda f: f.start)
    for item in found:
        item.core_start, item.core_end = item.start, item.end
    _extend(doc, found, taken, actors, gazetteer)

    mentions = [_mention(doc, text, item) for item in found if not item.absorbed]
    if dateline is not None and dateline.end > dateline.start:
        words = text[dateline.start:dateline.end].strip()
        if words:
            mentions.append(PlaceMention(words, dateline, -1, -1, -1, "dateline", True))
    return _resolve_all(doc, actors, gazetteer, mentions)


def _extend(doc: Doc, found: list[_Found], taken: dict[int, _Found], actors: ArticleActors, gazetteer: Gazetteer) -> None:
    """Take in direction words, kind words and qualifiers around each place's words."""
    by_start = {item.start: item for item in found}
    for item in found:
        if item.kind in ("territory", "capital-of"):
            continue
        # a kind word after: "Donetsk region", "Idlib province"
        if item.end < len(doc) and doc[item.end].lower_ in _KIND_AFTER and item.end not in taken:
            item.hint = None  # the kind word is part of the words now ("Donetsk region"): the resolver reads it
            item.end += 1
        # a direction before: "northern Gaza", "the north of Israel", "south-eastern Ukraine"
        start = item.start
        before = doc[start - 1] if start > 0 else None
        if before is not None and before.lower_ in DIRECTIONS and (start - 1) not in taken:
            start -= 1
            if start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("north", "south"):
                start -= 2
        elif before is not None and before.lower_ == "of" and start >= 2 and doc[start - 2].lower_ in DIRECTIONS \
                and doc[start - 2].pos_ in ("NOUN", "PROPN", "ADJ") and (start - 3 < 0 or doc[start - 3].lower_ == "the"):
            start -= 3 if start >= 3 and doc[start - 3].lower_ == "the" else 2
        item.start = start
        # "the city of X", "the Syrian town of X", "the state of X"
        head = _head_of(doc, item.core_start, item.core_end)
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in _KIND_OF:
            noun = head.head.head
            item.hint = item.hint or _KIND_OF[noun.lemma_.lower()]
            for child in noun.children:
                mention = actors.by_token.get(child.i)
                if child.dep_ in ("amod", "compound", "nmod") and mention is not None and \
                        mention.entry.kind in ("adjective", "country") and gazetteer.country(mention.entry.country):
                    item.qualifier = gazetteer.country(mention.entry.country).name  # type: ignore[union-attr]
    # qualifiers before: "Balochistan's Mastung district", "Russia's Kursk region"
    by_end = {item.end: item for item in found}
    for item in found:
        if item.qualifier is None and item.start >= 2 and doc[item.start - 1].tag_ == "POS":
            owner = by_end.get(item.start - 1)
            if owner is not None and owner.kind not in ("territory", "capital-of"):
                words = doc[owner.core_start:owner.core_end].text
                if _contains(gazetteer, words, doc[item.core_start:item.core_end].text):
                    item.qualifier = words
    # qualifiers after: "Paris, Texas", "Aleppo, Syria", "Isfahan in Iran"
    for item in found:
        if item.absorbed or item.kind in ("territory", "capital-of") or item.qualifier is not None:
            continue
        after = item.end
        if after + 1 < len(doc) and doc[after].text == ",":
            other = by_start.get(after + 1)
            if other is not None and not other.absorbed:  # a list ("Iraq, Yemen and Syria") fails the containment
                if _contains(gazetteer, doc[other.start:other.end].text, doc[item.core_start:item.core_end].text):
                    item.qualifier = doc[other.start:other.end].text
                    item.end = other.end
                    other.absorbed = True
                    continue
            # "Paris, Tex.": an abbreviation only the qualifier table knows
            abbreviation = doc[after + 1]
            looks = abbreviation.text[:1].isupper() and (len(abbreviation.text) > 2 or abbreviation.text.isupper())
            if looks and place_key(abbreviation.text) in gazetteer.qualifiers and abbreviation.i not in taken:
                item.qualifier = abbreviation.text
                item.end = after + 2
                continue
        if after + 2 < len(doc) and doc[after].text == "," and doc[after + 1].lower_ == "in":
            after += 1  # "Hyderabad, in Pakistan's Sindh province"
        if after + 1 < len(doc) and doc[after].lower_ == "in":
            other = by_start.get(after + 1) or (by_start.get(after + 2) if after + 2 < len(doc) and doc[after + 1].lower_ in DIRECTIONS else None)
            if other is not None and other.kind in ("country", "entity", "gazetteer"):
                words = doc[other.core_start:other.core_end].text
                if _contains(gazetteer, words, doc[item.core_start:item.core_end].text):
                    item.qualifier = words


def _contains(gazetteer: Gazetteer, outer: str, inner: str) -> bool:
    """Whether some place named ``outer`` (not a city) contains some place named ``inner``."""
    outers = gazetteer.qualifier_places(outer)
    if not outers:
        return False
    inners = [m.place for m in gazetteer.lookup(inner)]
    return any(o.contains(i) and o.id != i.id and o.precision != "city" for o in outers for i in inners)


def _mention(doc: Doc, text: str, item: _Found) -> PlaceMention:
    start_char = doc[item.start].idx
    last = doc[item.end - 1]
    end_char = last.idx + len(last.text)
    head = _head_of(doc, item.core_start, item.core_end)
    locative, prep = _locative(head, item)
    words = text[start_char:end_char] if len(text) == len(text_of(doc)) else text_of(doc)[start_char:end_char]
    return PlaceMention(
        text=words, span=Span(start_char, end_char), start=item.start, end=item.end, head=head.i,
        kind=item.kind, locative=locative, prep=prep, country=item.country, qualifier=item.qualifier, hint=item.hint,
        resolution=_fixed(words, item.place) if item.place is not None else None,
    )


def _fixed(words: str, place: Place) -> Resolution:
    """The resolution of words whose place is known without lookup ("Lebanese territory")."""
    reason = "the country of the demonym" if place.precision == "country" else "the capital of the demonym's country"
    return Resolution(words, place, place, None, (Candidate(place, 10.0, "name", (reason,)),), 10.0)


def _locative(head: Token, item: _Found) -> tuple[bool, str | None]:
    """Whether the words are used as a place, and the preposition that says so."""
    token = _role_bearer(head)
    if token.dep_ == "pobj":
        prep = token.head
        word = prep.lower_
        if word == "of" and prep.head.lemma_.lower() in _AREA_NOUNS:  # "the outskirts of Kyiv", "north of Gaza"
            area = prep.head
            return True, area.head.lower_ if area.dep_ == "pobj" and area.head.lower_ in LOCATIVE_PREPS else "of"
        return word in LOCATIVE_PREPS, word
    if token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_.lower() in MOTION_VERBS:
        return True, None
    if item.kind in ("territory", "capital-of") and token.dep_ in ("dobj", "attr"):
        return True, None
    if token.dep_ == "compound" and token.head.lemma_.lower() in _AREA_NOUNS:
        return True, None  # "the Gaza border", "the Kyiv region"
    return False, None


# -- resolving ----------------------------------------------------------------------

_WEIGHTS = {"country": 1.0, "capital": 1.0, "adjective": 0.5, "organisation": 0.3}
_PLACE_WEIGHT = 1.0
_SENTENCE_BONUS = {"country": 1.5, "capital": 1.5, "adjective": 0.5, "organisation": 0.5}


def _country_evidence(actors: ArticleActors, gazetteer: Gazetteer) -> list[tuple[int, str, float, str]]:
    """(token, ISO3, weight, kind) for every mention of a country, capital, demonym or national body."""
    out = []
    people = {t.i for ent in actors.doc.ents if ent.label_ == "PERSON" for t in ent}
    for mention in actors.mentions:
        if mention.start in people and mention.entry.kind != "person":
            continue  # "Chad McNeeley": a name, not the country
        weight = _WEIGHTS.get(mention.entry.kind)
        code = mention.entry.country
        if weight is None or not code or gazetteer.country(code) is None:
            continue
        out.append((mention.start, code, weight, mention.entry.kind))
    return out


def _weights(counter: Counter) -> dict[str, float]:
    """Each country's share of the evidence, damped when there is little evidence."""
    total = sum(v for v in counter.values() if v > 0)
    if total <= 0:
        return {}
    strength = min(1.0, total / 3.0)
    return {code: strength * weight / total for code, weight in counter.items() if weight > 0}


def _resolve_all(doc: Doc, actors: ArticleActors, gazetteer: Gazetteer, mentions: list[PlaceMention]) -> ArticlePlaces:
    evidence = _country_evidence(actors, gazetteer)
    sent_of: dict[int, int] = {}
    for sent in doc.sents:  # one pass over the sentences: token.sent would rebuild the span per token
        sent_of.update(dict.fromkeys(range(sent.start, sent.end), sent.start))
    by_sentence: dict[int, dict[str, float]] = {}
    for start, code, _, kind in evidence:
        bonus = by_sentence.setdefault(sent_of.get(start, -1), {})
        bonus[code] = max(bonus.get(code, 0.0), _SENTENCE_BONUS[kind])
    counter: Counter = Counter()
    for _, code, weight, _ in evidence:
        counter[code] += weight
    index_of = {id(mention): number for number, mention in enumerate(mentions)}
    own_place: dict[int, Place] = {}

    plain_focus: dict[tuple, dict[str, float]] = {}  # the focus with nothing taken out, per state of the counter

    def context_for(mention: PlaceMention, anchors: tuple[Place, ...], seen: dict[str, dict[str, set[int]]]) -> Context:
        number = index_of[id(mention)]
        inside = [item for item in evidence if mention.start <= item[0] < mention.end]
        mine: Counter = Counter()
        for _, code, weight, _ in inside:
            mine[code] += weight
        if number in own_place and own_place[number].country:
            mine[own_place[number].country] += _PLACE_WEIGHT
        if mine:
            focus = _weights(counter - mine)
        else:
            state = tuple(counter.items())
            focus = plain_focus.get(state) or plain_focus.setdefault(state, _weights(counter))
        sentence: dict[str, float] = {}
        if mention.head >= 0 and not inside:
            sentence = by_sentence.get(sent_of.get(mention.head, -2), {})  # the sentence's countries, shared
        elif mention.head >= 0:
            for start, code, _, kind in evidence:
                if sent_of.get(start) == sent_of.get(mention.head) and not (mention.start <= start < mention.end):
                    sentence[code] = max(sentence.get(code, 0.0), _SENTENCE_BONUS[kind])
        named = {key: place_id for key, ids in seen.items() for place_id, who in ids.items() if who - {number}} \
            if seen else {}
        return Context(
            focus=focus, sentence=sentence, anchors=anchors,
            country=mention.country, qualifier=mention.qualifier, hint=mention.hint, seen=named,
        )

    # pass 1: the countries the article names
    first: list[PlaceMention] = []
    for mention in mentions:
        if mention.resolution is not None:
            first.append(mention)
            continue
        first.append(dataclasses.replace(mention, resolution=resolve(
            mention.text, context=context_for(mention, (), {}), gazetteer=gazetteer)))
    # pass 2: and the places that resolved confidently
    anchors: list[tuple[int, Place]] = []
    seen: dict[str, dict[str, set[int]]] = {}
    for number, mention in enumerate(first):
        resolution = mention.resolution
        if resolution is None or not resolution.confident or resolution.place is None:
            continue
        place = resolution.place
        own_place[number] = place
        if place.country:
            counter[place.country] += _PLACE_WEIGHT
        if place.precision != "country":
            anchors.append((number, place))
        if mention.qualifier is not None or resolution.margin >= 4.0:
            key = place_key(mention.text.split(",")[0])
            seen.setdefault(key, {}).setdefault(place.id, set()).add(number)
    final: list[PlaceMention] = []
    for number, mention in enumerate(mentions):
        if mention.resolution is not None:
            final.append(mention)
            continue
        others = tuple(place for who, place in anchors if who != number)
        final.append(dataclasses.replace(mention, resolution=resolve(
            mention.text, context=context_for(mention, others, seen), gazetteer=gazetteer)))
    weights = {code: round(weight, 3) for code, weight in counter.items() if weight > 0}
    focus = gazetteer.country(max(sorted(weights), key=lambda c: weights[c])) if weights else None
    return ArticlePlaces(
        mentions=tuple(m for m in final if m.kind != "dateline"),
        focus=focus,
        focus_weights=weights,
        dateline=next((m for m in final if m.kind == "dateline"), None),
    )


# -- events -------------------------------------------------------------------------


# "N’DJAMENA (Example Gazette) —", "KYIV, Ukraine (AP) -": what the clean-up may not take for a dateline
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z’'.\- ]{1,40}(?:,\s*[A-Z][\w’'.\- ]{1,40})?)(?:,\s*\w+\.?\s+\d{1,2})?\s*"
    r"(?:\((?P<agency>[^)]{1,40})\))?\s*(?P<dash>[—–-]{1,2})\s+"
)


def find_dateline(text: str, *, lines: int = 6) -> Span | None:
    """The place words of a dateline at the start of one of the first lines, if any."""
    offset = 0
    for number, line in enumerate(text.split("\n")):
        if number >= lines:
            break
        lead = len(line) - len(line.lstrip())
        match = _DATELINE.match(line, lead)
        if match and (match.group("agency") or match.group("dash") in ("—", "–", "--")):
            place = match.group("place").rstrip(" ,")
            return Span(offset + match.start("place"), offset + match.start("place") + len(place))
        offset += len(line) + 1
    return None


def _article_text(doc: Doc) -> str:
    meta = doc._.dotterel_meta if Doc.has_extension("dotterel_meta") else None
    article = (meta or {}).get("_article")
    if isinstance(article, Article) and len(article.text) == len(text_of(doc)):
        return article.text
    return text_of(doc)


def _governor(token: Token) -> Token:
    """The verb that carries an event noun ("launched ... raids", "continuing operations")."""
    governor = token
    for _ in range(6):
        if governor.pos_ in ("VERB", "AUX") or governor.head.i == governor.i:
            break
        if governor.dep_ not in ("dobj", "pobj", "prep", "compound", "conj", "appos", "attr", "nsubj", "nsubjpass",
                                 "amod", "nmod"):
            break
        governor = governor.head
    return governor


def _tied(mention: PlaceMention, doc: Doc, roots: set[int]) -> bool:
    """Whether a place's words belong to the event of ``roots`` (its trigger and governor).

    The place must hang on the trigger or governor ("met in Tel Aviv", "entered
    Lebanon"), or on one of their own arguments ("met with Gallant in Tel Aviv",
    "raids launched ... in southern Lebanon", "Hamas terrorists in Gaza launched").
    Places deeper inside an argument describe it, not the event ("support for ...
    the Houthis in Yemen").
    """
    token = _role_bearer(doc[mention.head])
    if token.dep_ == "pobj":
        prep = token.head
        if prep.lower_ == "of" and prep.head.lemma_.lower() in _AREA_NOUNS:  # "the outskirts of Kyiv"
            area = prep.head
            token = area
            if area.dep_ == "pobj":
                prep = area.head
            else:
                return area.head.i in roots
        attach = prep.head
        # "targets along the border in southern Lebanon": through the area nouns to what they place
        for _ in range(3):
            if attach.lemma_.lower() in _AREA_NOUNS and attach.dep_ == "pobj" and attach.head.lower_ in LOCATIVE_PREPS:
                attach = attach.head.head
            else:
                break
    elif token.dep_ in ("dobj", "nsubjpass", "attr"):
        return token.head.i in roots
    else:
        return False
    if attach.i in roots:
        return True
    # one argument away: the object or subject of the trigger, or the object of its preposition
    step = attach.head
    if attach.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "acl", "relcl") and step.i in roots:
        return True
    if attach.dep_ == "pobj" and step.dep_ in ("prep", "agent") and step.head.i in roots:
        return True
    if attach.dep_ in ("acl",) and step.i in roots:
        return True
    # "raids launched by the IDF ... in southern Lebanon": the participle that describes the trigger
    if attach.pos_ == "VERB" and attach.dep_ in ("acl", "relcl") and attach.head.i in roots:
        return True
    return False


def _candidates(event: Event, doc: Doc, places: ArticlePlaces) -> tuple[Token | None, list[PlaceMention]]:
    chars = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if chars is None or not len(chars):
        return None, []
    root = chars.root
    roots = {root.i, _governor(root).i}
    roots |= {c.i for c in root.children if c.dep_ == "acl" and c.pos_ == "VERB"}  # "raids launched by the IDF"
    assault = event.type in ("ASSAULT", "COERCE")
    found = []
    for mention in places.mentions:
        if mention.place is None or mention.head < 0 or not _tied(mention, doc, roots):
            continue
        if mention.locative or (assault and mention.prep in _TARGET_PREPS and mention.place.precision != "country"):
            found.append(mention)
    found.sort(key=lambda m: (abs(m.head - root.i), m.start))
    return root, found


def _finer(mention: PlaceMention, doc: Doc, places: ArticlePlaces) -> PlaceMention:
    """A country tied to an event, made finer by a place of the sentence inside it.

    "launched drones at Ukraine, killing four in the city of Kharkiv": Kharkiv.
    """
    place = mention.place
    if place is None or place.precision != "country" or mention.head < 0:
        return mention
    sent = doc[mention.head].sent
    inside = [m for m in places.mentions
              if m.place is not None and m.locative and m is not mention and sent.start <= m.head < sent.end
              and m.place.precision != "country" and place.contains(m.place)]
    if not inside:
        return mention
    inside.sort(key=lambda m: abs(m.head - mention.head))
    return inside[0]


def event_location(event: Event, doc: Doc, places: ArticlePlaces, *, claimed: Collection[int] = ()) -> Location | None:
    """The location of one event (see the module docstring for the order).

    ``claimed``: heads of place words tied to other events of the article, which are
    theirs and not the sentence's.
    """
    root, tied = _candidates(event, doc, places)
    return _locate(event, doc, places, root, tied, claimed)


def _locate(event: Event, doc: Doc, places: ArticlePlaces, root: Token | None, tied: list[PlaceMention],
            claimed: Collection[int]) -> Location | None:
    if event.location is not None and event.location.span is not None:
        mention = places.at(event.location.span)
        if mention is not None:
            return _finer(mention, doc, places).location("event")
    if tied:
        return _finer(tied[0], doc, places).location("event")
    if root is not None:
        sent = root.sent
        here = [m for m in places.mentions if m.place is not None and m.locative and sent.start <= m.head < sent.end
                and m.head not in claimed]
        if here:
            here.sort(key=lambda m: abs(m.head - root.i))
            return here[0].location("sentence")
    if places.dateline is not None and places.dateline.place is not None:
        return places.dateline.location("dateline")
    if places.focus is not None:
        focus = places.focus
        return Location(text=focus.name, span=None, name=focus.name, lat=round(focus.lat, 5), lon=round(focus.lon, 5),
                        country=focus.country, adm1=None, precision="country", source="focus")
    return None


def place_events(
    doc: Doc,
    actors: ArticleActors,
    events: Iterable[Event],
    *,
    clean: CleanText | None = None,
    gazetteer: Gazetteer | None = None,
) -> tuple[list[Event], ArticlePlaces]:
    """Every event with its location resolved, and the places of the article."""
    gazetteer = gazetteer or load_gazetteer()
    text = _article_text(doc)
    dateline = clean.dateline if clean is not None and clean.dateline is not None else find_dateline(text)
    places = find_places(doc, actors, gazetteer=gazetteer, text=text, dateline=dateline)
    events = list(events)
    candidates = [_candidates(event, doc, places) for event in events]
    heads = [{m.head for m in tied} for _, tied in candidates]
    out = []
    for index, (event, (root, tied)) in enumerate(zip(events, candidates)):
        claimed = set().union(*(h for other, h in enumerate(heads) if other != index))
        location = _locate(event, doc, places, root, tied, claimed)
        out.append(dataclasses.replace(event, location=location) if location is not None else event)
    return out, places


class PlaceReader:
    """Finds and resolves the places of plain texts (for ``dotterel geocode`` and the place benchmark).

    It parses with the configured spaCy pipeline (or ``nlp``, whose ``dotterel_events``
    component, if any, is skipped) and finds actors with the actor lists, exactly as
    the coding pipeline does before the ``places`` stage.
    """

    def __init__(self, *, nlp=None, kb=None, gazetteer: Gazetteer | None = None, config=None) -> None:
        from dotterel.actors import load_kb
        from dotterel.config import load_config

        if nlp is None:
            import spacy

            from dotterel.errors import DotterelError, Errors

            config = config or load_config()
            try:
                nlp = spacy.load(config.model, exclude=["textcat", "textcat_multilabel", "senter"])
            except OSError:
                raise DotterelError(Errors.E001, name=config.model) from None
            first = "parser" if "parser" in nlp.pipe_names else None
            nlp.add_pipe("dotterel_breaks", before=first) if first else nlp.add_pipe("dotterel_breaks", first=True)
        if kb is None:
            if "dotterel_events" in nlp.pipe_names:
                kb = nlp.get_pipe("dotterel_events").kb
            else:
                config = config or load_config()
                tokenizer = nlp.tokenizer
                kb = load_kb(tuple(config.data_dirs), tokenize=lambda t: [x.text for x in tokenizer(t)])
        self.nlp = nlp
        self.kb = kb
        self.gazetteer = gazetteer or load_gazetteer()

    def parse(self, text: str) -> tuple[Doc, CleanText]:
        from dotterel.pipeline._clean import clean_text

        clean = clean_text(text)
        doc = self.nlp.make_doc(clean.view)
        doc._.dotterel_meta = {"breaks": list(clean.breaks)}
        for name, process in self.nlp.pipeline:
            if name != "dotterel_events":
                doc = process(doc)
        return doc, clean

    def read(self, text: str, *, given: Sequence[Span] = ()) -> ArticlePlaces:
        """The places of ``text`` (``given``: character spans to take as place words)."""
        doc, clean = self.parse(text)
        actors = ArticleActors.build(doc, self.kb, day=None)
        dateline = clean.dateline if clean.dateline is not None else find_dateline(text)
        return find_places(doc, actors, gazetteer=self.gazetteer, text=text, dateline=dateline, given=given)
