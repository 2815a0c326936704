"""Merging: which coded events report the same happening.

Pure logic, no storage. The store turns each new asserted event into a
:class:`Probe`, asks the database for the happenings that share one of the
probe's blocking keys (type + actor id + recipient id) and whose date window
overlaps, and calls :func:`choose` to pick the one to join (or none). Every
decision carries its reasons as one readable line, for example::

    same type ASSAULT; actors ISR=ISR; recipients LBN~HEZBOLLAH(LBN);
    dates overlap 2024-09-30..2024-10-01; place 'southern Lebanon' ~ 'Lebanon'

The rules are conservative: a happening is joined only when every test passes
(same PLOVER type, compatible actors and recipients, a common day, places that
agree or are unknown on one side), so two strikes on the same day in different
towns stay apart, and so do different types.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from dotterel.records import Actor, Article, Event, Location

__all__ = [
    "MergeRules",
    "ActorRef",
    "PlaceRef",
    "Probe",
    "HappeningState",
    "Match",
    "probe_for",
    "check",
    "choose",
]

#: Country slots that name a class of actor, not an identity: two IGOs need not be one.
GENERIC_COUNTRIES = frozenset({"IGO", "NGO", "IMG", "---", ""})

#: Types whose actor and recipient may be swapped between reports ("A met B" = "B met A").
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})

#: Words that say nothing about which place is meant.
_PLACE_FILLER = frozenset(
    {
        "the", "of", "in", "near", "at", "on", "outside", "outskirts", "around", "and",
        "city", "town", "village", "area", "areas", "region", "province", "district",
        "governorate", "strip", "border", "capital", "suburb", "suburbs",
        "neighbourhood", "neighborhood", "parts", "part",
    }
)  # fmt: skip
_PLACE_FORMS = {
    "southern": "south",
    "northern": "north",
    "eastern": "east",
    "western": "west",
    "central": "centre",
    "center": "centre",
}
_COARSE_PRECISION = frozenset({"country", "adm1", "region"})
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_MAX_ALIASES = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class MergeRules:
    """The knobs of merging."""

    #: Events stated over a longer span (campaigns, "since October") never merge.
    max_range_days: int = 7
    #: An event dated only by its article's publication may have happened the day before.
    published_slack_days: int = 1
    #: Two resolved places (city precision or finer) closer than this are the same place.
    near_km: float = 50.0
    #: Types whose actor and recipient may be swapped between reports.
    symmetric_types: frozenset[str] = SYMMETRIC_TYPES


# -- actors ---------------------------------------------------------------------------


def _upper(text: str) -> str:
    return " ".join(text.split()).upper()


#: Actor kinds that name a whole country or an unnamed group of its people
#: ("Israel", "Israeli forces", "protesters"): such an actor is compatible with
#: any actor of its country. Other kinds (person, organisation, ...) are named
#: actors: two of them with different names are different actors.
GENERIC_KINDS = frozenset({"country", "group", ""})


@dataclass(frozen=True, slots=True)
class ActorRef:
    """What merging needs of one actor: its identities and a short label."""

    name: str  # upper case
    country: str | None
    aliases: tuple[str, ...] = ()  # upper case
    is_country: bool = False
    named: bool = True  # a named person or organisation, not a country or a group

    @classmethod
    def of(cls, actor: Actor) -> "ActorRef":
        aliases = tuple(dict.fromkeys(_upper(a) for a in actor.aliases if a.strip()))[:_MAX_ALIASES]
        kind = (actor.kind or "").lower()
        return cls(_upper(actor.name), actor.country or None, aliases, kind == "country", kind not in GENERIC_KINDS)

    @property
    def state_country(self) -> str | None:
        """The country code when it identifies the actor's side (not IGO/NGO/IMG)."""
        return self.country if self.country and self.country not in GENERIC_COUNTRIES else None

    @property
    def names(self) -> frozenset[str]:
        return frozenset((self.name, *self.aliases))

    @property
    def ids(self) -> frozenset[str]:
        ids = {"N:" + n for n in self.names}
        if self.state_country:
            ids.add("C:" + self.state_country)
        return frozenset(ids)

    @property
    def label(self) -> str:
        if self.is_country and self.state_country:
            return self.state_country
        if self.country and self.country != "---":
            return f"{self.name}({self.country})"
        return self.name

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "aliases": list(self.aliases),
            "is_country": self.is_country,
            "named": self.named,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ActorRef":
        return cls(
            data["name"],
            data.get("country"),
            tuple(data.get("aliases") or ()),
            bool(data.get("is_country")),
            bool(data.get("named", True)),
        )


def _relation(a: ActorRef, b: ActorRef) -> str | None:
    """'=' for the same actor, '~' for compatible ones, None for different ones.

    The same name or alias is the same actor; otherwise two actors of one
    country are compatible unless both are named (two different people or
    organisations of one country stay apart: Hamas is not Islamic Jihad).
    """
    rel = "=" if a.label == b.label else "~"
    if a.names & b.names:
        return rel
    if a.state_country and a.state_country == b.state_country and not (a.named and b.named):
        return rel
    return None


