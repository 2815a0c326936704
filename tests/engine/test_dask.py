"""The Dask engine on a LocalCluster (2 worker processes, 1 thread each), as in CI."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

from dotterel.engine import ParquetSink, dask_ingest, plan_partitions  # noqa: E402
from dotterel.engine._dask import Partition  # noqa: E402
from dotterel.engine.testing import CRASH_MARKER, StandInFactory, generated_articles, write_jsonl  # noqa: E402
from dotterel.errors import DotterelError  # noqa: E402
from dotterel.ingest import FieldMap, IngestOptions, ReadOptions, ingest  # noqa: E402
from dotterel.records import Article, Outcome  # noqa: E402

OPTIONS = IngestOptions(detect_language=False)


def _die_when_busy(dask_worker: Any) -> int:
    """Run on a worker: exit the process as soon as it is running a task."""

    def watch() -> None:
        time.sleep(0.2)  # let this call answer first
        for _ in range(2000):
            if dask_worker.state.executing_count:
                os._exit(1)
            time.sleep(0.005)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    return os.getpid()


def _pids(client: Any) -> set[int]:
    return set(client.run(os.getpid).values())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Text, a small JSON Lines file, and one large enough to be split into byte ranges."""
    articles = list(generated_articles(60))
    root = tmp_path / "news"
    root.mkdir()
    (root / "a.txt").write_text("Dock workers staged a protest in the port city on Monday over unpaid wages.\n")
    write_jsonl(root / "big.jsonl", articles)
    write_jsonl(root / "copy.jsonl", [articles[40], *generated_articles(3, start=100)])  # one copy from big.jsonl
    (root / "broken.jsonl").write_text('{"text": "fine, this one"}\n{not json\n')
    return root


def test_partitions_split_large_files_and_group_small_ones(folder: Path) -> None:
    plan = plan_partitions([folder, folder / "missing.txt"], options=ReadOptions(), partition_bytes=4000)
    parts = [p for p in plan if isinstance(p, Partition)]
    kinds = [piece.kind for part in parts for piece in part.pieces]
    assert kinds.count("lines") > 3  # big.jsonl in byte ranges
    assert {p.name for part in parts for p in part.pieces if p.kind == "file"} == {
        str(folder / n) for n in ("a.txt", "broken.jsonl", "copy.jsonl")
    }
    assert isinstance(plan[-1], Outcome) and plan[-1].reason == "not found: no such file or folder"
    assert [p.index for p in parts] == list(range(len(parts)))


def test_the_dask_run_gives_what_one_process_gives(dask_client, folder: Path, config) -> None:
    """Same documents, origins, statuses and duplicates as ``ingest`` in one process."""
    sources = [folder, folder / "missing.txt"]
    expected = list(ingest(sources, coder=StandInFactory()(config), options=OPTIONS, config=config))
    run = dask_ingest(
        sources, options=OPTIONS, config=config, client=dask_client, coder_factory=StandInFactory(), partition_bytes=4000
    )
    outcomes = list(run)
    assert run.partitions_done == run.partitions_total > 5
    assert [(o.origin, o.status, o.duplicate_of) for o in outcomes] == [
        (o.origin, o.status, o.duplicate_of) for o in expected
    ]
    # the copy in copy.jsonl (a later partition) is linked to the first copy, in big.jsonl
    duplicates = [o for o in outcomes if o.status == "duplicate"]
    assert [o.origin for o in duplicates] == [f"{folder / 'copy.jsonl'}:1"]
    assert duplicates[0].duplicate_of == "gen-0000040"
    report = run.report
    assert (report.documents, report.coded, report.duplicate_count, report.failed_count) == (
        len(expected), sum(o.status == "coded" for o in expected), 1, 2,
    )  # fmt: skip


def test_parquet_input_is_read_by_row_groups(dask_client, tmp_path: Path, config) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    articles = list(generated_articles(30))
    table = pa.Table.from_pylist([{"id": a.id, "body": a.text, "date": a.published.isoformat()} for a in articles])
    pq.write_table(table, tmp_path / "rows.parquet", row_group_size=4)
    plan = plan_partitions([tmp_path], partition_bytes=2000)
    assert len(plan) > 2
    options = IngestOptions(detect_language=False, read=ReadOptions(fields=FieldMap(text="body")))
    outcomes = list(
        dask_ingest([tmp_path], options=options, config=config, client=dask_client, coder_factory=StandInFactory(),
                    partition_bytes=2000)  # fmt: skip
    )
    assert [o.origin for o in outcomes] == [f"{tmp_path / 'rows.parquet'}#{i}" for i in range(1, 31)]
    assert [o.article.id for o in outcomes] == [a.id for a in articles]
    assert [o.article.published for o in outcomes] == [a.published for a in articles]


