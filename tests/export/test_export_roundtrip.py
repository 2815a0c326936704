"""Round trips: coded articles -> store -> export -> read back with pandas,
pyarrow and DuckDB, with nothing lost."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from dotterel.export import FORMATS, export
from dotterel.records import CodedArticle, Modality
from dotterel.store import EventFilter, Store, StoreError, open_store
from tests.export.export_corpus import coded_articles_from_tables, corpus, same_actor, typed

ARTICLE_TABLES = ("articles", "events", "quotes", "counts", "entities")


@pytest.fixture(scope="module")
def articles() -> list[CodedArticle]:
    return corpus()


@pytest.fixture(scope="module")
def store(articles: list[CodedArticle]) -> Iterator[Store]:
    with open_store(":memory:") as s:
        report = s.write(articles)
        assert report.added == len(articles)
        yield s


def _read_csv(data: bytes, schema: pa.Schema) -> list[dict[str, Any]]:
    """Read our CSV back with pyarrow (every cell as text), then type each cell."""
    table = pa_csv.read_csv(
        io.BytesIO(data),
        convert_options=pa_csv.ConvertOptions(
            column_types={f.name: pa.string() for f in schema},
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )
    assert table.column_names == schema.names
    return [{f.name: typed(row[f.name], f.type) for f in schema} for row in table.to_pylist()]


def test_csv_tables_rebuild_every_coded_article(store: Store, articles: list[CodedArticle]) -> None:
    tables = {}
    for name in ARTICLE_TABLES:
        out = io.BytesIO()
        report = export(store, "csv", out, table=name)
        tables[name] = _read_csv(out.getvalue(), store.table(name).schema)
        assert report.rows == len(tables[name])
        frame = pd.read_csv(io.BytesIO(out.getvalue()), dtype=str, keep_default_na=False)  # pandas reads it too
        assert len(frame) == report.rows
    rebuilt = coded_articles_from_tables(tables)
    assert len(rebuilt) == len(articles)
    for a in articles:
        assert rebuilt[a.article.id] == a


def test_parquet_tables_rebuild_every_coded_article(store: Store, articles: list[CodedArticle], tmp_path: Path) -> None:
    tables = {}
    for name in ARTICLE_TABLES:
        directory = tmp_path / name
        report = export(store, "parquet", directory, table=name)
        rows = pq.read_table(directory).to_pylist()  # pyarrow reads the partitioned directory
        assert report.rows == len(rows)
        date_column = "event_date" if name == "events" else "report_date"
        for row in rows:
            row[date_column] = typed(row[date_column], pa.date32())  # the partition value comes back as text
        tables[name] = rows
    rebuilt = coded_articles_from_tables(tables)
    for a in articles:
        assert rebuilt[a.article.id] == a


def test_parquet_is_partitioned_by_day_and_readable_by_pandas_and_duckdb(store: Store, tmp_path: Path) -> None:
    directory = tmp_path / "events"
    report = export(store, "parquet", directory)
    days = sorted(p.name for p in directory.iterdir())
    assert days and all(d.startswith("event_date=") and len(d) == len("event_date=2024-10-01") for d in days)
    expected_days = {f"event_date={s.event_date.isoformat()}" for s in store.events()}
    assert set(days) == expected_days
    frame = pd.read_parquet(directory)
    assert len(frame) == report.rows == store.counts()["events"]
    assert set(frame.event_id) == {s.id for s in store.events()}
    con = duckdb.connect()
    n = con.execute("SELECT count(*) FROM read_parquet(?, hive_partitioning = true)", [str(directory / "**" / "*.parquet")]).fetchall()
    assert n == [(report.rows,)]
    actors = con.execute(
        "SELECT a.name FROM (SELECT unnest(actors) AS a FROM read_parquet(?, hive_partitioning = true)) WHERE a.country = 'ISR'",
        [str(directory / "**" / "*.parquet")],
    ).fetchall()
    assert actors


def test_plover_jsonl_holds_every_event_actor_and_span(store: Store, articles: list[CodedArticle]) -> None:
    out = io.BytesIO()
    report = export(store, "plover-jsonl", out)
    frame = pd.read_json(io.BytesIO(out.getvalue()), lines=True, dtype=False)
    assert len(frame) == report.rows == sum(len(a.events) for a in articles)
    records = {r["id"]: r for r in map(json.loads, out.getvalue().decode("utf-8").splitlines())}
    for a in articles:
        for event in a.events:
            r = records[f"{a.article.id}:{event.id}"]
            assert (r["event"], r["cameo"], r["mode"], r["modality"]) == (event.type, event.cameo, event.mode, event.modality.value)
            assert r["text"]["trigger"] == {"text": event.trigger_text, "span": event.trigger.to_list()}
            assert len(r["actors"]) == len(event.actors) and len(r["recipients"]) == len(event.recipients)
            assert all(same_actor(x, d) for x, d in zip(event.actors, r["actors"]))
            assert all(same_actor(x, d) for x, d in zip(event.recipients, r["recipients"]))
            assert r["context"] == list(event.contexts)
            if event.date is not None:
                assert r["date_range"]["start"] == (event.date.start.isoformat() if event.date.start else None)
            if event.location is not None:
                assert r["location"]["span"] == (event.location.span.to_list() if event.location.span else None)
            assert r["source"]["article_id"] == a.article.id
            assert (r["happening"] is not None) == (event.modality is Modality.ASSERTED)
            sentence = r["text"]["sentence"]
            assert sentence["text"] == a.article.text[sentence["span"][0] : sentence["span"][1]]


def test_the_other_tables_export_whole(store: Store, tmp_path: Path) -> None:
    counts = store.counts()
    for name, n in (("happenings", counts["happenings"]), ("mentions", counts["mentions"]), ("failures", 0)):
        out = io.BytesIO()
        assert export(store, "csv", out, table=name).rows == n
    mentions = pd.read_csv(io.BytesIO(_csv(store, "mentions")), dtype=str, keep_default_na=False)
    assert set(mentions.columns) >= {"event_id", "happening_id", "status", "reasons", "sentence_text"}
    assert export(store, "parquet", tmp_path / "h", table="happenings").rows == counts["happenings"]


def _csv(store: Store, table: str, f: EventFilter | None = None) -> bytes:
    out = io.BytesIO()
    export(store, "csv", out, table=table, filter=f)
    return out.getvalue()


def test_filters_apply_to_exports(store: Store) -> None:
    events = pd.read_csv(io.BytesIO(_csv(store, "events", EventFilter(types=("ASSAULT",)))), dtype=str)
    assert set(events.type) == {"ASSAULT"}
    assert len(events) == len(store.events(types=("ASSAULT",)))
    quotes = pd.read_csv(io.BytesIO(_csv(store, "quotes", EventFilter(actor="IDF"))), dtype=str)
    with_idf = {s.article_id for s in store.events(actor="IDF")}
    assert len(with_idf) == 2 and 0 < len(set(quotes.article_id)) <= len(with_idf)  # one of them has no quotes
    assert set(quotes.article_id) <= with_idf


def test_export_errors(store: Store, tmp_path: Path) -> None:
    cases = [
        (lambda: export(store, "xml", io.BytesIO()), "E230"),
        (lambda: export(store, "parquet", io.BytesIO()), "E231"),
        (lambda: export(store, "gdelt-events", io.BytesIO(), table="events"), "E234"),
        (lambda: export(store, "csv", io.BytesIO(), table="nope"), "E219"),
        (lambda: export(store, "csv", tmp_path / "no" / "such.csv"), "E233"),
    ]
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    cases.append((lambda: export(store, "parquet", full), "E232"))
    for call, code in cases:
        with pytest.raises(StoreError) as err:
            call()
        assert err.value.code == code
    assert set(FORMATS) == {"plover-jsonl", "gdelt-events", "gdelt-mentions", "csv", "parquet"}
