"""SIGKILL an ingest at random points, rerun it, and compare with a clean run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

WORKER = Path(__file__).with_name("sigkill_worker.py")
N, SEED, BATCH = 1200, 11, 40
KILLS = 10

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _spawn(db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(db), str(N), str(SEED), str(BATCH)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run_to_end(db: Path) -> str:
    proc = _spawn(db)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out


# Everything that must come out the same, without the times of writing.
_SNAPSHOT = {
    "articles": "SELECT article_id, text_hash, seq FROM articles ORDER BY seq",
    "events": "SELECT event_id, article_id, seq, type, cameo, event_date FROM events ORDER BY event_id",
    "actors": "SELECT event_id, role, ord, name, span_start, span_end FROM event_actors ORDER BY ALL",
    "mentions": "SELECT event_id, happening_id, status, reasons FROM mentions ORDER BY event_id",
    "happenings": (
        "SELECT happening_id, type, first_event_id, window_start, window_end, event_date, num_mentions,"
        " num_sources, num_articles, first_report, last_report FROM happenings ORDER BY happening_id"
    ),
    "keys": "SELECT key, happening_id FROM happening_keys ORDER BY ALL",
    "quotes": "SELECT article_id, ord, span_start FROM quotes ORDER BY ALL",
    "counts": "SELECT article_id, ord, number FROM counts ORDER BY ALL",
    "entities": "SELECT article_id, ord, text FROM entities ORDER BY ALL",
}


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in _SNAPSHOT.items()}
    finally:
        con.close()


def test_sigkill_at_random_points_then_rerun_loses_and_doubles_nothing(tmp_path: Path) -> None:
    rng = random.Random(20241001)
    killed_db = tmp_path / "killed.duckdb"
    kills = 0
    attempts = 0
    while kills < KILLS:
        attempts += 1
        assert attempts < 4 * KILLS, "the worker kept finishing before it could be killed"
        proc = _spawn(killed_db)
        wait_batches = rng.randrange(0, 4)  # 0: during start-up, opening or migrating
        if wait_batches == 0:
            time.sleep(rng.uniform(0.1, 0.8))
        else:
            # wait for batches that add articles (a rerun first skips those already stored)
            seen = 0
            assert proc.stdout is not None
            for line in proc.stdout:
                seen += line.startswith("batch") and "added=0 " not in line
                if seen >= wait_batches or line.startswith("done"):
                    break
            time.sleep(rng.uniform(0.0, 0.04))  # land inside the next transaction, or between two
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.communicate(timeout=60)

    final = _run_to_end(killed_db)
    assert "done" in final
    clean_db = tmp_path / "clean.duckdb"
    _run_to_end(clean_db)

    killed, clean = _snapshot(killed_db), _snapshot(clean_db)
    assert len(clean["articles"]) == N
    assert len(clean["events"]) == 3 * N
    for table in _SNAPSHOT:
        assert killed[table] == clean[table], f"{table} differs after {kills} kills"

    # no duplicate article by normalised text, no event without its article
    con = duckdb.connect(str(killed_db), read_only=True)
    try:
        assert con.execute("SELECT count(*) - count(DISTINCT text_hash) FROM articles").fetchall() == [(0,)]
        orphans = con.execute(
            "SELECT count(*) FROM events e LEFT JOIN articles a USING (article_id) WHERE a.article_id IS NULL"
        ).fetchall()
        assert orphans == [(0,)]
    finally:
        con.close()
