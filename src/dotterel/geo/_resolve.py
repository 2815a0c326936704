"""Resolving the words of a place in context: which place of the gazetteer they name.

Every place the words may name is a *candidate*, scored (higher is better) by:

- a prior by kind: a country (9), a curated alias (8.5), a first-level division
  (5.5; a US state 6), a city (1 + log10 population, +0.7 for a national capital);
- how the words matched: a geonames alternate name costs 2;
- what the words say of the kind: "X province/region/oblast", "the state of X"
  favour divisions; "X city", "the town of X" favour cities; "the country of X"
  a country;
- a qualifier: "Paris, Texas", "Alexandria, Va.", "Isfahan in Iran", "the Syrian city
  of Aleppo" (+12 for a candidate inside the qualifier, -2 for one outside);
- the country the words are known to name (a capital the actor lists know:
  +3 in that country);
- the article's countries of focus (+3.5 x the country's weight: its share of the
  article's country names, capitals, demonyms, organisations and resolved places,
  times min(1, evidence / 3) so that one word is weak evidence); +1.5 when the
  sentence names the country (+0.5 when only a demonym does: "Russian troops
  shelled Kherson" is about Russians, not about a place in Russia);
- other places of the article that resolved confidently: a city or division near
  them (+2.5 within 150 km, +1.5 within 400 km, +0.5 within 1,000 km), and the
  place the same name named elsewhere in the article (+4: one sense per article).

The best candidate is taken unless it scores below 4 (an alternate name of a small
town abroad is no evidence: better no place than a wrong one).

Directional words ("northern Gaza", "southern Lebanon", "the east of Ukraine") are
first looked up whole (the alias table holds the common ones); otherwise the place
they qualify is resolved and the point moved towards that side by half its extent.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field, replace
from typing import Mapping

from dotterel.geo._gazetteer import Gazetteer, Match, Place, load_gazetteer
from dotterel.geo._names import haversine_km, offset_point, place_key
from dotterel.records import Location, Span

__all__ = ["Context", "Candidate", "Resolution", "resolve", "DIRECTIONS", "split_direction", "parse_words"]

#: Directional words and their bearings (degrees; ``None`` for "central").
DIRECTIONS: Mapping[str, float | None] = {
    "north": 0.0, "northern": 0.0, "south": 180.0, "southern": 180.0, "east": 90.0, "eastern": 90.0,
    "west": 270.0, "western": 270.0, "northeast": 45.0, "northeastern": 45.0, "north east": 45.0,
    "north eastern": 45.0, "northwest": 315.0, "northwestern": 315.0, "north west": 315.0,
    "north western": 315.0, "southeast": 135.0, "southeastern": 135.0, "south east": 135.0,
    "south eastern": 135.0, "southwest": 225.0, "southwestern": 225.0, "south west": 225.0,
    "south western": 225.0, "central": None, "upper": 0.0, "lower": 180.0,
}
_SIDE_NAMES = {0.0: "northern", 180.0: "southern", 90.0: "eastern", 270.0: "western", 45.0: "northeastern",
               315.0: "northwestern", 135.0: "southeastern", 225.0: "southwestern"}
_DIVISION_WORDS = {"province", "region", "oblast", "governorate", "state", "prefecture", "department", "territory",
                   "provinces", "regions"}
_DISTRICT_WORDS = {"district", "county", "area", "municipality", "regency", "commune", "raion", "rayon"}
_CITY_WORDS = {"city", "town", "village", "port", "capital"}
_PREFIX_HINTS = {
    "state of": "adm1", "province of": "adm1", "region of": "adm1", "governorate of": "adm1", "district of": "district",
    "city of": "city", "town of": "city", "village of": "city", "port city of": "city", "port of": "city",
    "country of": "country", "nation of": "country", "republic of": "country",
}
_BASE = {"country": 9.0, "alias": 8.5, "adm1": 5.5, "region": 5.5, "exact": 5.5}
_CONFIDENT_MARGIN = 1.0
_DISTINCT_KM = 100.0
#: Below this score the best candidate is too weak to take (an alternate name of a small town abroad).
MIN_SCORE = 4.0


@dataclass(frozen=True, slots=True)
class Context:
    """What the rest of the article says about where the words are."""

    focus: Mapping[str, float] = field(default_factory=dict)  # ISO3 -> weight 0..1 of the article's country evidence
    sentence: Mapping[str, float] = field(default_factory=dict)  # ISO3 -> bonus: the sentence names the country
    anchors: tuple[Place, ...] = ()  # places of the article that resolved confidently
    country: str | None = None  # the country the words are known to name (a capital of the actor lists)
    qualifier: str | None = None  # words that contain the place ("Texas" for "Paris")
    hint: str | None = None  # "city" | "adm1" | "district" | "country" from the words around ("the town of")
    seen: Mapping[str, str] = field(default_factory=dict)  # name key -> place id it named elsewhere in the article


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place the words may name, with its score and the reasons for it."""

    place: Place
    score: float
    how: str  # "name" | "alias" | "alternate"
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Resolution:
    """How some words resolved: the place chosen and the candidates considered."""

    text: str
    place: Place | None
    base: Place | None  # the gazetteer place before a direction moved it
    direction: str | None
    candidates: tuple[Candidate, ...]
    margin: float  # score of the chosen place minus that of the best one elsewhere (100 km away)

    @property
    def confident(self) -> bool:
        return self.place is not None and self.margin >= _CONFIDENT_MARGIN

    @property
    def why(self) -> str:
        if not self.candidates:
            return "no place of that name in the gazetteer"
        if self.place is None:
            return f"too weak to take (below {MIN_SCORE:g}): " + "; ".join(self.candidates[0].reasons)
        return "; ".join(self.candidates[0].reasons)

    def location(self, *, span: Span | None, source: str, text: str | None = None) -> Location:
        """The :class:`~dotterel.records.Location` of these words."""
        place = self.place
        if place is None:
            return Location(text or self.text, span, source=source)
        return Location(
            text=text or self.text, span=span, name=place.name, lat=round(place.lat, 5), lon=round(place.lon, 5),
            country=place.country, adm1=place.adm1, precision=place.precision, source=source,
        )


