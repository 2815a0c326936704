"""Scaling out: several processes on one machine, or a Dask cluster.

- :func:`code_parallel` / :class:`ParallelCoder`: worker processes
  (``multiprocessing``, spawn or forkserver), the model loaded once per worker,
  bounded in-flight work, ordered or unordered output, and a worker crash turned
  into ``failed`` outcomes instead of a hang (``dotterel ingest --workers N``).
- :func:`dask_ingest`: the same stages on Dask (a ``LocalCluster`` or a scheduler's
  address): input partitions read on the workers, coded with a per-worker model
  cache, results streamed back in order and written to partitioned Parquet
  (:class:`ParquetSink`) and/or the store (``dotterel ingest --engine dask``).

See ``docs/scale.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dotterel.engine._errors import EngineErrors
from dotterel.engine._parallel import (
    START_METHODS,
    ParallelCoder,
    ParallelRun,
    WorkerStats,
    code_parallel,
    default_workers,
)
from dotterel.engine._worker import CoderFactory, code_chunk, default_factory, worker_coder

__all__ = [
    "EngineErrors",
    "code_parallel",
    "ParallelCoder",
    "ParallelRun",
    "WorkerStats",
    "START_METHODS",
    "default_workers",
    "CoderFactory",
    "code_chunk",
    "default_factory",
    "worker_coder",
    "dask_ingest",
    "DaskIngestion",
    "ParquetSink",
    "plan_partitions",
    "Partition",
    "code_partition",
    "outcome_bag",
    "PARQUET_READER",
]

if TYPE_CHECKING:  # pragma: no cover
    from dotterel.engine._dask import (
        PARQUET_READER,
        DaskIngestion,
        Partition,
        code_partition,
        dask_ingest,
        outcome_bag,
        plan_partitions,
    )
    from dotterel.engine._parquet import ParquetSink


def __getattr__(name: str) -> Any:  # Dask and pyarrow load on first use
    if name in ("dask_ingest", "DaskIngestion", "plan_partitions", "Partition", "code_partition", "outcome_bag",
                "PARQUET_READER"):
        from dotterel.engine import _dask

        return getattr(_dask, name)
    if name == "ParquetSink":
        from dotterel.engine._parquet import ParquetSink

        return ParquetSink
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
