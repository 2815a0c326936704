"""Load and validate gold files (the format is described in ``FORMAT.md``).

A gold file is JSON Lines, one article per line; a file whose first non-blank
line is not a whole JSON object is read as one (pretty-printed) JSON object
instead, like ``seed/gallant-austin.gold.json``. Blank lines are skipped.

Validation is strict where a mistake would silently change scores: types must
be PLOVER types, dates ``YYYY-MM-DD`` or ``YYYY-MM-DD..YYYY-MM-DD`` with start <=
end, coordinates come with ``km``, and ``actor``/``recipient`` must be lists.
Keys the format does not define are ignored (gold files from elsewhere carry
notes and extra fields), and a repeated article id is made unique by adding
``#line<N>`` so that the two articles are scored apart. Every problem
raises :class:`~dotterel.errors.InputError` with code E008, naming the file,
the line (for a pretty-printed file, the line where the object starts, or the
line of a JSON syntax error) and the field (``events[2].date``).

Defaults where the format leaves a key out: ``asserted`` and ``must`` are true,
``symmetric`` false, ``types_ok`` empty; ``actor`` and ``recipient`` are
required in every event (``[]`` is the explicit "anything matches"). A quote's
``speaker`` of ``[]`` accepts any speaker.
"""

from __future__ import annotations

import dataclasses

import datetime as _dt
import enum
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from dotterel.errors import Errors, InputError
from dotterel.records import PLOVER_TYPES

__all__ = [
    "EvalErrors",
    "GoldLocation",
    "GoldEvent",
    "GoldQuote",
    "GoldCount",
    "GoldArticle",
    "load_gold",
    "parse_gold",
    "gold_from_dict",
    "select_gold",
]


class EvalErrors(str, enum.Enum):
    """Errors of the evaluator (codes E300-E349); format them like :class:`Errors`."""

    E300 = "No article in the gold file {path} has the id(s) {ids}. Ids there look like {example!r}."

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(*args, **kwargs)


@dataclass(frozen=True, slots=True)
class GoldLocation:
    """Where a gold event happened; scored only when ``lat`` and ``lon`` are given."""

    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    km: float | None = None

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One event a careful coder finds (or, with ``asserted=False``, must not find)."""

    type: str
    actor: tuple[str, ...]
    recipient: tuple[str, ...]
    types_ok: tuple[str, ...] = ()
    symmetric: bool = False
    date: tuple[_dt.date, _dt.date] | None = None  # inclusive range; None = not scored
    location: GoldLocation | None = None
    asserted: bool = True
    must: bool = True
    evidence: str | None = None
    actor_sectors: tuple[str, ...] = ()
    recipient_sectors: tuple[str, ...] = ()
    mode: str | None = None
    note: str | None = None
    index: int = 0  # position in the article's ``events``

    @property
    def allowed_types(self) -> frozenset[str]:
        return frozenset((self.type, *self.types_ok))

    @property
    def date_text(self) -> str | None:
        if self.date is None:
            return None
        start, end = self.date
        return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A quotation: the words it starts with and who may be named as its speaker."""

    starts: str
    speaker: tuple[str, ...] = ()
    must: bool = True


@dataclass(frozen=True, slots=True)
class GoldCount:
    """A number the article reports."""

    number: int
    about: str | None = None
    must: bool = True


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One line of a gold file: the input article and its gold coding."""

    id: str
    text: str
    events: tuple[GoldEvent, ...] = ()
    quotes: tuple[GoldQuote, ...] = ()
    counts: tuple[GoldCount, ...] = ()
    entities: tuple[tuple[str, str], ...] = ()  # (text, kind)
    published: _dt.date | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    line: int = 0
    origin: str | None = None  # "path:line"

    @property
    def must_events(self) -> tuple[GoldEvent, ...]:
        """The events recall is computed over: ``must`` and ``asserted``."""
        return tuple(e for e in self.events if e.must and e.asserted)

    @property
    def traps(self) -> tuple[GoldEvent, ...]:
        """The events that must not come out as real (``asserted: false``)."""
        return tuple(e for e in self.events if not e.asserted)


# -- validation ----------------------------------------------------------------

_ARTICLE_KEYS = frozenset(
    {"id", "published", "publisher", "title", "url", "language", "text", "events", "quotes", "counts",
     "entities", "not", "coreference", "note"}
)
_EVENT_KEYS = frozenset(
    {"type", "types_ok", "actor", "recipient", "symmetric", "date", "location", "asserted", "must",
     "evidence", "actor_sectors", "recipient_sectors", "mode", "note"}
)
_LOCATION_KEYS = frozenset({"name", "lat", "lon", "km"})
_QUOTE_KEYS = frozenset({"starts", "speaker", "must"})
_COUNT_KEYS = frozenset({"number", "about", "must"})
_ENTITY_KEYS = frozenset({"text", "kind"})
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Bad(Exception):
    """A validation problem at a field path; turned into E008 with the line."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}" if where else reason)


