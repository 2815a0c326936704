"""Actor coding accuracy: are the countries and sectors of actors and recipients right?

For every gold event that a coded asserted event matches by type (its ``type`` or
``types_ok``), the coded event closest to it is compared side by side:

- *country accuracy*: the share of gold sides (actor, recipient) with identifiers
  where one of the coded actors matches one of them (as the scorer matches actors);
- *sector accuracy*: the share of gold sides that list sectors (``actor_sectors``,
  ``recipient_sectors``; PLOVER's ``***`` and lower-case sub-codes are ignored) where
  a coded actor of that side has all of them.

Gold sides with an empty list are not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from dotterel.evaluate._gold import GoldArticle, GoldEvent
from dotterel.evaluate._score import _side_matches
from dotterel.records import Actor, CodedArticle, Event, Modality

__all__ = ["ActorAccuracy", "actor_accuracy"]

_SECTOR = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class ActorAccuracy:
    sides: int
    countries_right: int
    sector_sides: int
    sectors_right: int

    @property
    def country_accuracy(self) -> float | None:
        return round(self.countries_right / self.sides, 4) if self.sides else None

    @property
    def sector_accuracy(self) -> float | None:
        return round(self.sectors_right / self.sector_sides, 4) if self.sector_sides else None

    def to_dict(self) -> dict:
        return {"sides": self.sides, "country_accuracy": self.country_accuracy,
                "sector_sides": self.sector_sides, "sector_accuracy": self.sector_accuracy}


def _sectors(values: Sequence[str]) -> set[str]:
    out = set()
    for value in values:
        for code in re.findall(r"[A-Z]{3}", value):
            if _SECTOR.match(code) and code != "***":
                out.add(code)
    return out


def _best(events: Sequence[Event], gold: GoldEvent) -> Event | None:
    allowed = {gold.type, *gold.types_ok}
    candidates = [e for e in events if e.modality is Modality.ASSERTED and e.type in allowed]
    if not candidates:
        return None

    def agreement(event: Event) -> int:
        return int(_side_matches(event.actors, gold.actor)) + int(_side_matches(event.recipients, gold.recipient))

    return max(candidates, key=agreement)


def actor_accuracy(gold: Sequence[GoldArticle], coded: Mapping[str, CodedArticle]) -> ActorAccuracy:
    sides = right = sector_sides = sectors_right = 0
    for article in gold:
        result = coded.get(article.id)
        if result is None:
            continue
        for event in article.events:
            if not event.asserted:
                continue
            best = _best(result.events, event)
            if best is None:
                continue
            pairs: list[tuple[Sequence[Actor], Sequence[str], set[str]]] = [
                (best.actors, event.actor, _sectors(event.actor_sectors)),
                (best.recipients, event.recipient, _sectors(event.recipient_sectors)),
            ]
            if event.symmetric and not (_side_matches(best.actors, event.actor)):
                pairs = [(best.recipients, event.actor, pairs[0][2]), (best.actors, event.recipient, pairs[1][2])]
            for coded_side, identifiers, sectors in pairs:
                if identifiers:
                    sides += 1
                    right += int(_side_matches(coded_side, identifiers))
                if sectors:
                    sector_sides += 1
                    sectors_right += int(any(sectors <= set(a.sectors) for a in coded_side))
    return ActorAccuracy(sides, right, sector_sides, sectors_right)
