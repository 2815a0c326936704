"""PLOVER JSON Lines: one POLECAT-style record per coded event.

A record names who did what to whom, when and where, in PLOVER terms (event,
mode, context), with its CAMEO code, its modality, the words that state each
part (character spans into the article) and the article it comes from.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any, BinaryIO, Iterable

__all__ = ["record", "write_jsonl"]


def _span(start: Any, end: Any) -> list[int] | None:
    return None if start is None or end is None else [int(start), int(end)]


def _iso(value: _dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _actor(a: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": a["name"],
        "country": a["country"],
        "sectors": list(a["sectors"] or ()),
        "code": a["code"],
        "kind": a["kind"],
        "title": a["title"],
        "aliases": list(a["aliases"] or ()),
        "text": a["text"],
        "span": _span(a["span_start"], a["span_end"]),
        "resolved_from": _span(a["resolved_from_start"], a["resolved_from_end"]),
    }


def record(row: dict[str, Any]) -> dict[str, Any]:
    """The PLOVER record of one row of the store's ``events`` table."""
    actors = [_actor(a) for a in row["actors"]]
    recipients = [_actor(a) for a in row["recipients"]]
    date = None
    if row["date_precision"] is not None:
        date = {
            "start": _iso(row["date_start"]),
            "end": _iso(row["date_end"]),
            "precision": row["date_precision"],
            "text": row["date_text"],
            "span": _span(row["date_span_start"], row["date_span_end"]),
        }
    location = None
    if row["location_text"] is not None:
        location = {
            "text": row["location_text"],
            "span": _span(row["location_span_start"], row["location_span_end"]),
            "name": row["location_name"],
            "lat": row["location_lat"],
            "lon": row["location_lon"],
            "country": row["location_country"],
            "adm1": row["location_adm1"],
            "precision": row["location_precision"],
            "source": row["location_source"],
        }
    attribution = None
    if row["attribution_text"] is not None:
        attribution = {
            "text": row["attribution_text"],
            "span": _span(row["attribution_start"], row["attribution_end"]),
            "verb": row["attribution_verb"],
            "actor": json.loads(row["attribution_actor"]) if row["attribution_actor"] else None,
        }
    return {
        "id": row["event_id"],
        "local_id": row["local_id"],
        "seq": row["seq"],
        "date": _iso(row["event_date"]),
        "date_range": date,
        "event": row["type"],
        "mode": row["mode"],
        "context": list(row["contexts"] or ()),
        "cameo": row["cameo"],
        "quad_class": row["quad_class"],
        "intensity": row["intensity"],
        "modality": row["modality"],
        "modality_cue": _span(row["modality_cue_start"], row["modality_cue_end"]),
        "confidence": row["confidence"],
        "actor": actors[0] if actors else None,
        "recipient": recipients[0] if recipients else None,
        "actors": actors,
        "recipients": recipients,
        "location": location,
        "attribution": attribution,
        "text": {
            "trigger": {"text": row["trigger_text"], "span": [row["trigger_start"], row["trigger_end"]]},
            "sentence": {
                "index": row["sentence"],
                "text": row["sentence_text"],
                "span": _span(row["evidence_start"], row["evidence_end"]),
                "coded_span": _span(row["sentence_start"], row["sentence_end"]),
            },
            "block": row["source"],
        },
        "source": {
            "article_id": row["article_id"],
            "title": row["title"],
            "publisher": row["publisher"],
            "url": row["url"],
            "published": _iso(row["published"]),
        },
        "happening": (
            {"id": row["happening_id"], "status": row["merge_status"], "reasons": row["merge_reasons"]}
            if row["happening_id"] is not None
            else None
        ),
        "merge": {"status": row["merge_status"], "reasons": row["merge_reasons"]},
    }


def write_jsonl(rows: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    n = 0
    for row in rows:
        out.write((json.dumps(record(row), ensure_ascii=False) + "\n").encode("utf-8"))
        n += 1
    return n
