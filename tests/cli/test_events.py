"""``dotterel events``: filters, units and output formats over a store file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.store import open_store
from dotterel.store.testing import synthetic


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "events.duckdb"
    with open_store(path) as store:
        store.write(synthetic(60, seed=31))
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_table_lists_events(db: Path) -> None:
    code, out, err = run("events", "--db", str(db), "--limit", "5")
    assert code == 0, err
    assert "evidence" in out and "5 events" in err


def test_json_with_filters(db: Path) -> None:
    code, out, _ = run("events", "--db", str(db), "--type", "assault", "--actor", "ISR", "--format", "json", "--limit", "0")
    assert code == 0
    rows = json.loads(out)
    with open_store(db, read_only=True) as store:
        expected = {s.id for s in store.events(types=("ASSAULT",), actor="ISR")}
    assert {r["id"] for r in rows} == expected
    assert all(r["event"]["type"] == "ASSAULT" for r in rows)


def test_jsonl_happenings_sorted_by_mentions(db: Path) -> None:
    code, out, _ = run("events", "--db", str(db), "--happenings", "--sort", "-mentions", "--limit", "3", "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 3
    counts = [r["num_mentions"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_csv_is_the_events_table(db: Path) -> None:
    code, out, _ = run("events", "--db", str(db), "--format", "csv", "--modality", "hypothetical", "--limit", "0")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert len(frame) > 0 and set(frame.modality) == {"hypothetical"}
    assert {"event_id", "actors", "recipients", "sentence_text"} <= set(frame.columns)


def test_since_until_and_text(db: Path) -> None:
    code, out, _ = run(
        "events", "--db", str(db), "--since", "2024-03-01", "--until", "2024-03-31", "--format", "json", "--limit", "0"
    )
    assert code == 0
    assert all("2024-03-01" <= r["event_date"] <= "2024-03-31" for r in json.loads(out))
    code, out, _ = run("events", "--db", str(db), "--text", "Kharkiv", "--format", "json", "--limit", "0")
    assert code == 0 and all("Kharkiv" in r["sentence_text"] for r in json.loads(out))


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--since", "2024-02-30"), "E007"),
        (("--sort", "-mentions"), "E213"),
        (("--since", "2024-03-02", "--until", "2024-03-01"), "E214"),
    ],
)
def test_errors_are_one_clean_line(db: Path, args: tuple[str, ...], code: str) -> None:
    exit_code, out, err = run("events", "--db", str(db), *args)
    assert exit_code == 2
    assert err.startswith(f"Error: [{code}]") and "Traceback" not in err


def test_a_missing_store(tmp_path: Path) -> None:
    exit_code, _, err = run("events", "--db", str(tmp_path / "none.duckdb"))
    assert exit_code == 2 and "[E201]" in err