def test_a_worker_killed_mid_run_loses_nothing_and_codes_nothing_twice(dask_client, tmp_path: Path, config) -> None:
    articles = list(generated_articles(80))
    write_jsonl(tmp_path / "news.jsonl", articles)
    before = _pids(dask_client)
    run = dask_ingest(
        [tmp_path], options=OPTIONS, config=config, client=dask_client, coder_factory=StandInFactory(delay=0.01),
        partition_bytes=3000,
    )  # fmt: skip
    outcomes = []
    for outcome in run:
        outcomes.append(outcome)
        if len(outcomes) == 1:  # the first partition is back: kill a worker while it codes
            victim = sorted(dask_client.scheduler_info()["workers"])[0]
            dask_client.run(_die_when_busy, workers=[victim])
    dask_client.wait_for_workers(2, timeout=60)
    assert _pids(dask_client) != before  # a worker was replaced
    ids = [o.article.id for o in outcomes]
    assert ids == [a.id for a in articles]  # each once, in order
    assert {o.status for o in outcomes} == {"coded"}
    assert run.report.coded == 80


def test_an_article_that_kills_workers_fails_alone(dask_client, tmp_path: Path, config) -> None:
    articles = list(generated_articles(24))
    articles[10] = Article(text=f"A poison pill {CRASH_MARKER} in the news.", id="poison")
    write_jsonl(tmp_path / "news.jsonl", articles)
    run = dask_ingest(
        [tmp_path], options=OPTIONS, config=config, client=dask_client, coder_factory=StandInFactory(),
        partition_bytes=2500,
    )  # fmt: skip
    outcomes = list(run)
    dask_client.wait_for_workers(2, timeout=60)
    assert [o.article.id for o in outcomes] == [a.id for a in articles]
    assert outcomes[10].status == "failed"
    assert outcomes[10].reason == "worker crashed while coding it (KilledWorker)"
    assert outcomes[10].origin == f"{tmp_path / 'news.jsonl'}:11"
    assert [o.status for i, o in enumerate(outcomes) if i != 10] == ["coded"] * 23
    assert run.isolated >= 1  # (a partition queued behind it on that worker may be blamed too)


def test_results_go_to_partitioned_parquet(dask_client, folder: Path, tmp_path: Path, config) -> None:
    import pyarrow.dataset as ds

    run = dask_ingest(
        [folder], options=OPTIONS, config=config, client=dask_client, coder_factory=StandInFactory(), partition_bytes=4000
    )
    with ParquetSink(tmp_path / "out", flush_rows=25) as sink:
        outcomes = list(sink.tee(run))
    coded = [o for o in outcomes if o.status == "coded"]
    events = ds.dataset(tmp_path / "out" / "events", format="parquet", partitioning="hive").to_table()
    articles = ds.dataset(tmp_path / "out" / "articles", format="parquet", partitioning="hive").to_table()
    failures = ds.dataset(tmp_path / "out" / "failures", format="parquet").to_table()
    assert sorted(articles.column("article_id").to_pylist()) == sorted(o.coded.article.id for o in coded)
    assert events.num_rows == sum(len(o.coded.events) for o in coded)
    assert set(events.column("type").to_pylist()) == {"PROTEST"}
    assert sorted(failures.column("status").to_pylist()) == ["duplicate", "failed"]
    assert len(list((tmp_path / "out" / "events").glob("event_date=*"))) > 10
    assert sink.rows == {"articles": len(coded), "events": events.num_rows, "failures": 2}
    with pytest.raises(DotterelError) as caught:
        ParquetSink(tmp_path / "out")
    assert caught.value.code == "E606"


@pytest.mark.parametrize("source", ["https://example.org/feed.xml", "-"])
def test_urls_and_standard_input_are_refused(source: str) -> None:
    with pytest.raises(DotterelError) as caught:
        plan_partitions([source])
    assert caught.value.code == "E603"


def test_an_unreachable_scheduler_is_a_coded_error(tmp_path: Path, config) -> None:
    (tmp_path / "a.txt").write_text("Some news.")
    with pytest.raises(DotterelError) as caught:
        dask_ingest([tmp_path], config=config, scheduler="tcp://127.0.0.1:9", connect_timeout=1)
    assert caught.value.code == "E605"


def test_the_real_pipeline_on_the_cluster_with_a_worker_killed(dask_client, tmp_path: Path) -> None:
    """The model loaded once per worker; a worker killed mid-run; the records one process gives."""
    from dotterel.config import load_config
    from dotterel.pipeline import Coder
    from dotterel.samples import sample_articles

    config = load_config(batch_size=4)
    write_jsonl(tmp_path / "samples.jsonl", sample_articles())
    expected = list(ingest([tmp_path], coder=Coder(config.replace(learn_people=False)), options=OPTIONS, config=config))
    run = dask_ingest([tmp_path], options=OPTIONS, config=config, client=dask_client, partition_bytes=6000)
    run.warm()
    outcomes = []
    for outcome in run:
        outcomes.append(outcome)
        if len(outcomes) == 1:
            victim = sorted(dask_client.scheduler_info()["workers"])[0]
            dask_client.run(_die_when_busy, workers=[victim])
    dask_client.wait_for_workers(2, timeout=60)
    assert [o.origin for o in outcomes] == [o.origin for o in expected]
    assert [o.status for o in outcomes] == ["coded"] * len(expected)
    assert [o.coded for o in outcomes] == [o.coded for o in expected]
    assert all(0 < mb < 1024 for mb in run.worker_memory().values())
