"""``dotterel export``: every format to a file or standard output."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.export import GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS
from dotterel.store import open_store
from dotterel.store.testing import synthetic


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "export.duckdb"
    with open_store(path) as store:
        store.write(synthetic(30, seed=33))
    return path


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


def test_gdelt_to_stdout(db: Path) -> None:
    code, out, _ = run("export", "--db", str(db), "--format", "gdelt-events")
    assert code == 0
    frame = pd.read_csv(io.BytesIO(out), sep="\t", header=None, dtype=str)
    assert frame.shape[1] == len(GDELT_EVENT_COLUMNS) == 61
    code, out, _ = run("export", "--db", str(db), "--format", "gdelt-mentions")
    assert pd.read_csv(io.BytesIO(out), sep="\t", header=None, dtype=str).shape[1] == len(GDELT_MENTION_COLUMNS) == 16


def test_files_and_filters(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "assault.jsonl"
    code, _, err = run("export", "--db", str(db), "--format", "plover-jsonl", "--type", "ASSAULT", "-o", str(target))
    assert code == 0 and "Wrote" in err
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert records and {r["event"] for r in records} == {"ASSAULT"}
    code, _, _ = run("export", "--db", str(db), "--format", "csv", "--table", "counts", "-o", str(tmp_path / "c.csv"))
    assert code == 0 and len(pd.read_csv(tmp_path / "c.csv")) == 30


def test_parquet_directory(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "events"
    code, _, err = run("export", "--db", str(db), "--format", "parquet", "-o", str(target))
    assert code == 0, err
    assert all(p.name.startswith("event_date=") for p in target.iterdir())
    assert len(pd.read_parquet(target)) == 90


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--format", "parquet"), "E231"),
        (("--format", "gdelt-events", "--table", "events"), "E234"),
    ],
)
def test_errors(db: Path, args: tuple[str, ...], code: str) -> None:
    exit_code, _, err = run("export", "--db", str(db), *args)
    assert exit_code == 2 and err.startswith(f"Error: [{code}]")
