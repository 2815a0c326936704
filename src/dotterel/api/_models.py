"""The API's request and response shapes (they make the OpenAPI schema).

Spans are ``[start, end]`` character offsets (end exclusive) into the article
text, as everywhere in dotterel (``docs/schema.md``); a mark's offsets are
relative to its sentence.
"""

from __future__ import annotations

import datetime as _dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ErrorDetail",
    "ErrorResponse",
    "ActorOut",
    "DateOut",
    "PlaceOut",
    "AttributionOut",
    "EventOut",
    "HappeningOut",
    "EventPage",
    "MarkOut",
    "FieldOut",
    "MentionOut",
    "EventDetailOut",
    "ArticleMeta",
    "ArticleSpan",
    "ArticleEvent",
    "QuoteOut",
    "CountOut",
    "EntityOut",
    "BlockOut",
    "ArticleOut",
    "ActorCount",
    "ActorsOut",
    "TimelineSeries",
    "TimelineOut",
    "Dyad",
    "DyadNode",
    "DyadsOut",
    "PointGeometry",
    "GeoProperties",
    "GeoFeature",
    "GeoOut",
    "Extent",
    "MetaOut",
    "IngestIn",
    "IngestOutcome",
    "IngestOut",
]

Span = tuple[int, int]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(_Out):
    code: str = Field(description="The coded error: E5xx for the API's own, else the library's (E2xx for the store).")
    message: str = Field(description="What went wrong and what to do, starting with the code in brackets.")
    status: int = Field(description="The HTTP status, repeated.")


class ErrorResponse(_Out):
    """Every error, whatever the endpoint."""

    error: ErrorDetail


class ActorOut(_Out):
    text: str = Field(description="The words used.")
    span: Span
    name: str = Field(description="Canonical name.")
    country: Optional[str] = Field(None, description="ISO 3166-1 alpha-3, or IGO / NGO / IMG.")
    code: str = Field(description="CAMEO-style actor code: country and sectors (ISRMIL).")
    sectors: list[str] = []
    kind: str
    title: Optional[str] = None
    aliases: list[str] = []
    resolved_from: Optional[Span] = Field(None, description="The antecedent's span when found by coreference.")


class DateOut(_Out):
    start: Optional[_dt.date]
    end: Optional[_dt.date]
    precision: str
    text: str
    span: Optional[Span]


class PlaceOut(_Out):
    text: str
    span: Optional[Span]
    name: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    country: Optional[str] = None
    adm1: Optional[str] = None
    precision: Optional[str] = None


class AttributionOut(_Out):
    text: str
    span: Span
    verb: Optional[str] = None
    actor: Optional[str] = Field(None, description="The reporting actor's canonical name.")


class EventOut(_Out):
    """One coded event (a mention) as stored."""

    id: str = Field(description="The store's event id: '<article id>:<event id>'.")
    article_id: str
    date: _dt.date = Field(description="The event date: the stated start, else the publication day.")
    type: str
    cameo: str
    quad_class: int
    intensity: float
    mode: Optional[str] = None
    contexts: list[str] = []
    modality: str
    modality_cue: Optional[Span] = None
    confidence: float
    trigger: Span
    trigger_text: str
    actors: list[ActorOut]
    recipients: list[ActorOut]
    date_range: Optional[DateOut] = None
    location: Optional[PlaceOut] = None
    attribution: Optional[AttributionOut] = None
    sentence: int = Field(description="Index of the evidence sentence in the article.")
    sentence_span: Optional[Span] = None
    sentence_text: Optional[str] = None
    source: str = Field(description="text, caption or headline.")
    happening_id: Optional[int] = None
    merge_status: str = Field(description="founded, joined, alone or unasserted.")
    merge_reasons: Optional[str] = None
    title: Optional[str] = None
    publisher: Optional[str] = None
    url: Optional[str] = None
    published: Optional[_dt.date] = None


class HappeningOut(_Out):
    """Asserted events of one or more articles merged into one happening."""

    id: int
    type: str
    cameo: str
    quad_class: int
    intensity: float
    date: _dt.date
    window_start: Optional[_dt.date] = None
    window_end: Optional[_dt.date] = None
    actor: Optional[str] = Field(None, description="Label of the first actor (ISR, HEZBOLLAH(LBN)).")
    recipient: Optional[str] = None
    actors: list[str] = []
    recipients: list[str] = []
    location: Optional[str] = None
    mentions: int
    sources: int
    articles: int
    first_report: Optional[_dt.date] = None
    last_report: Optional[_dt.date] = None
    first_event_id: str
    added_at: _dt.datetime


class EventPage(_Out):
    unit: Literal["mentions", "happenings"]
    total: int = Field(description="How many the filters select, paging aside.")
    limit: int
    offset: int
    sort: str
    items: list[EventOut] | list[HappeningOut]


class MarkOut(_Out):
    role: str = Field(description="trigger, actor, recipient, date, place, modality or source.")
    start: int = Field(description="Offset in the sentence.")
    end: int
    text: str


class FieldOut(_Out):
    field: str = Field(description="trigger, actor, recipient, date, place, modality or source.")
    label: Optional[str] = Field(None, description="What the words were coded as.")
    text: Optional[str] = Field(None, description="The exact words.")
    span: Span = Field(description="Offsets in the article text.")
    in_sentence: bool = Field(description="Whether the words are in the evidence sentence.")