def _side(new: Sequence[ActorRef], old: Sequence[ActorRef]) -> str | None:
    """How two sides (actors, or recipients) relate, as 'NEW=OLD', or None."""
    best: str | None = None
    for a in new:
        for b in old:
            rel = _relation(a, b)
            if rel == "=":
                return f"{a.label}={b.label}"
            if rel == "~" and best is None:
                best = f"{a.label}~{b.label}"
    return best


# -- places ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _place_tokens(text: str) -> frozenset[str]:
    words = (w.lower() for w in _WORD.findall(text))
    return frozenset(_PLACE_FORMS.get(w, w) for w in words if len(w) > 1 and w not in _PLACE_FILLER)


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """What merging needs of one place: its words and, once resolved, where it is."""

    text: str
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    precision: str | None = None

    @classmethod
    def of(cls, location: Location | None) -> "PlaceRef | None":
        if location is None:
            return None
        place = cls(location.text, location.name, location.lat, location.lon, location.country, location.precision)
        return place if place.known else None

    @property
    def tokens(self) -> frozenset[str]:
        return _place_tokens(self.text)

    @property
    def fine(self) -> bool:
        return self.lat is not None and self.lon is not None and self.precision not in _COARSE_PRECISION

    @property
    def known(self) -> bool:
        return bool(self.tokens) or self.name is not None or (self.lat is not None and self.lon is not None)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "precision": self.precision,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PlaceRef":
        return cls(
            data.get("text") or "",
            data.get("name"),
            data.get("lat"),
            data.get("lon"),
            data.get("country"),
            data.get("precision"),
        )


def _km(a: PlaceRef, b: PlaceRef) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _place_relation(new: PlaceRef, old: PlaceRef, rules: MergeRules) -> str | None:
    """'=' or '~' (with a note) when two known places may be one, else None."""
    if new.fine and old.fine:
        km = _km(new, old)
        return f"~ ({km:.0f} km)" if km <= rules.near_km else None
    if new.name and old.name and new.name.lower() == old.name.lower():
        return "="
    a, b = new.tokens, old.tokens
    if a and b and (a <= b or b <= a):
        return "=" if a == b else "~"
    for coarse, other in ((new, old), (old, new)):
        if coarse.precision == "country" and coarse.country and coarse.country == other.country:
            return f"~ (in {coarse.country})"
    return None


# -- probes and happenings ------------------------------------------------------------


def _ids(side: Sequence[ActorRef]) -> frozenset[str]:
    return frozenset().union(*(a.ids for a in side)) if side else frozenset()


def block_keys(
    type_: str, actors: Sequence[ActorRef], recipients: Sequence[ActorRef], rules: MergeRules
) -> frozenset[str]:
    """The blocking keys of a dyad: type | actor id | recipient id (or '-')."""
    left = _ids(actors)
    right = _ids(recipients) or frozenset({"-"})
    keys = set()
    for a in left:
        for r in right:
            if type_ in rules.symmetric_types and r != "-":
                a_, r_ = sorted((a, r))
                keys.add(f"{type_}|{a_}|{r_}")
            else:
                keys.add(f"{type_}|{a}|{r}")
    return frozenset(keys)


@dataclass(frozen=True, slots=True)
class Probe:
    """A new asserted event, as merging sees it."""

    type: str
    window: tuple[_dt.date, _dt.date] | None
    stated: bool
    actors: tuple[ActorRef, ...]
    recipients: tuple[ActorRef, ...]
    place: PlaceRef | None
    keys: frozenset[str]
    alone: str | None = None  # why the event can never merge, if so

    @property
    def mergeable(self) -> bool:
        return self.alone is None


def probe_for(event: Event, article: Article, rules: MergeRules) -> Probe:
    """The merge view of one asserted event of ``article``."""
    actors = tuple(dict.fromkeys(ActorRef.of(a) for a in event.actors))
    recipients = tuple(dict.fromkeys(ActorRef.of(a) for a in event.recipients))
    window: tuple[_dt.date, _dt.date] | None = None
    stated = False
    alone: str | None = None
    slack = _dt.timedelta(days=rules.published_slack_days)
    date = event.date
    if date is not None and date.start is not None:
        end = date.end if date.end is not None and date.end >= date.start else date.start
        if date.precision in ("published", "unknown"):
            window = (date.start - slack, end)
        else:
            window, stated = (date.start, end), True
            if (end - date.start).days + 1 > rules.max_range_days:
                alone = f"date {date.iso()} spans more than {rules.max_range_days} days"
    elif article.published is not None:
        window = (article.published - slack, article.published)
    else:
        alone = "no date"
    if not actors and alone is None:
        alone = "no actor"
    keys = block_keys(event.type, actors, recipients, rules) if alone is None else frozenset()
    return Probe(event.type, window, stated, actors, recipients, PlaceRef.of(event.location), keys, alone)


