"""CSV (one file, nested columns as JSON text) and Parquet (a hive-partitioned directory)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.dataset as ds

__all__ = ["write_csv", "write_parquet"]


def _nested(t: pa.DataType) -> bool:
    return pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_struct(t) or pa.types.is_map(t)


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _flat_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema([pa.field(f.name, pa.string()) if _nested(f.type) else f for f in schema])


def _flatten(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    columns = []
    for field, column in zip(batch.schema, batch.columns):
        if _nested(field.type):
            column = pa.array(
                [None if v is None else json.dumps(v, ensure_ascii=False, default=_default) for v in column.to_pylist()],
                pa.string(),
            )
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def write_csv(reader: pa.RecordBatchReader, out: BinaryIO) -> int:
    """CSV with a header; list and struct columns hold JSON text."""
    schema = _flat_schema(reader.schema)
    n = 0
    with pa_csv.CSVWriter(out, schema) as writer:
        for batch in reader:
            writer.write_batch(_flatten(batch, schema))
            n += batch.num_rows
    return n


def write_parquet(reader: pa.RecordBatchReader, directory: Path, *, partition: str) -> int:
    """A directory of Parquet files partitioned by ``partition`` (``partition=YYYY-MM-DD/``)."""
    counted = 0

    def counting() -> Any:
        nonlocal counted
        for batch in reader:
            counted += batch.num_rows
            yield batch

    source = pa.RecordBatchReader.from_batches(reader.schema, counting())
    field = reader.schema.field(partition)
    ds.write_dataset(
        source,
        str(directory),
        format="parquet",
        partitioning=ds.partitioning(pa.schema([field]), flavor="hive"),
        basename_template="part-{i}.parquet",
        existing_data_behavior="overwrite_or_ignore",
        max_partitions=1_000_000,
    )
    return counted
