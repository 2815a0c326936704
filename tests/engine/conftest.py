"""Fixtures of the engine tests: a stand-in configuration and one local Dask cluster."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from dotterel.config import load_config


@pytest.fixture
def config() -> Any:
    """Small chunks, so a few articles make several tasks."""
    return load_config(batch_size=4)


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A LocalCluster as in CI: 2 worker processes with 1 thread each (and its client).

    A task that killed one worker is taken for a poison pill (``KilledWorker``)
    after one retry instead of three, to keep the tests short.
    """
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL
    )
    cluster.scheduler.allowed_failures = 1
    client = distributed.Client(cluster, set_as_default=False)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
