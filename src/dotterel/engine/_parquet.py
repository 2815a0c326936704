"""Outcomes to a folder of partitioned Parquet tables (``--output DIR``).

============  =======================================================  ======================
table         one row per                                              partitioned by
============  =======================================================  ======================
``events``    coded event (the store's ``events`` columns, plus the     ``event_date=YYYY-MM-DD``
              first actor and recipient, all of them as JSON, and the
              article's publisher, URL, title and publication day)
``articles``  coded article (the store's ``articles`` columns, plus     ``published=YYYY-MM-DD``
              its number of events and the copy it links to)
``failures``  document not coded: skipped, failed or duplicate (the      none
              store's ``failures`` columns)
============  =======================================================  ======================

Rows are buffered and written every ``flush_rows`` rows as new files
(``part-NNNNN-I.parquet``), so memory stays flat however long the run. The column
names and meanings are the store's (``docs/store.md``); rows are built by the store's
own row functions. Read the folder with pandas, pyarrow, DuckDB or Spark::

    duckdb -c "SELECT type, count(*) FROM read_parquet('out/events/**/*.parquet', hive_partitioning=true) GROUP BY 1"
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from dotterel.engine._errors import EngineErrors
from dotterel.errors import DotterelError
from dotterel.records import Actor, Outcome, record_to_dict, text_hash

__all__ = ["ParquetSink", "TABLE_PARTITION"]

#: The column each table is partitioned by (``None``: not partitioned).
TABLE_PARTITION: dict[str, str | None] = {"events": "event_date", "articles": "published", "failures": None}


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    s, i, f, d = pa.string(), pa.int64(), pa.float64(), pa.date32()
    ts = pa.timestamp("us")
    strings = pa.list_(pa.string())
    articles = [
        ("article_id", s), ("text_hash", s), ("seq", i), ("text", s), ("title", s), ("publisher", s), ("url", s),
        ("published", d), ("language", s), ("authors", strings), ("origin", s), ("source_name", s),
        ("sentences", s), ("blocks", s), ("warnings", strings), ("coded_schema", s), ("added_at", ts),
        ("events", i), ("duplicate_of", s),
    ]  # fmt: skip
    events = [
        ("event_id", s), ("article_id", s), ("seq", i), ("local_id", s), ("type", s), ("cameo", s),
        ("quad_class", i), ("intensity", f), ("mode", s), ("contexts", strings), ("modality", s),
        ("modality_cue_start", i), ("modality_cue_end", i), ("confidence", f), ("source", s),
        ("trigger_start", i), ("trigger_end", i), ("trigger_text", s), ("sentence", i), ("sentence_start", i),
        ("sentence_end", i), ("date_start", d), ("date_end", d), ("date_precision", s), ("date_text", s),
        ("date_span_start", i), ("date_span_end", i), ("location_text", s), ("location_span_start", i),
        ("location_span_end", i), ("location_name", s), ("location_lat", f), ("location_lon", f),
        ("location_country", s), ("location_adm1", s), ("location_precision", s), ("location_source", s),
        ("attribution_text", s), ("attribution_start", i), ("attribution_end", i), ("attribution_verb", s),
        ("attribution_actor", s), ("event_date", d),
        ("actor_code", s), ("actor_name", s), ("actor_country", s),
        ("recipient_code", s), ("recipient_name", s), ("recipient_country", s),
        ("actors", s), ("recipients", s),
        ("source_name", s), ("url", s), ("title", s), ("published", d),
    ]  # fmt: skip
    failures = [
        ("failure_id", s), ("origin", s), ("article_id", s), ("status", s), ("stage", s), ("reason", s),
        ("duplicate_of", s), ("recorded_at", ts),
    ]  # fmt: skip
    return {name: pa.schema(fields) for name, fields in (("articles", articles), ("events", events), ("failures", failures))}


def _actors_json(actors: tuple[Actor, ...]) -> str | None:
    return json.dumps([record_to_dict(a) for a in actors], ensure_ascii=False) if actors else None


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None, microsecond=0)


class ParquetSink:
    """Writes outcomes to ``directory`` as the ``events``, ``articles`` and ``failures`` tables.

    ``directory`` must be new or empty (``E606``). Use it as a context manager, or
    call :meth:`close` to write what is buffered. :meth:`tee` passes outcomes through
    while writing them.
    """

    def __init__(self, directory: str | os.PathLike[str], *, flush_rows: int = 50_000) -> None:
        self.directory = Path(directory)
        if self.directory.exists() and (not self.directory.is_dir() or any(self.directory.iterdir())):
            raise DotterelError(EngineErrors.E606, path=self.directory)  # type: ignore[arg-type]
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DotterelError(EngineErrors.E607, path=self.directory, reason=exc.strerror or str(exc)) from None  # type: ignore[arg-type]
        self.flush_rows = max(1, flush_rows)
        self._schemas = _schemas()
        self._rows: dict[str, list[dict[str, Any]]] = {name: [] for name in self._schemas}
        self._buffered = 0
        self._flushes = 0
        self._seq = 0
        self._started = _now()
        #: Rows written so far, by table.
        self.rows: dict[str, int] = {name: 0 for name in self._schemas}

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- rows ------------------------------------------------------------------------
    def add(self, outcome: Outcome) -> None:
        """Buffer the rows of one outcome (written every ``flush_rows`` rows)."""
        from dotterel.store import _rows

        coded = outcome.coded
        if outcome.status == "coded" and coded is not None:
            self._seq += 1
            article = coded.article
            row = _rows.article_row(
                coded, text_hash=text_hash(article.text), seq=self._seq, added_at=self._started, origin=outcome.origin
            )
            row["events"] = len(coded.events)
            row["duplicate_of"] = outcome.duplicate_of
            self._rows["articles"].append(row)
            source = _rows.source_name(article)
            for event_id, event in zip(_rows.event_ids(coded), coded.events):
                erow = _rows.event_row(event_id, self._seq, event, article, self._started)
                first, second = (event.actors[0] if event.actors else None), (event.recipients[0] if event.recipients else None)
                erow.update(
                    actor_code=first.code if first else None,
                    actor_name=first.name if first else None,
                    actor_country=first.country if first else None,
                    recipient_code=second.code if second else None,
                    recipient_name=second.name if second else None,
                    recipient_country=second.country if second else None,
                    actors=_actors_json(event.actors),
                    recipients=_actors_json(event.recipients),
                    source_name=source,
                    url=article.url,
                    title=article.title,
                    published=article.published,
                )
                self._rows["events"].append(erow)
            self._buffered += 1 + len(coded.events)
        else:
            article = outcome.article
            self._rows["failures"].append(
                _rows.failure_row(
                    status=outcome.status,
                    origin=outcome.origin if outcome.origin is not None else (article.origin if article else None),
                    article_id=article.id if article is not None else None,
                    stage=outcome.stage,
                    reason=outcome.reason if outcome.status != "coded" else "coded, but without its record",
                    duplicate_of=outcome.duplicate_of,
                    recorded_at=self._started,
                )
            )
            self._buffered += 1
        if self._buffered >= self.flush_rows:
            self.flush()

    def tee(self, outcomes: Iterable[Outcome]) -> Iterator[Outcome]:
        """Each outcome, after its rows are buffered."""
        for outcome in outcomes:
            self.add(outcome)
            yield outcome

    # -- files -----------------------------------------------------------------------
    def flush(self) -> None:
        """Write what is buffered as new files."""
        import pyarrow as pa
        import pyarrow.dataset as ds

        if not self._buffered:
            return
        basename = f"part-{self._flushes:05d}-{{i}}.parquet"
        try:
            for name, rows in self._rows.items():
                if not rows:
                    continue
                schema = self._schemas[name]
                table = pa.Table.from_pylist(rows, schema=schema)
                column = TABLE_PARTITION[name]
                ds.write_dataset(
                    table,
                    str(self.directory / name),
                    format="parquet",
                    partitioning=ds.partitioning(pa.schema([schema.field(column)]), flavor="hive") if column else None,
                    basename_template=basename,
                    existing_data_behavior="overwrite_or_ignore",
                    max_partitions=1_000_000,
                )
                self.rows[name] += len(rows)
                rows.clear()
        except OSError as exc:
            raise DotterelError(EngineErrors.E607, path=self.directory, reason=exc.strerror or str(exc)) from None  # type: ignore[arg-type]
        self._flushes += 1
        self._buffered = 0

    def close(self) -> None:
        """Write what is left."""
        self.flush()
