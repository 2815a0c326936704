"""Builders of hand-made gold and coded records for the evaluator's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dotterel.evaluate import GoldArticle, gold_from_dict
from dotterel.records import (
    Actor,
    Article,
    CodedArticle,
    Count,
    DateRange,
    Event,
    Location,
    Modality,
    Quote,
    Span,
)

TEXT = (
    "Israeli Defense Minister Yoav Gallant and US Defense Secretary Lloyd Austin were again on the phone "
    "overnight. Iran may launch an attack on Israel. “These ground operations build on the recent measures,” "
    "Gallant’s office said. At least 63,500 Israelis were evacuated."
)


class Build:
    """Small factories; every argument has a sensible default."""

    text = TEXT

    def gold(self, *events: dict[str, Any], article_id: str = "a1", **extra: Any) -> GoldArticle:
        data = {"id": article_id, "text": self.text, "events": list(events), **extra}
        return gold_from_dict(data, path="test.jsonl", line=1)

    def gold_event(self, type: str = "CONSULT", actor=("ISR",), recipient=("USA",), **extra: Any) -> dict[str, Any]:
        return {"type": type, "actor": list(actor), "recipient": list(recipient), **extra}

    def actor(self, name: str = "Israel", country: str | None = "ISR", **extra: Any) -> Actor:
        return Actor(text=name, span=Span(0, len(name)), name=name, country=country, **extra)

    def event(
        self,
        type: str = "CONSULT",
        actors: tuple[Actor, ...] | None = None,
        recipients: tuple[Actor, ...] | None = None,
        *,
        id: str = "e1",
        date: DateRange | None = None,
        location: Location | None = None,
        modality: Modality = Modality.ASSERTED,
        trigger: str = "were again on the phone",
    ) -> Event:
        start = self.text.index(trigger)
        return Event(
            id=id,
            type=type,
            cameo="040",
            quad_class=1,
            intensity=1.0,
            trigger=Span(start, start + len(trigger)),
            trigger_text=trigger,
            sentence=0,
            actors=(self.actor(),) if actors is None else actors,
            recipients=(self.actor("United States", "USA"),) if recipients is None else recipients,
            date=date,
            location=location,
            modality=modality,
        )

    def days(self, start: str | None, end: str | None = None) -> DateRange:
        return DateRange(
            start=dt.date.fromisoformat(start) if start else None,
            end=dt.date.fromisoformat(end) if end else None,
            precision="day",
        )

    def place(self, name: str, lat: float | None, lon: float | None) -> Location:
        return Location(text=name, name=name, lat=lat, lon=lon)

    def quote(self, text: str, speaker: Actor | None = None) -> Quote:
        return Quote(text=text, span=Span(0, len(text)), speaker=speaker)

    def count(self, number: int) -> Count:
        return Count(number=number, about="evacuated", span=Span(0, 1), text=str(number))

    def coded(
        self,
        *events: Event,
        article_id: str = "a1",
        quotes: tuple[Quote, ...] = (),
        counts: tuple[Count, ...] = (),
    ) -> CodedArticle:
        return CodedArticle(
            article=Article(text=self.text, id=article_id),
            events=events,
            quotes=quotes,
            counts=counts,
        )


@pytest.fixture
def build() -> Build:
    return Build()
