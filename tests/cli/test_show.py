"""``dotterel show``: a happening or event, its mentions and the evidence with spans marked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.store import open_store
from dotterel.store.testing import make_coded

DAY = {"value": "2024-10-01", "text": "Tuesday"}
ISR = {"name": "Israel", "text": "Israeli forces", "country": "ISR", "sectors": ["MIL"], "kind": "group"}
LBN = {"name": "Lebanon", "country": "LBN", "kind": "country"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "show.duckdb"
    a = make_coded(
        "Israeli forces struck Lebanon on Tuesday.",
        published="2024-10-01",
        publisher="Reuters",
        events=[{"type": "ASSAULT", "trigger": "struck", "actor": ISR, "recipient": LBN, "date": DAY, "location": "Lebanon"}],
    )
    b = make_coded(
        "On Tuesday Israeli forces struck targets in southern Lebanon.",
        published="2024-10-01",
        publisher="AP",
        events=[{"type": "ASSAULT", "trigger": "struck", "actor": ISR, "recipient": {**LBN, "text": "southern Lebanon"}, "date": DAY, "location": "southern Lebanon"}],
    )
    with open_store(path) as store:
        store.write([a, b])
    return path


def test_a_happening_with_marked_evidence(db: Path) -> None:
    with open_store(db, read_only=True) as store:
        (h,) = store.events(unit="happenings")
    result = CliRunner().invoke(main, ["show", str(h.id), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"Happening {h.id}: ASSAULT (190) on 2024-10-01" in out
    assert "2 mentions, 2 sources, 2 articles" in out
    assert "[Israeli forces]{actor} [struck]{trigger} [Lebanon]{recipient} on [Tuesday]{date}." in out
    assert "merge: joined: same type ASSAULT" in out and "place 'southern Lebanon' ~ 'Lebanon'" in out


def test_an_event_by_id_as_json(db: Path) -> None:
    with open_store(db, read_only=True) as store:
        event_id = store.events(sort="id")[0].id
    result = CliRunner().invoke(main, ["show", event_id, "--db", str(db), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["focus"] == event_id and len(data["mentions"]) == 2
    assert all("]{trigger}" in m["marked"] for m in data["mentions"])


def test_an_unknown_id(db: Path) -> None:
    result = CliRunner().invoke(main, ["show", "12345", "--db", str(db)])
    assert result.exit_code == 2 and "[E216]" in result.stderr