@dataclass(frozen=True, slots=True)
class _Reading:
    key: str
    hint: str | None = None
    bearing: float | None = None
    direction: str | None = None
    qualifier: str | None = None
    penalty: float = 0.0


_LEADING_DIRECTION = re.compile(
    r"^(?:the\s+)?(?P<dir>(?:north|south)[\s-]?(?:east|west)(?:ern)?|northern|southern|eastern|western|north|south|"
    r"east|west|central|upper|lower)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_SIDE_OF = re.compile(
    r"^(?:the\s+)?(?P<dir>(?:north|south)[\s-]?(?:east|west)|north|south|east|west|centre|center)\s+of\s+(?P<rest>.+)$",
    re.IGNORECASE,
)


def split_direction(words: str) -> tuple[str | None, str]:
    """``"northern Gaza"`` -> ``("northern", "Gaza")``; ``"Gaza"`` -> ``(None, "Gaza")``."""
    match = _SIDE_OF.match(words.strip()) or _LEADING_DIRECTION.match(words.strip())
    if match is None:
        return None, words.strip()
    direction = match.group("dir").lower().replace("-", " ")
    if direction in ("centre", "center"):
        direction = "central"
    return direction, match.group("rest").strip()


def parse_words(words: str, *, qualifier: str | None = None, hint: str | None = None) -> list[_Reading]:
    """The readings of some place words: whole, without a qualifier, a direction or a kind word."""
    return list(_readings(words, qualifier, hint))


