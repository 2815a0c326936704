"""``dotterel ingest --workers N``, ``--unordered``, ``--engine dask``, ``--output`` (stand-in coders)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.engine.testing import StandInFactory, generated_articles, write_jsonl


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    """Workers (and the in-process coder) get the stand-in; chunks of 4 articles."""
    monkeypatch.setattr("dotterel.engine._worker.default_factory", StandInFactory())
    monkeypatch.setattr("dotterel.ingest._ingest._default_coder", lambda config: StandInFactory()(config))
    monkeypatch.setenv("DOTTEREL_BATCH_SIZE", "4")
    return CliRunner()


@pytest.fixture
def news(tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    write_jsonl(path, generated_articles(30))
    return path


def _records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def _pids(records: list[dict]) -> set[int]:
    return {int(r["warnings"][0].split()[1]) for r in records}


def test_two_workers_code_in_input_order(runner: CliRunner, news: Path) -> None:
    result = runner.invoke(main, ["ingest", str(news), "--language", "en", "--workers", "2", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = _records(result.stdout)
    assert [r["article"]["id"] for r in records] == [f"gen-{i:07d}" for i in range(30)]
    assert os.getpid() not in _pids(records)
    assert "coded            30" in result.stderr


@pytest.mark.parametrize("options", [["--workers", "1"], []])
def test_one_worker_or_a_small_input_codes_in_this_process(runner: CliRunner, tmp_path: Path, options) -> None:
    path = tmp_path / "few.jsonl"
    write_jsonl(path, generated_articles(4 if not options else 9))
    result = runner.invoke(main, ["ingest", str(path), "--language", "en", "--format", "jsonl", *options])
    assert result.exit_code == 0, result.output
    assert _pids(_records(result.stdout)) == {os.getpid()}


def test_unordered_accounts_for_every_document(runner: CliRunner, news: Path) -> None:
    result = runner.invoke(
        main, ["ingest", str(news), "--language", "en", "--workers", "2", "--unordered", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(r["article"]["id"] for r in _records(result.stdout)) == [f"gen-{i:07d}" for i in range(30)]
    assert "coded            30" in result.stderr


def test_dask_engine_writes_parquet(runner: CliRunner, news: Path, tmp_path: Path) -> None:
    import pyarrow.dataset as ds

    out = tmp_path / "out"
    result = runner.invoke(
        main, ["ingest", str(news), "--language", "en", "--engine", "dask", "--workers", "2", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # --output alone prints nothing on standard output
    assert f"Parquet {out}: 30 articles, 30 events, 0 documents not coded." in result.stderr
    assert "coded            30" in result.stderr
    articles = ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table()
    assert sorted(articles.column("article_id").to_pylist()) == [f"gen-{i:07d}" for i in range(30)]
    assert ds.dataset(out / "events", format="parquet", partitioning="hive").count_rows() == 30


def test_dask_engine_writes_the_store(runner: CliRunner, news: Path, tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "news.duckdb"
    result = runner.invoke(
        main, ["ingest", str(news), "--language", "en", "--engine", "dask", "--workers", "2", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    assert "30 articles added" in result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (30,)


@pytest.mark.parametrize(
    ("options", "code"),
    [
        (["--workers", "0"], "E600"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "E609"),
        (["--engine", "dask", "-"], "E603"),
    ],
)
def test_bad_requests_are_coded_errors(runner: CliRunner, news: Path, options, code: str) -> None:
    result = runner.invoke(main, ["ingest", str(news), *options], input="some text")
    assert result.exit_code == 2, result.output
    assert f"[{code}]" in result.stderr


def test_output_folder_must_be_new_or_empty(runner: CliRunner, news: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.txt").write_text("x")
    result = runner.invoke(main, ["ingest", str(news), "--workers", "1", "--output", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "[E606]" in result.stderr
