"""The endpoints under ``/api`` (documented in ``docs/api.md`` and the OpenAPI schema)."""

from __future__ import annotations

import datetime as _dt
import hmac
from typing import Annotated, Any, Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ValidationError

from dotterel.api import _queries
from dotterel.api._app import ApiState
from dotterel.api._convert import QUAD_CLASSES, article_out, event_out, happening_out, mention_out
from dotterel.api._errors import ApiError, ApiErrors
from dotterel.api._models import (
    ActorsOut,
    ArticleOut,
    DyadsOut,
    ErrorResponse,
    EventDetailOut,
    EventPage,
    GeoOut,
    IngestIn,
    IngestOut,
    MetaOut,
    TimelineOut,
)
from dotterel.errors import Errors, InputError
from dotterel.records import PLOVER_TYPES, Modality
from dotterel.store import HAPPENING_SORTS, MENTION_SORTS, EventFilter

__all__ = ["router", "MAX_FILTER_CHARS"]

#: The longest filter value (actor, text, ...) accepted.
MAX_FILTER_CHARS = 200

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "A parameter is invalid (E503, or the store's E210-E215)."},
    503: {"model": ErrorResponse, "description": "The store cannot be opened or is busy (E508, E509, E201, E203)."},
    500: {"model": ErrorResponse, "description": "An unexpected error (E500)."},
}
_NOT_FOUND = {404: {"model": ErrorResponse, "description": "No such event, happening or article (E216, E217)."}}

router = APIRouter(prefix="/api", responses=_ERRORS)


def _json(model: type[BaseModel], data: dict[str, Any]) -> Response:
    """``data`` checked against its documented model and written as JSON (faster than
    FastAPI's generic encoder for the big answers)."""
    return Response(model.model_validate(data).model_dump_json(), media_type="application/json")


def _state(request: Request) -> ApiState:
    return request.app.state.dotterel  # type: ignore[no-any-return]


