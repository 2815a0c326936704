"""Scoring place resolution against hand-coded cases (``tests/fixtures/geo/places.jsonl``).

A case is one news sentence (with an optional article context before it), the
words of one place in it, and where that place is: ``lat``/``lon`` and the ISO3
``country`` (``null`` for waters and regions across borders). Scores:

- accuracy at 161 km (100 miles, the usual threshold of geoparsing evaluations):
  the share of cases resolved within 161 km of the expected point;
- country accuracy: the share resolved to the expected country;
- precision accuracy, over the cases that give an expected ``precision``;
- found: the share whose words the place finder found on its own (the scores above
  resolve the given words, found or not).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from dotterel.errors import DataFileError
from dotterel.geo._names import haversine_km
from dotterel.geo._resolve import Resolution
from dotterel.geo.errors import GeoErrors
from dotterel.records import Span

__all__ = ["PlaceCase", "PlaceScore", "load_place_cases", "score_places", "ACCURACY_KM"]

#: The distance within which a resolved place counts as right (100 miles).
ACCURACY_KM = 161.0
_KEYS = {"id", "sentence", "words", "lat", "lon", "country", "context", "precision", "note"}


@dataclass(frozen=True, slots=True)
class PlaceCase:
    id: str
    sentence: str
    words: str
    lat: float
    lon: float
    country: str | None
    context: str | None = None
    precision: str | None = None
    note: str | None = None

    @property
    def text(self) -> str:
        """The article the case is read in: the context, a blank line, the sentence."""
        return f"{self.context}\n\n{self.sentence}" if self.context else self.sentence

    @property
    def span(self) -> Span:
        """Where the words are in :attr:`text`."""
        start = len(self.text) - len(self.sentence) + self.sentence.index(self.words)
        return Span(start, start + len(self.words))


def load_place_cases(path: str | Path) -> list[PlaceCase]:
    """Read cases from JSON Lines, checking each line (error ``E404``)."""
    path = Path(path)
    cases: list[PlaceCase] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(GeoErrors.E404, path=str(path), line=0, reason=str(exc)) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            unknown = set(data) - _KEYS
            if unknown:
                raise ValueError(f"unknown keys {sorted(unknown)}")
            case = PlaceCase(
                id=str(data["id"]), sentence=str(data["sentence"]), words=str(data["words"]),
                lat=float(data["lat"]), lon=float(data["lon"]), country=data.get("country"),
                context=data.get("context"), precision=data.get("precision"), note=data.get("note"),
            )
            if case.words not in case.sentence:
                raise ValueError(f"the words {case.words!r} are not in the sentence")
            if not (-90 <= case.lat <= 90 and -180 <= case.lon <= 180):
                raise ValueError("coordinates out of range")
        except (ValueError, KeyError, TypeError) as exc:
            raise DataFileError(GeoErrors.E404, path=str(path), line=number, reason=str(exc)) from None
        cases.append(case)
    return cases


@dataclass(frozen=True)
class PlaceScore:
    cases: int
    within_km: int
    accuracy: float | None  # within ACCURACY_KM
    country_correct: int
    country_accuracy: float | None
    precision_checked: int
    precision_correct: int
    found: int  # words the finder found on its own
    misses: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "accuracy_161km": self.accuracy,
            "within_161km": self.within_km,
            "country_accuracy": self.country_accuracy,
            "country_correct": self.country_correct,
            "precision_accuracy": (self.precision_correct / self.precision_checked) if self.precision_checked else None,
            "found_by_finder": (self.found / self.cases) if self.cases else None,
            "misses": list(self.misses),
        }


def score_places(cases: Sequence[PlaceCase], results: Sequence[tuple[Resolution | None, bool]]) -> PlaceScore:
    """Score resolutions (one per case, with whether the finder found the words)."""
    within = country_ok = checked = precise = found = 0
    misses = []
    for case, (resolution, was_found) in zip(cases, results, strict=True):
        found += bool(was_found)
        place = resolution.place if resolution is not None else None
        distance = haversine_km(place.lat, place.lon, case.lat, case.lon) if place is not None else None
        near = distance is not None and distance <= ACCURACY_KM
        same_country = (place.country if place is not None else "?") == case.country
        within += near
        country_ok += same_country
        if case.precision is not None:
            checked += 1
            precise += place is not None and place.precision == case.precision
        if not near or not same_country or (case.precision is not None and (place is None or place.precision != case.precision)):
            misses.append({
                "id": case.id, "words": case.words, "expected": [case.lat, case.lon, case.country, case.precision],
                "got": None if place is None else [round(place.lat, 3), round(place.lon, 3), place.country, place.precision, place.name],
                "km": None if distance is None else round(distance),
                "why": resolution.why if resolution is not None else "not resolved",
            })
    n = len(cases)
    return PlaceScore(
        cases=n, within_km=within, accuracy=within / n if n else None, country_correct=country_ok,
        country_accuracy=country_ok / n if n else None, precision_checked=checked, precision_correct=precise,
        found=found, misses=tuple(misses),
    )