@dataclass(slots=True)
class HappeningState:
    """What merging keeps of one happening: the union of its mentions' sides and places."""

    id: int
    type: str
    mergeable: bool
    window: tuple[_dt.date, _dt.date] | None
    date_stated: bool
    actors: list[ActorRef] = field(default_factory=list)
    recipients: list[ActorRef] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    new_keys: set[str] = field(default_factory=set)  # keys not yet in the database
    changed: bool = False

    @classmethod
    def found(cls, happening_id: int, probe: Probe) -> "HappeningState":
        state = cls(happening_id, probe.type, probe.mergeable, probe.window, probe.stated)
        state._take(probe)
        return state

    def absorb(self, probe: Probe) -> None:
        """Add a joining mention: narrow the common window, widen sides and places."""
        assert self.window is not None and probe.window is not None
        self.window = (max(self.window[0], probe.window[0]), min(self.window[1], probe.window[1]))
        self.date_stated = self.date_stated or probe.stated
        self._take(probe)
        self.changed = True

    def _take(self, probe: Probe) -> None:
        for side, refs in ((self.actors, probe.actors), (self.recipients, probe.recipients)):
            side.extend(r for r in refs if r not in side)
        if probe.place is not None and probe.place not in self.places:
            self.places.append(probe.place)
        fresh = probe.keys - self.keys
        self.keys |= fresh
        self.new_keys |= fresh

    # JSON columns ------------------------------------------------------------------
    def sides_json(self) -> tuple[str, str, str]:
        return (
            json.dumps([a.to_json() for a in self.actors], ensure_ascii=False),
            json.dumps([a.to_json() for a in self.recipients], ensure_ascii=False),
            json.dumps([p.to_json() for p in self.places], ensure_ascii=False),
        )

    @classmethod
    def from_row(
        cls,
        happening_id: int,
        type_: str,
        mergeable: bool,
        window_start: _dt.date | None,
        window_end: _dt.date | None,
        date_stated: bool,
        actors_json: str,
        recipients_json: str,
        places_json: str,
        keys: Iterable[str],
    ) -> "HappeningState":
        window = (window_start, window_end) if window_start is not None and window_end is not None else None
        return cls(
            happening_id,
            type_,
            mergeable,
            window,
            date_stated,
            [ActorRef.from_json(d) for d in json.loads(actors_json)],
            [ActorRef.from_json(d) for d in json.loads(recipients_json)],
            [PlaceRef.from_json(d) for d in json.loads(places_json)],
            set(keys),
        )


@dataclass(frozen=True, slots=True)
class Match:
    """A happening that a probe may join, with the reasons and a preference score."""

    state: HappeningState
    reasons: str
    places_agree: int
    overlap_days: int


def _window_text(lo: _dt.date, hi: _dt.date) -> str:
    return lo.isoformat() if lo == hi else f"{lo.isoformat()}..{hi.isoformat()}"


def check(probe: Probe, state: HappeningState, rules: MergeRules) -> Match | None:
    """The reasons ``probe`` may join ``state``, or None when any test fails."""
    if not (probe.mergeable and state.mergeable) or probe.type != state.type:
        return None
    if probe.window is None or state.window is None:
        return None
    lo, hi = max(probe.window[0], state.window[0]), min(probe.window[1], state.window[1])
    if lo > hi:
        return None
    sides = _sides(probe.actors, probe.recipients, state)
    if sides is None and probe.type in rules.symmetric_types:
        swapped = _sides(probe.recipients, probe.actors, state)
        sides = f"{swapped} (swapped)" if swapped is not None else None
    if sides is None:
        return None
    places: list[str] = []
    if probe.place is not None and state.places:
        for old in state.places:
            rel = _place_relation(probe.place, old, rules)
            if rel is None:
                return None
            places.append(f"'{probe.place.text}' {rel} '{old.text}'")
        place_text = "place " + ", ".join(places)
    else:
        place_text = "place unknown on one side"
    reasons = f"same type {probe.type}; {sides}; dates overlap {_window_text(lo, hi)}; {place_text}"
    return Match(state, reasons, len(places), (hi - lo).days)


def _sides(actors: Sequence[ActorRef], recipients: Sequence[ActorRef], state: HappeningState) -> str | None:
    a = _side(actors, state.actors)
    if a is None:
        return None
    if not recipients and not state.recipients:
        return f"actors {a}; recipients none"
    if not recipients or not state.recipients:
        return None
    r = _side(recipients, state.recipients)
    return None if r is None else f"actors {a}; recipients {r}"


def choose(probe: Probe, candidates: Iterable[HappeningState], rules: MergeRules) -> Match | None:
    """The best happening for ``probe`` to join: agreeing places, then the
    tightest common window, then the oldest happening."""
    matches = [m for m in (check(probe, c, rules) for c in candidates) if m is not None]
    if not matches:
        return None
    return min(matches, key=lambda m: (-m.places_agree, m.overlap_days, m.state.id))
