"""The core records of dotterel.

Every record is a frozen, slotted dataclass. Every span is a pair of character
offsets ``[start, end)`` into the text of the record's article, so evidence can
be shown anywhere downstream. Records serialise to plain JSON (see
``docs/schema.md``; the version is :data:`SCHEMA_VERSION`) and back without loss.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

__all__ = [
    "SCHEMA_VERSION",
    "PLOVER_TYPES",
    "Span",
    "Article",
    "Actor",
    "DateRange",
    "Location",
    "Attribution",
    "Modality",
    "Event",
    "Quote",
    "Count",
    "Entity",
    "Block",
    "CodedArticle",
    "Outcome",
    "text_hash",
    "article_id_for",
]

#: Version of the JSON schema written by :meth:`CodedArticle.to_json`.
SCHEMA_VERSION = "1.0"

#: The 16 PLOVER 2 event types.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "CONCEDE",
)


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Character offsets ``[start, end)`` into an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def of(self, text: str) -> str:
        """The words of ``text`` that this span covers."""
        return text[self.start : self.end]

    def to_list(self) -> list[int]:
        return [self.start, self.end]

    @classmethod
    def from_list(cls, value: Iterable[int]) -> "Span":
        start, end = value
        return cls(int(start), int(end))

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Text normalised for hashing: NFKC, lower case, collapsed white space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def text_hash(text: str) -> str:
    """The sha256 of the normalised text: two copies of one article hash alike."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def article_id_for(text: str) -> str:
    """A stable article id derived from the normalised text."""
    return "a-" + text_hash(text)[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One input document: its text and what is known about it."""

    text: str
    id: str = ""
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: _dt.date | None = None
    language: str | None = None
    authors: tuple[str, ...] = ()
    origin: str | None = None  # where it was read from: file, line, URL, WARC offset

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError("Article.text must be a str")
        if not self.id:
            object.__setattr__(self, "id", article_id_for(self.text))
        if isinstance(self.published, _dt.datetime):
            object.__setattr__(self, "published", self.published.date())
        if isinstance(self.authors, list):
            object.__setattr__(self, "authors", tuple(self.authors))

    @property
    def text_hash(self) -> str:
        return text_hash(self.text)

    def with_(self, **changes: Any) -> "Article":
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts or is acted upon, as coded from the words that name them."""

    text: str  # the words used
    span: Span  # where they are
    name: str  # canonical name ("Yoav Gallant", "HEZBOLLAH", "Israel")
    country: str | None = None  # ISO 3166-1 alpha-3, or IGO / NGO / IMG
    sectors: tuple[str, ...] = ()  # PLOVER/CAMEO sector codes: GOV, MIL, REB, ...
    kind: str = "organisation"  # "person" | "organisation" | "country" | "group"
    title: str | None = None  # office where stated ("Defense Minister")
    aliases: tuple[str, ...] = ()  # other names the actor is known by (HEZBOLLAH, IDF, ...)
    resolved_from: Span | None = None  # antecedent span when found by coreference

    @property
    def code(self) -> str:
        """The CAMEO-style actor code: country followed by sectors ("ISRGOVMIL")."""
        return (self.country or "---") + "".join(self.sectors)


class Modality(str, enum.Enum):
    """Whether the text says the event happened."""

    ASSERTED = "asserted"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    CONDITIONAL = "conditional"
    FUTURE = "future"  # future or planned
    DENIED = "denied"
    ALLEGED = "alleged"  # a claim inside an accusation ("accused X of attacking")

    @property
    def is_real(self) -> bool:
        return self is Modality.ASSERTED


@dataclass(frozen=True, slots=True)
class DateRange:
    """A resolved date: an inclusive range of days with a precision and its words."""

    start: _dt.date | None
    end: _dt.date | None
    precision: str  # "day" | "days" | "week" | "month" | "year" | "published" | "unknown"
    text: str = ""  # the raw words ("overnight Monday into Tuesday")
    span: Span | None = None  # where the words are (None when taken from metadata)

    def iso(self) -> str | None:
        if self.start is None:
            return None
        if self.end is None or self.end == self.start:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened: the words, and (once resolved) the place."""

    text: str
    span: Span | None = None
    name: str | None = None  # resolved place name
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    adm1: str | None = None
    precision: str | None = None  # "exact" | "city" | "adm1" | "country" | "region"
    source: str | None = None  # "event" | "sentence" | "dateline" | "focus"


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who reports an event ("Gallant's office", "the readout", "officials")."""

    text: str
    span: Span
    actor: Actor | None = None
    verb: str | None = None  # the reporting verb ("said", "according to")


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: who did what to whom, when, where, and the evidence."""

    id: str
    type: str  # PLOVER type, one of PLOVER_TYPES
    cameo: str  # CAMEO code as a string with leading zeros ("041")
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    intensity: float  # Goldstein-like, -10 .. +10
    trigger: Span  # the words that state the event
    trigger_text: str
    sentence: int  # index of the sentence in the article
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    recipients: tuple[Actor, ...] = ()
    date: DateRange | None = None
    location: Location | None = None
    modality: Modality = Modality.ASSERTED
    modality_cue: Span | None = None  # the words that set the modality ("in the event")
    attribution: Attribution | None = None
    confidence: float = 0.5
    sentence_span: Span | None = None
    source: str = "text"  # "text" | "caption" | "headline"

    def __post_init__(self) -> None:
        if self.type not in PLOVER_TYPES:
            raise ValueError(f"unknown PLOVER type {self.type!r}")
        if not -10.0 <= self.intensity <= 10.0:
            raise ValueError("intensity must lie in -10..+10")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation and who said it."""

    text: str
    span: Span
    speaker: Actor | None = None
    verb: str | None = None  # reporting verb ("said", "added", "according to")
    verb_span: Span | None = None
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class Count:
    """A number the article reports and what it counts."""

    number: int
    about: str  # killed | injured | evacuated | displaced | arrested | hostages | ...
    span: Span  # the words of the number ("at least 63,500")
    text: str
    qualifier: str | None = None  # "at least" | "about" | "more than" | ...
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class Entity:
    """A named mention: PERSON, ORG, PLACE, NORP, ..."""

    text: str
    span: Span
    kind: str


@dataclass(frozen=True, slots=True)
class Block:
    """A part of the article as laid out: headline, caption, byline, body, boilerplate."""

    role: str
    span: Span


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """An article and everything coded from it."""

    article: Article
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    counts: tuple[Count, ...] = ()
    entities: tuple[Entity, ...] = ()
    people: tuple[Actor, ...] = ()  # people the article introduces with an office ("Turkish Foreign Minister Hakan Fidan")
    sentences: tuple[Span, ...] = ()
    blocks: tuple[Block, ...] = ()
    warnings: tuple[str, ...] = ()
    schema_version: str = SCHEMA_VERSION

    @property
    def asserted_events(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.modality is Modality.ASSERTED)

    # -- JSON -----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return _to_jsonable(self)

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CodedArticle":
        version = data.get("schema_version", SCHEMA_VERSION)
        if str(version).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(f"unsupported schema version {version!r}")
        return _from_jsonable(cls, data)

    @classmethod
    def from_json(cls, text: str) -> "CodedArticle":
        return cls.from_dict(json.loads(text))


# -- (de)serialisation helpers -------------------------------------------------


def _to_jsonable(value: Any) -> Any:
    if isinstance(value, Span):
        return value.to_list()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {f.name: _to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_to_jsonable(v) for v in value]
    return value


_RECORD_FIELDS: dict[type, dict[str, Any]] = {}


def _field_types(cls: type) -> dict[str, Any]:
    cached = _RECORD_FIELDS.get(cls)
    if cached is None:
        import typing

        cached = typing.get_type_hints(cls)
        _RECORD_FIELDS[cls] = cached
    return cached


def _convert(tp: Any, value: Any) -> Any:
    import types
    import typing

    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        args = typing.get_args(tp)
        inner = args[0] if args else Any
        return tuple(_convert(inner, v) for v in value)
    if tp is Span:
        return Span.from_list(value)
    if tp is _dt.date:
        return _dt.date.fromisoformat(str(value)[:10])
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _from_jsonable(tp, value)
    return value


def _from_jsonable(cls: type, data: dict[str, Any]) -> Any:
    hints = _field_types(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def record_from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Rebuild any record class from its JSON form."""
    return _from_jsonable(cls, data)


def record_to_dict(record: Any) -> Any:
    """The JSON form of any record."""
    return _to_jsonable(record)



@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input document: coded, skipped or failed, with the reason.

    ``status`` is ``"coded"``, ``"duplicate"``, ``"skipped"`` or ``"failed"``; a
    skipped or failed document carries a one-line ``reason`` and the ``stage``
    where it stopped, and its ``origin`` (file, line, URL, WARC offset).
    """

    status: str
    article: Article | None = None
    coded: CodedArticle | None = None
    reason: str | None = None
    stage: str | None = None
    origin: str | None = None
    duplicate_of: str | None = None
