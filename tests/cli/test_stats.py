"""``dotterel stats``: counts by type, dyad and day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.store import open_store
from dotterel.store.testing import synthetic


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "stats.duckdb"
    with open_store(path) as store:
        store.write(synthetic(40, seed=32))
    return path


def test_table(db: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--db", str(db), "--top", "3", "--days", "5"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "40 articles, 120 events" in out
    for title in ("by type", "by dyad", "by day", "by modality"):
        assert title in out


def test_json_matches_the_library(db: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--db", str(db), "--happenings", "--type", "ASSAULT", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    with open_store(db, read_only=True) as store:
        stats = store.stats(unit="happenings", types=("ASSAULT",))
    assert data["selected"] == stats.selected and data["unit"] == "happenings"
    assert set(data["by_type"]) <= {"ASSAULT"}
    assert sum(d["count"] for d in data["by_day"]) == stats.selected