class MentionOut(EventOut):
    marks: list[MarkOut] = Field(description="The evidence spans in the sentence, without overlaps.")
    fields: list[FieldOut] = Field(description="For every coded field, the words that support it.")


class EventDetailOut(_Out):
    happening: Optional[HappeningOut]
    focus: Optional[str] = Field(None, description="The event id asked for, when an event id was asked for.")
    mentions: list[MentionOut]


class ArticleMeta(_Out):
    id: str
    text: str
    title: Optional[str] = None
    publisher: Optional[str] = None
    url: Optional[str] = None
    published: Optional[_dt.date] = None
    language: Optional[str] = None
    authors: list[str] = []
    origin: Optional[str] = None


class ArticleSpan(_Out):
    kind: str = Field(description="actor, recipient, trigger, place, date, modality, source, quote, count or entity.")
    start: int
    end: int
    label: Optional[str] = None
    events: list[str] = Field(description="Store ids of the events the span supports.")


class ArticleEvent(_Out):
    id: str
    local_id: str
    type: str
    cameo: str
    modality: str
    date: Optional[_dt.date] = None
    happening_id: Optional[int] = None
    merge_status: Optional[str] = None
    sentence: int
    fields: list[FieldOut]


class QuoteOut(_Out):
    text: str
    span: Span
    speaker: Optional[str] = None
    verb: Optional[str] = None
    sentence: int


class CountOut(_Out):
    number: int
    about: str
    text: str
    span: Span
    qualifier: Optional[str] = None


class EntityOut(_Out):
    text: str
    span: Span
    kind: str


class BlockOut(_Out):
    role: str
    span: Span


class ArticleOut(_Out):
    article: ArticleMeta
    spans: list[ArticleSpan] = Field(description="Every coded span, sorted by start.")
    events: list[ArticleEvent]
    quotes: list[QuoteOut]
    counts: list[CountOut]
    entities: list[EntityOut]
    sentences: list[Span]
    blocks: list[BlockOut]
    warnings: list[str]


class ActorCount(_Out):
    name: str
    country: Optional[str]
    kind: Optional[str]
    filter: str = Field(description="The value to give to the actor, recipient or party filter.")
    events: int
    as_actor: int
    as_recipient: int


class ActorsOut(_Out):
    actors: list[ActorCount]


class TimelineSeries(_Out):
    key: str
    label: str
    counts: list[int] = Field(description="One count per bucket of 'dates'.")


class TimelineOut(_Out):
    unit: Literal["mentions", "happenings"]
    bucket: Literal["day", "week", "month", "year"]
    by: Literal["quad_class", "type"]
    dates: list[_dt.date] = Field(description="The first day of every bucket, from the first with a count to the last.")
    series: list[TimelineSeries]
    totals: list[int]


class Dyad(_Out):
    actor: str
    recipient: str
    count: int


class DyadNode(_Out):
    id: str
    count: int
    as_actor: int
    as_recipient: int


class DyadsOut(_Out):
    unit: Literal["mentions", "happenings"]
    dyads: list[Dyad]
    nodes: list[DyadNode]


class PointGeometry(_Out):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float] = Field(description="[longitude, latitude]")


class GeoProperties(_Out):
    id: int
    type: str
    quad_class: int
    date: _dt.date
    actor: Optional[str] = None
    recipient: Optional[str] = None
    location: Optional[str] = None
    place: Optional[str] = None
    country: Optional[str] = None
    precision: Optional[str] = None
    mentions: int
    sources: int
    articles: int
    first_event_id: str


class GeoFeature(_Out):
    type: Literal["Feature"] = "Feature"
    id: int
    geometry: PointGeometry
    properties: GeoProperties


class GeoOut(_Out):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    total: int = Field(description="Selected happenings that have coordinates.")
    truncated: bool = Field(description="Whether only the 'limit' most reported are given.")
    features: list[GeoFeature]


class Extent(_Out):
    first: Optional[_dt.date]
    last: Optional[_dt.date]


class MetaOut(_Out):
    version: str
    counts: dict[str, int]
    extent: dict[str, Extent]
    types: list[str]
    quad_classes: dict[str, str]
    modalities: list[str]
    sorts: dict[str, list[str]]
    limits: dict[str, int]
    ingest: bool = Field(description="Whether POST /api/ingest is on.")


class IngestIn(BaseModel):
    """A text to code, or a URL to fetch and code; the metadata given wins over the page's."""

    model_config = ConfigDict(extra="forbid")

    text: Optional[str] = Field(None, description="The article text (plain text).", min_length=1)
    url: Optional[str] = Field(None, description="An http(s) URL to fetch (public addresses only).", max_length=2048)
    title: Optional[str] = Field(None, max_length=1000)
    publisher: Optional[str] = Field(None, max_length=300)
    published: Optional[_dt.date] = None
    source_url: Optional[str] = Field(None, max_length=2048, description="The article's URL, for a text.")


class IngestOutcome(_Out):
    status: str = Field(description="coded, duplicate, skipped or failed.")
    article_id: Optional[str] = None
    origin: Optional[str] = None
    reason: Optional[str] = None
    stage: Optional[str] = None
    duplicate_of: Optional[str] = None
    events: list[str] = Field(description="Store ids of the events coded.")


class IngestOut(_Out):
    outcomes: list[IngestOutcome]
    stored: dict[str, int] = Field(description="The store's write report (added, present, events, happenings, ...).")
