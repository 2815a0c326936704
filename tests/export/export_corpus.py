"""Coded articles for the export tests: synthetic ones, the merge pairs and one
article that uses every field of every record."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from dotterel.records import Actor, Block, CodedArticle, Location, Span
from dotterel.store import _rows
from dotterel.store.testing import find, from_spec, make_coded, synthetic

PAIRS = Path(__file__).parents[1] / "fixtures" / "merge" / "pairs.jsonl"


def rich_article() -> CodedArticle:
    text = (
        "Gallant\u2019s office said Israeli forces struck Hezbollah in Khiam, southern Lebanon, overnight into Tuesday. "
        "He \u201creaffirmed\u201d the goal,\tthe office added. At least 63,500 Israelis were evacuated. "
        "Iran would attack Israel in the event of a strike."
    )
    coded = make_coded(
        text,
        published="2024-10-01",
        publisher="The Jewish\tPress",
        url="https://www.jewishpress.com/news/gallant-austin",
        title="Gallant, Austin \u201cCoordinate\u201d Next Moves",
        events=[
            {
                "type": "ASSAULT",
                "trigger": "struck",
                "actor": {"name": "Israel Defense Forces", "text": "Israeli forces", "country": "ISR", "sectors": ["MIL"], "aliases": ["IDF", "Israeli army"]},
                "recipient": [
                    {"name": "Hezbollah", "country": "LBN", "sectors": ["REB"], "kind": "group"},
                    {"name": "Lebanon", "text": "southern Lebanon", "country": "LBN", "kind": "country"},
                ],
                "date": {"value": "2024-09-30..2024-10-01", "text": "overnight into Tuesday", "precision": "days"},
                "mode": "ground",
                "contexts": ["military", "terrorism"],
                "attribution": "Gallant\u2019s office said",
                "attribution_actor": {"name": "Yoav Gallant", "text": "Gallant", "country": "ISR", "sectors": ["GOV", "MIL"], "kind": "person", "title": "Defense Minister"},
                "confidence": 0.91,
                "source": "text",
            },
            {
                "type": "ASSAULT",
                "trigger": "would attack",
                "actor": {"name": "Iran", "country": "IRN", "kind": "country"},
                "recipient": {"name": "Israel", "country": "ISR", "kind": "country", "text": "Israel"},
                "modality": "conditional",
                "modality_cue": "in the event of",
                "sentence_span": True,
            },
        ],
        quotes=[{"text": "\u201creaffirmed\u201d", "verb": "added", "speaker": {"name": "Yoav Gallant", "text": "He", "country": "ISR", "kind": "person"}}],
        counts=[{"number": 63500, "about": "evacuated", "text": "At least 63,500", "qualifier": "at least"}],
        entities=[{"text": "Khiam", "kind": "PLACE"}, {"text": "Hezbollah", "kind": "ORG"}, {"text": "Gallant", "kind": "PERSON"}],
        warnings=["[W003] example warning"],
    )
    strike = coded.events[0]
    he = find(text, "He \u201c")
    strike = dataclasses.replace(
        strike,
        actors=(dataclasses.replace(strike.actors[0], resolved_from=Span(0, 7), title="forces"),),
        location=Location(
            "Khiam, southern Lebanon",
            find(text, "Khiam, southern Lebanon"),
            name="Khiam",
            lat=33.3286,
            lon=35.6114,
            country="LBN",
            adm1="Nabatieh",
            precision="city",
            source="event",
        ),
    )
    article = coded.article.with_(authors=("Jewish Press Staff", "David Israel"), language="en", origin="feed.xml#3")
    return dataclasses.replace(
        coded,
        article=article,
        events=(strike, coded.events[1]),
        blocks=(Block("headline", Span(0, 10)), Block("body", Span(11, len(text)))),
        quotes=(dataclasses.replace(coded.quotes[0], verb_span=Span(he.start, he.start + 2)),),
    )


def corpus() -> list[CodedArticle]:
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    pair_articles = {}
    for p in pairs[:14]:
        for side in ("a", "b"):
            coded = from_spec(p[side])
            pair_articles.setdefault(coded.article.text_hash, coded)  # some pairs share an article
    return [rich_article(), *synthetic(40, seed=21), *pair_articles.values()]


# -- reading exports back -------------------------------------------------------------


def typed(value: Any, t: pa.DataType) -> Any:
    """A CSV cell (text, or None for an empty cell) as the value of its Arrow type."""
    if value is None:
        return None
    if pa.types.is_integer(t):
        return int(value)
    if pa.types.is_floating(t):
        return float(value)
    if pa.types.is_boolean(t):
        return value == "true"
    if pa.types.is_date(t):
        return dt.date.fromisoformat(str(value)[:10])
    if pa.types.is_timestamp(t):
        return dt.datetime.fromisoformat(str(value))
    if pa.types.is_list(t) or pa.types.is_struct(t):
        return json.loads(value)
    return value


def coded_articles_from_tables(tables: dict[str, list[dict[str, Any]]]) -> dict[str, CodedArticle]:
    """Rebuild every coded article from exported rows of the articles, events,
    quotes, counts and entities tables."""
    out = {}
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name in ("events", "quotes", "counts", "entities"):
        grouped[name] = {}
        for row in tables[name]:
            grouped[name].setdefault(row["article_id"], []).append(row)
    for row in tables["articles"]:
        aid = row["article_id"]
        events = sorted(grouped["events"].get(aid, []), key=lambda r: r["seq"])
        out[aid] = CodedArticle(
            article=_rows.article_from_row(row),
            events=tuple(_rows.event_from_row(r, r["actors"], r["recipients"]) for r in events),
            quotes=tuple(_rows.quote_from_row(r) for r in sorted(grouped["quotes"].get(aid, []), key=lambda r: r["ord"])),
            counts=tuple(_rows.count_from_row(r) for r in sorted(grouped["counts"].get(aid, []), key=lambda r: r["ord"])),
            entities=tuple(_rows.entity_from_row(r) for r in sorted(grouped["entities"].get(aid, []), key=lambda r: r["ord"])),
            sentences=_rows.sentences_from_json(row["sentences"]),
            blocks=_rows.blocks_from_json(row["blocks"]),
            warnings=tuple(row["warnings"] or ()),
            schema_version=row["coded_schema"],
        )
    return out


def same_actor(a: Actor, data: dict[str, Any]) -> bool:
    return (
        data["name"] == a.name
        and data["country"] == a.country
        and data["span"] == [a.span.start, a.span.end]
        and data["text"] == a.text
        and tuple(data["sectors"]) == a.sectors
    )