@functools.lru_cache(maxsize=8192)
def _readings(words: str, qualifier: str | None, hint: str | None) -> tuple[_Reading, ...]:
    """:func:`parse_words`, remembered: news names the same places again and again."""
    readings: list[_Reading] = []
    text = " ".join(words.split())

    def add(name: str, **kw) -> None:
        key = place_key(name)
        if key:
            readings.append(_Reading(key, **kw))

    def expand(name: str, *, qual: str | None, penalty: float, base_hint: str | None) -> None:
        add(name, qualifier=qual, penalty=penalty, hint=base_hint)
        direction, rest = split_direction(name)
        if direction is not None and rest:
            bearing = DIRECTIONS.get(direction)
            expand_kind(rest, qual=qual, penalty=penalty + 1.0, base_hint=base_hint, bearing=bearing, direction=direction)
        expand_kind(name, qual=qual, penalty=penalty, base_hint=base_hint, bearing=None, direction=None, skip_whole=True)

    def expand_kind(name: str, *, qual, penalty, base_hint, bearing, direction, skip_whole: bool = False) -> None:
        if not skip_whole:
            add(name, qualifier=qual, penalty=penalty, hint=base_hint, bearing=bearing, direction=direction)
        lowered = name.lower()
        if lowered.startswith("the "):
            lowered, name = lowered[4:], name[4:]
        for prefix, kind in _PREFIX_HINTS.items():
            if lowered.startswith(prefix + " "):
                add(name[len(prefix) + 1:], qualifier=qual, penalty=penalty, hint=kind, bearing=bearing,
                    direction=direction)
        parts = name.rsplit(None, 1)
        if len(parts) == 2:
            last = parts[1].lower().strip(".")
            if last in _DIVISION_WORDS:
                add(parts[0], qualifier=qual, penalty=penalty, hint="adm1", bearing=bearing, direction=direction)
            elif last in _DISTRICT_WORDS:
                add(parts[0], qualifier=qual, penalty=penalty, hint="district", bearing=bearing, direction=direction)
            elif last in _CITY_WORDS:
                add(parts[0], qualifier=qual, penalty=penalty, hint="city", bearing=bearing, direction=direction)

    expand(text, qual=qualifier, penalty=0.0, base_hint=hint)
    if "," in text:
        head, _, tail = text.partition(",")
        if head.strip() and tail.strip():
            expand(head.strip(), qual=tail.strip(), penalty=0.0, base_hint=hint)
    elif " in " in text:
        head, _, tail = text.rpartition(" in ")
        if head.strip() and tail.strip():
            expand(head.strip(), qual=tail.strip(), penalty=0.0, base_hint=hint)
    return tuple(readings)


def _prior(match: Match) -> tuple[float, str]:
    place = match.place
    if place.source == "alias":
        return _BASE["alias"] + place.weight, f"curated {place.precision}"
    if place.precision == "country":
        return _BASE["country"], "a country"
    if place.precision == "adm1":
        us = place.country == "USA"
        return _BASE["adm1"] + (0.5 if us else 0.0), "a US state" if us else "a first-level division"
    if place.precision == "city":
        score = 1.0 + math.log10(max(place.population, 1000))
        note = f"city of {place.population:,}"
        if place.capital:
            score += 0.7
            note += ", national capital"
        return score, note
    return _BASE.get(place.precision, 5.0), place.precision


def _score(match: Match, reading: _Reading, context: Context, qualifiers: tuple[Place, ...] | None) -> Candidate:
    place = match.place
    score, first = _prior(match)
    reasons = [f"{first} ({score:.1f})"]
    if reading.penalty:
        score -= reading.penalty
    if match.how == "alternate":
        score -= 2.0
        reasons.append("alternate name -2")
    hint = reading.hint or context.hint
    if hint == "district":  # a second-level division: named after its town, or a small division
        if place.precision in ("adm1", "city"):
            score += 1.0
            reasons.append("words say district +1")
    elif hint is not None:
        if hint == place.precision or (hint == "city" and place.precision == "exact"):
            bonus = 1.5 if hint == "city" else 3.0
        elif hint == "adm1" and place.precision == "region":
            bonus = 1.5
        else:
            bonus = -3.0 if "country" in (hint, place.precision) else -1.5
        score += bonus
        reasons.append(f"words say {hint} {bonus:+g}")
    if qualifiers is not None:
        if any(q.contains(place) for q in qualifiers):
            score += 12.0
            reasons.append(f"inside {reading.qualifier or context.qualifier} +12")
        else:
            score -= 2.0
            reasons.append(f"not inside {reading.qualifier or context.qualifier} -2")
    if context.country is not None and place.country == context.country:
        score += 3.0
        reasons.append(f"named as {context.country} +3")
    if place.country is not None:
        share = context.focus.get(place.country, 0.0)
        if share > 0:
            score += 3.5 * share
            reasons.append(f"article about {place.country} +{3.5 * share:.1f}")
        bonus = context.sentence.get(place.country, 0.0)
        if bonus:
            score += bonus
            reasons.append(f"sentence names {place.country} +{bonus:g}")
    if context.seen.get(reading.key) == place.id:
        score += 4.0
        reasons.append("the same name elsewhere in the article +4")
    others = [a for a in context.anchors if a.id != place.id] if place.precision != "country" else []
    if others:
        distance, anchor = min(
            ((0.0 if place.contains(a) else haversine_km(place.lat, place.lon, a.lat, a.lon), a) for a in others),
            key=lambda pair: pair[0],
        )
        bonus = 2.5 if distance < 150 else 1.5 if distance < 400 else 0.5 if distance < 1000 else 0.0
        if bonus:
            score += bonus
            where = f"holds {anchor.name}" if distance == 0.0 else f"{distance:.0f} km from {anchor.name}"
            reasons.append(f"{where} +{bonus:g}")
    return Candidate(place, round(score, 3), match.how, tuple(reasons))


