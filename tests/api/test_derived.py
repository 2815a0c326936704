"""The derived tables give the same answers as the joins, and follow writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dotterel.api import create_app
from tests.api.conftest import TOKEN, Client

FILTERS = [
    {},
    {"actor": "ISR"},
    {"recipient": "HEZBOLLAH"},
    {"party": "RUS"},
    {"type": "ASSAULT"},
    {"since": "2024-10-02"},
    {"modality": "asserted"},
    {"text": "Tyre"},
    {"unit": "happenings"},
    {"unit": "happenings", "actor": "ISR"},
    {"unit": "happenings", "type": "ASSAULT", "until": "2024-10-01"},
]


@pytest.fixture(scope="module")
def both(store_path: Path):
    plain = Client(create_app(db_path=store_path, derived=False))
    fast = Client(create_app(db_path=store_path))
    fast.app.state.dotterel.pool.open()
    assert fast.app.state.dotterel.pool.derived.wait(30)
    yield plain, fast
    plain.close()
    fast.close()


@pytest.mark.parametrize("params", FILTERS)
@pytest.mark.parametrize("endpoint", ["/api/stats/dyads", "/api/geo"])
def test_same_answers(both, endpoint: str, params: dict) -> None:
    plain, fast = both
    a = plain.get(endpoint, params=params)
    b = fast.get(endpoint, params=params)
    assert a.status_code == b.status_code == 200
    assert a.json() == b.json()


def test_fast_path_is_used(both) -> None:
    _, fast = both
    pool = fast.app.state.dotterel.pool
    with pool.slot() as slot:
        assert slot.fast
        assert slot.con.execute("SELECT count(*) FROM dotterel_dash_events").fetchall()[0][0] == 9
        assert slot.con.execute("SELECT count(*) FROM dotterel_dash_happenings").fetchall()[0][0] == 6


def test_writes_refresh_the_derived_tables(fresh_store: Path) -> None:
    from tests.api.test_ingest import AUTH, TEXT, FakeCoder

    coder = FakeCoder()
    c = Client(create_app(db_path=fresh_store, ingest_token=TOKEN, coder_factory=lambda: coder))
    try:
        pool = c.app.state.dotterel.pool
        pool.open()
        assert pool.derived.wait(30)
        before = {(d["actor"], d["recipient"]): d["count"] for d in c.get("/api/stats/dyads").json()["dyads"]}
        assert c.post("/api/ingest", json={"text": TEXT, "published": "2024-10-07"}, headers=AUTH).status_code == 200
        # right after the write the joins answer; then the rebuilt tables do, the same
        after = {(d["actor"], d["recipient"]): d["count"] for d in c.get("/api/stats/dyads").json()["dyads"]}
        assert after[("ISR", "LBN")] == before[("ISR", "LBN")] + 1
        assert pool.derived.wait(30)
        with pool.slot() as slot:
            assert slot.fast
        again = {(d["actor"], d["recipient"]): d["count"] for d in c.get("/api/stats/dyads").json()["dyads"]}
        assert again == after
    finally:
        c.close()
