"""``POST /api/ingest``: read, screen and code one text or URL, then store it.

The document goes through :func:`dotterel.ingest.ingest` like any other source
(language and duplicate checks; a URL is fetched politely, public addresses
only), then :meth:`Store.write` stores it, one write at a time.
"""

from __future__ import annotations

from typing import Any

from dotterel.api._app import ApiState
from dotterel.api._errors import ApiError, ApiErrors
from dotterel.api._models import IngestIn
from dotterel.errors import DotterelError

__all__ = ["run_ingest"]


def run_ingest(state: ApiState, given: IngestIn) -> dict[str, Any]:
    """Code ``given`` and store the outcome; the JSON of :class:`IngestOut`."""
    from dotterel.ingest import IngestOptions, ReadOptions, Source, UserMetadata, ingest

    metadata = UserMetadata(
        title=given.title,
        publisher=given.publisher,
        url=given.source_url if given.text is not None else None,
        published=given.published,
    )
    if given.text is not None:
        sources: list[Any] = [
            Source.from_bytes(given.text.encode("utf-8"), name="api:text", url=given.source_url, content_type="text/plain")
        ]
        read = ReadOptions(reader="text")
    else:
        sources = [given.url]
        read = ReadOptions()
    try:
        run = ingest(
            sources,
            coder=state.coder(),
            options=IngestOptions(read=read, metadata=metadata),
            fetcher=state.fetcher,
            detector=state.detector,
        )
        outcomes = list(run)
    except DotterelError:
        raise
    except Exception as exc:  # noqa: BLE001 - the coder or a reader failed unexpectedly
        raise ApiError(ApiErrors.E513, reason=f"{type(exc).__name__}: {exc}".splitlines()[0][:300]) from exc
    with state.pool.write_lock, state.pool.slot() as slot:
        report = slot.store.write(outcomes)
    state.pool.bump()
    out = []
    for o in outcomes:
        article = o.article or (o.coded.article if o.coded is not None else None)
        events = [f"{o.coded.article.id}:{e.id}" for e in o.coded.events] if o.coded is not None else []
        out.append(
            {
                "status": o.status,
                "article_id": article.id if article is not None else None,
                "origin": o.origin,
                "reason": o.reason,
                "stage": o.stage,
                "duplicate_of": o.duplicate_of,
                "events": events,
            }
        )
    return {"outcomes": out, "stored": report.as_dict()}