def _directed(place: Place, bearing: float | None, direction: str, gazetteer: Gazetteer) -> Place:
    """``place``'s part on one side ("northern Gaza", "eastern Ukraine").

    For a country or division, the centre of its cities on that side (the third of
    them furthest that way; for "central", the third nearest its centre); otherwise
    the point moved that way by half the place's extent.
    """
    precision = "region" if place.precision in ("country", "adm1", "region") else place.precision
    side = _SIDE_NAMES.get(bearing, direction) if bearing is not None else "central"
    name = f"{side} {place.name}"
    points = gazetteer.city_points(place)
    if len(points) >= 6:
        cos = math.cos(math.radians(place.lat))
        local = [((lon - place.lon) * cos * 111.32, (lat - place.lat) * 110.57, lat, lon) for lat, lon in points]
        if bearing is None:
            keyed = sorted(local, key=lambda p: p[0] ** 2 + p[1] ** 2)
        else:
            sin_b, cos_b = math.sin(math.radians(bearing)), math.cos(math.radians(bearing))
            keyed = sorted(local, key=lambda p: -(p[0] * sin_b + p[1] * cos_b))
        part = keyed[: max(2, len(keyed) // 3)]
        lat = round(sum(p[2] for p in part) / len(part), 5)
        lon = round(sum(p[3] for p in part) / len(part), 5)
    elif bearing is None:
        lat, lon = place.lat, place.lon
    else:
        lat, lon = offset_point(place.lat, place.lon, bearing_deg=bearing, km=place.radius_km * 0.5)
    return replace(place, id=f"{place.id}#{side}", name=name, precision=precision, lat=lat, lon=lon,
                   radius_km=place.radius_km / 2)


def resolve(
    words: str,
    *,
    context: Context | None = None,
    gazetteer: Gazetteer | None = None,
    limit: int = 8,
) -> Resolution:
    """Resolve place words in context (see the module docstring for the scores)."""
    gazetteer = gazetteer or load_gazetteer()
    context = context or Context()
    readings = parse_words(words, qualifier=context.qualifier, hint=context.hint)
    best: dict[str, tuple[Candidate, _Reading]] = {}
    qualifier_cache: dict[str, tuple[Place, ...]] = {}
    for reading in readings:
        qualifier = reading.qualifier or context.qualifier
        qualifiers = None
        if qualifier:
            if qualifier not in qualifier_cache:
                qualifier_cache[qualifier] = gazetteer.qualifier_places(qualifier) or \
                    gazetteer.qualifier_places(split_direction(qualifier)[1])
            qualifiers = qualifier_cache[qualifier] or None
            if qualifiers is None and reading.qualifier:
                # words after a comma or "in" that the gazetteer does not know: no help, a little doubt
                reading = replace(reading, qualifier=None, penalty=reading.penalty + 0.5)
        for match in gazetteer.lookup_key(reading.key):
            candidate = _score(match, reading, context, qualifiers)
            if reading.direction is not None:
                candidate = replace(candidate, reasons=candidate.reasons + (f"{reading.direction} part",))
            current = best.get(match.place.id)
            if current is None or candidate.score > current[0].score:
                best[match.place.id] = (candidate, reading)
    ranked = sorted(best.values(), key=lambda item: (-item[0].score, item[0].place.source != "alias",
                                                     -item[0].place.population, item[0].place.id))
    if not ranked:
        return Resolution(words, None, None, None, (), 0.0)
    top, reading = ranked[0]
    if top.score < MIN_SCORE:
        return Resolution(words, None, None, None, tuple(c for c, _ in ranked[:limit]), 0.0)
    elsewhere = [c.score for c, _ in ranked[1:] if not _same_area(c.place, top.place)]
    margin = top.score - max(elsewhere) if elsewhere else 10.0
    place = top.place
    if reading.direction is not None:
        place = _directed(place, reading.bearing, reading.direction, gazetteer)
    return Resolution(
        text=words, place=place, base=top.place, direction=reading.direction,
        candidates=tuple(c for c, _ in ranked[:limit]), margin=round(margin, 3),
    )


def _same_area(a: Place, b: Place) -> bool:
    if a.country != b.country:
        return False
    reach = max(_DISTINCT_KM, a.radius_km, b.radius_km) if "country" not in (a.precision, b.precision) else 0.0
    if "country" in (a.precision, b.precision):
        return True
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= reach