def _date(value: str | None) -> _dt.date | None:
    """A YYYY-MM-DD parameter (E007 otherwise, as on the command line)."""
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(Errors.E007, value=value) from None


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def event_filter(
    type: Annotated[
        list[str],
        Query(description=f"PLOVER type; repeat or separate by commas. One of: {', '.join(PLOVER_TYPES)}."),
    ] = [],  # noqa: B006 - FastAPI copies defaults
    actor: Annotated[
        Optional[str], Query(max_length=MAX_FILTER_CHARS, description="Who acts: country code (ISR), actor code, name or alias, or one word of a name.")
    ] = None,
    recipient: Annotated[Optional[str], Query(max_length=MAX_FILTER_CHARS, description="Whom it is done to (as actor).")] = None,
    party: Annotated[Optional[str], Query(max_length=MAX_FILTER_CHARS, description="Either side (as actor).")] = None,
    since: Annotated[Optional[str], Query(max_length=10, description="Event date on or after (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], Query(max_length=10, description="Event date on or before (YYYY-MM-DD).")] = None,
    modality: Annotated[
        list[str],
        Query(description=f"Modality; repeat or separate by commas. One of: {', '.join(m.value for m in Modality)}."),
    ] = [],  # noqa: B006
    text: Annotated[Optional[str], Query(max_length=MAX_FILTER_CHARS, description="Words in the evidence sentence, the trigger or the title.")] = None,
    article: Annotated[Optional[str], Query(max_length=MAX_FILTER_CHARS, description="One article's events.")] = None,
    happening: Annotated[Optional[int], Query(ge=0, le=2**62, description="One happening's mentions.")] = None,
    unit: Annotated[
        Literal["mentions", "happenings"],
        Query(description="'mentions' (every coded event, as `dotterel events`) or 'happenings' (merged, as `--happenings`)."),
    ] = "mentions",
) -> EventFilter:
    """The filters of ``dotterel events`` as query parameters."""
    for name, values in (("type", type), ("modality", modality)):
        if len(values) > 32 or any(len(v) > 200 for v in values):
            raise ApiError(ApiErrors.E503, where="query", name=name, reason="too many or too long values")
    return EventFilter(
        types=_split(type),
        actor=actor,
        recipient=recipient,
        party=party,
        since=_date(since),
        until=_date(until),
        modality=_split(modality),
        text=text,
        article_id=article,
        happening_id=happening,
        unit=unit,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]
State = Annotated[ApiState, Depends(_state)]


@router.get("/meta", response_model=MetaOut, summary="What the store holds and what the API accepts")
def meta(state: State) -> Response:
    from dotterel import __version__

    with state.pool.slot() as slot:
        counts = slot.store.counts()
        ext = _queries.extent(slot.con)
    return _json(MetaOut, {
        "version": __version__,
        "counts": {k: counts[k] for k in ("articles", "events", "happenings", "failures")},
        "extent": {unit: {"first": first, "last": last} for unit, (first, last) in ext.items()},
        "types": list(PLOVER_TYPES),
        "quad_classes": QUAD_CLASSES,
        "modalities": [m.value for m in Modality],
        "sorts": {"mentions": list(MENTION_SORTS), "happenings": list(HAPPENING_SORTS)},
        "limits": state.limits.as_dict(),
        "ingest": state.ingest_enabled,
    })


@router.get("/events", response_model=EventPage, summary="Events or happenings that match filters, a page at a time")
def events(
    state: State,
    f: Filter,
    sort: Annotated[
        str,
        Query(max_length=16, description=f"Order; '-' reverses. Mentions: {', '.join(MENTION_SORTS)}; happenings: {', '.join(HAPPENING_SORTS)}."),
    ] = "date",
    limit: Annotated[int, Query(ge=1, description="Page size (at most the server's page limit, 500 by default).")] = 50,
    offset: Annotated[int, Query(ge=0, description="Skip this many first (at most 100,000 by default).")] = 0,
) -> Response:
    limits = state.limits
    if limit > limits.page:
        raise ApiError(ApiErrors.E503, where="query", name="limit", reason=f"at most {limits.page}")
    if offset > limits.offset:
        raise ApiError(ApiErrors.E503, where="query", name="offset", reason=f"at most {limits.offset:,}; narrow the filters instead")
    f = f.replace(sort=sort, limit=limit, offset=offset)
    with state.pool.slot() as slot:
        rows = slot.store.events(f)
        total = _queries.count(slot.con, f)
    convert = happening_out if f.unit == "happenings" else event_out
    return _json(EventPage, {"unit": f.unit, "total": total, "limit": limit, "offset": offset, "sort": sort, "items": [convert(r) for r in rows]})


@router.get(
    "/events/{event_id:path}",
    response_model=EventDetailOut,
    responses=_NOT_FOUND,
    summary="One event or happening, every mention and the words that support each field",
)
def event_detail(
    state: State,
    event_id: Annotated[str, Path(max_length=500, description="An event id ('<article id>:<event id>') or a happening number (42 or h42).")],
) -> Response:
    with state.pool.slot() as slot:
        detail = slot.store.event(event_id)
    return _json(EventDetailOut, {
        "happening": happening_out(detail.happening) if detail.happening is not None else None,
        "focus": detail.focus,
        "mentions": [mention_out(m) for m in detail.mentions],
    })


@router.get(
    "/articles/{article_id:path}",
    response_model=ArticleOut,
    responses=_NOT_FOUND,
    summary="An article's text with the spans of its actors, triggers, places, dates and quotes",
)
def article(
    state: State,
    article_id: Annotated[str, Path(max_length=500, description="The article id.")],
) -> Response:
    with state.pool.slot() as slot:
        coded = slot.store.coded_article(article_id)
        stored = slot.store.events(article_id=article_id)
    return _json(ArticleOut, article_out(coded, stored))  # type: ignore[arg-type]


@router.get("/actors", response_model=ActorsOut, summary="Actors named by the selected events, most frequent first")
def actors(
    state: State,
    f: Filter,
    role: Annotated[Literal["any", "actor", "recipient"], Query(description="Count this side only.")] = "any",
    q: Annotated[Optional[str], Query(max_length=MAX_FILTER_CHARS, description="Keep names or codes that contain these words.")] = None,
    limit: Annotated[int, Query(ge=1, description="At most this many (500 by default).")] = 50,
) -> Response:
    if limit > state.limits.actors:
        raise ApiError(ApiErrors.E503, where="query", name="limit", reason=f"at most {state.limits.actors}")
    with state.pool.slot() as slot:
        rows = _queries.actors(slot.con, f, role=None if role == "any" else role, q=q, limit=limit)
    return _json(ActorsOut, {"actors": rows})


@router.get("/stats/timeline", response_model=TimelineOut, summary="Counts per day, week, month or year, by quad class or type")
def stats_timeline(
    state: State,
    f: Filter,
    bucket: Annotated[
        Literal["auto", "day", "week", "month", "year"],
        Query(description="Bucket size; weeks start on Monday. 'auto' fits the store's whole time span: days up to 180 days, weeks up to 3 years, months up to 30 years, else years."),
    ] = "week",
    by: Annotated[Literal["quad_class", "type"], Query(description="What each series counts.")] = "quad_class",
) -> Response:
    with state.pool.slot() as slot:
        if bucket == "auto":
            bucket = _queries.auto_bucket(*_queries.extent(slot.con)[f.unit])
        tl = _queries.timeline(slot.con, f, bucket=bucket, by=by)
    first, last = tl.first, tl.last
    if first is None or last is None:
        return _json(TimelineOut, {"unit": f.unit, "bucket": bucket, "by": by, "dates": [], "series": [], "totals": []})
    n = _queries.bucket_count(first, last, bucket)
    if n > _queries.MAX_BUCKETS:
        raise ApiError(ApiErrors.E512, count=n, bucket=bucket, limit=_queries.MAX_BUCKETS)
    dates = _queries.bucket_starts(first, last, bucket)
    index = {d: i for i, d in enumerate(dates)}
    if by == "quad_class":
        keys = list(QUAD_CLASSES)
        labels = QUAD_CLASSES
    else:
        present = {k for _, k, _ in tl.cells}
        keys = [t for t in PLOVER_TYPES if t in present]
        labels = {t: t for t in keys}
    counts = {k: [0] * len(dates) for k in keys}
    totals = [0] * len(dates)
    for day, key, number in tl.cells:
        if key in counts:
            counts[key][index[day]] += number
            totals[index[day]] += number
    return _json(TimelineOut, {
        "unit": f.unit,
        "bucket": bucket,
        "by": by,
        "dates": dates,
        "series": [{"key": k, "label": labels[k], "counts": counts[k]} for k in keys],
        "totals": totals,
    })


@router.get("/stats/dyads", response_model=DyadsOut, summary="Who acts on whom: the commonest actor-recipient pairs")
def stats_dyads(
    state: State,
    f: Filter,
    limit: Annotated[int, Query(ge=1, description="At most this many pairs (500 by default).")] = 50,
) -> Response:
    if limit > state.limits.dyads:
        raise ApiError(ApiErrors.E503, where="query", name="limit", reason=f"at most {state.limits.dyads}")
    with state.pool.slot() as slot:
        rows = _queries.dyads(slot.con, f, limit=limit, fast=slot.fast)
    nodes: dict[str, dict[str, Any]] = {}
    for a, r, n in rows:
        for key, side in ((a, "as_actor"), (r, "as_recipient")):
            node = nodes.setdefault(key, {"id": key, "count": 0, "as_actor": 0, "as_recipient": 0})
            node["count"] += n
            node[side] += n
    return _json(DyadsOut, {
        "unit": f.unit,
        "dyads": [{"actor": a, "recipient": r, "count": n} for a, r, n in rows],
        "nodes": sorted(nodes.values(), key=lambda x: (-x["count"], x["id"])),
    })


@router.get("/geo", response_model=GeoOut, summary="GeoJSON of the selected happenings that have coordinates")
def geo(
    state: State,
    f: Filter,
    limit: Annotated[int, Query(ge=1, description="At most this many, the most reported first (5,000 by default).")] = 1000,
) -> Response:
    if limit > state.limits.geo:
        raise ApiError(ApiErrors.E503, where="query", name="limit", reason=f"at most {state.limits.geo}")
    with state.pool.slot() as slot:
        total, rows = _queries.geo(slot.con, f, limit=limit, fast=slot.fast)
    features = []
    for row in rows:
        lat, lon = row.pop("lat"), row.pop("lon")
        features.append({"type": "Feature", "id": row["id"], "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": row})
    return _json(GeoOut, {"type": "FeatureCollection", "total": total, "truncated": total > len(features), "features": features})


_INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": IngestIn.model_json_schema()}},
    }
}