def _at(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def _object(value: Any, where: str, known: frozenset[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(where, f"expected a JSON object, got {_kind(value)}")
    # Keys the format does not define are ignored: gold files from elsewhere carry notes
    # and extra fields ("source", "coder", ...), and FORMAT.md makes most keys optional.
    return {k: v for k, v in value.items() if k in known}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _string(data: dict[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise _Bad(_at(where, key), "missing" if key not in data else "must not be null")
        return None
    if not isinstance(value, str):
        raise _Bad(_at(where, key), f"expected a string, got {_kind(value)}")
    if required and not value.strip():
        raise _Bad(_at(where, key), "must not be empty")
    return value


def _bool(data: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise _Bad(_at(where, key), f"expected true or false, got {_kind(value)}")
    return value


def _strings(data: dict[str, Any], key: str, where: str, *, required: bool = False) -> tuple[str, ...]:
    if key not in data:
        if required:
            raise _Bad(_at(where, key), "missing (give [] for 'anything matches')")
        return ()
    value = data[key]
    if not isinstance(value, list):
        raise _Bad(_at(where, key), f"expected a list of strings, got {_kind(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise _Bad(_at(_at(where, key), i), "expected a non-empty string")
    return tuple(value)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Bad(where, f"expected a number, got {_kind(value)}")
    return float(value)


def _type(value: Any, where: str) -> str:
    if not isinstance(value, str) or value not in PLOVER_TYPES:
        raise _Bad(where, f"{value!r} is not a PLOVER type ({', '.join(PLOVER_TYPES)})")
    return value


def _day(text: str, where: str) -> _dt.date:
    if not _DAY.fullmatch(text):
        raise _Bad(where, f"{text!r} is not a day (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)")
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise _Bad(where, f"{text!r} is not a real day") from None


def _date_range(value: Any, where: str) -> tuple[_dt.date, _dt.date] | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Bad(where, f"expected a date string or null, got {_kind(value)}")
    first, sep, last = value.strip().partition("..")
    start = _day(first.strip(), where)
    end = _day(last.strip(), where) if sep else start
    if end < start:
        raise _Bad(where, f"the range {value!r} ends before it starts")
    return start, end


def _location(value: Any, where: str) -> GoldLocation | None:
    if value is None:
        return None
    data = _object(value, where, _LOCATION_KEYS)
    name = _string(data, "name", where)
    lat = None if data.get("lat") is None else _number(data["lat"], _at(where, "lat"))
    lon = None if data.get("lon") is None else _number(data["lon"], _at(where, "lon"))
    km = None if data.get("km") is None else _number(data["km"], _at(where, "km"))
    if (lat is None) != (lon is None):
        raise _Bad(where, "give both 'lat' and 'lon', or neither")
    if lat is not None and not -90.0 <= lat <= 90.0:
        raise _Bad(_at(where, "lat"), f"{lat} is outside -90..90")
    if lon is not None and not -180.0 <= lon <= 180.0:
        raise _Bad(_at(where, "lon"), f"{lon} is outside -180..180")
    if lat is not None and km is None:
        raise _Bad(where, "coordinates need 'km', the distance within which a coded place matches")
    if km is not None and km <= 0:
        raise _Bad(_at(where, "km"), "must be greater than 0")
    return GoldLocation(name=name, lat=lat, lon=lon, km=km)


def _event(value: Any, where: str, index: int) -> GoldEvent:
    data = _object(value, where, _EVENT_KEYS)
    if "type" not in data:
        raise _Bad(_at(where, "type"), "missing")
    kind = _type(data["type"], _at(where, "type"))
    types_ok = _strings(data, "types_ok", where)
    for i, other in enumerate(types_ok):
        _type(other, _at(_at(where, "types_ok"), i))
    return GoldEvent(
        type=kind,
        types_ok=types_ok,
        actor=_strings(data, "actor", where, required=True),
        recipient=_strings(data, "recipient", where, required=True),
        symmetric=_bool(data, "symmetric", where, False),
        date=_date_range(data.get("date"), _at(where, "date")),
        location=_location(data.get("location"), _at(where, "location")),
        asserted=_bool(data, "asserted", where, True),
        must=_bool(data, "must", where, True),
        evidence=_string(data, "evidence", where),
        actor_sectors=_strings(data, "actor_sectors", where),
        recipient_sectors=_strings(data, "recipient_sectors", where),
        mode=_string(data, "mode", where),
        note=_string(data, "note", where),
        index=index,
    )


def _quote(value: Any, where: str) -> GoldQuote:
    data = _object(value, where, _QUOTE_KEYS)
    starts = _string(data, "starts", where, required=True)
    assert starts is not None
    return GoldQuote(starts=starts, speaker=_strings(data, "speaker", where), must=_bool(data, "must", where, True))


def _count(value: Any, where: str) -> GoldCount:
    data = _object(value, where, _COUNT_KEYS)
    if "number" not in data:
        raise _Bad(_at(where, "number"), "missing")
    number = data["number"]
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise _Bad(_at(where, "number"), f"expected a whole number >= 0, got {number!r}")
    return GoldCount(number=number, about=_string(data, "about", where), must=_bool(data, "must", where, True))


def _entity(value: Any, where: str) -> tuple[str, str]:
    data = _object(value, where, _ENTITY_KEYS)
    text = _string(data, "text", where, required=True)
    kind = _string(data, "kind", where, required=True)
    assert text is not None and kind is not None
    return text, kind


def _list(data: dict[str, Any], key: str, *, required: bool = False) -> list[Any]:
    if key not in data:
        if required:
            raise _Bad(key, "missing (give [] when the article has none)")
        return []
    value = data[key]
    if not isinstance(value, list):
        raise _Bad(key, f"expected a list, got {_kind(value)}")
    return value


def _article(value: Any, *, line: int, origin: str | None) -> GoldArticle:
    data = _object(value, "", _ARTICLE_KEYS)
    ident = _string(data, "id", "", required=True)
    text = _string(data, "text", "", required=True)
    assert ident is not None and text is not None
    published_text = _string(data, "published", "")
    published = None if published_text is None else _day(published_text[:10], "published")
    if "not" in data and not isinstance(data["not"], dict):
        raise _Bad("not", f"expected a JSON object, got {_kind(data['not'])}")
    if "coreference" in data and not isinstance(data["coreference"], list):
        raise _Bad("coreference", f"expected a list, got {_kind(data['coreference'])}")
    return GoldArticle(
        id=ident,
        text=text,
        events=tuple(_event(v, _at("events", i), i) for i, v in enumerate(_list(data, "events", required=True))),
        quotes=tuple(_quote(v, _at("quotes", i)) for i, v in enumerate(_list(data, "quotes"))),
        counts=tuple(_count(v, _at("counts", i)) for i, v in enumerate(_list(data, "counts"))),
        entities=tuple(_entity(v, _at("entities", i)) for i, v in enumerate(_list(data, "entities"))),
        published=published,
        publisher=_string(data, "publisher", ""),
        title=_string(data, "title", ""),
        url=_string(data, "url", ""),
        line=line,
        origin=origin,
    )


# -- reading ---------------------------------------------------------------------


def gold_from_dict(data: Any, *, path: str = "<gold>", line: int = 1) -> GoldArticle:
    """Validate one decoded gold object; a problem raises E008 naming ``path`` and ``line``."""
    try:
        return _article(data, line=line, origin=f"{path}:{line}")
    except _Bad as exc:
        raise InputError(Errors.E008, path=path, line=line, reason=str(exc)) from None


def parse_gold(text: str, *, path: str = "<gold>") -> tuple[GoldArticle, ...]:
    """Parse the text of a gold file (JSON Lines, or one pretty-printed JSON object)."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise InputError(Errors.E008, path=path, line=1, reason="the file holds no articles")
    if not _is_json_line(lines[first]):
        return (_parse_document(text, path=path, line=first + 1),)
    articles: list[GoldArticle] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                Errors.E008, path=path, line=number, reason=f"not JSON ({exc.msg} at column {exc.colno})"
            ) from None
        article = gold_from_dict(data, path=path, line=number)
        if article.id in seen:
            # a repeated id (the PLOVER records have one) must not merge two articles
            article = dataclasses.replace(article, id=f"{article.id}#line{number}")
        seen[article.id] = number
        articles.append(article)
    return tuple(articles)


def _is_json_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped.startswith("{"):
        return False
    try:
        json.loads(stripped)
    except json.JSONDecodeError:
        return False
    return True


def _parse_document(text: str, *, path: str, line: int) -> GoldArticle:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            Errors.E008, path=path, line=exc.lineno,
            reason=f"not JSON Lines nor one JSON object ({exc.msg} at column {exc.colno})",
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            Errors.E008, path=path, line=line,
            reason=f"expected one JSON object per line, or a single JSON object; got {_kind(data)}",
        )
    return gold_from_dict(data, path=path, line=line)


def load_gold(path: str | os.PathLike[str]) -> tuple[GoldArticle, ...]:
    """Read and validate a gold file; E003 when it cannot be read, E008 when a line is bad."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(Errors.E003, path=str(file), reason=reason) from None
    return parse_gold(text, path=str(file))


def select_gold(
    articles: Sequence[GoldArticle], ids: Iterable[str], *, path: str = "<gold>"
) -> tuple[GoldArticle, ...]:
    """The articles whose ids are in ``ids``, in file order; an unknown id raises E300."""
    wanted = [i for i in dict.fromkeys(ids) if i]
    if not wanted:
        return tuple(articles)
    known = {a.id for a in articles}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        example = articles[0].id if articles else ""
        # DotterelError reads only the code name and format() of the enum it is given.
        raise InputError(EvalErrors.E300, path=path, ids=", ".join(unknown), example=example)  # type: ignore[arg-type]
    keep = set(wanted)
    return tuple(a for a in articles if a.id in keep)