@router.post(
    "/ingest",
    response_model=IngestOut,
    summary="Code a text or a fetched URL into the store (needs the operator's bearer token)",
    openapi_extra=_INGEST_BODY,
    responses={
        401: {"model": ErrorResponse, "description": "No token, or the wrong one (E506)."},
        403: {"model": ErrorResponse, "description": "Ingestion is off: the server has no token (E505)."},
        413: {"model": ErrorResponse, "description": "The body is too large (E504)."},
        415: {"model": ErrorResponse, "description": "The body is not JSON (E510)."},
        422: {"model": ErrorResponse, "description": "The body is invalid (E507) or the document could not be coded (E513)."},
    },
)
async def ingest(request: Request) -> Response:
    state = _state(request)
    _authorise(state, request)
    content_type = request.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != "application/json":
        raise ApiError(ApiErrors.E510, content_type=content_type[:100])
    body = await request.body()
    try:
        given = IngestIn.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid JSON"}
        where = ".".join(str(p) for p in first.get("loc", ())) or "body"
        raise ApiError(ApiErrors.E507, reason=f"{where}: {str(first.get('msg', 'invalid')).rstrip('.')}") from None
    if (given.text is None) == (given.url is None):
        raise ApiError(ApiErrors.E507, reason="give exactly one of 'text' and 'url'")
    if given.url is not None and not given.url.lower().startswith(("http://", "https://")):
        raise ApiError(ApiErrors.E507, reason="'url' must be an absolute http(s) URL")
    from dotterel.api._ingest import run_ingest

    return _json(IngestOut, await run_in_threadpool(run_ingest, state, given))


def _authorise(state: ApiState, request: Request) -> None:
    if not state.ingest_enabled or state.ingest_token is None:
        raise ApiError(ApiErrors.E505)
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), state.ingest_token.encode())
    if not ok:
        raise ApiError(ApiErrors.E506, headers={"WWW-Authenticate": 'Bearer realm="dotterel"'})
